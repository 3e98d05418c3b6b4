"""`beiantool render A.yaml dir/ -o OUT`: each packet in its own folder under OUT.

Every file is rendered as `render FILE -o OUT/<name>` would render it, with the
same refusals and the same whole-or-nothing writing; the folder names are fixed
before any work (batch.folder_names), so which worker finishes first never
changes where anything goes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from beiantool.base.errors import EXIT_OK, EXIT_PROBLEMS, BeiantoolError, UsageError
from beiantool.render.result import RenderOptions

# What a render imports, loaded once in the fork server so that every worker starts with it (batch.Workers);
# a name that does not exist (any more) is skipped there.
PRELOAD = (
    "beiantool.render.preload", "beiantool.base.workers", "beiantool.render.many", "beiantool.render.build",
    "beiantool.render.pdf_writer", "beiantool.render.docx_writer", "beiantool.render.bundle", "beiantool.render.bundle_draw",
    "beiantool.render.annex", "beiantool.render.checklist_out", "beiantool.render.lists_out", "beiantool.render.remarks",
    "beiantool.render.zipfix", "beiantool.render.fonts", "beiantool.render.fontcache", "beiantool.render.fontshare",
    "beiantool.render.pdf_pages", "beiantool.rules.codec", "beiantool.tasks.checklist", "beiantool.base.safeio",
    "reportlab.platypus", "reportlab.pdfbase.ttfonts", "PIL.Image",
)  # pikepdf (and scrub, pdfstreams, bundle_attach) only for a packet that attaches a PDF: loaded by the worker that needs it
PER_WORKER = 200  # files a worker renders before a fresh one takes its place (a fresh one loads fonts and rule sets again: ~1 s)


@dataclass
class RenderOutcome:
    """One packet of a batch: written, refused for its errors, or unusable (error)."""

    file: Path
    folder: Path
    city: Optional[str] = None
    city_name: str = ""
    errors: int = 0
    warnings: int = 0
    files: list = field(default_factory=list)  # Written
    notes: list[str] = field(default_factory=list)  # the render's 提示
    refused: bool = False
    error: Optional[BeiantoolError] = None  # UsageError, or InternalError (a bug met in this file)

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error.exit_code
        return EXIT_PROBLEMS if self.refused else EXIT_OK

    def to_dict(self) -> dict:
        from beiantool.base.privacy import screen

        entry = {
            "file": screen(str(self.file)),
            "folder": screen(str(self.folder)) if self.files else None,
            "ok": self.exit_code == EXIT_OK,
            "exit_code": self.exit_code,
            "city": self.city,
            "errors": self.errors,
            "warnings": self.warnings,
            "refused": self.refused,
            "files": [w.to_dict() for w in self.files],
            "notes": [screen(n) for n in self.notes],
        }
        if self.error is not None:
            from beiantool.base.errors import usage_error_dict

            entry["error"] = usage_error_dict(self.error)
        return entry


def check_root(out_root: Path) -> None:
    """May packet folders go under ``out_root``? Not into a file, nor into one packet's own folder."""
    from beiantool.base import safeio

    if out_root.exists() and not out_root.is_dir():
        raise UsageError(f"{out_root}：已存在同名文件，不是目录。", "多个备案文件时 -o 指定一个目录，每个文件的材料放在其中一个子目录。")
    if out_root.is_dir() and safeio.read_manifest(out_root) is not None:
        raise UsageError(
            f"{out_root}：这是一个单个备案的材料目录，不能再放多个备案的子目录。",
            "多个备案文件时请用 -o 指定一个新目录（如 -o 备案材料），每个文件的材料放在其中一个子目录。",
        )


def render_many(
    paths: list,
    out_root: str | Path,
    formats: tuple[str, ...],
    force: bool = False,
    draft: bool = False,
    font_path: Optional[str] = None,
    city: Optional[str] = None,
    rules_file: Optional[str | Path] = None,
    jobs: Optional[int] = 1,
    on_done=None,
    mark_copies: str = "id",
) -> list[RenderOutcome]:
    """Render each packet file into its own folder under ``out_root``, in up to ``jobs`` processes
    (None: one per core); results in input order; ``on_done(index, outcome)`` as each file ends."""
    options = RenderOptions(tuple(formats), force, draft, font_path, city, rules_file, mark_copies)
    return render_many_with(paths, out_root, options, jobs, on_done)


