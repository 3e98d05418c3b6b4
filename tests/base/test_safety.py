"""Fault injection: beiantool never destroys what it did not write, and never leaves half a file.

Every test runs in a temporary folder with HOME and the XDG folders pointed inside
it, with decoy files (an SSH key, a thesis) beside every target; each test checks
the decoys survive. No test names a real folder.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, _intact, _plant

ROOT = Path(__file__).resolve().parents[2]
def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _env(home: Path) -> dict:
    env = dict(os.environ)
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), BEIANTOOL_LOG_DIR=str(home / ".cache" / "logs"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# ---- what --force may replace ---------------------------------------------------------


def test_force_into_home_is_refused(home):
    folder, _ = home
    result = run("render", "备案.yaml", "-o", folder, "--force", "-f", "xlsx")
    assert result.exit_code == 2
    assert "主目录" in result.output


def test_tilde_and_dot_in_a_folder_of_documents_are_refused(home):
    folder, _ = home
    docs = folder / "文档"
    docs.mkdir()
    planted = _plant(docs)
    (docs / "备案.yaml").write_bytes((EXAMPLES / "shaoxing.yaml").read_bytes())
    os.chdir(docs)
    result = run("render", "备案.yaml", "-o", ".", "--force", "-f", "xlsx")
    assert result.exit_code == 2, result.output
    assert "备案.yaml" in result.output and "论文.docx" in result.output  # names what it would not touch
    assert "Traceback" not in result.output
    _intact(planted)
    assert (docs / "备案.yaml").is_file()


def test_root_and_mount_points_are_refused(home, monkeypatch):
    folder, _ = home
    assert run("render", "备案.yaml", "-o", "/", "--force", "-f", "xlsx").exit_code == 2
    mount = folder / "U盘"
    mount.mkdir()
    planted = _plant(mount)
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: os.path.realpath(p) == str(mount.resolve()) or real(p))
    result = run("render", "备案.yaml", "-o", mount, "--force", "-f", "xlsx")
    assert result.exit_code == 2 and "挂载点" in result.output
    _intact(planted)


def test_symlink_target_is_refused_not_replaced(home):
    folder, _ = home
    real = folder / "真目录"
    real.mkdir()
    planted = _plant(real)
    link = folder / "材料"
    link.symlink_to(real, target_is_directory=True)
    result = run("render", "备案.yaml", "-o", link, "--force", "-f", "xlsx")
    assert result.exit_code == 2 and "符号链接" in result.output
    assert link.is_symlink()
    _intact(planted)


def test_force_replaces_exactly_the_files_of_an_earlier_packet(home):
    folder, _ = home
    out = folder / "材料"
    beside = _plant(folder / "旁边")
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 2  # no --force: kept
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert first["tool"] == "beiantool" and first["version"]
    result = run("render", "备案.yaml", "-o", out, "-f", "pdf", "--force")
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(os.listdir(out)) == sorted([f["path"] for f in manifest["files"]] + ["manifest.json"])
    assert not any(name.endswith(".xlsx") for name in os.listdir(out))  # the old packet's files are gone
    _intact(beside)


def test_force_refuses_a_packet_folder_with_a_file_the_user_added(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    planted = _plant(out)
    before = sorted(p.name for p in out.iterdir())
    result = run("render", "备案.yaml", "-o", out, "-f", "xlsx", "--force")
    assert result.exit_code == 2
    assert "论文.docx" in result.output and ".ssh" in result.output
    assert sorted(p.name for p in out.iterdir()) == before
    _intact(planted)


def test_force_refuses_a_folder_whose_manifest_is_not_beiantools(home):
    folder, _ = home
    out = folder / "别人的"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"files": [{"path": "a.txt"}]}), encoding="utf-8")
    (out / "a.txt").write_text("别人的文件", encoding="utf-8")
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx", "--force").exit_code == 2
    assert (out / "a.txt").read_text(encoding="utf-8") == "别人的文件"


def test_an_empty_existing_folder_and_dot_in_an_empty_folder_are_filled(home):
    folder, _ = home
    empty = folder / "空目录"
    empty.mkdir()
    os.chdir(empty)
    result = run("render", folder / "备案.yaml", "-o", ".", "-f", "xlsx")
    assert result.exit_code == 0, result.output
    assert (empty / "manifest.json").is_file() and Path.cwd() == empty
    assert not [p for p in empty.iterdir() if p.name.startswith(".")]  # no temporary folder left


# ---- single files ------------------------------------------------------------------------


def test_schema_never_overwrites_without_force(home):
    folder, _ = home
    result = run("schema", "-o", "备案.yaml")
    assert result.exit_code == 2 and "已存在" in result.output
    assert run("schema", "-o", "schema.json").exit_code == 0
    assert json.loads((folder / "schema.json").read_text(encoding="utf-8"))["title"]
    (folder / "schema.json").write_text("旧", encoding="utf-8")
    assert run("schema", "-o", "schema.json", "--force").exit_code == 0
    assert (folder / "schema.json").read_text(encoding="utf-8") != "旧"


@pytest.mark.parametrize("command", [["init", "-o", "新.yaml"], ["checklist", "备案.yaml", "-o", "新.yaml"],
                                     ["checklist", "备案.yaml", "-f", "xlsx", "-o", "新.yaml"], ["schema", "-o", "新.yaml"]])
def test_temporary_names_never_collide_with_the_users_files(home, command):
    folder, _ = home
    mine = {folder / "新.yaml.tmp": "用户的文件", folder / ".新.yaml.tmp": "用户的隐藏文件"}
    for path, body in mine.items():
        path.write_text(body, encoding="utf-8")
    assert run(*command).exit_code == 0
    _intact(mine)
    assert (folder / "新.yaml").stat().st_size > 0
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp") and p not in mine]
    assert leftovers == []


def test_a_full_disk_leaves_nothing_and_says_so_in_chinese(home, monkeypatch):
    folder, _ = home
    from beiantool.base import safeio

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safeio.os, "fsync", full)
    for command in (["schema", "-o", "s.json"], ["init", "-o", "i.yaml"], ["checklist", "备案.yaml", "-f", "xlsx", "-o", "c.xlsx"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "磁盘空间不足" in result.output and "提示" in result.output
        assert "No space" not in result.output and "Traceback" not in result.output
    names = {p.name for p in folder.iterdir()}
    assert not names & {"s.json", "i.yaml", "c.xlsx"} and not [n for n in names if n.endswith(".tmp")]


def test_a_failed_render_removes_the_parent_folders_it_created(home):
    folder, _ = home
    result = run("render", "备案.yaml", "-o", "p1/p2/out", "--font", str(folder / "论文.docx"))
    assert result.exit_code == 2
    assert not (folder / "p1").exists()


# ---- signals, concurrency, pipes ----------------------------------------------------------

_SLOW_RENDER = """
import sys, time
from beiantool.render import build
real = build._pdf
def slow(*a, **k):
    print("BUILDING", flush=True)
    time.sleep(60)
    return real(*a, **k)
