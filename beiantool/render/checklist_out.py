"""The checklist as terminal text, Markdown, JSON, or a printable xlsx with a tick column."""

from __future__ import annotations

import json
import math
import unicodedata
from beiantool.render.xlsxlib import Align, Book, Font, Style
from beiantool.tasks.checklist import Checklist, Entry

BOX = "☐"


def _who(entry: Entry) -> str:
    if entry.item.online:
        return "网上上传"
    return "beiantool 生成" if entry.item.made_by == "beiantool" else "自备"


def _marks(entry: Entry) -> str:
    return "、".join(entry.item.marks) or "—"


ONLINE_HEADING = "在网上平台上传的电子版（不交纸质材料，不进打印合订本）："


def _copies(entry: Entry) -> str:
    if entry.item.online:
        return "电子版"
    if entry.item.show_only:
        return "出示"
    return f"{entry.item.copies} 份" if entry.item.copies else "事项"


def header_lines(c: Checklist) -> list[str]:
    title = f"{c.ruleset.name}公安联网备案材料清单" + (f"：{c.filer}" if c.filer else "（全部条目及适用条件）")
    lines = [title]
    if c.office:
        o = c.office
        lines.append("受理机关：" + o.name + (f"（{o.note}）" if o.note else ""))
        for label, value in (("地址", o.address), ("快递", o.mail_address), ("办公时间", o.hours), ("电话", o.phone)):
            if value:
                lines.append(f"  {label}：{value}")
    if c.deadlines:
        for d in c.deadlines:
            basis = c.ruleset.filing.deadline.basis if c.ruleset.filing.deadline else ""
            lines.append(f"备案期限：最迟 {d.date.isoformat()}（含当日；{d.start_label} {d.start.isoformat()} 起 {d.days} 日；{basis}）")
    elif c.deadline_rule:
        lines.append(f"备案期限：{c.deadline_rule}")
    if c.ruleset.filing.online:
        lines.append(f"网上备案：{c.ruleset.filing.online}")
    for step in c.review:
        unit = "个工作日" if step.working_days else "日"
        when = f"，预计最迟 {step.by.isoformat()}（含）" if step.by else ""
        lines.append(f"审查：{step.name}：{step.days} {unit}{when}" + (f"（{step.note}）" if step.note else ""))
    if c.filed_on:
        lines.append(f"（日期按填表日 {c.filed_on.isoformat()} 推算）")
    if any(e.tracked for e in c.entries):
        have = [e for e in c.entries if e.have]
        missing = [e for e in c.entries if e.attached == "未附"]
        lines.append(f"附件：已附 {len(have)} 项" + (f"，还缺 {len(missing)} 项：" + "、".join(e.item.name for e in missing) if missing else "，自备材料都已附上"))
    return lines


def ordered(c: Checklist) -> list[tuple[int, Entry]]:
    """Numbered entries: what is handed over at the counter first, then what is uploaded online."""
    entries = [e for e in c.entries if not e.item.online] + [e for e in c.entries if e.item.online]
    return list(enumerate(entries, 1))


def to_text(c: Checklist) -> str:
    out = header_lines(c) + [""]
    for n, e in ordered(c):
        if e.item.online and (n == 1 or not ordered(c)[n - 2][1].item.online):
            out.append(ONLINE_HEADING)
        out.append(f"{BOX} {n}. {e.item.name}  {_copies(e)}  {_marks(e)}  [{_who(e)}]")
        if e.applies is not True:
            out.append(f"     适用：{e.condition}")
        if e.item.note:
            out.append(f"     说明：{e.item.note}")
        if e.rows is not None:  # a customer list under lists:
            out.append(f"     已附：{'、'.join(e.have) or '备案文件 lists 中的名单'}（{e.rows} 行，印在附表和客户名单中）")
        elif e.have:
            out.append(f"     已附：{'、'.join(e.have)}")
        elif e.attached:
            out.append("     还没有附上（准备好后写入备案文件的 attachments）")
        if e.item.source:
            out.append(f"     依据：{e.item.source.title()}")
    if c.notes:
        out.append("")
        out.extend(f"注：{note}" for note in c.notes)
    return "\n".join(out) + "\n"


