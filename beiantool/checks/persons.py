"""Resident ID numbers (居民身份证号码, GB 11643) of every person in the packet.

python-stdnum (``stdnum.cn.ric``) does the arithmetic. Its ``validate`` also
rejects an address code that did not exist in the birth year; but the first six
digits are where the card was issued, so a person born before the code existed
may rightly carry it. P102 only warns about a code that never existed.

The address-code lookup reads stdnum's own database (cn/loc.dat) with stdnum's
own parser, but only the block of the number's province: parsing the whole
file costs ~60 ms on every run, a fifth of a cold ``validate``. stdnum is asked
through checks/verdicts.py, which remembers what it says of an address code between runs (never
anything of an ID number).
"""

from __future__ import annotations

import datetime
import re
from typing import Iterator

from beiantool.checks.base import Context, Finding, check
from beiantool.packet.view import persons, text
from beiantool.base.privacy import mask_id
from beiantool.base.problem import Severity
from beiantool.checks.verdicts import address_counties, id_birth, id_check_digit, id_compact


NOT_RESIDENT_ID = {"officer_id", "other"}


def _id_numbers(packet: dict):
    for path, person, role in persons(packet):
        number = text(person.get("id_number"))
        if text(person.get("id_type")) in NOT_RESIDENT_ID:
            continue  # a 军官证 or another document: its number is not a resident ID number
        if number is not None:
            # full-width digits are kept as written: stdnum would quietly turn them into ASCII
            yield path + ("id_number",), number if not number.isascii() else id_compact(number), role


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
    birth = id_birth(number)
    if birth is None:
        return f"第 7–14 位的出生日期 {number[6:14]} 不是有效日期"
    born = datetime.date.fromisoformat(birth)
    if born.year < 1900 or (today is not None and born > today):
        return f"第 7–14 位的出生日期 {born.isoformat()} 不合理"
    if id_check_digit(number) != number[17]:
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
        if id_defect(number) is not None or code_ever_existed(number) or number[:2] not in PROVINCES:
            continue  # P101 speaks of a malformed number, P104 of a province that does not exist
        seen.setdefault(number, []).append(role)
        first.setdefault(number, path)
    for number, roles in seen.items():
        also = f"（同一号码也用于{'、'.join(roles[1:])}）" if len(roles) > 1 else ""
        yield Finding(
            first[number],
            f"{roles[0]}的身份证号码地区码 {number[:6]} 不在任何年份的行政区划代码中{also}。"
            "前 6 位应与身份证原件一致，请逐位核对；若原件确实如此，可忽略本提示。",
        )


# GB/T 2260 province-level codes (the first two digits of every address code; 71 台湾, 81 香港, 82 澳门)
PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split())
GRACE_YEARS = 1  # the year after a code's last year: registers and ID offices catch up with a change


def retired_before(number: str) -> int | None:
    """The last year the number's address code was in use, when that was before the holder was born
    (stdnum's GB/T 2260 history, as ``stdnum.cn.ric.get_birth_place`` reads it); else None."""
    counties = address_counties(number[:6])
    if not counties:
        return None
    born = int(number[6:10])
    ends = []
    for entry in ",".join(counties).split(","):
        m = re.match(r"^\[(\d*)-(\d*)\]", entry)
        if not m or not m.group(2):
            return None  # a code still in use (or with no dates): nothing to say
        ends.append(int(m.group(2)))
    last = max(ends)
    return last if last + GRACE_YEARS < born else None


@check("P104", "id-region-impossible")
def id_region_possible(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """身份证号码前 6 位不可能是持证人的地址码：省级代码不存在（如 99），或该代码在持证人出生前已撤销。

    GB 11643 的地址码是编码对象常住户口所在县（市、旗、区）的代码（GB/T 2260），号码在出生后才编定，
    不会用出生前已撤销的代码；省级代码只有 34 个，不在其中的号码不可能是真的。
    失败：id_number: "99010519900101002X"（没有 99 省）；"110110199501010012"（110110 燕山区 1986 年撤销）
    通过：id_number: "110105198806140029"
    """
    for path, number, role in _id_numbers(packet):
        if id_defect(number) is not None:
            continue
        if number[:2] not in PROVINCES:
            yield Finding(path, f"{role}的身份证号码（{mask_id(number)}）前 2 位 {number[:2]} 不是任何省、自治区、直辖市的代码"
                                "（GB/T 2260），不可能是真实的号码，多半是抄错了。请对照身份证原件逐位核对。")
            continue
        last = retired_before(number)
        if last is not None:
            yield Finding(path, f"{role}的身份证号码（{mask_id(number)}）前 6 位 {number[:6]} 是 {last} 年以后已撤销的行政区划代码，"
                                f"而号码中的出生年份是 {number[6:10]} 年：号码在出生后才编定，不会用已撤销的代码（GB 11643）。"
                                "多半是地区码或出生日期抄错了，请对照身份证原件逐位核对。")


def _plain_name(value) -> str:
    """A name's letters only: 张 三, 张\x07三 (S007's business) and 张三 are one name."""
    return "".join(ch for ch in text(value) or "" if ch.isalpha())


@check("P105", "id-shared")
def id_shared(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """同一个身份证号码填给了姓名不同的两个人（如法人代表和安全员）。

    一个号码只属于一个人；同一人身兼几个角色（个人备案的 &me）时姓名相同，不算。
    失败：法人代表 张三 "110105198806140029"，安全员 李四 "110105198806140029"
    通过：法人代表和安全员是同一人，姓名、号码都相同
    """
    holders: dict[str, list[tuple[str, str, tuple]]] = {}  # number -> (name, role, path) in the packet's order
    for path, person, role in persons(packet):
        number = text(person.get("id_number"))
        if text(person.get("id_type")) in NOT_RESIDENT_ID or not number:
            continue
        key = id_compact(number) if number.isascii() else number
        holders.setdefault(key, []).append((_plain_name(person.get("name")), role, path))
    for key, found in holders.items():
        first = found[0][0]
        others = [(n, r, p) for n, r, p in found if n and first and n != first]
        roles = "、".join(r for n, r, _ in found if n == first)
        for name, role, path in others:
            yield Finding(path + ("id_number",), f"{role}（{name}）的身份证号码（{mask_id(key)}）与{roles}（{first}）的相同。"
                                               "一个号码只属于一个人：请对照两人的身份证原件核对，多半是复制时没有改。")


def code_ever_existed(number: str) -> bool:
    """Whether the first 6 digits were ever an address code (in stdnum's GB/T 2260 history)."""
    return bool(address_counties(number[:6]))


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
        age = _age(datetime.date.fromisoformat(id_birth(number)), ctx.today)
        if age < 18:
            yield Finding(
                path,
                f"按身份证号码，{role}在填表日 {ctx.today.isoformat()} 只有 {age} 周岁，未满 18 周岁。"
                "法人代表和负责人应为成年人，请确认是否填错了人或号码。",
            )
