"""The parsed-font cache (render/fontcache.py): a hit gives the same font as a parse, and a missing, corrupt,
stale or unwritable cache is parsed again without a word. Every test has its own cache folder."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from beiantool.base import cachedir
from beiantool.render import fontcache
from beiantool.render.fonts import find_font

PATH = find_font().path  # at import: conftest's pytest_configure has pointed the caches into a folder of this run
pytestmark = pytest.mark.skipif(PATH is None, reason="no TrueType CJK font installed (the CI installs one)")
SAMPLE = [ord(c) for c in "绍兴市计算机信息网络国际联网单位备案表（第1份）ABC abc 0123 ，。：" + "\u00a0"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cachedir.ENV, str(tmp_path / "cache" / "beiantool"))
    return tmp_path / "cache" / "beiantool" / "fonts"


@pytest.fixture
def parses(monkeypatch):
    """How many times reportlab parsed a font file."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    count = {"n": 0}
    real = TTFontFile.extractInfo

    def counted(self, *args, **kwargs):
        count["n"] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(TTFontFile, "extractInfo", counted)
    return count


def _same_face(a, b) -> None:
    a.glyphToChar, b.glyphToChar  # noqa: B018 - a cached face builds this table when it is first read
    skip = {"_ttf_data", "_pdfScale", "_tables"}
    left = {k: v for k, v in vars(a).items() if k not in skip}
    right = {k: v for k, v in vars(b).items() if k not in skip}
    assert left.keys() == right.keys()
    for key in left:
        assert left[key] == right[key], key
        assert type(left[key]) is type(right[key]), key
    for key in ("charWidths", "hmetrics"):  # int and float kept apart: the subset's metrics depend on them
        assert [type(v) for v in (left[key].values() if isinstance(left[key], dict) else left[key])] == \
               [type(v) for v in (right[key].values() if isinstance(right[key], dict) else right[key])]
    assert a.name.ustr == b.name.ustr and a._pdfScale(1024) == b._pdfScale(1024)


def test_a_miss_parses_and_stores_then_a_hit_reads_the_same_font(cache, parses):
    from reportlab.pdfbase.ttfonts import TTFont

    first = fontcache.load("T1", PATH)
    assert parses["n"] == 1 and len(list(cache.glob("*.json"))) == 1
    second = fontcache.load("T2", PATH)
    assert parses["n"] == 1  # read from the cache
    assert type(vars(second.face)["glyphToChar"]).__name__ == "_Pending"  # built only if reportlab asks for it
    plain = TTFont("T3", PATH)  # reportlab's own parse, as before the cache
    _same_face(second.face, plain.face)
    _same_face(first.face, plain.face)
    assert vars(second).keys() == vars(plain).keys() and second.shapable == plain.shapable
    assert second.face.filename == plain.face.filename == PATH
    # the embedded subset is byte for byte reportlab's (the cached face reads the glyph table through a view)
    assert second.face.makeSubset(SAMPLE) == plain.face.makeSubset(SAMPLE) == first.face.makeSubset(SAMPLE)
    assert second.stringWidth("备案表 ABC", 10.5) == plain.stringWidth("备案表 ABC", 10.5)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "good digest, wrong shape", "good digest, glyph lists cut",
                                    "good digest, other key", "empty"])
def test_a_corrupt_entry_is_parsed_again_and_replaced(cache, parses, damage):
    from reportlab.pdfbase.ttfonts import TTFont

    fontcache.load("T1", PATH)
    entry = next(cache.glob("*.json"))
    raw = entry.read_bytes()
    head, _, body = raw.partition(b"\n")
    stored = json.loads(body)
    if damage == "garbage":
        entry.write_bytes(b"\x00\xffnot json at all")
    elif damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        if damage == "good digest, wrong shape":
            stored["face"]["charToGlyph"] = [[1, 2, 3], [4]]
        elif damage == "good digest, glyph lists cut":  # checked on reading, though built only when asked for
            stored["face"]["glyphToChar"][2] = []
        else:
            stored["key"]["size"] += 1
        body = json.dumps(stored).encode()
        import hashlib

        entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    font = fontcache.load("T2", PATH)
    assert parses["n"] == 2  # parsed again, silently
    _same_face(font.face, TTFont("T3", PATH).face)
    assert entry.read_bytes() == raw  # and stored again, whole
    fontcache.load("T4", PATH)
    assert parses["n"] == 3  # the reference TTFont above parsed once more; the cache served T4


def test_a_changed_font_file_is_parsed_again(cache, parses, tmp_path):
    copy = tmp_path / ("font" + os.path.splitext(PATH)[1])
    shutil.copyfile(PATH, copy)
    fontcache.load("T1", str(copy))
    fontcache.load("T2", str(copy))
    assert parses["n"] == 1
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # same size, another time: another entry
    fontcache.load("T3", str(copy))
    assert parses["n"] == 2 and len(list(cache.glob("*.json"))) == 2


def test_an_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch, parses):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(cachedir.ENV, str(blocker))
    a = fontcache.load("T1", PATH)
    b = fontcache.load("T2", PATH)
    assert parses["n"] == 2 and a.face.makeSubset(SAMPLE) == b.face.makeSubset(SAMPLE)
    assert blocker.read_text() == "a file where the cache folder would be"
    assert list(tmp_path.iterdir()) == [blocker]


