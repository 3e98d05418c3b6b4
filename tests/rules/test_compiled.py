"""The rule-set cache (rules/compiled.py): a hit gives the very rule set the files give; anything stale,
corrupt, foreign or unwritable is rebuilt or skipped, never an error and never a different verdict."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import beiantool
from beiantool import api, rules
from beiantool.base.errors import UsageError
from beiantool.rules import codec, compiled

from tests.conftest import EXAMPLES


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test; the in-process memo of built-in rule sets forgotten before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_ENV, str(folder))
    rules._load_builtin.cache_clear()
    yield folder / "rules"
    rules._load_builtin.cache_clear()


def _fresh(ruleset_id: str):
    """The rule set read from its files, as without any cache."""
    from beiantool.rules.demands import form_demands_of

    ruleset = rules._resolve(rules._read_id(ruleset_id), [])
    return dataclasses.replace(ruleset, demands=form_demands_of(ruleset))


def _same(a, b, where="ruleset") -> None:
    """Equal down to the types, the order, and each model's set of given fields."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        assert (a.__pydantic_extra__, a.__pydantic_private__) == (b.__pydantic_extra__, b.__pydantic_private__), where
        assert list(a.__dict__) == list(b.__dict__), where
        for k in a.__dict__:
            _same(a.__dict__[k], b.__dict__[k], f"{where}.{k}")
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    else:
        assert a == b, where


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _forbid_building(monkeypatch):
    """From here on, reading a rule file fails the test: only the cache may answer."""
    def refuse(*args, **kwargs):
        raise AssertionError("the rule set was built, not read from the cache")

    monkeypatch.setattr(rules, "_resolve", refuse)


@pytest.mark.parametrize("ruleset_id", rules.builtin_ids())
def test_a_hit_is_the_rule_set_the_files_give(cache, monkeypatch, ruleset_id):
    expected = _fresh(ruleset_id)
    first = rules.load(ruleset_id)  # miss: built and written
    assert len(_entries(cache)) == 1
    _same(first, expected)
    rules._load_builtin.cache_clear()
    _forbid_building(monkeypatch)
    hit = rules.load(ruleset_id)
    _same(hit, expected)
    assert hit == expected and repr(hit) == repr(expected)
    # what the renderer and the checklist do with them works on the constructed models too
    assert [i.model_dump() for i in hit.checklist] == [i.model_dump() for i in expected.checklist]
    assert hit.filing.model_dump() == expected.filing.model_dump()
    assert [r.params.model_dump() for r in hit.rules.values()] == [r.params.model_dump() for r in expected.rules.values()]


def test_a_hit_gives_the_same_verdict_as_the_files(cache, monkeypatch, today):
    packet = EXAMPLES / "shaoxing.yaml"
    cold = api.validate_file(packet, today=today)  # miss
    rules._load_builtin.cache_clear()
    _forbid_building(monkeypatch)
    warm = api.validate_file(packet, today=today)
    assert [p.to_dict() for p in warm.problems] == [p.to_dict() for p in cold.problems]
    assert warm.ruleset == cold.ruleset


def _body(entry):
    """An entry's data: the lines after its seal (the SHA-256 of the rest)."""
    return json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])


