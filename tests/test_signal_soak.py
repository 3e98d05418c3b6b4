"""Soak: single and batch renders signalled (SIGINT, SIGTERM, SIGHUP) at many moments.

Each run is a real `python -m beiantool render` in a fake HOME, signalled either
alone or with its whole process group (as Ctrl-C in a terminal does). Whatever
the moment, the promise is checked: it ends within 5 s of the signal with 128+N
(or 0, having said that everything is generated); an interrupted run says one
Chinese line and nothing else (no traceback, no resource_tracker warning); the
disk agrees with what it said (complete packets only, exactly those it names; an
old packet replaced with --force untouched or wholly new); no temporary folder
is left; no process it started survives. Moments are counted from when the
command has installed its handlers (its SIGTERM bit in /proc/PID/status): before
that Python itself is starting, and no program can say anything then.

Moments are times, or states of the disk (the temporary folder holding N files, a
packet just published, K of 8 batch packets done), so that every phase is reached
whatever the machine's speed. Bounded: 27 runs, three at a time, within about a
minute on two cores.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, _intact, _plant

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, /proc")

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PACKETS = 8
LIMIT = 5.0  # the promise: ended within 5 s of the signal


# ---- moments: a time after the handlers are in place, or a state of the disk (so that the interesting
# phases are reached whatever the machine's speed) --------------------------------------------------------

def after(seconds: float):
    return lambda home, since: time.monotonic() - since >= seconds


def building(files: int):
    """The packet's temporary folder holds at least ``files`` files (its mark counts as one)."""
    def ready(home, since):
        return any(len(list(t.iterdir())) >= files for t in home.rglob("*.tmp") if t.is_dir())
    return ready


def published(folder: str):
    return lambda home, since: (home / folder / "manifest.json").exists()


def packets_done(count: int):
    def ready(home, since):
        out = home / "材料"
        return out.is_dir() and sum(1 for p in out.iterdir() if not p.name.startswith(".") and (p / "manifest.json").exists()) >= count
    return ready


SINGLE_MOMENTS = (("at once", after(0)), ("building, 1 file", building(2)), ("building, 6 files", building(7)),
                  ("just published", published("深/材料")))
FORCE_MOMENTS = (("after 0.3 s", after(0.3)), ("building", building(2)), ("building, 3 files", building(4)))
BATCH_MOMENTS = (("after 0.3 s", after(0.3)), ("1 packet done", packets_done(1)), ("3 packets done", packets_done(3)),
                 ("7 packets done", packets_done(7)))


def _env(home: Path, tag: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEIANTOOL_", "XDG_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), BEIANTOOL_LOG_DIR=str(home / ".cache" / "logs"),
               PYTHONPATH=str(ROOT), SOAK_TAG=tag, SOURCE_DATE_EPOCH="1790000000")
    return env


def _handlers_installed(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # already gone
    caught = int(re.search(r"SigCgt:\s*([0-9a-f]+)", status).group(1), 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)) and caught & (1 << (signal.SIGHUP - 1)))


