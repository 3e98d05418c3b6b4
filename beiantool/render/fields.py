"""The text of a packet's fields as the documents print them, and the cells they stand in.

Paths such as ``sites[*].domains|标签`` name values; ``field_text`` formats them. Shared by
the form layouts, the letters, the continuation sheets and the writers.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from beiantool.base.dates import as_date
from beiantool.packet.view import text


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
    from beiantool.base.privacy import escape_controls

    return escape_controls(_fmt(value, how))


def _fmt(value: Any, how: str = "") -> str:
    if value == "dynamic":  # network.ip_ranges / egress_router_ip: no fixed address
        from beiantool.packet.addresses import DYNAMIC_TEXT

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
        from beiantool.packet.addresses import BadBlock, parse_block

        try:
            block = parse_block(text(value) or "")
        except BadBlock:
            return text(value) or ""
        return f"{block.first},{block.last}"
    if how == "标签":
        from beiantool.base import enums

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
    if how == "年月日":  # no date in the packet: the blanks a filer dates by hand at the counter, not an empty cell
        return "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return ""


def fill(template: str, data: Any, empty: str = "    ") -> str:
    """The template with each {path} filled; {a,b}: the first of the paths with a value; ``empty`` for none."""
    return _TEMPLATE.sub(lambda m: field_text(data, m.group(1).split(",")) or empty, template)


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
