"""Many packets at once: each file on its own, optionally in worker processes.

One file's failure never stops the others; results come back in input order
whatever order the workers finish in, so `--jobs 2` reports (and writes) exactly
what `--jobs 1` does. Workers are spawned, not forked (a progress bar's thread
must not be copied into a child), and ignore Ctrl-C: on an interrupt the parent
cancels the files not yet started and waits for the running ones, each of which
finishes whole, so nothing is left half-written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

OnDone = Callable[[int, Any], None]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the cores this process may use (containers, taskset)
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _worker_init() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt stops
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run(func: Callable, calls: Sequence[tuple], jobs: Optional[int] = None, on_done: Optional[OnDone] = None) -> list:
    """``[func(*args) for args in calls]``, in up to ``jobs`` processes; ``on_done(i, result)`` as each ends.

    ``func`` must be a module-level function that returns a picklable value and raises nothing
    it expects (a worker's unexpected exception is re-raised here, as in one process)."""
    jobs = min(jobs or default_jobs(), len(calls))
    results: list = [None] * len(calls)
    if jobs <= 1:
        for i, args in enumerate(calls):
            results[i] = func(*args)
            if on_done:
                on_done(i, results[i])
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init)
    try:
        futures = {pool.submit(func, *args): i for i, args in enumerate(calls)}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            if on_done:
                on_done(i, results[i])
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # running files finish whole; the rest never start
        raise
    pool.shutdown(wait=True)
    return results


_SEPARATORS = re.compile(r"[\\/]+")


def folder_names(files: Sequence[Path]) -> list[str]:
    """One output folder name per packet file, never two alike (case-insensitively, as on Windows and
    macOS): the file's name without .yaml; where files share it, each one's path from the nearest
    folder they have in common (客户A/beian.yaml, 客户B/beian.yaml → 客户A-beian, 客户B-beian);
    made safe for every file system."""
    from beiantool.base.filenames import safe_name

    absolute = [Path(os.path.abspath(f)) for f in files]
    groups: dict[str, list[Path]] = {}
    for path in absolute:
        groups.setdefault(path.stem.lower(), []).append(path)
    taken: set[str] = set()
    names = []
    for path in absolute:
        group = groups[path.stem.lower()]
        wanted = path.stem
        if len(group) > 1:
            common = Path(os.path.commonpath([str(g.parent) for g in group]))
            wanted = _SEPARATORS.sub("-", str(path.with_suffix("").relative_to(common)))
        names.append(safe_name(wanted, taken))
    return names
