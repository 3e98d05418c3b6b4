"""What a check is, what it is given, and helpers to read the packet safely.

A check is a small pure function ``(packet, ctx, params) -> Iterable[Finding]``.
It reads the packet as plain data (so one schema error elsewhere does not stop
it), skips values of the wrong type (the schema reports those), and says only
*where* and *what*: the engine adds the code, the severity from the rule set,
and the line and column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

from beiantool.problem import Path, Severity


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str


@dataclass(frozen=True)
class Region:
    """What a rule set knows of its place; empty for the national base."""

    province: Optional[str] = None
    province_abbr: Optional[str] = None
    region_code: Optional[str] = None
    area_codes: tuple[str, ...] = ()
    postcode_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    region: Region = field(default_factory=Region)
    today: datetime.date = field(default_factory=datetime.date.today)
    city_name: str = "全国"
    folder: Optional[Any] = None  # the packet file's folder (pathlib.Path): attachments are relative to it
    items: tuple = ()  # the rule set's checklist items (rules.Item)
    files: Optional[Any] = None  # attachments.Snapshot: each attached file read once, for the checks and the bundle
    lists: Optional[dict] = None  # the packet's customer lists, read once (beiantool.lists.Table by key)
    demands: tuple = ()  # fields the outputs demand (required.Field_ from the forms' own required marks)
    numbers_read: tuple = ()  # (path, as typed, as read) of numbers whose grouping spaces were dropped (S010)

    @property
    def examples(self) -> "Examples":
        return Examples.of(self.region)


class Params(BaseModel):
    """Base of a check's parameters: unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    pass


class Source(Params):
    """Where a requirement comes from: a source document and its heading, or a standard."""

    file: Optional[str] = None
    url: Optional[str] = Field(None, description="公开网页的地址（来源文件没有的事实）")
    heading: Optional[str] = None
    standard: Optional[str] = None
    note: Optional[str] = None
    inferred: bool = False

    def cite(self) -> str:
        """The reference a reviewer checks: file (or address) and heading, as written in the data."""
        parts = [p for p in (self.standard, self.file, self.url, self.heading) if p]
        text = " · ".join(parts)
        return text + ("（推定）" if self.inferred else "")

    def title(self) -> str:
        """What a person reads: the source's title, never a file name."""
        from beiantool.rules.titles import readable

        return readable(self) + ("（推定）" if self.inferred else "")


@dataclass(frozen=True)
class Examples:
    """Sample values for messages, taken from the packet's own rule set (a Beijing packet is shown
    京 and 010, never 浙 and 0575); the national base names no place and is shown 成都's (蜀, 028),
    a city without a rule set of its own, so no example points at a city C207 would send elsewhere."""

    abbr: str
    landline: str  # 0575-88888888
    postcode: str  # 312000
    police: str  # 浙公网安备 33060002000001号

    @classmethod
    def of(cls, region: "Region") -> "Examples":
        abbr = region.province_abbr or "蜀"
        area = region.area_codes[0] if region.area_codes else "028"
        local = "88888888" if len(area) == 3 or area in ("0575", "0571", "0871", "0755", "0769", "0512") else "8888888"
        postcode = ((region.postcode_prefixes[0] if region.postcode_prefixes else "610") + "000000")[:6]
        code = (region.region_code or "510100")[:6]
        return cls(abbr, f"{area}-{local}", postcode, f"{abbr}公网安备 {code}02000001号")

    @property
    def icp_number(self) -> str:
        return f"{self.abbr}ICP备2024000001号-1"

    @property
    def icp_license(self) -> str:
        return f"{self.abbr}B2-20240001"


CheckFunc = Callable[[dict, Context, Any], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    severity: Severity
    func: Optional[CheckFunc]
    params: type[Params]
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


def check(code: str, name: str, severity: Severity = Severity.ERROR, params: type[Params] = NoParams):
    """Turn a function into a :class:`Check`; registration is the literal list in checks/__init__."""

    def wrap(func: CheckFunc) -> Check:
        return Check(code, name, severity, func, params, func.__doc__ or "")

    return wrap


def produced_elsewhere(code: str, name: str, doc: str, severity: Severity = Severity.ERROR) -> Check:
    """A code found by the reader or the schema rather than by a check function."""
    return Check(code, name, severity, None, NoParams, doc)


# ---- reading the raw packet -------------------------------------------------


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


def as_date(value: Any) -> Optional[datetime.date]:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
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
    from beiantool.checks.network import DYNAMIC, BadBlock, parse_block

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


# Facts a rule-set condition may name besides packet paths (`when: {fixed_ip: [true]}`).
def has_sites(packet: dict) -> bool:
    return any(True for _ in sites(packet))


FACTS: dict[str, Callable[[dict], Any]] = {"fixed_ip": has_fixed_ip, "has_sites": has_sites}