def _tagged(tag: str) -> list[int]:
    """Processes still carrying this run's tag in their environment (children outlive a parent as orphans)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"SOAK_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _run(args: list[str], cwd: Path, home: Path, moment, signum: int, group: bool) -> dict:
    tag = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-m", "beiantool", *args], cwd=cwd, env=_env(home, tag),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    start = time.monotonic()
    while not _handlers_installed(proc.pid) and time.monotonic() - start < 30:
        time.sleep(0.01)
    name, ready = moment
    since = time.monotonic()
    while proc.poll() is None and not ready(home, since):
        time.sleep(0.005)
    sent = time.monotonic()
    try:
        (os.killpg if group else os.kill)(proc.pid, signum)
    except ProcessLookupError:  # it ended before that moment came: then it must have finished everything
        pass
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    took = time.monotonic() - sent
    deadline = time.monotonic() + 3
    while _tagged(tag) and time.monotonic() < deadline:  # the resource tracker ends just after its parent
        time.sleep(0.05)
    survivors = _tagged(tag)
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    if os.environ.get("SOAK_VERBOSE"):
        print(f"\n{args[1]} {signal.Signals(signum).name} {name}{' group' if group else ''}: exit {proc.returncode} "
              f"in {took:.2f}s: {(out + err).decode('utf-8', 'replace').strip().splitlines()[-1:]}", flush=True)
    return {"code": proc.returncode, "out": out.decode("utf-8", "replace"), "err": err.decode("utf-8", "replace"), "took": took,
            "survivors": survivors, "signum": signum, "moment": moment, "group": group, "args": args}


def _complete(folder: Path) -> bool:
    """A whole packet: a sealed manifest listing exactly the files there, each with its bytes."""
    from beiantool.base.safeio import edited_files, read_manifest

    manifest = read_manifest(folder)
    if manifest is None or not manifest.get("_intact"):
        return False
    listed = sorted([f["path"] for f in manifest["files"]] + ["manifest.json"])
    return sorted(os.listdir(folder)) == listed and not edited_files(folder, manifest)


def _temporaries(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.endswith(".tmp") or ".beiantool-" in p.name]


def _said(run: dict) -> list[str]:
    return [line for line in (run["out"] + run["err"]).splitlines() if line.strip()]


def _check_common(run: dict, root: Path) -> None:
    where = f"{run['args']} {signal.Signals(run['signum']).name} at {run['moment'][0]}{' (group)' if run['group'] else ''}"
    assert run["took"] <= LIMIT, f"{where}: ended {run['took']:.1f} s after the signal"
    assert run["code"] in (0, 128 + run["signum"]), f"{where}: exit {run['code']}\n{run['out']}{run['err']}"
    text = run["out"] + run["err"]
    for english in ("Traceback", "resource_tracker", "Warning", "Error", "leaked", "Aborted"):
        assert english not in text, f"{where}: {text}"
    if run["code"]:
        lines = _said(run)
        assert len(lines) == 1 and lines[0].startswith("已中断"), f"{where}: {lines}"
    assert not run["survivors"], f"{where}: processes left running {run['survivors']}"
    assert not _temporaries(root), f"{where}: {_temporaries(root)}"


def _single_case(tmp: Path, moment: float, signum: int, group: bool) -> None:
    home = tmp / "home"
    _plant(home)
    shutil.copy(EXAMPLES / "shaoxing.yaml", home / "备案.yaml")
    run = _run(["render", "备案.yaml", "-o", "深/材料", "-f", "xlsx,docx,pdf"], home, home, moment, signum, group)
    _check_common(run, tmp)
    out = home / "深" / "材料"
    if run["code"]:
        assert not (home / "深").exists(), run  # nor the parent folder it made
        assert "已生成" not in _said(run)[0]
    else:
        assert "已生成" in run["out"] and _complete(out), run


def _force_case(tmp: Path, moment: float, signum: int, group: bool) -> None:
    home = tmp / "home"
    decoys = _plant(home)
    shutil.copy(EXAMPLES / "shaoxing.yaml", home / "备案.yaml")
    out = home / "材料"
    first = subprocess.run([sys.executable, "-m", "beiantool", "render", "备案.yaml", "-o", str(out), "-f", "xlsx"], cwd=home,
                           env=_env(home, "setup"), capture_output=True, timeout=120)
    assert first.returncode == 0, first.stderr.decode()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    run = _run(["render", "备案.yaml", "-o", "材料", "-f", "xlsx,docx", "--force"], home, home, moment, signum, group)
    _check_common(run, tmp)
    if run["code"]:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before and "已生成" not in _said(run)[0], run
    else:
        assert _complete(out) and any(p.suffix == ".docx" for p in out.iterdir()), run
    _intact(decoys)


_NAMES = re.compile(r"已生成（(.*)）")


def _batch_case(tmp: Path, moment: float, signum: int, group: bool) -> None:
    home = tmp / "home"
    decoys = _plant(home)
    packets = home / "客户"
    packets.mkdir()
    for i in range(PACKETS):
        shutil.copy(EXAMPLES / "shaoxing.yaml", packets / f"客户{i + 1}.yaml")
    run = _run(["render", "客户", "-o", "材料", "-j", "2", "-f", "xlsx", "-q"], home, home, moment, signum, group)
    _check_common(run, tmp)
    out = home / "材料"
    made = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert all(_complete(out / name) for name in made), (run, made)
    if run["code"] == 0:
        assert len(made) == PACKETS and _said(run) == [f"共 {PACKETS} 个文件：{PACKETS} 个已生成。"], run
    else:
        line = _said(run)[0]
        found = _NAMES.search(line)  # else 都没有生成, or (signalled before the command began) 没有留下不完整的文件
        named = sorted(Path(n).name for n in found.group(1).split("、")) if found else []
        assert named == made, (line, made)
        assert not found or f"中 {len(made)} 个已生成" in line, line
    _intact(decoys)


def _cases():
    cases = []
    for n, moment in enumerate(SINGLE_MOMENTS):
        for k, signum in enumerate(SIGNALS):
            cases.append((_single_case, moment, signum, (n + k) % 2 == 0))
    for n, moment in enumerate(FORCE_MOMENTS):
        cases.append((_force_case, moment, SIGNALS[n % 3], n % 2 == 1))
    for n, moment in enumerate(BATCH_MOMENTS):
        for k, signum in enumerate(SIGNALS):
            cases.append((_batch_case, moment, signum, (n + k) % 2 == 1))
    return cases


def test_signals_at_many_moments_keep_every_promise(tmp_path):
    cases = _cases()
    assert len(cases) == len(SINGLE_MOMENTS) * 3 + len(FORCE_MOMENTS) + len(BATCH_MOMENTS) * 3

    def one(numbered):
        n, (case, moment, signum, group) = numbered
        folder = tmp_path / f"case{n:02d}"
        folder.mkdir()
        case(folder, moment, signum, group)
        return case.__name__

    # the batches (longest) first, three runs at a time
    order = sorted(enumerate(cases), key=lambda c: c[1][0] is not _batch_case)
    with ThreadPoolExecutor(max_workers=3) as pool:
        done = list(pool.map(one, order))
    assert len(done) == len(cases)


def test_a_second_signal_while_stopping_changes_nothing(tmp_path):
    """Ctrl-C pressed twice, then SIGTERM: still one line, one exit code, a clean disk."""
    home = tmp_path / "home"
    _plant(home)
    packets = home / "客户"
    packets.mkdir()
    for i in range(4):
        shutil.copy(EXAMPLES / "shaoxing.yaml", packets / f"客户{i + 1}.yaml")
    tag = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-m", "beiantool", "render", "客户", "-o", "材料", "-j", "2", "-f", "xlsx", "-q"],
                            cwd=home, env=_env(home, tag), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    while not _handlers_installed(proc.pid):
        time.sleep(0.01)
    time.sleep(1.0)
    for signum in (signal.SIGINT, signal.SIGINT, signal.SIGTERM):
        try:
            os.killpg(proc.pid, signum)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    out, err = proc.communicate(timeout=30)
    lines = [line for line in (out + err).decode().splitlines() if line.strip()]
    assert proc.returncode in (0, 130), (proc.returncode, lines)
    assert len(lines) == 1, lines
    assert not _temporaries(tmp_path)
    time.sleep(0.5)
    assert not _tagged(tag)
