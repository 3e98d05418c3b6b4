"""City rule sets: data files validated on load, possibly extending another.

A rule set file names its place (province abbreviation, area codes, postcode
prefixes), its receiving offices, and the checks it enables with their
severity, parameters and source. ``extends`` merges a parent: the child's
region fields and check entries win, parameters are merged key by key.
"""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from beiantool.base.errors import UsageError
from beiantool.base.problem import format_path
from beiantool.checks import REGISTRY
from beiantool.checks.base import Region
from beiantool.packet import yamlread
from beiantool.rules.catalog import (  # noqa: F401 - the catalog is part of this package's face
    RULES_DIR_ENV, _builtin_dir, available_ids, builtin_ids, builtin_path, city_alias, unusable_files, user_files,
)
from beiantool.rules.model import (  # noqa: F401 - the rule-set model is part of this package's face
    ChangeRule, Deadline, Entry, Filing, FormChoice, Item, Office, RegionData, ReviewStep, Rule, RuleFile, RuleSet, choose_office,
)


_TEMPLATE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _unknown(name: str) -> UsageError:
    from beiantool.base.privacy import excerpt

    if any("\u4e00" <= ch <= "\u9fff" for ch in str(name)):
        return UsageError(
            f"还没有“{excerpt(name, 40)}”的规则集。已有：{'、'.join(available_ids())}。",
            f"没有地方规则集的城市，可先按全国式样填报：city: national（或 --city national）；"
            f"当地另有要求的，用 --rules 指定自己的规则文件（写法见 README“规则集”一节）。",
        )
    return UsageError(
        f"未知的城市规则集“{excerpt(name, 40)}”。已有：{'、'.join(available_ids())}。",
        f"城市写规则集代码（如 shaoxing），不是文件路径；用 `beiantool cities` 查看各规则集。没有规则集的城市可用 national，"
        f"或用 --rules 指定自己的规则文件，或把规则文件放进 ${RULES_DIR_ENV} 指定的目录。",
    )


def load(ruleset_id: str) -> RuleSet:
    """A rule set by id: built in, or a file <id>.yaml in $BEIANTOOL_RULES_DIR. Never a path.
    The names people type for a built-in city (绍兴、绍兴市、Shaoxing) find it too."""
    if ruleset_id in builtin_ids():
        return _load_builtin(ruleset_id)
    if ruleset_id not in user_files():
        alias = city_alias(ruleset_id)
        if alias is not None:
            return _load_builtin(alias)
    return _resolve(_read_id(ruleset_id), [])


def load_file(path: str | Path) -> RuleSet:
    """A rule set from a file the user named (--rules FILE)."""
    return _resolve(_read_path(Path(path)), [])


@functools.lru_cache(maxsize=None)
def _load_builtin(ruleset_id: str) -> RuleSet:
    return _resolve(_read_id(ruleset_id), [])


def _read_id(ruleset_id: str) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    if ruleset_id in builtin_ids():
        res = _builtin_dir() / f"{ruleset_id}.yaml"
        doc = yamlread.load_text(res.read_text(encoding="utf-8"), f"beiantool/rules/data/{ruleset_id}.yaml")
        return _validate(doc), doc, None
    users = user_files()
    if ruleset_id in users:
        return _read_path(users[ruleset_id])
    raise _unknown(ruleset_id)


def _read_path(path: Path) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    doc = yamlread.load(path)
    return _validate(doc), doc, Path(os.path.abspath(path))


def _validate(doc: yamlread.Document) -> RuleFile:
    try:
        rule_file = RuleFile.model_validate(doc.data)
    except ValidationError as exc:
        raise _rule_error(doc, exc, ()) from None
    for code, entry in rule_file.checks.items():
        if code not in REGISTRY:
            raise _at(doc, ("checks", code), f"未知的检查代码“{code}”。", f"可用的代码：{', '.join(REGISTRY)}。", key=True)
        try:
            REGISTRY[code].params.model_validate(entry.params)
        except ValidationError as exc:
            raise _rule_error(doc, exc, ("checks", code, "params"), code) from None
    templates = [(("filing", "layout"), rule_file.filing.layout, "forms"), (("filing", "letter"), rule_file.filing.letter, "letters")]
    templates += [(("filing", "forms", i, "layout"), c.layout, "forms") for i, c in enumerate(rule_file.filing.forms or [])]
    for path, name, kind in templates:
        if name is not None and not template_exists(kind, name):
            raise _at(
                doc, path, f"没有名为“{name}”的{'备案表版式' if kind == 'forms' else '责任书模板'}。",
                f"这里写 beiantool 自带模板的名称（不是文件路径），可用：{'、'.join(template_names(kind))}。",
            )
    return rule_file


def template_names(kind: str) -> list[str]:
    folder = resources.files("beiantool.templates") / kind
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def template_exists(kind: str, name: str) -> bool:
    return bool(_TEMPLATE_NAME.match(name)) and name in template_names(kind)


