"""The worker side of a batch (base/batch.py): a process that renders one file at a time for the command.

A worker notes signals (never raising inside a library), takes the command's environment, answers each
file over its pipe, releases the memory a file used, and dies with its parent (the command, or the fork
server, which dies with the command).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, Optional

WORKER_GRACE = 1.5  # a worker's own watchdog (interrupt.GRACE in the parent is longer)


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
    from beiantool.base import collector

    collector.tune()  # as in the command; each file ends with a collection (_release_memory)
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

