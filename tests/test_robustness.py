"""Property tests: mutated packets never make beiantool raise, and every problem is placed."""

from __future__ import annotations

import copy
import datetime

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beiantool import api
from beiantool.packet import yamlread
from beiantool.base.errors import UsageError
from beiantool.base.privacy import redact_ids
from tests.conftest import load_example

BASE = load_example("shaoxing")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(["", "无", "2026-02-30", "0575-88888888", "11010519491231002X", "1.2.3.4-1.2.3.1", "浙ICP备1号"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=10,
)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, prefix + (i,))


ALL_PATHS = [p for p in _paths(BASE) if p]


def mutate(draw, edit) -> dict:
    """BASE with one to four places changed; ``edit(draw, parent, key)`` changes one place."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            edit(draw, parent, path[-1])
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _edit(draw, parent, key) -> None:
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[key] = draw(values)
    elif action == "delete":
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=8))] = draw(values)


@st.composite
def mutated(draw):
    return mutate(draw, _edit)


def _check(report):
    for problem in report.problems:
        assert problem.path_text, problem
        assert problem.line and problem.line >= 1 and problem.column >= 1, problem
        assert problem.message
        assert redact_ids(problem.message) == problem.message, problem.message  # ID numbers are always masked
        assert problem.to_dict()["severity"] in ("error", "warning")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_packets_never_raise(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        _check(api.validate_document(yamlread.load_text(text, "m.yaml")))
    except UsageError as exc:  # e.g. an unknown city: still names the file
        assert str(exc).startswith("m.yaml")


@settings(deadline=None)
@given(st.data())
def test_mutated_text_never_raises(data):
    text = yaml.safe_dump(BASE, allow_unicode=True)
    pos = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.text(alphabet=":-[]{}&*!|>'\"#\t\n 0a中", max_size=5))
    try:
        _check(api.validate_document(yamlread.load_text(text[:pos] + junk + text[pos:], "m.yaml")))
    except UsageError as exc:
        assert str(exc).startswith("m.yaml")


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated())
def test_draft_render_of_mutated_packets_never_crashes(tmp_path_factory, data):
    """--draft renders anything readable; the only acceptable failure is a UsageError (e.g. a glyph the font lacks)."""
    from beiantool.render import render_packet

    work = tmp_path_factory.mktemp("draft")
    packet = work / "p.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        result = render_packet(packet, work / "out", formats=("pdf", "docx", "xlsx"), draft=True)
    except UsageError:
        assert not (work / "out").exists()
        return
    assert (work / "out" / "manifest.json").exists() and result.files
