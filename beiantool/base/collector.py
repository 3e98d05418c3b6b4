"""How often a beiantool process's garbage collector runs: :func:`tune`, called by the command and its workers.

The collector looks at new container objects after every 700 allocations (Python's default). A command
lives for a second or so and keeps what it makes (modules, pydantic models, laid-out pages): collecting
that often finds nothing and costs some 8 % of a cold render's CPU (measured, examples/shaoxing.yaml).
A batch worker still collects after each file (base/workers.py), so memory stays level over many files.
Never called by beiantool used as a library: the host program's settings are its own.
"""

from __future__ import annotations

YOUNG = 50_000  # allocations between collections of the youngest generation


def tune() -> None:
    import gc

    gc.set_threshold(YOUNG, 20, 20)
