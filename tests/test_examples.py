"""Every shipped example behaves as the README says."""

from __future__ import annotations

import pytest

from beiantool import api, rules, yamlread
from beiantool.errors import UsageError
from tests.conftest import EXAMPLES

VALID = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_examples_for_each_builtin_rule_set():
    cities = {api.city_of(yamlread.load(p)) for p in VALID}
    assert cities == set(rules.builtin_ids())


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_have_no_problems(path):
    report = api.validate_file(path)
    assert report.problems == [], [p.to_dict() for p in report.problems]


def test_broken_typos_example_yields_the_documented_codes():
    report = api.validate_file(EXAMPLES / "broken" / "shaoxing-typos.yaml")
    assert not report.ok
    assert {p.code for p in report.errors} == {
        "U301", "P101", "C201", "S001", "N504", "B702", "B703", "S003", "B701", "N501", "N502", "S004", "C206"
    }
    assert {p.code for p in report.warnings} == {"U303", "C205", "C203", "D601", "N506", "R405", "S006"}


def test_broken_syntax_example_is_unusable_input():
    with pytest.raises(UsageError, match=r"syntax-error.yaml:5:18"):
        api.validate_file(EXAMPLES / "broken" / "syntax-error.yaml")


def test_readme_lists_every_code_and_its_two_commands():
    from beiantool.checks import REGISTRY
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, check in REGISTRY.items():
        assert f"| {code} | {check.name} |" in readme, code
    assert "pip install . && beiantool validate examples/shaoxing.yaml" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    assert "python -m pytest" in ci
