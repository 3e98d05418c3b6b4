"""Write resolved forms and letters as .docx: the document body is written as WordprocessingML text.

Every other part of the package (styles, settings, theme, fonts, the draft header) comes
unchanged from a blank document shipped in templates/docx (made with python-docx's default
template by tests/render/docx_skeleton.py): A4 with 18 mm margins, 宋体 as the East Asian
font (w:eastAsia) of the styles, zh-CN; those parts are copied into each zip already deflated.
The body sets 宋体 on every run too, 黑体 for required labels, so Word and WPS use the faces
the PDF uses. Line breaking follows linebreak: identifiers are glued with WORD JOINERs, a
value too wide for its cell is set smaller (down to linebreak.FLOOR) before it may break after
its own . @ / -. Table rows never split across pages (w:cantSplit) and a table's header row
repeats (w:tblHeader). Checkboxes use □/■ and ○/● (present in every GB 2312 font). The zip has
fixed timestamps so the same packet gives the same bytes.

The XML is the one python-docx wrote for the same calls (element order, attributes, the
twips and half-points it rounds to), so the files are byte for byte those of earlier versions.
"""

from __future__ import annotations

import datetime
import functools
import re
from pathlib import Path
from typing import Optional

from beiantool.render.fields import Cell, placements
from beiantool.render.layout import Form
from beiantool.render.letters import Letter
from beiantool.render.zipfix import build_zip, raw_entries, stamp_core

EAST_ASIAN = "宋体"
EAST_ASIAN_STRONG = "黑体"  # required labels: “黑体字部分为必填项”
LATIN = "Times New Roman"
JOIN = "\u2060"  # WORD JOINER: no line break inside an option (its mark and label)
CELL_MARGINS_MM = 3.8  # Word's default left and right cell margins (0.19 cm each)
PT_MM = 0.3528
MARKERS = {"box": ("□", "■"), "circle": ("○", "●")}
TEXT_MM = 174  # A4 less two 18 mm margins
_BLOCK_EMU = 6264000  # the same in EMU, which a new table shares out among its columns
TITLE_PLACEHOLDER = "@@TITLE@@"


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


# ---- units, rounded as python-docx rounds them (Mm/Pt to whole EMU, then to twips or half-points)

def _twips(emu: int) -> int:
    return int(round(emu / 635.0))


def _mm(mm: float) -> int:
    return _twips(int(mm * 36000))


def _pt(points: float) -> int:
    return _twips(int(points * 12700))


def _half_points(points: float) -> int:
    return int(int(points * 12700) / 12700.0 * 2)


# ---- text

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RUN_SPLIT = re.compile(r"([\t\r\n])")


def _escape(text: str) -> str:
    if _NOT_XML.search(text):  # what lxml (and so python-docx) refused
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _content(text: str) -> str:
    """A run's content: text in w:t (space kept when it begins or ends with white space), a tab as w:tab,
    a line end as w:br."""
    out = []
    for part in _RUN_SPLIT.split(text) if ("\t" in text or "\n" in text or "\r" in text) else [text]:
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\r", "\n"):
            out.append("<w:br/>")
        elif part:
            space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            out.append(f"<w:t{space}>{_escape(part)}</w:t>")
    return "".join(out)


@functools.lru_cache(maxsize=64)
def _rpr(east_asian: str, bold: Optional[bool], size: Optional[float], color: str = "") -> str:
    return (f'<w:rPr><w:rFonts w:eastAsia="{east_asian}" w:ascii="{LATIN}" w:hAnsi="{LATIN}"/>'
            + ("" if bold is None else "<w:b/>" if bold else '<w:b w:val="0"/>')
            + (f'<w:color w:val="{color}"/>' if color else "")
            + (f'<w:sz w:val="{_half_points(size)}"/>' if size else "") + "</w:rPr>")


