"""Benchmark: a cold `beiantool validate` against a baseline measured in the same run.

The baseline is `python -c "import typer, pydantic, yaml"`: the floor any Typer +
pydantic + PyYAML tool pays. The target (issue 2) is validate <= 1.5x baseline,
without importing python-docx, openpyxl, reportlab or the phonenumbers geocoder.

    python bench/bench_validate.py [--runs 15]

Runs alternate baseline and validate so machine noise hits both alike; the
medians and their ratio are printed, and the exit code is 1 if the ratio is
over the target or a forbidden module was imported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shaoxing.yaml"
# Commands run outside the source tree: from the repository root, `python -m beiantool` would import
# the source folder (which has no beiantool.templates: those ship only in the installed package).
OUTSIDE = tempfile.mkdtemp(prefix="beiantool-bench-cwd-")
TARGET = 1.5
FORBIDDEN = ("docx", "openpyxl", "reportlab", "phonenumbers.geocoder")

BASELINE = [sys.executable, "-c", "import typer, pydantic, yaml"]
# For context, not judged: the least any Typer command that validates one pydantic
# model costs (`import pydantic` alone is lazy and builds none of BaseModel's machinery).
FLOOR = [
    sys.executable,
    "-c",
    "import typer\nfrom pydantic import BaseModel\nclass M(BaseModel):\n    a: int = 0\n"
    "app = typer.Typer()\n@app.command()\ndef validate(file: str):\n    M.model_validate({'a': 1})\n"
    "@app.command()\ndef other():\n    pass\napp(['validate', 'x'])",
]
VALIDATE = [sys.executable, "-m", "beiantool", "validate", str(EXAMPLE)]
PROBE = (
    "import sys, runpy; sys.argv = ['beiantool', 'validate', %r];\n"
    "try:\n    runpy.run_module('beiantool', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'openpyxl', 'reportlab') or m == 'phonenumbers.geocoder')), file=sys.stderr)"
)


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=OUTSIDE)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    timed(VALIDATE)  # compile bytecode once; "cold" means a fresh interpreter, not a fresh disk
    base, floor, val = [], [], []
    for _ in range(args.runs):
        base.append(timed(BASELINE))
        floor.append(timed(FLOOR))
        val.append(timed(VALIDATE))
    b, f, v = statistics.median(base), statistics.median(floor), statistics.median(val)
    ratio = v / b
    probe = subprocess.run([sys.executable, "-c", PROBE % str(EXAMPLE)], capture_output=True, text=True, cwd=OUTSIDE)
    imported = json.loads(probe.stderr.strip().splitlines()[-1])
    print(f"baseline  import typer, pydantic, yaml : {b * 1000:7.1f} ms (median of {args.runs})")
    print(f"floor     Typer command + 1 model      : {f * 1000:7.1f} ms  ratio {f / b:.2f} (context only)")
    print(f"validate  examples/shaoxing.yaml       : {v * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio                                  : {ratio:7.2f}  (target <= {TARGET})")
    print(f"document libraries imported by validate: {', '.join(imported) or 'none'}")
    ok = ratio <= TARGET and not imported
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
