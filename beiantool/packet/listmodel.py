"""The packet's optional ``lists:`` block (customer lists of IDCs, ISPs and hosting providers).

Each list is a file name beside the packet or the rows themselves; what the rows may hold is
beiantool.packet.lists' business (the accepted headers are in each field's description). Kept apart
from model.py so that the packet model stays one screenful per section.
"""

from __future__ import annotations

from typing import Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

ListValue = Union[str, list[dict[str, Any]]]


def _list_field(key: str) -> Any:
    from beiantool.packet.lists import KINDS, accepted_headers

    kind = KINDS[key]
    return Field(None, title=f"{kind.title}名单", description=(
        f"名单文件（CSV：UTF-8、带 BOM 的 UTF-8 或 GBK；或 .xlsx 的第一个工作表；放在备案文件所在目录，写相对路径），"
        f"或直接写成列表（每项一行）。第一行是表头，可用：{accepted_headers(kind)}。{kind.note}"))


class Lists(BaseModel):
    """IDC、ISP 和虚拟主机服务商的客户名单：印在附表和打印合订本中，逐行校验。"""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, defer_build=True)  # built with the Packet's

    hosted_users: Optional[ListValue] = _list_field("hosted_users")
    access_users: Optional[ListValue] = _list_field("access_users")
    ip_allocation: Optional[ListValue] = _list_field("ip_allocation")
    servers: Optional[ListValue] = _list_field("servers")
    colocation_users: Optional[ListValue] = _list_field("colocation_users")
    machines: Optional[ListValue] = _list_field("machines")
