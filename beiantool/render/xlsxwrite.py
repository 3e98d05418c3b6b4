"""A render.xlsxlib Book as .xlsx bytes: SpreadsheetML written here, the same bytes openpyxl 3.1 (with lxml) wrote.

The parts that never change (the theme, the package relations, docProps/app.xml) are copied still deflated
from templates/xlsx/blank.xlsx, a workbook openpyxl made (tests/render/xlsx_skeleton.py); styles.xml,
workbook.xml, [Content_Types].xml and docProps/core.xml are that blank's own text with the workbook's parts put
in. Each worksheet and the styles are written here as openpyxl wrote them: strings inline, text as ASCII with
character references (lxml's way), fonts and borders numbered in the order cells first use them, cell formats
in the order they are written; the merged ranges in the order openpyxl's set of them gave.
"""

from __future__ import annotations

import datetime
import functools
import re

from beiantool.render.xlsxlib import PLAIN, Align, Book, Font, Sheet, Style

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SPECIAL = re.compile("[&<>\r]")
_THIN = '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border>'


def _num(value) -> str:
    return "%.16g" % value  # openpyxl's safe_string


def text(value: str) -> str:
    """Element text as lxml wrote it in a worksheet: markup escaped, a carriage return and every non-ASCII character
    as a character reference."""
    if value.isascii() and not _SPECIAL.search(value):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return value.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _attr(value: str) -> str:
    """An attribute's value as lxml wrote it in UTF-8 (workbook.xml)."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _utf8_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


@functools.lru_cache(maxsize=None)
def letter(column: int) -> str:
    """Column 1 → A, 27 → AA."""
    out = ""
    while column:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


@functools.lru_cache(maxsize=1)
def _blank() -> dict:
    """templates/xlsx/blank.xlsx: its parts still deflated, and the texts the workbook's parts go into."""
    from importlib import resources

    from beiantool.render.zipfix import raw_entries

    data = (resources.files("beiantool.templates") / "xlsx" / "blank.xlsx").read_bytes()
    names = ("xl/styles.xml", "xl/workbook.xml", "[Content_Types].xml", "docProps/core.xml")
    entries, texts = raw_entries(data, names)
    styles = texts["xl/styles.xml"].decode("utf-8")
    found = re.fullmatch(r'(.*<fonts count=")1">(<font>.*?</font>)(</fonts>.*<borders count=")1">(<border>.*?</border>)'
                         r'(</borders>.*<cellXfs count=")1">(<xf [^>]*/>)(</cellXfs>.*)', styles, re.S)
    workbook = texts["xl/workbook.xml"].decode("utf-8")
    types = texts["[Content_Types].xml"].decode("utf-8")
    sheet1 = f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}"/>'
    if not found or workbook.count("<sheets>") != 1 or "</sheets><definedNames/>" not in workbook or types.count(sheet1) != 1:
        raise ValueError("templates/xlsx/blank.xlsx is not the blank workbook beiantool expects")
    return {
        "raw": dict(entries),
        "styles": found.groups(),
        "workbook": (workbook.split("<sheets>")[0], workbook.split("</sheets><definedNames/>")[1]),
        "types": tuple(types.split(sheet1)),
        "core": texts["docProps/core.xml"],
    }


class _Styles:
    """Fonts, borders and cell formats, numbered as openpyxl numbered them."""

    def __init__(self):
        self.fonts: dict[Font, int] = {}
        self.borders = 1  # the default; the thin box is the second when used
        self.xfs: dict[Style, int] = {PLAIN: 0}
        self.xml: list[str] = []

    def xf(self, style: Style) -> str:
        """A written cell's style attribute (none for the default)."""
        number = self.xfs.get(style)
        if number is None:
            font = 0 if style.font is None else self.fonts.setdefault(style.font, len(self.fonts) + 1)
            border = 0
            if style.border:
                self.borders, border = 2, 1
            align = style.align
            head = f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="{border}"'
            if align is None:
                self.xml.append(head + ' pivotButton="0" quotePrefix="0" xfId="0"/>')
            else:
                self.xml.append(head + ' applyAlignment="1" pivotButton="0" quotePrefix="0" xfId="0">' + _alignment(align) + "</xf>")
            number = self.xfs[style] = len(self.xfs)
        return f' s="{number}"' if number else ""

    def sheet(self) -> bytes:
        pre, font0, mid, border0, mid2, xf0, post = _blank()["styles"]
        fonts = "".join(_font(f) for f in self.fonts)
        borders = border0 + (_THIN if self.borders == 2 else "")
        return (f"{pre}{len(self.fonts) + 1}\">{font0}{fonts}{mid}{self.borders}\">{borders}{mid2}{len(self.xfs)}\">"
                f"{xf0}{''.join(self.xml)}{post}").encode("utf-8")


def _font(font: Font) -> str:
    return (f'<font><name val="{_attr(font.name)}"/>' + ('<b val="1"/>' if font.bold else "")
            + (f'<color rgb="00{font.color}"/>' if font.color else "") + f'<sz val="{_num(font.size)}"/></font>')


def _alignment(align: Align) -> str:
    attrs = (f' horizontal="{align.horizontal}"' if align.horizontal else "") + (f' vertical="{align.vertical}"' if align.vertical else "")
    return f"<alignment{attrs}" + (' wrapText="1"/>' if align.wrap else "/>")


