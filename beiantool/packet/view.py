"""The packet read as plain data, safely: every later layer reads a packet through these.

They never fail: a value of the wrong type reads as None (or as nothing), so one schema
error elsewhere stops no check, checklist or form; the schema reports it. ``PacketView``
holds the facts that conditions, checklists and forms ask of one packet, each read once.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Iterator, Optional

from beiantool.base.problem import Path
from beiantool.packet.addresses import DYNAMIC, BadBlock, parse_block


def get(data: Any, *keys: Any) -> Any:
    """Walk dicts and lists; None as soon as a step does not fit."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(data, list) or not -len(data) <= key < len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[key] if isinstance(key, int) else data.get(key)
    return data


def text(value: Any) -> Optional[str]:
    """The value as stripped text when it is text or a plain number, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        out = str(value).strip()
        return out or None
    return None


def items(data: Any, *keys: Any) -> Iterator[tuple[int, Any]]:
    """(index, item) of the list at keys; nothing if it is not a list."""
    seq = get(data, *keys)
    if isinstance(seq, list):
        yield from enumerate(seq)


def strings(data: Any, *keys: Any) -> Iterator[tuple[Path, str]]:
    """(path, text) of a text field or of every text item of a list field."""
    value = get(data, *keys)
    if isinstance(value, list):
        for i, item in enumerate(value):
            t = text(item)
            if t is not None:
                yield tuple(keys) + (i,), t
    else:
        t = text(value)
        if t is not None:
            yield tuple(keys), t


# Where persons stand in a packet, and what the role is called on the forms.
PERSON_SLOTS: tuple[tuple[tuple, str], ...] = (
    (("unit", "legal_representative"), "法人代表"),
    (("security", "lead"), "安全领导小组负责人"),
    (("security", "contact"), "安全管理部门联系人"),
    (("security", "emergency_contact"), "24小时应急联系人"),
)


def persons(packet: dict) -> Iterator[tuple[Path, dict, str]]:
    """Every person in the packet: (path, mapping, role label)."""
    for path, role in PERSON_SLOTS:
        person = get(packet, *path)
        if isinstance(person, dict):
            yield path, person, role
    for i, person in items(packet, "security", "officers"):
        if isinstance(person, dict):
            yield ("security", "officers", i), person, f"第{i + 1}名安全员"
    for i, site in items(packet, "sites"):
        person = get(site, "responsible")
        if isinstance(person, dict):
            yield ("sites", i, "responsible"), person, f"网站{i + 1}负责人"


def sites(packet: dict) -> Iterator[tuple[int, dict]]:
    for i, site in items(packet, "sites"):
        if isinstance(site, dict):
            yield i, site


def unit_type(packet: dict) -> Optional[str]:
    return text(get(packet, "unit", "type"))


def is_individual(packet: dict) -> bool:
    return unit_type(packet) == "individual"


def has_fixed_ip(packet: dict) -> Optional[bool]:
    """Whether the unit uses fixed public IP addresses (绍兴：“本表由互联网固定IP用户负责填写”).

    True when network.ip_ranges holds a public address or the access is 专网、真实IP地址;
    False when it says dynamic (动态IP) only, or every listed range is private; None when the packet does not say.
    """
    entries = [t for _, t in strings(packet, "network", "ip_ranges")]
    public = []
    for entry in entries:
        if entry == DYNAMIC:
            continue
        try:
            public.append(parse_block(entry).first.is_global)
        except BadBlock:
            public.append(None)  # N503 speaks of it
    if any(p is True for p in public):
        return True
    access = get(packet, "network", "access")
    if isinstance(access, list) and "private_network_public_ip" in access:
        return True
    if entries and all(p is False for p in public):
        return False  # only private ranges, or only 动态IP
    return None


def values(value: Any) -> set[str]:
    """The texts of a text field or of every text item of a list field."""
    if isinstance(value, list):
        return {t for t in (text(v) for v in value) if t}
    t = text(value)
    return {t} if t else set()


class PacketView:
    """One packet, read-only: the facts its conditions, checklist and forms ask about, each read once.

    ``PacketView(data)`` over the plain (normalised) data; like the functions above it never
    fails on a value of the wrong type."""

    def __init__(self, data: Any):
        self.data = data if isinstance(data, dict) else {}

    @cached_property
    def unit_type(self) -> Optional[str]:
        return unit_type(self.data)

    @property
    def individual(self) -> bool:
        return self.unit_type == "individual"

    @cached_property
    def service_nature(self) -> frozenset[str]:
        return frozenset(values(get(self.data, "unit", "service_nature")))

    @cached_property
    def commercial(self) -> bool:
        return get(self.data, "unit", "commercial") is True

    @cached_property
    def sites(self) -> tuple[dict, ...]:
        return tuple(site for _, site in sites(self.data))

    @cached_property
    def special_content(self) -> frozenset[str]:
        return frozenset().union(*(values(site.get("special_content")) for site in self.sites))

    @cached_property
    def services(self) -> frozenset[str]:
        return frozenset().union(*(values(site.get("services")) for site in self.sites))

    @cached_property
    def unfiled_sites(self) -> bool:
        """A site without its 公安备案号 (sites[].police_number) yet."""
        return any(not text(site.get("police_number")) for site in self.sites)

    @property
    def has_sites(self) -> bool:
        return bool(self.sites)

    @cached_property
    def fixed_ip(self) -> Optional[bool]:
        return has_fixed_ip(self.data)

    @cached_property
    def virtual_hosting(self) -> Optional[bool]:
        """虚拟主机服务: a site offering 虚拟空间; unknown when the unit only says it offers 托管主机或虚拟主机."""
        if "virtual_space" in self.services:
            return True
        return None if get(self.data, "network", "offers_hosting") is True else False

    def persons(self) -> Iterator[tuple[Path, dict, str]]:
        return persons(self.data)
