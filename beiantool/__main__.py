"""`python -m beiantool` and the `beiantool` command: signals are noted from the first moment, then the CLI loads;
when the command is done, the process ends without the interpreter's teardown (:func:`leave`)."""

import os
import sys


def main() -> None:
    from beiantool.base import collector, interrupt

    collector.tune()  # the command's own process only: beiantool used as a library leaves the collector alone
    interrupt.install()  # before the command line's imports: a signal arriving while they load is noted, not lost
    from beiantool.cli import main as cli_main

    try:
        cli_main()
    except SystemExit as done:
        leave(done.code)
        raise
    leave(0)


def leave(code) -> None:
    """End the process with exit code ``code`` (SystemExit's: None is 0, a text is said on stderr and is 1), after
    everything Python's own exit does that anyone can see: the atexit handlers (multiprocessing's, logging's) run,
    the standard streams are flushed; then os._exit. Skipped is the teardown that frees every object one by one:
    some 0.1 s of a cold validate (a quarter of it) and 0.2 s of a render, for nothing. Returns (and the caller
    exits as usual) while a thread other than a daemon one is still running: Python's exit waits for it."""
    import threading

    if any(t is not threading.main_thread() and t.is_alive() and not t.daemon for t in threading.enumerate()):
        return
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone (SIGPIPE, where it is the default, has ended us already)
            pass
    os._exit(code)


if __name__ == "__main__":  # worker processes import this module under another name
    main()
