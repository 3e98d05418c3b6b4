"""What the libraries say, in Chinese: the one place their words pass through before a user reads them.

PyYAML's problem texts, pydantic's validation errors, the operating system's error
reasons, Click's and Typer's messages, Python warnings and the failures of the image
and PDF readers are each matched here against what they are known to say. A text not
known here is never shown bare: it becomes a Chinese sentence with the original in
parentheses, so a user always reads Chinese and a bug report still carries the words.
This module imports nothing of beiantool: every layer may use it.
"""

from __future__ import annotations

import errno
import re
from typing import Callable, Optional

from beiantool.base.lazyre import lazy


def unknown(original: object, who: str = "程序库") -> str:
    """The Chinese sentence for a text no table here knows."""
    text = " ".join(str(original).split())
    if not text:
        return f"{who}报告了一个问题，但没有说明原因"
    return f"{who}报告了一个问题，beiantool 还没有它的中文说明（原文：{text}）"


# ---- PyYAML (pure-Python and libyaml wordings) -------------------------------------------
YAML_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对，或值里有未加引号的冒号）",
    "could not find expected ':'": "缺少冒号“:”（每个键后面应有“: ”）",
    "found character '\\t' that cannot start any token": "不允许用制表符（Tab）缩进，请改用空格",
    "found a tab character": "不允许用制表符（Tab）缩进，请改用空格",
    "found character that cannot start any token": "这里有不能作为值开头的字符（以 @ ` % 等开头的值请加引号）",
    "expected <block end>, but found '<block sequence start>'": "列表缩进不一致",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致：同一层的键应左对齐",
    "expected <block end>, but found": "缩进不一致：同一层的键应左对齐",
    "did not find expected key": "缩进不一致：同一层的键应左对齐",
    "did not find expected '-' indicator": "列表缩进不一致",
    "did not find expected node content": "这里缺少值（常见原因：方括号或花括号里多了“-”或逗号，或值以 [ { , 等符号开头而没有加引号）",
    "did not find expected alphabetic or numeric character": "锚点或别名（& 或 * 后面）的名字只能用字母和数字",
    "did not find the expected '>'": "标签（以 ! 开头）的写法不完整，缺少“>”；值里有 ! 时请加引号",
    "did not find expected comment or line break": "值的后面不能再跟别的内容（多余的引号或文字）",
    "did not find expected <document start>": "文件开头的指令（以 % 开头的行）后面需要一行“---”",
    "expected <document start>, but found": "文件开头的指令（以 % 开头的行）后面需要一行“---”",
    "block sequence entries are not allowed": "列表项“- ”的位置不对，请检查缩进",
    "did not find expected ',' or ']'": "方括号列表没有闭合（缺少“]”或项之间的逗号）",
    "did not find expected ',' or '}'": "花括号映射没有闭合（缺少“}”或项之间的逗号）",
    "expected ',' or ']'": "方括号列表没有闭合（缺少“]”或项之间的逗号）",
    "expected ',' or '}'": "花括号映射没有闭合（缺少“}”或项之间的逗号）",
    "found undefined alias": "引用了未定义的锚点（*名称 之前需要有 &名称）",
    "expected a single document in the stream": "一个文件只能有一个 YAML 文档（请删除多余的“---”）",
    "but found another document": "一个文件只能有一个 YAML 文档（请删除多余的“---”）",
    "found unexpected end of stream": "文件意外结束（可能缺少右引号或右括号）",
    "found unknown escape character": "双引号字符串中有无效的转义字符（反斜杠）",
    "found invalid Unicode character escape code": "双引号字符串中的 \\u 转义不是有效字符（如单独的 \\ud800）",
    "found unacceptable character": "文件中有不能作为文本的字符（控制字符）",
    "expected a comment or a line break": "值的后面不能再跟别的内容（多余的引号或文字）",
    "while scanning a simple key": "缺少冒号“:”（每个键后面应有“: ”）",
    "found duplicate anchor": "同一个锚点名（&名称）用了两次",
    "found incompatible YAML document": "文件声明的 YAML 版本（%YAML）不受支持，请删除这一行",
    "found duplicate YAML directive": "%YAML 指令重复了，请只保留一行",
    "found unexpected ':'": "这里的冒号“:”多余或位置不对（值里的冒号请加引号）",
    "found unexpected end of plain scalar": "值意外结束（值里有特殊字符时请加引号）",
    "found a document separator": "双引号或单引号里的文字没有结束（缺少右引号）",
    "could not find expected": "缺少必要的符号（请检查引号、括号和冒号是否成对）",
}


