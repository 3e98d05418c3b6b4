"""City rule sets: data files validated on load, possibly extending another.

A rule set file names its place (province abbreviation, area codes, postcode
prefixes), its receiving offices, and the checks it enables with their
severity, parameters and source. ``extends`` merges a parent: the child's
region fields and check entries win, parameters are merged key by key.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from beiantool import yamlread
from beiantool.checks import REGISTRY
from beiantool.checks.base import Region, Source
from beiantool.errors import UsageError
from beiantool.problem import Severity, format_path


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Office(_Strict):
    name: str
    address: Optional[str] = None
    hours: Optional[str] = None
    phone: Optional[str] = None
    source: Optional[Source] = None


class Entry(_Strict):
    enabled: bool = True
    severity: Optional[Severity] = None
    params: dict[str, Any] = Field(default_factory=dict)
    source: Optional[Source] = None


class RegionData(_Strict):
    province: Optional[str] = None
    province_abbr: Optional[str] = None
    region_code: Optional[str] = None
    area_codes: list[str] = Field(default_factory=list)
    postcode_prefixes: list[str] = Field(default_factory=list)
    source: Optional[Source] = None


class RuleFile(_Strict):
    id: str
    name: str
    extends: Optional[str] = None
    description: Optional[str] = None
    region: RegionData = Field(default_factory=RegionData)
    offices: list[Office] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    checks: dict[str, Entry] = Field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """One enabled code with what the engine needs to run it."""

    code: str
    severity: Severity
    params: Any
    source: Optional[Source]


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    description: str
    region: Region
    offices: tuple[Office, ...]
    sources: tuple[Source, ...]
    rules: dict[str, Rule]
    chain: tuple[str, ...] = field(default=())  # this id and the ids it extends

    def severity(self, code: str) -> Optional[Severity]:
        rule = self.rules.get(code)
        return rule.severity if rule else None


def _builtin_dir():
    return resources.files("beiantool.rules") / "data"


@functools.lru_cache(maxsize=1)
def _builtin_ids() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml")))


def builtin_ids() -> list[str]:
    return list(_builtin_ids())


RULES_DIR_ENV = "BEIANTOOL_RULES_DIR"


def user_files() -> dict[str, Path]:
    """Rule files in the folders named by $BEIANTOOL_RULES_DIR (os.pathsep-separated), by id."""
    found: dict[str, Path] = {}
    for folder in filter(None, os.environ.get(RULES_DIR_ENV, "").split(os.pathsep)):
        base = Path(folder)
        if base.is_dir():
            for path in sorted(base.glob("*.y*ml")):
                found.setdefault(path.stem, path)
    return found


def available_ids() -> list[str]:
    return builtin_ids() + sorted(set(user_files()) - set(builtin_ids()))


def load(name_or_path: str) -> RuleSet:
    """A built-in rule set by id, a rule set in $BEIANTOOL_RULES_DIR by id, or a rule file by path."""
    if name_or_path in builtin_ids():
        return _load_builtin(name_or_path)
    return _resolve(_read(name_or_path), [])


@functools.lru_cache(maxsize=None)
def _load_builtin(ruleset_id: str) -> RuleSet:
    return _resolve(_read(ruleset_id), [])


def _read(name_or_path: str) -> tuple[RuleFile, yamlread.Document]:
    users = user_files()
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path or os.sep in name_or_path:
        doc = yamlread.load(name_or_path)
    elif name_or_path not in builtin_ids() and name_or_path in users:
        doc = yamlread.load(users[name_or_path])
    elif name_or_path in builtin_ids():
        res = _builtin_dir() / f"{name_or_path}.yaml"
        doc = yamlread.load_text(res.read_text(encoding="utf-8"), f"beiantool/rules/data/{name_or_path}.yaml")
    else:
        raise UsageError(
            f"未知的城市规则集“{name_or_path}”。已有：{'、'.join(available_ids())}。",
            f"用 `beiantool cities` 查看各规则集；其他城市可用 --rules 指定自己的规则文件，或把规则文件放进 ${RULES_DIR_ENV} 指定的目录。",
        )
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
    return rule_file, doc


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


def _resolve(pair: tuple[RuleFile, yamlread.Document], seen: list[str]) -> RuleSet:
    rule_file, doc = pair
    if rule_file.id in seen:
        raise _at(doc, ("extends",), f"规则集之间循环继承：{' → '.join(seen + [rule_file.id])}。")
    parent = _resolve(_read(rule_file.extends), seen + [rule_file.id]) if rule_file.extends else None
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
    return RuleSet(
        id=rule_file.id,
        name=rule_file.name,
        description=rule_file.description or (parent.description if parent else ""),
        region=region,
        offices=tuple(rule_file.offices) or (parent.offices if parent else ()),
        sources=tuple(rule_file.sources) + (parent.sources if parent else ()),
        rules=rules,
        chain=(rule_file.id,) + (parent.chain if parent else ()),
    )


def _merge_region(base: Region, data: RegionData) -> Region:
    given = data.model_dump(exclude_unset=True, exclude={"source"})
    values = {**base.__dict__, **{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()}}
    return Region(**values)


def builtin_path(ruleset_id: str) -> Path:
    return Path(str(_builtin_dir() / f"{ruleset_id}.yaml"))
