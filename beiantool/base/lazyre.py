"""Regular expressions compiled on first use.

A module constant ``X = re.compile(...)`` costs its compilation at import, in every
command, whether or not the command ever matches it; ``X = lazy(...)`` costs it the
first time ``X`` is used. The object answers like the compiled pattern (``match``,
``search``, ``fullmatch``, ``sub``, ``subn``, ``findall``, ``finditer``, ``split``,
``pattern``, ``flags``, ``groups``, ``groupindex``). It is not a ``re.Pattern``: pass
``X.compiled`` where a library wants one.
"""

from __future__ import annotations

import re


class LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self._source = pattern
        self._flags = flags
        self._compiled: re.Pattern | None = None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def match(self, string, pos=0, endpos=None):
        return self.compiled.match(string, pos) if endpos is None else self.compiled.match(string, pos, endpos)

    def fullmatch(self, string, pos=0, endpos=None):
        return self.compiled.fullmatch(string, pos) if endpos is None else self.compiled.fullmatch(string, pos, endpos)

    def search(self, string, pos=0, endpos=None):
        return self.compiled.search(string, pos) if endpos is None else self.compiled.search(string, pos, endpos)

    def sub(self, repl, string, count=0):
        return self.compiled.sub(repl, string, count)

    def subn(self, repl, string, count=0):
        return self.compiled.subn(repl, string, count)

    def findall(self, string, pos=0, endpos=None):
        return self.compiled.findall(string, pos) if endpos is None else self.compiled.findall(string, pos, endpos)

    def finditer(self, string, pos=0, endpos=None):
        return self.compiled.finditer(string, pos) if endpos is None else self.compiled.finditer(string, pos, endpos)

    def split(self, string, maxsplit=0):
        return self.compiled.split(string, maxsplit)

    @property
    def pattern(self) -> str:
        return self._source

    @property
    def flags(self) -> int:
        return self.compiled.flags

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self):
        return self.compiled.groupindex

    def __repr__(self) -> str:
        return f"lazy({self._source!r}{', ' + str(re.RegexFlag(self._flags)) if self._flags else ''})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, compiled the first time it is used."""
    return LazyPattern(pattern, flags)
