"""Meta-tests: every code is documented, has fixtures, and is reachable from a rule set."""

from __future__ import annotations

import re

import pytest
import yaml

from beiantool import rules
from beiantool.checks import REGISTRY
from tests.conftest import FIXTURES


def _fixture(code: str) -> dict:
    path = FIXTURES / "checks" / f"{code}.yaml"
    assert path.exists(), f"{code} 没有测试用例文件 {path.name}"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_has_doc_with_examples(code):
    check = REGISTRY[code]
    assert re.fullmatch(r"[A-Z]\d{3}", code)
    assert check.code == code
    assert check.summary, f"{code} 没有说明"
    assert "失败" in check.doc and "通过" in check.doc, f"{code} 的说明缺少失败 / 通过示例"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_code_has_failing_and_passing_fixture(code):
    spec = _fixture(code)
    assert spec["code"] == code
    assert any(case["expect"] for case in spec["cases"]), f"{code} 没有失败用例"
    assert any(not case["expect"] for case in spec["cases"]), f"{code} 没有通过用例"


def test_names_are_unique():
    names = [c.name for c in REGISTRY.values()]
    assert len(names) == len(set(names))


def test_every_code_is_enabled_somewhere():
    enabled = set()
    for rid in rules.builtin_ids():
        enabled |= set(rules.load(rid).rules)
    assert enabled == set(REGISTRY), set(REGISTRY) - enabled
