"""Many packets at once: each file on its own, optionally in worker processes.

One file's failure never stops the others; results come back in input order
whatever order the workers finish in, so `--jobs 2` reports (and writes) exactly
what `--jobs 1` does (``on_done`` is called as each file ends, for a progress bar).
Workers are never forked from the command's own process (a progress bar's thread
must not be copied into a child): on Linux, given modules to ``preload``, they are
forked from multiprocessing's fork server, a clean process started once that has
imported those modules, so a worker starts with them loaded (and a replaced one
costs a fork, not a Python start); elsewhere, or without a list, they are spawned.
Each worker serves many files, one at a time over a pipe (no semaphores, so nothing
for the resource tracker to complain about), takes the command's environment as it is
now (the fork server's is that of when it started), returns freed memory to the system
after each file (measured: a worker then stays level over 50 files, where it grew by
some 20 MB without), is replaced after ``per_worker`` files (a bound on whatever growth
is left), and dies with its parent (the fork server, which dies with the command: render/preload.py).
The command's side of this is base/pool.py, the worker's base/workers.py.

On SIGINT, SIGTERM or SIGHUP (to the parent, or to the whole process group) no
file is started any more; each worker stops its file at the next step (its
temporary folder removed, interrupt.checkpoint) or, if that takes longer than
WORKER_GRACE, its watchdog does; a worker still there after STOP_WAIT is killed
and the temporary folders it left are swept by the caller (tmpdirs). Whatever a
worker finished is kept: :class:`interrupt.Interrupted` carries the results so
far (``partial``; None for a file not done, ``killed``: the indexes of files whose worker had to be killed).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

OnDone = Callable[[int, Any], None]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the cores this process may use (containers, taskset)
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Workers:
    """How the worker processes start: ``preload`` (module names) loaded once in the fork server (Linux),
    each worker replaced after ``per_worker`` files (None: never); ``meanwhile``: while the fork server starts,
    the command does files itself (``func`` must then be as safe to run in the command as with ``jobs=1``)."""

    preload: tuple[str, ...] = ()
    per_worker: Optional[int] = None
    meanwhile: bool = False


def run(func: Callable, calls: Sequence[tuple], jobs: Optional[int] = None, on_done: Optional[OnDone] = None,
        lost: Optional[Callable[[int], Any]] = None, killed: Optional[Callable[[list[int]], dict]] = None,
        workers: Workers = Workers()) -> list:
    """``[func(*args) for args in calls]``, in up to ``jobs`` processes; ``on_done(i, result)`` as each ends.

    ``func`` must be a module-level function that returns a picklable value and raises nothing
    it expects (a worker's unexpected exception is re-raised here, as in one process).
    ``lost(i)``: the result for a file whose worker died (killed by the system); without it, an error.
    ``killed(indexes)``: called after workers busy with those files had to be killed (to sweep up after them);
    returns the results of those that were found finished after all ({index: result}).
    Interrupted, but every file done: the results, as if no signal had come (the command says so, exit 0)."""
    from beiantool.base import interrupt

    jobs = min(jobs or default_jobs(), len(calls))
    results: list = [None] * len(calls)
    if jobs <= 1:
        try:
            for i, args in enumerate(calls):
                interrupt.checkpoint()
                results[i] = func(*args)
                if on_done:
                    on_done(i, results[i])
        except interrupt.Interrupted as exc:
            exc.partial, exc.killed = results, []
            raise
        return results  # (a signal during the last file's publication: everything is done)
    from beiantool.base.pool import Pool

    pool = Pool(func, calls, results, on_done, lost, killed, workers)
    token = interrupt.register(pool.kill_all)  # the watchdog's last resort
    try:
        pool.run(jobs)
    except interrupt.Interrupted as exc:
        exc.partial, exc.killed = results, pool.stop()
        if any(r is None for r in results):
            raise
        return results  # the last files were finished while stopping: all done
    except BaseException:
        pool.stop()
        raise
    finally:
        interrupt.unregister(token)
    pool.stop()
    return results



_SEPARATORS = re.compile(r"[\\/]+")


def folder_names(files: Sequence[Path]) -> list[str]:
    """One output folder name per packet file, never two alike (case-insensitively, as on Windows and
    macOS): the file's name without .yaml; where files share it, each one's path from the nearest
    folder they have in common (客户A/beian.yaml, 客户B/beian.yaml → 客户A-beian, 客户B-beian);
    an ID number in it masked (张三330602198507202348.yaml → 张三330602________2348, as the screen shows it);
    made safe for every file system."""
    from beiantool.base.privacy import redact_ids
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
        names.append(safe_name(redact_ids(wanted), taken))
    return names
