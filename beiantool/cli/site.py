"""Commands about websites on the national platform: footer, platform, change."""


import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from beiantool.base.errors import EXIT_OK, EXIT_PROBLEMS, UsageError
from beiantool.cli import present
from beiantool.cli.guard import guarded, refuse_unprintable, say, say_kept
from beiantool.cli.options import CITY

SITE = typer.Option(None, "--site", "-s", metavar="网站", help="只处理一个网站：序号（从 1 起）或它的一个域名。")


class FooterFormat(str, Enum):
    html = "html"
    json = "json"


class SheetFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@guarded
def footer(
    file: Path = typer.Argument(..., help="备案 YAML 文件（网站的 police_number 填好公安备案号）。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    icon: str = typer.Option("beian-icon.png", "--icon", metavar="地址", help="备案图标在你网站上的地址（图标从平台登录后下载）。"),
    fmt: FooterFormat = typer.Option(FooterFormat.html, "--format", "-f", case_sensitive=False, help="输出格式：html 或 json。"),
    city: Optional[str] = CITY,
) -> int:
    """生成网站首页底部的备案信息 HTML：ICP 备案号链接到工信部查询，公安备案号带图标，链接到平台的查询页。"""
    from beiantool.render.footer import FooterRefused, make

    try:
        made, skipped, warnings = make(file, site, city)
    except FooterRefused as refused:
        present.footer_refused(file, refused.problems)
        return EXIT_PROBLEMS
    present.footers(file, made, skipped, warnings, icon, as_json=fmt is FooterFormat.json)
    return EXIT_OK if made else EXIT_PROBLEMS


@guarded
def platform(
    file: Path = typer.Argument(..., help="备案 YAML 文件。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、md 或 json。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（身份证号完整写出，屏幕上则遮住中间几位）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时替换（原文件另存为 .bak）。"),
    city: Optional[str] = CITY,
) -> int:
    """列出每个网站在全国公安机关互联网站安全服务平台上要填的栏目和要粘贴的内容，以及平台上的步骤。"""
    from beiantool.render import platform as sheet_mod

    result = sheet_mod.make(file, site, city)
    if result.unprintable:
        return refuse_unprintable(file, result.unprintable, "未生成平台填写清单")
    content = present.platform_sheet(result, fmt.value, masked=output is None)
    if output is not None:
        from beiantool.base.safeio import write_file

        write_file(output, content, force, say_kept)
        say(f"已写入 {output}（含完整身份证号，请妥善保管）。")
    else:
        present.echo(content, end="")
    if result.errors and fmt is not SheetFormat.json:
        say(f"提示：备案文件还有 {result.errors} 个错误，先运行 beiantool validate {file} 改正，再到平台填写。")
    if result.missing:
        say(f"有 {result.missing} 个必填栏目是空的（见上面的“错误”），补上后再到平台提交。")
        return EXIT_PROBLEMS
    return EXIT_OK


@guarded
def change(
    old: Path = typer.Argument(..., help="变更前的备案文件（已办理备案的那一份）。", show_default=False, metavar="旧文件"),
    new: Optional[Path] = typer.Argument(None, help="变更后的备案文件（--cancel 时不用）。", show_default=False, metavar="新文件"),
    cancel: bool = typer.Option(False, "--cancel", help="终止联网（整个单位）或注销一个网站（加 --site）。"),
    site: Optional[str] = SITE,
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="目录", help="把告知书（docx、pdf）写到这个目录。"),
    fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="屏幕输出格式：text 或 json。"),
    force: bool = typer.Option(False, "--force", help="替换该目录中 beiantool 以前生成的告知书。"),
    font: Optional[str] = typer.Option(None, "--font", metavar="字体文件", help="PDF 使用的 TrueType 中文字体文件（默认自动查找）。"),
    city: Optional[str] = CITY,
) -> int:
    """比较变更前后的两份备案文件，生成变更告知书和要办的事项；--cancel 生成终止联网或网站注销告知书。"""
    import datetime

    from beiantool.render import notice as notice_mod
    from beiantool.render import stamp_for

    if fmt is SheetFormat.md:
        raise UsageError("change 的屏幕输出只有 text 和 json 两种格式。", "去掉 -f md，或用 -f json。")
    from beiantool.base import interrupt

    today = datetime.date.today()
    with interrupt.deferred():  # the notice is written whole, and a signal never lands inside a document library
        return _change(old, new, cancel, site, output, fmt, force, font, city, today)


def _change(old: Path, new: Optional[Path], cancel: bool, site, output, fmt, force: bool, font, city, today) -> int:
    from beiantool.render import notice as notice_mod
    from beiantool.render import stamp_for

    try:
        notice, data = notice_mod.from_files(old, new, cancel, site, city, today)
    except notice_mod.Unprintable as bad:
        return refuse_unprintable(bad.file, bad.problems, "未生成告知书")
    except notice_mod.ChangeRefused as refused:
        from beiantool.cli.report import render_text

        render_text(refused.report, sys.stderr)
        say(f"变更后的备案文件有错误，未生成告知书。请先改正 {new}（beiantool validate {new}）。")
        return EXIT_PROBLEMS
    if notice is None:
        say(f"两份备案文件在计入变更的栏目上没有不同（不计入：{notice_mod.NOT_COUNTED_TEXT}），不用告知，未写入任何文件。")
        return EXIT_OK
    present.notice(notice, today, as_json=fmt is SheetFormat.json)
    if output is not None:
        names = notice_mod.write(notice, output, ("docx", "pdf"), force, font, stamp_for(data))
        say(f"已写入 {output}：{'、'.join(names)}")
        say(f"生成说明：《{notice.title}》{notice_mod.GENERATED}（写在 生成说明.pdf 中，不印在告知书上）")
    elif fmt is SheetFormat.text:
        say("加 -o 目录 生成可打印的告知书（docx、pdf）。")
    return EXIT_OK


COMMANDS = (
    (footer, "示例：beiantool footer 备案.yaml　　beiantool footer 备案.yaml --site www.example.cn --icon /img/beian.png"),
    (platform, "示例：beiantool platform 备案.yaml　　beiantool platform 备案.yaml --site 2 -f md -o 平台填写清单.md"),
    (change, "示例：beiantool change 旧.yaml 新.yaml -o 变更告知　　beiantool change 备案.yaml --cancel --site 2 -o 注销告知"),
)