def yaml_problem(problem: str, context: str = "") -> str:
    """PyYAML's problem (or, failing that, its context) in Chinese."""
    problem, context = (problem or "").strip(), (context or "").strip()
    for known, zh in YAML_PROBLEMS.items():
        if problem.startswith(known) or (context and context.startswith(known)):
            return zh
    return unknown(problem or context, "YAML 读取器")


# ---- the operating system ------------------------------------------------------------
OS_REASONS = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统",
    errno.EEXIST: "已存在",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.EISDIR: "这是一个目录",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENOTEMPTY: "目录不为空",
    errno.EXDEV: "不能跨文件系统移动",
    errno.ELOOP: "符号链接层数过多（可能是指向自己的循环链接）",
    errno.EIO: "读写磁盘时出错（输入/输出错误）",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统中打开的文件过多",
    errno.EFBIG: "文件过大",
    errno.EBUSY: "设备或资源正忙",
    errno.ETXTBSY: "文件正被使用",
    errno.ENXIO: "没有这个设备或地址",
    errno.ENODEV: "没有这个设备",
    errno.EINVAL: "参数无效（路径中可能有系统不接受的字符）",
    errno.EAGAIN: "资源暂时不可用",
    errno.ENOMEM: "内存不足",
    errno.EOVERFLOW: "文件过大，无法按这种方式读取",
    errno.ESTALE: "网络文件系统上的文件已失效",
    errno.ETIMEDOUT: "操作超时",
    errno.ECONNREFUSED: "连接被拒绝",
    errno.EILSEQ: "文件名中有系统不接受的字符",
}


def os_reason(exc: BaseException) -> str:
    """Why the system refused, in Chinese; an unknown errno keeps its words in parentheses."""
    number = getattr(exc, "errno", None) or 0
    if number in OS_REASONS:
        return OS_REASONS[number]
    if isinstance(exc, UnicodeError):
        return "路径中有系统不能使用的字符"
    words = getattr(exc, "strerror", None) or str(exc)
    return f"系统错误 {number}（原文：{words}）" if number else unknown(words, "操作系统")


# ---- pydantic (rule files; the packet's own errors are worded by checks.shape) ----------------
def _literal(ctx: dict) -> str:
    return f"只能是 {ctx.get('expected', '')}"