def _run(text: str, size: Optional[float] = None, east_asian: str = EAST_ASIAN, bold: Optional[bool] = None) -> str:
    """A run with its East Asian font set (w:eastAsia), as Word and WPS need it."""
    return f"<w:r>{_rpr(east_asian, bold, size or None)}{_content(text)}</w:r>"


def _p(runs: str = "", align: Optional[str] = None, first_line: Optional[int] = None, left: Optional[int] = None,
       tab_right: Optional[int] = None, space_after: Optional[int] = None) -> str:
    ppr = ((f'<w:tabs><w:tab w:pos="{tab_right}" w:val="right"/></w:tabs>' if tab_right is not None else "")
           + (f'<w:spacing w:after="{space_after}"/>' if space_after is not None else "")
           + (f'<w:ind w:firstLine="{first_line}"/>' if first_line is not None else "")
           + (f'<w:ind w:left="{left}"/>' if left is not None else "")
           + (f'<w:jc w:val="{align}"/>' if align else ""))
    if not ppr and not runs:
        return "<w:p/>"
    return "<w:p>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + runs + "</w:p>"


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def _para(text: str, align: str = "left", size: Optional[float] = None, bold: bool = False, **ppr) -> str:
    from beiantool.render import linebreak

    return _p(_run(linebreak.glue(text), size, bold=bold), align, **ppr)


def _value_run(text: str, width_mm: float, size: float = 10.5, bold: Optional[bool] = None) -> str:
    from beiantool.render import linebreak

    fitted, soft = fit(text, width_mm, size)
    return _run(linebreak.glue(text, soft), fitted if fitted != size or size != 10.5 else None, bold=bold)


# ---- the document

class Document:
    """A document being written: its title, whether a draft, and its body so far (WordprocessingML text)."""

    def __init__(self, title: str, draft: bool):
        self.title, self.draft, self.body = title, draft, []
        self._form: tuple = (None, "")  # the last form's own XML: copies differ only in their mark

    def add(self, xml: str) -> None:
        self.body.append(xml)


def new_document(title: str, stamp: datetime.datetime, draft: bool) -> Document:
    """An empty A4 document; ``stamp`` dates it when saved (save's own ``stamp``)."""
    if len(title) > 255:  # as python-docx refused a core property
        raise ValueError(f"exceeded 255 char limit for property, got: '{title}'")
    return Document(title, draft)


def _copy_mark(doc: Document, mark: Optional[str], first: bool) -> None:
    if not first:
        doc.add(PAGE_BREAK)
    if mark:
        doc.add(_para(mark, "right", 9))


def add_form(doc: Document, form: Form, mark: Optional[str], first: bool) -> None:
    _copy_mark(doc, mark, first)
    if doc._form[0] is not form:
        doc._form = (form, _form_xml(form))
    doc.add(doc._form[1])


def _form_xml(form: Form) -> str:
    out = []
    if form.cover:
        for line in form.cover:
            if "space" in line:
                out.append(_p(space_after=_pt(line["space"] / 2)))
            elif line.get("style") == "title":
                out.append(_para(line["text"], "center", 20, bold=True))
            else:
                out.append(_para(line["text"], line.get("align", "left"), 12))
        out.append(PAGE_BREAK)
    out.append(_para(form.title, "center", 16, bold=True))
    from beiantool.render import linebreak

    header = _run(linebreak.glue(form.header_left), bold=False) + _run("\t" + form.header_right)
    out.append(_p(header, "left", tab_right=_mm(TEXT_MM)))  # right tab at the text edge
    for n, rows in enumerate(form.tables):
        if n:
            out.append(PAGE_BREAK)
        out.append(_table(form, rows))
    for note in ([form.notes_title] if form.notes_title else []) + form.notes:
        out.append(_para(note, size=9))
    if form.continuation:
        from beiantool.render.overflow import block_widths

        out.append(PAGE_BREAK)
        out.append(_para(f"{form.title}（续页）", "center", 16, bold=True))
        for block in form.continuation:
            out.append(_para(block.title, size=11))
            fractions = block_widths(block)
            rows = []
            for r, values in enumerate([block.headers] + block.rows):
                cells = []
                for c, value in enumerate(values[:len(block.headers)]):
                    text = _run(value, bold=True) if r == 0 else _value_run(value, TEXT_MM * fractions[c])
                    cells.append(_tc(_mm(TEXT_MM * fractions[c]), _p(text)))
                rows.append(cells)
            out.append(_grid_table(rows, [_mm(TEXT_MM * w) for w in fractions], None, 1))
    return "".join(out)


