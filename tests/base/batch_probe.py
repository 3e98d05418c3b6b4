"""Loaded by the worker processes of tests/base/test_batch.py: where it was imported, and what a worker sees."""

from __future__ import annotations

import os

LOADED_IN = os.getpid()  # the process that imported this module: the fork server when it was preloaded


def probe(index: int) -> dict:
    return {"index": index, "pid": os.getpid(), "loaded_in": LOADED_IN, "env": os.environ.get("BATCH_PROBE"), "cwd": os.getcwd()}


GATE = None  # set by a test: a threading.Event the command's own process opens at file 2


def probe_opening_gate(index: int) -> dict:
    if index == 2 and GATE is not None:
        GATE.set()
    return probe(index)


def probe_or_fail(index: int) -> dict:
    if index == 1:
        raise ZeroDivisionError("a bug met in file 1")
    return probe(index)


def threshold(index: int) -> tuple[int, int, int]:
    import gc

    return gc.get_threshold()


def probe_killed_at_1(index: int) -> dict:
    """File 1 kills the worker doing it (as the system's OOM killer would)."""
    import signal

    if index == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    return probe(index)
