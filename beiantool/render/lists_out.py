"""The customer lists in print: one sheet each in 附表.xlsx, one table each in 客户名单.pdf (and the bundle).

Both page properly: the header row is repeated on every printed page (the sheet's print
titles; the PDF's repeatRows) and a row is never split across two pages (a worksheet row
never is; the PDF table is built with splitInRow=0). The PDF is a reportlab LongTable, and a
cell becomes a wrapping Paragraph only when its text is wider than its column, so 10,000
rows take seconds, not minutes.
"""

from __future__ import annotations

from pathlib import Path

from beiantool.lists import Table

PDF_NAME = "客户名单.pdf"
_WEIGHTS = {"url": 26, "name": 20, "owner": 9, "contact": 16, "ip": 15, "ip_range": 20, "police_number": 20,
            "id_number": 17, "address": 22}
SIZE = 8


def edit_note(table: Table, packet: str) -> str:
    where = f"名单文件 {table.file}" if table.file else f"备案文件 {packet} 的 lists.{table.kind.key}"
    return (f"共 {len(table)} 行，由 beiantool 按{where}生成。要修改请改{where}，再运行 beiantool render，"
            "不要直接修改生成的文件（重新生成时会被替换）。")


def headers(table: Table) -> list[str]:
    return ["序号"] + [table.title_of(k) for k in table.keys if k]


def rows(table: Table) -> list[list[str]]:
    columns = [table.values[k] for k in table.keys if k]
    return [[str(i + 1)] + list(cells) for i, cells in enumerate(zip(*columns))] if columns else []


def add_sheets(wb, tables: dict[str, Table], packet: str, sheet, draft: bool) -> None:
    """One sheet per list, drawn by the annex's own sheet helper (``sheet``: annex._sheet)."""
    for table in tables.values():
        keys = [k for k in table.keys if k]
        widths = [6] + [min(40, max(10, _WEIGHTS.get(k, 14) * 1.3)) for k in keys]
        sheet(wb, table.kind.title, headers(table), rows(table), widths, note=edit_note(table, packet), draft=draft)


def glyph_check(font, tables: dict[str, Table]) -> None:
    """Every character of every list is in the font, else one error at the list's row and column."""
    from beiantool.render.fonts import GlyphMissing

    for table in tables.values():
        for key in (k for k in table.keys if k):
            values = table.values[key]
            missing = font.missing("".join(set("".join(values))))
            if not missing:
                continue
            i = next(n for n, v in enumerate(values) if any(ch in v for ch in missing))
            where = f"{table.file}:{table.rows[i]}:{table.numbers[key]}" if table.file else f"{table.source}（lists.{table.kind.key} 第 {i + 1} 项）"
            chars = "、".join(f"“{ch}”(U+{ord(ch):04X})" for ch in missing)
            raise GlyphMissing(f"{where}：字体中没有字符 {chars}（{table.kind.title}名单的“{table.title_of(key)}”），PDF 无法印出。",
                               "请用 --font 指定包含这些字的字体，或改用常用字写法；只要 Excel 附表可加 -f xlsx。")


def flowables(tables: dict[str, Table], packet: str, font: str) -> list:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import LongTable, PageBreak, Spacer, TableStyle

    from beiantool.render.pdf_writer import MARGIN, _p, _styles

    st = _styles(font)
    cell = ParagraphStyle("list-cell", parent=st["value"], fontSize=SIZE, leading=SIZE * 1.3)
    head = ParagraphStyle("list-head", parent=st["label"], fontSize=SIZE, leading=SIZE * 1.3)
    width = A4[0] - 2 * MARGIN
    out: list = []
    for n, table in enumerate(tables.values()):
        if n:
            out.append(PageBreak())
        keys = [k for k in table.keys if k]
        weights = [4.5] + [_WEIGHTS.get(k, 14) for k in keys]
        widths = [w * width / sum(weights) for w in weights]
        room = [w - 4.2 for w in widths]  # the table's default cell padding, both sides

        def shown(text: str, i: int):
            return text if stringWidth(text, font, SIZE) <= room[i] and "\n" not in text else _p(text, cell)

        data = [[_p(h, head) for h in headers(table)]]
        data.extend([shown(v, i) for i, v in enumerate(row)] for row in rows(table))
        out.append(_p(f"{table.kind.title}名单", st["title"]))
        out.append(_p(edit_note(table, packet), st["note"]))
        if table.kind.note:
            out.append(_p(table.kind.note, st["note"]))
        out.append(Spacer(1, 2 * mm))
        out.append(LongTable(data, colWidths=widths, repeatRows=1, splitInRow=0, style=TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONT", (0, 1), (-1, -1), font, SIZE), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ])))
    return out


def write_pdf(path: Path, tables: dict[str, Table], packet: str, font: str, draft: bool) -> int:
    from beiantool.render import pdf_writer

    return pdf_writer.write(path, [(flowables(tables, packet, font), None)], font, draft, "客户名单")
