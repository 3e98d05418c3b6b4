"""Benchmark: rendering a whole packet, cold against one LibreOffice conversion, and warm.

Cold: renders examples/shaoxing.yaml in every format (forms, letter, checklist,
annex: docx, pdf, xlsx) with `beiantool render`, and converts the packet's .docx
form to PDF with `soffice --headless --convert-to pdf`; each command in a fresh
process, runs alternating. Target (issue 11): render <= 0.5x the conversion.
Warm: one process renders every shipped example again and again; CPU seconds per
packet, median (target <= 0.2 s).

    python bench/bench_render.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import EXAMPLES, OUTSIDE, example_packets, timed

EXAMPLE = EXAMPLES / "shaoxing.yaml"
TARGET = 0.5
WARM_TARGET = 0.2
WARM = """
import json, sys, tempfile, time
from pathlib import Path
from beiantool.render import render_packet
packets, rounds = [Path(p) for p in json.loads(sys.argv[1])], int(sys.argv[2])
out = Path(tempfile.mkdtemp())
for p in packets:  # first round: imports, fonts, templates
    render_packet(p, out / ("first-" + p.stem))
times = []
for r in range(rounds):
    for p in packets:
        start = time.process_time()
        render_packet(p, out / f"{r}-{p.stem}")
        times.append(time.process_time() - start)
times.sort()
print(times[len(times) // 2])
"""


def warm_cpu_per_packet(rounds: int) -> float:
    import json

    packets = json.dumps([str(p) for p in example_packets()])
    line = subprocess.run([sys.executable, "-c", WARM, packets, str(rounds)], capture_output=True, text=True, check=True, cwd=OUTSIDE)
    return float(line.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the warm measurement")
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice 未安装：apt-get install libreoffice-writer-nogui")
        return 2
    work = Path(tempfile.mkdtemp(prefix="beiantool-bench-"))
    try:
        render = [sys.executable, "-m", "beiantool", "render", str(EXAMPLE), "-o", str(work / "packet"), "--force"]
        timed(render, check=True)
        form = next((work / "packet").glob("备案表-*.docx"))
        convert = [soffice, "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to", "pdf", "--outdir", str(work / "lo-out"), str(form)]
        timed(convert)  # first start of a LibreOffice profile is slower: not counted
        r, c = [], []
        for _ in range(args.runs):
            r.append(timed(render))
            c.append(timed(convert))
        rm, cm = statistics.median(r), statistics.median(c)
        print(f"render    whole packet, docx+pdf+xlsx : {rm * 1000:7.0f} ms (median of {args.runs})")
        print(f"soffice   --convert-to pdf of the form : {cm * 1000:7.0f} ms (median of {args.runs})")
        print(f"ratio     cold render / conversion     : {rm / cm:7.2f}  (target <= {TARGET})")
        warm = warm_cpu_per_packet(args.rounds)
        print(f"warm      CPU per packet, all formats  : {warm:7.3f} s  (median over {len(example_packets())} examples x {args.rounds}; "
              f"target <= {WARM_TARGET})")
        ok = rm / cm <= TARGET and warm <= WARM_TARGET
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
