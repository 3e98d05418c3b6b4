"""Required fields: which ones a city's form needs is rule-set data, not code."""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional, Union

from pydantic import Field, field_validator

from beiantool.base.problem import Severity, format_path
from beiantool.checks.base import Context, Finding, Params, Source, check
from beiantool.packet.conditions import Condition, holds
from beiantool.packet.model import label
from beiantool.packet.view import is_individual, text

_STEP = re.compile(r"([a-z_]+)((?:\[\*\])?)")


def _parse(path: str) -> list[tuple[str, bool]]:
    """"sites[*].responsible.name" -> [("sites", True), ("responsible", False), ("name", False)]."""
    steps = []
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if not m:
            raise ValueError(f"字段路径“{path}”写法不对（应如 unit.name 或 sites[*].domains）")
        steps.append((m[1], bool(m[2])))
    return steps


class Field_(Params):
    path: str
    when: Optional[Condition] = Field(None, description="仅当这些字段取这些值时必填（如 {unit.type: [company]}）")
    unless: Optional[Condition] = Field(None, description="这些字段取这些值时不必填")
    source: Optional[Source] = None

    @field_validator("when", "unless", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        """``{path: [values]}`` is the ``fields`` clause of the one condition language."""
        if isinstance(value, dict) and not (set(value) == {"fields"} and isinstance(value["fields"], dict)):
            return {"fields": value}
        return value

    @field_validator("path")
    @classmethod
    def _path_ok(cls, value: str) -> str:
        _parse(value)
        return value


class RequiredParams(Params):
    fields: list[Union[str, Field_]] = Field(default_factory=list, description="必填字段的路径")

    @field_validator("fields")
    @classmethod
    def _normalise(cls, value: list) -> list:
        out = []
        for item in value:
            out.append(Field_(path=item) if isinstance(item, str) else item)
        return out


def _empty(value: Any) -> bool:
    if isinstance(value, (list, dict)):
        return len(value) == 0
    if isinstance(value, bool):
        return False
    return text(value) is None and not hasattr(value, "isoformat") and not isinstance(value, float)


def _walk(data: Any, steps: list[tuple[str, bool]], path: tuple) -> Iterator[tuple[tuple, tuple, Any]]:
    """(where to report, the full field path, value) of every place a path names."""
    if not steps:
        yield path, path, data
        return
    (key, each), rest = steps[0], steps[1:]
    value = data.get(key) if isinstance(data, dict) else None
    if each:
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, rest, path + (key, i))
        return  # no list at all: the list itself is another entry's business
    if value is None and rest:
        # a missing section: point at it, name the field inside it
        yield path + (key,), path + (key,) + tuple(k for k, _ in rest), None
        return
    yield from _walk(value, rest, path + (key,))


def _missing(packet: dict, params: RequiredParams) -> Iterator[tuple[tuple, str, str]]:
    """(where, label, dotted paths) of what is missing; a missing section is one entry naming its fields."""
    sections: dict[tuple, list[tuple[tuple, str]]] = {}
    for field in params.fields:
        if field.when is not None and holds(field.when, packet) is not True:
            continue
        if field.unless is not None and holds(field.unless, packet) is True:
            continue
        for where, full, value in _walk(packet, _parse(field.path), ()):
            if _empty(value):
                sections.setdefault(where, []).append((full, field.path))
    for where, entries in sections.items():
        if len(entries) == 1 and entries[0][0] == where:
            yield where, label(where), entries[0][1]
        else:
            inner = "、".join(label(full)[len(label(where)) + 1 :] or label(full) for full, _ in entries)
            yield where, f"{label(where)}（{inner}）", format_path(where)


@check("S005", "required", params=RequiredParams)
def required_fields(packet: dict, ctx: Context, params: RequiredParams) -> Iterator[Finding]:
    """规则集规定的必填项没有填写。

    失败（全国规则集）：unit 下没有 name
    通过（全国规则集）：unit.name: 绍兴示例科技有限公司
    """
    person = is_individual(packet)
    for where, what, paths in _missing(packet, params):
        hint = "个人没有固定电话的，这一栏可以填手机号。" if person and paths.endswith(".phone") else ""
        yield Finding(where, f"缺少必填项“{what}”（{paths}），{ctx.city_name}的备案材料需要这一项，请补充。{hint}")


@check("S006", "form-field", Severity.WARNING, params=RequiredParams)
def form_fields(packet: dict, ctx: Context, params: RequiredParams) -> Iterator[Finding]:
    """备案表上有这一栏，但没有填写（来源未标明是否必填，空着可能被退回）。

    失败（绍兴规则集）：unit 下没有 industry
    通过（绍兴规则集）：unit.industry: it
    """
    for where, what, paths in _missing(packet, params):
        yield Finding(where, f"“{what}”（{paths}）是{ctx.city_name}备案表上的栏目，尚未填写；空着交表可能被退回，建议补充。")
