"""Where a line may break, by the rules of Chinese typesetting, for both writers.

Break opportunities come from the Unicode line-breaking algorithm (UAX #14, the
``uniseg`` package), then the usual 禁则: no line starts with a closing mark
(，。、；：？！）》」』”’ …) and none ends with an opening one (（《「“ …).
Identifiers never break: ID numbers, phones, postcodes, IP addresses, ranges and
CIDR blocks, e-mail addresses, domains, URLs, ICP/许可证/公网安备 numbers. Only an
identifier wider than the whole line, after the writer has shrunk it to
:data:`FLOOR`, may break, and then only after one of its own . @ / - _ : marks
(never inside a run of digits).

:func:`lines` does the fitting for the PDF (it measures with the embedded font);
:func:`glue` gives the docx the same decisions as characters Word, WPS and
LibreOffice honour (U+2060 WORD JOINER inside an identifier, U+200B where a
long one may break).
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterable

NO_START = frozenset("、，。．，；：？！）》」』〕】〗〉”’…—～·%％,.;:?!)]}' \u3000ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
NO_END = frozenset("（《「『〔【〖〈“‘([{￥$")
FLOOR = 7.5  # points: the smallest size a value is shrunk to before it breaks (body text is 10.5)
SOLID_FLOOR = 6.0  # an identifier with no . @ / - to break after (an ID number) may shrink to this instead
JOINER = "\u2060"  # WORD JOINER: no break here (Word, WPS, LibreOffice)
SOFT = "\u200b"  # ZERO WIDTH SPACE: a break may come here

# identifiers, longest patterns first; each match is kept on one line
_IDENTIFIER = re.compile(
    r"(?:https?://|ftp://)[^\s、，。；（）《》“”]+"  # URLs
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"  # e-mail
    r"|[\u4e00-\u9fff]ICP[备证]\s*\d+号(?:-\d+)?"  # ICP 备案号 / 经营许可证
    r"|[\u4e00-\u9fff]公网安备\s*\d+号?"  # 公网安备号
    r"|[\u4e00-\u9fff][A-Z]\d-\d{6,}"  # 增值电信业务经营许可证 浙B2-20240001
    r"|\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2}|\s*[-–~～至]\s*\d{1,3}(?:\.\d{1,3}){3})?"  # IPv4, range, CIDR
    r"|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:/\d{1,3})?"  # IPv6
    r"|(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,}|xn--[a-z0-9\-]+)(?::\d+)?(?:/[^\s、，。；（）《》“”]*)?"  # domain
    r"|\+?\d[\d\-]{5,}\d(?:[Xx])?"  # phone, ID number, postcode, credit code runs of digits with hyphens
    r"|[0-9A-Z]{15,20}"  # 统一社会信用代码, ID numbers ending in X
    r"|[A-Za-z0-9][A-Za-z0-9\-_/]{3,}[A-Za-z0-9]"  # certificate numbers such as ZJSX-2024-0123
)
_SOFT_AFTER = ".@/-_:"


def identifiers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every identifier in ``text``."""
    return [m.span() for m in _IDENTIFIER.finditer(text) if len(m.group()) >= 5 or m.group().isdigit()]


def _sure_break(text: str, i: int) -> bool:
    """A break before text[i] that UAX #14 always allows and that no rule looks across: Han|Han,
    Han|letter or digit, letter or digit|Han (LB31), and before a letter or digit after the spaces
    following a Han (LB18)."""
    before, ch = text[i - 1], text[i]
    if _is_han(ch):
        return _is_han(before) or before.isascii() and before.isalnum()
    if _is_han(before):
        return ch.isascii() and ch.isalnum()
    if before == " " and (ch.isascii() and ch.isalnum()):  # not before / ] ! and the like, even after spaces (LB13)
        k = i - 1
        while k > 0 and text[k - 1] == " ":
            k -= 1
        return k > 0 and _is_han(text[k - 1])
    return False


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@functools.lru_cache(maxsize=4096)
def _uax14(chunk: str) -> tuple[int, ...]:
    from uniseg.linebreak import line_break_breakables

    return tuple(line_break_breakables(chunk))


@functools.lru_cache(maxsize=8192)
def _opportunities(text: str) -> tuple[int, ...]:
    """UAX #14: 1 where a line may break before text[i]. uniseg is slow (~0.1 ms a character), so it
    sees less: the text is cut where a break is sure (_sure_break) and each piece goes alone; inside
    an identifier every decision is ours (breaks() sets them), so uniseg sees only its first and last
    character, which carry its context."""
    n = len(text)
    out = [0] * n
    spans = [(a, b) for a, b in identifiers(text) if b - a > 2]
    if spans:
        keep = []  # the text uniseg sees, and where each of its characters came from
        pos = 0
        for a, b in spans:
            keep.extend(range(pos, a))
            keep.extend((a, b - 1))
            pos = b
        keep.extend(range(pos, n))
        short = "".join(text[i] for i in keep)
        for i, flag in zip(keep, _opportunities(short)):
            out[i] = flag
        return tuple(out)
    start = 0
    for i in range(1, n + 1):
        if i == n or _sure_break(text, i):
            piece = text[start:i]
            if len(piece) > 1:
                out[start + 1:i] = _uax14(piece)[1:]  # the piece's own start stays as the cut before it left it
            if i < n:
                out[i] = 1
            start = i
    if n:
        out[0] = 0
    return tuple(out)