def test_tests_never_use_the_real_user_cache():
    from tests.conftest import _CACHE_ROOT

    assert fontcache.cache_dir().startswith(str(_CACHE_ROOT))
    assert not fontcache.cache_dir().startswith(os.path.expanduser("~/.cache"))


@pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX")
def test_a_folder_others_can_write_to_or_a_linked_entry_is_not_trusted(cache, parses):
    fontcache.load("T1", PATH)
    (entry,) = cache.glob("*.json")
    cache.chmod(0o777)  # another user could have put that entry there
    fontcache.load("T2", PATH)
    assert parses["n"] == 2
    cache.chmod(0o700)
    fontcache.load("T3", PATH)
    assert parses["n"] == 2  # the folder is private again: the entry is used
    moved = cache.parent / "elsewhere.json"
    entry.rename(moved)
    entry.symlink_to(moved)  # an entry that is a link is never followed
    before = moved.read_bytes()
    fontcache.load("T4", PATH)
    assert parses["n"] == 3  # parsed again; the new entry replaces the link itself, not the file it pointed to
    assert not entry.is_symlink() and moved.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_as_the_font_is_refused_at_once(tmp_path):
    from beiantool.base.errors import UsageError

    pipe = tmp_path / "font.ttf"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    with pytest.raises(UsageError) as refused:
        find_font(str(pipe))
    assert "不是字体文件" in str(refused.value)


def test_only_the_newest_entries_are_kept(cache, parses, tmp_path):
    copies = []
    for n in range(fontcache.KEEP + 2):  # each name of the font file is another entry
        copy = tmp_path / f"font{n}.ttc"
        shutil.copy(PATH, copy)  # not a hard link: that moves the system font's ctime, and so every user's cache key of it
        copies.append(copy)
        fontcache.load(f"T{n}", str(copy))
    assert len(list(cache.glob("*.json"))) == fontcache.KEEP
    fontcache.load("again", str(copies[-1]))
    assert parses["n"] == fontcache.KEEP + 2  # the newest entry is still there


def test_a_font_edited_in_place_with_its_time_put_back_is_parsed_again(cache, parses, tmp_path):
    copy = tmp_path / "font.ttc"
    shutil.copy(PATH, copy)
    fontcache.load("T1", str(copy))
    before = copy.stat()
    with open(copy, "r+b") as f:  # same size, a byte changed, the modification time restored
        f.seek(before.st_size // 2)
        byte = f.read(1)
        f.seek(before.st_size // 2)
        f.write(bytes([byte[0] ^ 1]))
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    fontcache.load("T2", str(copy))
    assert parses["n"] == 2  # the ctime moved: another entry


@pytest.mark.parametrize("face", ["[" * 100000, '{"unitsPerEm": 0}'])
def test_a_sealed_entry_that_breaks_decoding_is_parsed_again(cache, parses, face):
    import hashlib

    fontcache.load("T1", PATH)
    (entry,) = cache.glob("*.json")
    stored = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    body = ('{"key":' + json.dumps(stored["key"]) + ',"face":' + face + "}").encode()
    entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)  # sealed, but nonsense inside
    font = fontcache.load("T2", PATH)
    assert parses["n"] == 2 and font.face.makeSubset(SAMPLE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("formats", ["docx", "xlsx", "pdf"])
def test_a_bad_font_is_refused_before_any_work_whatever_the_formats_and_once_for_a_batch(tmp_path, formats):
    from typer.testing import CliRunner

    from beiantool.cli import app
    from tests.conftest import EXAMPLES

    pipe = tmp_path / "font.ttf"
    os.mkfifo(pipe)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        shutil.copy(EXAMPLES / "shaoxing.yaml", folder / f"p{n}.yaml")
    for target in (EXAMPLES / "shaoxing.yaml", folder):
        out = tmp_path / f"out-{formats}-{target.name}"
        result = CliRunner().invoke(app, ["render", str(target), "-o", str(out), "-f", formats, "--font", str(pipe), "-j", "2"])
        assert result.exit_code == 2 and result.output.count("不是字体文件") == 1, result.output
        assert not out.exists()


def test_a_cut_off_font_file_is_a_chinese_refusal_not_a_crash(tmp_path):
    cut = tmp_path / "cut.ttc"
    cut.write_bytes(open(PATH, "rb").read(100_000))
    from beiantool.base.errors import UsageError

    with pytest.raises(UsageError) as refused:
        find_font(str(cut))
    assert "无法嵌入" in str(refused.value)


def test_reading_only_a_missing_font_is_neither_parsed_nor_stored_and_a_stored_one_is_read(cache, parses):
    with cachedir.reading_only():
        with pytest.raises(cachedir.Missing):
            fontcache.load("T1", PATH)
    assert parses["n"] == 0 and not list(cache.glob("*"))  # nothing parsed, no entry, no temporary file
    fontcache.load("T2", PATH)  # outside: parsed and stored
    with cachedir.reading_only():
        assert fontcache.load("T3", PATH).face.charToGlyph
    assert parses["n"] == 1
