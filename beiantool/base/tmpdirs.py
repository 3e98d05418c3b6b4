"""beiantool's temporary folders: made, marked, recognised, and swept up after a killed run.

Every temporary folder beiantool builds a packet in holds a mark file
(:data:`MARK`) that its maker keeps locked (flock) while it lives. A folder is
provably beiantool's when its name has the shape mkdtemp gave it, it is a real
folder owned by this user, and it holds the mark; it is a leftover when, in
addition, nobody holds the mark's lock (its maker died: SIGKILL, power loss).
Only such leftovers are ever removed; anything else with a similar name is the
user's and stays. Where no advisory locks exist (Windows) nothing is swept.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Optional

MARK = ".beiantool-work"
_MARK_TEXT = b"beiantool: temporary folder of a packet being written; removed when done\n"
_RANDOM = r"[a-z0-9_]{8}"  # what tempfile.mkdtemp puts between prefix and suffix
INSIDE = ".beiantool-"  # the prefix of the folders made inside an existing target


def _flock():
    try:
        import fcntl
    except ImportError:
        return None
    return fcntl


def make(parent: Path, prefix: str) -> tuple[Path, Optional[int]]:
    """A new private folder in ``parent``, marked and locked; returns it and the lock's descriptor."""
    path = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=parent))
    try:
        fd = os.open(path / MARK, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except BaseException:
        os.rmdir(path)
        raise
    os.write(fd, _MARK_TEXT)
    fcntl = _flock()
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    return path, fd


def unmark(path: Path) -> None:
    """Remove the mark before the folder is published whole (its lock stays held until release())."""
    os.unlink(path / MARK)


def release(fd: Optional[int]) -> None:
    if fd is not None:
        os.close(fd)


def name_pattern(prefix: str) -> re.Pattern:
    return re.compile(re.escape(prefix) + _RANDOM + r"\.tmp")


def is_temporary_name(name: str, target_name: Optional[str] = None) -> bool:
    """Shaped like a folder beiantool makes inside a target (or beside the target ``target_name``)."""
    if re.fullmatch(re.escape(INSIDE) + r"(?:old-)?" + _RANDOM + r"\.tmp", name):
        return True
    return target_name is not None and bool(name_pattern(f".{target_name[:40]}.").fullmatch(name))


def _mark_ok(path: Path) -> bool:
    try:
        if os.path.islink(path) or not path.is_dir() or path.stat().st_uid != os.getuid():
            return False
        mark = path / MARK
        if os.path.islink(mark) or not mark.is_file():
            return False
        with open(mark, "rb") as handle:
            return handle.read(len(_MARK_TEXT) + 1) == _MARK_TEXT
    except (OSError, AttributeError):  # AttributeError: os.getuid on Windows
        return False


def state(path: Path) -> str:
    """'busy' (its maker is alive), 'leftover' (beiantool's, maker gone), or 'foreign' (not provably beiantool's)."""
    if not _mark_ok(path):
        return "foreign"
    fcntl = _flock()
    if fcntl is None:
        return "busy"  # cannot tell: treat as in use, never remove
    try:
        fd = os.open(path / MARK, os.O_RDONLY)
    except OSError:
        return "busy"  # unmarked just now: its maker is publishing it
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return "busy"
        return "leftover" if os.fstat(fd).st_nlink > 0 else "busy"
    finally:
        os.close(fd)


def sweep(folder: Path, pattern: re.Pattern) -> list[str]:
    """Remove the leftovers in ``folder`` whose names match ``pattern``; returns their names."""
    import shutil

    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        path = folder / name
        if pattern.fullmatch(name) and state(path) == "leftover":
            shutil.rmtree(path, ignore_errors=True)  # never follows symbolic links
            removed.append(name)
    return removed


def busy_folder(folder: Path) -> bool:
    """Is another process (a beiantool writing into it) holding ``folder``'s lock?"""
    fcntl = _flock()
    if fcntl is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def remove(folder: Path, fd: Optional[int]) -> None:
    """Remove an emptied folder made by make(), then let go of its lock."""
    os.unlink(folder / MARK)
    os.rmdir(folder)
    release(fd)


def make_folders(folder: Path, created: Optional[list] = None) -> list[Path]:
    """Make ``folder`` and its missing parents; returns (and adds to ``created``) those it made."""
    created = [] if created is None else created
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue  # another process made it meanwhile: theirs
        created.append(path)
    return created


def remove_empty(created: list[Path]) -> None:
    """Remove the folders a run made (innermost first) while they are empty."""
    for folder in reversed(created):
        try:
            os.rmdir(folder)
        except OSError:
            break
