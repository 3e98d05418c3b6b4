"""Resident ID numbers (居民身份证号码, GB 11643) of every person in the packet.

python-stdnum (``stdnum.cn.ric``) does the arithmetic. Its ``validate`` also
rejects an address code that did not exist in the birth year; real people whose
first card came after a code changed hit that, so it is split out as a warning.

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

from beiantool.checks.base import Context, Finding, check, persons, text
from beiantool.privacy import mask_id
from beiantool.problem import Severity


def _id_numbers(packet: dict):
    for path, person, role in persons(packet):
        number = text(person.get("id_number"))
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
    """身份证号码前 6 位的地区码在出生年份的行政区划代码表中查不到。

    行政区划调整后换发的身份证可能出现这种情况，所以只是警告。
    失败：id_number: "440524188001010014"（1880 年还没有 440524 这个代码）
    通过：id_number: "11010519491231002X"
    """
    for path, number, role in _id_numbers(packet):
        if id_defect(number) is not None:
            continue  # P101 already speaks of it
        if not birthplace_known(number):
            yield Finding(
                path,
                f"{role}的身份证号码地区码 {number[:6]} 在其出生年份（{number[6:10]} 年）的行政区划代码中查不到。"
                "若与身份证原件一致（区划调整后的老证件常见）可忽略；否则请核对前 6 位。",
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


def birthplace_known(number: str) -> bool:
    """Whether the first 6 digits were an address code in the birth year (stdnum's rule)."""
    results = _province_db(number[:2]).info(number[:6])
    info = {k: v for _, props in results for k, v in props.items()}
    if "county" not in info:
        return False
    year = ric.get_birth_date(number).year
    for county in info["county"].split(","):
        if not county.startswith("["):
            return True
        start, end = county[1:].split("]")[0].split("-")
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return True
    return False


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
