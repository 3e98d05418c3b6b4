"""The one condition language of the rule sets, and its one evaluator.

A condition says when something applies to a filer: a checklist item, a form, an office's
reading of 接入单位, a required field. Its keys are facts of the packet (单位性质、服务性质、
有网站、固定IP……), plus ``fields``: packet paths, or a named fact, with the values that make it
hold (``{unit.type: [individual]}``, ``{fixed_ip: [true]}``). Every given key must hold.
``holds`` answers True, False, or None when the packet cannot tell.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from beiantool.base.enums import ServiceNature, SpecialContent, UnitType
from beiantool.packet.view import PacketView, get

# Facts a ``fields`` key may name besides packet paths (`when: {fixed_ip: [true]}`): the PacketView's attribute.
FACTS: dict[str, str] = {"fixed_ip": "fixed_ip", "has_sites": "has_sites"}


class Condition(BaseModel):
    """When something applies; every given key must hold."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when first validated, not at import

    unit_type: Optional[list[str]] = None
    not_unit_type: Optional[list[str]] = None
    service_nature: Optional[list[str]] = None
    not_service_nature: Optional[list[str]] = None
    commercial: Optional[bool] = None
    special_content: Optional[list[str]] = None
    has_sites: Optional[bool] = None
    unfiled_sites: Optional[bool] = Field(None, description="有还没有公安备案号（sites[].police_number）的网站")
    virtual_hosting: Optional[bool] = Field(None, description="提供虚拟主机服务的信息服务单位")
    fixed_ip: Optional[bool] = Field(None, description="使用固定IP地址（由 network.ip_ranges / access 判断）")
    manual: Optional[str] = Field(None, description="无法从备案文件判断，由填报人自行判断的条件")
    fields: dict[str, list[Any]] = Field(default_factory=dict, description="这些字段（路径，或 fixed_ip）取这些值之一；列表字段中任一项即可")


def _labels(enum, values) -> str:
    return "、".join(enum(v).label if v in enum._value2member_map_ else v for v in values)


def describe(cond: Condition) -> str:
    parts = []
    if cond.unit_type:
        parts.append(f"单位性质为{_labels(UnitType, cond.unit_type)}")
    if cond.not_unit_type:
        parts.append(f"单位性质不是{_labels(UnitType, cond.not_unit_type)}")
    if cond.service_nature:
        parts.append(f"服务性质含{_labels(ServiceNature, cond.service_nature)}")
    if cond.not_service_nature:
        parts.append(f"服务性质不含{_labels(ServiceNature, cond.not_service_nature)}")
    if cond.commercial is not None:
        parts.append("经营性" if cond.commercial else "非经营性")
    if cond.has_sites is not None:
        parts.append("有网站" if cond.has_sites else "没有网站")
    if cond.unfiled_sites is not None:
        parts.append("有网站还没有公安备案号" if cond.unfiled_sites else "网站都已有公安备案号")
    if cond.special_content:
        parts.append(f"网站涉及{_labels(SpecialContent, cond.special_content)}")
    if cond.virtual_hosting:
        parts.append("提供虚拟主机服务的信息服务单位")
    if cond.fixed_ip is not None:
        parts.append("使用固定IP地址" if cond.fixed_ip else "不使用固定IP地址")
    for key, wanted in cond.fields.items():
        parts.append(f"{key} 为 {'、'.join(str(w) for w in wanted)}")
    if cond.manual:
        parts.append(f"视情况：{cond.manual}")
    return "；".join(parts) or "所有备案者（单位和个人）"


def holds(cond: Condition, packet: dict | PacketView) -> Optional[bool]:
    """Whether a condition holds for a packet; None when the packet cannot tell."""
    view = packet if isinstance(packet, PacketView) else PacketView(packet)
    checks = [
        cond.unit_type is None or view.unit_type in cond.unit_type,
        cond.not_unit_type is None or view.unit_type not in cond.not_unit_type,
        cond.service_nature is None or bool(view.service_nature & set(cond.service_nature)),
        cond.not_service_nature is None or not (view.service_nature & set(cond.not_service_nature)),
        cond.commercial is None or view.commercial == cond.commercial,
        cond.has_sites is None or bool(view.sites) == cond.has_sites,
        cond.unfiled_sites is None or view.unfiled_sites == cond.unfiled_sites,
        cond.special_content is None or bool(view.special_content & set(cond.special_content)),
        _fields_hold(cond.fields, view),
    ]
    unknown = bool(cond.manual)
    for wanted, fact in ((cond.virtual_hosting, "virtual_hosting"), (cond.fixed_ip, "fixed_ip")):
        if wanted is None:
            continue
        actual = getattr(view, fact)
        if actual is None:
            unknown = True
        else:
            checks.append(actual == wanted)
    if not all(checks):
        return False
    return None if unknown else True


def _fields_hold(fields: dict[str, list[Any]], view: PacketView) -> bool:
    """Every path (or fact) has one of its values; for a list field (service_nature), any item counts."""
    def one(value: Any, allowed: list[Any]) -> bool:
        return any(v in allowed for v in value) if isinstance(value, list) else value in allowed

    def value_of(key: str) -> Any:
        return getattr(view, FACTS[key]) if key in FACTS else get(view.data, *key.split("."))

    return all(one(value_of(key), values) for key, values in fields.items())
