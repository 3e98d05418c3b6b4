"""Hostile and odd input (tests/fixtures/hostile/*.yaml): the promised exit code, a Chinese
message with its place, no full ID number and no raw control character on screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, FIXTURES

ROOT = Path(__file__).resolve().parent.parent
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cases():
    for path in sorted((FIXTURES / "hostile").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}-{case['name']}")


def _prepare(case: dict, tmp: Path) -> dict[str, str]:
    places = {"out": str(tmp / "out"), "missing": str(tmp / "没有这个文件.yaml")}
    packet = tmp / "p.yaml"
    if "packet" in case:
        packet.write_bytes(case["packet"].encode("utf-8"))
    elif "packet_repeat" in case:
        spec = case["packet_repeat"]
        packet.write_text(spec["prefix"] + spec["text"] * spec["times"], encoding="utf-8")
    elif "packet_utf32" in case:
        packet.write_bytes(case["packet_utf32"].encode("utf-32"))
    elif "example" in case:
        text = (EXAMPLES / f"{case['example']}.yaml").read_text(encoding="utf-8")
        old, new = case["edit"]
        packet.write_text(text.replace(old, new), encoding="utf-8")
    places["packet"] = str(packet)
    if "rules" in case:
        (tmp / "rules").mkdir()
        (tmp / "rules" / "r.yaml").write_text(case["rules"], encoding="utf-8")
        if "neighbour" in case:
            (tmp / "rules" / "base.yaml").write_text(case["neighbour"], encoding="utf-8")
        places["rules"] = str(tmp / "rules" / "r.yaml")
    if case.get("fifo"):
        os.mkfifo(tmp / "fifo")
        places["fifo"] = str(tmp / "fifo")
    return places


@pytest.mark.parametrize("case", list(_cases()))
def test_hostile(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative extends must not resolve from here
    monkeypatch.setenv("BEIANTOOL_LOG_DIR", str(tmp_path / "logs"))
    places = _prepare(case, tmp_path)
    if "rules_dir" in case:
        folder = tmp_path / "rulesdir"
        folder.mkdir()
        for name, text in case["rules_dir"].items():
            (folder / name).write_text(text, encoding="utf-8")
        monkeypatch.setenv("BEIANTOOL_RULES_DIR", str(folder))
    args = [a.format(**places) for a in case["args"]]
    if case.get("subprocess"):  # a crash here would take pytest with it
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.run([sys.executable, "-m", "beiantool", *args], capture_output=True, text=True, timeout=120, env=env)
        code, output, stdout = proc.returncode, proc.stdout + proc.stderr, proc.stdout
    else:
        result = CliRunner().invoke(app, args)
        code, output, stdout = result.exit_code, result.output, result.stdout
    assert code == case["exit"], output
    assert "Traceback" not in output and "内部错误" not in output
    assert not (tmp_path / "logs").exists(), "a crash log was written"
    for fragment in case.get("says", []):
        assert fragment in output, (fragment, output)
    for fragment in case.get("never", []):
        assert fragment not in output, (fragment, output)
    if case.get("never_raw_controls"):
        assert not RAW_CONTROL.search(output.replace("\n", "")), repr(output)
    if "json" in case:
        data = json.loads(stdout)
        for key, value in case["json"].items():
            assert data[key] == value
        assert data["error"]["message"] and data["error"]["exit_code"] == 2
