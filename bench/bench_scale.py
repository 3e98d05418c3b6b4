"""Benchmark: a packet's size against time — 10, 100 and 1,000 sites.

Validates and renders (all formats, in one warm process) the Shaoxing example
grown to N sites, and prints the time per site at each size. Target (issue 11):
linear — the time per site at 1,000 sites is at most 1.5x the time per site at
100 sites (a fixed cost per packet makes small packets look dearer per site,
which is fine; a quadratic cost makes large ones dearer, which is not).

    python bench/bench_scale.py [--sizes 10,100,1000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from _common import EXAMPLES, OUTSIDE

TARGET = 1.5
MEASURE = """
import copy, json, sys, tempfile, time
from pathlib import Path
import yaml
from beiantool import api
from beiantool.render import render_packet
base = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
out = Path(tempfile.mkdtemp())
rows = []
for n in [int(x) for x in sys.argv[2].split(",")]:
    data = copy.deepcopy(base)
    site = data["sites"][0]
    data["sites"] = []
    for i in range(n):
        s = copy.deepcopy(site)
        s["name"], s["domains"] = f"网站{i + 1}", [f"site{i + 1}.example.cn"]
        data["sites"].append(s)
    path = out / f"sites-{n}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render_packet(path, out / f"warmup-{n}", draft=True)
    start = time.process_time(); report = api.validate_file(path); v = time.process_time() - start
    start = time.process_time(); render_packet(path, out / f"r-{n}", draft=True); r = time.process_time() - start
    rows.append((n, v, r, len(report.problems)))
print(json.dumps(rows))
"""


def main() -> int:
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(EXAMPLES / "shaoxing.yaml"), args.sizes],
                          capture_output=True, text=True, check=True, cwd=OUTSIDE)
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    per_site = {}
    for n, v, r, problems in rows:
        per_site[n] = (v + r) / n
        print(f"sites {n:5d}: validate {v:7.3f} s, render {r:7.3f} s, {per_site[n] * 1000:7.2f} ms a site ({problems} problems)")
    sizes = sorted(per_site)
    growth = per_site[sizes[-1]] / per_site[sizes[-2]] if len(sizes) > 1 else 1.0
    print(f"time per site, {sizes[-1]} sites / {sizes[-2] if len(sizes) > 1 else sizes[-1]} sites : {growth:.2f}  (target <= {TARGET})")
    ok = growth <= TARGET
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
