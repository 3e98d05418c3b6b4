"""`beiantool render`: the printable packet, written whole or not at all.

Validates first (errors: nothing is written, unless draft). Everything is built
in a temporary folder beside the target and moved into place at the end, so a
failure leaves no half packet. The same packet renders byte-identical files:
document dates come from SOURCE_DATE_EPOCH, else the packet's filled_on.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from beiantool import api, yamlread
from beiantool.checks.base import as_date
from beiantool.errors import UsageError

FORMATS = ("docx", "pdf", "xlsx")


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


def stamp_for(data: dict) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    day = as_date(data.get("filled_on")) or datetime.date.today()
    return datetime.datetime(day.year, day.month, day.day)


def render_packet(
    packet_path: str | Path,
    out_dir: str | Path,
    formats: tuple[str, ...] = FORMATS,
    force: bool = False,
    draft: bool = False,
    font_path: Optional[str] = None,
    city: Optional[str] = None,
    rules_file: Optional[str | Path] = None,
) -> Result:
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"不支持的格式：{'、'.join(bad) or '（空）'}。", f"可选：{','.join(FORMATS)}，用逗号分隔。")
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}：已存在同名文件，不是目录。", "请用 -o 指定一个目录。")
    if target.exists() and any(target.iterdir()) and not force:
        raise UsageError(f"{target}：目录已存在且不为空，未覆盖。", "确认要覆盖原有材料请加 --force，或用 -o 指定新目录。")
    doc = yamlread.load(packet_path)
    report = api.validate_document(doc, city, rules_file=rules_file)
    if not report.ok and not draft:
        raise RenderRefused(report)
    ruleset = report.ruleset
    from beiantool.render import build

    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise UsageError(f"{target}：无法创建输出目录（{exc.strerror or exc}）。", "请检查路径和写入权限，或用 -o 指定其他目录。") from None
    try:
        result = build.build_all(doc.data, ruleset, work, formats, draft, font_path, stamp_for(doc.data))
        for written in result.files:
            written.sha256 = hashlib.sha256((work / written.path).read_bytes()).hexdigest()
        manifest = {
            "files": [w.to_dict() for w in result.files],
            "city": ruleset.id,
            "packet": Path(packet_path).name,
            "draft": draft,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        work.chmod(0o777 & ~umask)  # mkdtemp makes it private; the packet is an ordinary folder
        _swap_into_place(work, target)
    except OSError as exc:  # disk full, permissions: the machine's problem, not beiantool's
        shutil.rmtree(work, ignore_errors=True)
        raise UsageError(f"{target}：写入失败（{exc.strerror or exc}），没有留下不完整的材料。", "请检查磁盘空间和写入权限后重试。") from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.directory, result.city, result.report = target, ruleset.id, report
    return result


def _swap_into_place(work: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    work.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["render_packet", "RenderRefused", "Result", "FORMATS"]
