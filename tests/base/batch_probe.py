"""Loaded by the worker processes of tests/base/test_batch.py: where it was imported, and what a worker sees."""

from __future__ import annotations

import os

LOADED_IN = os.getpid()  # the process that imported this module: the fork server when it was preloaded


def probe(index: int) -> dict:
    return {"index": index, "pid": os.getpid(), "loaded_in": LOADED_IN, "env": os.environ.get("BATCH_PROBE"), "cwd": os.getcwd()}
