"""The customer lists in print: one sheet each in 附表.xlsx, one table each in 客户名单.pdf (and the bundle).

Both page properly: the header row is repeated on every printed page (the sheet's print
titles; the PDF's repeatRows) and a row is never split across two pages (a worksheet row
never is; the PDF table is built with splitInRow=0). The PDF's rows are measured once and packed
page by page (one table per page, header first), and a cell becomes a wrapping Paragraph
only when its text is wider than its column, so 10,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from beiantool.packet.lists import Table

PDF_NAME = "客户名单.pdf"
_WEIGHTS = {"url": 26, "name": 20, "owner": 9, "contact": 16, "ip": 15, "ip_range": 20, "police_number": 27,
            "id_number": 17, "address": 22}
SIZE = 8
PAD = 3  # cell padding, every side


def edit_note(table: Table, packet: str) -> str:
    where = f"名单文件 {table.file}" if table.file else f"备案文件 {packet} 的 lists.{table.kind.key}"
    return (f"共 {len(table)} 行，由 beiantool 按{where}生成。要修改请改{where}，再运行 beiantool render，"
            "不要直接修改生成的文件（重新生成时会被替换）。")


def headers(table: Table) -> list[str]:
    return ["序号"] + [table.title_of(k) for k in table.keys if k]


def rows(table: Table) -> list[list[str]]:
    """序号 and the cells; a control character (L909 reports it; a --draft still prints) becomes U+FFFD."""
    from beiantool.base.privacy import UNPRINTABLE

    columns = [table.values[k] for k in table.keys if k]
    columns = [[UNPRINTABLE.sub("\ufffd", v) for v in c] if UNPRINTABLE.search("".join(c)) else c for c in columns]
    return [[str(i + 1)] + list(cells) for i, cells in enumerate(zip(*columns))] if columns else []


def add_sheets(wb, tables: dict[str, Table], packet: str, sheet, draft: bool, quick: bool = True) -> dict[int, list[list[str]]]:
    """One sheet per list, drawn by the annex's own sheet helper (``sheet``: annex._sheet). ``quick``: a long list
    whose every cell openpyxl would write as plain text gets only its first row from openpyxl (styled like the
    rest); the rest are returned, by sheet number, for :func:`splice` to write into the saved sheet."""
    later = {}
    for table in tables.values():
        keys = [k for k in table.keys if k]
        widths = [6] + [min(40, max(10, _WEIGHTS.get(k, 14) * 1.3)) for k in keys]
        body = rows(table)
        spliced = quick and len(body) > 1 and _plain(body)
        ws = sheet(wb, table.kind.title, headers(table), body[:1] if spliced else body, widths, note=edit_note(table, packet),
                   draft=draft)
        if spliced:
            later[wb.worksheets.index(ws) + 1] = body
    return later


def _plain(body: list[list[str]]) -> bool:
    """Every cell text openpyxl writes as an inline string as it is (not cut, not an error value, no illegal character)."""
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    return all(isinstance(v, str) and len(v) <= 32767 and v not in ERROR_CODES for row in body for v in row) \
        and not any(ILLEGAL_CHARACTERS_RE.search("".join(row)) for row in body)


_ROW = re.compile(r'<row r="(\d+)"><c r="A\d+" s="(\d+)".*?</row>', re.S)


def _xml_text(text: str) -> str:
    """Text as openpyxl's lxml writer puts it in a sheet: ASCII, markup escaped, the rest as character references."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;").encode(
        "ascii", "xmlcharrefreplace").decode("ascii")


def _row_xml(n: int, values: list[str], letters: list[str], style: str) -> str:
    cells = []
    for letter, v in zip(letters, values):
        head = f'<c r="{letter}{n}" s="{style}" t="inlineStr">'
        if v == "":
            cells.append(head + "</c>")
        else:
            space = ' xml:space="preserve"' if v != v.strip() else ""
            cells.append(f"{head}<is><t{space}>{_xml_text(v)}</t></is></c>")
    return f'<row r="{n}">' + "".join(cells) + "</row>"


