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

On SIGINT, SIGTERM or SIGHUP (to the parent, or to the whole process group) no
file is started any more; each worker stops its file at the next step (its
temporary folder removed, interrupt.checkpoint) or, if that takes longer than
WORKER_GRACE, its watchdog does; a worker still there after STOP_WAIT is killed
and the temporary folders it left are swept by the caller (tmpdirs). Whatever a
worker finished is kept: :class:`interrupt.Interrupted` carries the results so
far (``partial``; None for a file not done, ``killed``: the indexes of files whose worker had to be killed).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

OnDone = Callable[[int, Any], None]
WORKER_GRACE = 1.5  # a worker's own watchdog (interrupt.GRACE in the parent is longer)
STOP_WAIT = 2.0  # how long the parent waits for its workers to stop before killing them


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # the cores this process may use (containers, taskset)
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _worker_main(conn, func: Callable, parent: Optional[int], env: dict, asked: float) -> None:
    """A worker: note signals (never raise inside a library), run one call at a time, answer each.
    ``parent``: the process it must die with (the command, or the fork server); ``env``: the command's
    environment; ``asked``: when the command asked for it (time.time(), for the stage timer)."""
    import signal

    from beiantool.base import interrupt, stages

    interrupt.install()
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, interrupt.SIGNALS)  # blocked since it started: one that came is noted now
    interrupt.die_with_parent()
    if parent is not None and os.getppid() != parent:  # the parent died before that took effect
        return
    interrupt.GRACE = WORKER_GRACE
    interrupt.line = lambda: None  # the parent speaks
    if env != os.environ:  # forked from the fork server: its environment is that of when it started
        os.environ.clear()
        os.environ.update(env)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    stages.configure()
    stages.add("worker start", time.process_time(), time.time() - asked)
    with interrupt.deferred():
        _serve(conn, func)
    interrupt.ignore_from_now()


def _release_memory(first: bool) -> None:
    """After a file: free its documents' cycles now, and give the memory back to the system (glibc keeps it
    otherwise), so that a worker does not grow from file to file. After the first file what is still there
    (modules, fonts, rule sets, templates: loaded for good) is frozen out of the collector's sight, so that
    each later collection looks at one file's objects only (some 4 ms, not 60)."""
    import gc

    gc.collect()
    if first:
        gc.freeze()
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl): nothing to do
        pass


def _serve(conn, func: Callable) -> None:
    """One file at a time until told to end (None, or the pipe closes), or a signal stopped a file."""
    from beiantool.base import interrupt, stages

    first = True
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            stages.flush()
            return
        index, args = message
        try:
            interrupt.checkpoint()
            answer = ("done", index, func(*args))
        except interrupt.Interrupted:
            answer = ("stopped", index, None)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the parent, as in one process
            answer = ("raised", index, exc)
        stages.flush()
        try:
            conn.send(answer)
        except OSError:  # the command is gone (a broken pipe): nobody to answer, nothing to say
            return
        except Exception:  # noqa: BLE001 - an answer that cannot be pickled
            conn.send(("raised", index, RuntimeError(repr(answer[2]))))
        if answer[0] == "stopped":
            return
        with stages.stage("worker memory"):
            answer = None
            _release_memory(first)
        first = False


@dataclass(frozen=True)
class Workers:
    """How the worker processes start: ``preload`` (module names) loaded once in the fork server (Linux),
    each worker replaced after ``per_worker`` files (None: never)."""

    preload: tuple[str, ...] = ()
    per_worker: Optional[int] = None


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
    pool = _Pool(func, calls, results, on_done, lost, killed, workers)
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


@contextlib.contextmanager
def _signals_blocked():
    import signal

    from beiantool.base import interrupt

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()  # starting it later would unblock SIGINT and SIGTERM again
    old = signal.pthread_sigmask(signal.SIG_BLOCK, interrupt.SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)  # one that came meanwhile is delivered (noted) now


def _context(preload: tuple[str, ...]):
    """The fork server with ``preload`` loaded (Linux), else spawn: never a fork of this process."""
    import multiprocessing

    if preload and sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        forkserver.set_forkserver_preload(list(preload))  # takes effect when it starts (once per process)
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _fork_server() -> Optional[int]:
    """Start the fork server if it is not running (with signals blocked: so are they in it, and in each worker
    until it has its handlers); its process id: the workers' parent."""
    from multiprocessing import forkserver

    forkserver.ensure_running()
    return getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)