def _sealed(data) -> str:
    import hashlib

    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest() + "\n" + body


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other_key", "foreign_class", "list", "edited", "unsealed"])
def test_a_damaged_entry_is_rebuilt_silently(cache, damage):
    expected = _fresh("beijing")
    rules.load("beijing")
    [entry] = _entries(cache)
    body = entry.read_text(encoding="utf-8")
    data = _body(entry)
    key = list(data["key"])
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        entry.write_text(body[: len(body) // 2], encoding="utf-8")
    elif damage == "empty":
        entry.write_text("", encoding="utf-8")
    elif damage == "other_key":
        data["key"][1] = "0.0.0"
        entry.write_text(_sealed(data), encoding="utf-8")
    elif damage == "foreign_class":  # a file that tries to have something other than beiantool's models built
        data["ruleset"]["f"]["offices"] = {"$t": [{"$m": "subprocess:Popen", "f": {}, "s": []}]}
        entry.write_text(_sealed(data), encoding="utf-8")
    elif damage == "edited":  # a value changed by hand, the seal left as it was: no longer what was stored
        entry.write_text(body.replace("beijing", "b3ijing"), encoding="utf-8")
    elif damage == "unsealed":  # the data alone, as an earlier format wrote it
        entry.write_text(json.dumps(data), encoding="utf-8")
    else:
        entry.write_text("[1, 2, 3]", encoding="utf-8")
    rules._load_builtin.cache_clear()
    _same(rules.load("beijing"), expected)
    rewritten = _body(entry)  # rewritten whole, under the right key
    assert rewritten["key"] == key
    _same(codec.decode(rewritten["ruleset"]), expected)


def test_decoding_names_only_beiantool_models():
    for name in ("builtins:eval", "os:system", "subprocess:Popen", "beiantool.rules.compiled:cached", "beiantool.base.errors:UsageError"):
        with pytest.raises(codec.Unusable):
            codec.decode({"$m": name, "f": {}, "s": []})
    with pytest.raises(codec.Unusable):
        codec.decode({"$d": "Path", "f": {}})


@pytest.mark.parametrize("where", ["below_a_file", "group_writable", "not_ours"])
def test_an_unusable_folder_means_no_cache_never_an_error(tmp_path, monkeypatch, where):
    rules._load_builtin.cache_clear()
    if where == "below_a_file":
        blocker = tmp_path / "file"
        blocker.write_text("x", encoding="utf-8")
        monkeypatch.setenv(compiled.CACHE_ENV, str(blocker / "cache"))
        folder = blocker / "cache" / "rules"
    else:
        monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
        folder = tmp_path / "cache" / "rules"
        folder.mkdir(parents=True)
        if where == "group_writable":  # someone else could plant an entry: not used, not written
            folder.chmod(0o777)
        else:  # owned by another user (seen as such)
            uid = os.geteuid()
            monkeypatch.setattr(compiled.os, "geteuid", lambda: uid + 1)
    try:
        ruleset = rules.load("shaoxing")
        _same(ruleset, _fresh("shaoxing"))
        report = api.validate_file(EXAMPLES / "shaoxing.yaml")
        assert report.ok
        assert _entries(folder) == []
    finally:
        rules._load_builtin.cache_clear()


def test_a_failed_write_leaves_nothing_behind(cache, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(compiled.os, "replace", full)
    _same(rules.load("wuwei"), _fresh("wuwei"))
    assert list(cache.iterdir()) == []  # no entry, no temporary file


def test_old_entries_and_leftover_temporary_files_are_pruned(cache, monkeypatch):
    cache.mkdir(parents=True)
    stale = []
    for n in range(compiled.KEEP + 3):
        entry = cache / f"{n:040x}.json"
        entry.write_text("{}", encoding="utf-8")
        os.utime(entry, (1_000_000 + n, 1_000_000 + n))
        stale.append(entry)
    leftover = cache / ".tmp-killed.json"
    leftover.write_text("{", encoding="utf-8")
    os.utime(leftover, (1_000_000, 1_000_000))
    rules.load("yunnan")  # a miss: written, then the oldest beyond KEEP go
    kept = _entries(cache)
    assert len(kept) == compiled.KEEP and not leftover.exists()
    assert not any(entry.exists() for entry in stale[:4]) and all(entry.exists() for entry in stale[4:])


def test_a_version_format_or_code_change_is_a_miss(cache, monkeypatch):
    rules.load("hezhou")
    expected = _fresh("hezhou")
    built = []
    original = rules._resolve
    monkeypatch.setattr(rules, "_resolve", lambda read, seen: (seen or built.append(1)) and None or original(read, seen))
    for change in ("version", "format", "code"):
        rules._load_builtin.cache_clear()
        if change == "version":
            monkeypatch.setattr(beiantool, "__version__", "99.0.0")
        elif change == "format":
            monkeypatch.setattr(compiled, "FORMAT", compiled.FORMAT + 1)
        else:
            monkeypatch.setattr(compiled, "_print", "0" * 64)
        _same(rules.load("hezhou"), expected)
    assert len(built) == 3
    assert len(_entries(cache)) == 4  # one entry per key; none of the others was overwritten
    rules._load_builtin.cache_clear()
    built.clear()
    rules.load("hezhou")  # the last key again: a hit
    assert built == []


def test_a_changed_builtin_file_is_a_miss(cache, monkeypatch):
    """The entry holds the SHA-256 of every file that went into it (for national: every other built-in, read for C207)."""
    rules.load("national")
    [entry] = _entries(cache)
    names = {(kind, name) for kind, name, _ in _body(entry)["files"]}
    assert {("rules", rid) for rid in rules.builtin_ids()} <= names
    assert ("forms", "national_unit") in names
    real = compiled._current
    monkeypatch.setattr(compiled, "_current", lambda kind, name: "0" * 64 if (kind, name) == ("rules", "yunnan") else real(kind, name))
    built = []
    original = rules._resolve
    monkeypatch.setattr(rules, "_resolve", lambda read, seen: (seen or built.append(1)) and None or original(read, seen))
    rules._load_builtin.cache_clear()
    rules.load("national")
    assert len(built) == 1


RULES = """\
id: mine
name: 我的规则
extends: {parent}
checks:
  B702:
    params: {{min: {officers}}}
"""


def test_an_edited_rules_file_is_rebuilt_and_the_verdict_follows(cache, tmp_path, monkeypatch, today):
    """--rules FILE: edited between runs (same size, same modification time), the new content decides."""
    mine = tmp_path / "mine.yaml"
    packet = EXAMPLES / "shaoxing.yaml"
    mine.write_text(RULES.format(parent="shaoxing", officers=1), encoding="utf-8")
    stamp = mine.stat().st_mtime_ns
    first = api.validate_file(packet, today=today, rules_file=mine)
    assert "B702" not in {p.code for p in first.problems}
    assert len(_entries(cache)) == 1
    mine.write_text(RULES.format(parent="shaoxing", officers=9), encoding="utf-8")
    os.utime(mine, ns=(stamp, stamp))
    second = api.validate_file(packet, today=today, rules_file=mine)
    assert "B702" in {p.code for p in second.problems}
    assert second.ruleset == rules._resolve(rules._read_path(mine), [])
    third = api.validate_file(packet, today=today, rules_file=mine)  # the rewritten entry now answers
    assert [p.to_dict() for p in third.problems] == [p.to_dict() for p in second.problems]


def test_a_rules_file_that_breaks_is_reported_not_served_from_the_cache(cache, tmp_path, today):
    mine = tmp_path / "mine.yaml"
    mine.write_text(RULES.format(parent="shaoxing", officers=1), encoding="utf-8")
    api.validate_file(EXAMPLES / "shaoxing.yaml", today=today, rules_file=mine)
    mine.write_text(RULES.format(parent="shaoxing", officers=1).replace("min:", "minimum:"), encoding="utf-8")
    with pytest.raises(UsageError, match="没有参数“minimum”"):
        api.validate_file(EXAMPLES / "shaoxing.yaml", today=today, rules_file=mine)
    mine.unlink()
    with pytest.raises(UsageError, match="文件不存在"):
        api.validate_file(EXAMPLES / "shaoxing.yaml", today=today, rules_file=mine)


def test_a_parent_in_the_rules_folder_is_part_of_the_key(cache, tmp_path, monkeypatch, today):
    """A user rule set extending another user rule set: editing the parent is a miss too."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "base.yaml").write_text(RULES.format(parent="shaoxing", officers=1).replace("id: mine", "id: base"), encoding="utf-8")
    (folder / "child.yaml").write_text("id: child\nname: 子规则\nextends: base\n", encoding="utf-8")
    monkeypatch.setenv(rules.RULES_DIR_ENV, str(folder))
    packet = EXAMPLES / "shaoxing.yaml"
    assert "B702" not in {p.code for p in api.validate_file(packet, city="child", today=today).problems}
    (folder / "base.yaml").write_text(RULES.format(parent="shaoxing", officers=9).replace("id: mine", "id: base"), encoding="utf-8")
    assert "B702" in {p.code for p in api.validate_file(packet, city="child", today=today).problems}


def test_the_command_line_uses_the_platform_cache_folder_and_prints_the_same(tmp_path):
    """With only XDG_CACHE_HOME set (as for a user), entries go to $XDG_CACHE_HOME/beiantool/rules; a run with the
    cache filled, a run with none and the first run print the same."""
    env = {k: v for k, v in os.environ.items() if k != compiled.CACHE_ENV}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    command = [sys.executable, "-m", "beiantool", "validate", "-f", "json", str(EXAMPLES / "beijing.yaml")]
    runs = [subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path) for _ in range(2)]
    folder = tmp_path / "xdg" / "beiantool" / "rules"
    assert len(_entries(folder)) == 1
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    runs.append(subprocess.run(command, capture_output=True, text=True, env={**env, compiled.CACHE_ENV: str(blocker / "c")}, cwd=tmp_path))
    assert len({(r.returncode, r.stdout, r.stderr) for r in runs}) == 1
    assert json.loads(runs[0].stdout)["city"] == "beijing"


def test_the_suite_never_touches_the_real_user_cache():
    """conftest points both folders into the run's temporary folder, for every test and the processes it starts."""
    import tempfile

    for var in ("XDG_CACHE_HOME", compiled.CACHE_ENV):
        assert Path(os.environ[var]).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert compiled.folder().resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_reading_only_a_missing_rule_set_is_not_built_nor_stored_and_a_stored_one_is_read(cache):
    from beiantool.base import cachedir

    with cachedir.reading_only():
        with pytest.raises(cachedir.Missing):
            rules.load("shaoxing")
    assert not cache.exists() or not list(cache.iterdir())  # no entry, no temporary file
    built = rules.load("shaoxing")  # outside: built and stored
    rules._load_builtin.cache_clear()
    with cachedir.reading_only():
        assert rules.load("shaoxing") == built
