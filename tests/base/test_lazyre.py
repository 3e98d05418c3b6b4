"""base/lazyre.py: a pattern compiled on first use answers as re's own does; nothing on the validate path
compiles a regular expression of beiantool's while it is imported."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from beiantool.base.lazyre import LazyPattern, lazy

CASES = [
    (r"(?P<area>0\d{2,3})-(?P<local>\d{7,8})", 0, ["0575-88888888", "x 010-1234567 y", "", "0575-8888"]),
    (r"\s*[,，;；、]\s*", 0, ["a, b；c、 d", "abc", ",,"]),
    (r"^name:\s*(\S+)", re.M, ["id: x\nname: 绍兴市\n", "name:\n"]),
    (r"ext\.?(\d+)", re.IGNORECASE, ["EXT.12", "ext5 ext6", "none"]),
]


@pytest.mark.parametrize(("pattern", "flags", "texts"), CASES)
def test_answers_like_re(pattern, flags, texts):
    eager, late = re.compile(pattern, flags), lazy(pattern, flags)
    for text in texts:
        for method in ("match", "fullmatch", "search"):
            a, b = getattr(eager, method)(text), getattr(late, method)(text)
            assert (a and (a.span(), a.groups(), a.groupdict())) == (b and (b.span(), b.groups(), b.groupdict()))
        assert eager.findall(text) == late.findall(text)
        assert [m.span() for m in eager.finditer(text)] == [m.span() for m in late.finditer(text)]
        assert eager.split(text) == late.split(text) and eager.split(text, 1) == late.split(text, 1)
        assert eager.sub("#", text) == late.sub("#", text) and eager.subn(lambda m: "", text, 1) == late.subn(lambda m: "", text, 1)
        assert eager.search(text, 1) == late.search(text, 1) or eager.search(text, 1).span() == late.search(text, 1).span()
    assert (late.pattern, late.flags, late.groups, dict(late.groupindex)) == (eager.pattern, eager.flags, eager.groups, dict(eager.groupindex))
    assert late.compiled is re.compile(pattern, flags) or late.compiled.pattern == pattern


def test_compiled_only_when_first_used_and_once():
    late = LazyPattern(r"\d+")
    assert late._compiled is None
    assert late.fullmatch("123")
    first = late._compiled
    assert isinstance(first, re.Pattern)
    late.search("a1")
    assert late._compiled is first


def test_a_bad_pattern_fails_where_it_is_used_as_re_would():
    late = lazy(r"([a-z]")  # constructing it is free, and so does not fail
    with pytest.raises(re.error):
        late.match("a")


def test_importing_the_validate_path_compiles_no_regex_of_beiantool():
    """Every module constant on the way to `validate` is lazy: importing the command line, the API, the
    checks and the rules compiles none of beiantool's own patterns (the libraries' are theirs)."""
    probe = """
import re, sys
seen = []
original = re._compile
def spy(pattern, flags):
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.endswith(("re/__init__.py", "re\\\\__init__.py")):
        frame = frame.f_back
    if frame is not None and "beiantool" in frame.f_code.co_filename.replace("\\\\", "/").split("/site-packages/")[-1]:
        seen.append((frame.f_code.co_filename, frame.f_lineno, str(pattern)[:40]))
    return original(pattern, flags)
re._compile = spy
import beiantool.cli, beiantool.api, beiantool.checks, beiantool.rules, beiantool.packet.model
print(seen)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
