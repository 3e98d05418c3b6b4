"""ICP 备案号, ICP 许可证号 and 公网安备号: formats and provinces.

No library knows these formats; they are written here by hand from
reference/identifiers.md (seed cities' identifiers) with one correction from
public web pages: ICP numbers of Sichuan are written 蜀ICP备 as well as 川ICP备,
and of Gansu 陇ICP备 as well as 甘ICP备 (both forms are common on live site
footers), while 公网安备 numbers use 川 and 甘.
"""

from __future__ import annotations

import re
from typing import Iterator

from beiantool.checks.base import Context, Finding, check
from beiantool.packet.view import sites, text
from beiantool.base.problem import Severity
from beiantool.base.lazyre import lazy

# province -> abbreviations that may start its numbers (the first is the usual one)
PROVINCES: dict[str, tuple[str, ...]] = {
    "北京": ("京",), "天津": ("津",), "河北": ("冀",), "山西": ("晋",), "内蒙古": ("蒙",),
    "辽宁": ("辽",), "吉林": ("吉",), "黑龙江": ("黑",), "上海": ("沪",), "江苏": ("苏",),
    "浙江": ("浙",), "安徽": ("皖",), "福建": ("闽",), "江西": ("赣",), "山东": ("鲁",),
    "河南": ("豫",), "湖北": ("鄂",), "湖南": ("湘",), "广东": ("粤",), "广西": ("桂",),
    "海南": ("琼",), "重庆": ("渝",), "四川": ("川", "蜀"), "贵州": ("黔",), "云南": ("滇",),
    "西藏": ("藏",), "陕西": ("陕",), "甘肃": ("甘", "陇"), "青海": ("青",), "宁夏": ("宁",),
    "新疆": ("新",),
}
ABBR_TO_PROVINCE = {a: p for p, abbrs in PROVINCES.items() for a in abbrs}
# licence-plate habits seen on footers, wrong on a filing
VARIANTS = {"贵": "黔", "云": "滇"}
_ABBR = "".join(list(ABBR_TO_PROVINCE) + list(VARIANTS))

ICP_NUMBER = lazy(rf"^(?P<abbr>[{_ABBR}])ICP备(?P<digits>\d{{8}}|\d{{10}})号(?:-(?P<n>[1-9]\d*))?$")
ICP_LICENSE = lazy(
    rf"^(?P<abbr>[{_ABBR}]|合字)?(?:[AB][12](?:\.[AB][12])*)-\d{{8}}(?:-[1-9]\d*)?$"
    rf"|^(?P<abbr2>[{_ABBR}])ICP证\d{{6}}号$"
)
POLICE_NUMBER = lazy(rf"^(?P<abbr>[{_ABBR}])公网安备(?P<digits>\d{{14}}|\d{{12}})号$")


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _site_values(packet: dict, key: str):
    for i, site in sites(packet):
        value = text(site.get(key))
        if value:
            yield ("sites", i, key), _compact(value)


@check("R401", "icp-number")
def icp_number_format(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """ICP 备案号格式错误：应为“省简称ICP备”+ 8 或 10 位数字 +“号”，可带“-N”。

    失败：sites[0].icp_number: "浙ICP备12345号"
    通过：sites[0].icp_number: "浙ICP备2024000001号-1"
    """
    for path, value in _site_values(packet, "icp_number"):
        m = ICP_NUMBER.match(value)
        if not m:
            yield Finding(
                path,
                f"ICP备案号“{value}”格式不对：应为“省份简称ICP备”加 8 位或 10 位数字再加“号”，"
                f"网站序号写在“-”后，如“{ctx.examples.icp_number}”。请照工信部备案系统（beian.miit.gov.cn）查到的原样填写。",
            )
        elif len(m["digits"]) == 10 and not 2000 <= int(m["digits"][:4]) <= ctx.today.year:
            yield Finding(path, f"ICP备案号“{value}”的 10 位数字应以备案年份开头，{m['digits'][:4]} 不是合理的年份。请核对。")


@check("R402", "icp-license")
def icp_license_format(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """经营性 ICP 许可证号格式错误：应为“省简称”+ B1/B2/A2 等业务类别 +“-”+ 8 位数字。

    失败：sites[0].icp_license: "浙ICP备2024000001号"
    通过：sites[0].icp_license: "浙B2-20240001"
    """
    for path, value in _site_values(packet, "icp_license"):
        if not ICP_LICENSE.match(value):
            yield Finding(
                path,
                f"ICP许可证号“{value}”格式不对：应为“省份简称”加业务类别（如 B2）、“-”和 8 位数字，"
                f"如“{ctx.examples.icp_license}”，跨地区许可证无省份简称（如“B2-20080224”）。请照许可证原件填写；"
                "若这是 ICP 备案号，请填到 icp_number。",
            )


@check("R403", "police-number")
def police_number_format(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """公安备案号格式错误：应为“省简称公网安备”+ 14 位数字 +“号”。

    失败：sites[0].police_number: "浙公网安备3306020200039号"
    通过：sites[0].police_number: "浙公网安备 33060202000394号"
    """
    for path, value in _site_values(packet, "police_number"):
        m = POLICE_NUMBER.match(value)
        if not m or (len(m["digits"]) == 12 and m["abbr"] != "京"):
            yield Finding(
                path,
                f"公安备案号“{value}”格式不对：应为“省份简称公网安备”加 14 位数字再加“号”，"
                f"如“{ctx.examples.police}”。请照备案回执或全国公安机关互联网站安全服务平台上的原样填写。",
            )


@check("R404", "province-abbr-variant", Severity.WARNING)
def province_abbr_variant(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """备案号用了“贵”“云”：贵州的简称是“黔”，云南是“滇”。

    失败：sites[0].icp_number: "贵ICP备2024000001号"
    通过：sites[0].icp_number: "黔ICP备2024000001号"
    """
    for key in ("icp_number", "icp_license", "police_number"):
        for path, value in _site_values(packet, key):
            if value[:1] in VARIANTS:
                right = VARIANTS[value[0]]
                yield Finding(
                    path,
                    f"“{value}”以“{value[0]}”开头：备案号中{ABBR_TO_PROVINCE[right]}的简称是“{right}”"
                    f"（“{value[0]}”是车牌习惯）。请核对原件，应为“{right}{value[1:]}”。",
                )


@check("R405", "icp-province", Severity.WARNING)
def icp_province_matches(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """ICP 备案号的省份与规则集所在省份不同（ICP 备案通常在主办单位所在省办理）。

    失败（绍兴规则集）：sites[0].icp_number: "京ICP备2024077296号-1"
    通过（绍兴规则集）：sites[0].icp_number: "浙ICP备2024000001号-1"
    """
    home = ABBR_TO_PROVINCE.get(ctx.region.province_abbr or "")
    if not home:
        return
    for path, value in _site_values(packet, "icp_number"):
        m = ICP_NUMBER.match(value)
        if not m:
            continue
        abbr = VARIANTS.get(m["abbr"], m["abbr"])
        if ABBR_TO_PROVINCE[abbr] != home:
            yield Finding(
                path,
                f"ICP备案号“{value}”是{ABBR_TO_PROVINCE[abbr]}的号码，而{ctx.city_name}属于{home}。"
                "ICP 备案一般在主办单位所在省办理；若单位确实在外省登记可忽略，否则请核对号码或城市。",
            )
