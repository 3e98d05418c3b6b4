"""Form layouts are data (templates/forms/*.yaml); this resolves one against a packet.

The result, a :class:`Form` of rows of :class:`Cell`, is all the .docx and the
.pdf writers see, so the two cannot disagree about what goes where.
"""

from __future__ import annotations

import datetime
import copy
import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Optional

import yaml

from beiantool.checks.base import as_date, text

_PATH_STEP = re.compile(r"([a-z_]+)(?:\[(\d+|\*)\])?")
_TEMPLATE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Choice:
    label: str
    checked: bool
    extra: str = ""  # printed as 其它（extra）


@dataclass(frozen=True)
class Cell:
    kind: str  # label | value | options | seal
    text: str = ""
    choices: tuple[Choice, ...] = ()
    marker: str = "box"  # box | circle
    span: int = 1
    rowspan: int = 1
    path: str = ""  # where the value came from, for error messages
    align: str = ""  # "left" for long labels
    joiner: str = ""  # how a list value's items were joined, so an overflow cuts between items
    strong: bool = False  # a required field's label, printed in 黑体 where the form says so
    choices_made: tuple[str, ...] = ()  # values the form has no box for, and the box ticked instead


@dataclass
class Form:
    id: str
    title: str
    columns: list[float]
    tables: list[list[list[Cell]]]  # rows of each table; a layout's {break: true} starts a new one
    header_left: str = ""
    header_right: str = ""
    notes_title: str = ""
    notes: list[str] = field(default_factory=list)
    copy_marks: list[str] = field(default_factory=list)
    cover: list[dict] = field(default_factory=list)  # {text, align, style} or {space: points}
    part: str = ""  # which website, when a form is filed per website
    item: str = "form"  # the checklist item whose copies this form comes in
    continuation: list = field(default_factory=list)  # overflow.Block tables of the 续页

    @property
    def rows(self) -> list[list[Cell]]:
        return [row for table in self.tables for row in table]

    def strings(self):
        """(text, path) of everything printed, for the glyph check."""
        for piece in (self.title, self.header_left, self.header_right, self.notes_title, *self.notes, *self.copy_marks):
            yield piece, ""
        for line in self.cover:
            yield line.get("text", ""), ""
        for row in self.rows:
            for cell in row:
                yield cell.text, cell.path
                for choice in cell.choices:
                    yield choice.label + choice.extra, cell.path
        for block in self.continuation:
            for piece in [block.title, *block.headers, *(t for row in block.rows for t in row)]:
                yield piece, ""


def load_layout(form_id: str) -> dict:
    return copy.deepcopy(parsed_template("forms", form_id))


@functools.lru_cache(maxsize=64)
def parsed_template(folder: str, name: str) -> dict:
    """A form layout or letter shipped in beiantool.templates, parsed once per process (callers copy it)."""
    res = resources.files("beiantool.templates") / folder / f"{name}.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the templates are our own files: libyaml is safe and fast
    return yaml.load(res.read_text(encoding="utf-8"), Loader=loader)


def values(data: Any, path: str) -> list[Any]:
    """Every value a path names: "sites[*].domains" gathers and flattens across sites."""
    current = [data]
    for name, index in _PATH_STEP.findall(path):
        nxt = []
        for item in current:
            value = item.get(name) if isinstance(item, dict) else None
            if index == "*":
                nxt.extend(value if isinstance(value, list) else [])
            elif index:
                i = int(index)
                nxt.append(value[i] if isinstance(value, list) and i < len(value) else None)
            else:
                nxt.append(value)
        current = nxt
    flat: list[Any] = []
    for value in current:
        flat.extend(value if isinstance(value, list) else [value])
    return [v for v in flat if v is not None and v != ""]


def fmt(value: Any, how: str = "") -> str:
    from beiantool.privacy import escape_controls

    return escape_controls(_fmt(value, how))


