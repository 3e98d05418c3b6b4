"""Benchmark: rendering a whole packet against one LibreOffice conversion, in the same run.

Renders examples/shaoxing.yaml in every format (forms, letter, checklist, annex:
docx, pdf, xlsx) with `beiantool render`, and converts the packet's .docx form
to PDF with `soffice --headless --convert-to pdf`. Target (issue 4): render <= 0.5x
the conversion. Each command runs in a fresh process; runs alternate.

    python bench/bench_render.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shaoxing.yaml"
# Commands run outside the source tree: from the repository root, `python -m beiantool` would import
# the source folder (which has no beiantool.templates: those ship only in the installed package).
OUTSIDE = tempfile.mkdtemp(prefix="beiantool-bench-cwd-")
TARGET = 0.5


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, cwd=OUTSIDE)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice 未安装：apt-get install libreoffice-writer-nogui")
        return 2
    work = Path(tempfile.mkdtemp(prefix="beiantool-bench-"))
    try:
        render = [sys.executable, "-m", "beiantool", "render", str(EXAMPLE), "-o", str(work / "packet"), "--force"]
        timed(render)
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
        print(f"ratio                                  : {rm / cm:7.2f}  (target <= {TARGET})")
        ok = rm / cm <= TARGET
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
