"""`beiantool render`: one packet, or many, into printable documents."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from beiantool.base.errors import EXIT_OK, EXIT_PROBLEMS
from beiantool.cli import present
from beiantool.cli.guard import guarded, json_on_usage_error, progress, say, worker_count
from beiantool.cli.options import CITY, JOBS, QUIET, Format, MarkCopies


@guarded
def render(
    files: list[Path] = typer.Argument(..., help="备案 YAML 文件；可给多个文件或目录，每个文件的材料放在输出目录下以文件名命名的子目录。",
                                       show_default=False, metavar="文件"),
    output: Path = typer.Option(..., "--output", "-o", metavar="目录", help="输出目录（整个目录一次写好，失败时不留下半成品）。"),
    formats: str = typer.Option("docx,pdf,xlsx", "--format", "-f", metavar="格式", help="要生成的格式，逗号分隔：docx、pdf、xlsx。"),
    force: bool = typer.Option(False, "--force", help="替换该目录中 beiantool 以前生成的材料（只删除其 manifest.json 列出的文件；有其他文件时拒绝）。"),
    draft: bool = typer.Option(False, "--draft", help="有错误也生成，每页标“草稿”。"),
    font: Optional[str] = typer.Option(None, "--font", metavar="字体文件", help="PDF 使用的 TrueType 中文字体文件（默认自动查找）。"),
    city: Optional[str] = CITY,
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件代替 --city。"),
    jobs: Optional[int] = JOBS,
    quiet: bool = QUIET,
    as_json: bool = typer.Option(False, "--json", help="结果以一个 JSON 对象输出（每个文件一项）。"),
    mark_copies: MarkCopies = typer.Option(MarkCopies.id, "--mark-copies", case_sensitive=False,
                                           help="打印合订本中哪些附件标“仅供公安联网备案使用，他用无效”：id 身份证复印件、all 全部附件、none 不标。原文件不会被改动。"),
) -> int:
    """生成可打印的备案材料：备案表（按规定份数）、安全责任书、材料清单、打印合订本.pdf（含附件），以及 manifest.json。"""
    from beiantool.render.result import RenderOptions

    wanted = tuple(f.strip().lower() for f in formats.replace("，", ",").split(",") if f.strip())
    options = RenderOptions(wanted, force, draft, font, city, rules_file, mark_copies.value)
    if len(files) == 1 and not files[0].is_dir() and not as_json:
        return _render_one(files[0], output, options, quiet)
    from beiantool import api
    from beiantool.render.many import check_root, render_many_with, render_outcome

    skipped: list = []
    with json_on_usage_error(Format.json if as_json else Format.text):
        if len(files) == 1 and not files[0].is_dir():  # --json for one file: the same object, OUTPUT is its folder
            outcomes = [render_outcome(files[0], output, options)]
        else:
            check_root(output)
            found, skipped = api.find_packets(files)
            present.skipped(skipped, as_json)
            with progress(len(found), quiet or as_json, "生成") as tick:
                outcomes = render_many_with(found, output, options, worker_count(jobs), tick)
    worst = max(o.exit_code for o in outcomes)
    if as_json:
        import json

        from beiantool.base.privacy import screen

        print(json.dumps({"ok": worst == 0, "files": [o.to_dict() for o in outcomes], "skipped": [screen(str(p)) for p in skipped]},
                         ensure_ascii=False, indent=2))
        return worst
    present.render_summary(outcomes, quiet)
    return worst


def _render_one(file: Path, output: Path, options, quiet: bool) -> int:
    from beiantool.render import RenderRefused, render_with

    try:
        result = render_with(file, output, options)
    except RenderRefused as refused:
        import sys

        from beiantool.cli.report import render_text

        render_text(refused.report, sys.stderr)
        say("备案文件有错误，未生成任何材料。请先修改；如只想预览，可加 --draft 生成标有“草稿”的材料。")
        return EXIT_PROBLEMS
    if not quiet:
        present.render_done(result, file, options.draft)
    return EXIT_OK


COMMANDS = (
    (render, "示例：beiantool render 备案.yaml -o 材料　　beiantool render 客户/ -o 材料 -j 2　　beiantool render 备案.yaml -o 材料 -f pdf --draft"),
)
