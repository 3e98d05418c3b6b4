"""Exit codes and the errors that end a command with a message, not a traceback."""

from __future__ import annotations

from beiantool.base.lazyre import lazy

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CRASH = 3


class BeiantoolError(Exception):
    """An error that ends a command, or one file of a batch, with a Chinese message instead of a traceback."""

    exit_code = EXIT_CRASH

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n提示：{self.hint}"


class UsageError(BeiantoolError):
    """Unusable input or arguments: one Chinese line, exit code 2."""

    exit_code = EXIT_USAGE


class OutputFailed(UsageError):
    """What the command prints could not be written (standard output on a full disk, an unreadable device): exit 2,
    never taken for a bug (cli/guard.py turns the masking streams' privacy.WriteFailed into it)."""

    def __init__(self, stream: str, exc: OSError):
        reason = {28: "磁盘空间不足", 5: "输入输出错误", 9: "文件已关闭"}.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        super().__init__(f"无法写出{stream}（{reason}），屏幕输出已丢失。", "请检查输出重定向到的文件或设备（如磁盘是否已满），然后再运行一次。")


class InternalError(BeiantoolError):
    """One file of a batch met a bug in beiantool: the others go on; logged, exit code 3.
    A sibling of UsageError, not a kind of it: ``except UsageError`` never catches a bug."""

    exit_code = EXIT_CRASH


def internal_error(exc: BaseException) -> InternalError:
    """The one-line report of an unexpected exception, its traceback written to the crash log."""
    from beiantool import __version__
    from beiantool.base.privacy import write_crash_log

    log = write_crash_log(exc, __version__)
    return InternalError(f"beiantool 内部错误（{type(exc).__name__}），这不是你的文件的问题。详细信息已写入：{log}，请把该文件附在问题反馈中。")


_PLACE = lazy(r"^(?:规则文件 )?(?P<file>.+?):(?P<line>\d+):(?P<column>\d+)：")


def usage_error_dict(exc) -> dict:
    """An unusable file or argument as the "error" object of the JSON outputs: message, hint, place, exit code."""
    from beiantool.base.privacy import screen

    message = screen(exc.message)
    place = _PLACE.match(message)
    return {
        "message": message,
        "hint": screen(exc.hint) if exc.hint else None,
        "file": place["file"] if place else None,
        "line": int(place["line"]) if place else None,
        "column": int(place["column"]) if place else None,
        "exit_code": exc.exit_code,
    }
