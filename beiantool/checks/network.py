"""Checks of domains, URLs and IP addresses, ranges and CIDR blocks.

Domains go through idna (UTS 46, so 中文域名 are allowed; its answers remembered by
checks/verdicts.py); addresses through
packet/addresses.py (a single address, ``start-end``, or CIDR).
"""

from __future__ import annotations

import ipaddress
from typing import Iterator, Optional
from urllib.parse import urlsplit


from beiantool.base.problem import Severity
from beiantool.checks.base import Context, Finding, check
from beiantool.checks.verdicts import ascii_domain
from beiantool.packet.addresses import DYNAMIC, DYNAMIC_TEXT, NONE_WORDS, BadBlock, Block, parse_block
from beiantool.packet.view import get, sites, strings, text


def _ip_fields(packet: dict) -> Iterator[tuple[tuple, str, str, bool]]:
    """(path, value, label, ranges allowed) of every IP field."""
    for path, value in strings(packet, "network", "ip_ranges"):
        if value != DYNAMIC:
            yield path, value, "IP地址范围", True
    for key, label in (("egress_router_ip", "出口路由器IP"), ("dns_server_ip", "域名服务器IP"), ("mail_server_ip", "邮件服务器IP")):
        for path, value in strings(packet, "network", key):
            if value.lower() not in NONE_WORDS and value != DYNAMIC:
                yield path, value, label, False
    for i, site in sites(packet):
        for path, value in strings(site, "ips"):
            yield ("sites", i) + path, value, f"网站{i + 1}的IP地址", True


def _blocks(packet: dict) -> Iterator[tuple[tuple, str, str, Block]]:
    for path, value, label, ranges in _ip_fields(packet):
        try:
            block = parse_block(value)
        except BadBlock:
            continue
        if ranges or block.first == block.last:
            yield path, value, label, block


@check("N501", "domain")
def domain_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """网站域名无效（允许中文域名）。

    失败：sites[0].domains[0]: "https://www.example.com"
    通过：sites[0].domains[0]: "www.example.com"
    """
    for i, site in sites(packet):
        for path, value in strings(site, "domains"):
            defect = domain_defect(value)
            if defect:
                yield Finding(("sites", i) + path, f"网站域名“{value}”{defect}")


def domain_defect(value: str, remember: bool = True) -> Optional[str]:
    """What is wrong with a domain name (None: nothing); ``remember`` as checks/verdicts.py takes it."""
    if "://" in value or "/" in value:
        return "应只写域名，不带 http:// 和路径，如“www.example.com”。"
    if "*" in value:
        return "不能用通配符，请逐个写出实际使用的域名。"
    name = value.rstrip(".")
    if "." not in name:
        return "缺少顶级域名（如 .com、.cn）。"
    ascii_name = ascii_domain(name, remember)
    if ascii_name is None:
        return "含有域名中不允许的字符或格式不对。请核对拼写。"
    tld = ascii_name.rsplit(".", 1)[-1]
    if not (tld.isalpha() or tld.startswith("xn--")):
        return "的顶级域名不对（IP 地址请填到 ips）。"
    return None


@check("N502", "url")
def homepage_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """网站首页网址无效：应为 http:// 或 https:// 开头的完整网址。

    失败：sites[0].homepage: "www.example.com"
    通过：sites[0].homepage: "https://www.example.com"
    """
    for i, site in sites(packet):
        value = text(site.get("homepage"))
        if not value:
            continue
        try:
            parts = urlsplit(value)
            host = parts.hostname or ""
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            parts, host = None, ""
        bad = parts is None or parts.scheme not in ("http", "https") or not host
        if not bad:
            try:
                ipaddress.ip_address(host)
            except ValueError:
                bad = domain_defect(host) is not None
        if bad:
            yield Finding(("sites", i, "homepage"), f"网站首页网址“{value}”无效：请写完整网址，如“https://www.example.com”。")


