"""The packet's shape: pydantic's errors turned into problems with a code.

These codes are found by the reader (Y001) and by the model (S001–S004), not by
a check function; they are listed here so that they have documentation, a
default severity, and can be tuned by a rule set like any other code.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from beiantool.checks.base import Finding, check, produced_elsewhere
from beiantool.base.problem import Severity
from beiantool.base.enums import Labelled
from beiantool.packet.plan import label
from beiantool.base.privacy import UNPRINTABLE, excerpt
from beiantool.base.lazyre import lazy
from beiantool.base.verdicts import Memo

DUPLICATE_KEY = produced_elsewhere(
    "Y001",
    "duplicate-key",
    """同一层里出现了重复的键，YAML 只保留后一个。

    失败：unit: 下写了两次 name:
    通过：每个键只写一次
    """,
)
UNKNOWN_KEY = produced_elsewhere(
    "S001",
    "unknown-key",
    """未知的键（通常是拼写错误），不会被忽略。

    失败：unit: {nmae: 绍兴示例科技有限公司}
    通过：unit: {name: 绍兴示例科技有限公司}
    """,
)
WRONG_TYPE = produced_elsewhere(
    "S002",
    "wrong-type",
    """值的类型不对（如应为整数却写了文字，应为列表却写了映射）。

    失败：network: {hosts: 十二}
    通过：network: {hosts: 12}
    """,
)
NOT_IN_ENUM = produced_elsewhere(
    "S003",
    "not-in-enum",
    """取值不在可选范围内。

    失败：network: {isp: chinanet}
    通过：network: {isp: telecom}
    """,
)
BAD_DATE = produced_elsewhere(
    "S004",
    "bad-date",
    """日期不存在或写法不对（应为 YYYY-MM-DD）。

    失败：network: {connected_on: 2026-02-30}
    通过：network: {connected_on: 2026-02-28}
    """,
)

_KIND = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "list_type": "列表（每项以“- ”开头）",
    "model_type": "映射（“键: 值”的形式）",
    "model_attributes_type": "映射（“键: 值”的形式）",
    "dict_type": "映射（“键: 值”的形式）",
}


def _enum_at(path: tuple) -> type[Labelled] | None:
    from beiantool.packet.model import inner_type, model_at

    keys = [p for p in path if not isinstance(p, int)]
    owner = model_at(tuple(keys[:-1])) if keys else None
    info = owner.model_fields.get(keys[-1]) if owner else None
    return inner_type(info.annotation, Labelled) if info else None


# A packet's shape is a pure function of its data: the verdict is remembered (base/verdicts.py) under pydantic's
# version and the code that makes the model and words its errors, so a packet validated before (unchanged, or
# rendered after validating) is not validated again and the model's validator is not even built.
_PACKAGE = Path(__file__).resolve().parent.parent
SHAPES = Memo("pydantic", "pydantic", ("version.py",), tuple(str(_PACKAGE / p) for p in (
    "packet/model.py", "packet/listmodel.py", "packet/lists.py", "base/enums.py", "base/dates.py", "base/privacy.py",
    "packet/plan.py", "checks/shape.py")), limit=32)


def shape_findings(data: dict) -> list[tuple[str, Finding]]:
    """(code, finding) for every way the data does not fit the packet model."""
    import hashlib

    # the packet as YAML reads it (str keys; str, int, float, bool, None, dates, lists, mappings): its repr
    # tells any two apart, order included, and pydantic reports in that order
    digest = hashlib.sha256(repr(data).encode("utf-8", "surrogatepass")).hexdigest()
    verdict = SHAPES.get("packet", digest, lambda _digest: _shape_verdict(data), keep=_no_id_shown)
    return [(code, Finding(tuple(path), message)) for code, path, message in verdict]


def _no_id_shown(verdict: list) -> bool:
    """A verdict whose words echo something ID-shaped (masked when shown) is not written to the cache."""
    from beiantool.base.privacy import screen

    return all(screen(message) == message for _, _, message in verdict)


def _shape_verdict(data: dict) -> list:
    from beiantool.packet.model import Packet  # its validator is built now, the first time a packet is judged

    found = []
    try:
        Packet.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            code, finding = _translate(error)
            found.append([code, list(finding.path), finding.message])
    return found


def _translate(error: dict) -> tuple[str, Finding]:
    path = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    where = label(path)
    if kind == "extra_forbidden":
        from beiantool.packet.model import model_at

        parent = model_at(path[:-1])
        known = list(parent.model_fields) if parent else []
        guess = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
        hint = f"是不是想写“{guess[0]}”？" if guess else ""
        return "S001", Finding(
            path,
            f"未知的键“{excerpt(path[-1])}”，不会被读取。{hint}这一层可用的键：{', '.join(known)}。",
        )
    if kind == "enum":
        enum = _enum_at(path)
        choices = enum.choices() if enum else error.get("ctx", {}).get("expected", "")
        return "S003", Finding(path, f"{where}的值“{excerpt(value)}”不在可选范围内。可选：{choices}。")
    if kind.startswith("date") or (kind == "value_error" and str(error.get("ctx", {}).get("error")).startswith("date_")):
        if isinstance(value, (int, float)):
            return "S004", Finding(path, f"{where}“{excerpt(value)}”不是日期：请写成 YYYY-MM-DD，如 2026-11-01。")
        return "S004", Finding(path, f"{where}“{excerpt(value)}”不是有效日期（日期不存在或写法不对），请写成 YYYY-MM-DD，如 2026-11-01。")
    if kind == "value_error" and str(error.get("ctx", {}).get("error")) == "number_as_float":
        return "S002", Finding(
            path,
            f"{where}被写成了小数或科学计数法（{excerpt(value)}），多半是从电子表格复制时被转换了，位数可能已经丢失。"
            f"请照原件重新填写并加引号，如 \"0575-88888888\"、\"312000\"。",
        )
    if kind == "greater_than_equal":
        return "S002", Finding(path, f"{where}应为不小于 {error['ctx']['ge']} 的数，现为“{excerpt(value)}”。")
    expected = _KIND.get(kind, "其它类型")
    if kind == "list_type" and isinstance(value, dict) and path:
        from beiantool.packet.model import model_at

        if model_at(path) is not None:  # a list of mappings (sites, officers): one “- ” per item
            first = next(iter(value), "name")
            how = f"请在第一个键前加“- ”，其余键与它对齐，例如：\n    {path[-1]}:\n      - {first}: …"
        else:  # a list of plain values (domains, ip_ranges)
            how = f"请把各项写在方括号里，或每项一行以“- ”开头，例如：\n    {path[-1]}: [第一项, 第二项]"
        return "S002", Finding(path, f"{where}应为列表，每一项以“- ”开头，现在写成了一组“键: 值”（{excerpt(value)}）。{how}")
    shown = "空值" if value is None else f"“{excerpt(value)}”"
    return "S002", Finding(path, f"{where}应为{expected}，现为{shown}。请按 `beiantool schema` 或示例文件修改。")


def _walk_strings(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,), str(key), True
            yield from _walk_strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk_strings(value, path + (i,))
    elif isinstance(data, str):
        yield path, data, False


@check("S007", "unprintable")
def printable_text(packet: dict, ctx, params) -> Iterator[Finding]:
    """文字中有不可打印的控制字符（如 \\x07、ESC、文字方向控制符、零宽空格），无法印在备案表上。

    失败：unit: {name: "绍兴\\x07示例科技有限公司"}
    通过：unit: {name: 绍兴示例科技有限公司}
    """
    for path, value, is_key in _walk_strings(packet):
        match = UNPRINTABLE.search(value)
        if match:
            code = ord(match.group(0))
            what = "键名" if is_key else label(path) if path else "值"
            yield Finding(
                path,
                f"{what}中有不可打印的控制字符 U+{code:04X}（{excerpt(value, 30)}），印不到备案表上，也可能是复制时带进来的乱码。"
                f"请删除它，照原件重新输入。",
            )


PLACEHOLDER = lazy(r"〔([^〔〕]*)〕")
# placeholders `init` writes where a rule set names no place (the national starter)
FALLBACK_PLACEHOLDERS = {"area": "〔区号〕", "abbr": "〔省简称〕", "place": "〔省市〕"}
# placeholders of earlier starters, still recognised in packets made from them
FORMER_PLACEHOLDERS = ("号码，没有座机可删去此行",)


@functools.lru_cache(maxsize=1)
def starter_placeholders() -> frozenset[str]:
    """The text inside every 〔…〕 the starter writes: a placeholder is the starter's own words and
    nothing else, so a document number written as GB/T 9704 has it (京政发〔2015〕33号) is not one."""
    from importlib import resources

    template = (resources.files("beiantool.templates") / "starter.yaml").read_text(encoding="utf-8")
    found = {m.group(1) for m in PLACEHOLDER.finditer(template)}
    found |= {p[1:-1] for p in FALLBACK_PLACEHOLDERS.values()} | set(FORMER_PLACEHOLDERS)
    return frozenset(found)


def placeholder_in(value: str):
    """The first 〔…〕 of the starter's own in a value, or None."""
    return next((m for m in PLACEHOLDER.finditer(value) if m.group(1).strip() in starter_placeholders()), None)


