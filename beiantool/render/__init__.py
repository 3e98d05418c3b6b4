"""`beiantool render`: the printable packet, written whole or not at all.

Validates first (errors: nothing is written, unless draft). Everything is built
in a temporary folder beside the target and moved into place at the end, so a
failure leaves no half packet. The same packet renders byte-identical files:
document dates come from SOURCE_DATE_EPOCH, else the packet's filled_on.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from beiantool import api, yamlread
from beiantool.checks.base import as_date
from beiantool.errors import UsageError

FORMATS = ("docx", "pdf", "xlsx")
MARK_COPIES = ("id", "all", "none")  # which attachments 打印合订本.pdf marks 仅供公安联网备案使用，他用无效


class RenderRefused(Exception):
    """The packet has errors and no --draft: nothing was written."""

    def __init__(self, report: api.Report):
        super().__init__("packet has errors")
        self.report = report


@dataclass
class Written:
    kind: str  # form | letter | checklist | annex
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
    report: Optional[api.Report] = None
    attachments: list = field(default_factory=list)  # bundle.AttachmentUse: each attached file the bundle holds
    individual: bool = False  # a person filed: they sign, they have no seal

    @property
    def marks_word(self) -> str:
        """What the filer does to each page: a person signs; a unit seals and signs."""
        return "签字" if self.individual else "盖章、签字"


def stamp_for(data: dict) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    day = as_date(data.get("filled_on")) or datetime.date.today()
    return datetime.datetime(day.year, day.month, day.day)


def check_formats(formats: tuple[str, ...]) -> None:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"不支持的格式：{'、'.join(bad) or '（空）'}。", f"可选：{','.join(FORMATS)}，用逗号分隔。")


def render_packet(
    packet_path: str | Path,
    out_dir: str | Path,
    formats: tuple[str, ...] = FORMATS,
    force: bool = False,
    draft: bool = False,
    font_path: Optional[str] = None,
    city: Optional[str] = None,
    rules_file: Optional[str | Path] = None,
    mark_copies: str = "id",
) -> Result:
    """``mark_copies``: id (ID-card copies), all or none carry 仅供公安联网备案使用，他用无效 in 打印合订本.pdf."""
    check_formats(formats)
    if mark_copies not in MARK_COPIES:
        raise UsageError(f"--mark-copies {mark_copies}：不支持。", "可选：id（只标身份证复印件，默认）、all（所有附件）、none（都不标）。")
    from beiantool import __version__, safeio

    plan = safeio.check_output_dir(out_dir, force)  # refuse early, before any work
    doc = yamlread.load(packet_path)
    report = api.validate_document(doc, city, rules_file=rules_file)
    if not report.ok and not draft:
        raise RenderRefused(report)
    ruleset = report.ruleset
    from beiantool.render import build

    try:
        with safeio.PacketFolder(plan, force) as folder:
            work = folder.work
            result = build.build_all(doc.data, ruleset, work, formats, draft, font_path, stamp_for(doc.data), doc,
                                     Path(packet_path).parent, mark_copies, report.files)
            for written in result.files:
                written.sha256 = safeio.sha256(work / written.path)
            manifest = {
                "tool": safeio.TOOL,
                "version": __version__,
                "files": [w.to_dict() for w in result.files],
                "city": ruleset.id,
                "packet": Path(packet_path).name,
                "draft": draft,
                "errors": len(report.errors),
                "warnings": len(report.warnings),
                "attachments": [a.to_dict() for a in result.attachments],
            }
            folder.publish_manifest(manifest)
    except OSError as exc:  # disk full, permissions: the machine's problem, not beiantool's
        raise UsageError(f"{out_dir}：写入失败（{safeio.os_reason(exc)}），没有留下不完整的材料。", "请检查磁盘空间和写入权限后重试。") from None
    result.directory, result.city, result.report = Path(out_dir), ruleset.id, report
    return result


__all__ = ["render_packet", "RenderRefused", "Result", "FORMATS"]
