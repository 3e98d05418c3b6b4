"""cli/guard.py and base/privacy.py: a screen output that cannot be written is a Chinese message and exit 2 (never a
traceback, never a bug report); a stream closed by the shell writes to nowhere and changes no exit code."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full") or sys.platform != "linux", reason="needs /dev/full and a POSIX shell")

GOOD = str(EXAMPLES / "shaoxing.yaml")
BROKEN = str(EXAMPLES / "broken" / "syntax-error.yaml")


def _sh(args: list[str], redirect: str, tmp_path) -> subprocess.CompletedProcess:
    """``python -m beiantool ARGS`` with a shell redirection (``>&-``, ``>/dev/full`` …); stderr captured unless redirected."""
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "beiantool", *args]) + " " + redirect
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "HOME": str(tmp_path)})


@pytest.mark.parametrize("args", [["validate", GOOD, "-f", "json"], ["validate", GOOD], ["schema"], ["--version"], ["--help"]])
def test_a_result_written_to_a_full_disk_is_said_once_in_chinese_with_exit_2(args, tmp_path):
    done = _sh(args, ">/dev/full", tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("磁盘空间不足") == 1 and "Traceback" not in done.stderr and "内部错误" not in done.stderr


def test_a_render_whose_screen_output_is_lost_still_writes_the_whole_packet(tmp_path):
    done = _sh(["render", GOOD, "-o", "out"], ">/dev/full", tmp_path)
    assert done.returncode == 2 and "屏幕输出已丢失" in done.stderr
    assert (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize("args, redirect, code", [
    (["validate", GOOD], ">&-", 0),
    (["validate", "no-such-file.yaml"], ">&-", 2),
    (["validate", BROKEN], "2>&-", 2),
    (["validate", GOOD], "2>&-", 0),
    (["--version"], ">&-", 0),
])
def test_a_stream_closed_by_the_shell_changes_no_exit_code_and_shows_no_traceback(args, redirect, code, tmp_path):
    done = _sh(args, redirect, tmp_path)
    assert done.returncode == code
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr


@pytest.mark.parametrize("many", [False, True])
def test_a_signal_before_any_result_still_gives_one_json_object(many, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from beiantool import api
    from beiantool.base import interrupt
    from beiantool.cli import app

    def stopped(*args, **kwargs):
        raise interrupt.Interrupted(15)

    monkeypatch.setattr(api, "validate_many" if many else "validate_file", stopped)
    target = [str(EXAMPLES)] if many else [GOOD]
    done = CliRunner().invoke(app, ["validate", *target, "-f", "json"])
    assert done.exit_code == 143
    answer = json.loads(done.stdout)  # exactly one object (json.loads refuses anything after it)
    assert answer["ok"] is False and answer["error"]["exit_code"] == 143 and "已中断" in answer["error"]["message"]
