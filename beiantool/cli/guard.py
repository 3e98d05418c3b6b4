"""How every command runs: its outcome mapped to the promised exit codes, never a traceback.

Every command turns expected failures (UsageError) into one Chinese line and
exit code 2, and anything unexpected into one line, a log file holding the
traceback, and exit code 3 — never a traceback on screen. Also the pieces the
commands share: a line to the person at the terminal, the JSON-on-error promise,
the number of worker processes and the progress bar.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from typing import Optional

import typer

from beiantool.base.errors import EXIT_CRASH, EXIT_OK, EXIT_PROBLEMS, BeiantoolError, UsageError
from beiantool.cli.options import Format


def say(message: str) -> None:
    """One line for the person at the terminal: a control character from a packet is shown escaped (\\x1b), never sent raw."""
    from beiantool.base.privacy import WriteFailed, escape_controls

    try:
        print(escape_controls(message), file=sys.stderr)
    except WriteFailed:  # stderr itself cannot be written: there is nowhere to say it (the exit code still does)
        pass


def refuse_unprintable(file, problems: list, what: str = "未输出任何内容") -> int:
    """A command that would print or write the packet's text refuses text validate calls unprintable (S007): exit 1."""
    for p in problems:
        say(f"{file}:{p.line or '-'}:{p.column or '-'}：错误 {p.code}  {p.message}")
    say(f"备案文件中有不可打印的控制字符，{what}。请按上面的提示改正后重试（beiantool validate {file} 列出全部问题）。")
    return EXIT_PROBLEMS


def install_signals() -> None:
    import signal

    from beiantool.base import interrupt

    interrupt.install()  # SIGINT, SIGTERM, SIGHUP: noted, and acted on where nothing is left half-done
    if hasattr(signal, "SIGPIPE"):
        # a closed pipe (`beiantool cities | head -1`) ends the command quietly, as it does any Unix tool
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def guarded(func):
    """Run a command body; map its outcome to the promised exit codes."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from beiantool.base.privacy import guard_streams

        from beiantool.base import interrupt

        with guard_streams():
            code = _flushed(_run(func, args, kwargs))
            interrupt.settle()  # said and done: a late signal changes nothing now
        raise typer.Exit(code)

    return wrapper


def _run(func, args, kwargs) -> int:
    from beiantool.base import interrupt
    from beiantool.base.privacy import WriteFailed, screen

    try:
        with interrupt.live():
            return func(*args, **kwargs) or EXIT_OK
    except BeiantoolError as exc:  # a user's error (exit 2), or a bug already reported as one line (exit 3)
        say(screen(f"错误：{exc}"))
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        raise
    except KeyboardInterrupt as exc:  # interrupt.Interrupted; a command may have said what it left
        interrupt.settle()
        say(getattr(exc, "message", None) or "已中断，没有留下不完整的文件。")
        return 128 + getattr(exc, "signum", 2)
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_OK
    except WriteFailed as failed:  # what the command printed could not be written (a full disk): said, exit 2
        return _output_lost(failed)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback on screen
        from beiantool.base.errors import internal_error

        say(internal_error(exc).message)
        return EXIT_CRASH


def _flushed(code: int) -> int:
    """The command's exit code once what it printed is out: a result that could not be written (a full disk under
    `> file`) is said on stderr and is exit 2 at least (the output is lost, whatever the verdict was)."""
    from beiantool.base.privacy import WriteFailed

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except WriteFailed as failed:
        return max(code, _output_lost(failed))
    return code


def _output_lost(failed) -> int:
    """Say that the screen output could not be written (privacy.WriteFailed); its exit code (2)."""
    from beiantool.base.errors import OutputFailed

    lost = OutputFailed(failed.stream, failed.error)
    say(f"错误：{lost}")
    return lost.exit_code


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (Windows has no SIGPIPE): stop without a word."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@contextlib.contextmanager
def json_on_usage_error(fmt):
    """With --format json, an unusable file or argument, or a signal that stops the work, is still exactly one JSON
    object on stdout (its error's exit_code: 2, or 128 + the signal's number)."""
    try:
        yield
    except UsageError as exc:
        if fmt is Format.json:
            from beiantool.cli.report import usage_json

            print(usage_json(exc))
        raise
    except KeyboardInterrupt as exc:  # a signal (interrupt.Interrupted) before any result: the one object says so
        if fmt is Format.json:
            from beiantool.cli.report import usage_json

            stopped = UsageError("已中断：校验没有完成，没有结果。", "再运行一次即可。")
            stopped.exit_code = 128 + getattr(exc, "signum", 2)
            with contextlib.suppress(Exception):
                print(usage_json(stopped))
        raise


def worker_count(jobs: Optional[int]) -> int:
    """--jobs, else one worker per core this process may use."""
    from beiantool.base.batch import default_jobs

    return jobs or default_jobs()


@contextlib.contextmanager
def progress(total: int, quiet: bool, verb: str):
    """A progress bar on stderr, only on a terminal, for more than one file and without --quiet;
    yields the callback to call as each file ends (None when there is no bar)."""
    if quiet or total < 2 or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn(f"{verb}中"), BarColumn(), MofNCompleteColumn(), TextColumn("用时"), TimeElapsedColumn(),
               TextColumn("剩余"), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(verb, total=total)
        yield lambda _index, _outcome: bar.advance(task)


def say_kept(kept) -> None:
    """--force replaced a file: where its old contents are now."""
    say(f"原来的 {kept.name[:-4] if kept.name.endswith('.bak') else kept.name} 内容不同，已另存为 {kept}（没有丢失）。")
