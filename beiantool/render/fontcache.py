"""A TrueType font for reportlab, parsed once per font file and kept in the user's cache folder.

reportlab's TTFont reads a whole CJK font's tables (cmap, hmtx, loca: tens of thousands of
glyphs) in Python on every run: a noticeable part of a cold `render`. What that parse finds
is stored as JSON in the user cache folder (platformdirs), under a name made of the font
file's path, size and modification time, reportlab's version and this format's; the file
holds its own SHA-256. A missing, stale, corrupt or unreadable entry is parsed again, and
a folder that cannot be written is skipped: the cache is never needed, never an error.
The font's bytes are always read from the font file itself (the PDF embeds a subset of them).

Subsets are also made without copying the whole glyph table each time (reportlab's
get_table slices the font's glyf table, megabytes in a CJK font, for every subset).
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Optional

from beiantool.base import cachedir

FORMAT = 3  # 3: ctime and inode in the key
_BIG = ("charToGlyph", "charWidths", "glyphToChar", "hmetrics", "glyphPos")
_SKIP = ("_ttf_data", "_pdfScale", "_tables")


MAX_FONT_BYTES = 256 << 20  # the largest font file read (CJK .ttc files are 10-40 MB)
MAX_BYTES = 256 << 20
KEEP = 4  # entries kept (each is 10-40 MB): a new font, a moved file or a reportlab upgrade makes a new one  # a parsed CJK font is ~10-40 MB as stored; anything bigger is not an entry of ours


def cache_dir() -> str:
    """Where parsed fonts are kept: base/cachedir's ``fonts`` folder ($BEIANTOOL_CACHE_DIR or the user cache folder)."""
    return str(cachedir.location("fonts"))


def load(name: str, path: str):
    """A reportlab TTFont named ``name`` for the first face of the font file ``path`` (TTFError etc. as reportlab raises them)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from beiantool.base.reading import ReadRefused, read_regular

    try:
        stat = os.stat(path)
        data = read_regular(path, MAX_FONT_BYTES)  # a regular file, bounded; a pipe never blocks
    except ReadRefused as refused:
        raise OSError(f"{path}: {refused}") from None
    key = _key(path, stat)
    face = _read(key)
    if face is None:
        if not cachedir.may_write():
            raise cachedir.Missing(path)  # not parsed here (cachedir.reading_only)
        source = io.BytesIO(data)
        source.name = path  # reportlab takes the file's name from it, as when it opens the path itself
        face = TTFontFace(source, validate=0, subfontIndex=0)
        _write(key, face)
    else:
        face.filename, face._ttf_data = path, data
    face.__class__ = _face_class()
    return _font(name, face)


def _font(name: str, face):
    """What TTFont(name, path) makes, around a face already read."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding

    from beiantool.render.fontshare import SharedTTFont

    font = SharedTTFont.__new__(SharedTTFont)
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def _key(path: str, stat) -> dict:
    import reportlab

    # ctime and inode too: a file edited in place with its modification time put back still gets a new ctime
    return {"path": os.path.realpath(path), "size": stat.st_size, "mtime": stat.st_mtime_ns, "ctime": stat.st_ctime_ns,
            "inode": stat.st_ino, "reportlab": reportlab.Version,
            "format": FORMAT, "order": sys.byteorder}


def _file(key: dict) -> str:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:32]
    return os.path.join(cache_dir(), f"{digest}.json")


def _read(key: dict):
    """The cached face for ``key``, or None (missing, stale, corrupt: the caller parses the font again)."""
    if cachedir.usable("fonts") is None:  # a folder another user could write to: its entries are not trusted
        return None
    body = cachedir.read_sealed(Path(_file(key)), MAX_BYTES)  # the user's own regular file, not a link, its seal intact
    if body is None:
        return None
    try:
        stored = json.loads(body)
        if stored.get("key") != key:
            return None
        return _decode(stored["face"])
    except Exception:  # noqa: BLE001 - any damage (deep nesting, a zero scale, wrong types): parsed again
        return None


def _write(key: dict, face) -> None:
    try:
        body = json.dumps({"key": key, "face": _encode(face)}, ensure_ascii=False, separators=(",", ":")).encode()
    except (TypeError, ValueError, KeyError, OverflowError):  # a value this format does not hold: no cache for this font
        return
    if cachedir.usable("fonts") is None:  # cannot be made, or not the user's own: no cache
        return
    cachedir.write_sealed(Path(_file(key)), body, KEEP, prefix=".font-", suffix=".tmp")  # none: parsed again next run


def _encode(face) -> dict:
    out = {}
    for attr, value in vars(face).items():
        if attr in _SKIP:
            continue
        if attr in _BIG:
            out[attr] = _big(attr, value)
        else:
            out[attr] = _small(value)
    return out


def _big(attr: str, value):
    if attr == "hmetrics":
        return [_pack([a for a, _ in value]), _pack([b for _, b in value])]
    if attr == "glyphPos":
        return _pack(value)
    if attr == "glyphToChar":
        return [_pack(list(value.keys())), _pack([len(v) for v in value.values()]), _pack([c for v in value.values() for c in v])]
    return [_pack(list(value.keys())), _pack(list(value.values()))]