def _cells(sheet: Sheet, styles: _Styles) -> str:
    out = []
    letters = [letter(i) for i in range(1, sheet.max_column + 1)]
    looks: dict[int, str] = {}  # a style object's attribute, by its id: the same few objects in every row of a list
    for number, (values, row_looks) in enumerate(zip(sheet.values, sheet.styles), 1):
        height = sheet.heights.get(number)
        if not values and height is None:
            continue
        n = str(number)
        out.append(f'<row r="{n}">' if height is None else f'<row r="{n}" ht="{_num(height)}" customHeight="1">')
        for column, value, look in zip(letters, values, row_looks):
            s = looks.get(id(look))
            if s is None:
                s = looks[id(look)] = styles.xf(look)
            if value is None:
                if s:
                    out.append(f'<c r="{column}{n}"{s} t="n"></c>')
            elif value.__class__ is str:
                if not value:
                    out.append(f'<c r="{column}{n}"{s} t="inlineStr"></c>')
                elif value != value.strip():
                    out.append(f'<c r="{column}{n}"{s} t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>')
                else:
                    out.append(f'<c r="{column}{n}"{s} t="inlineStr"><is><t>{text(value)}</t></is></c>')
            else:
                out.append(f'<c r="{column}{n}"{s} t="n"><v>{_num(value)}</v></c>')
        out.append("</row>")
    for number in sorted(set(sheet.heights) - set(range(1, len(sheet.values) + 1))):  # a row with a height and no cells
        out.append(f'<row r="{number}" ht="{_num(sheet.heights[number])}" customHeight="1"></row>')
    return "".join(out)


def _dimension(sheet: Sheet) -> str:
    rows = [n for n, values in enumerate(sheet.values, 1) if values]
    if not rows:
        return "A1:A1"
    return f"A{rows[0]}:{letter(sheet.max_column)}{rows[-1]}"


def sheet_xml(sheet: Sheet, styles: _Styles) -> bytes:
    cells = _cells(sheet, styles)
    cols = "".join(f'<col width="{_num(w)}" customWidth="1" min="{i}" max="{i}"/>' for i, w in enumerate(sheet.widths, 1))
    out = [f'<worksheet xmlns="{MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/>'
           f'</sheetPr><dimension ref="{_dimension(sheet)}"/><sheetViews><sheetView workbookViewId="0"><selection activeCell="A1" '
           f'sqref="A1"/></sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>',
           f"<cols>{cols}</cols>" if cols else "", f"<sheetData>{cells}</sheetData>"]
    if sheet.merged:
        ranges = set()  # openpyxl kept the merged ranges in a set (hashed as these tuples are): its order, not ours
        for cells_range in sheet.merged:
            ranges.add(cells_range)
        refs = "".join(f'<mergeCell ref="{letter(c1)}{r1}:{letter(c2)}{r2}"/>' for r1, c1, r2, c2 in ranges)
        out.append(f'<mergeCells count="{len(ranges)}">{refs}</mergeCells>')
    if sheet.centered:
        out.append('<printOptions horizontalCentered="1"/>')
    left, right = sheet.margins
    out.append(f'<pageMargins left="{_num(left)}" right="{_num(right)}" top="1" bottom="1" header="0.5" footer="0.5"/>'
               f'<pageSetup orientation="{"landscape" if sheet.landscape else "portrait"}" paperSize="9" fitToHeight="0" fitToWidth="1"/>')
    if sheet.header:
        words, color = sheet.header
        out.append(f"<headerFooter><oddHeader>{text('&C' + (f'&K{color}' if color else '') + words)}</oddHeader><oddFooter></oddFooter>"
                   "<evenHeader></evenHeader><evenFooter></evenFooter><firstHeader></firstHeader><firstFooter></firstFooter></headerFooter>")
    out.append("</worksheet>")
    return "".join(out).encode("ascii")


def _workbook_xml(book: Book) -> bytes:
    head, tail = _blank()["workbook"]
    sheets = "".join(f'<sheet xmlns:r="{_REL}" name="{_attr(s.title)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
                     for i, s in enumerate(book.sheets, 1))
    titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                     f"{_utf8_text(_quoted(s.title))}!${s.print_title}:${s.print_title}</definedName>"
                     for i, s in enumerate(book.sheets) if s.print_title)
    names = f"<definedNames>{titles}</definedNames>" if titles else "<definedNames/>"
    return f"{head}<sheets>{sheets}</sheets>{names}{tail}".encode("utf-8")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _relations(count: int) -> bytes:
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = [(f"{kind}worksheet", f"/xl/worksheets/sheet{i}.xml") for i in range(1, count + 1)]
    rels += [(f"{kind}styles", "styles.xml"), (f"{kind}theme", "theme/theme1.xml")]
    body = "".join(f'<Relationship Type="{t}" Target="{target}" Id="rId{i}"/>' for i, (t, target) in enumerate(rels, 1))
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'.encode()


def xlsx(book: Book, stamp) -> bytes:
    """The .xlsx: its parts in openpyxl's order, the document's dates and every entry's ``stamp`` (now when None)."""
    from beiantool.render.zipfix import build_zip, stamp_core

    if stamp is None:  # as openpyxl dated a workbook saved now
        stamp = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    blank = _blank()
    raw = blank["raw"]
    styles = _Styles()
    sheets = [(f"xl/worksheets/sheet{i}.xml", sheet_xml(s, styles)) for i, s in enumerate(book.sheets, 1)]
    before, after = blank["types"]
    types = before + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                             for i in range(1, len(book.sheets) + 1)) + after
    entries = [("docProps/app.xml", raw["docProps/app.xml"]), ("docProps/core.xml", stamp_core(blank["core"], stamp)),
               ("xl/theme/theme1.xml", raw["xl/theme/theme1.xml"]), *sheets, ("xl/styles.xml", styles.sheet()),
               ("_rels/.rels", raw["_rels/.rels"]), ("xl/workbook.xml", _workbook_xml(book)),
               ("xl/_rels/workbook.xml.rels", _relations(len(book.sheets))), ("[Content_Types].xml", types.encode("utf-8"))]
    return build_zip(entries, stamp)
