"""The command line: a thin Typer layer over beiantool.api.

Every command turns expected failures (UsageError) into one Chinese line and
exit code 2, and anything unexpected into one line, a log file holding the
traceback, and exit code 3 — never a traceback on screen.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.completion import install_callback, show_callback

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


class Format(str, Enum):
    text = "text"
    json = "json"


class ListFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _crash_log(exc: BaseException) -> Path:
    import datetime
    import os
    import platform
    import tempfile
    import traceback

    base = os.environ.get("BEIANTOOL_LOG_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "beiantool", "logs"
    )
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    body = (
        f"beiantool {__version__}\npython {sys.version}\n{platform.platform()}\nargv: {sys.argv[1:]}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    for folder in (base, tempfile.gettempdir()):
        try:
            os.makedirs(folder, exist_ok=True)
            path = Path(folder) / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(body, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path("(无法写入日志)")


def guarded(func):
    """Run a command body; map its outcome to the promised exit codes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            code = func(*args, **kwargs)
        except UsageError as exc:
            _say(f"错误：{exc}")
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback on screen
            log = _crash_log(exc)
            _say(f"beiantool 内部错误（{type(exc).__name__}），这不是你的文件的问题。详细信息已写入：{log}，请把该文件附在问题反馈中。")
            raise typer.Exit(EXIT_CRASH) from None
        raise typer.Exit(code or EXIT_OK)

    return wrapper


def _version(value: bool) -> None:
    if value:
        print(f"beiantool {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="显示版本号并退出。"),
    install_completion: bool = typer.Option(
        None, "--install-completion", callback=install_callback, expose_value=False, help="为当前 shell 安装命令补全。"
    ),
    show_completion: bool = typer.Option(
        None, "--show-completion", callback=show_callback, expose_value=False, help="显示当前 shell 的补全脚本，便于复制或自定义。"
    ),
) -> None:
    """公安联网备案材料的校验与生成工具。"""