def render_many_with(paths: list, out_root: str | Path, options: RenderOptions, jobs: Optional[int] = 1, on_done=None) -> list[RenderOutcome]:
    """render_many with its options as one value."""
    from beiantool import api
    from beiantool.base import batch, safeio, tmpdirs
    from beiantool.render import check_options

    check_options(options)  # once for the batch, not once per file
    out_root = Path(out_root)
    check_root(out_root)
    files = api.expand_paths(paths)
    names = batch.folder_names(files)
    folders = [out_root / name for name in names]
    fresh = {i for i, folder in enumerate(folders) if not os.path.lexists(folder)}
    calls = [(f, folder, options) for f, folder in zip(files, folders)]
    try:
        created = tmpdirs.make_folders(out_root)  # here, once: workers never race to make (or remove) it
    except OSError as exc:
        raise safeio.write_error(out_root, exc) from None
    try:
        return batch.run(render_outcome, calls, jobs, on_done, lambda i: _lost(files[i], folders[i]),
                         lambda indexes: _after_kill(files, folders, fresh, indexes), batch.Workers(PRELOAD, PER_WORKER, meanwhile=True))
    finally:
        tmpdirs.remove_empty(created)


def _after_kill(files: list, folders: list, fresh: set, indexes: list[int]) -> dict:
    """Workers were killed on these files: sweep up; a new folder found whole was published just before (kept)."""
    from beiantool.base import safeio
    from beiantool.render import Written

    found = {}
    for i in indexes:
        _sweep(folders[i])
        manifest = safeio.read_manifest(folders[i]) if i in fresh else None
        if manifest and manifest.get("_intact") and not safeio.edited_files(folders[i], manifest):
            outcome = RenderOutcome(files[i], folders[i], city=manifest.get("city"))
            outcome.files = [Written(f["kind"], f["format"], f["path"], f["copies"], f["pages"], f["sha256"]) for f in manifest["files"]]
            found[i] = outcome
    return found


def _lost(path: Path, folder: Path) -> RenderOutcome:
    from beiantool.base.errors import InternalError

    _sweep(folder)
    outcome = RenderOutcome(path, folder)
    outcome.error = InternalError("处理这个文件的进程意外结束（可能是内存不足或被系统终止），没有留下不完整的材料。")
    return outcome


def _sweep(folder: Path) -> None:
    """After a worker was killed while rendering into ``folder``: its temporary folders, if provably beiantool's."""
    from beiantool.base import tmpdirs

    tmpdirs.sweep(folder.parent, tmpdirs.name_pattern(f".{folder.name[:40]}."))
    if folder.is_dir():
        tmpdirs.sweep(folder, tmpdirs.name_pattern(tmpdirs.INSIDE))
        tmpdirs.sweep(folder, tmpdirs.name_pattern(tmpdirs.INSIDE + "old-"))


def render_outcome(path: Path, folder: Path, options: RenderOptions) -> RenderOutcome:
    """One packet of a batch, whatever happens to it: written, refused, unusable, or a bug (exit 3)."""
    from beiantool.render import RenderRefused, render_packet  # looked up at each call

    outcome = RenderOutcome(path, folder)
    try:
        result = render_packet(path, folder, *options.args())
    except RenderRefused as refused:
        report = refused.report
        outcome.city, outcome.city_name, outcome.refused = report.city, report.city_name, True
        outcome.errors, outcome.warnings = len(report.errors), len(report.warnings)
        return outcome
    except UsageError as exc:
        outcome.error = exc
        return outcome
    except Exception as exc:  # noqa: BLE001 - a bug met in one file is that file's outcome, not the batch's end
        from beiantool.base.errors import internal_error

        outcome.error = internal_error(exc)
        return outcome
    report = result.report
    outcome.city, outcome.city_name = result.city, report.city_name if report else ""
    outcome.errors, outcome.warnings = (len(report.errors), len(report.warnings)) if report else (0, 0)
    outcome.files, outcome.notes = result.files, result.warnings
    return outcome
