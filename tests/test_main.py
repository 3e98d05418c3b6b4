"""beiantool/__main__.py: the command ends its process itself (leave), and nothing anyone can see is lost by that."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from tests.conftest import EXAMPLES


def _command(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "beiantool", *args], capture_output=True, timeout=120, cwd=cwd)


def test_a_long_output_through_a_pipe_arrives_whole_and_the_exit_code_is_kept(tmp_path):
    from beiantool.cli import app

    done = _command("schema", cwd=tmp_path)
    in_process = CliRunner().invoke(app, ["schema"])
    assert done.returncode == in_process.exit_code == 0
    assert len(done.stdout) > 10_000 and done.stdout.decode("utf-8") == in_process.stdout
    broken = _command("validate", str(EXAMPLES / "broken" / sorted(p.name for p in (EXAMPLES / "broken").glob("*.yaml"))[0]), "-f", "json",
                      cwd=tmp_path)
    assert broken.returncode in (1, 2) and broken.stdout.strip().startswith(b"{") and broken.stdout.strip().endswith(b"}")


AT_EXIT = """
import atexit, sys, threading
atexit.register(lambda: print("atexit ran", flush=True))
if sys.argv[1] == "thread":  # a thread Python's exit would wait for: the usual exit, which waits for it
    gate = threading.Event()
    threading.Thread(target=lambda: (gate.wait(1.0), print("thread ended", flush=True))).start()
sys.argv = ["beiantool", "validate", sys.argv[2]]
from beiantool.__main__ import main
main()
"""


def test_atexit_handlers_run_and_a_running_thread_is_waited_for(tmp_path):
    packet = str(EXAMPLES / "shaoxing.yaml")
    plain = subprocess.run([sys.executable, "-c", AT_EXIT, "plain", packet], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert plain.returncode == 0 and plain.stdout.rstrip().endswith("atexit ran")
    waited = subprocess.run([sys.executable, "-c", AT_EXIT, "thread", packet], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert waited.returncode == 0 and "thread ended" in waited.stdout and waited.stdout.rstrip().endswith("atexit ran")