@app.command()
@guarded
def validate(
    file: Path = typer.Argument(..., help="备案 YAML 文件。", show_default=False),
    city: Optional[str] = typer.Option(None, "--city", "-c", help="城市规则集代码（默认取文件中的 city）。"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="输出格式：text 或 json。"),
    strict: bool = typer.Option(False, "--strict", help="有警告也视为未通过（退出码 1）。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help="用自己的规则文件（可 extends 内置规则集）代替 --city。"),
) -> int:
    """按城市规则集校验备案文件。退出码：0 通过，1 有错误，2 文件或参数无法使用，3 内部错误。"""
    from beiantool import api

    report = api.validate_file(file, city, rules_file=rules_file)
    if fmt is Format.json:
        from beiantool.report import to_json

        print(to_json(report))
    else:
        from beiantool.report import render_text

        render_text(report, sys.stdout)
    return EXIT_OK if report.passed(strict) else EXIT_PROBLEMS


@app.command()
@guarded
def cities(fmt: Format = typer.Option(Format.text, "--format", "-f", help="输出格式：text 或 json。")) -> int:
    """列出内置的城市规则集、受理机关和来源。"""
    from beiantool import api

    sets = api.list_rulesets()
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
                "sources": [s.cite() for s in r.sources],
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
        for office in r.offices or ():
            details = "，".join(f"{k}：{v}" for k, v in (("地址", office.address), ("时间", office.hours), ("电话", office.phone)) if v)
            console.print(f"  受理机关：{escape(office.name)}" + (f"（{escape(details)}）" if details else ""))
        if r.filing.deadline:
            start = "网络正式联通" if r.filing.deadline.start == "connected_on" else "ICP 备案号下发"
            console.print(f"  期限：{start}之日起 {r.filing.deadline.days} 日内；备案表 {r.filing.copies or 2} 份" + ("，每个网站一张" if r.filing.form_per == "site" else ""))
        for i, source in enumerate(r.sources):
            console.print(f"  {'来源：' if i == 0 else '      '}{escape(source.cite())}")
        console.print()
    return EXIT_OK


@app.command()
@guarded
def checklist(
    file: Optional[Path] = typer.Argument(None, help="备案 YAML 文件；给出时只列本单位需要的材料。", show_default=False),
    city: Optional[str] = typer.Option(None, "--city", "-c", help="城市规则集代码。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help="用自己的规则文件代替 --city。"),
    fmt: ListFormat = typer.Option(ListFormat.text, "--format", "-f", help="输出格式：text、json、md 或 xlsx。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="写到文件（xlsx 必须指定）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
) -> int:
    """列出备案要带的材料：份数、盖章签字、受理机关、备案期限和预计审查日期。"""
    from beiantool import api, checklist_out

    if fmt is ListFormat.xlsx and output is None:
        raise UsageError("xlsx 格式需要用 -o 指定输出文件。", "如：beiantool checklist 备案.yaml -f xlsx -o 材料清单.xlsx")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output}：文件已存在，未覆盖。", "确认要覆盖请加 --force。")
    result = api.make_checklist(file, city, rules_file)
    if fmt is ListFormat.xlsx:
        _write_atomically(output, lambda tmp: checklist_out.write_xlsx(result, tmp))
    else:
        text = {"text": checklist_out.to_text, "md": checklist_out.to_markdown, "json": checklist_out.to_json}[fmt.value](result)
        if output is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            return EXIT_OK
        _write_atomically(output, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    print(f"已写入 {output}")
    return EXIT_OK


def _write_atomically(target: Path, write) -> None:
    """Write beside the target and rename, so a failure leaves no half-written file."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{target}：无法写入（{exc.strerror or exc}）。") from None
    finally:
        tmp.unlink(missing_ok=True)


@app.command()
@guarded
def render(
    file: Path = typer.Argument(..., help="备案 YAML 文件。", show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="输出目录（整个目录一次写好，失败时不留下半成品）。"),
    formats: str = typer.Option("docx,pdf,xlsx", "--format", "-f", help="要生成的格式，逗号分隔：docx、pdf、xlsx。"),
    force: bool = typer.Option(False, "--force", help="目录已存在且不为空时覆盖。"),
    draft: bool = typer.Option(False, "--draft", help="有错误也生成，每页标“草稿”。"),
    font: Optional[str] = typer.Option(None, "--font", help="PDF 使用的 TrueType 中文字体文件（默认自动查找）。"),
    city: Optional[str] = typer.Option(None, "--city", "-c", help="城市规则集代码（默认取文件中的 city）。"),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help="用自己的规则文件代替 --city。"),
) -> int:
    """生成可打印的备案材料：备案表（按规定份数）、安全责任书、材料清单，以及 manifest.json。"""
    from beiantool.render import RenderRefused, render_packet

    wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
    try:
        result = render_packet(file, output, wanted, force, draft, font, city, rules_file)
    except RenderRefused as refused:
        from beiantool.report import render_text

        render_text(refused.report, sys.stderr)
        _say("备案文件有错误，未生成任何材料。请先修改；如只想预览，可加 --draft 生成标有“草稿”的材料。")
        return EXIT_PROBLEMS
    for warning in result.warnings:
        _say(f"提示：{warning}")
    print(f"已生成 {result.directory}/（规则集：{result.city}）：")
    for written in result.files:
        pages = f"，{written.pages} 页" if written.pages else ""
        print(f"  {written.path}  {written.copies} 份{pages}")
    print("  manifest.json")
    print("下一步：打印后按材料清单逐项盖章、签字，连同自备材料一起送交受理机关。")
    if result.report and result.report.warnings:
        print(f"注意：校验还有 {len(result.report.warnings)} 个警告，请运行 beiantool validate {file} 逐条确认。")
    return EXIT_OK


@app.command()
@guarded
def init(
    city: str = typer.Option("shaoxing", "--city", "-c", help="城市规则集代码。"),
    output: Path = typer.Option(Path("beian.yaml"), "--output", "-o", help="写到哪个文件。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
) -> int:
    """生成一份带中文注释的备案文件模板。"""
    from beiantool import api

    path = api.write_starter(output, city, force)
    print(f"已生成 {path}。请按注释填写后运行：beiantool validate {path}")
    return EXIT_OK


@app.command()
@guarded
def schema(output: Optional[Path] = typer.Option(None, "--output", "-o", help="写到文件（默认输出到屏幕）。")) -> int:
    """输出备案文件的 JSON Schema（可用于编辑器的自动补全和校验）。"""
    import json

    from beiantool import api

    text = json.dumps(api.packet_schema(), ensure_ascii=False, indent=2)
    if output is None:
        print(text)
    else:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}：无法写入（{exc.strerror or exc}）。") from None
        print(f"已写入 {output}")
    return EXIT_OK


def main() -> None:
    # the command line uses no pydantic plugins; looking for them reads every installed
    # package's entry points on each run (library users of beiantool.api are unaffected)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    cli_zh.install()
    app()


if __name__ == "__main__":
    main()
