"""统一社会信用代码 (GB 32100-2015) and the organisation code inside it (GB 11714).

stdnum.cn.uscc computes the USCC check digit. Its ``validate`` insists that the
first 8 characters are digits, which refuses real codes registered by
authorities A, N or Y, so the format is checked here and only the arithmetic is
borrowed. GB 11714 (组织机构代码) is not in stdnum: written by hand below.
"""

from __future__ import annotations

from typing import Iterator


from beiantool.base.enums import UnitType
from beiantool.checks.base import Context, Finding, check
from beiantool.packet.view import get, text, unit_type
from beiantool.base.problem import Severity
from beiantool.checks.verdicts import uscc_check_digit, uscc_compact

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
AUTHORITIES = set("123456789ANY")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PATH = ("unit", "credit_code")

# (登记管理部门, 机构类别) -> the unit types that fit, with the label of the pair
KINDS: dict[str, tuple[set[str], str]] = {
    "91": ({"company"}, "工商登记的企业"),
    "92": ({"company", "individual"}, "个体工商户"),
    "93": ({"company", "other"}, "农民专业合作社"),
    "11": ({"government"}, "机构编制部门登记的机关"),
    "12": ({"institution"}, "机构编制部门登记的事业单位"),
    "13": ({"social_org"}, "机构编制部门管理的群众团体"),
    "51": ({"social_org"}, "民政部门登记的社会团体"),
    "52": ({"institution", "social_org", "other"}, "民政部门登记的民办非企业单位"),
    "53": ({"social_org", "other"}, "民政部门登记的基金会"),
}


def _code(packet: dict) -> str | None:
    value = text(get(packet, *PATH))
    if not value:
        return None
    return uscc_compact(value)


def uscc_defect(code: str) -> str | None:
    if len(code) != 18:
        return f"应为 18 位，现为 {len(code)} 位"
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"含有不允许的字符 {'、'.join(bad)}（代码中不使用 I、O、S、V、Z）"
    if code[0] not in AUTHORITIES:
        return f"第 1 位登记管理部门代码“{code[0]}”不存在"
    if not code[2:8].isdigit():
        return "第 3–8 位（登记管理机关行政区划码）应为数字"
    if uscc_check_digit(code) != code[17]:
        return "校验位（最后一位）与前 17 位不符，通常是某一位抄错了"
    return None


def org_code_check_digit(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


@check("U301", "uscc")
def uscc_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """统一社会信用代码的长度、字符或校验位错误。

    失败：unit.credit_code: "91350100M000100Y44"
    通过：unit.credit_code: "91350100M000100Y43"
    """
    code = _code(packet)
    if code:
        defect = uscc_defect(code)
        if defect:
            yield Finding(PATH, f"统一社会信用代码 {code} {defect}。请对照营业执照或登记证书核对。")


@check("U302", "uscc-org-code")
def org_code_valid(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """统一社会信用代码第 9–17 位（组织机构代码，GB 11714）的校验位错误。

    失败：unit.credit_code: "91350100M000100X4?"（第 17 位与前 8 位不符）
    通过：unit.credit_code: "91350100M000100Y43"
    """
    code = _code(packet)
    if not code or len(code) != 18 or any(c not in ALPHABET for c in code):
        return
    org = code[8:17]
    if org_code_check_digit(org[:8]) != org[8]:
        yield Finding(
            PATH,
            f"统一社会信用代码中的组织机构代码 {org[:8]}-{org[8]}（第 9–17 位）校验不通过，"
            "说明第 9–17 位中有字符抄错。请对照营业执照核对。",
        )


@check("U303", "uscc-unit-type", Severity.WARNING)
def uscc_matches_unit_type(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """统一社会信用代码前两位（登记管理部门和机构类别）与单位性质不一致。

    失败：unit.type: government，unit.credit_code: "91350100M000100Y43"（91 为企业）
    通过：unit.type: company，unit.credit_code: "91350100M000100Y43"
    """
    code = _code(packet)
    kind = unit_type(packet)
    if not code or not kind or len(code) < 2 or code[:2] not in KINDS:
        return
    fits, what = KINDS[code[:2]]
    if kind not in fits:
        label = UnitType(kind).label if kind in UnitType._value2member_map_ else kind
        yield Finding(
            PATH,
            f"统一社会信用代码前两位 {code[:2]} 表示{what}，但单位性质填的是 {kind}（{label}）。请核对单位性质或代码。",
        )
