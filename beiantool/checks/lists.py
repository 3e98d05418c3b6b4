"""The customer lists (packet key ``lists``), checked row by row with the packet's own rules.

The lists are read once (beiantool.packet.lists, given as ``ctx.lists``) and held column by
column; each check walks one column and remembers what it decided for each distinct value,
so 10,000 rows cost 10,000 look-ups, not 10,000 parses. The same functions as the rest of
the packet decide: domain_defect / the homepage rule (N501, N502), phone (C201, C202),
email_defect (C206), id_defect (P101), parse_block (N503, N507) and POLICE_NUMBER (R403).
A finding's path is ("lists", list, row index, column); the engine places it at the list
file's row and column, or at the YAML line of an inline row.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from typing import Iterator, Optional
from urllib.parse import urlsplit


from beiantool.checks.base import Context, Finding, check
from beiantool.checks.contact import email_defect
from beiantool.checks.verdicts import national_number_valid, phone
from beiantool.checks.network import domain_defect
from beiantool.checks.persons import id_defect
from beiantool.checks.records import POLICE_NUMBER
from beiantool.base.privacy import mask_id
from beiantool.base.problem import Severity
from beiantool.packet.addresses import DYNAMIC_WORDS, BadBlock, parse_block
from beiantool.packet.view import strings
from beiantool.base.lazyre import lazy

_SPLIT = lazy(r"\s*[/,，;；、]\s*|\s{2,}")  # a contact cell: 0472-5550123 / ops@example.com
_IP_SPLIT = lazy(r"\s*[,，;；、\s]\s*")  # an address cell: 110.16.44.8/29, 110.16.44.16/29
_IP_SEPARATOR = lazy(r"[,，;；、\s]")


def _tables(ctx: Context):
    return (ctx.lists or {}).values()


def _where(table, key: str) -> str:
    return f"{table.kind.title}名单的“{table.title_of(key)}”"


@check("L901", "list-cell-required")
def list_cell_required(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单（虚拟主机用户、接入单位和用户）中某一行缺少必填的栏目。

    失败：lists.hosted_users: [{网址: a.example.com, 负责人: 张三}]
    通过：lists.hosted_users: [{网址: a.example.com, 负责人: 张三, 联系方式: "13800000000"}]
    """
    for table in _tables(ctx):
        for column in table.kind.columns:
            if not column.required:
                continue
            values = table.column(column.key)
            for i, value in enumerate(values):
                if not value:
                    yield Finding(("lists", table.kind.key, i, column.key),
                                  f"{table.kind.title}名单{table.row_label(i)}没有填“{column.title}”。每一行都要写{column.title}。")


# a plain ASCII host name (letters, digits, inner hyphens; alphabetic TLD): valid without asking idna, which
# costs ~0.1 ms a name; anything else (中文域名, xn--, underscores…) goes through domain_defect as everywhere
_PLAIN_HOST = lazy(r"(?=.{4,253}$)(?:(?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}\.?")


def plain_host(value: str) -> bool:
    return _PLAIN_HOST.fullmatch(value) is not None and "--" not in value


@functools.lru_cache(maxsize=65536)
def address_defect(value: str) -> Optional[str]:
    """What is wrong with a domain or a URL written in a list ('' or None: nothing)."""
    if "://" not in value:
        return None if plain_host(value) else domain_defect(value, remember=False)
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "不是有效的网址。"
    if parts.scheme not in ("http", "https") or not host:
        return "不是有效的网址：应以 http:// 或 https:// 开头。"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        return None if plain_host(host) else domain_defect(host, remember=False)


def host_of(value: str) -> str:
    """The domain a list row names, for duplicates and for beiantool change: https://A.example.com/x -> a.example.com."""
    value = value.strip()
    if "://" in value:
        try:
            value = urlsplit(value).hostname or value
        except ValueError:
            pass
    return value.lower().rstrip(".")


