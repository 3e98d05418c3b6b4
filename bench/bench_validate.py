"""Benchmark: a cold `beiantool validate` against an honest floor measured in the same run.

The floor is a one-command Typer app that reads a YAML file and validates a
10-field pydantic model: the least any Typer + PyYAML + pydantic validator pays
(`import pydantic` alone is lazy and builds none of BaseModel's machinery).
Target (issue 11): validate <= 1.3x the floor, without importing python-docx,
openpyxl, reportlab or the phonenumbers geocoder.

    python bench/bench_validate.py [--runs 15]

Runs alternate so machine noise hits both alike; medians and their ratio are
printed, and the exit code is 1 if the ratio is over the target or a forbidden
module was imported. Both CPU time (user + system of the process) and wall time
are shown; the target is judged on CPU time: on a machine shared with other work
the wall time mostly measures the neighbours.

Both sides run with their bytecode compiled once, into a folder of this run
(PYTHONPYCACHEPREFIX): an installed package has its .pyc files, but with
PYTHONDONTWRITEBYTECODE set a source checkout would recompile every beiantool
module on every run while the floor's libraries keep theirs. beiantool's rule-set
cache lives in a folder of this run too (never the user's): `validate` is timed
with it filled (as every run after the first), and, for information, with no
usable cache folder at all.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import BEIANTOOL, EXAMPLES, OUTSIDE

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
# The command runs as `beiantool validate` does, then (at exit) the modules it loaded are written to a file (argv[2]):
# not to stderr, where the command's own lines come after them.
PROBE = """
import atexit, json, sys
packet, out = sys.argv[1], sys.argv[2]
sys.argv = ['beiantool', 'validate', packet]

def write():  # at exit: the command ends the process itself once its atexit handlers have run
    with open(out, 'w', encoding='utf-8') as handle:
        json.dump(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'openpyxl', 'reportlab') or m == 'phonenumbers.geocoder'), handle)

atexit.register(write)
from beiantool.__main__ import main
main()
"""

# Validates a packet no run has seen: the example with a new unit name each time (the number of the run is kept in a
# file beside the copies), so that nothing kept from an earlier run of the same packet applies.
EDITED = """
import os, runpy, sys
example, folder = sys.argv[1], sys.argv[2]
os.makedirs(folder, exist_ok=True)
counter = os.path.join(folder, 'n')
n = int(open(counter).read()) + 1 if os.path.exists(counter) else 1
open(counter, 'w').write(str(n))
text = open(example, encoding='utf-8').read().replace('绍兴示例科技有限公司', f'绍兴示例科技{n}号有限公司', 1)
packet = os.path.join(folder, f'edited-{n}.yaml')
open(packet, 'w', encoding='utf-8').write(text)
sys.argv = ['beiantool', 'validate', packet]
runpy.run_module('beiantool', run_name='__main__')
"""


def forbidden_imports() -> list[str]:
    """The document libraries (and the phonenumbers geocoder) a validate run loaded; exits with the probe's
    own output if it did not finish."""
    out = Path(OUTSIDE) / "probe.json"
    probe = subprocess.run([sys.executable, "-c", PROBE, str(EXAMPLE), str(out)], capture_output=True, text=True, cwd=OUTSIDE)
    if not out.exists():
        sys.exit(f"the import probe did not finish (exit {probe.returncode}):\n{probe.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def _once(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run in a new process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=OUTSIDE)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each command, the commands taking turns so machine noise hits all alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(_once(cmd))
    return {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    floor_script = Path(OUTSIDE) / "floor_app.py"
    floor_script.write_text(FLOOR_APP, encoding="utf-8")
    # children inherit these: bytecode compiled once for both sides, and a rule-set cache of this run only
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="beiantool-bench-pyc-")
    os.environ["BEIANTOOL_CACHE_DIR"] = tempfile.mkdtemp(prefix="beiantool-bench-cache-")
    no_cache = Path(OUTSIDE) / "not-a-folder"
    no_cache.write_text("", encoding="utf-8")  # a cache folder below a file cannot be made: validate runs without one
    commands = {
        "floor": [sys.executable, str(floor_script), "validate", str(EXAMPLE)],
        "validate": BEIANTOOL + ["validate", str(EXAMPLE)],
        # a packet never validated before (as after each edit): the example with its unit's name changed, another each run
        "edited": [sys.executable, "-c", EDITED, str(EXAMPLE), str(Path(OUTSIDE) / "edited")],
        "uncached": [sys.executable, "-c", f"import os, runpy, sys; os.environ['BEIANTOOL_CACHE_DIR'] = {str(no_cache / 'cache')!r}; "
                     f"sys.argv = ['beiantool', 'validate', {str(EXAMPLE)!r}]; runpy.run_module('beiantool', run_name='__main__')"],
    }
    alternate(commands, 1)  # compile bytecode once and fill the rule-set cache; "cold" means a fresh interpreter
    medians = alternate(commands, args.runs)
    ratio = medians["validate"][1] / medians["floor"][1]
    imported = forbidden_imports()

    def shown(name: str) -> str:
        wall, cpu = medians[name]
        return f"{cpu * 1000:7.1f} ms CPU, {wall * 1000:7.1f} ms wall"

    print(f"floor     Typer app + YAML + 10-field model : {shown('floor')} (medians of {args.runs})")
    print(f"validate  examples/shaoxing.yaml            : {shown('validate')}")
    print(f"          a packet not validated before     : {shown('edited')} (for information: after each edit)")
    print(f"          the same with no rule-set cache   : {shown('uncached')} (for information)")
    print(f"ratio     cold validate / floor, CPU time   : {ratio:7.2f}  (target <= {TARGET}; wall time "
          f"{medians['validate'][0] / medians['floor'][0]:.2f})")
    print(f"document libraries imported by validate     : {', '.join(imported) or 'none'}")
    ok = ratio <= TARGET and not imported
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
