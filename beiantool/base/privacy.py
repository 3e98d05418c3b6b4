"""What may appear on screen: ID numbers never whole, control characters never raw.

Every piece of text that leaves beiantool for a terminal, a JSON report, a usage
error or a crash log passes through :func:`screen` (values, messages) or through
:func:`guard_streams` (everything a command prints), so one rule decides.
Documents written to disk for the office keep the numbers whole.
"""

from __future__ import annotations

import io
import os
import re
import sys
from contextlib import contextmanager

from beiantool.base.lazyre import lazy

_DIGIT = "[0-9\uff10-\uff19]"
_SEP = "[-_\\s\u3000\uff0d\u2010-\u2015]?"  # _ as in file names: 张三_330602_19850720_2348.yaml
# a run of 14+ digits, ASCII or full-width, optionally broken up by hyphens or spaces
# (330602-19850720-2348); masked when an 18-character resident ID (or a whole old
# 15-digit one) is in it, even with more digits around it
_ID_RUN = lazy(
    rf"(?<![0-9\uff10-\uff19]){_DIGIT}(?:{_SEP}{_DIGIT}){{13,}}(?:{_SEP}[Xx\uff38\uff58])?(?![0-9\uff10-\uff19])"
)
_FULL = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
_ID18 = lazy(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]")
_ID15 = lazy(r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}")


def mask_id(number: str) -> str:
    """An ID number as it may appear on screen: 330602********1234."""
    n = number.strip()
    if len(n) <= 8:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def _mask_run(match: re.Match) -> str:
    """Mask the middle of each ID inside a run of digits; separators and other digits stay as written."""
    raw = list(match.group(0))
    where = [i for i, ch in enumerate(raw) if ch.translate(_FULL) in "0123456789Xx"]
    plain = "".join(raw[i].translate(_FULL) for i in where)
    spans = [m.span() for m in _ID18.finditer(plain)]
    if not spans and _ID15.fullmatch(plain):
        spans = [(0, len(plain))]
    for start, end in spans:
        for k in range(start + 6, end - 4):
            raw[where[k]] = "*"
    return "".join(raw)


def redact_ids(message: str) -> str:
    """Mask every ID-shaped number in a text, however it is written (a value echoed back may be someone's ID)."""
    return _ID_RUN.sub(_mask_run, message)


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# C0 and C1 controls but newline and tab, DEL, bidi overrides and isolates, lone surrogates, noncharacters
# zero-width and other invisible format characters (U+200B–U+200F, U+2060–U+2064, U+FEFF byte-order mark, U+00AD, U+061C,
# U+180E) too: no font prints them, so a value holding one passed validate and then stopped render for a missing glyph
UNPRINTABLE = lazy(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)


def escape_controls(text: str) -> str:
    """Control characters shown as \\x1b (never sent to the terminal raw)."""
    return UNPRINTABLE.sub(lambda m: _escape_char(m.group(0)), text)


def screen(text: str) -> str:
    """A text as it may be shown: IDs masked, control characters escaped."""
    return escape_controls(redact_ids(str(text)))


def as_written(value: object) -> str:
    """A value the way YAML spells it (true, null, [a, b], {k: v}), never Python's repr."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, (bool, list, dict)):
        import yaml

        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False).strip().removesuffix("\n...").strip()
    return str(value)


def excerpt(value: object, limit: int = 40) -> str:
    """A value echoed back, masked and escaped first, then cut: a cut can never keep most of an ID."""
    shown = screen(as_written(value))
    return shown if len(shown) <= limit else shown[:limit] + "…"


class WriteFailed(Exception):
    """Writing to a standard stream failed (a full disk under `> file`; not a reader gone): cli/guard.py says it
    as errors.OutputFailed (exit 2). ``stream``: what the stream carries (结果, 提示); ``error``: the OSError."""

    def __init__(self, stream: str, error: OSError):
        super().__init__(f"{stream}: {error}")
        self.stream, self.error = stream, error


class _Redacting(io.TextIOBase):
    """A stream that masks ID numbers line by line before passing text on; a failed write (a full disk) is
    WriteFailed, a reader gone (BrokenPipeError) stays what it is."""

    def __init__(self, inner, name: str = "输出"):
        super().__init__()
        self.inner, self.name = inner, name
        self.pending = ""
        self.failed = False  # a write failed and was said: what follows is dropped, not said again

    def write(self, text: str) -> int:
        self.pending += text
        if "\n" in self.pending:
            done, _, self.pending = self.pending.rpartition("\n")
            self._pass(lambda: self.inner.write(redact_ids(done + "\n")))
        return len(text)

    def flush(self) -> None:
        if self.pending:
            text, self.pending = self.pending, ""
            self._pass(lambda: self.inner.write(redact_ids(text)))
        self._pass(self.inner.flush)

    def _pass(self, act) -> None:
        if self.failed:
            return
        try:
            act()
        except BrokenPipeError:
            raise
        except OSError as exc:
            self.failed = True
            raise WriteFailed(self.name, exc) from None

    def isatty(self) -> bool:
        return bool(getattr(self.inner, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    @property
    def errors(self):  # type: ignore[override]
        return getattr(self.inner, "errors", "strict")


@contextmanager
def guard_streams():
    """While a command runs, everything it prints on stdout and stderr has ID numbers masked."""
    saved = sys.stdout, sys.stderr
    # a stream closed when the command started (`>&-`: Python gives None) writes to nowhere, as the shell asked
    sys.stdout, sys.stderr = (_Redacting(s if s is not None else open(os.devnull, "w", encoding="utf-8"), name)
                              for s, name in zip(saved, ("结果", "提示")))
    try:
        yield
    finally:
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = saved
        for stream in (out, err):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - WriteFailed, already said (cli/guard.py flushes first) or nowhere to say it
                pass


def write_crash_log(exc: BaseException, version: str) -> str:
    """The traceback, redacted, in a private (0600) file with an unguessable name in the user's cache folder."""
    import datetime
    import platform
    import tempfile
    import traceback

    base = os.environ.get("BEIANTOOL_LOG_DIR")
    if not base:
        try:
            import platformdirs

            base = os.path.join(platformdirs.user_cache_dir("beiantool", appauthor=False), "logs")
        except ImportError:
            base = os.path.join(os.path.expanduser("~"), ".cache", "beiantool", "logs")
    # letters between the digit groups: a log's name is never read as an ID number and masked on screen
    stamp = datetime.datetime.now().strftime("%Y%m%dT%H%M%S")
    body = screen(
        f"beiantool {version}\npython {sys.version}\n{platform.platform()}\nargv: {sys.argv[1:]}\n\n"
        + "".join(traceback.format_exception(exc))
    )
    for folder in (base, tempfile.gettempdir()):
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix=f"crash-{stamp}-r", suffix=".log", dir=folder)  # 0600, O_EXCL
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(body)
            return path
        except OSError:
            continue
    return "（无法写入日志）"
