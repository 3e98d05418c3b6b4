"""Commands about websites on the national platform: footer, platform, change.

Registered on the same Typer app as the others (imported at the end of beiantool.cli).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from beiantool.cli import _say, app, guarded
from beiantool.errors import EXIT_OK, EXIT_PROBLEMS
from beiantool.privacy import escape_controls  # the stream guard masks IDs; text echoed from a packet must not drive the terminal either

CITY = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码（默认取文件中的 city）。")
SITE = typer.Option(None, "--site", "-s", metavar="网站", help="只处理一个网站：序号（从 1 起）或它的一个域名。")


class FooterFormat(str, Enum):
    html = "html"
    json = "json"


class SheetFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command(epilog="示例：beiantool footer 备案.yaml　　beiantool footer 备案.yaml --site www.example.cn --icon /img/beian.png")
@guarded
def footer(
    file: Path = typer.Argument(..., help="备案 YAML 文件（网站的 police_number 填好公安备案号）。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    icon: str = typer.Option("beian-icon.png", "--icon", metavar="地址", help="备案图标在你网站上的地址（图标从平台登录后下载）。"),
    fmt: FooterFormat = typer.Option(FooterFormat.html, "--format", "-f", case_sensitive=False, help="输出格式：html 或 json。"),
    city: Optional[str] = CITY,
) -> int:
    """生成网站首页底部的备案信息 HTML：ICP 备案号链接到工信部查询，公安备案号带图标，链接到平台的查询页。"""
    from beiantool.footer import FooterRefused, make

    try:
        made, skipped, warnings = make(file, site, city)
    except FooterRefused as refused:
        for p in refused.problems:
            _say(f"{file}:{p.line or '-'}:{p.column or '-'}：错误 {p.code}  {p.message}")
        _say("网站名称或备案号有错误，未生成首页代码。请按提示改正（备案号照平台和工信部备案系统上的原样）后重试。")
        return EXIT_PROBLEMS
    for p in warnings:
        _say(f"{file}:{p.line or '-'}:{p.column or '-'}：警告 {p.code}  {p.message}")
    for why in skipped:
        _say(f"提示：{why}")
    if fmt is FooterFormat.json:
        import json

        print(json.dumps({"ok": bool(made), "footers": [f.to_dict(icon) for f in made], "skipped": skipped}, ensure_ascii=False, indent=2))
    elif made:
        print(escape_controls("\n\n".join(f.html(icon) for f in made)))
        from beiantool.platform import guide

        _say(f"把上面的代码放在网站首页的底部；备案图标请从{guide()['name']}登录后下载，放到网站上，地址与 src（现为 {icon}）一致（可用 --icon 指定）。")
        _say(f"公安备案号链接到平台的查询页。{guide()['present_note']}")
    return EXIT_OK if made else EXIT_PROBLEMS


@app.command(epilog="示例：beiantool platform 备案.yaml　　beiantool platform 备案.yaml --site 2 -f md -o 平台填写清单.md")
@guarded
def platform(
    file: Path = typer.Argument(..., help="备案 YAML 文件。", show_default=False, metavar="文件"),
    site: Optional[str] = SITE,
    fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、md 或 json。"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="文件", help="写到文件（身份证号完整写出，屏幕上则遮住中间几位）。"),
    force: bool = typer.Option(False, "--force", help="文件已存在时覆盖。"),
    city: Optional[str] = CITY,
) -> int:
    """列出每个网站在全国公安机关互联网站安全服务平台上要填的栏目和要粘贴的内容，以及平台上的步骤。"""
    import json

    from beiantool import platform as sheet_mod

    result = sheet_mod.make(file, site, city)
    if result.unprintable:
        from beiantool.cli import refuse_unprintable

        return refuse_unprintable(file, result.unprintable, "未生成平台填写清单")
    masked = output is None
    if fmt is SheetFormat.json:
        content = json.dumps(sheet_mod.to_dict(result, masked), ensure_ascii=False, indent=2) + "\n"
    elif fmt is SheetFormat.md:
        content = sheet_mod.markdown(result)
    else:
        content = "\n".join(sheet_mod.text_lines(result)) + "\n"
    if output is not None:
        from beiantool.safeio import write_file

        write_file(output, content, force)
        _say(f"已写入 {output}（含完整身份证号，请妥善保管）。")
    else:
        print(escape_controls(content), end="")
    if result.errors and fmt is not SheetFormat.json:
        _say(f"提示：备案文件还有 {result.errors} 个错误，先运行 beiantool validate {file} 改正，再到平台填写。")
    if result.missing:
        _say(f"有 {result.missing} 个必填栏目是空的（见上面的“错误”），补上后再到平台提交。")
        return EXIT_PROBLEMS
    return EXIT_OK


@app.command(epilog="示例：beiantool change 旧.yaml 新.yaml -o 变更告知　　beiantool change 备案.yaml --cancel --site 2 -o 注销告知")
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
    from beiantool import interrupt

    with interrupt.deferred():  # the notice is written whole, and a signal never lands inside a document library
        return _change(old, new, cancel, site, output, fmt, force, font, city)


def _change(old: Path, new: Optional[Path], cancel: bool, site, output, fmt, force: bool, font, city) -> int:
    import datetime
    import json

    from beiantool import api, notice as notice_mod, yamlread
    from beiantool.errors import UsageError
    from beiantool.footer import pick_sites
    from beiantool.render import stamp_for

    if fmt is SheetFormat.md:
        raise UsageError("change 的屏幕输出只有 text 和 json 两种格式。", "去掉 -f md，或用 -f json。")
    from beiantool.cli import refuse_unprintable

    today = datetime.date.today()
    old_doc = yamlread.load(old)
    api.refuse_non_packet(old_doc)  # compared, never validated: still one line for a file that is no packet
    old_report = api.validate_document(old_doc, city)  # the notice prints OLD's values too
    if old_report.unprintable:
        return refuse_unprintable(old, old_report.unprintable, "未生成告知书")
    if cancel:
        if new is not None:
            raise UsageError("--cancel 只需要一份备案文件（要终止或注销的那一份）。", f"去掉 {new}，或去掉 --cancel 来比较两份文件。")
        report = old_report
        index = pick_sites(old_doc.data, site, purpose="网站注销告知书")[0][0] if site is not None else None
        notice = notice_mod.cancel_notice(old_doc.data, report.ruleset, today, index)
        data = old_doc.data
    else:
        if new is None:
            raise UsageError("缺少变更后的备案文件。", "用法：beiantool change 旧.yaml 新.yaml；终止联网或注销网站用 beiantool change 备案.yaml --cancel。")
        if site is not None:
            raise UsageError("--site 只和 --cancel 一起用（注销一个网站）。", "比较两份文件时会列出所有网站的变化，去掉 --site 即可。")
        new_doc = yamlread.load(new)
        notice_mod.check_same_filer(old_doc.data, new_doc.data)  # before its errors: another unit is not a change at all
        report = api.validate_document(new_doc, city)  # OLD is the filing already made; compare() normalizes both
        if report.unprintable:
            return refuse_unprintable(new, report.unprintable, "未生成告知书")
        if not report.ok:
            import sys

            from beiantool.report import render_text

            render_text(report, sys.stderr)
            _say(f"变更后的备案文件有错误，未生成告知书。请先改正 {new}（beiantool validate {new}）。")
            return EXIT_PROBLEMS
        from beiantool import lists

        notice = notice_mod.change_notice(old_doc.data, new_doc.data, report.ruleset, today, str(new), lists.load(old_doc), lists.load(new_doc))
        data = new_doc.data
        if notice is None:
            _say(f"两份备案文件在计入变更的栏目上没有不同（不计入：{notice_mod.NOT_COUNTED_TEXT}），不用告知，未写入任何文件。")
            return EXIT_OK
    if fmt is SheetFormat.json:
        print(json.dumps(notice.to_dict(today), ensure_ascii=False, indent=2))
    else:
        print(escape_controls("\n".join(notice_mod.text_lines(notice, today))))
    if output is not None:
        names = notice_mod.write(notice, output, ("docx", "pdf"), force, font, stamp_for(data))
        _say(f"已写入 {output}：{'、'.join(names)}")
        _say(f"生成说明：《{notice.title}》{notice_mod.GENERATED}（写在 生成说明.pdf 中，不印在告知书上）")
    elif fmt is SheetFormat.text:
        _say("加 -o 目录 生成可打印的告知书（docx、pdf）。")
    return EXIT_OK


@app.command(epilog="示例：beiantool sources　　beiantool sources -f json")
@guarded
def sources(fmt: SheetFormat = typer.Option(SheetFormat.text, "--format", "-f", case_sensitive=False, help="输出格式：text、md 或 json。")) -> int:
    """列出 beiantool 自己的话：规则集、平台说明、表格和责任书中没有来源段落支持的每一句（推定、国家标准、自拟）。"""
    from beiantool.notice import own_words as notice_words
    from beiantool.rules.own_words import collect, grouped

    found = collect() + notice_words()
    if fmt is SheetFormat.json:
        import json

        print(json.dumps({"count": len(found), "statements": [s.to_dict() for s in found]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    lines = [f"beiantool 自己的话：共 {len(found)} 句（来源文件中没有原文支持；审核时请逐句核对）", ""]
    for kind, chosen in grouped(found):
        lines.append(f"## {kind}（{len(chosen)} 句）" if fmt is SheetFormat.md else f"━━ {kind}（{len(chosen)} 句）━━")
        for s in chosen:
            basis = f"（依据：{s.basis}）" if s.basis else ""
            lines.append(f"- {s.where}：{s.text}{basis}" if fmt is SheetFormat.md else f"  {s.where}\n    {s.text}{basis}")
        lines.append("")
    print(escape_controls("\n".join(lines)))
    return EXIT_OK
