"""One rule-set file read and validated, with the line and column of what is wrong in it."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from beiantool.base.errors import UsageError
from beiantool.base.problem import format_path
from beiantool.checks import REGISTRY
from beiantool.packet import yamlread
from beiantool.rules import compiled
from beiantool.rules.catalog import RULES_DIR_ENV, _builtin_dir, available_ids, builtin_ids, user_files
from beiantool.rules.model import RuleFile
from beiantool.base.lazyre import lazy


_TEMPLATE_NAME = lazy(r"^[a-z][a-z0-9_]{0,63}$")


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


def _read_id(ruleset_id: str) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    if ruleset_id in builtin_ids():
        res = _builtin_dir() / f"{ruleset_id}.yaml"
        text = res.read_text(encoding="utf-8")
        compiled.note("rules", ruleset_id, text)
        doc = yamlread.load_text(text, f"beiantool/rules/data/{ruleset_id}.yaml")
        return _validate(doc), doc, None
    users = user_files()
    if ruleset_id in users:
        return _read_path(users[ruleset_id])
    raise _unknown(ruleset_id)


def _read_path(path: Path) -> tuple[RuleFile, yamlread.Document, Optional[Path]]:
    text = yamlread.read_text(path)
    absolute = os.path.abspath(path)
    compiled.note("file", absolute, text)
    doc = yamlread.load_text(text, str(path))
    return _validate(doc), doc, Path(absolute)


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
    from beiantool.base.libtext import pydantic_error

    return _at(doc, path, f"“{where}”的值不对：{pydantic_error(error)}。")