PYDANTIC: dict[str, Callable[[dict], str]] = {
    "string_type": lambda c: "应为文字",
    "str_type": lambda c: "应为文字",
    "int_type": lambda c: "应为整数",
    "int_parsing": lambda c: "应为整数",
    "int_from_float": lambda c: "应为整数，不能带小数",
    "float_type": lambda c: "应为数",
    "float_parsing": lambda c: "应为数",
    "bool_type": lambda c: "应为 true 或 false",
    "bool_parsing": lambda c: "应为 true 或 false",
    "list_type": lambda c: "应为列表（每项以“- ”开头，或写在方括号里）",
    "tuple_type": lambda c: "应为列表",
    "set_type": lambda c: "应为列表",
    "dict_type": lambda c: "应为一组“键: 值”",
    "model_type": lambda c: "应为一组“键: 值”",
    "model_attributes_type": lambda c: "应为一组“键: 值”",
    "missing": lambda c: "缺少这一项",
    "extra_forbidden": lambda c: "是未知的键",
    "greater_than_equal": lambda c: f"不能小于 {c.get('ge')}",
    "greater_than": lambda c: f"应大于 {c.get('gt')}",
    "less_than_equal": lambda c: f"不能大于 {c.get('le')}",
    "less_than": lambda c: f"应小于 {c.get('lt')}",
    "literal_error": _literal,
    "enum": _literal,
    "string_pattern_mismatch": lambda c: f"写法不对（应符合 {c.get('pattern')}）",
    "string_too_short": lambda c: f"至少要 {c.get('min_length')} 个字",
    "string_too_long": lambda c: f"最多 {c.get('max_length')} 个字",
    "too_short": lambda c: f"至少要 {c.get('min_length')} 项",
    "too_long": lambda c: f"最多 {c.get('max_length')} 项",
    "date_type": lambda c: "应为日期（YYYY-MM-DD）",
    "date_parsing": lambda c: "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": lambda c: "应为日期（YYYY-MM-DD）",
    "none_required": lambda c: "这里不能填写",
    "url_parsing": lambda c: "应为网址",
    "union_tag_invalid": lambda c: "写法不是可选的几种之一",
}


def pydantic_error(error: dict) -> str:
    """What is wrong with one value, from one of pydantic's ``errors()`` entries."""
    build = PYDANTIC.get(error.get("type", ""))
    if build is not None:
        return build(error.get("ctx") or {})
    if error.get("type") == "value_error":
        inner = str((error.get("ctx") or {}).get("error", ""))
        if re.search("[\u4e00-\u9fff]", inner):  # beiantool's own validators speak Chinese already
            return inner
    return unknown(error.get("msg", ""), "数据校验库")


