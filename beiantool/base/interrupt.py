"""Ctrl-C, SIGTERM and SIGHUP: noted when they arrive, acted on where beiantool can stop cleanly.

A signal handler that raises lands wherever the program happens to be, and
document libraries (openpyxl, python-docx, reportlab) catch exceptions for their
own reasons: an interrupt raised inside them may vanish or become a crash. So
the handler only raises while a command runs code that may stop anywhere (see
:func:`live`); inside :func:`deferred` (rendering, publishing, worker
processes) it notes the signal, and :func:`checkpoint`, called between steps,
raises :class:`Interrupted`. A packet published before the signal was noticed
stays published, and the command says so.

A step that does not end (a library stuck for seconds) must not keep the
promise of ending within 5 s from being kept: GRACE seconds after the signal, a
watchdog thread runs the registered cleanups (each temporary folder still being
built is removed; one being published is left to finish), says the command's
line, and ends the process with 128 + signum.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import Callable, Optional

SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))

_pending: Optional[int] = None
_depth = 0  # open deferred() regions
_live = False  # a command body runs that may be interrupted where it stands
GRACE = 3.5  # seconds a deferred signal may wait for the next checkpoint (a worker's: batch.WORKER_GRACE)
_guard = threading.RLock()  # held while publishing: the watchdog never cuts a publication in half
_cleanups: dict[int, Callable[[], None]] = {}
_watchdog: Optional[threading.Timer] = None
_settled = False
_finishing = False  # something was published: the process is completing its work, the watchdog leaves it be
DEFAULT_LINE = "已中断，没有留下不完整的文件。"
line: Callable[[], Optional[str]] = lambda: DEFAULT_LINE  # noqa: E731 - what the watchdog says (a worker: nothing)


class Interrupted(KeyboardInterrupt):
    """A signal stopped the command; exit code 128 + signum. ``partial``: what a batch finished first."""

    def __init__(self, signum: int, partial: Optional[list] = None):
        super().__init__(signum)
        self.signum = signum
        self.partial = partial


def _handler(signum, _frame) -> None:
    global _pending
    if _pending is None:
        _pending = signum
    if _live and _depth == 0 and not _finishing:  # once work is published, the command ends as it would have
        raise Interrupted(_pending)
    _start_watchdog()


def _start_watchdog() -> None:
    global _watchdog
    if _watchdog is None:
        _watchdog = threading.Timer(GRACE, _force_exit)
        _watchdog.daemon = True
        _watchdog.start()


def _force_exit() -> None:
    with _guard:
        if _settled:
            return
        if _finishing:  # published, and now saying so (or, in a worker, sending the result): not cut short
            _finishing_started()
            return
        for cleanup in list(_cleanups.values()):
            try:
                cleanup()
            except Exception:  # noqa: BLE001 - the others still run; nothing may stop the exit
                pass
        try:
            said = line()
            if said:
                sys.stderr.flush()
                os.write(2, (said + "\n").encode("utf-8", "replace"))
        except Exception:  # noqa: BLE001
            pass
        os._exit(128 + (_pending or signal.SIGTERM))


def _finishing_started() -> None:
    global _watchdog, _finishing
    _finishing = False  # one more grace period, then the watchdog acts after all
    _watchdog = threading.Timer(GRACE, _force_exit)
    _watchdog.daemon = True
    _watchdog.start()


def finishing() -> None:
    """Work was published: what follows (saying so, returning the result) must not be cut short by the watchdog."""
    global _finishing
    _finishing = True


def register(cleanup: Callable[[], None]) -> int:
    """``cleanup`` runs if the watchdog ends the process; returns a token for unregister()."""
    with _guard:
        token = id(cleanup)
        _cleanups[token] = cleanup
        return token


def unregister(token: int) -> None:
    with _guard:
        _cleanups.pop(token, None)


def critical():
    """A step the watchdog must not cut in half (publishing, making a temporary folder)."""
    return _guard


def settle() -> None:
    """The command is ending on its own (about to say how): the watchdog will not act any more."""
    global _settled
    with _guard:
        _settled = True
        if _watchdog is not None:
            _watchdog.cancel()


def install() -> None:
    """Note SIGINT, SIGTERM and SIGHUP from now on (the main program and every worker process)."""
    for signum in SIGNALS:
        signal.signal(signum, _handler)


def pending() -> Optional[int]:
    return _pending


def checkpoint() -> None:
    """Between two steps: stop here if a signal came."""
    if _pending is not None:
        raise Interrupted(_pending)


@contextlib.contextmanager
def deferred():
    """Signals are only noted inside; the code calls checkpoint() where it may stop."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1


@contextlib.contextmanager
def live():
    """A command's body: a signal (noted before, or arriving now outside deferred()) raises Interrupted."""
    global _live
    checkpoint()
    _live = True
    try:
        yield
    finally:
        _live = False


def die_with_parent() -> None:
    """Linux: this process is killed when the process that started it dies, whatever kills it."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def ignore_from_now() -> None:
    """The command has ended and said so: a signal during Python's own shutdown (when its handlers are gone) must
    not turn the exit into a kill."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
