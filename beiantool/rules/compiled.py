"""Rule sets compiled once: the resolved rule set (and the fields its forms demand) kept as JSON in the user's cache.

Reading a rule set means parsing YAML, building and running the pydantic models of the rule-file
format, merging the chain it extends, and (for national) reading every other built-in rule set for
C207. A cache entry keeps the outcome, named by what was asked (a built-in id, a user id, a --rules
file's absolute path) with the cache format, beiantool's version and a fingerprint of the code that
reads and merges rule files. It is used only when every file that went into it (each rule file in
the chain, each built-in read for C207, each form layout and letter template the rule set names)
still has the SHA-256 recorded; otherwise, or when it is missing, truncated, corrupt, not ours, or
written by another version, the rule set is built again as without a cache and the entry rewritten.

The cache is never required: a folder that cannot be made, is not the user's own (owned by
another user, or writable by group or others) or cannot be written means no cache; a write goes
to a temporary file renamed into place. Errors in rule files are always reported by the full
reading (nothing is cached for a file that fails). The stored form is plain JSON (rules/codec.py),
never pickle: a cache file can only hold data, and only beiantool's own model classes can be named.

$BEIANTOOL_CACHE_DIR overrides the folder (else the platform's user cache folder, which honours
$XDG_CACHE_HOME); the tests point both at a temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Optional

from beiantool.base import cachedir

FORMAT = 2  # 2: a first line sealing the rest (SHA-256)
CACHE_ENV = cachedir.ENV
MAX_BYTES = 16 << 20
KEEP = 64  # entries kept; on a write the oldest beyond these go (each version or edited rule file makes new ones)
# the code whose behaviour a compiled rule set holds: a change to it (without a version bump, as in a
# development checkout) makes every entry stale
_CODE = ("rules", "checks", "packet/conditions.py", "base/enums.py", "base/problem.py")

_recording: Optional[dict] = None  # while a rule set is built: (kind, name) -> sha256 of each file read


def note(kind: str, name: str, text: str) -> None:
    """A file that went into the rule set being built (read.py calls this for every rule file it reads)."""
    if _recording is not None:
        _recording[(kind, name)] = _sha(text)


def cached(request: list, build: Callable[[], Any]) -> Any:
    """The rule set ``request`` names: from the cache when still valid, else ``build()`` (and stored)."""
    global _recording
    try:
        key = [FORMAT, _version(), _fingerprint(), request]
        folder = _folder()
    except Exception:  # noqa: BLE001 - the cache is never required
        key, folder = None, None
    if folder is not None:
        hit = _read(folder, key)
        if hit is not None:
            return hit
    if not cachedir.may_write():
        raise cachedir.Missing(request)
    saved, _recording = _recording, {}
    try:
        ruleset = build()
        files = dict(_recording)
    finally:
        _recording = saved
    ruleset = _with_demands(ruleset, files)
    if folder is not None and ruleset.demands is not None:
        _write(folder, key, ruleset, files)
    return ruleset


def _with_demands(ruleset, files: dict):
    """The rule set with the fields its forms demand worked out now (read from the form layouts)."""
    import dataclasses

    from beiantool.rules.demands import form_demands_of, layouts_of

    try:
        demands = form_demands_of(ruleset)
        filing = ruleset.filing  # every template it names was checked to exist when the rule file was read
        layouts = [filing.layout, *(c.layout for c in (filing.forms or []) + (filing.site_forms or []))] + layouts_of(ruleset)
        named = [("forms", layout) for layout in dict.fromkeys(layouts) if layout]
        named += [("letters", filing.letter)] if filing.letter else []
        for kind, name in named:
            files[(kind, name)] = _sha(_template_text(kind, name))
    except Exception:  # noqa: BLE001 - left for the engine, which meets the same failure where it always did
        return ruleset
    return dataclasses.replace(ruleset, demands=demands)


def _template_text(kind: str, name: str) -> str:
    from importlib import resources

    return (resources.files("beiantool.templates") / kind / f"{name}.yaml").read_text(encoding="utf-8")


def _current(kind: str, name: str) -> Optional[str]:
    """The SHA-256 of a file an entry depends on, as it is now (None: it cannot be read)."""
    try:
        if kind == "rules":
            from beiantool.rules.catalog import _builtin_dir

            return _sha((_builtin_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        if kind == "file":
            from beiantool.packet.yamlread import read_text

            return _sha(read_text(name))
        if kind in ("forms", "letters"):
            return _sha(_template_text(kind, name))
    except Exception:  # noqa: BLE001 - missing, unreadable, refused: the entry is stale
        return None
    return None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _version() -> str:
    from beiantool import __version__

    return __version__


_print: Optional[str] = None


def _fingerprint() -> str:
    """SHA-256 over the name, size and modification time of each source file of the code that reads, checks and
    merges rule files (an edit changes them; reading and hashing the sources themselves cost a run ~2 ms)."""
    global _print
    if _print is None:
        root = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        for part in _CODE:
            where = root / part
            try:
                names = sorted(n for n in os.listdir(where) if n.endswith(".py")) if where.is_dir() else [where.name]
                where = where if where.is_dir() else where.parent
            except OSError:
                names = [part]
            for name in names:
                try:
                    info = os.stat(where / name)
                    digest.update(f"{part}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
                except OSError:
                    digest.update(f"{part}/{name}\0?\0".encode())
        _print = digest.hexdigest()
    return _print


def folder() -> Path:
    """Where entries are kept: $BEIANTOOL_CACHE_DIR/rules, else the user cache folder's rules/."""
    return cachedir.location("rules")


def _folder() -> Optional[Path]:
    """The cache folder if it is usable (made if missing); None if it cannot be made or is not the user's own."""
    return cachedir.usable("rules")


def _entry(folder: Path, key: list) -> Path:
    return folder / (hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:40] + ".json")


def _read(folder: Path, key: list):
    from beiantool.rules import codec
    from beiantool.rules.model import RuleSet

    body = cachedir.read_sealed(_entry(folder, key), MAX_BYTES)  # an entry damaged or edited by hand is built again
    if body is None:
        return None
    try:
        data = codec.loads(body)  # the rule set decoded as it is parsed
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("ruleset"), RuleSet):
            return None
        for kind, name, sha in data["files"]:
            if _current(kind, name) != sha:
                return None
        return data["ruleset"]
    except Exception:  # noqa: BLE001 - truncated, corrupt, from another version: built again
        return None


def _write(folder: Path, key: list, ruleset, files: dict) -> None:
    from beiantool.rules import codec

    try:
        body = json.dumps({"key": key, "files": [[k, n, s] for (k, n), s in sorted(files.items())],
                           "ruleset": codec.encode(ruleset)}, ensure_ascii=False, separators=(",", ":"))
    except (codec.Unusable, TypeError, ValueError):
        return
    cachedir.write_sealed(_entry(folder, key), body.encode("utf-8"), KEEP)