def _pack(values: list) -> list:
    """Numbers as runs of one type (int, float), each run the bytes of an array in base64: exact, and read in C."""
    from array import array

    runs, start = [], 0
    for end in range(1, len(values) + 1):
        if end == len(values) or type(values[end]) is not type(values[start]):
            code = {int: "q", float: "d"}[type(values[start])]  # anything else: KeyError, not cached
            runs.append([code, base64.b64encode(array(code, values[start:end]).tobytes()).decode("ascii")])
            start = end
    return runs


def _unpack(runs: list) -> list:
    from array import array

    out: list = []
    for code, data in runs:
        if code not in ("q", "d"):
            raise ValueError(code)
        numbers = array(code)
        numbers.frombytes(base64.b64decode(data, validate=True))
        out += numbers.tolist()
    return out


def _small(value):
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, TTFNameBytes):
        return {"n": value.ustr}
    if isinstance(value, bytes):
        return {"b": value.decode("latin-1")}
    if isinstance(value, tuple):
        return {"t": [_small(v) for v in value]}
    if isinstance(value, list):
        return [_small(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"d": {k: _small(v) for k, v in value.items()}}
    raise TypeError(f"not cached: {type(value).__name__}")


def _decode(stored: dict):
    from reportlab.pdfbase.ttfonts import TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    values = {attr: (_unbig(attr, value) if attr in _BIG else _unsmall(value)) for attr, value in stored.items()}
    for attr in _BIG + ("unitsPerEm", "table", "tables", "name"):
        if attr not in values:
            raise KeyError(attr)
    values["table"] = {record["tag"]: record for record in values["tables"]}  # one record object in both, as reportlab has it
    vars(face).update(values)
    units = face.unitsPerEm
    face._pdfScale = (lambda x: x) if units == 1000 else _scale(1000 / units)
    return face


def _scale(factor: float):
    return lambda x: x * factor


def _unbig(attr: str, value):
    if attr == "hmetrics":
        widths, bearings = _unpack(value[0]), _unpack(value[1])
        if len(widths) != len(bearings):
            raise ValueError(attr)
        return list(zip(widths, bearings))
    if attr == "glyphPos":
        return _unpack(value)
    if attr == "glyphToChar":
        return _Pending(*(_unpack(v) for v in value))
    keys, values = _unpack(value[0]), _unpack(value[1])
    if len(keys) != len(values):
        raise ValueError(attr)
    return dict(zip(keys, values))


def _unsmall(value):
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, list):
        return [_unsmall(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "n" in value:
        return TTFNameBytes(value["n"].encode("utf8"), "utf8")
    if "b" in value:
        return value["b"].encode("latin-1")
    if "t" in value:
        return tuple(_unsmall(v) for v in value["t"])
    return {k: _unsmall(v) for k, v in value["d"].items()}


class _Pending:
    """glyphToChar, checked but not yet built: reportlab reads it only to shape text (harfbuzz), which
    beiantool does not, and its tens of thousands of lists are the slowest part of reading the cache."""

    def __init__(self, keys: list, counts: list, flat: list):
        if len(keys) != len(counts) or sum(counts) != len(flat) or min(counts, default=0) < 0:
            raise ValueError("glyphToChar")
        self.keys, self.counts, self.flat = keys, counts, flat

    def build(self) -> dict:
        ends = itertools.accumulate(self.counts)
        return dict(zip(self.keys, (self.flat[end - n:end] for n, end in zip(self.counts, ends))))


_CLASS: Optional[type] = None


def _face_class():
    """TTFontFace whose get_table gives a view of the glyph table instead of a copy, and keeps the small tables."""
    global _CLASS
    if _CLASS is None:
        from reportlab.pdfbase.ttfonts import TTFontFace

        class Face(TTFontFace):
            @property
            def glyphToChar(self):  # noqa: N802 - reportlab's name
                value = self.__dict__["glyphToChar"]
                if isinstance(value, _Pending):
                    value = self.__dict__["glyphToChar"] = value.build()
                return value

            @glyphToChar.setter
            def glyphToChar(self, value):  # noqa: N802
                self.__dict__["glyphToChar"] = value

            def get_table(self, tag):
                tables = self.__dict__.setdefault("_tables", {})
                if tag not in tables:
                    pos, length = self.get_table_pos(tag)
                    tables[tag] = _Window(self._ttf_data, pos, length) if tag == "glyf" else self._ttf_data[pos:pos + length]
                return tables[tag]

        _CLASS = Face
    return _CLASS


class _Window:
    """The glyph table as makeSubset reads it (slices of it), without copying the whole table."""

    def __init__(self, data: bytes, start: int, length: int):
        self.view, self.start, self.length = memoryview(data), start, length

    def __getitem__(self, part: slice) -> bytes:
        begin, end, _ = part.indices(self.length)
        return bytes(self.view[self.start + begin:self.start + max(begin, end)])

    def __len__(self) -> int:
        return self.length