def splice(sheet: bytes, body: list[list[str]]) -> Optional[bytes]:
    """A sheet openpyxl wrote with the first of ``body``'s rows, with every row: the rows written here as openpyxl
    writes them (the style of its first row; the dimension grown). None when the first row does not come out the
    same as openpyxl's (the caller then lets openpyxl write them all)."""
    from openpyxl.utils import get_column_letter

    text = sheet.decode("ascii")
    end = text.find("</sheetData>")
    start = text.rfind('<row r="', 0, end)  # the last row written: the list's first
    found = _ROW.match(text, start) if end > 0 and start >= 0 else None
    if not found or found.end() != end:
        return None
    first, style = int(found.group(1)), found.group(2)
    letters = [get_column_letter(i + 1) for i in range(len(body[0]))]
    if _row_xml(first, body[0], letters, style) != found.group(0):
        return None
    last = first + len(body) - 1
    dimension = re.search(r'<dimension ref="A1:([A-Z]+)' + str(first) + '"/>', text)
    if not dimension:
        return None
    rows_xml = "".join(_row_xml(first + i, values, letters, style) for i, values in enumerate(body))
    text = text[:start] + rows_xml + text[end:]
    text = text.replace(dimension.group(0), f'<dimension ref="A1:{dimension.group(1)}{last}"/>', 1)
    return text.encode("ascii")


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
    """Each list as pages of tables: rows measured once and packed page by page, each page a table of
    its own that starts with the header row. Linear in rows (reportlab splitting one long table
    re-measures the rest at every page break) and no row is ever cut in two."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import PageBreak, Spacer

    from beiantool.render.pdf_writer import MARGIN, _p, _styles

    st = _styles(font)
    cell = ParagraphStyle("list-cell", parent=st["value"], fontSize=SIZE, leading=SIZE * 1.3)
    head = ParagraphStyle("list-head", parent=st["label"], fontSize=SIZE, leading=SIZE * 1.3)
    width = A4[0] - 2 * MARGIN
    frame = A4[1] - 2 * MARGIN - 12 - 2  # the frame's own padding, and a little room
    out: list = []
    for n, table in enumerate(tables.values()):
        if n:
            out.append(PageBreak())
        keys = [k for k in table.keys if k]
        first = max(stringWidth("序号", font, SIZE), stringWidth(str(len(table)), font, SIZE)) + 2 * PAD + 1
        weights = [_WEIGHTS.get(k, 14) for k in keys]
        widths = [first] + [w * (width - first) / sum(weights) for w in weights]
        room = [w - 2 * PAD for w in widths]
        line = SIZE * 1.3 + 2 * PAD  # a row of one-line cells

        def measured(values: list[str]) -> tuple[list, float]:
            cells, tallest = [], line
            for i, text in enumerate(values):
                if "\n" not in text and stringWidth(text, font, SIZE) <= room[i]:
                    cells.append(text)
                else:
                    para = _p(text, cell)
                    tallest = max(tallest, para.wrap(room[i], frame)[1] + 2 * PAD)
                    cells.append(para)
            return cells, tallest

        header = [_p(h, head) for h in headers(table)]
        header_height = max(p.wrap(room[i], frame)[1] for i, p in enumerate(header)) + 2 * PAD
        intro = [_p(f"{table.kind.title}名单", st["title"]), _p(edit_note(table, packet), st["note"])]
        if table.kind.note:
            intro.append(_p(table.kind.note, st["note"]))
        intro.append(Spacer(1, 2 * mm))
        used = sum(f.wrap(width, frame)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in intro)
        out.extend(intro)
        page_rows, page_heights, free = [header], [header_height], frame - used - header_height
        for values in rows(table):
            cells, height = measured(values)
            if height > free and len(page_rows) > 1:
                out += [RowsPage(page_rows, widths, page_heights, font), PageBreak()]
                page_rows, page_heights, free = [header], [header_height], frame - header_height
            page_rows.append(cells)
            page_heights.append(height)
            free -= height
        out.append(RowsPage(page_rows, widths, page_heights, font))
    return out


def _rows_page_class():
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class RowsPageFlowable(Flowable):
        """One page of a list: the header row, then whole rows, measured beforehand; drawn straight on the
        canvas (a grid of lines and the cell texts), since reportlab's Table costs ~0.1 ms a cell to draw."""

        def __init__(self, rows: list, widths: list[float], heights: list[float], font: str):
            super().__init__()
            self.rows, self.widths, self.heights, self.font = rows, widths, heights, font
            self.width, self.height = sum(widths), sum(heights)

        def wrap(self, *_):
            return self.width, self.height

        def draw(self):
            c = self.canv
            xs = [0.0]
            for w in self.widths:
                xs.append(xs[-1] + w)
            ys = [self.height]
            for h in self.heights:
                ys.append(ys[-1] - h)
            c.saveState()
            c.setFillColor(colors.Color(0.92, 0.92, 0.92))
            c.rect(0, ys[1], self.width, self.heights[0], stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.setLineWidth(0.5)
            c.grid(xs, ys)
            text = c.beginText()
            text.setFont(self.font, SIZE)
            for row, top, h in zip(self.rows, ys, self.heights):
                for cell, x, w in zip(row, xs, self.widths):
                    if isinstance(cell, str):
                        if cell:
                            text.setTextOrigin(x + PAD, top - h / 2 - SIZE * 0.35)
                            text.textOut(cell)
                    else:
                        _, ph = cell.wrap(w - 2 * PAD, h)
                        cell.drawOn(c, x + PAD, top - h / 2 - ph / 2)
            c.drawText(text)
            c.restoreState()

    return RowsPageFlowable


def RowsPage(rows, widths, heights, font):  # noqa: N802 - builds the flowable class once, reportlab imported lazily
    global _ROWS_PAGE
    if _ROWS_PAGE is None:
        _ROWS_PAGE = _rows_page_class()
    return _ROWS_PAGE(rows, widths, heights, font)


_ROWS_PAGE = None


def write_pdf(path: Path, tables: dict[str, Table], packet: str, font: str, draft: bool, fonts=None):
    """客户名单.pdf drawn, not yet saved (pdf_pages.Laid); ``fonts``: the packet's shared fonts."""
    from beiantool.render import pdf_writer

    return pdf_writer.lay_out(path, [(flowables(tables, packet, font), None)], font, draft, "客户名单", fonts)
