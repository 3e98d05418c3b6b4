"""Benchmark: a cold `beiantool validate` against an honest floor measured in the same run.

The floor is a one-command Typer app that reads a YAML file and validates a
10-field pydantic model: the least any Typer + PyYAML + pydantic validator pays
(`import pydantic` alone is lazy and builds none of BaseModel's machinery).
Target (issue 11): validate <= 1.3x the floor, without importing python-docx,
openpyxl, reportlab or the phonenumbers geocoder.

    python bench/bench_validate.py [--runs 15]

Runs alternate so machine noise hits both alike; medians and their ratio are
printed, and the exit code is 1 if the ratio is over the target or a forbidden
module was imported.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from _common import BEIANTOOL, EXAMPLES, OUTSIDE, alternate

EXAMPLE = EXAMPLES / "shaoxing.yaml"
TARGET = 1.3
FLOOR_APP = '''
import sys
import typer
import yaml
from pydantic import BaseModel

class Unit(BaseModel):
    name: str = ""
    type: str = ""
    uscc: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    legal_name: str = ""
    officer: str = ""
    email: str = ""
    city: str = ""

app = typer.Typer()

@app.command()
def validate(file: str):
    with open(file, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    Unit.model_validate({k: str(v) for k, v in (data.get("unit") or {}).items() if k in Unit.model_fields})

@app.command()
def other():
    pass

app()
'''
PROBE = (
    "import sys, runpy; sys.argv = ['beiantool', 'validate', %r];\n"
    "try:\n    runpy.run_module('beiantool', run_name='__main__')\nexcept SystemExit:\n    pass\n"
    "import json; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'openpyxl', 'reportlab') or m == 'phonenumbers.geocoder')), file=sys.stderr)"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    floor_script = Path(OUTSIDE) / "floor_app.py"
    floor_script.write_text(FLOOR_APP, encoding="utf-8")
    commands = {
        "floor": [sys.executable, str(floor_script), "validate", str(EXAMPLE)],
        "validate": BEIANTOOL + ["validate", str(EXAMPLE)],
    }
    alternate(commands, 1)  # compile bytecode once; "cold" means a fresh interpreter, not a fresh disk
    medians = alternate(commands, args.runs)
    ratio = medians["validate"] / medians["floor"]
    probe = subprocess.run([sys.executable, "-c", PROBE % str(EXAMPLE)], capture_output=True, text=True, cwd=OUTSIDE)
    imported = json.loads(probe.stderr.strip().splitlines()[-1])
    print(f"floor     Typer app + YAML + 10-field model : {medians['floor'] * 1000:7.1f} ms (median of {args.runs})")
    print(f"validate  examples/shaoxing.yaml            : {medians['validate'] * 1000:7.1f} ms (median of {args.runs})")
    print(f"ratio     cold validate / floor             : {ratio:7.2f}  (target <= {TARGET})")
    print(f"document libraries imported by validate     : {', '.join(imported) or 'none'}")
    ok = ratio <= TARGET and not imported
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
