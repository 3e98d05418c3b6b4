"""Every command validates what it prints: text validate calls unprintable (S007) is refused, never shown or written."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, load_example

BELL = "官网\x07\x1b[31m红"


def _packet(folder, where: str):
    data = load_example("shaoxing")
    if where == "site":
        data["sites"][0]["name"] = BELL
        data["sites"][0]["police_number"] = "浙公网安备 33060202000394号"
    else:
        data["unit"]["name"] = BELL
    path = folder / f"{where}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("command", [
    ["footer", "{site}"], ["footer", "{site}", "-f", "json"], ["platform", "{site}"], ["platform", "{site}", "-f", "json"],
    ["checklist", "{unit}"], ["checklist", "{unit}", "-f", "md"], ["change", "{unit}", "--cancel"],
    ["change", "{site}", "--cancel", "--site", "1"], ["change", "{unit}", str(EXAMPLES / "shaoxing.yaml")],
    ["change", str(EXAMPLES / "shaoxing.yaml"), "{unit}"],
])
def test_a_control_character_validate_calls_an_error_is_refused_by_every_command(tmp_path, command):
    paths = {"site": _packet(tmp_path, "site"), "unit": _packet(tmp_path, "unit")}
    args = [a.format(**paths) for a in command]
    result = _run(*args)
    assert result.exit_code == 1, result.output
    assert "S007" in result.stderr and "控制字符" in result.stderr
    assert "红" not in result.stdout.replace('"ok": false', "")  # nothing of the packet's text was printed
    assert "\x1b" not in result.output and "\x07" not in result.output


@pytest.mark.parametrize("command", [["checklist", "{unit}", "-f", "xlsx", "-o", "{out}/清单.xlsx"],
                                     ["platform", "{site}", "-f", "md", "-o", "{out}/平台.md"],
                                     ["change", "{unit}", "--cancel", "-o", "{out}/告知"]])
def test_nothing_unprintable_is_written_to_a_file_either(tmp_path, command):
    paths = {"site": _packet(tmp_path, "site"), "unit": _packet(tmp_path, "unit"), "out": tmp_path / "out"}
    (tmp_path / "out").mkdir()
    result = _run(*[a.format(**paths) for a in command])
    assert result.exit_code == 1 and "内部错误" not in result.output, result.output
    assert list((tmp_path / "out").iterdir()) == []


def test_checklist_json_is_still_one_object_when_refused(tmp_path):
    import json

    result = _run("checklist", _packet(tmp_path, "unit"), "-f", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["ok"] is False and data["problems"][0]["code"] == "S007"
