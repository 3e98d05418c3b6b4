"""Every row of the speed table (issue 25) in one invocation: each figure, its target, PASS or FAIL.

Rows:
- cold validate / floor Typer app (bench_validate.py, run as it is);
- cold render / one LibreOffice conversion, and warm render CPU per packet (bench_render.py, run as it is);
- N different packets `render DIR -o OUT -j 2`, extrapolated to 1,000 packets;
- peak RSS of any process of a batch (the command, the fork server, every worker);
- scaling: throughput of -j 2 over -j 1 on the same packets, runs alternating.
Then where the time goes: the stages of one packet rendered warm in one process (CPU ms per packet, share),
and the same summed over the workers of the -j 2 batch (BEIANTOOL_STAGES, base/stages.py).

On a shared, busy machine the wall-clock rows measure the neighbours too: the load average is printed,
and beside the wall-clock scaling the CPU-time figures (which noise barely moves) and the scaling they
imply on an idle machine. Final figures come from an idle machine.

    python bench/run.py            # full: 15 validate runs, 5 render runs, 60 packets x 3 rounds
    python bench/run.py --quick    # a smoke run of every row (figures rough): about a minute or two
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench_batch
from _common import OUTSIDE, different_packets, example_packets

HERE = Path(__file__).resolve().parent
STAGES = ("read", "validate", "layout", "docx", "pdf", "xlsx", "bundle", "publish", "worker start", "worker memory")
WARM_STAGES = """
import json, sys, tempfile
from pathlib import Path
from beiantool.base import stages
from beiantool.render import render_packet
packets, rounds = [Path(p) for p in json.loads(sys.argv[1])], int(sys.argv[2])
out = Path(tempfile.mkdtemp())
for p in packets:  # first round: imports, fonts, rule sets, templates (not counted)
    render_packet(p, out / ("first-" + p.stem))
stages.enable()
for r in range(rounds):
    for p in packets:
        render_packet(p, out / f"{r}-{p.stem}")
print(json.dumps({"packets": rounds * len(packets), "stages": stages.totals()}))
"""


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool | None]] = []

    def add(self, name: str, figure: str, target: str, ok: bool | None) -> None:
        self.rows.append((name, figure, target, ok))
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{name:44} {figure:>30}   {target:14} {verdict}", flush=True)


def sub_bench(script: str, *args: str) -> str:
    """Run one of the other bench scripts as it is; its output (it checks its own figures)."""
    done = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True, cwd=HERE)
    if done.returncode not in (0, 1):
        print(f"{script} failed (exit {done.returncode}):\n{done.stdout[-1500:]}{done.stderr[-1500:]}", file=sys.stderr)
    return done.stdout


def figure(output: str, label: str) -> float | None:
    """The first number after ``label`` and its colon in a bench script's output."""
    found = re.search(re.escape(label) + r"[^:\n]*:\s*([0-9.]+)", output)
    return float(found.group(1)) if found else None


def validate_row(table: Table, runs: int) -> None:
    out = sub_bench("bench_validate.py", "--runs", str(runs))
    ratio = figure(out, "ratio     cold validate / floor")
    libs = re.search(r"document libraries imported by validate\s*:\s*(.*)", out)
    ok = ratio is not None and ratio <= 1.3 and libs is not None and libs.group(1).strip() == "none"
    table.add("cold validate / floor Typer app", f"{ratio:.2f}x" if ratio is not None else "(no figure)", "<= 1.3x", ok)
    if libs and libs.group(1).strip() != "none":
        print(f"    validate imported: {libs.group(1).strip()}")


def render_rows(table: Table, runs: int, rounds: int) -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        table.add("cold render / one LibreOffice conversion", "(LibreOffice not installed)", "<= 0.5x", None)
    out = sub_bench("bench_render.py", "--runs", str(runs), "--rounds", str(rounds))
    ratio = figure(out, "ratio     cold render / conversion")
    warm = figure(out, "warm      CPU per packet")
    if ratio is not None:
        render_ms, convert_ms = figure(out, "render    whole packet"), figure(out, "soffice   --convert-to pdf")
        table.add("cold render / one LibreOffice conversion", f"{render_ms:.0f} / {convert_ms:.0f} ms = {ratio:.2f}x", "<= 0.5x", ratio <= 0.5)
    table.add("warm render, CPU per packet (median)", f"{warm:.3f} s" if warm is not None else "(no figure)", "<= 0.2 s",
              warm is not None and warm <= 0.2)


