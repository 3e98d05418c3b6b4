"""What a check is and what it is given (the packet itself is read through packet/view.py).

A check is a small pure function ``(packet, ctx, params) -> Iterable[Finding]``.
It reads the packet as plain data (so one schema error elsewhere does not stop
it), skips values of the wrong type (the schema reports those), and says only
*where* and *what*: the engine adds the code, the severity from the rule set,
and the line and column.
"""

from __future__ import annotations

import datetime
from dataclasses import field
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field

from beiantool.base.record import record
from beiantool.base.problem import Path, Severity


@record(frozen=True)
class Finding:
    path: Path
    message: str


@record(frozen=True)
class Region:
    """What a rule set knows of its place; empty for the national base."""

    province: Optional[str] = None
    province_abbr: Optional[str] = None
    region_code: Optional[str] = None
    area_codes: tuple[str, ...] = ()
    postcode_prefixes: tuple[str, ...] = ()


@record(frozen=True)
class Context:
    region: Region = field(default_factory=Region)
    today: datetime.date = field(default_factory=datetime.date.today)
    city_name: str = "全国"
    folder: Optional[Any] = None  # the packet file's folder (pathlib.Path): attachments are relative to it
    items: tuple = ()  # the rule set's checklist items (rules.Item)
    files: Optional[Any] = None  # attachments.Snapshot: each attached file read once, for the checks and the bundle
    lists: Optional[dict] = None  # the packet's customer lists, read once (beiantool.packet.lists.Table by key)
    demands: tuple = ()  # fields the outputs demand (required.Field_ from the forms' own required marks)
    numbers_read: tuple = ()  # (path, as typed, as read) of numbers whose grouping spaces were dropped (S010)

    @property
    def examples(self) -> "Examples":
        return Examples.of(self.region)


class Params(BaseModel):
    """Base of a check's parameters: unknown parameters are refused."""

    # built when first validated (a user's rule file, a cache miss), not at import: a compiled rule set needs no validator
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
        from beiantool.base.titles import readable

        return readable(self) + ("（推定）" if self.inferred else "")


@record(frozen=True)
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


@record(frozen=True)
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
