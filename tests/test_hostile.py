"""Hostile and odd input (tests/fixtures/hostile/*.yaml): the promised exit code, a Chinese
message with its place, no full ID number and no raw control character on screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
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
    """Files a case asks for: the packet (in tmp/, or in tmp/pk/ when it has attachments, so that
    tmp/outside/ lies outside its folder), attachment files made on the fly, other files, links."""
    from tests.attachment_files import make

    places = {"out": str(tmp / "out"), "missing": str(tmp / "没有这个文件.yaml"), "tmp": str(tmp)}
    home = tmp / "home"
    places["home"] = str(home)
    folder = tmp / "pk" if "attach" in case else tmp
    folder.mkdir(exist_ok=True)
    places["folder"] = str(folder)
    for name, spec in (case.get("attach") or {}).items():  # relative to the packet's folder: ../outside/x leaves it
        make(folder / name.format(**places), spec)
    for name, body in (case.get("tree") or {}).items():
        path = tmp / name.format(**places)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body.replace("{tmp}", places["tmp"]), encoding="utf-8")
    for name, target in (case.get("links") or {}).items():
        path = tmp / name.format(**places)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(**places), path)
    packet = folder / "p.yaml"
    if "packet" in case:
        packet.write_bytes(case["packet"].encode("utf-8"))
    elif "packet_repeat" in case:
        spec = case["packet_repeat"]
        packet.write_text(spec["prefix"] + spec["text"] * spec["times"], encoding="utf-8")
    elif "packet_utf32" in case:
        packet.write_bytes(case["packet_utf32"].encode("utf-32"))
    elif "example" in case:
        text = (EXAMPLES / f"{case['example']}.yaml").read_text(encoding="utf-8")
        if "edit" in case:
            old, new = case["edit"]
            text = text.replace(old, new)
        packet.write_text(text + case.get("append", "").format(**places), encoding="utf-8")
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
    if case.get("fifo_in"):
        os.mkfifo(tmp / case["fifo_in"])
    return places


@pytest.mark.parametrize("case", list(_cases()))
def test_hostile(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative extends must not resolve from here
    monkeypatch.setenv("BEIANTOOL_LOG_DIR", str(tmp_path / "logs"))
    places = _prepare(case, tmp_path)
    if "home" in case:  # a fake home with decoys: a path written with ~ must not reach them
        for name, spec in case["home"].items():
            from tests.attachment_files import make

            make(Path(places["home"]) / name, spec)
        monkeypatch.setenv("HOME", places["home"])
    if "rules_dir" in case:
        folder = tmp_path / "rulesdir"
        folder.mkdir()
        for name, text in case["rules_dir"].items():
            (folder / name).write_text(text, encoding="utf-8")
        for name, target in case.get("rules_dir_links", {}).items():
            os.symlink(target.format(**places), folder / name)
        monkeypatch.setenv("BEIANTOOL_RULES_DIR", str(folder))
    args = [a.format(**places) for a in case["args"]]
    started = time.monotonic()
    if case.get("subprocess"):  # a crash here would take pytest with it
        env = dict(os.environ, PYTHONPATH=str(ROOT), **({"HOME": places["home"]} if case.get("subprocess_home") else {}))
        proc = subprocess.run([sys.executable, "-m", "beiantool", *args], capture_output=True, text=True, timeout=120, env=env)
        code, output, stdout = proc.returncode, proc.stdout + proc.stderr, proc.stdout
    else:
        result = CliRunner().invoke(app, args)
        code, output, stdout = result.exit_code, result.output, result.stdout
    assert code == case["exit"], output
    if "within_seconds" in case:
        assert time.monotonic() - started < case["within_seconds"], "took too long"
    assert "Traceback" not in output and "内部错误" not in output
    assert not (tmp_path / "logs").exists(), "a crash log was written"
    for fragment in case.get("says", []):
        assert fragment.format(**places) in output, (fragment, output)
    for fragment in case.get("never", []):
        assert fragment not in output, (fragment, output)
    if case.get("never_raw_controls"):
        assert not RAW_CONTROL.search(output.replace("\n", "")), repr(output)
    if "json" in case:
        data = json.loads(stdout)
        for key, value in case["json"].items():
            assert data[key] == value
        assert data["error"]["message"] and data["error"]["exit_code"] == 2
    if "json_has" in case:  # fragments the one JSON object must hold somewhere
        text = json.dumps(json.loads(stdout), ensure_ascii=False)
        for fragment in case["json_has"]:
            assert fragment.format(**places) in text, (fragment, text)
    if "manifest_has" in case:
        manifest = (Path(places["out"]) / "manifest.json").read_text(encoding="utf-8")
        for fragment in case["manifest_has"]:
            assert fragment.format(**places) in manifest, (fragment, manifest)
    if "bundle_pages_at_most" in case:
        from pypdf import PdfReader

        assert len(PdfReader(str(Path(places["out"]) / "打印合订本.pdf")).pages) <= case["bundle_pages_at_most"]
    if "bundle_without" in case:
        from tests.attachment_files import active_names

        assert not active_names((Path(places["out"]) / "打印合订本.pdf").read_bytes())
