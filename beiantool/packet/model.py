"""The packet model (spec/packet-format.md), with the Chinese label of every field (read through packet/plan.py).

Every field is optional here: which fields a filing needs is the rule set's
business (the ``required`` check). The model's job is the shape: unknown keys,
types and enumerations. Field titles are the labels used in messages and in the
exported JSON Schema.
"""


import datetime
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from beiantool.base.dates import strict_date
from beiantool.packet.listmodel import Lists
from beiantool.base.enums import (
    Access,
    Audit,
    HostingType,
    IdType,
    Industry,
    Isp,
    Measure,
    Policy,
    Service,
    ServiceNature,
    ServiceLetter,
    SiteCategory,
    SiteLevel,
    SpecialContent,
    UnitType,
)


def _as_list(value: Any) -> Any:
    """A single value where a list is expected is taken as a list of one."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    return value


def _no_float(value: Any) -> Any:
    """A number that a spreadsheet turned into a decimal (3.30621199309217e+17) has lost digits: refuse it."""
    if isinstance(value, float):
        raise ValueError("number_as_float")
    return value


Date = Annotated[datetime.date, BeforeValidator(strict_date)]
Text = Optional[str]
# numbers written with digits that must be kept exactly: ID, phone, postcode, codes
Code = Annotated[Optional[str], BeforeValidator(_no_float)]


def _int_as_text(value: Any) -> Any:
    """A level written as 3 is the choice "3"."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def ListOf(item):  # noqa: N802 - reads like a type
    return Annotated[list[item], BeforeValidator(_as_list)]


class _Model(BaseModel):
    # the validator is built when a packet is first validated, not at import: a packet whose shape verdict is
    # remembered (checks/shape.py) is never validated, and the titles (label) need only the fields
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, use_enum_values=False, defer_build=True)


class Person(_Model):
    name: Text = Field(None, title="姓名")
    id_number: Code = Field(None, title="身份证号码", description="居民身份证号码（GB 11643，18 位，含校验位）")
    id_type: Optional[IdType] = Field(
        None, title="证件类型", description="不写即居民身份证；军官证、其他证件的号码不按身份证校验。" + IdType.choices()
    )
    phone: Code = Field(None, title="固定电话", description="区号-号码，如 0575-88888888")
    mobile: Code = Field(None, title="移动电话", description="11 位手机号")
    email: Text = Field(None, title="电子邮箱")
    certificate_no: Code = Field(None, title="证书编号", description="计算机信息网络安全员证书编号 / 培训证号")


class Unit(_Model):
    name: Text = Field(None, title="单位名称", description="与公章完全一致")
    type: Optional[UnitType] = Field(None, title="单位性质", description=UnitType.choices())
    credit_code: Code = Field(None, title="统一社会信用代码", description="GB 32100，18 位；个人不填")
    legal_representative: Optional[Person] = Field(None, title="法人代表", description="法人代表 / 单位负责人")
    address: Text = Field(None, title="通信地址")
    postcode: Code = Field(None, title="邮政编码")
    phone: Code = Field(None, title="联系电话")
    fax: Code = Field(None, title="传真")
    email: Text = Field(None, title="电子邮箱")
    industry: Optional[Industry] = Field(None, title="行业类别", description=Industry.choices())
    service_nature: Optional[ListOf(ServiceNature)] = Field(None, title="服务性质", description=ServiceNature.choices())
    commercial: Optional[bool] = Field(None, title="经营性质", description="true 经营性 / false 非经营性")
    police_station: Text = Field(None, title="所属派出所", description="单位（个人为居住地）所在区域的派出所（北京备案表）")


class Department(_Model):
    name: Text = Field(None, title="安全管理部门名称")
    headcount: Optional[int] = Field(None, title="安全管理部门人数", ge=0)


class TechMeasure(_Model):
    done: Optional[bool] = Field(None, title="是否落实")
    product: Text = Field(None, title="采取何种措施使用何种安全产品")


class TechMeasures(_Model):
    """绍兴《互联网联网使用单位备案用户网络安全基本情况表》“安全保护技术措施落实情况”的 10 项。"""

    antivirus_intrusion: Optional[TechMeasure] = Field(None, title="防范计算机病毒、网络入侵和攻击破坏等危害网络安全事项或者行为的技术措施")
    backup: Optional[TechMeasure] = Field(None, title="重要数据库和系统主要设备的冗灾备份措施")
    user_registration: Optional[TechMeasure] = Field(None, title="记录并留存用户注册信息")
    login_logs: Optional[TechMeasure] = Field(None, title="记录并留存用户登录和退出时间、主叫号码、账号、互联网地址或域名、系统维护日志的技术措施")
    address_mapping: Optional[TechMeasure] = Field(None, title="记录并留存用户使用的互联网网络地址和内部网络地址对应关系")
    illegal_info: Optional[TechMeasure] = Field(None, title="在公共信息服务中发现、停止传输违法信息，并保留相关记录")
    publish_records: Optional[TechMeasure] = Field(None, title="提供新闻、出版以及电子公告等服务的，能够记录并留存发布的信息内容及发布时间")
    tamper_recovery: Optional[TechMeasure] = Field(None, title="开办门户网站、新闻网站、电子商务网站的，能够防范网站、网页被篡改，被篡改后能够自动恢复")
    bbs_audit: Optional[TechMeasure] = Field(None, title="开办电子公告服务的，具有用户注册信息和发布信息审计功能")
    spam_control: Optional[TechMeasure] = Field(None, title="开办电子邮件和网上短信息服务的，能够防范、清除以群发方式发送伪造、隐匿信息发送者真实标记的电子邮件或者短信息")