# ---- Click and Typer -------------------------------------------------------------------
CLICK: list[tuple[str, Callable]] = [
    (r"^No such option: (\S+)(?:\s*\(Possible options: (.*)\))?$", lambda m: f"没有选项 {m[1]}。" + (f"可能是：{m[2]}" if m[2] else "")),
    (r"^No such option: (\S+)\s+Did you mean (\S+)\?$", lambda m: f"没有选项 {m[1]}。是不是想用 {m[2]}？"),
    (r"^Missing argument '([^']+)'\.", lambda m: f"缺少参数 {m[1]}。"),
    (r"^Missing option '([^']+)'(?: / '([^']+)')?\.", lambda m: f"缺少选项 {m[1]}" + (f"（{m[2]}）" if m[2] else "") + "。"),
    (r"^Missing parameter: (\S+)", lambda m: f"缺少参数 {m[1]}。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: (?:Value error, )?'(.*)' is not one of (.*)\.$", lambda m: f"选项 {m[1]} 的值“{m[3]}”无效，可选：{m[4]}。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: '(.*)' is not a valid integer(?: range)?\.?$", lambda m: f"选项 {m[1]} 的值“{m[3]}”不是整数。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: (.*) is not in the range (.*)\.$", lambda m: f"选项 {m[1]} 的值 {m[3]} 超出范围 {m[4]}。"),
    (r"^Invalid value for '([^']+)'(?: / '([^']+)')?: (.*)$", lambda m: f"选项 {m[1]} 的值无效：{click_message(m[3])}"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", lambda m: f"多余的参数：{m[1]}。"),
    (r"^No such command '([^']+)'\.(?: Did you mean (.*)\?)?$", lambda m: f"没有命令 {m[1]}。" + (f"是不是想用 {m[2]}？" if m[2] else "")),
    (r"^Option '([^']+)' requires an argument\.$", lambda m: f"选项 {m[1]} 后面需要一个值。"),
    (r"^Option '([^']+)' requires (\d+) arguments\.$", lambda m: f"选项 {m[1]} 后面需要 {m[2]} 个值。"),
    (r"^Option '([^']+)' does not take a value\.$", lambda m: f"选项 {m[1]} 后面不能跟值。"),
    (r"^(?:File|Path|Directory) '(.*)' does not exist\.$", lambda m: f"“{m[1]}”不存在。"),
    (r"^Shell (\S*) (?:is )?not supported\.?$", lambda m: f"不支持为“{m[1] or '未知'}” shell 安装命令补全（支持 bash、zsh、fish、PowerShell）。"),
    (r"^Aborted!?$", lambda m: "已中止。"),
    (r"^Input should be greater than or equal to (\S+)$", lambda m: f"不能小于 {m[1]}。"),
    (r"^Input should be less than or equal to (\S+)$", lambda m: f"不能大于 {m[1]}。"),
    (r"^Input should be greater than (\S+)$", lambda m: f"应大于 {m[1]}。"),
    (r"^Input should be less than (\S+)$", lambda m: f"应小于 {m[1]}。"),
    (r"^Input should be a valid integer.*$", lambda m: "应为整数。"),
]


def click_message(message: str) -> str:
    """A message Click or Typer would print, in Chinese."""
    text = message.strip()
    for pattern, build in CLICK:
        m = re.match(pattern, text)
        if m:
            return build(m)
    if re.search("[\u4e00-\u9fff]", text):  # our own words (an option's help, a callback's message)
        return text
    return unknown(text, "命令行解析")


# ---- Python's csv module ------------------------------------------------------------------
CSV = {
    "field larger than field limit": "某一格的内容过长（超过读取的上限）",
    "new-line character seen in unquoted field": "没有加引号的格子里有换行",
    "line contains NUL": "文件中有空字符（NUL）",
    "unexpected end of data": "文件意外结束（引号没有成对）",
    "',' expected after '\"'": "引号后面应是逗号（引号没有成对）",
}


def csv_problem(exc: BaseException) -> str:
    text = str(exc)
    return next((zh for known, zh in CSV.items() if text.startswith(known)), None) or unknown(text, "CSV 读取")


# ---- the image and PDF readers, and Python warnings -------------------------------------
# qpdf's words (through pikepdf) for a file that is not a whole PDF; the message also names the stream object read from,
# as "<_io.BytesIO object at 0x…>", which must never reach the screen
PDF_READER = {
    "can't find startxref": "PDF 文件没有结尾的交叉引用表（文件不完整，或不是真正的 PDF）",
    "can't find PDF header": "文件开头没有 PDF 标记（不是真正的 PDF）",
    "unable to find trailer dictionary": "PDF 文件没有尾部字典（文件已损坏）",
    "file is damaged": "PDF 文件已损坏",
}
_OBJECT_REPR = lazy(r"<[\w.]+ object at 0x[0-9a-f]+>")


def reader_failure(exc: BaseException) -> str:
    """Why Pillow or pikepdf could not read a file, in Chinese."""
    name = type(exc).__name__
    text = str(exc)
    if name == "DecompressionBombError" or "decompression bomb" in text.lower():
        return "图片的像素数大得异常（可能是“解压炸弹”），不会解码"
    if "truncated" in text.lower() or "image file is truncated" in text:
        return "图片不完整（文件在中途被截断）"
    if name == "UnidentifiedImageError" or "cannot identify image file" in text:
        return "无法识别图片格式"
    if isinstance(exc, OSError) and getattr(exc, "errno", None):
        return os_reason(exc)
    for known, zh in PDF_READER.items():
        if known in text:
            return zh
    if isinstance(exc, RecursionError):
        return "文件内部结构嵌套过深"
    if isinstance(exc, MemoryError):
        return "文件解码需要的内存过多"
    text = _OBJECT_REPR.sub("（内存中的文件）", text)
    return unknown(f"{name}: {text}" if text else name, "读取器")


def warning_text(message: object, category: Optional[type] = None) -> str:
    """A Python warning from a library, as one Chinese line."""
    name = getattr(category, "__name__", "")
    text = str(message)
    if name == "DecompressionBombWarning":
        return "提示：有一张图片的像素数很大，处理会很慢。"
    return f"提示：{unknown(f'{name}: {text}' if name else text)}"