class _Worker:
    def __init__(self, ctx, func: Callable):
        self.conn, theirs = ctx.Pipe()
        with _signals_blocked():  # the worker starts with them blocked: none can kill it before it notes them
            parent = _fork_server() if ctx.get_start_method() == "forkserver" else os.getpid()
            self.process = ctx.Process(target=_worker_main, args=(theirs, func, parent, dict(os.environ), time.time()), daemon=True)
            self.process.start()
        theirs.close()
        self.index: Optional[int] = None  # the file it is working on
        self.served = 0  # files it has answered

    def answer(self):
        """Its answer, None if it has none yet, or "gone" if it ended without one."""
        try:
            if self.conn.poll():
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return None if self.process.is_alive() else "gone"


class _Pool:
    def __init__(self, func: Callable, calls, results: list, on_done, lost, killed, workers: Workers):
        self.ctx = _context(workers.preload)
        self.per_worker = workers.per_worker
        self.func, self.calls, self.results, self.on_done, self.lost = func, calls, results, on_done, lost
        self.killed = killed
        self.workers: list[_Worker] = []
        self.todo = list(range(len(calls)))

    def run(self, jobs: int) -> None:
        from multiprocessing.connection import wait

        from beiantool.base import interrupt

        while self.todo or self._busy():
            if interrupt.pending() is not None:
                raise interrupt.Interrupted(interrupt.pending())
            self._retire()
            while len(self.workers) < jobs and len(self._busy()) + len(self.todo) > len(self.workers):
                self.workers.append(self._start())
            for worker in self.workers:
                if worker.index is None and self.todo:
                    worker.index = self.todo.pop(0)
                    worker.conn.send((worker.index, self.calls[worker.index]))
            busy = self._busy()
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.2)
            for worker in busy:
                answer = worker.answer()
                if answer is not None:
                    self._take(worker, answer)
        if interrupt.pending() is not None and any(r is None for r in self.results):
            raise interrupt.Interrupted(interrupt.pending())  # the last files were stopped, not done

    def _start(self) -> _Worker:
        try:
            return _Worker(self.ctx, self.func)
        except OSError:  # no fork server here (a sandbox without sockets): spawned
            if self.ctx.get_start_method() != "forkserver":
                raise
            self.ctx = _context(())
            return _Worker(self.ctx, self.func)

    def _busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.index is not None]

    def _retire(self) -> None:
        """Idle workers that have served ``per_worker`` files end (a fresh one takes their place if files remain)."""
        for worker in [w for w in self.workers if w.index is None and self.per_worker and w.served >= self.per_worker]:
            self.workers.remove(worker)
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=STOP_WAIT)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2)
            worker.conn.close()

    def _take(self, worker: _Worker, answer) -> None:
        index, worker.index = worker.index, None
        if answer == "gone" or answer[0] == "stopped":  # killed by the system, or signalled on its own
            self.workers.remove(worker)
            worker.conn.close()
            from beiantool.base import interrupt

            if interrupt.pending() is not None:
                return
            if answer != "gone":
                self.todo.insert(0, index)  # a signal meant for the worker alone: the file is done again
                return
            if self.lost is None:
                raise RuntimeError(f"worker process ended with exit code {worker.process.exitcode}")
            self._record(index, self.lost(index))
            return
        worker.served += 1
        kind, _, value = answer
        if kind == "raised":
            raise value
        self._record(index, value)

    def _record(self, index: int, value) -> None:
        self.results[index] = value
        if self.on_done:
            self.on_done(index, value)

    def stop(self) -> list[int]:
        """Stop every worker: idle ones at once, busy ones at their next step (whatever they finish is kept);
        kill what is left after STOP_WAIT. Returns the indexes of the files whose worker was killed."""
        from multiprocessing.connection import wait

        for worker in self.workers:
            try:
                if worker.index is None:
                    worker.conn.send(None)
                elif worker.process.is_alive():
                    worker.process.terminate()  # SIGTERM: noted, acted on at its next checkpoint
            except OSError:
                pass
        deadline = time.monotonic() + STOP_WAIT
        while self._busy() and time.monotonic() < deadline:
            busy = self._busy()
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.1)
            for worker in busy:
                answer = worker.answer()
                if answer is None:
                    continue
                index, worker.index = worker.index, None
                if answer != "gone" and answer[0] == "done":
                    self._record(index, answer[2])
        return self.kill_all()

    def kill_all(self) -> list[int]:
        """End every worker (waiting a moment for those already ending); returns the files of those killed."""
        busy = [w.index for w in self._busy()]
        deadline = time.monotonic() + 0.5  # for idle workers, told to end
        for worker in self.workers:
            if worker.index is None:
                worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2)
            worker.conn.close()
        self.workers = []
        if busy and self.killed:
            for index, value in self.killed(busy).items():
                self._record(index, value)
        return busy


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