@check("S008", "placeholder")
def no_placeholders(packet: dict, ctx, params) -> Iterator[Finding]:
    """还留着 `beiantool init` 模板里的占位文字（〔……〕），没有换成真实信息。

    只认模板自己的占位文字：按 GB/T 9704 用六角括号写的文号（如 京政发〔2015〕33号）不是占位文字。
    失败：unit: {name: "〔单位名称，与公章完全一致〕"}
    通过：unit: {name: 绍兴示例科技有限公司}
    """
    for path, value, is_key in _walk_strings(packet):
        match = None if is_key else placeholder_in(value)
        if match:
            yield Finding(
                path,
                f"{label(path) if path else '值'}还是模板里的占位文字“{excerpt(match.group(0), 40)}”。"
                "请按提示换成真实信息（连同〔〕一起删掉）；不适用的项写 null 或整行删除。",
            )


# a document number (文号) whose year is in square or round brackets instead of GB/T 9704's 〔〕
_DOC_NUMBER = lazy(r"([\u4e00-\u9fff]{1,8}[发字函令办])\s*[\[［【(（]\s*((?:19|20)\d{2})\s*[\]］】)）]\s*(\d{1,4})\s*号")


@check("S011", "doc-number-brackets", Severity.WARNING)
def document_number_brackets(packet: dict, ctx, params) -> Iterator[Finding]:
    """文号的年份没有用六角括号〔〕（GB/T 9704：年份用六角括号括入）。

    失败：sites[0].name: "京政发[2015]33号文件汇编"
    通过：sites[0].name: "京政发〔2015〕33号文件汇编"
    """
    for path, value, is_key in _walk_strings(packet):
        # the pattern needs a 号 and an opening bracket: a value with neither is not searched (nor the pattern
        # compiled, which its range of 20,000 characters makes the dearest of a run)
        match = None if is_key or "号" not in value or not any(b in value for b in "[［【(（") else _DOC_NUMBER.search(value)
        if match:
            right = f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
            yield Finding(path, f"{label(path)}中的文号“{excerpt(match.group(0), 30)}”：按 GB/T 9704，发文字号的年份用六角括号〔〕括入，"
                                f"应写作“{right}”。")


