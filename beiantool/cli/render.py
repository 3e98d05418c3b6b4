"""`beiantool render`: one packet, or many, into printable documents."""


import contextlib
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
    from beiantool.base import interrupt

    with interrupt.deferred():  # a signal stops the render between steps, never inside a document library
        return _render(files, output, options, jobs, quiet, as_json)


def _render(files: list[Path], output: Path, options, jobs: Optional[int], quiet: bool, as_json: bool) -> int:
    if len(files) == 1 and not files[0].is_dir() and not as_json:
        return _render_one(files[0], output, options, quiet)
    from beiantool import api
    from beiantool.render.many import check_root, render_many_with, render_outcome

    skipped: list = []
    with json_on_usage_error(Format.json if as_json else Format.text):
        if len(files) == 1 and not files[0].is_dir():  # --json for one file: the same object, OUTPUT is its folder
            existed = output.exists()
            with _interrupted_line(lambda: _one_line(output, existed)):
                outcomes = [render_outcome(files[0], output, options)]
        else:
            check_root(output)
            found, skipped = api.find_packets(files)
            present.skipped(skipped, as_json)
            finished: dict = {}
            with progress(len(found), quiet or as_json, "生成") as tick, _interrupted_line(lambda: _batch_line(found, finished)):
                def done(index, outcome):
                    finished[index] = outcome
                    if tick:
                        tick(index, outcome)

                outcomes = render_many_with(found, output, options, worker_count(jobs), done)
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

    existed = output.exists()
    try:
        with _interrupted_line(lambda: _one_line(output, existed)):
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


@contextlib.contextmanager
def _interrupted_line(line):
    """While rendering: what an interrupt left on disk, said in one line (by the command, or by the watchdog)."""
    from beiantool.base import interrupt
    from beiantool.base.privacy import screen

    interrupt.line = lambda: screen(line())
    try:
        yield
    except interrupt.Interrupted as exc:
        exc.message = line()
        raise
    finally:
        interrupt.line = lambda: interrupt.DEFAULT_LINE


def _one_line(output: Path, existed: bool) -> str:
    if existed:
        return f"已中断，目录 {output} 中原有的文件没有改动，也没有留下临时文件。"
    return f"已中断，没有生成 {output}，也没有留下临时文件。"


def _batch_line(found: list, finished: dict) -> str:
    made = [finished[i].folder for i in sorted(finished) if finished[i] is not None and finished[i].exit_code == EXIT_OK]
    if not made:
        return f"已中断：{len(found)} 个文件都没有生成材料，没有留下不完整的文件。"
    names = "、".join(str(f) for f in made[:10]) + (f" 等 {len(made)} 个" if len(made) > 10 else "")
    return (f"已中断：{len(found)} 个文件中 {len(made)} 个已生成（{names}），其余 {len(found) - len(made)} 个没有生成，"
            "没有留下不完整的文件。")


COMMANDS = (
    (render, "示例：beiantool render 备案.yaml -o 材料　　beiantool render 客户/ -o 材料 -j 2　　beiantool render 备案.yaml -o 材料 -f pdf --draft"),
)
