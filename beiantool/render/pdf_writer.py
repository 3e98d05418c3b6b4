"""Draw resolved forms and letters as an A4 PDF with reportlab.

Checkboxes and radio circles are vector shapes (no CJK font has ☑/☐). Output is
invariant: the same input gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from beiantool.render.fields import Cell, placements
from beiantool.render.layout import Form
from beiantool.render.overflow import block_widths
from beiantool.render.letters import Letter
from beiantool.render.pdf_text import Wrapped

from beiantool.render.pdf_pages import MARGIN

BODY = 10.5
BOX = 3.0 * mm


class Options(Flowable):
    """A wrapped line of options, each with a vector box or circle, checked or not."""

    def __init__(self, cell: Cell, font: str, size: float = BODY):
        super().__init__()
        self.cell, self.font, self.size = cell, font, size
        self.items = [(c.label + (f"（{c.extra}）" if c.extra else ""), c.checked) for c in cell.choices]
        self.lines: list[list[tuple[float, str, bool]]] = []

    def wrap(self, avail_width, avail_height):
        gap, pad = 1.2 * mm, 3.0 * mm
        self.lines, line, x = [], [], 0.0
        for label, checked in self.items:
            width = BOX + gap + stringWidth(label, self.font, self.size)
            if line and x + width > avail_width:
                self.lines.append(line)
                line, x = [], 0.0
            line.append((x, label, checked))
            x += width + pad
        if line:
            self.lines.append(line)
        self.leading = self.size * 1.55
        self.width = avail_width
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self):
        c = self.canv
        c.setLineWidth(0.6)
        for n, line in enumerate(self.lines):
            y = self.height - (n + 1) * self.leading + (self.leading - self.size) / 2 + 0.8
            for x, label, checked in line:
                self._marker(x, y, checked)
                c.setFont(self.font, self.size)
                c.drawString(x + BOX + 1.2 * mm, y, label)

    def _marker(self, x, y, checked):
        c = self.canv
        if self.cell.marker == "circle":
            c.circle(x + BOX / 2, y + BOX / 2 - 0.3, BOX / 2, stroke=1, fill=0)
            if checked:
                c.circle(x + BOX / 2, y + BOX / 2 - 0.3, BOX / 4, stroke=0, fill=1)
            return
        c.rect(x, y - 0.3, BOX, BOX, stroke=1, fill=0)
        if checked:
            p = c.beginPath()
            p.moveTo(x + BOX * 0.18, y + BOX * 0.5)
            p.lineTo(x + BOX * 0.42, y + BOX * 0.18)
            p.lineTo(x + BOX * 0.85, y + BOX * 0.9)
            c.setLineWidth(1.0)
            c.drawPath(p, stroke=1, fill=0)
            c.setLineWidth(0.6)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=BODY, leading=BODY * 1.45, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=2.5 * mm),
        "label": ParagraphStyle("label", parent=base, alignment=TA_CENTER),
        "value": ParagraphStyle("value", parent=base, alignment=TA_LEFT),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=13),
        "body": ParagraphStyle("body", parent=base, fontSize=11.5, leading=21, firstLineIndent=23),
        "plain": ParagraphStyle("plain", parent=base, fontSize=11.5, leading=21),
        "item": ParagraphStyle("item", parent=base, fontSize=11.5, leading=21, leftIndent=23),
    }


def _p(text: str, style, shrink: bool = False) -> Wrapped:
    """A paragraph broken by the rules of Chinese typesetting (linebreak); ``shrink``: a value made
    smaller, down to a legible floor, before it breaks."""
    return Wrapped(text, style, shrink)


def form_flowables(form: Form, font: str, mark: Optional[str], strong=None) -> list:
    """strong(text) -> the font for a required field's label (黑体); None: the body font."""
    st = _styles(font)
    width = A4[0] - 2 * MARGIN
    total = sum(form.columns)
    widths = [width * c / total for c in form.columns]
    tables = []
    for n, rows in enumerate(form.tables):
        if n:
            tables.append(PageBreak())
        tables.append(_table(rows, widths, st, font, strong))
    header = Table(
        [[_p(form.header_left, st["value"]), _p(form.header_right, st["right"])]],
        colWidths=[width * 0.6, width * 0.4],
        style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
    )
    out = _cover(form, st) + [_p(form.title, st["title"]), header, Spacer(1, 2 * mm)] + tables + [Spacer(1, 3 * mm)]
    if form.notes:
        out.append(KeepTogether([_p(form.notes_title, st["note"])] + [_p(n, st["note"]) for n in form.notes]))
    if form.continuation:
        out += [PageBreak(), _p(f"{form.title}（续页）", st["title"])]
        for block in form.continuation:
            out += [_p(block.title, st["plain"]), _block_table(block, width, st), Spacer(1, 4 * mm)]
    return out


