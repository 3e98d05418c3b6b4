"""The command's side of a batch (base/batch.py): the worker processes, started from the fork server (Linux) or
spawned, given one file at a time, their answers taken in any order, stopped or killed on a signal.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Callable, Optional

from beiantool.base.workers import _worker_main

STOP_WAIT = 2.0  # how long the parent waits for its workers to stop before killing them


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


def _end_fork_server() -> None:
    """Kill this process's fork server (the next batch starts another): one still loading its modules would go on
    for seconds after the command (holding its output open) before it reads that nobody needs it."""
    import signal

    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


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


class Pool:
    def __init__(self, func: Callable, calls, results: list, on_done, lost, killed, workers):
        """``workers``: batch.Workers."""
        self.ctx = _context(workers.preload)
        self.per_worker = workers.per_worker
        self.func, self.calls, self.results, self.on_done, self.lost = func, calls, results, on_done, lost
        self.killed = killed
        self.workers: list[_Worker] = []
        self.todo = list(range(len(calls)))
        self.meanwhile = workers.meanwhile

    def run(self, jobs: int) -> None:
        from multiprocessing.connection import wait

        from beiantool.base import interrupt

        if self.meanwhile and self.ctx.get_start_method() == "forkserver":
            self._meanwhile(jobs)
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

    def _meanwhile(self, jobs: int) -> None:
        """The first workers are started in a thread, while this process does files itself: starting the fork
        server takes about a second (it imports everything a file needs), in which a core would stand idle.
        Files done here are done as with ``--jobs 1`` (the same function, the same bytes); when the workers are
        there (or no file is left) the loop of :meth:`run` goes on with them."""
        import threading

        from beiantool.base import interrupt, stages

        try:  # the fork server itself from this thread: it dies with the thread that started it (PR_SET_PDEATHSIG)
            with _signals_blocked():
                _fork_server()
        except OSError:  # none here: the workers are spawned, without a wait to fill
            return
        started: list[_Worker] = []
        failed: list[BaseException] = []
        lock = threading.Lock()
        abandoned = False  # the command stopped (a signal, an error), or did every file, before the workers were there

        def start() -> None:
            try:
                for _ in range(jobs):
                    if abandoned:
                        return
                    worker = self._start(lambda: not abandoned)
                    with lock:
                        if abandoned:  # nobody will give it work or stop it: it ends now
                            worker.process.kill()
                            worker.conn.close()
                            return
                        started.append(worker)
            except BaseException as exc:  # noqa: BLE001 - raised again in the command's thread
                failed.append(exc)

        thread = threading.Thread(target=start, name="beiantool-start-workers", daemon=True)
        thread.start()

        def abandon() -> None:  # not waiting for the fork server (seconds, on a busy machine) when nothing needs it
            nonlocal abandoned
            with lock:
                abandoned = True
                self.workers.extend(started)  # those already there are stopped with the others
            if thread.is_alive():  # still starting: it may not yet have tied its life to ours (render/preload.py)
                _end_fork_server()

        try:
            while self.todo and thread.is_alive():
                interrupt.checkpoint()
                index = self.todo.pop(0)
                self._record(index, self.func(*self.calls[index]))
                stages.flush()
        except BaseException:  # a signal, a bug: stopping must be quick
            abandon()
            raise
        if not self.todo:  # every file done here before the workers came
            abandon()
            return
        thread.join()
        self.workers.extend(started)
        if failed:
            raise failed[0]

    def _start(self, may_spawn: Callable[[], bool] = lambda: True) -> _Worker:
        """A new worker; ``may_spawn()`` false: no spawned one in place of a fork server that failed (it was ended on purpose)."""
        try:
            return _Worker(self.ctx, self.func)
        except OSError:  # no fork server here (a sandbox without sockets): spawned
            if self.ctx.get_start_method() != "forkserver" or not may_spawn():
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

