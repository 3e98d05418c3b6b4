"""Worker processes of a batch: started with the modules loaded, each serving many files, replaced after
``per_worker`` of them, answering in input order, with the command's environment and folder as they are now."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# in a fresh Python: the fork server is started once per process, with the first preload list it is given
SCRIPT = """
import json, os, sys
from beiantool.base import batch
from tests.base import batch_probe

os.environ["BATCH_PROBE"] = "before"
preload = batch.Workers(("tests.base.batch_probe",), None)
reused = batch.run(batch_probe.probe, [(i,) for i in range(6)], 2, workers=preload)
os.environ["BATCH_PROBE"] = "after"  # the fork server started with "before"
os.chdir(sys.argv[1])
recycled = batch.run(batch_probe.probe, [(i,) for i in range(7)], 2, workers=batch.Workers(preload.preload, 2))
spawned = batch.run(batch_probe.probe, [(i,) for i in range(3)], 2)
print(json.dumps({"parent": os.getpid(), "reused": reused, "recycled": recycled, "spawned": spawned}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("elsewhere")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    data = json.loads(done.stdout)
    data["folder"] = os.path.realpath(folder)
    return data


def test_answers_come_in_input_order(runs):
    for name, count in (("reused", 6), ("recycled", 7), ("spawned", 3)):
        assert [r["index"] for r in runs[name]] == list(range(count)), name


def test_a_worker_serves_many_files(runs):
    pids = [r["pid"] for r in runs["reused"]]
    assert len(set(pids)) <= 2 and runs["parent"] not in pids  # two workers did the six files


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux only")
def test_workers_start_with_the_preloaded_modules_from_the_fork_server(runs):
    reused = runs["reused"]
    servers = {r["loaded_in"] for r in reused + runs["recycled"]}
    assert len(servers) == 1 and not servers & {r["pid"] for r in reused} and runs["parent"] not in servers
    # without a preload list they are spawned, and load the module themselves
    assert all(r["loaded_in"] == r["pid"] for r in runs["spawned"])


def test_a_worker_is_replaced_after_per_worker_files(runs):
    pids = [r["pid"] for r in runs["recycled"]]
    counts = [pids.count(p) for p in set(pids)]
    assert max(counts) == 2 and len(set(pids)) >= 4  # 7 files, at most 2 each


def test_workers_see_the_environment_and_folder_of_now_not_of_when_the_fork_server_started(runs):
    assert {r["env"] for r in runs["reused"]} == {"before"}
    assert {r["env"] for r in runs["recycled"]} == {"after"}
    assert {os.path.realpath(r["cwd"]) for r in runs["recycled"]} == {runs["folder"]}


def test_without_a_fork_server_the_workers_are_spawned(monkeypatch):
    from beiantool.base import batch
    from tests.base import batch_probe

    def no_server():
        raise OSError("no sockets here")

    from beiantool.base import pool

    monkeypatch.setattr(pool, "_fork_server", no_server)
    results = batch.run(batch_probe.probe, [(i,) for i in range(3)], 2, workers=batch.Workers(("tests.base.batch_probe",), None))
    assert [r["index"] for r in results] == [0, 1, 2]
    assert all(r["loaded_in"] == r["pid"] != os.getpid() for r in results)  # each loaded it itself


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux only")
def test_while_the_workers_start_the_command_does_files_itself(monkeypatch):
    import threading

    from beiantool.base import batch, pool
    from tests.base import batch_probe

    gate = threading.Event()
    monkeypatch.setattr(batch_probe, "GATE", gate)
    real_start = pool.Pool._start

    def slow_start(self, *args):  # the workers are not there until the command has done files 0, 1 and 2
        assert gate.wait(30)
        return real_start(self, *args)

    monkeypatch.setattr(pool.Pool, "_start", slow_start)
    workers = batch.Workers(("tests.base.batch_probe",), None, meanwhile=True)
    results = batch.run(batch_probe.probe_opening_gate, [(i,) for i in range(8)], 2, workers=workers)
    assert [r["index"] for r in results] == list(range(8))
    assert [r["pid"] for r in results[:3]] == [os.getpid()] * 3
    assert all(r["loaded_in"] != r["pid"] for r in results if r["pid"] != os.getpid())  # the rest: forked workers


def test_a_failure_while_the_workers_start_stops_at_once_and_leaves_no_worker(monkeypatch):
    import time

    from beiantool.base import batch, pool
    from tests.base import batch_probe

    real_start = pool.Pool._start
    made = []

    def slow_start(self, *args):
        time.sleep(1.0)
        worker = real_start(self, *args)
        made.append(worker)
        return worker

    monkeypatch.setattr(pool.Pool, "_start", slow_start)
    begun = time.monotonic()
    with pytest.raises(ZeroDivisionError):
        batch.run(batch_probe.probe_or_fail, [(i,) for i in range(4)], 2, workers=batch.Workers(("tests.base.batch_probe",), None, meanwhile=True))
    assert time.monotonic() - begun < 0.9  # not waiting for the workers to be there
    time.sleep(2.5)  # the starting thread makes no worker now, or ends the one it was making
    assert all(not w.process.is_alive() for w in made)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux only")
def test_files_all_done_before_the_workers_came_the_command_does_not_wait_for_them(monkeypatch):
    import time

    from beiantool.base import batch, pool
    from tests.base import batch_probe

    real_start = pool.Pool._start
    made = []

    def slow_start(self, *args):
        time.sleep(1.5)
        made.append(real_start(self, *args))
        return made[-1]

    monkeypatch.setattr(pool.Pool, "_start", slow_start)
    begun = time.monotonic()
    results = batch.run(batch_probe.probe, [(i,) for i in range(3)], 2, workers=batch.Workers(("tests.base.batch_probe",), None, meanwhile=True))
    assert time.monotonic() - begun < 1.2
    assert [r["index"] for r in results] == [0, 1, 2] and {r["pid"] for r in results} == {os.getpid()}
    time.sleep(2.5)
    assert all(not w.process.is_alive() for w in made)  # a worker that came late was ended


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux only")
def test_a_fork_server_still_loading_when_the_files_are_done_is_ended_not_waited_for():
    import time

    from multiprocessing import forkserver

    from beiantool.base import batch
    from tests.base import batch_probe

    _no_fork_server()  # one of an earlier test, with its own modules: this test's starts afresh
    begun = time.monotonic()
    results = batch.run(batch_probe.probe, [(i,) for i in range(3)], 2,
                        workers=batch.Workers(("tests.base.slow_preload", "tests.base.batch_probe"), None, meanwhile=True))
    assert time.monotonic() - begun < 2 and {r["pid"] for r in results} == {os.getpid()}
    server = forkserver._forkserver._forkserver_pid

    def ended() -> bool:
        try:
            return os.waitpid(server, os.WNOHANG) != (0, 0)
        except ChildProcessError:  # already reaped (by multiprocessing, on its next look at it)
            return True

    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and not ended():
        time.sleep(0.05)
    assert ended()  # ended: it would have loaded for 4 s more


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork server is used on Linux only")
def test_a_fork_server_killed_while_it_starts_gives_spawned_workers_not_a_failed_batch():
    import signal
    import threading
    import time

    from multiprocessing import forkserver

    from beiantool.base import batch
    from tests.base import batch_probe

    _no_fork_server()  # a fresh one, slow to load (4 s): killed below while the first worker waits for it

    def kill_it():
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
            if pid:
                time.sleep(0.5)  # still loading its modules: it has forked no worker yet
                os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_it)
    killer.start()
    results = batch.run(batch_probe.probe, [(i,) for i in range(4)], 2,
                        workers=batch.Workers(("tests.base.slow_preload", "tests.base.batch_probe"), None))
    killer.join()
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert all(r["pid"] != os.getpid() for r in results)


def _no_fork_server() -> None:
    """This process's fork server ended and forgotten (multiprocessing starts a new one when next asked)."""
    import contextlib

    from multiprocessing import forkserver

    from beiantool.base import pool

    pool._end_fork_server()
    server = forkserver._forkserver
    with contextlib.suppress(OSError):  # ChildProcessError: reaped already
        server._stop()
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None


def test_a_worker_killed_on_a_file_gives_that_file_the_lost_outcome_and_the_others_go_on():
    from beiantool.base import batch
    from tests.base import batch_probe

    results = batch.run(batch_probe.probe_killed_at_1, [(i,) for i in range(4)], 2, lost=lambda i: f"lost {i}",
                        workers=batch.Workers(("tests.base.batch_probe",), None))
    assert results[1] == "lost 1" and [r["index"] for i, r in enumerate(results) if i != 1] == [0, 2, 3]


def test_validate_many_gives_a_killed_worker_s_file_an_exit_3_outcome_in_chinese(tmp_path):
    from beiantool import api

    outcome = api._lost(tmp_path / "a.yaml")
    assert outcome.exit_code() == 3 and "进程意外结束" in outcome.error.message
