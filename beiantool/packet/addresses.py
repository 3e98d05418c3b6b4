"""IP addresses, ranges and CIDR blocks as the forms write them, and the word for “no fixed address”.

The range syntax: a single address, ``start-end`` (also ``202.96.100.1-14``), or CIDR; parsed
through the standard library's ipaddress. Checks (checks/network.py), the view's fixed-IP fact
and the forms all read addresses through this one parser.
"""

from __future__ import annotations

import ipaddress
from typing import Optional, Union
from beiantool.base.record import record
from beiantool.base.lazyre import lazy

IP = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
NONE_WORDS = {"无", "没有", "none", "n/a", "-"}
# 没有固定 IP（ADSL、拨号等动态地址）：ip_ranges 写 dynamic（也认“动态IP”“无固定IP”“无”），表上印 DYNAMIC_TEXT
DYNAMIC = "dynamic"
DYNAMIC_WORDS = {"dynamic", "动态ip", "动态地址", "无固定ip", "没有固定ip", "无", "没有"}
DYNAMIC_TEXT = "动态IP（无固定IP地址）"
_RANGE_SEP = lazy(r"\s*(?:-|~|～|—|－|–)\s*")


@record(frozen=True)
class Block:
    first: IP
    last: IP
    cidr: Optional[ipaddress._BaseNetwork] = None
    host_bits: bool = False  # a CIDR written with host bits set, e.g. 10.0.0.1/24

    def contains(self, ip: IP) -> bool:
        return ip.version == self.first.version and self.first <= ip <= self.last


class BadBlock(ValueError):
    pass


def parse_block(value: str) -> Block:
    """One address, range or CIDR block as the forms write them; BadBlock with a Chinese reason."""
    value = value.strip()
    if "/" in value:
        try:
            strict = ipaddress.ip_network(value, strict=True)
            return Block(strict[0], strict[-1], strict)
        except ValueError:
            pass
        try:
            loose = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise BadBlock("不是有效的 CIDR 网段（如 202.96.100.0/28）") from None
        return Block(loose[0], loose[-1], loose, host_bits=True)
    parts = _RANGE_SEP.split(value)
    if len(parts) == 1:
        ip = _address(parts[0])
        return Block(ip, ip)
    if len(parts) != 2:
        raise BadBlock("范围应写成“起始地址-结束地址”")
    first = _address(parts[0])
    end = parts[1]
    if first.version == 4 and end.isdigit():  # 202.96.100.1-14
        end = str(first).rsplit(".", 1)[0] + "." + end
    last = _address(end)
    if first.version != last.version:
        raise BadBlock("起止地址一个是 IPv4、一个是 IPv6")
    return Block(first, last)


def _address(value: str) -> IP:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        raise BadBlock(f"“{value.strip()}”不是有效的 IP 地址") from None
