"""Resident ID numbers (居民身份证号码, GB 11643) of every person in the packet.

python-stdnum (``stdnum.cn.ric``) does the arithmetic. Its ``validate`` also
rejects an address code that did not exist in the birth year; but the first six
digits are where the card was issued, so a person born before the code existed
may rightly carry it. P102 only warns about a code that never existed.

The address-code lookup reads stdnum's own database (cn/loc.dat) with stdnum's
own parser, but only the block of the number's province: parsing the whole
file costs ~60 ms on every run, a fifth of a cold ``validate``.
"""

from __future__ import annotations

import datetime
from typing import Iterator

import functools
from importlib import resources

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from beiantool.checks.base import Context, Finding, check
from beiantool.packet.view import persons, text
from beiantool.base.privacy import mask_id
from beiantool.base.problem import Severity


NOT_RESIDENT_ID = {"officer_id", "other"}


def _id_numbers(packet: dict):
    for path, person, role in persons(packet):
        number = text(person.get("id_number"))
        if text(person.get("id_type")) in NOT_RESIDENT_ID:
            continue  # a 军官证 or another document: its number is not a resident ID number
        if number is not None:
            # full-width digits are kept as written: stdnum would quietly turn them into ASCII
            yield path + ("id_number",), number if not number.isascii() else ric.compact(number), role


def id_defect(number: str, today: datetime.date | None = None) -> str | None:
    """What is wrong with an ID number's length, format, date or checksum; None if nothing."""
    if not number.isascii():
        return "含有全角字符（如全角数字“３”），请改用半角数字和大写 X"
    if len(number) == 15:
        return "是 15 位的第一代身份证号码，第一代身份证已停止使用，请填写 18 位号码"
    if len(number) != 18:
        return f"应为 18 位，现为 {len(number)} 位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "前 17 位应为数字，最后一位为数字或 X"
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return f"第 7–14 位的出生日期 {number[6:14]} 不是有效日期"
    if born.year < 1900 or (today is not None and born > today):
        return f"第 7–14 位的出生日期 {born.isoformat()} 不合理"
    if ric.calc_check_digit(number) != number[17]:
        return "校验位（最后一位）与前 17 位不符，通常是某一位抄错了"
    return None


@check("P101", "id-number")
def id_number_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """身份证号码的长度、格式、出生日期或校验位错误。

    失败：unit.legal_representative.id_number: "11010519491231002Y"
    通过：unit.legal_representative.id_number: "11010519491231002X"
    """
    for path, number, role in _id_numbers(packet):
        defect = id_defect(number, ctx.today)
        if defect:
            yield Finding(path, f"{role}的身份证号码（{mask_id(number)}）{defect}。请对照身份证原件逐位核对。")


@check("P102", "id-birthplace", Severity.WARNING)
def id_birthplace_known(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """身份证号码前 6 位的地区码从未在行政区划代码中出现过。

    前 6 位是发证时的地区码，出生在该代码设立之前的人同样可能持有它，所以只查代码是否存在过，
    不与出生年份比较；同一号码出现在几个角色里，只在第一次出现处报告一次。
    失败：id_number: "330699199001011230"（330699 从未设立）
    通过：id_number: "330602198003151233"（1980 年出生，330602 设立于 1983 年，仍然可能）
    """
    seen: dict[str, list[str]] = {}
    first: dict[str, tuple] = {}
    for path, number, role in _id_numbers(packet):
        if id_defect(number) is not None or code_ever_existed(number):
            continue  # P101 already speaks of a malformed number
        seen.setdefault(number, []).append(role)
        first.setdefault(number, path)
    for number, roles in seen.items():
        also = f"（同一号码也用于{'、'.join(roles[1:])}）" if len(roles) > 1 else ""
        yield Finding(
            first[number],
            f"{roles[0]}的身份证号码地区码 {number[:6]} 不在任何年份的行政区划代码中{also}。"
            "前 6 位应与身份证原件一致，请逐位核对；若原件确实如此，可忽略本提示。",
        )


@functools.lru_cache(maxsize=None)
def _loc_lines() -> tuple[str, ...]:
    return tuple((resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8").splitlines())


@functools.lru_cache(maxsize=64)
def _province_db(province: str) -> numdb.NumDB:
    """stdnum's cn/loc database restricted to one province's block (same parser, same data)."""
    lines, block = _loc_lines(), []
    for i, line in enumerate(lines):
        if line.startswith(province + " "):
            block.append(line)
            for item in lines[i + 1 :]:
                if item.strip() and not item.startswith((" ", "#")):
                    break  # the next province
                block.append(item)
            break
    return numdb.read(block)


def code_ever_existed(number: str) -> bool:
    """Whether the first 6 digits were ever an address code (in stdnum's GB/T 2260 history)."""
    results = _province_db(number[:2]).info(number[:6])
    return any("county" in props for _, props in results)


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@check("P103", "id-minor", Severity.WARNING)
def responsible_adult(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """法人代表或负责人（安全负责人、网站负责人）按身份证计算未满 18 周岁。

    失败：unit.legal_representative.id_number 的出生日期距填表日不满 18 年
    通过：unit.legal_representative.id_number: "11010519491231002X"
    """
    for path, number, role in _id_numbers(packet):
        if path[0] == "security" and path[1] == "officers":
            continue
        if id_defect(number, ctx.today) is not None:
            continue
        age = _age(ric.get_birth_date(number), ctx.today)
        if age < 18:
            yield Finding(
                path,
                f"按身份证号码，{role}在填表日 {ctx.today.isoformat()} 只有 {age} 周岁，未满 18 周岁。"
                "法人代表和负责人应为成年人，请确认是否填错了人或号码。",
            )
