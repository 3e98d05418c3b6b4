"""Every document beiantool writes. Here `render_packet`: the printable packet, written whole or not at all.

Validates first (errors: nothing is written, unless draft). Everything is built
in a temporary folder beside the target and moved into place at the end, so a
failure leaves no half packet. The same packet renders byte-identical files:
document dates come from SOURCE_DATE_EPOCH, else the packet's filled_on.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Optional

from beiantool import api
from beiantool.packet import yamlread
from beiantool.base.dates import as_date
from beiantool.base.errors import UsageError
from beiantool.render.result import FORMATS, MARK_COPIES, RenderOptions, Result, Written, check_font_path


class RenderRefused(Exception):
    """The packet has errors and no --draft: nothing was written."""

    def __init__(self, report: api.Report):
        super().__init__("packet has errors")
        self.report = report


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
    return render_with(packet_path, out_dir, RenderOptions(tuple(formats), force, draft, font_path, city, rules_file, mark_copies))


def check_options(options: RenderOptions) -> None:
    check_formats(options.formats)
    if options.mark_copies not in MARK_COPIES:
        raise UsageError(f"--mark-copies {options.mark_copies}：不支持。", "可选：id（只标身份证复印件，默认）、all（所有附件）、none（都不标）。")
    check_font_path(options.font_path)  # a bad --font is refused at once, for any format and before a batch starts


def render_with(packet_path: str | Path, out_dir: str | Path, options: RenderOptions) -> Result:
    """Render one packet into ``out_dir`` as ``options`` say; RenderRefused when it has errors and is no draft."""
    check_options(options)
    from beiantool import __version__
    from beiantool.base import safeio, stages

    draft = options.draft
    plan = safeio.check_output_dir(out_dir, options.force)  # refuse early, before any work
    with stages.stage("read"):
        doc = yamlread.load(packet_path)
    with stages.stage("validate"):
        report = api.validate_document(doc, options.city, rules_file=options.rules_file)
    if not report.ok and not draft:
        raise RenderRefused(report)
    ruleset = report.ruleset
    from beiantool.render import build

    try:
        with stages.stage("publish"), safeio.PacketFolder(plan, options.force) as folder:
            work = folder.work
            with stages.stage("layout"):  # build_all's own work: choosing and resolving the documents (the writers are staged inside)
                result = build.build_all(doc.data, ruleset, work, options, stamp_for(doc.data), doc, Path(packet_path).parent,
                                         report.files)
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
                "remarks": [r.to_dict() for r in result.remarks],
            }
            folder.publish_manifest(manifest)
    except OSError as exc:  # disk full, permissions: the machine's problem, not beiantool's
        raise UsageError(f"{out_dir}：写入失败（{safeio.os_reason(exc)}），没有留下不完整的材料。", "请检查磁盘空间和写入权限后重试。") from None
    result.directory, result.city, result.report = Path(out_dir), ruleset.id, report
    return result


__all__ = ["render_packet", "render_with", "RenderOptions", "RenderRefused", "Result", "Written", "FORMATS"]
