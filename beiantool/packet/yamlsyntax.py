"""What is wrong with a YAML text, said in Chinese with line and column: the checks made before
PyYAML reads it (nesting, characters), and PyYAML's own complaints translated."""

from __future__ import annotations


import yaml

from beiantool.base.errors import UsageError
from beiantool.base.lazyre import lazy

MAX_DEPTH = 64  # levels of nesting; also the reader's limit on a path's length


_OPENERS = {"[": "]", "{": "}"}


def check_nesting(text: str, source: str) -> None:
    """libyaml's parser recurses once per level of [ or {: deep enough, it overflows the C stack.
    Count flow nesting (outside quotes and comments) and block indentation before parsing."""
    depth, line, col = 0, 1, 0
    quote = None
    comment = False
    for i, ch in enumerate(text):
        if ch == "\n":
            line, col, comment = line + 1, 0, False
            continue
        col += 1
        if comment:
            continue
        if quote:
            if ch == quote and not (quote == '"' and text[i - 1] == "\\"):
                quote = None
            continue
        if ch in "'\"" and (i == 0 or text[i - 1] in " \t[{,:-\n"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            comment = True
        elif ch in _OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise UsageError(f"{source}:{line}:{col}：嵌套层数过深（超过 {MAX_DEPTH} 层括号），不会读取。", "备案文件通常只有三四层，请检查括号是否成对。")
        elif ch in "]}":
            depth = max(0, depth - 1)
    deepest = max((len(l) - len(l.lstrip(" -")) for l in text.splitlines()), default=0)
    if deepest > 4 * MAX_DEPTH:
        raise UsageError(f"{source}：缩进层数过深，不会读取。", "备案文件通常只有三四层，请检查缩进。")


# characters YAML cannot carry in a file: C0 controls but tab/newline/CR, DEL and C1 (except NEL), surrogates
_BAD_CHAR = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def check_characters(text: str, source: str) -> None:
    match = _BAD_CHAR.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    code = ord(match.group(0))
    what = "空字符（NUL）" if code == 0 else "ESC 控制字符" if code == 0x1B else f"控制字符 U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        what = f"无效的代理字符 U+{code:04X}"
    raise UsageError(
        f"{source}:{line}:{col}：文件中有{what}，不能作为文本读取。",
        "可能是从别处复制时带进来的，或文件不是 UTF-8/GBK 文本（如 UTF-32）：请删除该字符，或另存为 UTF-8 后重试。",
    )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""
# a key followed by a full-width colon, or by a colon with no space after it: the two mistakes
# that make PyYAML complain about the *next* line
_FULLWIDTH_COLON_KEY = lazy(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")


_TIGHT_COLON_KEY = lazy(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])")


def _colon_mistake(text: str, upto_line: int) -> tuple[int, int, str, str] | None:
    """The last line at or before the error whose key is followed by “：” or by “:” without a space."""
    lines = text.splitlines()
    for number in range(min(upto_line, len(lines) - 1), max(upto_line - 3, -1), -1):  # the error line and the two before
        line = lines[number].split(" #")[0]
        wide = _FULLWIDTH_COLON_KEY.match(line)
        if wide:
            column = line.index("：", wide.end(2)) + 1
            fixed = line[: column - 1].rstrip() + ": " + line[column:].lstrip()
            return number + 1, column, f"第 {number + 1} 行用了全角冒号“：”", f"键后面要用英文冒号加一个空格，请改成：{fixed.strip()}"
        tight = _TIGHT_COLON_KEY.match(line)
        if tight:
            column = tight.end(2) + 1
            fixed = line[:column] + " " + line[column:]
            return number + 1, column, f"第 {number + 1} 行的冒号后面缺少空格", f"“键: 值”的冒号后要有一个空格，请改成：{fixed.strip()}"
    return None


def syntax_error(exc: yaml.MarkedYAMLError, source: str, text: str) -> UsageError:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None:
        found = _colon_mistake(text, mark.line)
        if found:
            line, column, what, fix = found
            return UsageError(f"{source}:{line}:{column}：YAML 语法错误：{what}。", fix)
    from beiantool.base.libtext import YAML_PROBLEMS, yaml_problem

    zh = yaml_problem(exc.problem or exc.context or "", exc.context or "")
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        zh = YAML_PROBLEMS["found a tab character"]
    detail = f"语法错误：{zh}"
    if mark is None:
        return UsageError(f"{source}：YAML {detail}。")
    return UsageError(
        f"{source}:{mark.line + 1}:{mark.column + 1}：YAML {detail}。",
        "请检查该行及上一行的缩进、冒号和引号。",
    )