def _fmt(value: Any, how: str = "") -> str:
    if value == "dynamic":  # network.ip_ranges / egress_router_ip: no fixed address
        from beiantool.checks.network import DYNAMIC_TEXT

        return DYNAMIC_TEXT
    if how == "YYYYMMDD":
        day = as_date(value)
        return day.strftime("%Y%m%d") if day else ""
    if how == "组织机构代码":  # 统一社会信用代码第 9–17 位（GB 32100-2015），写法照 GB 11714：8 位本体代码-校验码
        code = (text(value) or "").strip().upper()
        return f"{code[8:16]}-{code[16]}" if len(code) == 18 else code
    if how == "经营性质":  # 武威表一：经营性 0，非经营性 1
        return "0" if value is True else "1" if value is False else ""
    if how == "起止":  # 武威表一：起始IP地址,终止IP地址
        from beiantool.checks.network import BadBlock, parse_block

        try:
            block = parse_block(text(value) or "")
        except BadBlock:
            return text(value) or ""
        return f"{block.first},{block.last}"
    if how == "标签":
        from beiantool import enums

        return _enum_label(enums, text(value) or "")
    if how == "年月日":
        day = as_date(value)
        return f"{day.year} 年 {day.month} 月 {day.day} 日" if day else ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime.date,)):
        return value.isoformat()
    return text(value) or ("" if value is None else str(value))


def field_text(data: Any, spec: Any, join: str = "、") -> str:
    """The text of a field spec: a path (with |format) or a list of paths, first with a value wins."""
    for path in spec if isinstance(spec, list) else [spec]:
        path, _, how = path.partition("|")
        found = [fmt(v, how) for v in values(data, path)]
        found = [f for f in found if f]
        if found:
            return join.join(dict.fromkeys(found))
    return ""


def fill(template: str, data: Any) -> str:
    return _TEMPLATE.sub(lambda m: field_text(data, m.group(1)) or "    ", template)


_INDEX = re.compile(r"\[(\d+|\*)\]")


def _field_key(path: str) -> str:
    """"security.officers[0].name|标签" -> "security.officers[*].name"."""
    return _INDEX.sub("[*]", path.partition("|")[0])


def _mark_required(cells: list[Cell], required: frozenset[str], specs: list[dict]) -> list[Cell]:
    """黑体 for a label the layout marks required, or whose value cell holds a field the rule set requires."""
    out = []
    for i, (cell, spec) in enumerate(zip(cells, specs)):
        if cell.kind == "label":
            following = cells[i + 1] if i + 1 < len(cells) else None
            strong = bool(spec.get("required")) or (
                following is not None and following.kind != "label" and _field_key(following.path) in required
            )
            if strong:
                cell = replace(cell, strong=True)
        out.append(cell)
    return out


def resolve(layout: dict, data: dict, placeholder: str = "无", blanks_allowed: bool = True, extra: dict | None = None,
            required: frozenset[str] = frozenset()) -> Form:
    """Fill a layout from a packet. `required`: the rule set's required field paths; a layout with
    ``required_in_bold: true`` (its notes say 黑体字部分为必填项) prints their labels in 黑体; with
    ``required_in_bold: marked`` only the labels the layout itself marks ``required`` (the source's own *)."""
    from beiantool.render import overflow

    sites = data.get("sites")
    data = {**data, "has_sites": "yes" if isinstance(sites, list) and sites else "no", **(extra or {})}
    blocks, notes = overflow.continued_lists(layout, data)
    tables: list[list[list[Cell]]] = [[]]
    for row in layout["rows"]:
        if isinstance(row, dict) and row.get("break"):
            tables.append([])
            continue
        cells = [_cell(spec, data, placeholder, blanks_allowed) for spec in row]
        if layout.get("required_in_bold"):
            cells = _mark_required(cells, frozenset() if layout["required_in_bold"] == "marked" else required, row)
        cells = [Cell("label", c.text + notes[c.text], span=c.span, rowspan=c.rowspan, align=c.align, strong=c.strong)
                 if c.kind == "label" and c.text in notes else c for c in cells]
        tables[-1].append(cells)
    long_values = overflow.Block("超出栏目的内容", ["栏目", "全文"])
    tables = overflow.fit_tables([t for t in tables if t], list(layout["columns"]), long_values)
    return Form(
        id=layout["id"],
        title=layout["title"],
        columns=list(layout["columns"]),
        tables=tables,
        continuation=blocks + ([long_values] if long_values.rows else []),
        header_left=fill(layout.get("header_left", ""), data),
        header_right=fill(layout.get("header_right", ""), data),
        notes_title=layout.get("notes_title", ""),
        notes=list(layout.get("notes", [])),
        copy_marks=list(layout.get("copy_marks", [])),
        cover=[{**line, "text": fill(line["text"], data)} if "text" in line else dict(line) for line in layout.get("cover", [])],
    )


