"""File and folder names made from text a user wrote (a form's title, a packet's file name)."""

from __future__ import annotations

from beiantool.base.lazyre import lazy

_UNSAFE_IN_NAMES = lazy(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
NAME_BYTES = 150  # room for ".docx" and a folder's own name within the usual 255-byte limit


def safe_name(text: str, taken: set[str]) -> str:
    """A file name (without extension) from text a user wrote: no path separators or characters
    Windows refuses, no control characters, at most NAME_BYTES bytes, unique within ``taken``."""
    name = _UNSAFE_IN_NAMES.sub("_", text).strip(" .") or "文件"
    while len(name.encode("utf-8")) > NAME_BYTES:
        name = name[:-1]
    name = name.rstrip(" .")
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    base, n = name, 2
    while name.lower() in taken:
        name = f"{base}-{n}"
        n += 1
    taken.add(name.lower())
    return name