def _at(doc: yamlread.Document, path: tuple, message: str, hint: str | None = None, key: bool = False) -> UsageError:
    line, col = doc.position(path, key=key)
    return UsageError(f"规则文件 {doc.source}:{line}:{col}：{message}", hint)


def _rule_error(doc: yamlread.Document, exc: ValidationError, prefix: tuple, code: str | None = None) -> UsageError:
    error = exc.errors(include_url=False)[0]
    path = prefix + tuple(error["loc"])
    where = format_path(path)
    if error["type"] == "extra_forbidden":
        what = f"检查 {code} 没有参数“{path[-1]}”" if code else f"未知的键“{where}”"
        return _at(doc, path, f"{what}。", "请核对拼写，或删除这一项。", key=True)
    if error["type"] == "missing":
        return _at(doc, path[:-1], f"缺少“{where}”。")
    return _at(doc, path, f"“{where}”的值不对：{error['msg']}。")


def _resolve(read: tuple[RuleFile, yamlread.Document, Optional[Path]], seen: list[str]) -> RuleSet:
    rule_file, doc, path = read
    me = str(path) if path else f"builtin:{rule_file.id}"
    if me in seen:
        raise _at(doc, ("extends",), f"规则集之间循环继承：{' → '.join([*(s.rsplit('/', 1)[-1] for s in seen), rule_file.id])}。",
                  "请改正 extends，让继承链在 national 等内置规则集处结束。")
    parent = _resolve(_parent(rule_file, doc, path), seen + [me]) if rule_file.extends else None
    region = _merge_region(parent.region if parent else Region(), rule_file.region)
    rules = dict(parent.rules) if parent else {}
    for code, entry in rule_file.checks.items():
        check = REGISTRY[code]
        before = rules.get(code)
        if not entry.enabled:
            rules.pop(code, None)
            continue
        merged = dict(before.params.model_dump(exclude_unset=True)) if before else {}
        merged.update(entry.params)
        rules[code] = Rule(
            code=code,
            severity=entry.severity or (before.severity if before else check.severity),
            params=check.params.model_validate(merged),
            source=entry.source or (before.source if before else None),
        )
    filing = _merge_filing(parent.filing if parent else Filing(), rule_file.filing)
    checklist = _merge_items(parent.checklist if parent else (), rule_file.checklist)
    if "D601" in rules and filing.deadline:  # the filing deadline is the one truth for D601
        d601 = rules["D601"]
        d = filing.deadline
        params = REGISTRY["D601"].params(days=d.days, start=d.start, basis=d.basis, individuals=d.individuals)
        rules["D601"] = Rule("D601", d601.severity, params, filing.deadline.source or d601.source)
    return RuleSet(
        id=rule_file.id,
        name=rule_file.name,
        description=rule_file.description or (parent.description if parent else ""),
        region=region,
        offices=tuple(rule_file.offices) or (parent.offices if parent else ()),
        sources=tuple(rule_file.sources) + (parent.sources if parent else ()),
        rules=rules,
        chain=(rule_file.id,) + (parent.chain if parent else ()),
        filing=filing,
        checklist=checklist,
    )


def _parent(rule_file: RuleFile, doc: yamlread.Document, path: Optional[Path]):
    """What ``extends`` names: a rule-set id, or (in a user's rule file) a file beside that file."""
    name = rule_file.extends or ""
    try:
        if path is not None and (name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name):
            return _read_path(path.parent / name)
        if path is None and name not in builtin_ids():
            raise _unknown(name)
        return _read_id(name)
    except UsageError as exc:
        if exc.message.startswith("规则文件 "):
            raise  # already placed in the file it concerns
        raise _at(doc, ("extends",), f"extends 无法使用：{exc.message}", exc.hint) from None


def _merge_filing(base: Filing, child: Filing) -> Filing:
    given = {k: getattr(child, k) for k in child.model_fields_set}
    if "notes" in given:
        given["notes"] = base.notes + child.notes
    if child.change is not None and base.change is not None:  # a city adds to the national rule or restates it
        own = {k: getattr(child.change, k) for k in child.change.model_fields_set}
        own["notes"] = base.change.notes + child.change.notes
        own["access_notes"] = base.change.access_notes + child.change.access_notes
        given["change"] = base.change.model_copy(update=own)
    return base.model_copy(update=given)


def _merge_items(base: tuple[Item, ...], child: list[Item]) -> tuple[Item, ...]:
    """Items by id: the child's replace the parent's in place, new ones follow, disabled ones go."""
    items = {item.id: item for item in base}
    for item in child:
        items[item.id] = item
    return tuple(item for item in items.values() if item.enabled)


def _merge_region(base: Region, data: RegionData) -> Region:
    given = data.model_dump(exclude_unset=True, exclude={"source"})
    values = {**base.__dict__, **{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()}}
    return Region(**values)
