"""Write resolved forms and letters as .docx with python-docx.

python-docx starts from US Letter with no East Asian font: the page is set to
A4 and 宋体 is set as the East Asian font (w:eastAsia) of the styles and of every
run, 黑体 for required labels, so Word and WPS use the faces the PDF uses. Line
breaking follows linebreak: identifiers are glued with WORD JOINERs, a value too
wide for its cell is set smaller (down to linebreak.FLOOR) before it may break
after its own . @ / -. Table rows never split across pages (w:cantSplit) and a
table's header row repeats (w:tblHeader). Checkboxes use □/■ and
○/● (present in every GB 2312 font). The zip is rewritten with fixed
timestamps so the same packet gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Optional

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.oxml.simpletypes import ST_Merge
from docx.table import _Cell

from beiantool.render.fields import Cell, placements
from beiantool.render.layout import Form
from beiantool.render.zipfix import normalized_zip
from beiantool.render.letters import Letter

EAST_ASIAN = "宋体"
EAST_ASIAN_STRONG = "黑体"  # required labels: “黑体字部分为必填项”
LATIN = "Times New Roman"
JOIN = "\u2060"  # WORD JOINER: no line break inside an option (its mark and label)
CELL_MARGINS_MM = 3.8  # Word's default left and right cell margins (0.19 cm each)
PT_MM = 0.3528
MARKERS = {"box": ("□", "■"), "circle": ("○", "●")}


def _fonts(element, size: Optional[float] = None, east_asian: str = EAST_ASIAN) -> None:
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key, value in (("w:eastAsia", east_asian), ("w:ascii", LATIN), ("w:hAnsi", LATIN)):
        fonts.set(qn(key), value)


def unbreakable(text: str) -> str:
    """Glue every character to the next, so Word and LibreOffice never break inside the text."""
    return JOIN.join(text)


def _width_mm(text: str, size: float) -> float:
    """About how wide text is: a CJK character one em, a Latin letter or digit half of one."""
    from beiantool.render.checklist_out import display_width

    return display_width(text) / 2 * size * PT_MM


def fit(text: str, width_mm: float, size: float = 10.5) -> tuple[float, bool]:
    """(font size, may an identifier break at its own marks): a value too wide for one line is set
    smaller, down to linebreak.FLOOR; one still too wide keeps its longest identifier whole if it can."""
    from beiantool.render import linebreak

    room = width_mm - CELL_MARGINS_MM
    widest = max((_width_mm(part, size) for part in text.split("\n")), default=0.0)
    if not text.strip() or widest <= room:
        return size, False
    if size * room / widest >= linebreak.FLOOR:
        return _half_points_down(size * room / widest), False
    longest = max((_width_mm(text[a:b], size) for a, b in linebreak.identifiers(text)), default=0.0)
    if longest <= room:
        return size, False
    smaller = max(linebreak.FLOOR, _half_points_down(size * room / longest))
    return smaller, longest * smaller / size > room


def _half_points_down(size: float) -> float:
    return int(size * 2) / 2


def _run(para, text: str, size: Optional[float] = None, east_asian: str = EAST_ASIAN):
    """A run with its East Asian font set (w:eastAsia), as Word and WPS need it."""
    run = para.add_run(text)
    _fonts(run._element, east_asian=east_asian)
    if size:
        run.font.size = Pt(size)
    return run


def _keep_rows(table, header_rows: int = 0) -> None:
    """No row splits across pages; the first ``header_rows`` repeat on each page."""
    for n, tr in enumerate(table._tbl.tr_lst):
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if n < header_rows:
            trpr.append(OxmlElement("w:tblHeader"))


def _value(para, text: str, width_mm: float, size: float = 10.5) -> None:
    from beiantool.render import linebreak

    fitted, soft = fit(text, width_mm, size)
    _run(para, linebreak.glue(text, soft), fitted if fitted != size or size != 10.5 else None)


def new_document(title: str, stamp: datetime.datetime, draft: bool):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    for name in ("Normal", "Title", "Header", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        _fonts(style.element)
        if name == "Normal":
            style.font.size = Pt(10.5)
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
            style.element.get_or_add_rPr().append(lang)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "beiantool", "beiantool"
    props.created = props.modified = stamp
    props.revision = 1
    if draft:
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = _run(para, "草稿（未通过校验，不能提交）")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(20), RGBColor(0xC0, 0x00, 0x00)
    return doc


def _para(container, text: str, align=WD_ALIGN_PARAGRAPH.LEFT, size: Optional[float] = None, bold=False, indent=None):
    para = container.add_paragraph()
    para.alignment = align
    if indent is not None:
        para.paragraph_format.first_line_indent = indent
    from beiantool.render import linebreak

    run = _run(para, linebreak.glue(text), size)
    run.bold = bold
    return para


def _copy_mark(doc, mark: Optional[str], first: bool) -> None:
    if not first:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    if mark:
        _para(doc, mark, WD_ALIGN_PARAGRAPH.RIGHT, 9)


def add_form(doc, form: Form, mark: Optional[str], first: bool) -> None:
    _copy_mark(doc, mark, first)
    if form.cover:
        align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
        for line in form.cover:
            if "space" in line:
                doc.add_paragraph().paragraph_format.space_after = Pt(line["space"] / 2)
            elif line.get("style") == "title":
                _para(doc, line["text"], WD_ALIGN_PARAGRAPH.CENTER, 20, bold=True)
            else:
                _para(doc, line["text"], align[line.get("align", "left")], 12)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, form.title, WD_ALIGN_PARAGRAPH.CENTER, 16, bold=True)
    header = _para(doc, form.header_left)
    _run(header, "\t" + form.header_right)
    header.paragraph_format.tab_stops.add_tab_stop(Mm(174), alignment=2)  # right tab at the text edge
    for n, rows in enumerate(form.tables):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _table(doc, form, rows)
    for note in ([form.notes_title] if form.notes_title else []) + form.notes:
        _para(doc, note, size=9)
    if form.continuation:
        from beiantool.render.overflow import block_widths

        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(doc, f"{form.title}（续页）", WD_ALIGN_PARAGRAPH.CENTER, 16, bold=True)
        for block in form.continuation:
            _para(doc, block.title, size=11)
            table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
            table.style = doc.styles["Table Grid"]
            widths = [Mm(174 * w) for w in block_widths(block)]
            for i, column in enumerate(table.columns):
                column.width = widths[i]
            for r, values in enumerate([block.headers] + block.rows):
                for c, (tc, value) in enumerate(zip(table.rows[r].cells, values)):
                    tc.width = widths[c]
                    if r == 0:
                        _run(tc.paragraphs[0], value).bold = True
                    else:
                        _value(tc.paragraphs[0], value, 174 * block_widths(block)[c])
            _keep_rows(table, 1)


def _table(doc, form: Form, rows) -> None:
    ncols = len(form.columns)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(form.columns)
    widths = [Mm(174 * c / total) for c in form.columns]
    table.autofit = False  # fixed layout: Word, WPS and LibreOffice all keep these widths
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, column in enumerate(table.columns):
        column.width = widths[i]  # w:gridCol, which LibreOffice reads
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    _keep_rows(table)
    grid = [list(tr.tc_lst) for tr in table._tbl.tr_lst]  # grid[r][c]: the w:tc at grid column c, before any merge
    for r, c, cell in placements(rows):
        if cell.span > 1 or cell.rowspan > 1:
            _merge(grid, r, c, cell.span, cell.rowspan)
        _fill(_Cell(grid[r][c], table), cell, 174 * sum(form.columns[c:c + cell.span]) / total)


def _merge(grid, r: int, c: int, span: int, rowspan: int) -> None:
    """Merge the empty cells of a rectangle the way Word marks it: in each row the first w:tc takes
    the others' widths and a gridSpan; a vertical span is vMerge restart, then continue.
    python-docx's own merge finds every cell by XPath and costs ~100 ms a form; placements never
    overlap, so the grid taken before any merge still names every cell this merge touches."""
    for dr in range(rowspan):
        head = grid[r + dr][c]
        for k in range(1, span):
            swallowed = grid[r + dr][c + k]
            if head.width is not None and swallowed.width is not None:
                head.width = Length(head.width + swallowed.width)
            swallowed.getparent().remove(swallowed)
        if span > 1:
            head.grid_span = span
        if rowspan > 1:
            head.vMerge = ST_Merge.RESTART if dr == 0 else ST_Merge.CONTINUE


def _fill(target, cell: Cell, width_mm: float) -> None:
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para = target.paragraphs[0]
    for extra in target.paragraphs[1:]:  # merging leaves one paragraph per merged cell
        extra._element.getparent().remove(extra._element)
    if cell.kind == "label":
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        _run(para, cell.text, east_asian=EAST_ASIAN_STRONG if cell.strong else EAST_ASIAN)
    elif cell.kind == "options":
        empty, full = MARKERS[cell.marker]
        for i, choice in enumerate(cell.choices):
            label = choice.label + (f"（{choice.extra}）" if choice.extra else "")
            if i:
                _run(para, "  ")  # the only places a line may break
            _run(para, unbreakable((full if choice.checked else empty) + label))
    elif cell.kind == "seal":
        _run(para, cell.text)
        for _ in range(3):
            target.add_paragraph()
        date = target.add_paragraph()
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(date, "年    月    日")
    else:
        _value(para, cell.text, width_mm)


def add_letter(doc, letter: Letter, mark: Optional[str], first: bool) -> None:
    _copy_mark(doc, mark, first)
    _para(doc, letter.title, WD_ALIGN_PARAGRAPH.CENTER, 16, bold=True)
    add_blocks(doc, letter.blocks)


def add_blocks(doc, blocks: list[tuple[str, str]]) -> None:
    """A letter's text blocks: para (indented), item, right, note (small), line, space."""
    for kind, text in blocks:
        if kind == "space":
            doc.add_paragraph()
        elif kind == "para":
            _para(doc, text, size=12, indent=Pt(24))
        elif kind == "item":
            _para(doc, text, size=12).paragraph_format.left_indent = Pt(24)
        elif kind == "right":
            _para(doc, text, WD_ALIGN_PARAGRAPH.RIGHT, 12)
        elif kind == "note":
            _para(doc, text, size=9)
        else:
            _para(doc, text, size=12)


def add_grid(doc, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    """A plain table with a header row (the change notice's list of changes)."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for c, width in enumerate(widths_mm):
        table.columns[c].width = Mm(width)
    for r, values in enumerate([headers, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(widths_mm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            para = cell.paragraphs[0]
            if r == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if r == 0:
                _run(para, value, 10).bold = True
            else:
                _value(para, value, widths_mm[c], 10)
    _keep_rows(table, 1)


def add_sheet(doc, title: str, before: list[tuple[str, str]], headers: list[str], rows: list[list[str]],
              percents: list[float], after: list[tuple[str, str]]) -> None:
    """A titled sheet: text blocks, one grid (column widths in percent of the text width), text blocks (the notices)."""
    _para(doc, title, WD_ALIGN_PARAGRAPH.CENTER, 16, bold=True)
    add_blocks(doc, before)
    usable = 210 - 2 * 18
    add_grid(doc, headers, rows, [usable * p / 100 for p in percents])
    add_blocks(doc, after)


def save(doc, path: Path, stamp: datetime.datetime) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(normalized_zip(buffer.getvalue(), stamp))
