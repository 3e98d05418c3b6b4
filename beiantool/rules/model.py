"""What a rule-set file may say (validated on load), and the rule set it becomes.

A rule set file names its place (province abbreviation, area codes, postcode prefixes), its
receiving offices, how the packet is filed there (forms, copies, deadline, review), the
checklist, and the checks it enables with their severity, parameters and source.
"""

# (no postponed annotations: pydantic reads real ones, and evaluating strings costs it a compile each)

from dataclasses import field
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from beiantool.base.record import record
from beiantool.base.problem import Severity
from beiantool.checks.base import Region, Source
from beiantool.checks.filing import LAW_33
from beiantool.packet.conditions import Condition
from beiantool.packet.view import get, text


class _Strict(BaseModel):
    # built when a rule file is read, not when imported: a compiled rule set (rules/compiled.py) needs no validator
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Office(_Strict):
    name: str
    address: Optional[str] = None
    mail_address: Optional[str] = Field(None, description="快递地址")
    hours: Optional[str] = None
    phone: Optional[str] = None
    areas: list[str] = Field(default_factory=list, description="单位地址含这些字样时默认选此机关（如 新昌县）")
    generic: bool = Field(False, description="只是一类机关（如“所在地公安机关网络安全保卫部门”），不是某个机关的名称")
    note: Optional[str] = None
    source: Optional[Source] = None


class Deadline(_Strict):
    days: int = Field(30, ge=1, le=366)
    start: Literal["connected_on", "site_opened_on"] = "connected_on"
    basis: str = Field(LAW_33 + "第十二条", description="期限的法律依据（消息中引用）")
    individuals: bool = Field(False, description="期限是否也约束个人（第十二条只约束单位）")
    binds: str = Field("", description="来源原文中受期限约束的是谁（照录）；个人不受约束时告诉个人")
    individuals_note: str = Field("", description="个人备案者看到的一句话：期限是否约束个人，依据哪一段")
    source: Optional[Source] = None


class ChangeRule(_Strict):
    """When the network or a site changes or stops: whom to tell, by when, and what else to do.

    ``days`` is a deadline only where a source the seeds do not mark 失效 gives one, and only for
    what that source names (``covers``: 联网方式变更 = connection, 终止联网 = end). Every other change
    is the platform's and the office's procedure (``procedure``), with no statutory limit."""

    days: Optional[int] = Field(None, ge=1, le=366, description="变更或终止联网之日起几日内告知；来源中没有仍然有效的期限时不写")
    covers: list[Literal["connection", "end"]] = Field(default_factory=list, description="期限约束的事项：联网方式变更、终止联网")
    connection_fields: list[str] = Field(default_factory=list, description="算作“联网方式变更”的栏目（备案文件中的路径前缀）")
    basis: str = Field("", description="期限的依据（告知书和消息中引用）")
    quote: str = Field("", description="来源原文")
    status: str = Field("", description="依据现在是否有效（来源能确认的程度）")
    no_deadline: str = Field("", description="没有期限时说明为什么（如依据已失效）")
    procedure: str = Field("", description="期限以外的变更怎么办（平台和受理机关的程序）")
    notes: list[str] = Field(default_factory=list, description="城市另有的要求")
    access_notes: list[str] = Field(default_factory=list, description="只对接入单位（unit.service_nature 含 isp 或 idc）的要求")
    source: Optional[Source] = None


class ReviewStep(_Strict):
    name: str
    days: int = Field(ge=0, le=366)
    working_days: bool = True
    note: Optional[str] = None


class FormChoice(_Strict):
    """One form a filer fills in, and when: 武威's ISPs fill 表一 instead of the national form."""

    layout: str
    item: str = Field("form", description="清单中对应的条目（份数取自该条目）")
    when: Condition = Field(default_factory=Condition)


class Note(_Strict):
    """A note on the checklist: its words, when it applies, and where it comes from (none: beiantool's own words)."""

    id: Optional[str] = Field(None, pattern=r"^[a-z][a-z0-9_]*$", description="有 id 的注可由城市规则集替换或停用")
    text: str
    when: Condition = Field(default_factory=Condition)
    enabled: bool = True
    source: Optional[Source] = None


