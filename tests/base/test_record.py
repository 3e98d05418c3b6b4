"""base/record.py: a record behaves as the dataclass it replaces, in everything beiantool's classes use."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import ClassVar, Optional

import pytest

from beiantool.base.record import record


def _pair(frozen: bool):
    """The same class made by @dataclass and by @record."""
    made = []
    for deco in (dataclass(frozen=frozen), record(frozen=frozen)):
        @deco
        class Sample:
            """A sample."""

            kind: ClassVar[str] = "sample"
            code: str
            count: int = 0
            tags: list = field(default_factory=list)
            note: Optional[str] = field(default=None, repr=False, compare=False)
            weight: float = field(default=1.0, hash=False)

            def twice(self) -> int:
                return self.count * 2

        made.append(Sample)
    return made


def _outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:  # noqa: BLE001 - the kind of failure is what is compared (the wording is Python's)
        return (type(exc).__name__,)


@pytest.mark.parametrize("frozen", [True, False])
def test_a_record_behaves_as_its_dataclass(frozen):
    real, mine = _pair(frozen)
    calls = [((), {}), (("a",), {}), (("a", 2),), (("a", 2, ["x"], "n", 3.0), {}), (("a",), {"count": 5, "note": "n"}),
             (("a",), {"code": "b"}), (("a", 1, [], None, 1.0, "extra"), {}), ((), {"code": "a", "colour": "red"})]
    for args, *kw in calls:
        kwargs = kw[0] if kw else {}
        assert _outcome(lambda: repr(real(*args, **kwargs)).replace(real.__qualname__, "X")) == \
               _outcome(lambda: repr(mine(*args, **kwargs)).replace(mine.__qualname__, "X")), (args, kwargs)
    a, b, c = mine("a", 2, note="one"), mine("a", 2, note="other"), mine("a", 3)
    ra, rb, rc = real("a", 2, note="one"), real("a", 2, note="other"), real("a", 3)
    assert (a == b, a == c, a != c, a == "a") == (ra == rb, ra == rc, ra != rc, ra == "a")
    assert (a == ra) is False  # another class, as between two dataclasses
    assert a.tags is not mine("x").tags  # a factory per instance
    assert a.twice() == 4 and mine.kind == "sample" and mine.__doc__ == "A sample."
    assert [f.name for f in dataclasses.fields(mine)] == [f.name for f in dataclasses.fields(real)] and dataclasses.is_dataclass(a)
    assert dataclasses.asdict(a) == dataclasses.asdict(ra)
    assert dataclasses.replace(a, count=9) == mine("a", 9, note="x") and dataclasses.replace(a, count=9).note == "one"
    assert mine.__match_args__ == real.__match_args__
    assert copy.deepcopy(a) == a and copy.copy(a) == a
    if frozen:
        assert _outcome(lambda: hash(a)) == _outcome(lambda: hash(ra)) == ("TypeError",)  # a list inside: unhashable
        h = [hash(mine("a", 2, (), "one")), hash(mine("a", 2, (), "other", 5.0)), hash(real("a", 2, (), "x"))]
        assert h[0] == h[1] == h[2] != hash(mine("a", 3, ()))  # note is not compared, weight not hashed
        for attempt in (lambda x: setattr(x, "count", 1), lambda x: setattr(x, "new", 1), lambda x: delattr(x, "count")):
            with pytest.raises(dataclasses.FrozenInstanceError):
                attempt(a)
            with pytest.raises(dataclasses.FrozenInstanceError):
                attempt(ra)
    else:
        with pytest.raises(TypeError):
            hash(a)
        a.count = 7
        assert a.count == 7 and a != b


@record(frozen=True)
class Carried:
    """A record sent to a worker process and back (pickled)."""

    code: str
    lines: tuple = ()


def test_a_record_travels_between_processes():
    sent = Carried("S001", (1, 2))
    back = pickle.loads(pickle.dumps(sent))
    assert back == sent and back is not sent and hash(back) == hash(sent)


def test_post_init_runs_after_the_fields_are_set():
    @record(frozen=True)
    class Shout:
        word: str

        def __post_init__(self):
            object.__setattr__(self, "word", self.word.upper())

    assert Shout("hi").word == "HI" and dataclasses.replace(Shout("hi"), word="yo").word == "YO"


def test_a_recursive_value_is_shown_as_a_dataclass_shows_it():
    shown = []
    for deco in (dataclass, record):
        @deco
        class Node:
            child: object = None

        n = Node()
        n.child = n
        shown.append(repr(n))
    assert shown[0] == shown[1] and shown[1].endswith("Node(child=...)")


def test_what_a_record_cannot_be_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError):
        @record
        class Hidden:
            a: int
            b: int = field(default=0, init=False)
    with pytest.raises(TypeError):
        @record
        class KeywordOnly:
            a: int = field(default=0, kw_only=True)
    with pytest.raises(TypeError):
        @record
        class WithInitVar:
            a: dataclasses.InitVar[int]


def test_making_a_record_compiles_nothing(monkeypatch):
    """The point of a record: no source compiled when the class is made (dataclasses compiles six functions)."""
    import builtins

    compiled = []
    real_exec = builtins.exec
    monkeypatch.setattr(builtins, "exec", lambda *a, **k: compiled.append(a[0]) or real_exec(*a, **k))

    @record(frozen=True)
    class Cheap:
        a: int
        b: str = ""

    assert compiled == [] and Cheap(1) == Cheap(1, "")
