"""checks/verdicts.py and the shape verdict of checks/shape.py: what comes back from the cache is what was
computed, to the type; a changed packet is judged again."""

from __future__ import annotations

import copy

import pytest

from beiantool.base import verdicts
from beiantool.base.errors import UsageError
from beiantool.checks import shape
from beiantool.checks import verdicts as lib_verdicts
from beiantool.packet import yamlread
from beiantool.packet.normalize import normalize_labels

from tests.conftest import EXAMPLES


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv(verdicts.cachedir.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(verdicts, "_pending", [])
    return tmp_path / "cache" / "verdicts"


def _fresh(monkeypatch, module, *names):
    """The memos as a new process has them: nothing read yet."""
    for name in names:
        old = getattr(module, name)
        monkeypatch.setattr(module, name, verdicts.Memo(old.library, old.dist, old.files, old.code, old.limit))


def _only_kept(monkeypatch, memo):
    """From here on, computing a verdict of ``memo`` fails the test: only the cache may answer."""
    get = memo.get

    def only_kept(kind, value, compute, remember=True, keep=None):
        def refuse(_value):
            raise AssertionError(f"{kind} {value!r} was computed, not read from the cache")

        return get(kind, value, refuse, remember, keep)

    monkeypatch.setattr(memo, "get", only_kept)


def test_the_library_answers_read_back_are_the_ones_computed(monkeypatch, cache):
    """Every verdict function gives the same answer, of the same type, from the cache."""
    calls = [("phone", "0575-88888888-8084"), ("phone", "13800000000"), ("phone", "88888888"), ("phone", "95588"),
             ("ascii_domain", "例子.中国"), ("ascii_domain", "www.example.com"), ("ascii_domain", "bad_domain..com"),
             ("uscc_compact", "91350100M000100Y43 "), ("uscc_check_digit", "91350100M000100Y43"),
             ("address_counties", "330602"), ("address_counties", "330699"), ("address_counties", "110110")]
    _fresh(monkeypatch, lib_verdicts, "PHONES", "DOMAINS", "NUMBERS")
    computed = [getattr(lib_verdicts, f)(v) for f, v in calls]
    assert computed[0] == [False, "0575"] and computed[1] == [True, None] and computed[2] is None
    assert computed[4] == "xn--fsqu00a.xn--fiqs8s" and computed[6] is None and computed[10] == [] and computed[9]
    verdicts.save_all()
    _fresh(monkeypatch, lib_verdicts, "PHONES", "DOMAINS", "NUMBERS")
    for memo in (lib_verdicts.PHONES, lib_verdicts.DOMAINS, lib_verdicts.NUMBERS):
        _only_kept(monkeypatch, memo)
    read = [getattr(lib_verdicts, f)(v) for f, v in calls]
    assert read == computed and [type(x) for x in read] == [type(x) for x in computed]


def _data(path) -> dict:
    doc = yamlread.load(path)
    normalize_labels(doc.data)
    return doc.data


def _readable(path) -> bool:
    try:
        _data(path)
    except UsageError:  # a syntax error: no data to judge
        return False
    return True


def test_nothing_said_of_an_id_number_is_kept(monkeypatch, cache):
    """A resident ID number is shown masked: its compact form, birth date and check digit are asked of stdnum
    every time, and neither the number nor its birth date reaches the cache."""
    _fresh(monkeypatch, lib_verdicts, "NUMBERS")
    number = "11010519491231002X"
    assert (lib_verdicts.id_compact(" 11010519491231002x"), lib_verdicts.id_birth(number), lib_verdicts.id_check_digit(number)) == \
           (number, "1949-12-31", "X")
    assert lib_verdicts.id_birth("110105194913310021") is None
    lib_verdicts.address_counties(number[:6])
    verdicts.save_all()
    kept = b"".join(p.read_bytes() for p in cache.glob("*.json"))
    assert kept and number.encode() not in kept and b"1949-12-31" not in kept and b"19491231" not in kept


def test_a_shape_verdict_never_keeps_an_id_number(monkeypatch, cache):
    """The cache keeps words as the screen shows them (an echoed value is masked by excerpt); a verdict the
    screen would still mask is not kept at all."""
    _fresh(monkeypatch, shape, "SHAPES")
    data = _data(EXAMPLES / "shaoxing.yaml")
    data["network"]["hosts"] = "见 330602199209084560"  # not a number: S002 echoes the value, an ID number in it
    found = shape.shape_findings(data)
    assert any(code == "S002" and "330602********4560" in f.message for code, f in found)
    verdicts.save_all()
    assert b"330602199209084560" not in b"".join(p.read_bytes() for p in cache.glob("*.json"))
    assert shape._no_id_shown([["S002", ["x"], "现为“330602********4560”"]])
    assert not shape._no_id_shown([["S002", ["x"], "现为“330602199209084560”"]])


PACKETS = [p for p in sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "broken").glob("*.yaml")) if _readable(p)]


@pytest.mark.parametrize("path", PACKETS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_remembered_shape_is_the_one_pydantic_gives(monkeypatch, cache, path):
    data = _data(path)
    _fresh(monkeypatch, shape, "SHAPES")
    computed = shape.shape_findings(data)
    verdicts.save_all()
    _fresh(monkeypatch, shape, "SHAPES")
    _only_kept(monkeypatch, shape.SHAPES)
    read = shape.shape_findings(copy.deepcopy(data))
    assert read == computed
    assert [(type(f.path), [type(p) for p in f.path]) for _, f in read] == [(type(f.path), [type(p) for p in f.path]) for _, f in computed]


def test_the_typo_packet_has_shape_findings_to_remember():
    """The round trip above is not only of empty verdicts."""
    found = shape._shape_verdict(_data(EXAMPLES / "broken" / "shaoxing-typos.yaml"))
    assert {code for code, _, _ in found} >= {"S001", "S003"}


@pytest.mark.parametrize("edit", ["value", "type", "order", "int-for-text"])
def test_a_packet_changed_in_any_way_is_judged_again(monkeypatch, cache, edit):
    _fresh(monkeypatch, shape, "SHAPES")
    data = _data(EXAMPLES / "shaoxing.yaml")
    before = shape.shape_findings(data)
    changed = copy.deepcopy(data)
    if edit == "value":
        changed["network"]["hosts"] = "十二"
    elif edit == "type":
        changed["unit"]["commercial"] = "false"  # a word, not the boolean
    elif edit == "order":  # the same keys in another order: pydantic's report follows the order
        changed["unit"] = dict(reversed(list(changed["unit"].items())))
    else:
        changed["unit"]["postcode"] = int(changed["unit"]["postcode"])
    judged = []
    real = shape._shape_verdict
    monkeypatch.setattr(shape, "_shape_verdict", lambda d: judged.append(d) or real(d))
    after = shape.shape_findings(changed)
    assert judged == [changed]
    if edit == "value":
        assert after != before and any(f.path == ("network", "hosts") for _, f in after)
