"""Verdicts of a library on single values (is this a valid phone number, what is this domain in ASCII),
remembered in the user's cache so that checking the same values again does not load the library at all.

A :class:`Memo` belongs to one library (phonenumbers, idna, python-stdnum). Its verdicts are kept in one
entry of the ``verdicts`` cache (base/cachedir.py), named after the cache format, beiantool's version, the
library's installed version and the size and time of its files that decide the verdicts, and the beiantool
modules that compute them: a new version of either, or an edited source file, makes a new entry and the old
one is never read again (pruning removes it later). Each verdict is a pure function's result on one value,
kept as plain JSON (never pickle) under a digest of the value (the entry does not hold the values asked
about); whatever the library raises is not kept (the caller meets it as without a cache).

The cache is never required: a library that cannot be located, a folder that cannot be made or is not the
user's own, an entry that is missing, cut short, edited by hand (the first line seals the rest with SHA-256),
not the user's own or too big all mean "compute it", silently. New verdicts are written once, when the
process ends (atexit; a worker of a batch ends without writing), to a temporary file renamed into place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Optional

from beiantool.base import cachedir

FORMAT = 1
KIND = "verdicts"
MAX_BYTES = 4 << 20
MAX_VERDICTS = 5000  # per library unless a memo says fewer; beyond it the oldest half is forgotten when next written
KEEP = 16  # entries kept in the folder (each library version or edited checker makes a new one)

_MISSING = object()
_pending: list["Memo"] = []  # memos with new verdicts, written at exit


class Memo:
    """Remembered verdicts of ``library`` (an importable top-level package; ``dist`` its project's name).
    ``files``: the library's files (relative to its package folder) whose contents decide the verdicts;
    ``code``: the beiantool source files that compute them; ``limit``: how many verdicts are kept."""

    def __init__(self, library: str, dist: str, files: tuple[str, ...], code: tuple[str, ...], limit: int = MAX_VERDICTS):
        self.library, self.dist, self.files, self.code, self.limit = library, dist, files, code, limit
        self._verdicts: Optional[dict] = None
        self._entry: Optional[Path] = None
        self._key: Optional[list] = None
        self._dirty = False

    def get(self, kind: str, value: str, compute: Callable[[str], Any], remember: bool = True,
            keep: Optional[Callable[[Any], bool]] = None) -> Any:
        """``compute(value)``, remembered under ``kind``; the result must be JSON data (lists, not tuples).
        ``remember`` False: a verdict already kept is used, a new one is not kept (the values of a customer
        list of thousands of rows would crowd out the packet's own); ``keep``: whether this result may be kept.
        The entry holds a digest of the kind and the value, never the value itself."""
        verdicts = self._loaded()
        name = _sha(f"{kind}\0{value}".encode("utf-8", "surrogatepass"))[:32]
        found = verdicts.get(name, _MISSING)
        if found is not _MISSING:
            return found
        result = compute(value)
        if not remember or (keep is not None and not keep(result)) or not cachedir.may_write():
            return result  # inside cachedir.reading_only (a fork server warming up) nothing is written
        verdicts[name] = result
        if self._entry is not None and not self._dirty:
            self._dirty = True
            _remember_to_save(self)
        return result

    def _loaded(self) -> dict:
        if self._verdicts is None:
            self._verdicts = {}
            try:
                self._key = [FORMAT, self.library, _version(), _stamp_library(self.library, self.dist, self.files),
                             [_stamp(Path(p)) for p in self.code]]
                folder = cachedir.usable(KIND) if self._key[3] is not None else None
            except Exception:  # noqa: BLE001 - the cache is never required
                folder = None
            if folder is not None:
                self._entry = folder / (_sha(_json(self._key).encode("utf-8"))[:40] + ".json")
                self._verdicts = _read(self._entry, self._key)
        return self._verdicts

    def save(self) -> None:
        """Write this memo's verdicts if it learnt new ones. Never raises."""
        if not self._dirty or self._entry is None or self._verdicts is None:
            return
        self._dirty = False
        verdicts = self._verdicts
        if len(verdicts) > self.limit:
            verdicts = dict(list(verdicts.items())[len(verdicts) - self.limit // 2 :])
        try:
            body = _json({"key": self._key, "verdicts": verdicts})
            while len(body) > MAX_BYTES - 100 and len(verdicts) > 1:  # what could not be read back is not written
                verdicts = dict(list(verdicts.items())[len(verdicts) // 2 :])
                body = _json({"key": self._key, "verdicts": verdicts})
        except (TypeError, ValueError):
            return
        if len(body) <= MAX_BYTES - 100:
            cachedir.write_sealed(self._entry, body.encode("utf-8"), KEEP)


def save_all() -> None:
    """Write every memo that learnt new verdicts (run at exit; callable earlier). Never raises."""
    while _pending:
        _pending.pop().save()


def _remember_to_save(memo: Memo) -> None:
    if not _pending:
        import atexit

        atexit.unregister(save_all)
        atexit.register(save_all)
    _pending.append(memo)


def _version() -> str:
    from beiantool import __version__

    return __version__


def _stamp(path: Path) -> list:
    """What identifies a file's contents cheaply: its size and modification time (None when it cannot be read)."""
    try:
        info = os.stat(path)
    except OSError:
        return [str(path), None]
    return [str(path), info.st_size, info.st_mtime_ns]


def _stamp_library(library: str, dist: str, files: tuple[str, ...]) -> Optional[list]:
    """The library's installed version (its dist-info folder's name) and its deciding files' stamps, found
    without importing it; None when it cannot be located."""
    from importlib.util import find_spec

    spec = find_spec(library)
    if spec is None or not spec.submodule_search_locations:
        return None
    where = Path(list(spec.submodule_search_locations)[0])
    wanted, size = _normal(dist), len(dist)
    versions = sorted(n for n in _listing(where.parent)
                      if n.endswith(".dist-info") and n[size : size + 1] == "-" and _normal(n[:size]) == wanted)
    return [versions, [_stamp(where / name) for name in files]]


_listed: dict = {}


def _listing(folder: Path) -> list:
    """The names in ``folder`` (where the libraries are installed), listed once per process."""
    if folder not in _listed:
        try:
            _listed[folder] = os.listdir(folder)
        except OSError:
            _listed[folder] = []
    return _listed[folder]


def _normal(project: str) -> str:
    """A project's name as packaging compares them (python_stdnum, python-stdnum and Python.Stdnum are one)."""
    return project.lower().replace("-", "_").replace(".", "_")


def _json(data: Any) -> str:
    """ASCII JSON: a lone surrogate in a value (text read with errors kept) is written as an escape, not refused."""
    import json

    return json.dumps(data, separators=(",", ":"))


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _read(entry: Path, key: list) -> dict:
    body = cachedir.read_sealed(entry, MAX_BYTES)
    if body is None:
        return {}
    try:
        import json

        data = json.loads(body)
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("verdicts"), dict):
            return {}
        return data["verdicts"]
    except Exception:  # noqa: BLE001 - cut short, corrupt, from another version: computed again
        return {}
