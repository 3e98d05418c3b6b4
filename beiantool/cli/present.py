"""What the commands print: the many-file report, the rule-set table, the render summaries,
the footers, the platform sheet and the notices.

The commands (validate.py, render.py…) decide what happens; these functions only show it.
A single validation report's text and JSON are in report.py.
"""

from __future__ import annotations

import os
import sys

from beiantool.cli.guard import say
from beiantool.cli.options import Format


def validation(report, fmt: Format, strict: bool, quiet: bool) -> None:
    """One file's report: one JSON object, or the grouped text (nothing with --quiet when it passed)."""
    if fmt is Format.json:
        from beiantool.cli.report import to_json

        print(to_json(report))
    elif quiet and report.passed(strict):
        pass
    else:
        from beiantool.cli.report import render_text

        render_text(report, sys.stdout, strict=strict)


def skipped(entries, as_json: bool) -> None:
    """A folder's symbolic links and special files are never read: say how many (JSON carries them as "skipped")."""
    if entries and not as_json:
        from beiantool.api import skipped_note
        from beiantool.base.privacy import screen

        say(screen(f"提示：{skipped_note(entries)}"))


def validation_many(outcomes, fmt, strict: bool, quiet: bool = False, skipped=()) -> int:
    """Every file's report, then a summary; the exit code is the worst file's."""
    import json

    from beiantool.base.privacy import screen
    from beiantool.base.errors import usage_error_dict
    from beiantool.cli.report import render_text

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


def rule_sets_json(sets) -> list[dict]:
    """`cities -f json`: one object per rule set."""
    return [
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


def rule_sets_text(sets) -> None:
    """`cities`: each rule set with its offices, deadline and sources."""
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


def render_summary(outcomes, quiet: bool) -> None:
    """Failures first, in words; then (unless --quiet) one table row per file; then one line."""
    from beiantool.base.privacy import screen

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


def render_done(result, file, draft: bool) -> None:
    """One packet rendered: the notes, each file written, and what to do next."""
    for warning in result.warnings:
        say(f"提示：{warning}")
    report = result.report
    errors = len(report.errors) if report else 0
    print(f"已生成 {result.directory}{os.sep}（规则集：{result.city}）" + ("，草稿" if draft else "") + "：")
    for written in result.files:
        pages = f"，{written.pages} 页" if written.pages else ""
        what = WHAT_IT_IS.get(written.kind, "")
        print(f"  {written.path}  {written.copies} 份{pages}" + (f"  ——{what}" if what else ""))
    print("  manifest.json")
    if result.remarks:
        from beiantool.base.privacy import screen

        sheet = next((w.path for w in result.files if w.kind == "remarks"), None)  # none without PDF
        print(f"生成说明（也写在 {result.directory}{os.sep}{sheet} 中，不印在要签字盖章的材料上）：" if sheet
              else "生成说明（不印在要签字盖章的材料上；生成 PDF 时另存为生成说明.pdf）：")
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


WHAT_IT_IS = {
    "remarks": "beiantool 对这些材料的说明（复原、推定、拟写之处），自己看，不用提交",
    "checklist": "要带的材料、份数、盖章签字、期限，逐项打勾",
    "annex": "明细表：IP地址范围、网站、下级网络、虚拟主机用户（写了客户名单时由名单生成），随材料提交",
    "lists": "客户名单（虚拟主机用户、接入单位和用户等），由名单生成，要改请改备案文件或名单文件",
    "bundle": "全部材料按清单顺序合成一个文件（含附件、页码、书签），直接打印",
}


def echo(text: str, end: str = "\n") -> None:
    """Text from a packet to the terminal: a control character in it is shown escaped, never sent raw
    (the stream guard masks the ID numbers)."""
    from beiantool.base.privacy import escape_controls

    print(escape_controls(text), end=end)


def footer_refused(file, problems) -> None:
    for p in problems:
        say(f"{file}:{p.line or '-'}:{p.column or '-'}：错误 {p.code}  {p.message}")
    say("网站名称或备案号有错误，未生成首页代码。请按提示改正（备案号照平台和工信部备案系统上的原样）后重试。")


def footers(file, made, skipped, warnings, icon: str, as_json: bool) -> None:
    """`footer`: the warnings and what was skipped on stderr; the HTML (or one JSON object) on stdout."""
    for p in warnings:
        say(f"{file}:{p.line or '-'}:{p.column or '-'}：警告 {p.code}  {p.message}")
    for why in skipped:
        say(f"提示：{why}")
    if as_json:
        import json

        print(json.dumps({"ok": bool(made), "footers": [f.to_dict(icon) for f in made], "skipped": skipped}, ensure_ascii=False, indent=2))
    elif made:
        echo("\n\n".join(f.html(icon) for f in made))
        from beiantool.rules.guide import guide

        say(f"把上面的代码放在网站首页的底部；备案图标请从{guide()['name']}登录后下载，放到网站上，地址与 src（现为 {icon}）一致（可用 --icon 指定）。")
        say(f"公安备案号链接到平台的查询页。{guide()['present_note']}")


def platform_sheet(result, fmt: str, masked: bool) -> str:
    """`platform`: the sheet as text, Markdown or JSON (ID numbers masked when it goes to the screen)."""
    from beiantool.render import platform as sheet_mod

    if fmt == "json":
        import json

        return json.dumps(sheet_mod.to_dict(result, masked), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return sheet_mod.markdown(result)
    return "\n".join(sheet_mod.text_lines(result)) + "\n"


def notice(notice, today, as_json: bool) -> None:
    """`change`: the notice as text or as one JSON object."""
    if as_json:
        import json

        print(json.dumps(notice.to_dict(today), ensure_ascii=False, indent=2))
    else:
        from beiantool.render import notice as notice_mod

        echo("\n".join(notice_mod.text_lines(notice, today)))


def own_words(found, fmt: str) -> None:
    """`sources`: every sentence of beiantool's own, grouped by kind, as text, Markdown or one JSON object."""
    if fmt == "json":
        import json

        print(json.dumps({"count": len(found), "statements": [s.to_dict() for s in found]}, ensure_ascii=False, indent=2))
        return
    from beiantool.rules.own_words import grouped

    lines = [f"beiantool 自己的话：共 {len(found)} 句（来源文件中没有原文支持；审核时请逐句核对）", ""]
    for kind, chosen in grouped(found):
        lines.append(f"## {kind}（{len(chosen)} 句）" if fmt == "md" else f"━━ {kind}（{len(chosen)} 句）━━")
        for s in chosen:
            basis = f"（依据：{s.basis}）" if s.basis else ""
            lines.append(f"- {s.where}：{s.text}{basis}" if fmt == "md" else f"  {s.where}\n    {s.text}{basis}")
        lines.append("")
    echo("\n".join(lines))
