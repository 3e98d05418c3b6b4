"""Shared by the bench scripts: where to run, how to time, how to make many different packets."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Commands run outside the source tree: from the repository root, `python -m beiantool` would import
# the source folder (which has no beiantool.templates: those ship only in the installed package).
OUTSIDE = tempfile.mkdtemp(prefix="beiantool-bench-cwd-")
BEIANTOOL = [sys.executable, "-m", "beiantool"]


def timed(cmd: list[str], check: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=check, cwd=OUTSIDE)
    return time.perf_counter() - start


def alternate(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns so machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd))
    return {name: statistics.median(t) for name, t in times.items()}


def example_packets() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.yaml"))


def different_packets(folder: Path, count: int) -> list[Path]:
    """``count`` packets that differ from each other: the shipped examples in turn, each with its own
    unit name, site names and domains (so no two render alike)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in example_packets()]
    made = []
    for n in range(count):
        data = yaml.safe_load(yaml.safe_dump(sources[n % len(sources)], allow_unicode=True))
        unit = data.get("unit") or {}
        unit["name"] = f"{unit.get('name', '单位')}第{n + 1}分部"
        for i, site in enumerate(data.get("sites") or []):
            site["name"] = f"{site.get('name', '网站')}{n + 1}"
            site["domains"] = [f"site{n + 1}-{i + 1}.example.cn"]
        path = folder / f"packet-{n + 1:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        made.append(path)
    return made
