"""The workbooks beiantool writes (附表.xlsx, 材料清单.xlsx), as plain data: sheets of rows of values and styles.

render/xlsxwrite.py (``xlsx(book, stamp)``) writes them as SpreadsheetML, byte for byte what openpyxl 3.1 (with
lxml) wrote for the same workbook, from the parts of a blank workbook shipped in templates/xlsx (made with openpyxl by
``python -m tests.render.xlsx_skeleton``): rendering never imports openpyxl. openpyxl still reads the users'
own xlsx lists (packet/listread.py), and the tests read the workbooks back with it.

What a cell holds is decided here, as openpyxl decided it, with one difference: a string is always text.
openpyxl took a string starting with "=" for a formula and "#N/A", "#REF!"… for an error value; words from a
packet, a list, a file name or a rule set are never either. A string is cut at 32,767 characters (a cell's
limit); a C0 control character other than tab, line feed and carriage return (which openpyxl refused: only a
--draft of a packet validate calls unprintable, S007, gets this far) is shown escaped (\x07), as the forms and the
screen show it, and U+FFFE, U+FFFF and lone surrogates (which lxml refused) as U+FFFD.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional

MAX_TEXT = 32767  # characters in a cell
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")  # what lxml refused


class Font(NamedTuple):
    name: str
    size: float
    bold: bool = False
    color: str = ""  # RGB, e.g. "C00000"


class Align(NamedTuple):
    horizontal: str = ""
    vertical: str = ""
    wrap: bool = False


class Style(NamedTuple):
    """A cell's look: its font (None: the workbook's default), a thin border on every side or none, its alignment."""

    font: Optional[Font] = None
    border: bool = False
    align: Optional[Align] = None


PLAIN = Style()


def cell_value(value):
    """``value`` as a cell holds it: text checked and cut as openpyxl did, numbers as they are, None empty."""
    if value is None or type(value) in (int, float):
        return value
    if not isinstance(value, str):
        raise TypeError(f"a cell holds text or a number, not {type(value).__name__}")
    value = value[:MAX_TEXT]
    if _ILLEGAL.search(value):
        from beiantool.base.privacy import escape_controls

        value = escape_controls(value)[:MAX_TEXT]
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("\ufffd", value)
    return value


class Sheet:
    """One worksheet: rows from 1, each a list of values and a list of styles (columns from A); A4 fitted to the
    page width, ``print_title`` the row repeated on every printed page, ``header`` (text, RGB) on every page."""

    def __init__(self, title: str):
        self.title = title
        self.values: list[list] = []
        self.styles: list[list[Style]] = []
        self.heights: dict[int, float] = {}
        self.widths: list[float] = []
        self.merged: list[tuple[int, int, int, int]] = []  # (first row, first column, last row, last column)
        self.print_title = 0
        self.landscape = False
        self.margins = (0.75, 0.75)  # left, right (inches)
        self.centered = False
        self.header: Optional[tuple[str, str]] = None

    @property
    def max_row(self) -> int:
        return len(self.values)

    @property
    def max_column(self) -> int:
        return max((len(row) for row in self.values), default=0)

    def append(self, values: list, style: Style = PLAIN) -> int:
        """A row after the last, every cell of it in ``style``; its number."""
        texts = [v for v in values if v.__class__ is str]
        if len(texts) == len(values) and not _ILLEGAL.search(joined := "".join(texts)) and not _NOT_XML.search(joined) \
                and all(len(v) <= MAX_TEXT for v in texts):
            row = list(values)  # plain text (a list's rows): nothing to check cell by cell
        else:
            row = [cell_value(v) for v in values]
        self.values.append(row)
        self.styles.append([style] * len(row))
        return len(self.values)

    def pad(self, row: int, columns: int) -> None:
        """Row ``row`` given empty cells up to column ``columns`` (as openpyxl made them when a range was visited)."""
        values, styles = self.values[row - 1], self.styles[row - 1]
        if len(values) < columns:
            values.extend([None] * (columns - len(values)))
            styles.extend([PLAIN] * (columns - len(styles)))

    def merge(self, row: int, first: int, last: int) -> None:
        """Columns ``first``–``last`` of row ``row`` shown as one cell (the first's; the others empty and plain)."""
        self.pad(row, last)
        if any(v is not None for v in self.values[row - 1][first:last]) or any(s != PLAIN for s in self.styles[row - 1][first:last]):
            raise ValueError(f"row {row}: only the first of merged cells may hold anything")
        self.merged.append((row, first, row, last))


class Book:
    """Sheets in order; the document's author is beiantool."""

    def __init__(self):
        self.sheets: list[Sheet] = []

    def sheet(self, title: str) -> Sheet:
        if any(s.title.lower() == title.lower() for s in self.sheets):
            raise ValueError(f"two sheets named {title}")
        self.sheets.append(Sheet(title))
        return self.sheets[-1]

    def index(self, sheet: Sheet) -> int:
        return next(i for i, s in enumerate(self.sheets) if s is sheet)