# numbers written with digits: a full-width digit or a space inside prints on the form as typed
NUMBER_KEYS = {"id_number", "phone", "mobile", "fax", "postcode", "credit_code", "certificate_no", "icp_number", "icp_license", "police_number"}
_WIDE = lazy(r"[\uff01-\uff5e]")
_SPACE = lazy(r"[\s\u3000\u00a0\u2000-\u200b\u202f\u205f]")
_UPPER = {"id_number", "credit_code"}


def number_fix(key: str, value: str) -> str:
    """The number as it should be written: half-width, without spaces (a 公安备案号 keeps the one space
    of its own form, 浙公网安备 33060202000394号), check letters upper-case (X of an ID number)."""
    import unicodedata

    fixed = _SPACE.sub("", unicodedata.normalize("NFKC", value))
    if key in _UPPER:
        fixed = fixed.upper()
    if key == "police_number":
        fixed = re.sub(r"^(.公网安备)(\d+号)$", r"\1 \2", fixed)
    return fixed


def ungroup_numbers(packet: dict) -> list[tuple[tuple, str, str]]:
    """Numbers that are right once their spaces go (0575-8888 8888, a trailing 全角空格): rewritten in place,
    as dates and labels are, so every output prints the one form. Returns (path, as typed, as read)."""
    out = []
    for path, value, is_key in list(_walk_strings(packet)):
        if is_key or not path or path[-1] not in NUMBER_KEYS or placeholder_in(value) or _WIDE.search(value):
            continue
        if not _SPACE.search(value):
            continue
        fixed = number_fix(str(path[-1]), value)
        if fixed != value:
            parent = packet
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = fixed
            out.append((path, value, fixed))
    return out


@check("S010", "number-spaces", Severity.WARNING)
def number_spaces(packet: dict, ctx, params) -> Iterator[Finding]:
    """号码中有分组用的空格（如 0575-8888 8888）：去掉空格后按标准写法读取，表上也这样印出。

    失败：unit: {phone: "0575-8888 8888"}
    通过：unit: {phone: "0575-88888888"}
    """
    for path, typed, fixed in ctx.numbers_read:
        yield Finding(path, f"{label(path)}“{excerpt(typed)}”中的空格只是分组，已按“{excerpt(fixed)}”读取，备案表和平台上也这样印出；"
                            f"不必修改，想让文件与表上一致可改为：\"{excerpt(fixed)}\"")


@check("S009", "number-characters")
def number_characters(packet: dict, ctx, params) -> Iterator[Finding]:
    """号码里有全角数字或全角字母，印在表上就是错的号码。

    失败：unit: {postcode: "３12000"}
    通过：unit: {postcode: "312000"}
    """
    for path, value, is_key in _walk_strings(packet):
        if is_key or not path or path[-1] not in NUMBER_KEYS or placeholder_in(value):
            continue  # a placeholder is S008's
        wide = _WIDE.search(value)
        if wide:
            fixed = number_fix(str(path[-1]), value)
            yield Finding(path, f"{label(path)}“{excerpt(value)}”含全角字符“{wide.group(0)}”（第 {wide.start() + 1} 个字符）。"
                                f"号码请用半角数字和字母，请改为：\"{excerpt(fixed)}\"")
