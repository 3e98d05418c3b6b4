"""Required fields: which ones a city's form needs is rule-set data, not code."""

from __future__ import annotations

import functools
from typing import Any, Iterator, Optional, Union

from pydantic import Field, field_validator

from beiantool.base.record import record
from beiantool.base.problem import Severity, format_path
from beiantool.checks.base import Context, Finding, Params, Source, check
from beiantool.packet.conditions import Condition, holds
from beiantool.packet.plan import label
from beiantool.packet.view import get, is_individual, text
from beiantool.base.lazyre import lazy

_STEP = lazy(r"([a-z_]+)(?:\[(\*|\d+)\])?")


def _parse(path: str) -> list[tuple[str, "bool | int"]]:
    """"sites[*].responsible.name" -> [("sites", True), ("responsible", False), ("name", False)];
    "security.officers[1].name" -> [("security", False), ("officers", 1), ("name", False)]."""
    steps: list[tuple[str, bool | int]] = []
    for part in path.split("."):
        m = _STEP.fullmatch(part)
        if not m:
            raise ValueError(f"字段路径“{path}”写法不对（应如 unit.name 或 sites[*].domains）")
        steps.append((m[1], True if m[2] == "*" else int(m[2]) if m[2] else False))
    return steps


class Field_(Params):
    path: str
    when: Optional[Condition] = Field(None, description="仅当这些字段取这些值时必填（如 {unit.type: [company]}）")
    unless: Optional[Condition] = Field(None, description="这些字段取这些值时不必填")
    any_of: list[str] = Field(default_factory=list, description="另有这些字段之一有值时也算已填（如首页网址或域名）")
    form: Optional[str] = Field(None, description="哪张表为什么要它（如《互联网网站备案表》的“网站负责人·姓名*”带 *），消息中引用")
    source: Optional[Source] = None

    @field_validator("when", "unless", mode="before")
    @classmethod
    def _paths(cls, value: Any) -> Any:
        """``{path: [values]}`` is the ``fields`` clause of the one condition language; ``{}`` is no condition."""
        if isinstance(value, dict) and not value:
            return None
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


def _walk(data: Any, steps: list[tuple[str, Any]], path: tuple) -> Iterator[tuple[tuple, tuple, Any]]:
    """(where to report, the full field path, value) of every place a path names."""
    if not steps:
        yield path, path, data
        return
    (key, each), rest = steps[0], steps[1:]
    value = data.get(key) if isinstance(data, dict) else None
    if each is True:
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _walk(item, rest, path + (key, i))
        return  # no list at all: the list itself is another entry's business
    if each is not False:  # a fixed position: officers[1] is the second officer, who may be missing
        if isinstance(value, list) and each < len(value):
            yield from _walk(value[each], rest, path + (key, each))
        elif isinstance(value, list) or value is None:
            yield path + (key,), path + (key, each) + tuple(k for k, _ in rest), None
        return
    if value is None and rest:
        # a missing section: point at it, name the field inside it
        yield path + (key,), path + (key,) + tuple(k for k, _ in rest), None
        return
    yield from _walk(value, rest, path + (key,))


def _same_place(alternative: str, full: tuple) -> tuple:
    """"sites[*].domains" at the place of ("sites", 2, "homepage") -> ("sites", 2, "domains")."""
    indices = iter(p for p in full if isinstance(p, int))
    out: list[Any] = []
    for key, each in _parse(alternative):
        out.append(key)
        if each is True:
            out.append(next(indices, 0))
        elif each is not False:
            out.append(each)
    return tuple(out)


def _filled_elsewhere(packet: dict, field: "Field_", full: tuple) -> bool:
    return any(not _empty(get(packet, *_same_place(alt, full))) for alt in field.any_of)


@record(frozen=True)
class Missing:
    where: tuple  # where to report
    what: str  # the label(s) of what is missing
    paths: str  # the dotted path(s) to fill
    fields: tuple  # the Field_ entries missing here


def _missing(packet: dict, fields: list[Field_]) -> Iterator[Missing]:
    """What is missing; a missing section (or a missing list entry) is one entry naming its fields."""
    sections: dict[tuple, list[tuple[tuple, Field_]]] = {}
    for field in fields:
        if field.when is not None and holds(field.when, packet) is not True:
            continue
        if field.unless is not None and holds(field.unless, packet) is True:
            continue
        for where, full, value in _walk(packet, _parse(field.path), ()):
            if _empty(value) and not _filled_elsewhere(packet, field, full):
                sections.setdefault(where, []).append((full, field))
    for where, entries in sections.items():
        fields_here = tuple(f for _, f in entries)
        if len(entries) == 1 and entries[0][0] == where:
            yield Missing(where, label(where), format_path(where), fields_here)
        else:
            fulls = list(dict.fromkeys(full for full, _ in entries))
            inner = "、".join(_inner_label(where, full) for full in fulls)
            yield Missing(where, f"{label(where)}（{inner}）", format_path(where), fields_here)


def _inner_label(where: tuple, full: tuple) -> str:
    """The label of ``full`` below ``where``: 单位 + unit.legal_representative.name -> 法人代表·姓名."""
    outer, inner = label(where), label(full)
    for prefix in (outer, outer.split("·")[-1]):  # labels drop their section name when deeper detail follows
        if inner.startswith(prefix + "·"):
            return inner[len(prefix) + 1:]
    return inner