def breaks(text: str, soft=False) -> list[int]:
    """Per character: 0 no break before it, 1 a break is allowed, 2 a break only if nothing else fits
    (inside an identifier, after its own . @ / - _ :, when ``soft`` is true or, given a function of the
    identifier's (start, end), holds for it: one in a piece too wide for a whole line)."""
    out = list(_opportunities(text))
    for i in range(1, len(text)):
        if out[i] and (text[i] in NO_START or text[i - 1] in NO_END):
            out[i] = 0
    for start, end in identifiers(text):
        loose = soft(start, end) if callable(soft) else soft
        for i in range(start + 1, end):
            out[i] = 2 if loose and text[i - 1] in _SOFT_AFTER else 0
        if end < len(text) and text[end] in NO_START:
            out[end] = 0
    for i in range(1, len(text)):  # a list's separator between two identifiers, "a.cn,b.cn" (UAX #14 keeps "n,b" together)
        if text[i - 1] in ",;" and not text[i].isspace() and not (text[i].isdigit() and i > 1 and text[i - 2].isdigit()):
            out[i] = 1
    for i in range(1, len(text)):  # a break inside a run of digits never
        if text[i].isdigit() and text[i - 1].isdigit():
            out[i] = 0
    return out


Measure = Callable[[str], float]


def lines(text: str, width: float, measure: Measure, widths: Iterable[float] = (), balance: bool = True) -> list[str]:
    """The lines of ``text`` (its own newlines kept) for a line ``width`` wide (``widths``: the first
    lines' own widths, e.g. after a first-line indent). An identifier wider than a line breaks at its
    soft points; only a piece wider still is cut between characters."""
    first = list(widths)
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(_paragraph(paragraph, lambda k: first[len(out) + k] if len(out) + k < len(first) else width, measure, balance))
    return out


def _units(text: str, soft=False) -> list[tuple[str, int]]:
    """The text cut at every opportunity: (piece, kind of the break before it)."""
    flags = breaks(text, soft)
    units, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or flags[i]:
            units.append((text[start:i], flags[start] if start else 1))
            start = i
    return units


def _paragraph(text: str, width_of: Callable[[int], float], measure: Measure, balance: bool = True) -> list[str]:
    if not text:
        return [""]
    units = _units(text, soft=False)
    sized = [(u, measure(u), measure(u.rstrip())) for u, _ in units]
    if any(bare > width_of(1) for _, _, bare in sized):  # a piece longer than a line: its identifiers break at their own marks
        wide, at = [], 0
        for unit, _, bare in sized:
            if bare > width_of(1):
                wide.append((at, at + len(unit)))
            at += len(unit)
        inside = lambda start, end: any(a <= start < b for a, b in wide)  # noqa: E731
        sized = [(u, measure(u), measure(u.rstrip())) for u, _ in _units(text, soft=inside)]
    lines_: list[str] = []
    line, used = "", 0.0
    for unit, full, bare in sized:
        if not line or used + bare <= width_of(len(lines_)):
            line, used = line + unit, used + full
            continue
        _close(lines_, line.rstrip(), width_of, measure)
        line = unit.lstrip()
        used = measure(line)
    _close(lines_, line.rstrip(), width_of, measure)
    return _balanced(lines_, width_of, measure, balance)


def _close(lines_: list[str], line: str, width_of, measure: Measure) -> None:
    """Add a finished line; one piece wider than a whole line (nothing else to break at) is cut
    where it fits, never before a closing mark or after an opening one, if possible not in digits."""
    while measure(line) > width_of(len(lines_)) and len(line) > 1:
        room = width_of(len(lines_))
        fits = [c for c in range(len(line) - 1, 0, -1) if measure(line[:c]) <= room] or [1]
        kept = [c for c in fits if line[c] not in NO_START and line[c - 1] not in NO_END]
        whole = [c for c in kept if not (line[c].isdigit() and line[c - 1].isdigit())]
        cut = (whole or kept or fits)[0]
        lines_.append(line[:cut])
        line = line[cut:]
    lines_.append(line)


def _balanced(lines_: list[str], width_of, measure: Measure, middle: bool = True) -> list[str]:
    """No lone character on the last line: a short text of two lines is split near its middle
    (at an opportunity), a longer one takes one more piece from the line before."""
    if len(lines_) < 2:
        return lines_
    last = lines_[-1]
    if sum(1 for ch in last if ch not in NO_START) > 1:
        return lines_
    head = lines_[-2] + last
    units = _units(head, soft=False)
    if len(units) < 2:
        return lines_
    middle = middle and len(lines_) == 2
    target = measure(head) / 2 if middle else measure(head) - measure(last) - 1
    best = None
    acc = ""
    for unit, _ in units[:-1]:
        acc += unit
        rest = head[len(acc):]
        if measure(acc.rstrip()) <= width_of(len(lines_) - 2) and measure(rest) <= width_of(len(lines_) - 1):
            if middle:
                if best is None or abs(measure(acc) - target) < abs(measure(best) - target):
                    best = acc
            elif sum(1 for ch in rest if ch not in NO_START) > 1:
                best = acc
    if best is None:
        return lines_
    return lines_[:-2] + [best.rstrip(), head[len(best):].lstrip()]


def glue(text: str, soft: bool = False) -> str:
    """The text for a docx run: identifiers held together with WORD JOINERs (with ``soft``, a
    ZERO WIDTH SPACE after their own . @ / - instead), and a ZERO WIDTH SPACE after each 、 so a
    list wraps between its items."""
    spans = identifiers(text)
    if not spans:
        return text.replace("、", "、" + SOFT)
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start].replace("、", "、" + SOFT))
        piece = text[start:end]
        joined = []
        for i, ch in enumerate(piece):
            joined.append(ch)
            if i + 1 < len(piece):
                joined.append(SOFT if soft and ch in _SOFT_AFTER else JOINER)
        out.append("".join(joined))
        pos = end
    out.append(text[pos:].replace("、", "、" + SOFT))
    return "".join(out)
