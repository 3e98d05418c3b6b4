"""Which rule sets there are: built in, or files in $BEIANTOOL_RULES_DIR; and the names people
type for a built-in city (绍兴、绍兴市、Shaoxing)."""

from __future__ import annotations

import functools
import os
import re
from importlib import resources
from pathlib import Path
from typing import Optional
from beiantool.base.lazyre import lazy


def _builtin_dir():
    return resources.files("beiantool.rules") / "data"


@functools.lru_cache(maxsize=1)
def _builtin_ids() -> tuple[str, ...]:
    return tuple(sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml")))


def builtin_ids() -> list[str]:
    return list(_builtin_ids())


RULES_DIR_ENV = "BEIANTOOL_RULES_DIR"
_ID = lazy(r"^[A-Za-z0-9_][A-Za-z0-9_\-]{0,63}$")


def _rule_files() -> tuple[dict[str, Path], list[tuple[Path, str]]]:
    """Rule files in the folders named by $BEIANTOOL_RULES_DIR, by id; and files there that cannot be one."""
    found: dict[str, Path] = {}
    odd: list[tuple[Path, str]] = []
    for folder in filter(None, os.environ.get(RULES_DIR_ENV, "").split(os.pathsep)):
        base = Path(folder)
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if not path.name.endswith((".yaml", ".yml")):
                continue
            stem = path.name.rsplit(".", 1)[0]
            if path.is_symlink() or not path.is_file():  # like a packet folder: only regular files, no link followed
                odd.append((path, "是符号链接或不是普通文件，不会读取"))
            elif not _ID.match(stem):
                odd.append((path, "文件名不是有效的规则集代码（只能用字母、数字、_ 和 -）"))
            else:
                found.setdefault(stem, path)
    return found, odd


def user_files() -> dict[str, Path]:
    return _rule_files()[0]


def unusable_files() -> list[tuple[Path, str]]:
    """Files in $BEIANTOOL_RULES_DIR that cannot be a rule set, with the reason."""
    return _rule_files()[1]


def available_ids() -> list[str]:
    return builtin_ids() + sorted(set(user_files()) - set(builtin_ids()))


_NAME_LINE = lazy(r"^name:\s*(\S+)", re.M)


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """绍兴市 / 绍兴 / SHAOXING -> shaoxing, read from each built-in file's own name: line."""
    out: dict[str, str] = {}
    for rid in builtin_ids():
        out[rid.lower()] = rid
        found = _NAME_LINE.search((_builtin_dir() / f"{rid}.yaml").read_text(encoding="utf-8"))
        if found:
            name = found.group(1)
            out[name] = rid
            for suffix in ("自治州", "市", "州", "省", "区"):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    out[name[: -len(suffix)]] = rid
    return out


def city_alias(name: str) -> Optional[str]:
    """The built-in rule set a typed city name means, or None."""
    if not isinstance(name, str):
        return None
    return _aliases().get(name.strip()) or _aliases().get(name.strip().lower())


def builtin_path(ruleset_id: str) -> Path:
    return Path(str(_builtin_dir() / f"{ruleset_id}.yaml"))
