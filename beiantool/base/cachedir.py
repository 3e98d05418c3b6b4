"""beiantool's user cache folder: where each cache lives and when it may be trusted, in one place.

Layout: ``$BEIANTOOL_CACHE_DIR/<kind>`` when that variable is set, else ``<user cache folder>/beiantool/<kind>``
(platformdirs: ``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS, ``%LOCALAPPDATA%``
on Windows). Kinds in use: ``rules`` (compiled rule sets, rules/compiled.py), ``fonts`` (parsed fonts,
render/fontcache.py), ``verdicts`` (libraries' answers on single values, base/verdicts.py). A cache is never
required: every caller treats "no usable folder" as "no cache".
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from beiantool.base.lazyre import lazy

ENV = "BEIANTOOL_CACHE_DIR"
_reading_only = False


class Missing(KeyError):
    """Inside :func:`reading_only`: the entry asked for is not in the cache (and is not built)."""


def may_write() -> bool:
    """False inside :func:`reading_only`: a missing entry is neither built nor written (the cache raises Missing)."""
    return not _reading_only


class reading_only:  # noqa: N801 - used as a context manager, as contextlib's are
    """``with cachedir.reading_only():`` entries are read, never built nor written (a miss raises :class:`Missing`):
    for a process that may be killed at any moment without its own signal handling (a batch's fork server warming
    up, render/preload.py), so that it leaves no temporary file, and leaves the building (and storing) of what is
    missing to the processes that do the work."""

    def __enter__(self):
        global _reading_only
        self.before, _reading_only = _reading_only, True

    def __exit__(self, *exc):
        global _reading_only
        _reading_only = self.before


def location(kind: str) -> Path:
    """The folder of cache ``kind`` (it may not exist yet)."""
    base = os.environ.get(ENV)
    if not base:
        import platformdirs

        base = platformdirs.user_cache_dir("beiantool", appauthor=False)
    return Path(base) / kind


def usable(kind: str) -> Optional[Path]:
    """The folder of cache ``kind``, made (0700) if missing; None when it cannot be made or another user could
    put an entry there (not a folder, not the user's own, writable by group or others). Never raises."""
    where = location(kind)
    try:
        os.makedirs(where, mode=0o700, exist_ok=True)
        info = os.lstat(where)
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(info.st_mode) or not owned(info) or (os.name == "posix" and info.st_mode & 0o022):
        return None
    return where


def owned(info: os.stat_result) -> bool:
    """The file or folder belongs to the user running beiantool (always true where there are no owners)."""
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def read_entry(path: Path, limit: int) -> Optional[bytes]:
    """The bytes of the cache entry ``path``: only a regular file of the user's own, not a link, at most ``limit``
    bytes; None otherwise (missing, foreign, too big, unreadable)."""
    from beiantool.base.reading import ReadRefused, read_regular

    try:
        return read_regular(path, limit, follow_links=False, own_only=True)
    except (ReadRefused, ValueError):
        return None


def read_sealed(path: Path, limit: int) -> Optional[bytes]:
    """The body of the sealed entry ``path`` (its first line is the SHA-256, in hex, of the rest: an entry damaged
    or edited by hand fails it), read as :func:`read_entry` reads; None when it cannot be read or fails its seal."""
    import hashlib

    raw = read_entry(path, limit)
    if raw is None:
        return None
    head, _, body = raw.partition(b"\n")
    return body if hashlib.sha256(body).hexdigest().encode() == head else None


def write_sealed(path: Path, body: bytes, keep: int, prefix: str = ".tmp-", suffix: str = ".json") -> None:
    """``body`` as the sealed entry ``path`` (read back by :func:`read_sealed`): written to a temporary file of the
    folder (``prefix``, ``suffix``: a name :func:`prune` knows), renamed into place, then the folder pruned to ``keep``
    entries. Nothing inside :func:`reading_only`; a full disk or a read-only folder: no entry. Never raises OSError."""
    import hashlib
    import tempfile

    if not may_write():
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
        tmp = None
        prune(path.parent, keep)
    except OSError:
        pass  # no cache this time
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# the only names prune may remove: entries (a hex digest + .json) and a killed write's temporary files; anything
# else in the folder ($BEIANTOOL_CACHE_DIR may name a folder the user also keeps files in) is never touched
_ENTRY = lazy(r"[0-9a-f]{32,64}\.json")
_TEMPORARY = lazy(r"\.(?:tmp|font)-[A-Za-z0-9_]+\.(?:json|tmp)")


def prune(folder: Path, keep: int) -> None:
    """Only the ``keep`` most recently written entries stay in ``folder``, and no temporary file of a killed
    write older than a day; files with other names are left alone. Never raises."""
    import time

    found = []
    try:
        for entry in folder.iterdir():
            try:
                found.append((entry.lstat().st_mtime, entry))  # a dangling link or a vanished entry: its own time, or none
            except OSError:
                continue
    except OSError:
        return
    found.sort(reverse=True)
    entries = [entry for _, entry in found if _ENTRY.fullmatch(entry.name)]
    old = entries[keep:] + [entry for when, entry in found if _TEMPORARY.fullmatch(entry.name) and when < time.time() - 86400]
    for entry in old:
        try:
            entry.unlink()
        except OSError:
            pass