@check("N503", "ip-syntax")
def ip_syntax(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """IP 地址、范围或网段写法错误。

    失败：network.ip_ranges[0]: "202.96.100.256"
    通过：network.ip_ranges[0]: "202.96.100.1-202.96.100.14"
    """
    for path, value, label, ranges in _ip_fields(packet):
        try:
            block = parse_block(value)
        except BadBlock as exc:
            yield Finding(path, f"{label}“{value}”：{exc}。" + ("可写单个地址、“起始-结束”或 CIDR 网段。" if ranges else ""))
            continue
        if not ranges and block.first != block.last:
            yield Finding(path, f"{label}“{value}”应为单个 IP 地址。")


@check("N504", "ip-range-order")
def ip_range_order(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """IP 地址范围的起始地址大于结束地址（写反了）。

    失败：network.ip_ranges[0]: "202.96.100.14-202.96.100.1"
    通过：network.ip_ranges[0]: "202.96.100.1-202.96.100.14"
    """
    for path, value, label, block in _blocks(packet):
        if block.first > block.last:
            yield Finding(path, f"{label}“{value}”的起始地址大于结束地址，应写成“{block.last}-{block.first}”。")


@check("N505", "cidr-host-bits", Severity.WARNING)
def cidr_host_bits(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """CIDR 网段写成了主机地址（主机位不为 0）。

    失败：network.ip_ranges[0]: "202.96.100.1/28"
    通过：network.ip_ranges[0]: "202.96.100.0/28"
    """
    for path, value, label, block in _blocks(packet):
        if block.host_bits:
            yield Finding(path, f"{label}“{value}”的主机位不为 0，对应的网段是 {block.cidr}。请确认要填的是网段还是单个地址。")


@check("N506", "ip-not-public", Severity.WARNING)
def ip_public(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """备案表上的 IP 是内网、保留或特殊地址，而备案登记的是公网地址。

    失败：network.egress_router_ip: "192.168.1.1"
    通过：network.egress_router_ip: "202.96.100.1"
    """
    for path, value, label, block in _blocks(packet):
        ends = [block.first] if block.first == block.last else [block.first, block.last]
        bad = [ip for ip in ends if not ip.is_global]
        if bad:
            yield Finding(
                path,
                f"{label}“{value}”含内网或保留地址（{bad[0]}）。备案表应填运营商分配的公网地址，"
                "内网地址请画在网络拓扑图上。",
            )


@check("N507", "site-ip-outside-ranges", Severity.WARNING)
def self_hosted_ip_in_ranges(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """自管主机网站的 IP 不在本单位申报的 IP 地址范围内。

    失败：hosting.type: self，sites[0].ips: ["202.96.101.9"]，network.ip_ranges: ["202.96.100.0/28"]
    通过：hosting.type: self，sites[0].ips: ["202.96.100.2"]，network.ip_ranges: ["202.96.100.0/28"]
    """
    declared = [block for path, _, _, block in _blocks(packet) if path[:2] == ("network", "ip_ranges")]
    if not declared:
        return
    for i, site in sites(packet):
        if text(get(site, "hosting", "type")) != "self":
            continue
        for path, value in strings(site, "ips"):
            try:
                block = parse_block(value)
            except BadBlock:
                continue
            if not any(d.contains(block.first) and d.contains(block.last) for d in declared):
                yield Finding(
                    ("sites", i) + path,
                    f"网站{i + 1}是自管主机，但 IP“{value}”不在单位申报的 IP 地址范围内。"
                    "请把该地址补进 network.ip_ranges，或把主机情况改为托管 / 云主机。",
                )


@check("N508", "dynamic-ip", Severity.WARNING)
def dynamic_ip(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """单位没有固定 IP（ip_ranges: dynamic）：拨号等动态地址用户原则上不再备案，请向受理机关确认。

    失败：network.ip_ranges: [dynamic]
    通过：network.ip_ranges: ["202.96.100.0/28"]
    """
    for path, value in strings(packet, "network", "ip_ranges"):
        if value == DYNAMIC:
            sites_note = "开办的网站仍要备案，网站服务器的 IP 填在 sites[].ips。" if any(True for _ in sites(packet)) else ""
            yield Finding(
                path,
                f"IP地址范围写的是动态IP，表上印“{DYNAMIC_TEXT}”。公安部公信安[2002]128号：拨号上网的用户原则上不再进行备案；"
                f"ADSL 等动态地址接入是否仍需单位备案，请向受理机关确认。{sites_note}",
            )
            return
