"""Benchmark: many different packets through `beiantool render DIR -o OUT --jobs N`.

Prints three rows of issue 11's table:
- wall time of N packets with --jobs 2 (target for 1,000 packets: <= 120 s);
- throughput of --jobs 2 over --jobs 1 on the same packets (target >= 1.7x on an idle 2-core machine);
- peak RSS of the largest process of the run: the command, the fork server or a worker (target <= 150 MB).

    python bench/bench_batch.py [--packets 1000] [--scaling-packets 60]

The packets are the shipped examples in turn, each with its own unit, site names and domains.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

from _common import BEIANTOOL, OUTSIDE, different_packets

WALL_TARGET_1000 = 120.0
SCALING_TARGET = 1.7
RSS_TARGET_MB = 150.0


_REAPER = """
def reap():
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
if sys.platform.startswith("linux"):
    import ctypes
    ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
"""


def run(packets: Path, out: Path, jobs: int, env: Optional[dict] = None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB of the largest process of the run, CPU seconds of all its processes);
    ``env``: variables added to the command's environment."""
    cmd = BEIANTOOL + ["render", str(packets), "-o", str(out), "-j", str(jobs), "-q"]
    code = (f"import os, resource, subprocess, sys, time\n{_REAPER}\nstart = time.perf_counter()\n"
            f"subprocess.run({cmd!r}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd={OUTSIDE!r})\n"
            "wall = time.perf_counter() - start\nreap()\n"
            "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(wall, used.ru_maxrss, used.ru_utime + used.ru_stime)")
    # a fresh measuring process per run: RUSAGE_CHILDREN then holds this run's processes only; it adopts the
    # run's orphans (the fork server ends just after the command, no longer its child) and waits for them, so
    # that they count too
    line = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, **(env or {})}).stdout.split()
    shutil.rmtree(out, ignore_errors=True)
    return float(line[0]), int(line[1]) / 1024, float(line[2])  # ru_maxrss is in KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=1000)
    parser.add_argument("--scaling-packets", type=int, default=60)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    work = Path(tempfile.mkdtemp(prefix="beiantool-bench-batch-"))
    try:
        few = work / "few"
        different_packets(few, args.scaling_packets)
        one, _, _ = run(few, work / "out1", 1)
        two, rss_small, _ = run(few, work / "out2", 2)
        scaling = one / two
        many = work / "many"
        different_packets(many, args.packets)
        wall, rss, _ = run(many, work / "out", 2)
        target = WALL_TARGET_1000 * args.packets / 1000
        rss = max(rss, rss_small)
        print(f"machine   {cores} cores available")
        print(f"batch     {args.packets} packets, --jobs 2, wall        : {wall:7.1f} s   ({wall / args.packets * 1000:.0f} ms a packet; "
              f"target <= {target:.0f} s)")
        print(f"scaling   {args.scaling_packets} packets, --jobs 1 / --jobs 2  : {one:6.1f} s / {two:.1f} s = {scaling:.2f}x  (target >= {SCALING_TARGET})")
        print(f"memory    peak RSS of the largest process   : {rss:7.1f} MB  (target <= {RSS_TARGET_MB:.0f} MB per worker)")
        ok = wall <= target and scaling >= SCALING_TARGET and rss <= RSS_TARGET_MB
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
