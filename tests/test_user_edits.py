"""--force never destroys the user's work; two beiantools writing one folder; leftovers of a killed run.

The manifest holds every file's SHA-256: a file whose bytes differ is the user's
(附表.xlsx typed into, a .docx edited), and so is every file when the manifest
itself was edited. Every test runs in a fake HOME with decoys (tests.conftest.home).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from beiantool.cli import app
from tests.conftest import EXAMPLES, ROOT, _intact, _plant


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def _snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _type_into_annex(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[-1]
    sheet.cell(row=sheet.max_row + 1, column=1, value="用户填写的下级网络：研发部")
    book.save(path)


def _edit_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    document.add_paragraph("用户补充的说明")
    document.save(str(path))


def _refused(result, names) -> None:
    assert result.exit_code == 2, result.output
    for name in names:
        assert name in result.output, result.output
    assert "移到" in result.output and "新目录" in result.output and "Traceback" not in result.output


def test_force_refuses_to_replace_a_typed_into_annex_and_changes_nothing(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx,docx").exit_code == 0
    _type_into_annex(out / "附表.xlsx")
    before = _snapshot(out)
    result = run("render", "备案.yaml", "-o", out, "-f", "xlsx,docx", "--force")
    _refused(result, ["附表.xlsx"])
    assert "材料清单.xlsx" not in result.output  # only the edited file is named
    assert _snapshot(out) == before
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 2  # without --force: the edit is named too
    shutil.move(out / "附表.xlsx", folder / "我填的附表.xlsx")  # what the message says to do
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx,docx", "--force").exit_code == 0
    assert "研发部" in str([c.value for row in __import__("openpyxl").load_workbook(folder / "我填的附表.xlsx").worksheets[-1].iter_rows()
                              for c in row])


def test_force_refuses_an_edited_docx_and_names_every_edited_file(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "docx,xlsx").exit_code == 0
    edited = sorted(p for p in out.iterdir() if p.suffix == ".docx")[:2]
    for path in edited:
        _edit_docx(path)
    before = _snapshot(out)
    result = run("render", "备案.yaml", "-o", out, "-f", "docx,xlsx", "--force")
    _refused(result, [p.name for p in edited])
    assert _snapshot(out) == before


def test_an_edited_manifest_makes_every_file_the_users(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    _type_into_annex(out / "附表.xlsx")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    from beiantool.base.safeio import sha256

    for entry in manifest["files"]:  # the user "fixes" the manifest to match the edit
        entry["sha256"] = sha256(out / entry["path"])
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    before = _snapshot(out)
    result = run("render", "备案.yaml", "-o", out, "-f", "xlsx", "--force")
    _refused(result, ["manifest.json", "附表.xlsx", "材料清单.xlsx"])
    assert _snapshot(out) == before


def test_a_missing_manifest_refuses_and_names_the_files(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    (out / "manifest.json").unlink()
    before = _snapshot(out)
    result = run("render", "备案.yaml", "-o", out, "-f", "xlsx", "--force")
    assert result.exit_code == 2 and "附表.xlsx" in result.output
    assert _snapshot(out) == before


def test_a_change_notice_folder_keeps_an_edited_notice(home):
    folder, _ = home
    out = folder / "告知"
    args = ["change", EXAMPLES / "change" / "before.yaml", EXAMPLES / "change" / "after.yaml", "-o", out, "--font", _font()]
    assert run(*args).exit_code == 0
    [notice] = [p for p in out.iterdir() if p.suffix == ".docx"]
    _edit_docx(notice)
    before = _snapshot(out)
    result = run(*args, "--force")
    _refused(result, [notice.name])
    assert _snapshot(out) == before


def _font() -> str:
    from beiantool.render.fonts import find_font

    return str(find_font(None).path)


def test_a_batch_keeps_the_edited_sub_folder_and_replaces_the_others(home):
    folder, decoys = home
    packets = folder / "客户"
    packets.mkdir()
    for name in ("甲", "乙"):
        shutil.copy(EXAMPLES / "shaoxing.yaml", packets / f"{name}.yaml")
    out = folder / "材料"
    assert run("render", packets, "-o", out, "-f", "xlsx", "-j", "1").exit_code == 0
    _type_into_annex(out / "甲" / "附表.xlsx")
    kept = _snapshot(out / "甲")
    result = run("render", packets, "-o", out, "-f", "xlsx", "-j", "1", "--force", "--json")
    data = json.loads(result.stdout)
    by_name = {Path(e["file"]).stem: e for e in data["files"]}
    assert result.exit_code == 2 and by_name["甲"]["exit_code"] == 2 and by_name["乙"]["exit_code"] == 0
    assert "附表.xlsx" in by_name["甲"]["error"]["message"]
    assert _snapshot(out / "甲") == kept
    _intact(decoys)


# ---- two beiantools, one folder; leftovers of a killed run --------------------------------------------


def test_a_folder_another_beiantool_is_writing_is_reported_as_such(home):
    """The loser of two concurrent --force renders sees the winner's lock and its .beiantool-xxxx.tmp folder."""
    import fcntl

    from beiantool.base import tmpdirs

    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    before = _snapshot(out)
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # what the winner holds while it writes
    work, work_fd = tmpdirs.make(out, tmpdirs.INSIDE)
    try:
        result = run("render", "备案.yaml", "-o", out, "-f", "xlsx", "--force")
    finally:
        tmpdirs.release(work_fd)
        shutil.rmtree(work)
        os.close(fd)
    assert result.exit_code == 2, result.output
    assert "另一个 beiantool 正在" in result.output and "不是 beiantool 生成" not in result.output
    assert _snapshot(out) == before


