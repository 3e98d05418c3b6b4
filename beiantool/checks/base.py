"""What a check is and what it is given (the packet itself is read through packet/view.py).

A check is a small pure function ``(packet, ctx, params) -> Iterable[Finding]``.
It reads the packet as plain data (so one schema error elsewhere does not stop
it), skips values of the wrong type (the schema reports those), and says only
*where* and *what*: the engine adds the code, the severity from the rule set,
and the line and column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field

from beiantool.base.problem import Path, Severity


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
        from beiantool.base.titles import readable

        return readable(self) + ("（推定）" if self.inferred else "")


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
