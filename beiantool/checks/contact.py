"""Phones, postcodes and e-mail addresses.

phonenumbers parses and validates (its geocoder is never imported: it costs
hundreds of milliseconds and ~100 MB), through checks/verdicts.py, which remembers
its answers between runs. E-mail syntax is checked here: the local
part as an RFC 5322 dot-atom (UTF-8 letters allowed, RFC 6531) and the domain
with idna, like every other domain. email-validator would do the same but its
import alone costs ~25 ms, a fifth of a cold `validate`.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from pydantic import Field

from beiantool.checks.base import Context, Finding, Params, check
from beiantool.packet.view import get, persons, sites, text
from beiantool.checks.network import domain_defect
from beiantool.checks.verdicts import EXTENSION, phone
from beiantool.base.problem import Severity
from beiantool.base.lazyre import lazy

def _landlines(packet: dict) -> Iterator[tuple[tuple, str, str]]:
    """(path, number, label) of every fixed-line field."""
    for key, label in (("phone", "单位联系电话"), ("fax", "传真")):
        value = text(get(packet, "unit", key))
        if value:
            yield ("unit", key), value, label
    for path, person, role in persons(packet):
        value = text(person.get("phone"))
        if value:
            yield path + ("phone",), value, f"{role}的固定电话"


def _mobiles(packet: dict) -> Iterator[tuple[tuple, str, str]]:
    for path, person, role in persons(packet):
        value = text(person.get("mobile"))
        if value:
            yield path + ("mobile",), value, f"{role}的移动电话"


def _digits(value: str) -> str:
    return re.sub(r"[\s\-()（）]", "", value)


_SERVICE = lazy(r"^(?:(?P<short>95\d{3,6})|(?P<ten>[48]00\d{7}))$")


def service_number(value: str) -> str | None:
    """What kind of nationwide number this is (95xxx 短号码, 400/800 号码), or None: such numbers have no area code."""
    m = _SERVICE.match(_digits(EXTENSION.sub("", value.strip())))
    if not m:
        return None
    return "95 开头的服务短号码" if m.group("short") else f"{m.group('ten')[:3]} 服务号码"


@check("C201", "mobile")
def mobile_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """移动电话不是有效的 11 位中国大陆手机号。

    失败：unit.legal_representative.mobile: "1380000000"
    通过：unit.legal_representative.mobile: "13800000000"
    """
    for path, value, label in _mobiles(packet):
        digits = _digits(value)
        if digits.startswith("+86"):
            digits = digits[3:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if not (len(digits) == 11 and digits.isdigit() and digits.startswith("1")):
            yield Finding(path, f"{label}“{value}”不是 11 位手机号（以 1 开头）。固定电话请填到 phone。")
            continue
        facts = phone(digits)
        if facts is None or not facts[0]:
            yield Finding(path, f"{label}“{value}”不是有效的手机号（号段 {digits[:3]} 不存在）。请核对。")


@check("C202", "landline")
def landline_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """固定电话或传真不是有效号码（应带区号，如 0575-88888888，可带分机）。

    失败：unit.phone: "88888888"
    通过：unit.phone: "0575-88888888"
    """
    for path, value, label in _landlines(packet):
        service = service_number(value)
        if service and path == ("unit", "phone"):
            continue  # a unit may give its nationwide number (95xxx, 400) as its 联系电话
        if service:
            yield Finding(path, f"{label}“{value}”是全国统一的{service}，不是带区号的固定电话。这一栏请填写区号-号码"
                                f"（如“{ctx.examples.landline}”）{'，没有座机的可填手机号' if path[0] != 'unit' else ''}。")
            continue
        if phone(value) is None:
            hint = "缺少区号，" if _digits(value).isdigit() and len(_digits(value)) <= 8 else ""
            yield Finding(path, f"{label}“{value}”不是有效的电话号码：{hint}请写成“区号-号码”，如“{ctx.examples.landline}”，分机可写在后面（如“-8084”）。")


@check("C203", "area-code", Severity.WARNING)
def area_code_matches(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """固定电话的区号不是规则集所在城市的区号。

    失败（绍兴规则集）：unit.phone: "010-88888888"
    通过（绍兴规则集）：unit.phone: "0575-88888888"
    """
    if not ctx.region.area_codes:
        return
    for path, value, label in _landlines(packet):
        facts = phone(value)
        code = facts[1] if facts else None
        if code and code not in ctx.region.area_codes:
            yield Finding(
                path,
                f"{label}“{value}”的区号 {code} 不是{ctx.city_name}的区号（{'、'.join(ctx.region.area_codes)}）。"
                "若确实在外地可忽略，否则请核对区号。",
            )


def _postcode(packet: dict) -> Optional[str]:
    return text(get(packet, "unit", "postcode"))


@check("C204", "postcode")
def postcode_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """邮政编码不是 6 位数字。

    失败：unit.postcode: "31200"
    通过：unit.postcode: "312000"
    """
    code = _postcode(packet)
    if code and not (len(code) == 6 and code.isdigit()):
        yield Finding(("unit", "postcode"), f"邮政编码“{code}”应为 6 位数字，如“{ctx.examples.postcode}”。以 0 开头的邮编请加引号，如 \"014030\"。")


@check("C205", "postcode-city", Severity.WARNING)
def postcode_matches(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """邮政编码的前几位与规则集所在城市不符。

    失败（绍兴规则集）：unit.postcode: "100020"
    通过（绍兴规则集）：unit.postcode: "312000"
    """
    code = _postcode(packet)
    prefixes = ctx.region.postcode_prefixes
    if prefixes and code and len(code) == 6 and code.isdigit() and not code.startswith(tuple(prefixes)):
        yield Finding(
            ("unit", "postcode"),
            f"邮政编码 {code} 不在{ctx.city_name}的范围内（应以 {'、'.join(prefixes)} 开头）。请核对通信地址的邮编。",
        )


def _emails(packet: dict) -> Iterator[tuple[tuple, str, str]]:
    value = text(get(packet, "unit", "email"))
    if value:
        yield ("unit", "email"), value, "单位电子邮箱"
    for path, person, role in persons(packet):
        value = text(person.get("email"))
        if value:
            yield path + ("email",), value, f"{role}的电子邮箱"


_LOCAL_PART = lazy(r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*")


def email_defect(value: str, remember: bool = True) -> Optional[str]:
    """What is wrong with an e-mail address (None: nothing); ``remember`` as checks/verdicts.py takes it."""
    if re.search(r"[＠。，　]", value):
        return "含有全角符号（＠ 。 ， 或全角空格），请改为半角"
    if value.count("@") != 1:
        return "缺少 @" if "@" not in value else "含有多个 @"
    local, domain = value.split("@")
    if not local or len(local) > 64 or not _LOCAL_PART.fullmatch(local):
        return "@ 前的用户名部分不对（不能有空格、连续的点或以点开头结尾）"
    if len(value) > 254 or domain_defect(domain, remember) is not None:
        return "@ 后的域名不对"
    return None


@check("C206", "email")
def email_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """电子邮箱地址格式错误。

    失败：unit.email: "admin＠example.com"
    通过：unit.email: "admin@example.com"
    """
    for path, value, label in _emails(packet):
        defect = email_defect(value)
        if defect:
            yield Finding(path, f"{label}“{value}”{defect}。请写成 name@example.com 的形式。")


class Place(Params):
    """A city with a rule set of its own, as C207 recognises it in a packet."""

    id: str
    name: str
    words: list[str] = Field(default_factory=list, description="地址中出现即指向此地的字样（如 北京、绍兴、新昌）")
    area_codes: list[str] = Field(default_factory=list)
    postcode_prefixes: list[str] = Field(default_factory=list)
    icp_abbrs: list[str] = Field(default_factory=list, description="整个省级行政区都用此规则集时，ICP 备案号的省份简称")


class PlacesParams(Params):
    places: list[Place] = Field(default_factory=list, description="有地方规则集的城市（由内置规则集的 region 自动填入）")


@check("C207", "national-but-local", Severity.WARNING, PlacesParams)
def national_but_local(packet: dict, ctx: Context, params: PlacesParams) -> Iterator[Finding]:
    """全国规则集的备案文件，地址、邮编、区号或 ICP 备案号却指向一个有地方规则集的城市。

    失败（全国规则集）：unit.address: 北京市朝阳区示例街道2号院
    通过（全国规则集）：unit.address: 四川省成都市武侯区示例路1号
    """
    from beiantool.checks.records import ICP_NUMBER

    def told(path, what, place):
        return Finding(path, f"{what}指向{place.name}，而{place.name}有自己的规则集（备案表、材料和受理机关可能不同）。"
                             f"若在{place.name}备案，请把 city 改为 {place.id}；若确实不在{place.name}，可忽略。")

    address = text(get(packet, "unit", "address")) or ""
    postcode = text(get(packet, "unit", "postcode")) or ""
    for place in params.places:
        word = next((w for w in place.words if w and w in address), None)
        if word:
            yield told(("unit", "address"), f"单位地址中的“{word}”", place)
        prefix = next((p for p in place.postcode_prefixes if postcode.startswith(p)), None)
        if prefix and len(postcode) == 6 and postcode.isdigit():
            yield told(("unit", "postcode"), f"邮政编码“{postcode}”", place)
        for key, label in (("phone", "单位联系电话"), ("fax", "传真")):
            value = text(get(packet, "unit", key))
            facts = phone(value) if value else None
            code = facts[1] if facts else None
            if code and code in place.area_codes:
                yield told(("unit", key), f"{label}的区号 {code}", place)
        for i, site in sites(packet):
            value = text(site.get("icp_number"))
            m = ICP_NUMBER.match(value.replace(" ", "")) if value else None
            if m and m["abbr"] in place.icp_abbrs:
                yield told(("sites", i, "icp_number"), f"网站{i + 1}的 ICP 备案号（{m['abbr']}ICP备）", place)
