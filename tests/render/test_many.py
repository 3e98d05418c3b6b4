"""Many packets in one run: each reported, a summary, the worst exit code, one JSON object; workers change nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, ROOT, _intact, _plant


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


# ---- render: many packets, each in its own folder ----------------------------------------------

def _batch(folder):
    """Four packets, two sharing a file name, one with errors."""
    (folder / "客户A").mkdir(parents=True)
    (folder / "客户B").mkdir()
    shutil.copy(EXAMPLES / "shaoxing.yaml", folder / "客户A" / "beian.yaml")
    shutil.copy(EXAMPLES / "beijing.yaml", folder / "客户B" / "beian.yaml")
    shutil.copy(EXAMPLES / "wuwei.yaml", folder / "wuwei.yaml")
    shutil.copy(EXAMPLES / "broken" / "shaoxing-typos.yaml", folder / "typos.yaml")
    return folder


def _tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_render_puts_each_packet_in_its_own_folder_and_goes_on_past_a_failing_one(home):
    root, decoys = home
    packets = _batch(root / "packets")
    out = root / "材料"
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output  # the worst outcome: a packet with errors
    assert sorted(p.name for p in out.iterdir()) == ["wuwei", "客户A-beian", "客户B-beian"]
    for name, city in (("客户A-beian", "shaoxing"), ("客户B-beian", "beijing"), ("wuwei", "wuwei")):
        manifest = json.loads((out / name / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["city"] == city and all((out / name / f["path"]).is_file() for f in manifest["files"])
    assert "typos.yaml：有 13 个错误，未生成" in result.output and "共 4 个文件：3 个已生成，1 个未生成" in result.output
    table = result.output.split("结果")[1]
    assert "绍兴市" in table and "北京市" in table and "有错误，未生成" in table and f"{out / 'wuwei'}" in table
    _intact(decoys)


def test_render_jobs_2_writes_the_same_bytes_as_jobs_1(home, monkeypatch):
    root, _ = home
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    packets = _batch(root / "packets")
    (packets / "typos.yaml").unlink()
    one = CliRunner().invoke(app, ["render", str(packets), "-o", str(root / "one"), "-j", "1", "-q"])
    two = CliRunner().invoke(app, ["render", str(packets), "-o", str(root / "two"), "-j", "2", "-q"])
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.output == two.output == "共 3 个文件：3 个已生成。\n"
    first, second = _tree(root / "one"), _tree(root / "two")
    assert len(first) > 20 and first == second


def test_workers_replaced_after_every_file_write_what_single_renders_write_in_input_order(home, monkeypatch):
    from beiantool.render import many, render_packet
    from beiantool.render.result import RenderOptions

    root, decoys = home
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # set after the fork server may have started: workers see it
    monkeypatch.setattr(many, "PER_WORKER", 1)  # each worker renders one packet, then a fresh one takes its place
    packets = _batch(root / "packets")
    shutil.copy(EXAMPLES / "national-individual.yaml", packets / "national.yaml")
    (packets / "typos.yaml").unlink()
    seen = []
    outcomes = many.render_many_with([packets], root / "batch", RenderOptions(), 2, lambda i, o: seen.append(i))
    assert sorted(seen) == [0, 1, 2, 3] and all(o.exit_code == 0 for o in outcomes)
    names = [o.folder.name for o in outcomes]
    assert names == ["national", "wuwei", "客户A-beian", "客户B-beian"]  # the order of the files found
    for outcome in outcomes:
        render_packet(outcome.file, root / "single" / outcome.folder.name)
    first, second = _tree(root / "batch"), _tree(root / "single")
    assert len(first) > 30 and first == second
    _intact(decoys)


def test_render_json_is_one_object_with_an_entry_per_file(home):
    root, _ = home
    packets = _batch(root / "packets")
    (packets / "bad.yaml").write_text("unit: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(root / "out"), "--json", "-j", "1"])
    data = json.loads(result.stdout)
    assert result.exit_code == 2 and data["ok"] is False
    entries = {e["file"].rsplit("/", 2)[-2] + "/" + e["file"].rsplit("/", 1)[-1]: e for e in data["files"]}
    assert entries["packets/bad.yaml"]["error"]["exit_code"] == 2 and entries["packets/bad.yaml"]["folder"] is None
    assert entries["packets/typos.yaml"]["refused"] is True and entries["packets/typos.yaml"]["errors"] == 13
    good = entries["客户A/beian.yaml"]
    assert good["ok"] and good["city"] == "shaoxing" and good["folder"].endswith("客户A-beian")
    assert {f["format"] for f in good["files"]} == {"docx", "pdf", "xlsx"} and all(len(f["sha256"]) == 64 for f in good["files"])


def test_render_force_replaces_only_packet_folders_it_made(home):
    root, decoys = home
    packets = _batch(root / "packets")
    (packets / "typos.yaml").unlink()
    out = root / "out"
    assert CliRunner().invoke(app, ["render", str(packets), "-o", str(out), "-j", "1", "-q"]).exit_code == 0
    decoys.update(_plant(out / "wuwei"))  # the user's own files put into one packet folder: never replaced
    decoys.update(_plant(out / "notes"))  # and a folder of their own beside the packets
    again = CliRunner().invoke(app, ["render", str(packets), "-o", str(out), "-j", "1", "-q", "--force"])
    assert again.exit_code == 2
    assert "out/wuwei：目录中有不是 beiantool 生成的文件" in again.output and "共 3 个文件：2 个已生成" in again.output
    assert (out / "客户A-beian" / "manifest.json").is_file()
    _intact(decoys)


def test_render_refuses_a_file_or_a_packet_folder_as_the_root(home):
    root, _ = home
    packets = _batch(root / "packets")
    (root / "a-file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(root / "a-file")])
    assert result.exit_code == 2 and "已存在同名文件，不是目录" in result.output
    single = root / "single"
    assert CliRunner().invoke(app, ["render", str(EXAMPLES / "wuwei.yaml"), "-o", str(single)]).exit_code == 0
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(single), "--force"])
    assert result.exit_code == 2 and "单个备案的材料目录" in result.output
    assert sorted(p.name for p in single.iterdir() if p.is_dir()) == []


def test_a_bug_in_one_file_is_that_files_exit_3_and_the_others_are_written(home, monkeypatch):
    import beiantool.render as render_mod

    root, _ = home
    packets = _batch(root / "packets")
    (packets / "typos.yaml").unlink()
    real = render_mod.render_packet

    def flaky(path, *args):
        if Path(path).name == "wuwei.yaml":
            raise ZeroDivisionError("injected")
        return real(path, *args)

    monkeypatch.setattr(render_mod, "render_packet", flaky)
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(root / "out"), "-j", "1", "-q"])
    assert result.exit_code == 3
    assert "wuwei.yaml：beiantool 内部错误（ZeroDivisionError）" in result.output and "共 3 个文件：2 个已生成" in result.output
    assert sorted(p.name for p in (root / "out").iterdir()) == ["客户A-beian", "客户B-beian"]
    assert list((root / ".cache" / "beiantool" / "logs").glob("crash-*.log"))


def test_validate_jobs_2_reports_exactly_what_jobs_1_does(tmp_path):
    folder = _folder(tmp_path)
    one = CliRunner().invoke(app, ["validate", str(folder), "-f", "json", "-j", "1"])
    two = CliRunner().invoke(app, ["validate", str(folder), "-f", "json", "-j", "2"])
    assert one.exit_code == two.exit_code == 1 and one.stdout == two.stdout


def test_quiet_prints_only_failures_and_one_line(tmp_path):
    result = CliRunner().invoke(app, ["validate", str(_folder(tmp_path)), "-q", "-j", "1"])
    assert result.exit_code == 1
    assert "a.yaml" not in result.output and "c.yaml" in result.output
    assert result.output.rstrip().endswith("共 3 个文件，1 个未通过。")


def test_folder_names_never_collide_even_by_case():
    from beiantool.base.batch import folder_names

    files = [Path("x/甲公司.yaml"), Path("y/甲公司.yaml"), Path("z/Beian.yaml"), Path("z/sub/beian.yml"), Path("w/CON.yaml")]
    names = folder_names(files)
    assert names == ["x-甲公司", "y-甲公司", "Beian", "sub-beian", "_CON"]
    assert len({n.lower() for n in names}) == len(names)


def test_folder_names_made_from_file_names_mask_id_numbers_and_the_screen_names_the_real_folder(home):
    root, decoys = home
    packets = root / "客户"
    packets.mkdir()
    shutil.copy(EXAMPLES / "shaoxing.yaml", packets / "张三330602198507202348.yaml")
    shutil.copy(EXAMPLES / "shaoxing.yaml", packets / "李四_330602_19850720_2348.yaml")
    out = root / "材料"
    result = CliRunner().invoke(app, ["render", str(packets), "-o", str(out), "-f", "xlsx", "-j", "1", "--json"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and not any("19850720" in n for n in names), names
    shown = sorted(Path(e["folder"]).name for e in json.loads(result.stdout)["files"])
    assert shown == names  # the folder the report names is the one on disk
    assert "19850720" not in result.output
    _intact(decoys)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_batch_command_killed_outright_takes_its_fork_server_and_workers_with_it(tmp_path):
    """SIGKILL cannot be caught: the fork server must still die with the command, and the workers with it, so
    that nothing goes on writing packets for a command that is gone."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(16):
        shutil.copy(EXAMPLES / "shaoxing.yaml", folder / f"p{n:02d}.yaml")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    command = subprocess.Popen([sys.executable, "-m", "beiantool", "render", str(folder), "-o", str(tmp_path / "out"), "-j", "2", "-q"],
                               cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def children(pid):
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
        return found

    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:  # the fork server and its two workers running
        workers = [w for server in children(command.pid) for w in children(server)]
        time.sleep(0.05)
    assert len(workers) >= 2, "the batch never started its workers"
    servers = children(command.pid)
    command.kill()
    command.wait()
    published = sorted(p.name for p in (tmp_path / "out").glob("[!.]*"))  # packets done before the kill
    gone_by = time.monotonic() + 3
    alive = servers + workers
    while time.monotonic() < gone_by and alive:
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
        time.sleep(0.05)
    assert alive == [], "processes of the batch outlived the killed command"
    assert sorted(p.name for p in (tmp_path / "out").glob("[!.]*")) == published  # none finished after it
    assert b"Traceback" not in command.stderr.read()