# ---- what the outputs demand: the forms' own required marks -------------------------------------


def form_demands(layout_id: str, per_site: bool) -> tuple[Field_, ...]:
    """The fields a form layout marks ``required`` (the source's *), as requirements.

    A label with ``required: true`` followed by a value cell demands that cell's field; a cell with
    ``placeholder: true`` is not demanded (the form says what to write when there is nothing, 无).
    A form made per website (filing.site_forms) demands its fields only when the packet has sites.
    The layout is the one the renderer and ``beiantool platform`` read, so the three cannot disagree.
    """
    return _form_demands(layout_id, per_site)


@functools.lru_cache(maxsize=16)
def _form_demands(layout_id: str, per_site: bool) -> tuple[Field_, ...]:
    import yaml
    from importlib import resources

    res = resources.files("beiantool.templates") / "forms" / f"{layout_id}.yaml"
    layout = yaml.load(res.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    title = layout.get("title", layout_id)
    out: list[Field_] = []
    group, rows_left = "", 0
    for row in layout.get("rows", []):
        if not isinstance(row, list):
            continue
        for i, spec in enumerate(row):
            if "label" not in spec:
                continue
            if spec.get("rowspan", 1) > 1:
                group, rows_left = spec["label"], spec["rowspan"]
                continue
            following = row[i + 1] if i + 1 < len(row) else {}
            paths = following.get("field") or following.get("options")
            if not spec.get("required") or not paths or following.get("placeholder"):
                continue
            paths = [p.partition("|")[0] for p in (paths if isinstance(paths, list) else [paths])]
            where = f"{group}·{spec['label']}" if group else spec["label"]
            out.append(Field_(path=paths[0], any_of=paths[1:], form=f"《{title}》的“{where}”带 *，是必填项，平台和备案表都不能空着",
                              when={"has_sites": [True]} if per_site else None))
        rows_left -= 1
        if rows_left <= 0:
            group = ""
    return tuple(out)


_OFFICER_ROW = lazy(r"officers\[(\d+)\]")


def _officers_short(packet: dict, missing: Missing) -> str:
    """What to say when a form wants more 安全员 rows than the packet has."""
    officers = get(packet, "security", "officers")
    have = len(officers) if isinstance(officers, list) else 0
    wanted = max(int(m.group(1)) + 1 for m in (_OFFICER_ROW.search(f.path) for f in missing.fields) if m)
    form = (missing.fields[0].form or "备案表").split("的“")[0]
    text_ = (f"{form}要填 {wanted} 位信息安全员（“信息安全员(2位)”的姓名*、固定电话*、移动电话*都带 *，平台不受理空着的栏目），"
             f"现 security.officers 只有 {have} 位。")
    if is_individual(packet):
        text_ += ("个人备案：网站主办者为个人的，网站负责人为其本人（《互联网站备案登记表》填表说明 6）；信息安全员来源没有另作规定，"
                  "本人写作第 1 位，没有第二个人协助管理网站时第 2 位也写本人——在 officers 下再加一行“- *me”。")
    else:
        text_ += "请在 security.officers 下补齐第 2 位安全员（姓名、固定电话、移动电话）。"
    return text_


@check("S005", "required", params=RequiredParams)
def required_fields(packet: dict, ctx: Context, params: RequiredParams) -> Iterator[Finding]:
    """规则集规定的必填项，或要生成的表（如《互联网网站备案表》带 * 的栏目）要求的栏目没有填写。

    失败（全国规则集）：unit 下没有 name
    通过（全国规则集）：unit.name: 绍兴示例科技有限公司
    """
    person = is_individual(packet)
    own = {f.path for f in params.fields}
    fields = list(params.fields) + [f for f in ctx.demands if f.path not in own]
    for missing in _missing(packet, fields):
        if missing.where == ("security", "officers") and any(_OFFICER_ROW.search(f.path) for f in missing.fields):
            yield Finding(missing.where, _officers_short(packet, missing))
            continue
        hint = "没有固定电话的，这一栏可以填手机号（如 13600000000）。" if person and missing.paths.endswith(".phone") else ""
        forms = list(dict.fromkeys(f.form for f in missing.fields if f.form))
        why = "；".join(forms) if forms else f"{ctx.city_name}的备案材料需要这一项，请补充"
        yield Finding(missing.where, f"缺少必填项“{missing.what}”（{missing.paths}）：{why}。{hint}")


@check("S006", "form-field", Severity.WARNING, params=RequiredParams)
def form_fields(packet: dict, ctx: Context, params: RequiredParams) -> Iterator[Finding]:
    """备案表上有这一栏，但没有填写（来源未标明是否必填，空着可能被退回）。

    失败（绍兴规则集）：unit 下没有 industry
    通过（绍兴规则集）：unit.industry: it
    """
    for missing in _missing(packet, list(params.fields)):
        yield Finding(missing.where, f"“{missing.what}”（{missing.paths}）是{ctx.city_name}备案表上的栏目，尚未填写；空着交表可能被退回，建议补充。")