_TBL_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
             'w:noVBand="1" w:val="04A0"/>')
_FIXED = '<w:tblLayout w:type="fixed"/>'


def _tc(width: int, paragraphs: str = "<w:p/>", span: int = 1, vmerge: Optional[str] = None, center: bool = False) -> str:
    return ('<w:tc><w:tcPr>' + f'<w:tcW w:type="dxa" w:w="{width}"/>'
            + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            + ("" if vmerge is None else '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>")
            + ('<w:vAlign w:val="center"/>' if center else "") + "</w:tcPr>" + paragraphs + "</w:tc>")


def _grid_table(rows: list[list[str]], grid: list[int], tblpr: Optional[str], header_rows: int, last: str = "", pad: bool = True) -> str:
    """A Table Grid table; ``tblpr``: what follows w:tblW, ``last``: what follows w:tblLook; a row never splits across
    pages, the first ``header_rows`` repeat. ``pad``: a row with fewer cells than columns gets empty ones, as wide
    as python-docx made a new table's cells (a form's merged rows have fewer on purpose)."""
    default = _twips(_BLOCK_EMU // len(grid)) if grid else 0
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>', tblpr or "", _TBL_LOOK, last,
           "</w:tblPr><w:tblGrid>", "".join(f'<w:gridCol w:w="{w}"/>' for w in grid), "</w:tblGrid>"]
    for n, cells in enumerate(rows):
        out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if n < header_rows else "") + "</w:trPr>")
        out.extend(cells)
        if pad:
            out.extend(_tc(default) for _ in range(len(grid) - len(cells)))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _table(form: Form, rows) -> str:
    """A form's table: fixed layout (Word, WPS and LibreOffice all keep these widths; python-docx wrote the
    w:tblLayout twice), merged cells marked the way Word marks them: in each row the first w:tc takes the
    others' widths and a gridSpan; a vertical span is vMerge restart, then continue."""
    total = sum(form.columns)
    widths = [_mm(TEXT_MM * c / total) for c in form.columns]
    # grid[r][c]: [width, span, vmerge, paragraphs, centered] of the w:tc at grid column c, None once merged away
    grid: list[list] = [[[w, 1, None, "<w:p/>", False] for w in widths] for _ in rows]
    for r, c, cell in placements(rows):
        if cell.span > 1 or cell.rowspan > 1:
            for dr in range(cell.rowspan):
                head = grid[r + dr][c]
                for k in range(1, cell.span):
                    head[0] += grid[r + dr][c + k][0]
                    grid[r + dr][c + k] = None
                head[1] = cell.span
                if cell.rowspan > 1:
                    head[2] = "restart" if dr == 0 else "continue"
        target = grid[r][c]
        target[3], target[4] = _fill(cell, TEXT_MM * sum(form.columns[c:c + cell.span]) / total), True
    cells = [[_tc(w, paras, span, vmerge, center) for w, span, vmerge, paras, center in filter(None, row)] for row in grid]
    return _grid_table(cells, widths, '<w:jc w:val="center"/>' + _FIXED, 0, _FIXED, pad=False)