class KeptRows(Table):
    """A table whose rows never split across pages (splitInRow=0), unless one row alone is taller
    than a whole page: then, and only then, that row continues on the next page."""

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if parts or avail_height < A4[1] - 2 * MARGIN - 80:  # not at a page's top: the row moves to the next page
            return parts
        self.splitInRow = 1
        try:
            return super().split(avail_width, avail_height)
        finally:
            self.splitInRow = 0


def _block_table(block, width, st) -> Table:
    rows = [[_p(h, st["label"]) for h in block.headers]]
    rows += [[_p(text, st["value"], shrink=True) for text in row] for row in block.rows]
    return KeptRows(rows, colWidths=[width * w for w in block_widths(block)], repeatRows=1, splitInRow=0, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]))


PADDING = 6  # reportlab's default left and right cell padding, in points


def _table(rows, widths, st, font, strong=None) -> Table:
    grid = [["" for _ in widths] for _ in rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    for r, c, cell in placements(rows):
        if cell.kind == "label":
            look = st["value"] if cell.align == "left" else st["label"]
            if cell.strong and strong is not None:
                look = ParagraphStyle("strong", parent=look, fontName=strong(cell.text))
            grid[r][c] = _p(cell.text, look)
        elif cell.kind == "options":
            grid[r][c] = Options(cell, font)
        elif cell.kind == "seal":
            grid[r][c] = [_p(cell.text, st["value"]), Spacer(1, 12 * mm), _p("年    月    日", st["right"])]
        else:
            grid[r][c] = _p(cell.text, st["value"], shrink=True)
        if cell.span > 1 or cell.rowspan > 1:
            style.append(("SPAN", (c, r), (c + cell.span - 1, r + cell.rowspan - 1)))
    return Table(grid, colWidths=widths, style=TableStyle(style))


def _cover(form: Form, st) -> list:
    if not form.cover:
        return []
    out = []
    align = {"left": st["value"], "center": st["label"], "right": st["right"]}
    for line in form.cover:
        if "space" in line:
            out.append(Spacer(1, line["space"] * mm / 2.8))
        elif line.get("style") == "title":
            out.append(_p(line["text"], ParagraphStyle("cover", parent=st["title"], fontSize=20, leading=30)))
        else:
            out.append(_p(line["text"], align[line.get("align", "left")]))
    return out + [PageBreak()]


def letter_flowables(letter: Letter, font: str) -> list:
    st = _styles(font)
    return [_p(letter.title, st["title"])] + block_flowables(letter.blocks, st)


def block_flowables(blocks: list[tuple[str, str]], st: dict) -> list:
    styles = {"para": "body", "line": "plain", "item": "item", "right": "right", "rule": "plain", "note": "note"}
    return [Spacer(1, 4 * mm) if kind == "space" else _p(text, st[styles[kind]]) for kind, text in blocks]


def grid_flowable(headers: list[str], rows: list[list[str]], percents: list[float], font: str) -> Table:
    """A plain table with a header row repeated on each page (the change notice's list of changes)."""
    st = _styles(font)
    width = A4[0] - 2 * MARGIN
    data = [[_p(h, st["label"]) for h in headers]] + [[_p(v, st["value"], shrink=True) for v in row] for row in rows]
    return KeptRows(data, colWidths=[p * width / 100 for p in percents], repeatRows=1, splitInRow=0, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]))


