"""City rule sets: data files validated on load, possibly extending another.

A rule set file names its place (province abbreviation, area codes, postcode
prefixes), its receiving offices, and the checks it enables with their
severity, parameters and source. ``extends`` merges a parent: the child's
region fields and check entries win, parameters are merged key by key.
Reading one file is read.py; what a file may say, model.py; which rule sets
there are, catalog.py; this module resolves and merges them.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Optional

from beiantool.base.errors import UsageError
from beiantool.checks import REGISTRY
from beiantool.checks.base import Region
from beiantool.packet import yamlread
from beiantool.rules import compiled, places
from beiantool.rules.read import (  # noqa: F401 - template_names and template_exists are part of this package's face
    _at, _read_id, _read_path, _unknown, template_exists, template_names,
)
from beiantool.rules.catalog import (  # noqa: F401 - the catalog is part of this package's face
    _ID, RULES_DIR_ENV, _builtin_dir, available_ids, builtin_ids, builtin_path, city_alias, unusable_files, user_files,
)
from beiantool.rules.model import (  # noqa: F401 - the rule-set model is part of this package's face
    ChangeRule, Deadline, Entry, Filing, FormChoice, Item, Note, Office, RegionData, ReviewStep, Rule, RuleFile, RuleSet,
    choose_office,
)


def load(ruleset_id: str) -> RuleSet:
    """A rule set by id: built in, or a file <id>.yaml in $BEIANTOOL_RULES_DIR. Never a path.
    The names people type for a built-in city (绍兴、绍兴市、Shaoxing) find it too."""
    if ruleset_id in builtin_ids():
        return _load_builtin(ruleset_id)
    users = user_files()
    if ruleset_id not in users:
        alias = city_alias(ruleset_id)
        if alias is not None:
            return _load_builtin(alias)
    return compiled.cached(["id", ruleset_id, _user_ids(users)], lambda: _resolve(_read_id(ruleset_id), []))


def load_file(path: str | Path) -> RuleSet:
    """A rule set from a file the user named (--rules FILE)."""
    request = ["file", os.path.abspath(path), _user_ids(user_files())]
    return compiled.cached(request, lambda: _resolve(_read_path(Path(path)), []))


@functools.lru_cache(maxsize=None)
def _load_builtin(ruleset_id: str) -> RuleSet:
    return compiled.cached(["builtin", ruleset_id], lambda: _resolve(_read_id(ruleset_id), []))


def _user_ids(users: dict[str, Path]) -> list:
    """Which rule files $BEIANTOOL_RULES_DIR holds decides what a user rule set's ``extends`` finds."""
    return sorted([rid, os.path.abspath(p)] for rid, p in users.items())


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
    if "C207" in rules:  # the places with rule sets of their own: only for a rule set that enables C207 itself (national)
        if "C207" in rule_file.checks:
            c207 = rules["C207"]
            rules["C207"] = Rule("C207", c207.severity, REGISTRY["C207"].params(places=places.others(rule_file.id)), c207.source)
        else:
            rules.pop("C207")
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
    """What ``extends`` names: a rule-set id, looked up as --city is (built in, or <id>.yaml in
    $BEIANTOOL_RULES_DIR). Never a path: not even one beside the rule file."""
    name = rule_file.extends or ""
    if name not in builtin_ids() and (path is None or name not in user_files()):
        name = city_alias(name) or name  # 绍兴、Shaoxing, as --city takes them
    try:
        if not _ID.match(name) or (path is None and name not in builtin_ids()):
            raise _unknown_parent(name)
        return _read_id(name)
    except UsageError as exc:
        if exc.message.startswith("规则文件 "):
            raise  # already placed in the file it concerns
        raise _at(doc, ("extends",), f"extends 无法使用：{exc.message}", exc.hint) from None


def _unknown_parent(name: str) -> UsageError:
    from beiantool.base.privacy import excerpt

    return UsageError(
        f"“{excerpt(name, 40)}”不是规则集代码。已有：{'、'.join(available_ids())}。",
        f"extends 写另一个规则集的代码（如 national、shaoxing），不是文件路径；自己的规则集放进 ${RULES_DIR_ENV} 指定的目录，"
        "用文件名（不含 .yaml）引用。",
    )


def _merge_filing(base: Filing, child: Filing) -> Filing:
    given = {k: getattr(child, k) for k in child.model_fields_set}
    if "notes" in given:
        given["notes"] = _merge_notes(base.notes, child.notes)
    if child.change is not None and base.change is not None:  # a city adds to the national rule or restates it
        own = {k: getattr(child.change, k) for k in child.change.model_fields_set}
        own["notes"] = base.change.notes + child.change.notes
        own["access_notes"] = base.change.access_notes + child.change.access_notes
        given["change"] = base.change.model_copy(update=own)
    return base.model_copy(update=given)


def _merge_notes(base: list, child: list) -> list:
    """Notes in order; a child's note with the id of a parent's replaces it (or, disabled, removes it)."""
    out = list(base)
    for note in child:
        at = next((i for i, old in enumerate(out) if isinstance(note, Note) and note.id and isinstance(old, Note) and old.id == note.id), None)
        if at is None:
            out.append(note)
        else:
            out[at] = note
    return [n for n in out if not isinstance(n, Note) or n.enabled]


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


