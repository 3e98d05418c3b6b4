"""Form layouts are data (templates/forms/*.yaml); this resolves one against a packet.

The result, a :class:`Form` of rows of :class:`Cell`, is all the .docx and the
.pdf writers see, so the two cannot disagree about what goes where.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace

from beiantool.packet.view import text
from beiantool.render.fields import Cell, Choice, _enum_label, field_text, fill, parsed_template, values


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
    remarks: list[str] = field(default_factory=list)  # the tool's words about the form: 生成说明, never the form

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
        cells = [_cell(spec, data, placeholder, blanks_allowed, starred=n > 0 and _starred(row[n - 1]))
                 for n, spec in enumerate(row)]
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
        remarks=list(layout.get("remarks", [])),
        cover=[{**line, "text": fill(line["text"], data)} if "text" in line else dict(line) for line in layout.get("cover", [])],
    )


def _starred(spec) -> bool:
    """A label the source marks required with its own * (注:带*符号为必填项): the value beside it is
    never printed as 无. (A label in 黑体 whose source says 如果没有就填无 does get its 无.)"""
    return isinstance(spec, dict) and "label" in spec and str(spec["label"]).rstrip().endswith("*")


def _cell(spec: dict, data: dict, placeholder: str, blanks_allowed: bool, starred: bool = False) -> Cell:
    span, rowspan = spec.get("span", 1), spec.get("rowspan", 1)
    if "label" in spec:
        return Cell("label", spec["label"], span=span, rowspan=rowspan, align=spec.get("align", ""))
    if "seal" in spec:
        return Cell("seal", spec["seal"], span=span, rowspan=rowspan)
    # 无 where the source says what to write when there is nothing (placeholder: true) or the rule set
    # allows no blank; never in a starred field (a packet that validated has its value)
    empty = placeholder if (spec.get("placeholder") or not blanks_allowed) and not starred else ""
    if "text" in spec:
        gate = spec.get("only_if")  # a yes/no the text depends on: unless it is yes, the text's fields are 无
        if gate and values(data, gate) != [True]:  # unanswered too: 是否托管 prints 无, so no place beside it
            return Cell("value", fill(spec["text"], {}, placeholder), span=span, rowspan=rowspan, path=spec["text"])
        own = placeholder if spec.get("placeholder") and not starred else "    "
        return Cell("value", fill(spec["text"], data, own), span=span, rowspan=rowspan, path=spec["text"])
    if "field" in spec:
        value = field_text(data, spec["field"], spec.get("join", "、"))
        path = spec["field"] if isinstance(spec["field"], str) else spec["field"][0]
        return Cell("value", value or empty, span=span, rowspan=rowspan, path=path.partition("|")[0], joiner=spec.get("join", "、"))
    return _options(spec, data, empty, span, rowspan)


def _options(spec: dict, data: dict, empty: str, span: int, rowspan: int) -> Cell:
    from beiantool.base import enums

    chosen = [("true" if v else "false") if isinstance(v, bool) else text(v) for v in values(data, spec["options"])]
    chosen = [c for c in chosen if c] or ([spec["default"]] if spec.get("default") else [])
    if not chosen and empty:
        return Cell("value", empty, span=span, rowspan=rowspan, path=spec["options"])
    listed = {}  # value -> the box it ticks
    for value, label in spec["choices"]:
        group = value if isinstance(value, list) else [value]
        for v in group:
            listed[v] = label
    other = spec.get("other")
    extras = []
    checked = {listed[c] for c in chosen if c in listed}
    for c in chosen:
        if c not in listed and other:
            checked.add(listed[other])
            extras.append(_enum_label(enums, c))
    if spec.get("other_text") and listed.get(other) in checked:  # a name left over beside a listed choice is not printed
        extras.extend(field_text(data, spec["other_text"]).split("、") if field_text(data, spec["other_text"]) else [])
    extra = "、".join(dict.fromkeys(e for e in extras if e))
    if not extra and spec.get("other_blank"):  # the source prints the box with its blank: ○其它（     ）
        extra = "\u3000" * 4
    other_label = listed.get(other) if other else None
    made = []  # only the tool's own mappings are told: an exact match, a category the layout's source draws, or 其它（…） speak for themselves
    ours = set(spec.get("ours", ()))
    for c in chosen:
        if c in listed and c in ours and not _same(_enum_label(enums, c), listed[c]):
            made.append(f"“{_enum_label(enums, c)}”表上没有，勾选了“{listed[c]}”（这是 beiantool 的对应，来源没有这样说）")
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

    return unicodedata.normalize("NFKC", text).replace(" ", "").lstrip("0123456789")


def _same(own: str, label: str) -> bool:
    """The form's option is the value itself: "个人" is "01 个人", "电信" is "中国公用计算机网(电信)"."""
    return bool(own) and _plain(own).lower() in _plain(label).lower()