def sheet_flowables(title: str, before: list[tuple[str, str]], headers: list[str], rows: list[list[str]],
                    percents: list[float], after: list[tuple[str, str]], font: str) -> list:
    """A titled sheet: text blocks, one grid, text blocks kept together (the notices)."""
    st = _styles(font)
    return [_p(title, st["title"]), *block_flowables(before, st), Spacer(1, 3 * mm),
            grid_flowable(headers, rows, percents, font), KeepTogether(block_flowables(after, st))]


def write(path: Path, documents: list[tuple[list, Optional[str]]], font: str, draft: bool, title: str) -> int:
    """documents: (flowables, copy mark) per part; each starts on a new page. Returns the page count."""
    return lay_out(path, documents, font, draft, title).save()


def lay_out(path: Path, documents: list[tuple[list, Optional[str]]], font: str, draft: bool, title: str, fonts=None):
    """As :func:`write`, drawn but not saved (pdf_pages.Laid); ``fonts``: the packet's shared fonts."""
    from beiantool.render import pdf_pages

    return pdf_pages.lay_out(path, documents, [], font, draft, title, fonts)


def write_copies(path: Path, flowables: list, marks: list[Optional[str]], font: str, draft: bool, title: str) -> int:
    """One document in len(marks) copies that differ only in their mark: laid out and drawn once, its pages
    then repeated for each further copy with that copy's mark and page numbers. Returns the page count."""
    return lay_out_copies(path, flowables, marks, font, draft, title).save()


def lay_out_copies(path: Path, flowables: list, marks: list[Optional[str]], font: str, draft: bool, title: str, fonts=None):
    """As :func:`write_copies`, drawn but not saved (pdf_pages.Laid); ``fonts``: the packet's shared fonts."""
    from beiantool.render import pdf_pages

    return pdf_pages.lay_out(path, [(flowables, marks[0])], marks[1:], font, draft, title, fonts)


CHECKLIST_HEADERS = ("核对", "序号", "材料", "份数", "盖章/签字", "准备", "已附", "适用条件 / 说明")


def checklist_strings(c):
    """Everything checklist_flowables prints, for the glyph check."""
    from beiantool.render.checklist_out import _copies, _marks, _who, header_lines

    yield from ((line, "") for line in header_lines(c))
    yield from ((h, "") for h in CHECKLIST_HEADERS)
    for e in c.entries:
        for piece in (e.item.name, _copies(e), _marks(e), _who(e), e.attached, e.condition, e.item.note or ""):
            yield piece, ""
    yield from ((f"注：{n}", "") for n in c.notes)


def checklist_flowables(c, font: str) -> list:
    """The checklist as a table with an empty tick box per item."""
    from beiantool.render.checklist_out import _copies, _marks, _who, header_lines, ordered

    st = _styles(font)
    head = header_lines(c)
    out = [_p(head[0], st["title"])] + [_p(line.strip(), st["note"]) for line in head[1:]] + [Spacer(1, 3 * mm)]
    width = A4[0] - 2 * MARGIN
    widths = [w * width / 100 for w in (6, 5, 30, 7, 12, 11, 9, 20)]
    rows = [[_p(h, st["label"]) for h in CHECKLIST_HEADERS]]
    for n, e in ordered(c):
        detail = e.condition + (f"；{e.item.note}" if e.item.note else "")
        rows.append([_TickBox(), _p(str(n), st["label"]), _p(e.item.name, st["value"]), _p(_copies(e), st["label"]),
                     _p(_marks(e), st["value"]), _p(_who(e), st["value"], shrink=True), _p(e.attached, st["value"]),
                     _p(detail, st["note"])])
    table = KeptRows(rows, colWidths=widths, repeatRows=1, splitInRow=0, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]))
    out.append(table)
    if c.notes:
        out.append(Spacer(1, 3 * mm))
        out.extend(_p(f"注：{n}", st["note"]) for n in c.notes)
    return out


class _TickBox(Flowable):
    def wrap(self, *_):
        self.width, self.height = 4.2 * mm, 4.2 * mm
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(0.8)
        self.canv.rect(0.6 * mm, 0, 3.6 * mm, 3.6 * mm, stroke=1, fill=0)
