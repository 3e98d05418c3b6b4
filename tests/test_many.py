"""Many packets in one validate: each reported, a summary, the worst exit code, one JSON object."""

from __future__ import annotations

import json
import shutil

import yaml
from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, ROOT


def _folder(tmp_path):
    folder = tmp_path / "packets"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    shutil.copy(EXAMPLES / "shaoxing.yaml", folder / "a.yaml")
    shutil.copy(EXAMPLES / "beijing.yaml", folder / "sub" / "b.yml")
    shutil.copy(EXAMPLES / "broken" / "shaoxing-typos.yaml", folder / "c.yaml")
    shutil.copy(EXAMPLES / "broken" / "syntax-error.yaml", folder / ".hidden" / "skipped.yaml")
    return folder


def test_a_failing_file_among_good_ones_gives_exit_1_and_a_summary(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(_folder(tmp_path))])
    assert result.exit_code == 1, result.output
    summary = result.output.split("共 3 个文件：")[1]
    assert "✓" in summary and "a.yaml" in summary and "b.yml" in summary and "✗" in summary and "c.yaml" in summary
    assert "skipped.yaml" not in result.output and "1 个文件未通过" in summary


def test_an_unreadable_file_does_not_stop_the_others_and_gives_exit_2(tmp_path):
    args = ["validate", str(EXAMPLES / "shaoxing.yaml"), str(EXAMPLES / "broken" / "syntax-error.yaml"), str(EXAMPLES / "beijing.yaml")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.output.count("没有发现问题") == 2 and "无法读取" in result.output


def test_json_is_one_object_with_an_entry_per_file(tmp_path):
    args = ["validate", str(_folder(tmp_path)), str(EXAMPLES / "broken" / "syntax-error.yaml"), "-f", "json"]
    result = CliRunner().invoke(app, args)
    data = json.loads(result.stdout)
    assert result.exit_code == 2 and data["ok"] is False
    assert [e["file"].rsplit("/", 1)[-1] for e in data["files"]] == ["a.yaml", "c.yaml", "b.yml", "syntax-error.yaml"]
    assert [e["ok"] for e in data["files"]] == [True, False, True, False]
    assert data["files"][3]["error"]["exit_code"] == 2 and data["files"][1]["problems"]


def test_strict_counts_warnings_in_every_file(tmp_path):
    packet = tmp_path / "warn.yaml"
    packet.write_text((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8").replace("  industry: it\n", ""), encoding="utf-8")
    args = ["validate", str(EXAMPLES / "beijing.yaml"), str(packet)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert CliRunner().invoke(app, args + ["--strict"]).exit_code == 1


def test_the_pre_commit_hook_runs_validate_on_yaml_files():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "beiantool-validate" and hook["entry"] == "beiantool validate"
    assert hook["language"] == "python" and hook["types"] == ["yaml"] and hook["pass_filenames"] is True