def test_concurrent_force_renders_never_call_each_others_folders_foreign(home):
    folder, _ = home
    out = folder / "材料"
    assert run("render", "备案.yaml", "-o", out, "-f", "xlsx").exit_code == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "beiantool", "render", "备案.yaml", "-o", str(out), "-f", "xlsx", "--force", "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=folder) for _ in range(4)]
    outcomes = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    assert {code for code, _ in outcomes} <= {0, 2} and any(code == 0 for code, _ in outcomes), outcomes
    for code, err in outcomes:
        assert "不是 beiantool 生成" not in err, err
        if code == 2:
            assert "另一个 beiantool 正在" in err or "刚刚被另一个进程写入" in err, err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(os.listdir(out)) == sorted([f["path"] for f in manifest["files"]] + ["manifest.json"])


def test_a_leftover_of_a_killed_run_is_removed_and_a_lookalike_of_the_users_is_kept(home):
    from beiantool.base import tmpdirs

    folder, _ = home
    beside, fd = tmpdirs.make(folder, ".材料.")  # a killed render's folder beside its target
    (beside / "备案表.pdf").write_bytes(b"%PDF half")
    tmpdirs.release(fd)  # its maker is gone
    lookalike = folder / ".材料.abcdefgh.tmp"  # the same shape, but not marked: the user's
    lookalike.mkdir()
    mine = _plant(lookalike)
    linked = folder / ".材料.zzzzzzzz.tmp"  # marked, but a symbolic link to the user's folder: never followed
    documents = folder / "文档"
    theirs = _plant(documents)
    (documents / ".beiantool-work").write_bytes((beside / ".beiantool-work").read_bytes())
    linked.symlink_to(documents, target_is_directory=True)
    assert run("render", "备案.yaml", "-o", "材料", "-f", "xlsx").exit_code == 0
    assert not beside.exists()
    _intact(mine)
    _intact(theirs)
    assert linked.is_symlink()
    inside, fd = tmpdirs.make(folder / "材料", tmpdirs.INSIDE)  # killed while replacing a packet
    tmpdirs.release(fd)
    result = run("render", "备案.yaml", "-o", "材料", "-f", "xlsx", "--force")
    assert result.exit_code == 0, result.output
    assert not inside.exists() and not [p for p in (folder / "材料").iterdir() if p.name.startswith(".")]