class Needs(_Model):
    goal: Text = Field(None, title="本单位的安全管理需求和目标是什么")
    problems: Text = Field(None, title="目前在安全管理上还存在哪些问题")
    plan: Text = Field(None, title="下一步打算采取哪些改进措施来弥补")
    other: Text = Field(None, title="其他问题")


class Security(_Model):
    lead: Optional[Person] = Field(None, title="安全领导小组负责人", description="信息网络安全主要负责人")
    officers: Optional[list[Person]] = Field(None, title="计算机信息网络安全员")
    measures: Optional[ListOf(Measure)] = Field(None, title="安全措施", description=Measure.choices())
    audit: Optional[ListOf(Audit)] = Field(None, title="审计方式", description=Audit.choices())
    policies: Optional[ListOf(Policy)] = Field(None, title="已建立的安全管理制度", description=Policy.choices())
    log_retention_days: Optional[int] = Field(None, title="日志留存天数", ge=0)
    department: Optional[Department] = Field(None, title="安全管理部门", description="绍兴固定IP用户基本情况表")
    contact: Optional[Person] = Field(None, title="安全管理部门联系人", description="绍兴固定IP用户基本情况表")
    emergency_contact: Optional[Person] = Field(None, title="24小时应急联系人", description="北京备案表")
    technical_measures: Optional[TechMeasures] = Field(None, title="安全保护技术措施落实情况", description="绍兴固定IP用户基本情况表")
    needs: Optional[Needs] = Field(None, title="安全管理中存在的问题和需求", description="绍兴固定IP用户基本情况表")


class Provider(_Model):
    name: Text = Field(None, title="提供互联网接入的ISP单位名称")
    access: Optional[Access] = Field(None, title="接入方式", description=Access.choices())


class ServiceRow(_Model):
    ips: Text = Field(None, title="使用IP地址（段）")
    types: Optional[ListOf(ServiceLetter)] = Field(None, title="提供服务类型", description=ServiceLetter.choices())
    note: Text = Field(None, title="服务备注", description="相关域名、使用软件等")


class Network(_Model):
    isp: Optional[Isp] = Field(None, title="所属网络", description=Isp.choices())
    isp_other: Text = Field(None, title="其它网络名称", description="isp 为 other 时填写")
    access: Optional[ListOf(Access)] = Field(None, title="联网单位接入方式", description=Access.choices())
    access_offered: Optional[ListOf(Access)] = Field(
        None, title="提供接入方式", description="接入服务单位为用户提供的接入方式（武威表一）；" + Access.choices()
    )
    connected_on: Optional[Date] = Field(None, title="网络正式联通日期", description="申请入网时间；30 日备案期限从此日起算")
    subnets: Optional[int] = Field(None, title="下级网络个数", ge=0)
    hosts: Optional[int] = Field(None, title="联网主机台数", ge=0, description="本网所有有 IP 地址的计算机，含虚拟主机")
    ip_ranges: Optional[ListOf(str)] = Field(
        None, title="IP地址范围", description="单个地址、起始-结束 或 CIDR；没有固定 IP（ADSL、拨号）写 dynamic，表上印“动态IP（无固定IP地址）”"
    )
    egress_router_ip: Text = Field(None, title="出口路由器IP")
    dns_server_ip: Text = Field(None, title="域名服务器IP")
    mail_server_ip: Text = Field(None, title="邮件服务器IP")
    providers: Optional[list[Provider]] = Field(None, title="提供互联网接入的ISP单位", description="至多 3 个（绍兴固定IP用户基本情况表）")
    offers_hosting: Optional[bool] = Field(None, title="是否提供托管主机或虚拟主机服务")
    offers_subaccess: Optional[bool] = Field(None, title="是否提供下级接入服务")
    subaccess_terminals: Optional[int] = Field(None, title="下级接入用户电脑终端数量", ge=0)
    servers: Optional[int] = Field(None, title="服务器数量", ge=0)
    servers_hosted: Optional[bool] = Field(None, title="本单位服务器是否托管")
    hosting_location: Text = Field(None, title="托管位置")
    service_table: Optional[list[ServiceRow]] = Field(None, title="本网络服务种类描述")