def batch_rows(table: Table, packets: int, rounds: int, work: Path) -> dict:
    """The batch rows; returns the stages summed over the -j 2 runs' workers."""
    folder = work / "packets"
    different_packets(folder, packets)
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    peak = 0.0
    stage_dir = work / "stages"
    for _ in range(rounds):
        for jobs in (1, 2):  # alternating: the machine's noise hits both alike
            shutil.rmtree(stage_dir, ignore_errors=True)
            stage_dir.mkdir()
            wall, rss, cpu = bench_batch.run(folder, work / f"out{jobs}", jobs, {"BEIANTOOL_STAGES": str(stage_dir)} if jobs == 2 else None)
            walls[jobs].append(wall)
            cpus[jobs].append(cpu)
            if jobs == 2:
                peak = max(peak, rss)
                summed = _collect(stage_dir)
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    cpu1, cpu2 = statistics.median(cpus[1]), statistics.median(cpus[2])
    per = two / packets
    # straight from N: the start (fork server, first files' fonts and rule sets) is counted 1000/N times, not once
    table.add(f"1,000 packets -j 2 (from {packets}, x1000/{packets})", f"{per * 1000:.0f} s ({two:.1f} s for {packets})", "<= 120 s",
              per * 1000 <= 120)
    table.add("peak RSS of any process of a batch", f"{peak:.1f} MB", "<= 150 MB", peak <= 150)
    table.add(f"scaling -j 2 / -j 1, wall ({packets} packets)", f"{one:.1f} / {two:.1f} s = {one / two:.2f}x", ">= 1.7x", one / two >= 1.7)
    # on an idle 2-core machine -j 2 takes about the larger of (its CPU / 2) and its longest worker's share
    table.add("  same, from CPU time (idle-machine estimate)", f"{cpu1:.1f} / {cpu2:.1f} s cpu -> {2 * cpu1 / cpu2:.2f}x", "(information)", None)
    return summed


def _collect(folder: Path) -> dict:
    from beiantool.base import stages

    return {"packets": None, "stages": stages.collect(str(folder))}


def warm_stages(rounds: int) -> dict:
    packets = json.dumps([str(p) for p in example_packets()])
    done = subprocess.run([sys.executable, "-c", WARM_STAGES, packets, str(rounds)], capture_output=True, text=True, check=True, cwd=OUTSIDE)
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_stages(title: str, data: dict, packets: int) -> None:
    totals = data["stages"]
    whole = sum(cpu for cpu, _wall, _n in totals.values()) or 1.0
    print(f"\n{title}")
    print(f"  {'stage':14} {'CPU ms a packet':>16} {'share':>7} {'wall ms a packet':>17}")
    for name in sorted(totals, key=lambda n: (STAGES.index(n) if n in STAGES else len(STAGES), n)):
        cpu, wall, _count = totals[name]
        print(f"  {name:14} {cpu * 1000 / packets:16.1f} {cpu / whole:7.1%} {wall * 1000 / packets:17.1f}")
    print(f"  {'all':14} {whole * 1000 / packets:16.1f} {1:7.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few runs and packets: every row, rough figures")
    parser.add_argument("--packets", type=int, help="packets of the batch rows (default 60; quick: 10)")
    args = parser.parse_args()
    quick = args.quick
    packets = args.packets or (10 if quick else 60)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {cores} cores available, load average {load:.2f} at the start{'  (busy: wall-clock rows measure the neighbours too)' if load > 0.5 else ''}")
    print(f"{'row':44} {'figure':>30}   {'target':14}")
    table = Table()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="beiantool-bench-run-"))
    try:
        validate_row(table, 3 if quick else 15)
        render_rows(table, 1 if quick else 5, 1 if quick else 3)
        batch = batch_rows(table, packets, 1 if quick else 3, work)
        warm = warm_stages(1 if quick else 3)
        print_stages(f"stages of one packet, warm, one process (CPU; {warm['packets']} renders of the {len(example_packets())} examples)",
                     warm, warm["packets"])
        print_stages(f"stages of the -j 2 batch, summed over its workers ({packets} packets, last round)", batch, packets)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [name for name, _f, _t, ok in table.rows if ok is False]
    print(f"\n{len(table.rows) - len(failed)} rows pass or inform, {len(failed)} fail; {time.perf_counter() - started:.0f} s; "
          f"load average now {os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
