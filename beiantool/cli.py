"""The command line: a thin Typer layer over beiantool.api.

Every command turns expected failures (UsageError) into one Chinese line and
exit code 2, and anything unexpected into one line, a log file holding the
traceback, and exit code 3 — never a traceback on screen.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from beiantool import __version__, cli_zh
from beiantool.errors import EXIT_CRASH, EXIT_OK, EXIT_PROBLEMS, UsageError

app = typer.Typer(
    name="beiantool",
    help="公安联网备案（计算机信息网络国际联网单位备案）材料的校验与生成工具。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,  # re-added below with Chinese help
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)


def refuse_unprintable(file, problems: list, what: str = "未输出任何内容") -> int:
    """A command that would print or write the packet's text refuses text validate calls unprintable (S007): exit 1."""
    for p in problems:
        _say(f"{file}:{p.line or '-'}:{p.column or '-'}：错误 {p.code}  {p.message}")
    _say(f"备案文件中有不可打印的控制字符，{what}。请按上面的提示改正后重试（beiantool validate {file} 列出全部问题）。")
    return EXIT_PROBLEMS


class Format(str, Enum):
    text = "text"
    json = "json"


class MarkCopies(str, Enum):
    id = "id"
    all = "all"
    none = "none"


class ListFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"


JOBS = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="多个文件时同时处理的进程数（默认：CPU 核数）。", show_default=False)
QUIET = typer.Option(False, "--quiet", "-q", help="只输出未通过的文件和最后一行结论，不显示进度条。")


def _say(message: str) -> None:
    """One line for the person at the terminal: a control character from a packet is shown escaped (\\x1b), never sent raw."""
    from beiantool.privacy import escape_controls

    print(escape_controls(message), file=sys.stderr)


def _install_signals() -> None:
    import signal

    from beiantool import interrupt

    interrupt.install()  # SIGINT, SIGTERM, SIGHUP: noted, and acted on where nothing is left half-done
    if hasattr(signal, "SIGPIPE"):
        # a closed pipe (`beiantool cities | head -1`) ends the command quietly, as it does any Unix tool
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def guarded(func):
    """Run a command body; map its outcome to the promised exit codes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from beiantool.privacy import guard_streams

        from beiantool import interrupt

        with guard_streams():
            code = _run(func, args, kwargs)
            interrupt.settle()  # said and done: a late signal changes nothing now
        raise typer.Exit(code)

    return wrapper


def _run(func, args, kwargs) -> int:
    from beiantool import interrupt
    from beiantool.privacy import screen

    try:
        with interrupt.live():
            return func(*args, **kwargs) or EXIT_OK
    except UsageError as exc:
        _say(screen(f"错误：{exc}"))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        raise
    except KeyboardInterrupt as exc:  # interrupt.Interrupted; a command may have said what it left
        interrupt.settle()
        _say(getattr(exc, "message", None) or "已中断，没有留下不完整的文件。")
        return 128 + getattr(exc, "signum", 2)
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback on screen
        from beiantool.errors import internal_error

        _say(internal_error(exc).message)
        return EXIT_CRASH


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (Windows has no SIGPIPE): stop without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _version(value: bool) -> None:
    if value:
        print(f"beiantool {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出。"),
    install_completion: bool = typer.Option(
        None, "--install-completion", callback=cli_zh.install_completion, expose_value=False, help="为当前 shell 安装命令补全。"
    ),
    show_completion: bool = typer.Option(
        None, "--show-completion", callback=cli_zh.show_completion, expose_value=False, help="显示当前 shell 的补全脚本，便于复制或自定义。"
    ),
) -> None:
    """公安联网备案材料的校验与生成工具。"""


@app.command(epilog="示例：beiantool validate 备案.yaml　　beiantool validate 客户/*.yaml 存档目录/ -f json --strict")
@guarded
def validate(
    files: list[Path] = typer.Argument(..., help="备案 YAML 文件；可给多个文件或目录（目录中的 .yaml / .yml 文件逐个校验）。",
                                       show_default=False, metavar="文件"),
    city: Optional[str] = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码（默认取文件中的 city）。"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help="输出格式：text 或 json。"),
    strict: bool = typer.Option(False, "--strict", help="有警告也视为未通过（退出码 1）。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件（可 extends 内置规则集）代替 --city。"),
    jobs: Optional[int] = JOBS,
    quiet: bool = QUIET,
) -> int:
    """按城市规则集校验备案文件。退出码：0 通过，1 有错误，2 文件或参数无法使用，3 内部错误。"""
    from beiantool import api

    if len(files) == 1 and not files[0].is_dir():
        return _validate_one(files[0], city, fmt, strict, rules_file, quiet)
    with _json_on_usage_error(fmt):
        found, skipped = api.find_packets(files)
        _say_skipped(skipped, fmt is Format.json)
        with _progress(len(found), quiet or fmt is Format.json, "校验") as tick:
            outcomes = api.validate_many(found, city, rules_file, jobs=_jobs(jobs), on_done=tick)
    return _report_many(outcomes, fmt, strict, quiet, skipped)


def _say_skipped(skipped, as_json: bool) -> None:
    """A folder's symbolic links and special files are never read: say how many (JSON carries them as "skipped")."""
    if skipped and not as_json:
        from beiantool.api import skipped_note
        from beiantool.privacy import screen

        _say(screen(f"提示：{skipped_note(skipped)}"))