class Filing(_Strict):
    """How the packet is filed in this place: forms, copies, deadline, review."""

    form: Optional[str] = Field(None, description="备案表的名称")
    layout: Optional[str] = Field(None, description="备案表版式（templates/forms/ 中的文件名）")
    forms: Optional[list[FormChoice]] = Field(None, description="按条件选择的备案表；不写则用 layout")
    site_forms: Optional[list[FormChoice]] = Field(None, description="每个网站另填一张的表（如互联网网站备案表），有网站时生成")
    letter: Optional[str] = Field(None, description="安全责任书模板（templates/letters/ 中的文件名）")
    layout_note: Optional[str] = Field(None, description="版式与原表的差别（生成时提示）")
    form_per: Optional[Literal["unit", "site"]] = None
    copies: Optional[int] = Field(None, ge=1, le=20)
    placeholder: Optional[str] = Field(None, description="空缺栏目填写的文字，如 无")
    blanks_allowed: Optional[bool] = None
    deadline: Optional[Deadline] = None
    review: Optional[list[ReviewStep]] = None
    change: Optional[ChangeRule] = Field(None, description="联网方式变更或者终止联网时的告知期限")
    hosting_order: Optional[bool] = Field(None, description="网站维护地与服务器所在地不同时，两地都要备案并有先后")
    online: Optional[str] = Field(None, description="网上备案系统的说明")
    starter_sections: list[str] = Field(default_factory=list, description="beiantool init 的模板中加入的本地栏目（templates/starter.yaml 中同名的 #@ if 块）")
    notes: list[Union[str, Note]] = Field(default_factory=list)
    source: Optional[Source] = None


class Item(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    copies: int = Field(1, ge=0, le=20, description="份数；0 表示这是一个要办的事项而不是一份材料")
    marks: list[Literal["公章", "骑缝章", "法人签字", "负责人签字", "每页签字", "单位负责人签字", "本人签字"]] = Field(default_factory=list)
    made_by: Literal["beiantool", "filer"] = "filer"
    show_only: bool = Field(False, description="申请时出示原件即可，不交复印件（如黔东南、双台子的主管部门同意文件）")
    online: bool = Field(False, description="在网上平台上传的电子版，不交纸质材料（不进打印合订本）")
    when: Condition = Field(default_factory=Condition)
    note: Optional[str] = None
    enabled: bool = True
    customer_list: Optional[Literal["hosted_users", "access_users", "ip_allocation", "servers", "colocation_users", "machines"]] = Field(
        None, description="由备案文件 lists 下的哪个名单满足（生成时印在附表和合订本中，清单上显示“已附（N 行）”）")
    source: Optional[Source] = None


class Entry(_Strict):
    enabled: bool = True
    severity: Optional[Severity] = None
    params: dict[str, Any] = Field(default_factory=dict)
    source: Optional[Source] = None


class RegionData(_Strict):
    province: Optional[str] = None
    province_abbr: Optional[str] = None
    region_code: Optional[str] = None
    area_codes: list[str] = Field(default_factory=list)
    postcode_prefixes: list[str] = Field(default_factory=list)
    source: Optional[Source] = None


class RuleFile(_Strict):
    id: str
    name: str
    extends: Optional[str] = None
    description: Optional[str] = None
    region: RegionData = Field(default_factory=RegionData)
    offices: list[Office] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    filing: Filing = Field(default_factory=Filing)
    checklist: list[Item] = Field(default_factory=list)
    checks: dict[str, Entry] = Field(default_factory=dict)


@record(frozen=True)
class Rule:
    """One enabled code with what the engine needs to run it."""

    code: str
    severity: Severity
    params: Any
    source: Optional[Source]


@record(frozen=True)
class RuleSet:
    id: str
    name: str
    description: str
    region: Region
    offices: tuple[Office, ...]
    sources: tuple[Source, ...]
    rules: dict[str, Rule]
    chain: tuple[str, ...] = field(default=())  # this id and the ids it extends
    filing: Filing = field(default_factory=Filing)
    checklist: tuple[Item, ...] = ()
    # what the forms of ``filing`` demand (rules/demands.py), worked out when the rule set was compiled;
    # None: worked out when first needed. Derived from ``filing``: replacing ``filing`` means replacing this too.
    demands: Optional[tuple] = field(default=None, compare=False, repr=False)

    def severity(self, code: str) -> Optional[Severity]:
        rule = self.rules.get(code)
        return rule.severity if rule else None


def choose_office(ruleset: RuleSet, packet: dict) -> Optional[Office]:
    """The packet's own office:, else the office whose area appears in the unit's address,
    else the first office that serves no particular area, else the first."""
    named = text(packet.get("office"))
    if named:
        return next((o for o in ruleset.offices if o.name == named), Office(name=named))
    address = text(get(packet, "unit", "address")) or ""
    for office in ruleset.offices:
        if any(area in address for area in office.areas):
            return office
    general = [o for o in ruleset.offices if not o.areas]
    return (general or list(ruleset.offices) or [None])[0]
