"""Benchmark: what 打印合订本.pdf costs the render of the shipped example (no attachments).

Renders examples/shaoxing.yaml in every format twice over, in fresh processes taking turns:
as shipped, and with the bundle step replaced by an empty file (everything else the same).
Target (issue 10): the whole render grows by no more than 10% (ratio <= 1.10). Also shows the
attachments example (examples/attachments/baotou.yaml) for scale.

    python bench/bench_bundle.py [--runs 7]
"""

from __future__ import annotations

import argparse
import sys

from _common import EXAMPLES, alternate

TARGET = 1.10
RUN = """
import sys, tempfile
from pathlib import Path
if sys.argv[2] == "off":
    import beiantool.render.bundle as bundle
    bundle.write = lambda target, *a, **k: (Path(target).write_bytes(b""), (0, []))[1]
from beiantool.render import render_packet
render_packet(sys.argv[1], Path(tempfile.mkdtemp()) / "out")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    example = str(EXAMPLES / "shaoxing.yaml")
    with_attachments = str(EXAMPLES / "attachments" / "baotou.yaml")
    times = alternate({
        "off": [sys.executable, "-c", RUN, example, "off"],
        "on": [sys.executable, "-c", RUN, example, "on"],
        "attachments": [sys.executable, "-c", RUN, with_attachments, "on"],
    }, args.runs)
    ratio = times["on"] / times["off"]
    print(f"render shaoxing.yaml without the bundle step: {times['off'] * 1000:.0f} ms")
    print(f"render shaoxing.yaml with 打印合订本.pdf:      {times['on'] * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x)")
    print(f"render attachments/baotou.yaml (7 scans):   {times['attachments'] * 1000:.0f} ms")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