@contextlib.contextmanager
def _json_on_usage_error(fmt):
    """With --format json, an unusable file or argument is still exactly one JSON object on stdout."""
    try:
        yield
    except UsageError as exc:
        if fmt is Format.json:
            from beiantool.report import usage_json

            print(usage_json(exc))
        raise


def _validate_one(file: Path, city, fmt, strict: bool, rules_file, quiet: bool = False) -> int:
    from beiantool import api

    with _json_on_usage_error(fmt):
        report = api.validate_file(file, city, rules_file=rules_file)
    if fmt is Format.json:
        from beiantool.report import to_json

        print(to_json(report))
    elif quiet and report.passed(strict):
        pass
    else:
        from beiantool.report import render_text

        render_text(report, sys.stdout, strict=strict)
    return EXIT_OK if report.passed(strict) else EXIT_PROBLEMS


def _jobs(jobs: Optional[int]) -> int:
    from beiantool.batch import default_jobs

    return jobs or default_jobs()


@contextlib.contextmanager
def _progress(total: int, quiet: bool, verb: str):
    """A progress bar on stderr, only on a terminal, for more than one file and without --quiet;
    yields the callback to call as each file ends (None when there is no bar)."""
    if quiet or total < 2 or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn(f"{verb}中"), BarColumn(), MofNCompleteColumn(), TextColumn("用时"), TimeElapsedColumn(),
               TextColumn("剩余"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(verb, total=total)
        yield lambda _index, _outcome: bar.advance(task)


def _report_many(outcomes, fmt, strict: bool, quiet: bool = False, skipped=()) -> int:
    """Every file's report, then a summary; the exit code is the worst file's."""
    import json

    from beiantool.privacy import screen
    from beiantool.report import render_text, usage_error_dict

    worst = max(o.exit_code(strict) for o in outcomes)
    if fmt is Format.json:
        entries = []
        for o in outcomes:
            entry = {"ok": False, "city": None, "error": usage_error_dict(o.error), "problems": []} if o.error else o.report.to_dict()
            entries.append({"file": screen(str(o.file)), **entry, "ok": o.exit_code(strict) == 0})
        print(json.dumps({"ok": worst == 0, "files": entries, "skipped": [screen(str(p)) for p in skipped]}, ensure_ascii=False, indent=2))
        return worst
    for o in outcomes:
        if quiet and o.exit_code(strict) == 0:
            continue
        if o.error is not None:
            named = str(o.file) in o.error.message  # a fault inside the file names it already
            print(screen(f"{o.file}：错误：{o.error}" if quiet and not named else f"错误：{o.error}"))
        else:
            render_text(o.report, sys.stdout, strict=strict)
        print()
    failed = sum(1 for o in outcomes if o.exit_code(strict))
    if quiet:
        print(f"共 {len(outcomes)} 个文件，{failed} 个未通过。" if failed else f"共 {len(outcomes)} 个文件，全部通过。")
        return worst
    print(f"共 {len(outcomes)} 个文件：")
    for o in outcomes:
        if o.error is not None:
            state = "无法读取"
        else:
            e, w = len(o.report.errors), len(o.report.warnings)
            state = f"{o.report.city_name}，{e} 个错误、{w} 个警告" + ("" if o.exit_code(strict) else "，通过")
        print(screen(f"  {'✓' if o.exit_code(strict) == 0 else '✗'} {o.file}  {state}"))
    print(f"{failed} 个文件未通过。" if failed else "全部通过。")
    return worst


@app.command(epilog="示例：beiantool cities　　beiantool cities -f json")
@guarded
def cities(fmt: Format = typer.Option(Format.text, "--format", "-f", case_sensitive=False, help="输出格式：text 或 json。")) -> int:
    """列出内置的城市规则集、受理机关和来源。"""
    from beiantool import api

    sets, bad = api.list_rulesets_checked()
    for message in bad:
        _say(f"提示：规则目录中有无法使用的规则文件：{message}")
    if fmt is Format.json:
        import json

        data = [
            {
                "id": r.id,
                "name": r.name,
                "extends": list(r.chain[1:]),
                "description": r.description,
                "offices": [o.name for o in r.offices],
                "office_details": [o.model_dump(exclude={"source", "areas"}, exclude_none=True) for o in r.offices],
                "copies": r.filing.copies,
                "deadline_days": r.filing.deadline.days if r.filing.deadline else None,
                "sources": [s.title() for s in r.sources],
                "source_refs": [s.cite() for s in r.sources],
            }
            for r in sets
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for r in sets:
        parent = f"  [dim]（继承 {' → '.join(r.chain[1:])}）[/]" if len(r.chain) > 1 else ""
        console.print(f"[bold cyan]{r.id}[/]  [bold]{escape(r.name)}[/]{parent}")
        if r.description:
            console.print(f"  说明：{escape(r.description)}")
        zoned = any(o.areas for o in r.offices or ())
        for office in r.offices or ():
            details = "，".join(f"{k}：{v}" for k, v in (("地址", office.address), ("时间", office.hours), ("电话", office.phone)) if v)
            whom = ""
            if zoned:  # several offices: say which one takes whom (chosen by the unit's address)
                whom = f"  [dim]适用：地址在{'、'.join(office.areas[:1])}的备案者[/]" if office.areas else "  [dim]适用：其他地区的备案者[/]"
            console.print(f"  受理机关：{escape(office.name)}" + (f"（{escape(details)}）" if details else "") + whom)
        if r.filing.deadline:
            start = "网络正式联通" if r.filing.deadline.start == "connected_on" else "ICP 备案号下发"
            console.print(f"  期限：{start}之日起 {r.filing.deadline.days} 日内；备案表 {r.filing.copies or 2} 份" + ("，每个网站一张" if r.filing.form_per == "site" else ""))
        for i, source in enumerate(r.sources):
            console.print(f"  {'来源：' if i == 0 else '      '}{escape(source.title())}")
        console.print()
    return EXIT_OK


@app.command(epilog="示例：beiantool checklist --city shaoxing　　beiantool checklist 备案.yaml -f xlsx -o 清单.xlsx")
@guarded
def checklist(
    file: Optional[Path] = typer.Argument(None, help="备案 YAML 文件；给出时只列本单位需要的材料。", show_default=False, metavar="[文件]"),
    city: Optional[str] = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件代替 --city。"),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、json、md 或 xlsx。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（xlsx 必须指定）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
) -> int:
    """列出备案要带的材料：份数、盖章签字、受理机关、备案期限和预计审查日期。"""
    from beiantool import api, checklist_out

    if fmt is ListFormat.xlsx and output is None:
        raise UsageError("xlsx 格式需要用 -o 指定输出文件。", "如：beiantool checklist 备案.yaml -f xlsx -o 材料清单.xlsx")
    if output is not None:
        from beiantool.safeio import check_file_target

        check_file_target(output, force)  # refuse before any work
    try:
        if file is not None:  # what the checklist prints (unit, sites, offices) must be printable
            bad = api.validate_file(file, city, rules_file=rules_file).unprintable
            if bad:
                if fmt is ListFormat.json and output is None:
                    import json

                    print(json.dumps({"ok": False, "error": None, "problems": [p.to_dict() for p in bad]}, ensure_ascii=False, indent=2))
                return refuse_unprintable(file, bad, "未生成材料清单")
        result = api.make_checklist(file, city, rules_file)
    except UsageError as exc:
        if fmt is ListFormat.json and output is None:
            from beiantool.report import usage_json

            print(usage_json(exc))
        raise
    if fmt is ListFormat.xlsx:
        content = checklist_out.xlsx_bytes(result)
    else:
        text = {"text": checklist_out.to_text, "md": checklist_out.to_markdown, "json": checklist_out.to_json}[fmt.value](result)
        content = text if text.endswith("\n") else text + "\n"
        if output is None:
            from beiantool.privacy import escape_controls

            sys.stdout.write(escape_controls(content) if fmt is not ListFormat.json else content)
            return EXIT_OK
    from beiantool.safeio import write_file

    write_file(output, content, force)
    print(f"已写入 {output}")
    return EXIT_OK


@app.command(epilog="示例：beiantool render 备案.yaml -o 材料　　beiantool render 客户/ -o 材料 -j 2　　beiantool render 备案.yaml -o 材料 -f pdf --draft")
@guarded
def render(
    files: list[Path] = typer.Argument(..., help="备案 YAML 文件；可给多个文件或目录，每个文件的材料放在输出目录下以文件名命名的子目录。",
                                       show_default=False, metavar="文件"),
    output: Path = typer.Option(..., "--output", "-o", metavar="目录", help="输出目录（整个目录一次写好，失败时不留下半成品）。"),
    formats: str = typer.Option("docx,pdf,xlsx", "--format", "-f", metavar="格式", help="要生成的格式，逗号分隔：docx、pdf、xlsx。"),
    force: bool = typer.Option(False, "--force", help="替换该目录中 beiantool 以前生成的材料（只删除其 manifest.json 列出的文件；有其他文件时拒绝）。"),
    draft: bool = typer.Option(False, "--draft", help="有错误也生成，每页标“草稿”。"),
    font: Optional[str] = typer.Option(None, "--font", metavar="字体文件", help="PDF 使用的 TrueType 中文字体文件（默认自动查找）。"),
    city: Optional[str] = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码（默认取文件中的 city）。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", metavar="规则文件", help="用自己的规则文件代替 --city。"),
    jobs: Optional[int] = JOBS,
    quiet: bool = QUIET,
    as_json: bool = typer.Option(False, "--json", help="结果以一个 JSON 对象输出（每个文件一项）。"),
    mark_copies: MarkCopies = typer.Option(MarkCopies.id, "--mark-copies", case_sensitive=False,
                                           help="打印合订本中哪些附件标“仅供公安联网备案使用，他用无效”：id 身份证复印件、all 全部附件、none 不标。原文件不会被改动。"),
) -> int:
    """生成可打印的备案材料：备案表（按规定份数）、安全责任书、材料清单、打印合订本.pdf（含附件），以及 manifest.json。"""
    from beiantool import interrupt

    with interrupt.deferred():  # a signal stops the render between steps, never inside a document library
        return _render(files, output, formats, force, draft, font, city, rules_file, jobs, quiet, as_json, mark_copies.value)


def _render(files, output, formats, force, draft, font, city, rules_file, jobs, quiet, as_json, mark) -> int:
    wanted = tuple(f.strip().lower() for f in formats.replace("，", ",").split(",") if f.strip())
    if len(files) == 1 and not files[0].is_dir() and not as_json:
        return _render_one(files[0], output, wanted, force, draft, font, city, rules_file, quiet, mark)
    from beiantool import api
    from beiantool.render.many import _render_outcome, check_root, render_many

    skipped: list = []
    with _json_on_usage_error(Format.json if as_json else Format.text):
        if len(files) == 1 and not files[0].is_dir():  # --json for one file: the same object, OUTPUT is its folder
            existed = output.exists()
            with _interrupted_line(lambda: _one_line(output, existed)):
                outcomes = [_render_outcome(files[0], output, wanted, force, draft, font, city, rules_file, mark)]
        else:
            check_root(output)
            found, skipped = api.find_packets(files)
            _say_skipped(skipped, as_json)
            finished: dict = {}
            with _progress(len(found), quiet or as_json, "生成") as tick, _interrupted_line(lambda: _batch_line(found, finished)):
                def done(index, outcome):
                    finished[index] = outcome
                    if tick:
                        tick(index, outcome)

                outcomes = render_many(found, output, wanted, force, draft, font, city, rules_file, _jobs(jobs), done, mark)
    worst = max(o.exit_code for o in outcomes)
    if as_json:
        import json

        from beiantool.privacy import screen

        print(json.dumps({"ok": worst == 0, "files": [o.to_dict() for o in outcomes], "skipped": [screen(str(p)) for p in skipped]},
                         ensure_ascii=False, indent=2))
        return worst
    _render_summary(outcomes, quiet)
    return worst


@contextlib.contextmanager
def _interrupted_line(line):
    """While rendering: what an interrupt left on disk, said in one line (by the command, or by the watchdog)."""
    from beiantool import interrupt
    from beiantool.privacy import screen

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


def _render_summary(outcomes, quiet: bool) -> None:
    """Failures first, in words; then (unless --quiet) one table row per file; then one line."""
    from beiantool.privacy import screen

    hints: dict[str, None] = {}  # each distinct hint once, after the failures it answers
    for o in outcomes:
        if o.error is not None:  # the message names the file already when the fault is inside it
            message = o.error.message
            print(screen(f"✗ {message}" if str(o.file) in message else f"✗ {o.file}：{message}"))
            if o.error.hint:
                hints[o.error.hint] = None
        elif o.refused:
            print(screen(f"✗ {o.file}：有 {o.errors} 个错误，未生成。"))
            hints["有错误的文件请运行 beiantool validate 文件 逐条修改，或加 --draft 生成标有“草稿”的预览。"] = None
    for hint in hints:
        print(screen(f"提示：{hint}"))
    if not quiet:
        from rich import box
        from rich.console import Console
        from rich.table import Table

        table = Table("文件", "规则集", "错误", "警告", "结果", box=box.SIMPLE_HEAD, show_edge=False)
        for o in outcomes:
            if o.error is not None:
                state = "无法处理"
            elif o.refused:
                state = "有错误，未生成"
            else:
                state = f"已生成 {o.folder}{os.sep}"
            table.add_row(screen(str(o.file)), o.city_name or "-", "-" if o.error else str(o.errors),
                          "-" if o.error else str(o.warnings), screen(state))
        console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
        console.print(table, markup=False)
    done = sum(1 for o in outcomes if o.exit_code == 0)
    rest = len(outcomes) - done
    tail = f"，{rest} 个未生成（见上）。" if rest else "。"
    print(f"共 {len(outcomes)} 个文件：{done} 个已生成" + tail)
    if done and not quiet:
        warned = sum(1 for o in outcomes if o.exit_code == 0 and o.warnings)
        if warned:
            print(f"其中 {warned} 个有校验警告，请对这些文件运行 beiantool validate 逐条确认。")
        print("每个目录中有 manifest.json 和材料清单；打印后按清单逐项签字（单位还要盖章）。")


def _render_one(file: Path, output: Path, wanted, force, draft, font, city, rules_file, quiet: bool = False, mark: str = "id") -> int:
    from beiantool.render import RenderRefused, render_packet

    existed = output.exists()
    try:
        with _interrupted_line(lambda: _one_line(output, existed)):
            result = render_packet(file, output, wanted, force, draft, font, city, rules_file, mark)
    except RenderRefused as refused:
        from beiantool.report import render_text

        render_text(refused.report, sys.stderr)
        _say("备案文件有错误，未生成任何材料。请先修改；如只想预览，可加 --draft 生成标有“草稿”的材料。")
        return EXIT_PROBLEMS
    if quiet:
        return EXIT_OK
    for warning in result.warnings:
        _say(f"提示：{warning}")
    report = result.report
    errors = len(report.errors) if report else 0
    print(f"已生成 {result.directory}{os.sep}（规则集：{result.city}）" + ("，草稿" if draft else "") + "：")
    for written in result.files:
        pages = f"，{written.pages} 页" if written.pages else ""
        what = WHAT_IT_IS.get(written.kind, "")
        print(f"  {written.path}  {written.copies} 份{pages}" + (f"  ——{what}" if what else ""))
    print("  manifest.json")
    if result.remarks:
        from beiantool.privacy import screen

        print(f"生成说明（也写在 {result.directory}{os.sep}生成说明.pdf 中，不印在要签字盖章的材料上）：")
        for remark in result.remarks:
            print(screen(f"  {remark.document}：{remark.text}"))
    if draft and errors:
        print(f"这是草稿：备案文件还有 {errors} 个错误，每页都标有“草稿”，不能提交。请运行 beiantool validate {file} 逐条修改后重新生成。")
    elif draft:
        print(f"这是草稿：每页都标有“草稿”，不能提交。去掉 --draft 重新生成即可得到正式材料。")
    else:
        print(f"下一步：打印后按材料清单逐项{result.marks_word}，连同自备材料一起送交受理机关。")
    if report and report.warnings:
        print(f"注意：校验还有 {len(report.warnings)} 个警告，请运行 beiantool validate {file} 逐条确认。")
    return EXIT_OK


WHAT_IT_IS = {
    "remarks": "beiantool 对这些材料的说明（复原、推定、拟写之处），自己看，不用提交",
    "checklist": "要带的材料、份数、盖章签字、期限，逐项打勾",
    "annex": "明细表：IP地址范围、网站、下级网络、虚拟主机用户（写了客户名单时由名单生成），随材料提交",
    "lists": "客户名单（虚拟主机用户、接入单位和用户等），由名单生成，要改请改备案文件或名单文件",
    "bundle": "全部材料按清单顺序合成一个文件（含附件、页码、书签），直接打印",
}


@app.command(epilog="示例：beiantool init --city shaoxing --type company -o 备案.yaml")
@guarded
def init(
    city: str = typer.Option("shaoxing", "--city", "-c", metavar="城市", help="城市规则集代码。"),
    kind: str = typer.Option(
        "company", "--type", "-t",
        help="备案主体：company 企业 | government 政府机关 | institution 事业单位 | social_org 社会团体 | individual 个人 | other 其他。",
    ),
    output: Path = typer.Option(Path("beian.yaml"), "--output", "-o", metavar="文件", help="写到哪个文件。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
) -> int:
    """生成一份带中文注释的备案文件模板（按城市和备案主体；〔〕中的占位文字换成真实信息）。"""
    from beiantool import api

    path = api.write_starter(output, city, force, kind)
    print(f"已生成 {path}。请按注释填写后运行：beiantool validate {path}")
    return EXIT_OK


@app.command(epilog="示例：beiantool schema -o beian.schema.json")
@guarded
def schema(
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（默认输出到屏幕）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
) -> int:
    """输出备案文件的 JSON Schema（可用于编辑器的自动补全和校验）。"""
    import json

    from beiantool import api

    if output is not None:
        from beiantool.safeio import check_file_target

        check_file_target(output, force)
    text = json.dumps(api.packet_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        from beiantool.safeio import write_file

        write_file(output, text, force)
        print(f"已写入 {output}")
    return EXIT_OK


from beiantool import cli_site  # noqa: E402,F401 - registers footer, platform, change


def main() -> None:
    # the command line uses no pydantic plugins; looking for them reads every installed
    # package's entry points on each run (library users of beiantool.api are unaffected)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _install_signals()
    cli_zh.install()
    from beiantool import interrupt

    try:
        app()
    finally:
        interrupt.ignore_from_now()


if __name__ == "__main__":
    main()