class Hosting(_Model):
    type: Optional[HostingType] = Field(None, title="网站网页类型", description=HostingType.choices())
    provider: Text = Field(None, title="提供服务的ISP或IDC单位")
    address: Text = Field(None, title="服务器所在物理地址")
    city: Text = Field(None, title="服务器所在城市", description="服务器不在本单位所在城市时填写（规则集代码或城市名）")


class Site(_Model):
    name: Text = Field(None, title="网站名称")
    domains: Optional[ListOf(str)] = Field(None, title="网站域名")
    homepage: Text = Field(None, title="网站首页网址")
    icp_number: Code = Field(None, title="ICP备案号", description="如 浙ICP备2024000001号-1")
    icp_license: Code = Field(None, title="经营性ICP许可证号", description="如 浙B2-20240001")
    police_number: Code = Field(None, title="公安备案号", description="已取得的公网安备号，如 浙公网安备 33060202000394号")
    opened_on: Optional[Date] = Field(None, title="网站开通日期", description="网站开通 / ICP 备案通过日期")
    ips: Optional[ListOf(str)] = Field(None, title="IP地址")
    hosting: Optional[Hosting] = Field(None, title="主机情况")
    services: Optional[ListOf(Service)] = Field(None, title="服务种类", description=Service.choices())
    interactive: Optional[bool] = Field(None, title="交互式栏目", description="是否开设论坛、评论、留言、聊天等交互式栏目")
    special_content: Optional[ListOf(SpecialContent)] = Field(None, title="前置审批内容", description=SpecialContent.choices())
    responsible: Optional[Person] = Field(None, title="网站负责人")
    level: Annotated[Optional[SiteLevel], BeforeValidator(_int_as_text)] = Field(None, title="网站级别", description="北京备案表：论坛、微博、博客选二级，其他选三级。" + SiteLevel.choices())
    category: Optional[SiteCategory] = Field(None, title="服务类型（北京）", description="北京备案表的服务类型。" + SiteCategory.choices())


class AttachmentFile(_Model):
    file: str = Field(title="文件", description="相对于备案文件所在目录的路径；JPEG、PNG 或 PDF")
    whose: Optional[str] = Field(
        None, title="谁的证件",
        description="与人有关的附件（身份证、证书复印件）写明是谁的：legal 法人代表、lead 安全负责人、officer1 第 1 名安全员……、site1 第 1 个网站的负责人……",
    )


AttachmentValue = Union[str, AttachmentFile, list[Union[str, AttachmentFile]]]
class Packet(_Model):
    """一份公安联网备案材料：一个联网单位及其网站。"""

    model_config = ConfigDict(title="beiantool 备案文件")

    city: Text = Field(None, title="城市规则集", description="规则集代码，`beiantool cities` 可列出")
    county: Text = Field(None, title="所属县（市）区", description="绍兴固定IP用户基本情况表")
    office: Text = Field(None, title="受理机关", description="默认取规则集中的受理机关")
    filled_on: Optional[Date] = Field(None, title="填表日期", description="不写则表上留空白的年月日，交表时手写；期限按今天计算")
    changed_on: Optional[Date] = Field(
        None, title="变更日期", description="联网方式、网站等变更或终止联网的日期，beiantool change 从此日起算告知期限；默认今天"
    )
    unit: Optional[Unit] = Field(None, title="单位")
    security: Optional[Security] = Field(None, title="安全管理")
    network: Optional[Network] = Field(None, title="网络概况")
    sites: Optional[list[Site]] = Field(None, title="网站")
    lists: Optional[Lists] = Field(
        None, title="客户名单",
        description="IDC、ISP、虚拟主机服务商的客户名单：虚拟主机用户、接入单位和用户、IDC 备案的四张表；每项写名单文件名或直接写列表",
    )
    attachments: Optional[dict[str, AttachmentValue]] = Field(
        None, title="已有附件",
        description="清单条目代码 → 文件路径，或文件的列表；与人有关的写成 {file: 路径, whose: legal | lead | officer1 | site1 …}",
    )


def inner_type(annotation, base: type) -> Optional[type]:
    """The first subclass of ``base`` inside an annotation: Person in Optional[list[Person]]."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, base):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
    return None


def _inner_model(annotation) -> Optional[type]:
    return inner_type(annotation, BaseModel)


def model_at(path) -> Optional[type[BaseModel]]:
    """The model class found by following ``path`` from Packet (list indexes skipped)."""
    cls: Any = Packet
    for part in path:
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part) if cls else None
        if info is None:
            return None
        cls = _inner_model(info.annotation)
    return cls
