"""Every shipped example behaves as the README says."""

from __future__ import annotations

import pytest

from beiantool import api, rules, yamlread
from beiantool.errors import UsageError
from tests.conftest import EXAMPLES, ROOT

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
    assert "pip install . && beiantool render examples/shaoxing.yaml -o" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -e ".[test]" && python -m pytest' in readme
    assert "python -m pytest" in ci


@pytest.mark.parametrize("name,where,says", [
    ("fullwidth-colon", ":18:11：", ["第 18 行用了全角冒号“：”", 'postcode: "312000"']),
    ("colon-without-space", ":18:11：", ["第 18 行的冒号后面缺少空格", 'postcode: "312000"']),
])
def test_broken_colon_examples_name_the_line_and_the_fix(name, where, says):
    with pytest.raises(UsageError) as caught:
        api.validate_file(EXAMPLES / "broken" / f"{name}.yaml")
    text = caught.value.message + (caught.value.hint or "")
    assert where in text and all(s in text for s in says), text


def test_broken_list_without_dash_shows_yaml_not_python():
    report = api.validate_file(EXAMPLES / "broken" / "list-without-dash.yaml")
    [problem] = [p for p in report.errors if p.code == "S002"]
    assert problem.path_text == "sites" and problem.line == 88
    assert "{name: 绍兴示例科技官网" in problem.message and "'name'" not in problem.message
    assert "- name: …" in problem.message


def test_broken_fullwidth_digits_gives_the_text_to_paste():
    report = api.validate_file(EXAMPLES / "broken" / "fullwidth-digits.yaml")
    by_path = {p.path_text: p for p in report.errors if p.code == "S009"}
    assert '请改为："312000"' in by_path["unit.postcode"].message
    # a grouping space is no error: the number is read (and printed) without it, and the warning says how (S010)
    spaced = next(p for p in report.warnings if p.path_text == "unit.phone")
    assert spaced.code == "S010" and '可改为："0575-88888888"' in spaced.message
    assert not [p for p in report.problems if p.path_text == "unit.postcode" and p.code != "S009"]  # named once


def test_values_are_echoed_as_yaml_writes_them():
    from beiantool.privacy import as_written

    assert [as_written(v) for v in (True, False, None, [True, "a"])] == ["true", "false", "null", "[true, a]"]


def test_readme_first_command_renders_the_example_into_a_new_folder(tmp_path, monkeypatch):
    import re
    import shlex
    from pathlib import Path

    from typer.testing import CliRunner

    from beiantool.cli import app

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)\n```", readme, re.S).group(1).strip()
    install, _, command = first.partition(" && ")
    assert install == "pip install ." and command.startswith("beiantool render ")
    args = shlex.split(command)[1:]
    args[1] = str(EXAMPLES.parent / args[1])  # the example, from the repository
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = tmp_path / args[args.index("-o") + 1]
    assert (out / "manifest.json").exists() and any(p.suffix == ".pdf" for p in out.iterdir())
    assert str(out.name) in result.output and "下一步" in result.output


def test_broken_unknown_city_points_to_national_and_rules():
    with pytest.raises(UsageError) as caught:
        api.validate_file(EXAMPLES / "broken" / "unknown-city.yaml")
    assert "杭州" in caught.value.message and "city: national" in caught.value.hint and "--rules" in caught.value.hint


def test_rendered_checklist_mentions_the_annex(tmp_path):
    from beiantool.render import render_packet
    from tests.test_render import _flat

    render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "o", formats=("pdf", "xlsx"))
    assert "附表.xlsx" in _flat(tmp_path / "o" / "材料清单.pdf")


def test_every_data_file_the_package_reads_is_shipped():
    """pyproject's package-data globs cover every YAML beside the code (a missing one works in a checkout, fails installed)."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    globs, dirs = config["package-data"], config.get("package-dir", {})
    for package, patterns in globs.items():
        folder = ROOT / dirs.get(package, package.replace(".", "/"))
        for path in folder.rglob("*.yaml"):
            rel = path.relative_to(folder).as_posix()
            assert any(fnmatch.fnmatch(rel, p) and rel.count("/") == p.count("/") for p in patterns), f"{package}: {rel} is not shipped"