def to_markdown(c: Checklist) -> str:
    head = header_lines(c)
    out = [f"# {head[0]}", ""] + [f"- {line.strip()}" for line in head[1:]] + [""]
    out.append("| ✓ | # | 材料 | 份数 | 盖章/签字 | 准备 | 已附 | 适用条件 | 依据 |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for n, e in ordered(c):
        name = e.item.name + (f"<br>{e.item.note}" if e.item.note else "")
        cells = [BOX, str(n), name, _copies(e), _marks(e), _who(e), e.attached, e.condition, e.item.source.title() if e.item.source else ""]
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if c.notes:
        out.append("")
        out.extend(f"> {note}" for note in c.notes)
    return "\n".join(out) + "\n"


def to_json(c: Checklist) -> str:
    return json.dumps(c.to_dict(), ensure_ascii=False, indent=2)


def display_width(text: str) -> int:
    """Width in spreadsheet character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines_needed(text: str, width: float) -> int:
    return sum(max(1, math.ceil(display_width(part) / max(width - 1.5, 1))) for part in str(text).split("\n"))


WIDTHS = (4, 5, 32, 5, 11, 9, 9, 26)  # ✓, 序号, 材料, 份数, 盖章/签字, 准备, 已附, 适用条件 / 说明
LINE_HEIGHT = 14.5  # points per line of 10-point 宋体


DRAFT_MARK = "草稿（未通过校验，不能提交）"


_TOP = Align(vertical="top", wrap=True)


def mark_draft(ws) -> None:
    """A draft workbook says so on screen (its first line; call this before adding rows) and on every printed page."""
    ws.append([DRAFT_MARK], Style(Font("宋体", 14, bold=True, color="C00000")))
    ws.header = (DRAFT_MARK, "C00000")


def xlsx_bytes(c: Checklist, stamp=None, draft: bool = False) -> bytes:
    """The workbook as bytes (dated now when ``stamp`` is None): written to memory first, so a full disk cannot
    leave a zip half-closed."""
    from beiantool.render import xlsxwrite

    return xlsxwrite.xlsx(_workbook(c, draft), stamp)


def xlsx_file(c: Checklist, stamp, draft: bool = False) -> bytes:
    """材料清单.xlsx as render writes it: every date ``stamp``, built in memory."""
    return xlsx_bytes(c, stamp, draft)


def _workbook(c: Checklist, draft: bool = False) -> Book:
    """A4 portrait, fitted to the page width, header repeated on every page, a tick column."""
    wb = Book()
    ws = wb.sheet("材料清单")
    if draft:
        mark_draft(ws)
    head = header_lines(c)
    columns = len(WIDTHS)
    title_row = ws.append([head[0]], Style(Font("宋体", 14, bold=True)))
    ws.merge(title_row, 1, columns)
    for line in head[1:]:
        ws.merge(ws.append([line.strip()]), 1, columns)
    ws.append([])
    header_row = ws.append(["✓", "序号", "材料", "份数", "盖章/签字", "准备", "已附", "适用条件 / 说明"])
    for n, e in ordered(c):
        detail = e.condition + (f"；{e.item.note}" if e.item.note else "")
        copies = "电子版" if e.item.online else "出示" if e.item.show_only else (e.item.copies or "—")
        ws.append(["", n, e.item.name, copies, _marks(e), _who(e), e.attached, detail])  # file names are text (xlsxlib)
    width = ws.max_column
    looks = {header: [_table_style(header, column) for column in range(1, width + 1)] for header in (True, False)}
    for row in range(header_row, ws.max_row + 1):
        ws.pad(row, width)
        ws.styles[row - 1] = list(looks[row == header_row])
    ws.widths = list(WIDTHS)
    # spreadsheet programs do not grow rows for wrapped text: size them here
    total = sum(WIDTHS)
    for row in range(title_row + 1, ws.max_row + 1):
        ws.pad(row, width)
        values = ws.values[row - 1]
        if row < header_row or row > header_row + len(c.entries):  # a merged line
            lines = _lines_needed(values[0] or "", total)
        else:
            lines = max(_lines_needed(v if v is not None else "", w) for v, w in zip(values, WIDTHS))
        ws.heights[row] = LINE_HEIGHT * lines + 3
    if c.notes:
        ws.append([])
        for note in c.notes:
            ws.merge(ws.append([f"注：{note}"]), 1, columns)
    for row in range(1, ws.max_row + 1):
        ws.pad(row, ws.max_column)
        if row < header_row or row > header_row + len(c.entries):
            ws.styles[row - 1][0] = ws.styles[row - 1][0]._replace(align=_TOP)
    ws.print_title = header_row
    ws.centered = True
    ws.margins = (0.5, 0.5)
    return wb


def _table_style(header: bool, column: int) -> Style:
    align = Align("center" if column in (1, 2, 4) else "left", "center", True)
    return Style(Font("宋体", 11 if column == 1 else 10, bold=header), True, align)
