"""Rules about the filing itself: its deadline, licences and security officers."""

from __future__ import annotations

import datetime
from typing import Iterator, Literal

from pydantic import Field

from beiantool.workdays import shift
from beiantool.checks.base import Context, Finding, Params, as_date, check, get, is_individual, items, sites, text
from beiantool.problem import Severity

LAW_33 = "《计算机信息网络国际联网安全保护管理办法》"


class DeadlineParams(Params):
    days: int = Field(30, ge=1, description="备案期限（日）")
    start: Literal["connected_on", "site_opened_on"] = Field(
        "connected_on", description="起算日：网络正式联通日，或网站开通 / ICP 备案通过日"
    )
    basis: str = Field(LAW_33 + "第十二条", description="期限的法律依据")
    individuals: bool = Field(False, description="期限是否也约束个人用户（第十二条只列单位）")


@check("D601", "filing-late", Severity.WARNING, DeadlineParams)
def filing_in_time(packet: dict, ctx: Context, params: DeadlineParams) -> Iterator[Finding]:
    """填表日已超过备案期限（网络正式联通之日起三十日内，办法第十二条；逾期依第二十三条处罚）。

    失败：network.connected_on: 2026-09-01，filled_on: 2026-11-20
    通过：network.connected_on: 2026-11-01，filled_on: 2026-11-20
    第十二条列的是互联单位、接入单位和法人、其他组织；个人只在规则集写明时检查（北京 1996 年通告 四、贺州须知 二）。
    写了 changed_on 的备案文件是已备案单位的变更，联通后的期限不再适用（变更的告知期限由 beiantool change 计算）。
    """
    if (is_individual(packet) and not params.individuals) or as_date(packet.get("changed_on")):
        return
    if params.start == "connected_on":
        starts = [(("network", "connected_on"), as_date(get(packet, "network", "connected_on")), "网络正式联通日期")]
    else:
        starts = [(("sites", i, "opened_on"), as_date(site.get("opened_on")), f"网站{i + 1}开通日期") for i, site in sites(packet)]
    for path, start, label in starts:
        if start is None:
            continue
        deadline = shift(start, params.days)
        if deadline is not None and ctx.today > deadline:
            late = (ctx.today - deadline).days
            yield Finding(
                path,
                f"{label}为 {start.isoformat()}，应在其后 {params.days} 日内（最迟 {deadline.isoformat()}，含当日）备案"
                f"（{params.basis}），填表日 {ctx.today.isoformat()} 已逾期 {late} 天。"
                f"不履行备案职责的，由公安机关给予警告或者停机整顿不超过六个月的处罚（{LAW_33}第二十三条）。请尽快办理。",
            )


@check("D602", "date-after-filing", Severity.WARNING)
def dates_not_after_filing(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """联通日期或网站开通日期晚于填表日期。

    失败：network.connected_on: 2026-12-01，filled_on: 2026-11-20
    通过：network.connected_on: 2026-11-01，filled_on: 2026-11-20
    """
    candidates = [(("network", "connected_on"), get(packet, "network", "connected_on"), "网络正式联通日期")]
    candidates += [(("sites", i, "opened_on"), site.get("opened_on"), f"网站{i + 1}开通日期") for i, site in sites(packet)]
    for path, value, label in candidates:
        day = as_date(value)
        if day and day > ctx.today:
            yield Finding(path, f"{label} {day.isoformat()} 晚于填表日期 {ctx.today.isoformat()}。备案表填写的是已发生的日期，请核对。")


@check("B701", "commercial-license")
def commercial_has_license(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """经营性单位的网站没有填写经营性 ICP 许可证号。

    失败：unit.commercial: true，sites[0] 没有 icp_license
    通过：unit.commercial: true，sites[0].icp_license: "浙B2-20240001"
    """
    if get(packet, "unit", "commercial") is not True:
        return
    for i, site in sites(packet):
        if not text(site.get("icp_license")):
            yield Finding(
                ("sites", i, "icp_license"),
                f"单位为经营性（commercial: true），网站{i + 1}却没有填写经营性ICP许可证号（icp_license）。"
                f"经营性互联网信息服务须取得许可证，请填写许可证号（如“{ctx.examples.icp_license}”）；若实为非经营性，请把 commercial 改为 false。",
            )


class OfficerParams(Params):
    min: int = Field(1, ge=0, description="至少几名安全员")
    max: int | None = Field(None, ge=1, description="至多几名安全员")
    sites_only: bool = Field(False, description="只在有网站时检查（网站备案表的信息安全员栏）")


@check("B702", "officer-count", Severity.ERROR, OfficerParams)
def officer_count(packet: dict, ctx: Context, params: OfficerParams) -> Iterator[Finding]:
    """计算机信息网络安全员人数不符合规则集要求（如绍兴：2 到 4 名）。

    来源（绍兴安全责任书）要求的是联网单位配备安全员，个人备案不检查人数。
    失败（绍兴规则集）：security.officers 只有 1 名
    通过（绍兴规则集）：security.officers 有 2 名
    """
    if is_individual(packet) or (params.sites_only and not any(True for _ in sites(packet))):
        return
    count = sum(1 for _ in items(packet, "security", "officers"))
    low = params.min
    high = params.max
    if count < low or (high is not None and count > high):
        want = f"{low} 到 {high} 名" if high is not None else f"至少 {low} 名"
        where = ("security", "officers") if get(packet, "security", "officers") is not None else ("security",)
        yield Finding(
            where,
            (f"网站备案表有 {low} 名信息安全员的栏目，现填了 {count} 名。" if params.sites_only else
             f"{ctx.city_name}要求配备 {want}计算机信息网络安全员，现填了 {count} 名。")
            + ("请在 security.officers 下补齐。" if count < low else "请只填写在岗的安全员。"),
        )


@check("B703", "officer-certificate")
def officer_certificate(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """安全员没有填写安全员证书编号（培训合格、持证上岗）。

    失败：security.officers[0] 没有 certificate_no
    通过：security.officers[0].certificate_no: "ZJ2024-0001"
    """
    if is_individual(packet):
        return  # the source's duty is the 联网单位's: trained, certified officers
    for i, officer in items(packet, "security", "officers"):
        if isinstance(officer, dict) and not text(officer.get("certificate_no")):
            name = text(officer.get("name")) or f"第{i + 1}名安全员"
            yield Finding(
                ("security", "officers", i, "certificate_no"),
                f"安全员 {name} 没有填写证书编号：{ctx.city_name}要求安全员经培训考核合格、持证上岗。"
                "请填写安全员证书编号；尚未取证的请先参加公安机关组织的培训。",
            )
