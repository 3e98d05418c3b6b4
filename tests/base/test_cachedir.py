"""base/cachedir: where caches live, when a folder is trusted, pruning that never stops on an odd entry."""

from __future__ import annotations

import os
import time

import pytest

from beiantool.base import cachedir


def test_the_folder_follows_the_override_then_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cachedir.ENV, str(tmp_path / "mine"))
    assert cachedir.location("rules") == tmp_path / "mine" / "rules"
    monkeypatch.delenv(cachedir.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cachedir.location("fonts") == tmp_path / "xdg" / "beiantool" / "fonts"


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")
def test_a_folder_others_can_write_to_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv(cachedir.ENV, str(tmp_path / "c"))
    made = cachedir.usable("rules")
    assert made == tmp_path / "c" / "rules" and (made.stat().st_mode & 0o777) == 0o700
    made.chmod(0o770)
    assert cachedir.usable("rules") is None
    (tmp_path / "c" / "fonts").write_text("a file where the folder would be")
    assert cachedir.usable("fonts") is None


def test_prune_keeps_the_newest_touches_only_its_own_names_and_is_not_stopped_by_a_dangling_link(tmp_path):
    tmp_path = tmp_path / "cache-folder"  # a folder the user also keeps files in
    tmp_path.mkdir()
    now = time.time()
    names = [f"{n:040x}.json" for n in range(6)]
    for n, name in enumerate(names):
        entry = tmp_path / name
        entry.write_text("{}")
        os.utime(entry, (now - 100 + n, now - 100 + n))
    link = "f" * 40 + ".json"
    (tmp_path / link).symlink_to(tmp_path / "nowhere.json")  # stat() fails on it
    stale = tmp_path / ".tmp-k1l2_3.json"
    stale.write_text("a killed write's")
    decoys = ["notes.json", ".hidden.json", "0123.json", "report.pdf"]  # the user's own files, old ones too
    for name in decoys:
        (tmp_path / name).write_text("mine")
        os.utime(tmp_path / name, (now - 3 * 86400, now - 3 * 86400))
    os.utime(stale, (now - 2 * 86400, now - 2 * 86400))
    cachedir.prune(tmp_path, 3)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([names[4], names[5], link] + decoys)  # the link counts by its own time (now)
    assert all((tmp_path / name).read_text() == "mine" for name in decoys)
