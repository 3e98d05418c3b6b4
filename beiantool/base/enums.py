"""Enumerations of the packet file: the YAML value and the label the forms print.

Values and labels follow spec/packet-format.md ("Enumerations"); the 绍兴 form's
option lists (seed 003_80d2334a63d13c38.txt, 绍兴市计算机信息网络国际联网单位备案表)
are the source of the labels.
"""

from __future__ import annotations

from enum import Enum


class Labelled(str, Enum):
    """A string enum whose members carry the Chinese label printed on forms."""

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    @classmethod
    def choices(cls) -> str:
        return "、".join(f"{m.value}（{m.label}）" for m in cls)


def _make(name: str, pairs: str) -> type[Labelled]:
    """Build an enum from "value 标签 · value 标签" text, as the spec writes it."""
    members = []
    for item in pairs.split("·"):
        value, label = item.strip().split(" ", 1)
        members.append((value, (value, label.strip())))
    return Labelled(name, members)


UnitType = _make("UnitType", "company 企业 · government 政府机关 · institution 事业单位 · social_org 社会团体 · individual 个人 · other 其他")
Industry = _make(
    "Industry",
    "internet_enterprise 上网企业 · government 政府机构 · commerce_finance 商贸金融 · research_education 科研教育 · "
    "news_media 新闻媒体 · portal 综合网站 · transport_travel 交通旅游 · society_culture 社会文化 · it IT相关 · "
    "telecom 电讯网站 · life_services 生活服务 · leisure_entertainment 休闲娱乐 · arts 人文艺术 · "
    "medical_health 医药卫生 · personal_homepage 个人主页 · other 其他网站",
)
ServiceNature = _make("ServiceNature", "isp 接入服务ISP · idc 托管主机IDC · icp 信息服务ICP · user 互联网单位用户 · other 其他")
Isp = _make("Isp", "telecom 电信 · unicom 联通 · mobile 移动 · cernet 中国教育和科研计算机网 · cstnet 中国科技网 · other 其它")
Access = _make(
    "Access",
    "private_network_public_ip 专网、真实IP地址 · leased_line 专线 · adsl ADSL · isdn ISDN · dialup 拨号 · "
    "cable_modem CableModem · power_line 电力网 · wireless 无线上网 · other 其它",
)
Measure = _make(
    "Measure",
    "antivirus 防病毒 · intrusion_prevention 防入侵 · content_filter 信息过滤 · manual_patrol 人工巡查 · "
    "firewall 防火墙 · identity_auth 身份认证 · log_record 日志记录 · audit_alert 安全审计或预警 · "
    "spam_filter 垃圾邮件过滤 · other 其它",
)
Audit = _make("Audit", "manual_log 人工登记 · system_log 系统日志 · audit_software 专用审计软件 · other 其它")
Policy = _make(
    "Policy",
    "filing 备案制 · publish_review 信息发布审核、登记制度 · monitor_backup 信息监视、保存、清除和备份制度 · "
    "virus_vuln_scan 病毒检测和网络安全漏洞检测制度 · incident_report 违法案件报告和协助查处制度 · "
    "account_mgmt 账号使用登记和操作权限管理制度 · staff_duties 安全管理人员岗位工作职责 · "
    "training 安全教育和培训制度 · emergency_plan 安全事件应急预案 · other 其它",
)
HostingType = _make("HostingType", "self 自管主机 · colocated 托管主机 · virtual_space 虚拟空间 · virtual_host 虚拟主机 · cloud 云主机")
Service = _make(
    "Service",
    "www WWW · email 邮件服务 · free_mailbox 免费信箱 · homepage 主页服务 · bbs BBS、论坛服务 · "
    "ecommerce 电子商务 · ftp FTP服务 · newsgroup 新闻组服务 · media 网络媒体 · game 网络游戏 · "
    "im 即时通讯 · p2p P2P · blog 博客 · wap WAP · virtual_space 虚拟空间 · chat 聊天室 · sms 短信服务 · "
    "broadband_multimedia 宽带多媒体服务 · other 其他",
)
SpecialContent = _make(
    "SpecialContent",
    "news 新闻 · publishing 出版 · education 教育 · medical 医疗保健 · drugs 药品和医疗器械 · culture 文化 · av 广播电影电视",
)

# 北京市公安局备案表（阿里云备案帮助页“北京市公安局计算机信息网络国际联网单位备案表(样例)”）
IdType = _make("IdType", "resident_id 居民身份证 · temporary_id 临时居民身份证 · officer_id 军官证 · other 其他证件")
SiteLevel = _make("SiteLevel", "1 一级 · 2 二级 · 3 三级")
SiteCategory = _make(
    "SiteCategory",
    "payment 支付 · general 综合 · forum 论坛 · personal 个人主页（包含社交、微博、博客） · search 搜索 · video 视频 · "
    "communication 通讯（包含即时通讯、电子邮箱） · game 游戏 · trade 交易",
)

# 互联网联网使用单位备案用户网络安全基本情况表, 说明 5: the service-type letters A–U
ServiceLetter = _make(
    "ServiceLetter",
    "A 上网浏览 · B 托管主机 · C 虚拟空间 · D 论坛 · E BBS · F 新闻组 · G 广告牌 · H 电子邮件 · I 个人主页 · "
    "J 点对点网络 · K FTP · L 网上证券 · M 聊天室 · N 电子商务 · O 即时通信 · P 短信息 · Q 宽带多媒体 · "
    "R 网络游戏 · S 影视娱乐 · T 网上银行 · U 其它",
)


# What people type besides the label (spec: the label is an alias; these are unambiguous too).
ALIASES: dict[str, dict[str, str]] = {
    "Isp": {
        "中国电信": "telecom", "电信网": "telecom", "中国公用计算机网": "telecom", "中国联通": "unicom", "联通网": "unicom",
        "中国移动": "mobile", "移动网": "mobile", "教育网": "cernet", "科技网": "cstnet",
    },
    "ServiceNature": {"ISP": "isp", "IDC": "idc", "ICP": "icp", "接入服务": "isp", "托管主机": "idc", "信息服务": "icp"},
    "UnitType": {"公司": "company", "政府": "government", "机关": "government", "学校": "institution", "个人网站": "individual"},
}
