"""The one problem type shared by the terminal, the JSON output and the tests."""

from __future__ import annotations

import json
from enum import Enum

from beiantool.base.record import record
from beiantool.base.lazyre import lazy

Path = tuple  # a path into the packet: ("sites", 0, "domains", 1)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


_PLAIN_KEY = lazy(r"[A-Za-z_][A-Za-z0-9_-]*")


def format_path(path: Path) -> str:
    """("sites", 0, "domains", 1) -> "sites[0].domains[1]"; odd keys quoted: unit["a.b"], [""]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(str(part)):
            out += f".{part}" if out else str(part)
        else:
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


@record(frozen=True)
class Problem:
    code: str
    severity: Severity
    path: Path
    line: int | None
    column: int | None
    message: str
    file: str | None = None  # a customer list file the problem stands in (line = its row); None: the packet

    def __post_init__(self) -> None:
        # the one place a problem's message is made fit for any screen: IDs masked, controls escaped
        from beiantool.base.privacy import screen

        object.__setattr__(self, "message", screen(self.message))

    @property
    def path_text(self) -> str:
        from beiantool.base.privacy import screen

        return screen(format_path(self.path))

    def to_dict(self) -> dict:
        from beiantool.base.privacy import screen

        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path_text,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        } | ({"file": screen(self.file)} if self.file else {})

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.path_text)