def _fill(cell: Cell, width_mm: float) -> str:
    if cell.kind == "label":
        strong = EAST_ASIAN_STRONG if cell.strong else EAST_ASIAN
        return _p(_run(cell.text, east_asian=strong), "left" if cell.align == "left" else "center")
    if cell.kind == "options":
        empty, full = MARKERS[cell.marker]
        runs = []
        for i, choice in enumerate(cell.choices):
            label = choice.label + (f"（{choice.extra}）" if choice.extra else "")
            if i:
                runs.append(_run("  "))  # the only places a line may break
            runs.append(_run(unbreakable((full if choice.checked else empty) + label)))
        return _p("".join(runs))
    if cell.kind == "seal":
        return _p(_run(cell.text)) + "<w:p/>" * 3 + _p(_run("年    月    日"), "right")
    return _p(_value_run(cell.text, width_mm))


def add_letter(doc: Document, letter: Letter, mark: Optional[str], first: bool) -> None:
    _copy_mark(doc, mark, first)
    doc.add(_para(letter.title, "center", 16, bold=True))
    add_blocks(doc, letter.blocks)


def add_blocks(doc: Document, blocks: list[tuple[str, str]]) -> None:
    """A letter's text blocks: para (indented), item, right, note (small), line, space."""
    for kind, text in blocks:
        if kind == "space":
            doc.add("<w:p/>")
        elif kind == "para":
            doc.add(_para(text, size=12, first_line=_pt(24)))
        elif kind == "item":
            doc.add(_para(text, size=12, left=_pt(24)))
        elif kind == "right":
            doc.add(_para(text, "right", 12))
        elif kind == "note":
            doc.add(_para(text, size=9))
        else:
            doc.add(_para(text, size=12))


def add_grid(doc: Document, headers: list[str], rows: list[list[str]], widths_mm: list[float]) -> None:
    """A plain table with a header row (the change notice's list of changes)."""
    lines = []
    for r, values in enumerate([headers, *rows]):
        cells = []
        for c, value in enumerate(values):
            para = _p(_run(value, 10, bold=True), "center") if r == 0 else _p(_value_run(value, widths_mm[c], 10))
            cells.append(_tc(_mm(widths_mm[c]), para, center=True))
        lines.append(cells)
    doc.add(_grid_table(lines, [_mm(w) for w in widths_mm], '<w:jc w:val="center"/>' + _FIXED, 1))


def add_sheet(doc: Document, title: str, before: list[tuple[str, str]], headers: list[str], rows: list[list[str]],
              percents: list[float], after: list[tuple[str, str]]) -> None:
    """A titled sheet: text blocks, one grid (column widths in percent of the text width), text blocks (the notices)."""
    doc.add(_para(title, "center", 16, bold=True))
    add_blocks(doc, before)
    usable = 210 - 2 * 18
    add_grid(doc, headers, rows, [usable * p / 100 for p in percents])
    add_blocks(doc, after)


@functools.lru_cache(maxsize=2)
def _blank(draft: bool) -> tuple:
    """The blank document's parts in order: (name, deflated bytes), and the two this writer fills in as text."""
    from importlib import resources

    data = (resources.files("beiantool.templates") / "docx" / ("blank-draft.docx" if draft else "blank.docx")).read_bytes()
    entries, texts = raw_entries(data, ("word/document.xml", "docProps/core.xml"))
    return tuple(entries), texts["word/document.xml"].decode("utf-8"), texts["docProps/core.xml"]


def to_bytes(doc: Document, stamp: datetime.datetime) -> bytes:
    entries, document, core = _blank(doc.draft)
    head, tail = document.split("<w:sectPr", 1)
    xml = (head + "".join(doc.body) + "<w:sectPr" + tail).encode("utf-8")
    title = f"<dc:title>{_escape(doc.title)}</dc:title>".encode("utf-8")
    core = stamp_core(core.replace(f"<dc:title>{TITLE_PLACEHOLDER}</dc:title>".encode(), title), stamp)
    parts = {"word/document.xml": xml, "docProps/core.xml": core}
    return build_zip([(name, parts.get(name, raw)) for name, raw in entries], stamp)


def save(doc: Document, path: Path, stamp: datetime.datetime) -> None:
    path.write_bytes(to_bytes(doc, stamp))
