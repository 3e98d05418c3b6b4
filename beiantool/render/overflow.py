"""What does not fit a form goes to its continuation page (续页), and the form says so.

Two kinds of overflow:

* a list longer than the form's rows (Shaoxing prints two 安全员; a unit may have
  four): the layout's ``continued`` entries name the list, how many rows the form
  has, and the columns of the continuation table; the form's label says
  "其余 N 名见续页";
* a value longer than its cell can hold without pushing its row past a page (a
  1,000-character address, 50 domains): the cell keeps what fits and says
  "（全文见续页）"; the continuation page has the whole text.

The continuation page is drawn by both writers from :class:`Block` data, as
tables whose rows may split across pages.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

from beiantool.render.fields import field_text, placements
from beiantool.render.checklist_out import display_width as width_units  # CJK and full-width characters count double

# a page's text width in the writers (A4 less margins), in mm, and what a character takes at 10.5 pt
TEXT_WIDTH_MM = 174.0
HALF_CHAR_MM = 1.85  # Latin letters and digits; CJK takes two
CELL_PADDING_MM = 4.5
MAX_LINES = 6  # lines a value cell may take before the rest goes to the continuation page
SPAN_BUDGET = 36  # lines shared by rows held together by a cell spanning them
MORE = "……（全文见续页）"
MORE_ITEMS = "（其余见续页）"  # after whole items of a list: nothing was cut, and an address never sticks to "……"
EXTRA_UNITS = 60  # what an option's 其它（…） text may take


@dataclass
class Block:
    """One table of a continuation page."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def block_widths(block: Block) -> list[float]:
    """Column shares of a continuation table: a narrow 序号, the other columns as wide as their longest
    line wants (an ID number or an e-mail address whole), within reason."""
    n = len(block.headers)
    if n == 2:
        return [0.28, 0.72]
    first = 0.06 if block.headers[0] == "序号" else 0.0
    rest = range(1 if first else 0, n)
    want = [max([width_units(block.headers[i]) + 4] + [min(width_units(row[i]) + 4, 44) for row in block.rows if i < len(row)])
            for i in rest]
    total = sum(want)
    return ([first] if first else []) + [(1 - first) * w / total for w in want]


def _cut(text: str, units: int) -> str:
    out, used = [], 0
    for ch in text:
        w = width_units(ch)
        if used + w > units:
            break
        out.append(ch)
        used += w
    return "".join(out)


def _per_line(width_fraction: float) -> int:
    """Half-character units one line of a cell this wide holds."""
    return max(4, int((TEXT_WIDTH_MM * width_fraction - CELL_PADDING_MM) / HALF_CHAR_MM))


def capacity(width_fraction: float, lines: int) -> int:
    """How many half-character units a cell this wide can show in ``lines`` lines (with slack for wrapping)."""
    return int(_per_line(width_fraction) * lines * 0.85)


def lines_needed(text: str, width_fraction: float) -> int:
    per_line = _per_line(width_fraction)
    return sum(max(1, math.ceil(width_units(part) / per_line)) for part in text.split("\n"))


def fit_tables(tables: list, columns: list[float], block: Block) -> list:
    """Cells whose text would not fit keep a part of it; the whole goes to ``block``."""
    total = sum(columns)
    out = []
    for rows in tables:
        placed = placements(rows)
        group = [1] * len(rows)  # rows held together by a cell spanning down over them
        index: dict[tuple[int, int], int] = {}  # (row, column) -> the cell's place in its row's list
        counters = [0] * len(rows)
        for r, c, cell in placed:
            for k in range(r, min(len(rows), r + cell.rowspan)):
                group[k] = max(group[k], cell.rowspan)
            index[(r, c)] = counters[r]
            counters[r] += 1
        new_rows = [list(row) for row in rows]
        for r, c, cell in placed:
            if cell.kind == "options" and any(width_units(ch.extra) > EXTRA_UNITS for ch in cell.choices):
                choices = []
                for choice in cell.choices:
                    if width_units(choice.extra) > EXTRA_UNITS:
                        block.rows.append([f"{_label_for(rows, placed, r, c) or cell.path}（{choice.label}）", choice.extra])
                        choice = dataclasses.replace(choice, extra=_cut(choice.extra, EXTRA_UNITS) + MORE)
                    choices.append(choice)
                new_rows[r][index[(r, c)]] = dataclasses.replace(cell, choices=tuple(choices))
                continue
            if cell.kind != "value" or not cell.text:
                continue
            fraction = sum(columns[c : c + cell.span]) / total
            lines = max(2, min(MAX_LINES, SPAN_BUDGET // group[r]))
            room = capacity(fraction, lines)
            if width_units(cell.text) <= room and lines_needed(cell.text, fraction) <= lines:
                continue
            shown = _shorten(cell.text, room - width_units(MORE), cell.joiner)
            block.rows.append([_label_for(rows, placed, r, c) or cell.path, cell.text])
            whole = bool(cell.joiner) and (cell.text + cell.joiner).startswith(shown + cell.joiner)
            new_rows[r][index[(r, c)]] = dataclasses.replace(cell, text=shown + (MORE_ITEMS if whole else MORE))
        out.append(new_rows)
    return out


def _shorten(text: str, units: int, joiner: str) -> str:
    """Whole items of a joined list where possible, else the text cut at ``units``."""
    units = max(units, 4)
    if joiner and joiner in text:
        kept, used = [], 0
        for item in text.split(joiner):
            need = width_units(item) + (width_units(joiner) if kept else 0)
            if used + need > units:
                break
            kept.append(item)
            used += need
        if kept:
            return joiner.join(kept)
    first_line = text.split("\n")[0]
    return _cut(first_line, units)


def _label_for(rows, placed, r: int, c: int) -> str:
    """The label a value stands under or beside: the nearest label to its left, else above it."""
    left = [cell for rr, cc, cell in placed if rr == r and cc < c and cell.kind == "label"]
    if left:
        return left[-1].text
    above = [cell for rr, cc, cell in placed if rr < r and cc == c and cell.kind == "label"]
    return above[-1].text if above else ""


def continued_lists(layout: dict, data: dict) -> tuple[list[Block], dict[str, str]]:
    """Continuation tables of lists longer than the form's rows, and the note each label gets."""
    blocks, notes = [], {}
    for spec in layout.get("continued", []):
        items = _list_at(data, spec["list"])
        rest = items[spec["shown"]:]
        if not rest:
            continue
        headers = [column[0] for column in spec["columns"]]
        block = Block(f"{spec['title']}（第 {spec['shown'] + 1}–{len(items)} {spec.get('unit', '项')}）", ["序号"] + headers)
        for n, item in enumerate(rest, spec["shown"] + 1):
            row = [str(n)]
            for _, paths in spec["columns"]:
                row.append(_first(item, paths))
            block.rows.append(row)
        blocks.append(block)
        notes[spec["note_on"]] = spec["note"].format(n=len(rest))
    return blocks, notes


def _list_at(data: Any, dotted: str) -> list:
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, list) else []


def _first(item: Any, paths) -> str:
    return field_text(item, paths if isinstance(paths, list) else [paths]) if isinstance(item, dict) else ""