build._pdf = slow
from beiantool.cli import main
sys.argv = ["beiantool", "render", sys.argv[1], "-o", sys.argv[2]]
main()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", 1), signal.SIGINT])
def test_a_signal_mid_render_leaves_nothing_behind(home, signum):
    folder, _ = home
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RENDER, str(folder / "备案.yaml"), str(folder / "deep" / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(folder))
    assert proc.stdout.readline().strip() == "BUILDING"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "已中断" in err and "Traceback" not in err
    assert not (folder / "deep").exists()  # neither the packet, its temporary folder, nor the parent it made


def test_concurrent_renders_into_one_new_folder_have_exactly_one_winner(home):
    folder, _ = home
    other = folder / "另一家.yaml"
    other.write_text((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8").replace("绍兴示例科技有限公司", "另一家示例有限公司"), encoding="utf-8")
    packets = [folder / "备案.yaml", other] * 3
    procs = [subprocess.Popen([sys.executable, "-m", "beiantool", "render", str(p), "-o", str(folder / "同一个"), "-f", "xlsx"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(folder)) for p in packets]
    outcomes = [(proc.wait(timeout=120), proc.communicate()[1]) for proc in procs]
    codes = [code for code, _ in outcomes]
    assert codes.count(0) == 1 and codes.count(2) == len(procs) - 1, outcomes
    winner = packets[codes.index(0)]
    manifest = json.loads((folder / "同一个" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["packet"] == winner.name
    assert not [p for p in folder.iterdir() if p.name.startswith(".同一个")]


@pytest.mark.parametrize("command", [["cities"], ["schema"], ["checklist", "--city", "shaoxing"], ["validate", "备案.yaml"]])
def test_a_closed_pipe_ends_quietly(home, command):
    folder, _ = home
    proc = subprocess.Popen([sys.executable, "-m", "beiantool", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(folder), cwd=folder)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    assert proc.returncode in (0, -signal.SIGPIPE), (proc.returncode, err)
    assert err == ""
    assert not (folder / ".cache" / "logs").exists()  # no crash log


def test_render_summary_to_a_closed_pipe_still_leaves_a_whole_packet(home):
    folder, _ = home
    proc = subprocess.Popen([sys.executable, "-m", "beiantool", "render", "备案.yaml", "-o", "材料", "-f", "xlsx"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(folder), cwd=folder)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=60)
    assert proc.returncode in (0, -signal.SIGPIPE) and "内部错误" not in err
    assert (folder / "材料" / "manifest.json").is_file()


# ---- draft honesty -----------------------------------------------------------------------


def test_a_draft_says_it_is_one_everywhere(home):
    folder, _ = home
    from openpyxl import load_workbook

    broken = folder / "有错.yaml"
    broken.write_text((folder / "备案.yaml").read_text(encoding="utf-8").replace("connected_on: 2026-11-01", "connected_on: 2026-11-31"),
                      encoding="utf-8")
    result = run("render", broken, "-o", "草稿", "--draft", "-f", "xlsx")
    assert result.exit_code == 0, result.output
    assert "1 个错误" in result.output and "不能提交" in result.output
    assert "送交受理机关" not in result.output
    for name in ("材料清单.xlsx", "附表.xlsx"):
        book = load_workbook(folder / "草稿" / name)
        for sheet in book.worksheets:
            assert "草稿" in str(sheet["A1"].value) and "草稿" in sheet.oddHeader.center.text
    text = run("checklist", broken).output
    assert "2026-11-31" in text and "不是有效日期" in text and "没有网络正式联通日期" not in text


def test_a_crash_log_is_private_redacted_and_in_the_cache_folder(home, monkeypatch):
    folder, _ = home
    from beiantool import api

    def boom(*args, **kwargs):
        raise RuntimeError("模拟故障 330602198507202348")

    monkeypatch.delenv("BEIANTOOL_LOG_DIR")
    monkeypatch.setattr(api, "validate_file", boom)
    result = run("validate", "备案.yaml")
    assert result.exit_code == 3 and "Traceback" not in result.output
    logs = list((folder / ".cache").rglob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in result.output
    assert logs[0].stat().st_mode & 0o777 == 0o600
    body = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError" in body and "330602198507202348" not in body and "330602********2348" in body


@pytest.mark.parametrize("example", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_every_example_renders_with_very_long_values(home, example):
    folder, _ = home
    import yaml

    data = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    data["unit"]["name"] = "很长的单位名称" * 150
    data["unit"]["address"] = "很长的地址" * 200
    for site in data.get("sites") or []:
        site["name"] = "很长的网站名称" * 100
        site["domains"] = [f"d{i}.example.com" for i in range(60)]
    packet = folder / f"{example}.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("render", packet, "-o", f"out-{example}", "-f", "pdf,docx", "--draft")
    assert result.exit_code == 0, result.output
