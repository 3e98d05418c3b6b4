"""What a render is asked (one RenderOptions from the command line down to each worker) and what it wrote."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from beiantool.api import Report
from beiantool.base.errors import UsageError

FORMATS = ("docx", "pdf", "xlsx")
MARK_COPIES = ("id", "all", "none")  # which attachments 打印合订本.pdf marks 仅供公安联网备案使用，他用无效


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the same for every packet of a batch, picklable for the worker processes."""

    formats: tuple[str, ...] = FORMATS
    force: bool = False
    draft: bool = False
    font_path: Optional[str] = None
    city: Optional[str] = None
    rules_file: Optional[str | Path] = None
    mark_copies: str = "id"  # id (ID-card copies), all or none carry 仅供公安联网备案使用，他用无效 in 打印合订本.pdf

    def args(self) -> tuple:
        """The options in render_packet's order of parameters (``render_packet(path, out, *options.args())``)."""
        return (self.formats, self.force, self.draft, self.font_path, self.city, self.rules_file, self.mark_copies)


@dataclass
class Written:
    kind: str  # form | letter | checklist | annex | bundle | remarks
    format: str
    path: str
    copies: int
    pages: Optional[int]
    sha256: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "format": self.format, "path": self.path, "sha256": self.sha256, "copies": self.copies, "pages": self.pages}


@dataclass
class Result:
    directory: Path
    city: str
    files: list[Written] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: Optional[Report] = None
    attachments: list = field(default_factory=list)  # bundle.AttachmentUse: each attached file the bundle holds
    remarks: list = field(default_factory=list)  # remarks.Remark: the tool's words about the documents (生成说明)
    individual: bool = False  # a person filed: they sign, they have no seal

    @property
    def marks_word(self) -> str:
        """What the filer does to each page: a person signs; a unit seals and signs."""
        return "签字" if self.individual else "盖章、签字"


def check_font_path(explicit: Optional[str]) -> None:
    """UsageError when a font named with --font / BEIANTOOL_FONT is missing or is not a regular file (a folder,
    a pipe: reading it would wait forever, a device); nothing is read. Checked before any work, whatever the formats."""
    if explicit and not os.path.exists(explicit):
        raise UsageError(f"字体文件 {explicit} 不存在。", "请指定 TrueType 字体（.ttf / .ttc），如 C:\\Windows\\Fonts\\simsun.ttc。")
    if explicit and not os.path.isfile(explicit):  # a folder, pipe or device: nothing to read (a pipe would wait forever)
        raise UsageError(f"{explicit} 不是字体文件（是文件夹、管道或设备）。", "请指定 TrueType 字体文件（.ttf / .ttc），如 C:\\Windows\\Fonts\\simsun.ttc。")
