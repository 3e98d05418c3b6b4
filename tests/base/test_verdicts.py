"""base/verdicts.py: a library's answers remembered in the user cache: a hit answers without computing, and
anything missing, corrupt, unwritable or from another version of the library or of the code means computing
again, silently, with the same answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from beiantool.base import verdicts

from tests.conftest import EXAMPLES


@pytest.fixture
def lib(tmp_path, monkeypatch) -> Path:
    """An installed library of this test (``fakelib`` 1.0) and an empty cache folder."""
    site = tmp_path / "site"
    (site / "fakelib").mkdir(parents=True)
    (site / "fakelib" / "__init__.py").write_text("TABLE = 1\n")
    (site / "fakelib-1.0.dist-info").mkdir()
    (site / "other_fakelib-9.dist-info").mkdir()  # another project's: not this library's version
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv(verdicts.cachedir.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(verdicts, "_pending", [])
    (tmp_path / "checker.py").write_text("# the code that computes the verdicts\n")
    return site


def _memo(lib: Path) -> verdicts.Memo:
    """A memo as a new process makes it: nothing loaded yet, the installed libraries not yet listed."""
    verdicts._listed.clear()
    return verdicts.Memo("fakelib", "fakelib", ("__init__.py",), (str(lib.parent / "checker.py"),))


class Counter:
    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, value: str):
        self.asked.append(value)
        return [len(value), value.upper(), None] if value != "bad" else None


def _entries(lib: Path) -> list[Path]:
    folder = lib.parent / "cache" / "verdicts"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_a_hit_answers_without_computing_and_as_computed(lib):
    first, compute = _memo(lib), Counter()
    answers = [first.get("k", v, compute) for v in ("abc", "bad", "中文\udc80")]  # a lone surrogate is stored too
    assert compute.asked == ["abc", "bad", "中文\udc80"]
    assert first.get("k", "abc", compute) == answers[0] and len(compute.asked) == 3  # remembered in the process
    verdicts.save_all()
    assert len(_entries(lib)) == 1

    again, never = _memo(lib), Counter()
    assert [again.get("k", v, never) for v in ("abc", "bad", "中文\udc80")] == answers
    assert never.asked == []
    assert again.get("other-kind", "abc", never) == answers[0] and never.asked == ["abc"]  # kinds are apart


def test_a_new_value_is_computed_and_added(lib):
    first = _memo(lib)
    first.get("k", "one", Counter())
    verdicts.save_all()
    second, compute = _memo(lib), Counter()
    second.get("k", "one", compute)
    second.get("k", "two", compute)
    assert compute.asked == ["two"]
    verdicts.save_all()
    third, never = _memo(lib), Counter()
    assert third.get("k", "one", never) == [3, "ONE", None] and third.get("k", "two", never) == [3, "TWO", None]
    assert never.asked == [] and len(_entries(lib)) == 1


def test_not_remembering_uses_a_kept_answer_but_keeps_no_new_one(lib):
    first = _memo(lib)
    first.get("k", "kept", Counter())
    first.get("k", "row", Counter(), remember=False)
    verdicts.save_all()
    second, compute = _memo(lib), Counter()
    second.get("k", "kept", compute, remember=False)
    second.get("k", "row", compute, remember=False)
    assert compute.asked == ["row"]


def test_nothing_new_writes_nothing(lib):
    first = _memo(lib)
    first.get("k", "one", Counter())
    verdicts.save_all()
    entry = _entries(lib)[0]
    os.utime(entry, (1, 1))
    second = _memo(lib)
    second.get("k", "one", Counter())
    verdicts.save_all()
    assert entry.stat().st_mtime == 1


@pytest.mark.parametrize("damage", ["truncate", "edit", "garbage", "not-json", "other-key", "link"])
def test_a_damaged_entry_is_computed_again_and_replaced(lib, damage):
    first = _memo(lib)
    first.get("k", "abc", Counter())
    verdicts.save_all()
    entry = _entries(lib)[0]
    raw = entry.read_bytes()
    head, _, body = raw.partition(b"\n")
    if damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "edit":  # a verdict changed by hand, the seal left as it was
        entry.write_bytes(head + b"\n" + body.replace(b'"ABC"', b'"XYZ"'))
    elif damage == "garbage":
        entry.write_bytes(os.urandom(300))
    elif damage == "not-json":  # sealed, but not what an entry holds
        import hashlib

        entry.write_bytes(hashlib.sha256(b"[1, 2]").hexdigest().encode() + b"\n[1, 2]")
    elif damage == "other-key":  # sealed and well formed, but written for other files
        import hashlib

        data = json.loads(body)
        data["key"][1] = "otherlib"
        data["verdicts"]["k\x00abc"] = "forged"
        new = json.dumps(data).encode()
        entry.write_bytes(hashlib.sha256(new).hexdigest().encode() + b"\n" + new)
    else:  # a link in place of the entry (to a file that holds a valid entry) is not followed
        real = lib.parent / "elsewhere.json"
        real.write_bytes(raw)
        entry.unlink()
        entry.symlink_to(real)
    second, compute = _memo(lib), Counter()
    assert second.get("k", "abc", compute) == [3, "ABC", None]
    assert compute.asked == ["abc"]
    verdicts.save_all()
    third, never = _memo(lib), Counter()
    assert third.get("k", "abc", never) == [3, "ABC", None] and never.asked == []


def test_an_unwritable_or_unusable_cache_folder_means_computing_every_time(lib, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(verdicts.cachedir.ENV, str(blocker / "cache"))  # a folder below a file cannot be made
    for _ in range(2):
        memo, compute = _memo(lib), Counter()
        assert memo.get("k", "abc", compute) == [3, "ABC", None] and compute.asked == ["abc"]
        verdicts.save_all()
    if os.name == "posix" and os.geteuid() != 0:  # root writes into a read-only folder all the same
        folder = tmp_path / "ro"
        monkeypatch.setenv(verdicts.cachedir.ENV, str(folder))
        (folder / "verdicts").mkdir(parents=True, mode=0o700)
        (folder / "verdicts").chmod(0o500)
        try:
            memo, compute = _memo(lib), Counter()
            memo.get("k", "abc", compute)
            verdicts.save_all()  # nothing written, nothing raised
            assert list((folder / "verdicts").iterdir()) == []
        finally:
            (folder / "verdicts").chmod(0o700)


def test_a_library_that_is_not_installed_is_never_cached(lib, tmp_path):
    memo, compute = verdicts.Memo("no_such_library_here", "no-such", ("__init__.py",), ()), Counter()
    memo.get("k", "abc", compute)
    verdicts.save_all()
    assert compute.asked == ["abc"] and _entries(lib) == []


@pytest.mark.parametrize("change", ["library-file", "library-version", "checker", "beiantool"])
def test_another_version_of_the_library_or_the_code_does_not_see_the_old_answers(lib, monkeypatch, change):
    first = _memo(lib)
    first.get("k", "abc", lambda v: "old answer")
    verdicts.save_all()
    if change == "library-file":
        (lib / "fakelib" / "__init__.py").write_text("TABLE = 2  # new data\n")
    elif change == "library-version":
        (lib / "fakelib-1.0.dist-info").rename(lib / "fakelib-1.1.dist-info")
    elif change == "checker":
        (lib.parent / "checker.py").write_text("# the code that computes the verdicts, edited\n\n")
    else:
        monkeypatch.setattr(verdicts, "_version", lambda: "99.0")
    second, compute = _memo(lib), Counter()
    assert second.get("k", "abc", compute) == [3, "ABC", None] and compute.asked == ["abc"]
    verdicts.save_all()
    assert len(_entries(lib)) == 2  # a new entry; the old one stays for the version that wrote it, until pruned


def test_validating_again_loads_none_of_the_libraries_and_says_the_same(tmp_path):
    """End to end: the second `validate` of a packet reads the verdicts and imports neither phonenumbers nor
    idna, nor the packet model (packet/plan.py answers for it); python-stdnum only for the ID numbers, whose
    verdicts are never kept. Its output is the first one's, byte for byte; the cache holds no number of the packet."""
    probe = """
import contextlib, io, json, sys
sys.argv = ['beiantool', 'validate', sys.argv[1], '-f', 'json']
from beiantool.cli import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit:
    pass
loaded = sorted(m for m in ('phonenumbers', 'idna', 'stdnum', 'beiantool.packet.model') if m in sys.modules)
from beiantool.packet.model import Packet
from beiantool.base import verdicts
verdicts.save_all()
print(json.dumps({'out': out.getvalue(), 'loaded': loaded, 'validator built': Packet.__pydantic_complete__}))
"""
    env = {**os.environ, verdicts.cachedir.ENV: str(tmp_path / "cache")}
    runs = [json.loads(subprocess.run([sys.executable, "-c", probe, str(EXAMPLES / "shaoxing.yaml")], env=env, cwd=tmp_path,
                                      capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    assert runs[0]["loaded"] == ["beiantool.packet.model", "idna", "phonenumbers", "stdnum"] and runs[0]["validator built"]
    assert runs[1]["loaded"] == ["stdnum"] and not runs[1]["validator built"]
    assert runs[0]["out"] == runs[1]["out"] and '"ok": true' in runs[0]["out"]
    kept = b"".join(p.read_bytes() for p in (tmp_path / "cache" / "verdicts").glob("*.json"))
    packet = (EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8")
    import re

    numbers = set(re.findall(r"\d{11,18}X?", packet))
    assert len(numbers) >= 4 and kept and not [n for n in numbers if n.encode() in kept]  # IDs, mobiles, codes


def test_verdicts_too_big_to_read_back_are_not_written(lib, monkeypatch):
    monkeypatch.setattr(verdicts, "MAX_BYTES", 4000)
    memo = _memo(lib)
    for n in range(40):
        memo.get("k", f"value {n}", lambda v: "x" * 200)
    verdicts.save_all()
    entry = _entries(lib)[0]
    assert entry.stat().st_size <= 4000
    again, compute = _memo(lib), Counter()
    again.get("k", "value 39", compute)  # the newest are the ones kept
    again.get("k", "value 0", lambda v: compute(v) and "x" * 200)
    assert compute.asked == ["value 0"]
    huge = _memo(lib)
    huge.get("k", "one", lambda v: "y" * 5000)  # alone bigger than an entry may be: nothing written, nothing raised
    verdicts.save_all()
    assert all(b"yyyy" not in e.read_bytes() for e in _entries(lib))


def test_inside_reading_only_a_new_verdict_is_neither_kept_nor_written(lib):
    memo, compute = _memo(lib), Counter()
    with verdicts.cachedir.reading_only():
        assert memo.get("k", "abc", compute) == [3, "ABC", None]
    verdicts.save_all()
    assert _entries(lib) == [] and compute.asked == ["abc"]