@check("L902", "list-domain")
def list_domain(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的网址或域名无效（与网站域名、首页网址同样的规则，允许中文域名）。

    失败：lists.hosted_users: [{网址: "example", 负责人: 张三, 联系方式: "13800000000"}]
    通过：lists.hosted_users: [{网址: "https://www.example.com", 负责人: 张三, 联系方式: "13800000000"}]
    """
    for table in _tables(ctx):
        for i, value in enumerate(table.values.get("url", ())):
            defect = address_defect(value) if value else None
            if defect:
                yield Finding(("lists", table.kind.key, i, "url"), f"{_where(table, 'url')}“{value}”{defect}")


_PLAIN_NUMBER = lazy(r"(0\d{2,3})[-\s]?(\d{7,8})|(1\d{10})")


def _plain_number_valid(part: str) -> Optional[bool]:
    """A mobile (13904725501) or a landline with area code (0472-5550123) decided by phonenumbers'
    own validity test, without its parser (which costs ~0.1 ms a number); None for any other shape."""
    found = _PLAIN_NUMBER.fullmatch(part)
    if found is None:
        return None
    national = found[3] or (found[1][1:] + found[2])  # the trunk prefix 0 is not part of the national number
    return national_number_valid(national)


@functools.lru_cache(maxsize=65536)
def contact_defect(value: str) -> Optional[str]:
    """Each part of a contact cell is a Chinese phone number (mobile, or landline with area code) or an e-mail address."""
    parts = [p for p in _SPLIT.split(value.strip()) if p]
    for part in parts:
        which = f"中的“{part}”" if len(parts) > 1 else ""
        if "@" in part:
            defect = email_defect(part, remember=False)
            if defect:
                return f"{which}{defect}"
            continue
        digits = re.sub(r"[\s\-()（）]", "", part)
        if digits.startswith("+86"):
            digits = digits[3:]
        if digits.startswith("1") and len(digits) != 11 and digits.isdigit():
            return f"{which}不是 11 位手机号"
        if _plain_number_valid(part) is True:
            continue
        if phone(digits if digits.startswith("1") else part, remember=False) is None:
            hint = "（固定电话要带区号，如 0472-5123456）" if digits.isdigit() and len(digits) <= 8 else ""
            return f"{which}不是有效的电话号码{hint}"
    return None


@check("L903", "list-phone")
def list_phone(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的联系电话不是有效的手机号、带区号的固定电话或电子邮箱。

    失败：lists.hosted_users: [{网址: a.example.com, 负责人: 张三, 联系方式: "5550123"}]
    通过：lists.hosted_users: [{网址: a.example.com, 负责人: 张三, 联系方式: "0472-5550123"}]
    """
    for table in _tables(ctx):
        for i, value in enumerate(table.values.get("contact", ())):
            defect = contact_defect(value) if value else None
            if defect:
                yield Finding(("lists", table.kind.key, i, "contact"), f"{_where(table, 'contact')}“{value}”{defect}。请核对。")


@check("L904", "list-id-number")
def list_id_number(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的身份证号码长度、格式、出生日期或校验位错误（屏幕上打码）。

    失败：lists.hosted_users: [{网址: a.example.com, 负责人: 张三, 联系方式: "13800000000", 身份证号码: "150203198607052340"}]
    通过：lists.hosted_users: [{网址: a.example.com, 负责人: 张三, 联系方式: "13800000000", 身份证号码: "150203198607052341"}]
    """
    seen: dict[str, Optional[str]] = {}
    for table in _tables(ctx):
        for i, value in enumerate(table.values.get("id_number", ())):
            if not value:
                continue
            number = value.replace(" ", "").upper() if value.isascii() else value
            if number not in seen:
                seen[number] = id_defect(number, ctx.today)
            if seen[number]:
                yield Finding(("lists", table.kind.key, i, "id_number"), f"{_where(table, 'id_number')}（{mask_id(number)}）{seen[number]}。请核对身份证原件。")


def _declared(packet: dict) -> list[tuple[int, int, int]]:
    """The unit's declared ranges as (IP version, first, last) integers."""
    out = []
    for _, value in strings(packet, "network", "ip_ranges"):
        try:
            block = parse_block(value)
        except BadBlock:
            continue
        out.append((block.first.version, int(block.first), int(block.last)))
    return out


def _ip_cells(table) -> Iterator[tuple[int, str, str]]:
    for key in ("ip", "ip_range"):
        for i, value in enumerate(table.values.get(key, ())):
            if not value or value.lower().replace(" ", "") in DYNAMIC_WORDS:
                continue
            if _IP_SEPARATOR.search(value) is None:
                yield i, key, value
            else:
                for part in (p for p in _IP_SPLIT.split(value.strip()) if p):
                    yield i, key, part


@functools.lru_cache(maxsize=65536)
def _block(value: str):
    """(IP version, first, last) as integers, or the reason it is no address (parse_block's, as for the packet)."""
    try:
        block = parse_block(value)
    except BadBlock as exc:
        return str(exc)
    return block.first.version, int(block.first), int(block.last)


@check("L905", "list-ip")
def list_ip(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的 IP 地址、范围或网段写法错误，或起始地址大于结束地址。

    失败：lists.access_users: [{名称: 甲公司, IP地址范围: "110.16.40.300", 负责人: 张三, 联系电话: "13800000000"}]
    通过：lists.access_users: [{名称: 甲公司, IP地址范围: "110.16.40.32/29", 负责人: 张三, 联系电话: "13800000000"}]
    """
    for table in _tables(ctx):
        for i, key, part in _ip_cells(table):
            block = _block(part)
            if isinstance(block, str):
                yield Finding(("lists", table.kind.key, i, key), f"{_where(table, key)}“{part}”：{block}。可写单个地址、“起始-结束”或 CIDR 网段。")
            elif block[1] > block[2]:
                first, last = parse_block(part).first, parse_block(part).last
                yield Finding(("lists", table.kind.key, i, key), f"{_where(table, key)}“{part}”的起始地址大于结束地址，应写成“{last}-{first}”。")


@check("L906", "list-ip-outside-ranges", Severity.WARNING)
def list_ip_in_ranges(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的 IP 不在本单位申报的 IP 地址范围（network.ip_ranges）内。

    失败：network.ip_ranges: ["110.16.40.0/26"]，lists.hosted_users 的 IP地址: "110.16.41.9"
    通过：network.ip_ranges: ["110.16.40.0/26"]，lists.hosted_users 的 IP地址: "110.16.40.9"
    """
    declared = _declared(packet)
    if not declared:
        return
    inside: dict[str, bool] = {}
    for table in _tables(ctx):
        for i, key, part in _ip_cells(table):
            block = _block(part)
            if isinstance(block, str):
                continue  # L905
            if part not in inside:
                version, first, last = block
                inside[part] = any(v == version and low <= first <= high and low <= last <= high for v, low, high in declared)
            if not inside[part]:
                yield Finding(("lists", table.kind.key, i, key),
                              f"{_where(table, key)}“{part}”不在单位申报的 IP 地址范围（network.ip_ranges）内。"
                              "请核对该地址，或把它所在的地址段补进 network.ip_ranges。")


@check("L907", "list-duplicate", Severity.WARNING)
def list_duplicate(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中同一个域名（接入单位和用户名单：同一个名称）出现在多行。

    失败：lists.hosted_users: [{网址: a.example.com, …}, {网址: "https://A.example.com", …}]
    通过：lists.hosted_users: [{网址: a.example.com, …}, {网址: b.example.com, …}]
    """
    for table in _tables(ctx):
        key = next((k for k in table.kind.match if k in table.values), None)
        if key is None:
            continue
        first: dict[str, int] = {}
        for i, value in enumerate(table.values[key]):
            if not value:
                continue
            ident = host_of(value) if key == "url" else value.strip()
            if ident in first:
                j = first[ident]
                yield Finding(("lists", table.kind.key, i, key),
                              f"{_where(table, key)}“{value}”与{table.row_label(j)}重复。同一用户只写一行，请删除或合并重复的行。")
            else:
                first[ident] = i


@check("L908", "list-police-number")
def list_police_number(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单中的公安备案号格式错误：应为“省简称公网安备”+ 14 位数字 +“号”。

    失败：lists.hosted_users 的公安备案号: "蒙公网安备1502030200001号"
    通过：lists.hosted_users 的公安备案号: "蒙公网安备 15020302000001号"
    """
    for table in _tables(ctx):
        for i, value in enumerate(table.values.get("police_number", ())):
            if not value or value in ("无", "-", "未备案"):
                continue
            m = POLICE_NUMBER.match(re.sub(r"\s+", "", value))
            if not m or (len(m["digits"]) == 12 and m["abbr"] != "京"):
                yield Finding(("lists", table.kind.key, i, "police_number"),
                              f"{_where(table, 'police_number')}“{value}”格式不对：应为“省份简称公网安备”加 14 位数字再加“号”，"
                              "如“蒙公网安备 15020302000001号”；还没有备案号的写“无”或空着。")


@check("L909", "list-unprintable")
def list_printable(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """名单文件的某一格中有不可打印的控制字符（如 \\x07、ESC、文字方向控制符），印不到附表上。

    失败：客户.csv 中一格为 "a.example.com\\x07"
    通过：客户.csv 中每格都是可打印的文字（写在 YAML 中的名单由 S007 检查）
    """
    from beiantool.base.privacy import UNPRINTABLE

    for table in _tables(ctx):
        if table.file is None:
            continue  # rows written in the YAML: S007 speaks of them
        for key in (k for k in table.keys if k):
            values = table.values[key]
            if UNPRINTABLE.search("".join(values)) is None:
                continue
            for i, value in enumerate(values):
                match = UNPRINTABLE.search(value)
                if match:
                    yield Finding(("lists", table.kind.key, i, key),
                                  f"{_where(table, key)}中有不可打印的控制字符 U+{ord(match.group(0)):04X}，印不到附表上，"
                                  "多半是导出或复制时带进来的乱码。请在名单文件中删除它。")
