"""Where a render's time goes: ``with stages.stage("pdf"): ...`` around each stage of one packet.

Off unless asked for (the bench): then each stage adds its own CPU seconds, wall seconds and
count to this process's totals; a stage inside another counts only for the inner one (the
outer one's figure is its time without the inner), so the stages of a packet add up to its
whole time. Off, ``stage`` returns one shared do-nothing context: a call and two no-op methods.

Turned on by :func:`enable` in this process, or for every process of a run (batch workers
too) by the environment variable BEIANTOOL_STAGES naming a folder: each process then writes
its totals to ``<folder>/stages-<pid>.json`` after each packet (:func:`flush`), and
:func:`collect` adds up the files of a folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from typing import Optional

ENV = "BEIANTOOL_STAGES"
_NOTHING = contextlib.nullcontext()
_folder: Optional[str] = os.environ.get(ENV) or None
_on = _folder is not None
_totals: dict[str, list] = {}  # name: [cpu seconds, wall seconds, count]
_stack: list[list] = []  # open stages: [name, cpu at start, wall at start, cpu of inner stages, wall of inner stages]


def configure() -> None:
    """Read BEIANTOOL_STAGES again (a worker forked from a process that started before the variable was set)."""
    global _folder, _on
    _folder = os.environ.get(ENV) or None
    _on = _on or _folder is not None


def enable(on: bool = True) -> None:
    """Record stages in this process from now on (or stop); the totals so far are kept."""
    global _on
    _on = on


def enabled() -> bool:
    return _on


def reset() -> None:
    _totals.clear()


def totals() -> dict[str, tuple[float, float, int]]:
    """{stage: (cpu seconds, wall seconds, times entered)} recorded in this process."""
    return {name: (cpu, wall, count) for name, (cpu, wall, count) in _totals.items()}


def add(name: str, cpu: float, wall: float) -> None:
    """Count a stage timed by other means (a worker's start: from before this module existed in it)."""
    if _on:
        entry = _totals.setdefault(name, [0.0, 0.0, 0])
        entry[0] += cpu
        entry[1] += wall
        entry[2] += 1


def stage(name: str):
    """A context timing the code inside as stage ``name`` (when recording is on)."""
    return _Stage(name) if _on else _NOTHING


class _Stage:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        _stack.append([self.name, time.process_time(), time.perf_counter(), 0.0, 0.0])

    def __exit__(self, *_exc):
        name, cpu0, wall0, inner_cpu, inner_wall = _stack.pop()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        entry = _totals.setdefault(name, [0.0, 0.0, 0])
        entry[0] += cpu - inner_cpu
        entry[1] += wall - inner_wall
        entry[2] += 1
        if _stack:  # the outer stage does not count this time again
            _stack[-1][3] += cpu
            _stack[-1][4] += wall
        return False


def flush() -> None:
    """Write this process's totals to the folder BEIANTOOL_STAGES names (nothing when it names none)."""
    if not (_on and _folder):
        return
    path = os.path.join(_folder, f"stages-{os.getpid()}.json")
    try:
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(totals(), out)
        os.replace(path + ".tmp", path)
    except OSError:
        pass  # a bench aid: never a reason for a render to fail


def collect(folder: str) -> dict[str, tuple[float, float, int]]:
    """The totals of every process that wrote into ``folder``, added up."""
    summed: dict[str, list] = {}
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("stages-") and name.endswith(".json")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as source:
            for stage_name, (cpu, wall, count) in json.load(source).items():
                entry = summed.setdefault(stage_name, [0.0, 0.0, 0])
                entry[0] += cpu
                entry[1] += wall
                entry[2] += count
    return {name: tuple(values) for name, values in summed.items()}