def _cell(spec: dict, data: dict, placeholder: str, blanks_allowed: bool) -> Cell:
    span, rowspan = spec.get("span", 1), spec.get("rowspan", 1)
    if "label" in spec:
        return Cell("label", spec["label"], span=span, rowspan=rowspan, align=spec.get("align", ""))
    if "seal" in spec:
        return Cell("seal", spec["seal"], span=span, rowspan=rowspan)
    empty = placeholder if (spec.get("placeholder") or not blanks_allowed) else ""
    if "text" in spec:
        return Cell("value", fill(spec["text"], data), span=span, rowspan=rowspan, path=spec["text"])
    if "field" in spec:
        value = field_text(data, spec["field"], spec.get("join", "、"))
        path = spec["field"] if isinstance(spec["field"], str) else spec["field"][0]
        return Cell("value", value or empty, span=span, rowspan=rowspan, path=path.partition("|")[0], joiner=spec.get("join", "、"))
    return _options(spec, data, empty, span, rowspan)


def _options(spec: dict, data: dict, empty: str, span: int, rowspan: int) -> Cell:
    from beiantool import enums

    chosen = [("true" if v else "false") if isinstance(v, bool) else text(v) for v in values(data, spec["options"])]
    chosen = [c for c in chosen if c] or ([spec["default"]] if spec.get("default") else [])
    if not chosen and empty:
        return Cell("value", empty, span=span, rowspan=rowspan, path=spec["options"])
    listed, sharing = {}, {}  # value -> the box it ticks; value -> how many values share that box
    for value, label in spec["choices"]:
        group = value if isinstance(value, list) else [value]
        for v in group:
            listed[v], sharing[v] = label, len(group)
    other = spec.get("other")
    extras = []
    checked = {listed[c] for c in chosen if c in listed}
    for c in chosen:
        if c not in listed and other:
            checked.add(listed[other])
            extras.append(_enum_label(enums, c))
    if spec.get("other_text"):
        extras.extend(field_text(data, spec["other_text"]).split("、") if field_text(data, spec["other_text"]) else [])
    extra = "、".join(dict.fromkeys(e for e in extras if e))
    if not extra and spec.get("other_blank"):  # the source prints the box with its blank: ○其它（     ）
        extra = "\u3000" * 4
    other_label = listed.get(other) if other else None
    made = []
    for c in chosen:
        own = _enum_label(enums, c)
        same = _plain(listed.get(c, "")).startswith(_plain(own)) or own == c
        if c in listed and not same and sharing[c] <= 2:  # a stand-in box, not a category such as 单位用户
            made.append(f"“{own}”表上没有，勾选了“{listed[c]}”")
        elif c not in listed and other:
            made.append(f"“{own}”表上没有，勾选了“{listed[other]}”并注明")
    choices = tuple(
        Choice(label, label in checked, extra if label == other_label else "")
        for label in dict.fromkeys(label for _, label in spec["choices"])
    )
    return Cell(
        "options",
        choices=choices,
        marker=spec.get("marker", "box"),
        span=span,
        rowspan=rowspan,
        path=spec["options"],
        choices_made=tuple(made),
    )


def _plain(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _enum_label(enums, value: str) -> str:
    for enum in (enums.Service, enums.Measure, enums.Isp, enums.Access, enums.Audit, enums.HostingType, enums.Industry,
                 enums.ServiceNature, enums.Policy, enums.UnitType, enums.IdType, enums.SiteCategory):
        if value in enum._value2member_map_:
            return enum(value).label
    return value


def placements(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell of one table, columns shifted past cells spanning down from above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span
    return out
