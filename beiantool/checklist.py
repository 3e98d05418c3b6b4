"""The checklist: what to bring, how many copies, sealed or signed, where, and by when.

Computed from a rule set alone (every item with the condition under which it
applies) or from a rule set and a packet (only what this filer needs, with the
deadline and review dates worked out).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

from beiantool import rules, workdays
from beiantool.checks.base import as_date, get, has_fixed_ip, is_individual, sites, text
from beiantool.enums import ServiceNature, SpecialContent, UnitType
from beiantool.errors import UsageError
from beiantool.rules import Condition, Item, Office, RuleSet


@dataclass(frozen=True)
class Entry:
    item: Item
    applies: Optional[bool]  # None: the packet cannot tell (a manual condition) or no packet given
    condition: str  # the condition in Chinese
    have: tuple[str, ...] = ()  # the files the packet lists under attachments for this item
    tracked: bool = False  # the packet lists attachments at all (so a missing one is worth saying)
    rows: Optional[int] = None  # the item is a customer list (Item.customer_list) the packet holds: its row count

    @property
    def needs_file(self) -> bool:
        """A document the filer brings (not made by beiantool, not a step to take, not only shown)."""
        return self.item.made_by == "filer" and self.item.copies > 0 and not self.item.show_only

    @property
    def attached(self) -> str:
        """已附 / 未附 / "" (nothing to attach, or attachments not tracked)."""
        if self.rows is not None:
            return f"已附（{self.rows} 行）"
        if self.have:
            return f"已附（{len(self.have)} 个文件）" if len(self.have) > 1 else "已附"
        return "未附" if self.tracked and self.needs_file and self.applies is True else ""

    def to_dict(self) -> dict:
        return {
            "id": self.item.id,
            "name": self.item.name,
            "copies": 0 if self.item.show_only else self.item.copies,
            "show_only": self.item.show_only,
            "online": self.item.online,
            "marks": list(self.item.marks),
            "made_by": self.item.made_by,
            "applies": self.applies,
            "condition": self.condition,
            "note": self.item.note,
            "have": "、".join(self.have) or None,
            "attached": list(self.have),
            "rows": self.rows,
            "source": self.item.source.title() if self.item.source else None,
            "source_ref": self.item.source.cite() if self.item.source else None,
        }


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    start: datetime.date
    start_label: str
    days: int

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "start": self.start.isoformat(), "from": self.start_label, "days": self.days}


@dataclass(frozen=True)
class Step:
    name: str
    days: int
    working_days: bool
    by: Optional[datetime.date]
    note: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "step": self.name,
            "days": self.days,
            "working_days": self.working_days,
            "by": self.by.isoformat() if self.by else None,
            "note": self.note,
        }


@dataclass
class Checklist:
    ruleset: RuleSet
    entries: list[Entry]
    office: Optional[Office]
    deadlines: list[Deadline] = field(default_factory=list)
    deadline_rule: str = ""
    review: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    filer: Optional[str] = None  # the unit's name when a packet was given
    filed_on: Optional[datetime.date] = None

    @property
    def city(self) -> str:
        return self.ruleset.id

    def to_dict(self) -> dict:
        return {
            "city": self.ruleset.id,
            "city_name": self.ruleset.name,
            "filer": self.filer,
            "items": [e.to_dict() for e in self.entries],
            "deadline": self.deadlines[0].to_dict() if len(self.deadlines) == 1 else [d.to_dict() for d in self.deadlines] or None,
            "deadline_rule": self.deadline_rule,
            "office": _office_dict(self.office),
            "review": [s.to_dict() for s in self.review],
            "filed_on": self.filed_on.isoformat() if self.filed_on else None,
            "form": self.ruleset.filing.form,
            "copies": self.ruleset.filing.copies,
            "notes": self.notes,
        }


def _office_dict(office: Optional[Office]) -> Optional[dict]:
    if office is None:
        return None
    return office.model_dump(exclude={"source", "areas"}, exclude_none=True)


# ---- conditions ---------------------------------------------------------------


def _labels(enum, values) -> str:
    return "、".join(enum(v).label if v in enum._value2member_map_ else v for v in values)


def describe(cond: Condition) -> str:
    parts = []
    if cond.unit_type:
        parts.append(f"单位性质为{_labels(UnitType, cond.unit_type)}")
    if cond.not_unit_type:
        parts.append(f"单位性质不是{_labels(UnitType, cond.not_unit_type)}")
    if cond.service_nature:
        parts.append(f"服务性质含{_labels(ServiceNature, cond.service_nature)}")
    if cond.not_service_nature:
        parts.append(f"服务性质不含{_labels(ServiceNature, cond.not_service_nature)}")
    if cond.commercial is not None:
        parts.append("经营性" if cond.commercial else "非经营性")
    if cond.has_sites is not None:
        parts.append("有网站" if cond.has_sites else "没有网站")
    if cond.unfiled_sites is not None:
        parts.append("有网站还没有公安备案号" if cond.unfiled_sites else "网站都已有公安备案号")
    if cond.special_content:
        parts.append(f"网站涉及{_labels(SpecialContent, cond.special_content)}")
    if cond.virtual_hosting:
        parts.append("提供虚拟主机服务的信息服务单位")
    if cond.fixed_ip is not None:
        parts.append("使用固定IP地址" if cond.fixed_ip else "不使用固定IP地址")
    if cond.manual:
        parts.append(f"视情况：{cond.manual}")
    return "；".join(parts) or "所有备案者（单位和个人）"


def _values(value: Any) -> set[str]:
    if isinstance(value, list):
        return {t for t in (text(v) for v in value) if t}
    t = text(value)
    return {t} if t else set()


def holds(cond: Condition, packet: dict) -> Optional[bool]:
    """Whether a condition holds for a packet; None when the packet cannot tell."""
    kind = text(get(packet, "unit", "type"))
    nature = _values(get(packet, "unit", "service_nature"))
    site_list = [site for _, site in sites(packet)]
    content = set().union(*(_values(site.get("special_content")) for site in site_list)) if site_list else set()
    offered = set().union(*(_values(site.get("services")) for site in site_list)) if site_list else set()
    checks = [
        cond.unit_type is None or kind in cond.unit_type,
        cond.not_unit_type is None or kind not in cond.not_unit_type,
        cond.service_nature is None or bool(nature & set(cond.service_nature)),
        cond.not_service_nature is None or not (nature & set(cond.not_service_nature)),
        cond.commercial is None or (get(packet, "unit", "commercial") is True) == cond.commercial,
        cond.has_sites is None or bool(site_list) == cond.has_sites,
        cond.unfiled_sites is None or any(not text(site.get("police_number")) for site in site_list) == cond.unfiled_sites,
        cond.special_content is None or bool(content & set(cond.special_content)),
    ]
    unknown = bool(cond.manual)
    for wanted, actual in ((cond.virtual_hosting, _virtual_hosting(packet, offered)), (cond.fixed_ip, has_fixed_ip(packet))):
        if wanted is None:
            continue
        if actual is None:
            unknown = True
        else:
            checks.append(actual == wanted)
    if not all(checks):
        return False
    return None if unknown else True


def _virtual_hosting(packet: dict, offered: set[str]) -> Optional[bool]:
    """虚拟主机服务: a site offering 虚拟空间; unknown when the unit only says it offers 托管主机或虚拟主机."""
    if "virtual_space" in offered:
        return True
    return None if get(packet, "network", "offers_hosting") is True else False


# ---- building -----------------------------------------------------------------


def build(ruleset: RuleSet, packet: Optional[dict] = None, today: Optional[datetime.date] = None,
          tables: Optional[dict] = None) -> Checklist:
    """``tables``: the packet's customer lists (beiantool.lists.load), for the items they fulfil."""
    if packet is None:
        entries = [Entry(item, None, describe(item.when)) for item in ruleset.checklist]
        d = ruleset.filing.deadline
        person = [f"个人：{individuals_note(d)}"] if d and not d.individuals else []
        return Checklist(ruleset, entries, ruleset.offices[0] if ruleset.offices else None,
                         deadline_rule=_deadline_rule(ruleset), review=_review(ruleset, None)[0],
                         notes=person + note_texts(ruleset, None))
    from beiantool.attachments import listed

    tracked = isinstance(get(packet, "attachments"), dict)
    files: dict[str, list[str]] = {}
    for entry in listed(packet):
        files.setdefault(entry.item, []).append(entry.file)
    entries = []
    person = is_individual(packet)
    for item in ruleset.checklist:
        applies = holds(item.when, packet)
        if applies is not False:
            item = _for_a_person(item) if person else item
            table = (tables or {}).get(item.customer_list) if item.customer_list else None
            have = tuple(files.get(item.id, ())) + ((table.file,) if table is not None and table.file else ())
            entries.append(Entry(item, applies, describe(item.when), have, tracked, len(table) if table is not None else None))
    entries.extend(_remote_filings(ruleset, packet))
    filed_on = as_date(packet.get("filled_on")) or today or datetime.date.today()
    review, estimated = _review(ruleset, filed_on)
    deadlines = _deadlines(ruleset, packet)
    notes = note_texts(ruleset, packet)
    if estimated:
        notes.append(workdays.CALENDAR_NOTE.format(year=2027))
    d = ruleset.filing.deadline
    rule = _deadline_rule(ruleset)
    if d and person and not d.individuals:
        deadlines, rule = [], individuals_note(d)  # stated once, in the header, citing its passage
    elif d and not deadlines:
        notes.append(_why_no_deadline(ruleset, packet))
    return Checklist(ruleset, entries, choose_office(ruleset, packet), deadlines, rule,
                     review, notes, text(get(packet, "unit", "name")), filed_on)


def individuals_note(d) -> str:
    """What a person filing alone is told about the deadline: the rule set's own sentence, citing its passage."""
    if d.individuals_note:
        return d.individuals_note
    whom = f"“{d.binds}”" if d.binds else "单位"
    return f"{d.basis}规定的 {d.days} 日期限约束的是{whom}，来源没有规定个人的备案期限。"


def note_texts(ruleset: RuleSet, packet: Optional[dict]) -> list[str]:
    """The rule set's notes that apply to this packet (all, with their condition, when there is none)."""
    out = []
    for note in ruleset.filing.notes:
        if isinstance(note, str):
            out.append(note)
            continue
        applies = holds(note.when, packet) if packet is not None else None
        if applies is False:
            continue
        shown = describe(note.when)
        out.append(note.text if applies or shown == describe(Condition()) else f"{note.text}（适用：{shown}）")
    return out


# A person signs where a unit seals: 公章 → 本人签字; a person has no 骑缝章 or 单位负责人.
_PERSON_MARKS = {"公章": "本人签字", "法人签字": "本人签字", "单位负责人签字": "本人签字", "负责人签字": "本人签字", "骑缝章": None}


def _for_a_person(item: Item) -> Item:
    marks = list(dict.fromkeys(m for m in (_PERSON_MARKS.get(m, m) for m in item.marks) if m))
    if "每页签字" in marks and "本人签字" in marks:
        marks.remove("本人签字")
    return item if marks == list(item.marks) else item.model_copy(update={"marks": marks})


def _why_no_deadline(ruleset: RuleSet, packet: dict) -> str:
    """Missing, malformed or out of the calendar: say which."""
    from beiantool.privacy import excerpt

    if ruleset.filing.deadline.start == "connected_on":
        label, given = "网络正式联通日期（network.connected_on）", [get(packet, "network", "connected_on")]
    else:
        label, given = "网站开通日期（sites[].opened_on）", [site.get("opened_on") for _, site in sites(packet)]
    given = [g for g in given if g is not None and g != ""]
    if not given:
        return f"备案文件中没有{label}，无法计算备案期限。"
    bad = next((g for g in given if as_date(g) is None), None)
    if bad is not None:
        return f"{label}“{excerpt(bad)}”不是有效日期（应为 YYYY-MM-DD），无法计算备案期限。"
    return f"{label}离公历的尽头太近，无法计算备案期限。"


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


def _deadline_rule(ruleset: RuleSet) -> str:
    d = ruleset.filing.deadline
    if d is None:
        return ""
    start = "网络正式联通之日" if d.start == "connected_on" else "网站 ICP 备案号下发（网站开通）之日"
    return f"自{start}起 {d.days} 日内（{d.basis}）"


def _deadlines(ruleset: RuleSet, packet: dict) -> list[Deadline]:
    d = ruleset.filing.deadline
    if d is None:
        return []
    if d.start == "connected_on":
        starts = [(as_date(get(packet, "network", "connected_on")), "网络正式联通日期")]
    else:
        starts = [(as_date(site.get("opened_on")), f"网站{i + 1}（{text(site.get('name')) or ''}）开通日期") for i, site in sites(packet)]
    out = []
    for start, label in starts:
        end = workdays.shift(start, d.days) if start else None
        if end is not None:
            out.append(Deadline(end, start, label, d.days))
    return out


def _review(ruleset: RuleSet, start: Optional[datetime.date]) -> tuple[list[Step], bool]:
    steps, estimated, day = [], False, start
    for step in ruleset.filing.review or []:
        by = None
        if day is not None:
            counted = workdays.add_days(day, step.days, step.working_days)  # date None: past year 9999
            day, by = counted.date, counted.date
            estimated |= counted.estimated
        steps.append(Step(step.name, step.days, step.working_days, by, step.note))
    return steps, estimated


def _remote_filings(ruleset: RuleSet, packet: dict) -> list[Entry]:
    """The 贺州 rule: a site hosted in another city is filed here first, then there."""
    out = []
    for i, site in sites(packet):
        where = text(get(site, "hosting", "city"))
        if not where or where in (ruleset.id, ruleset.name) or rules.city_alias(where) == ruleset.id:
            continue
        other = _ruleset_or_none(rules.city_alias(where) or where)
        governing = ruleset if ruleset.filing.hosting_order else (other if other and other.filing.hosting_order else None)
        if governing is None:
            continue
        place = other.name if other else where
        item = Item(
            id=f"remote_filing_{i + 1}",
            copies=0,
            name=f"网站{i + 1}（{text(site.get('name')) or ''}）的服务器在{place}：本地备案完成后，再到{place}公安机关备案",
            source=governing.sources[0] if governing.sources else None,
            note="网站维护地与服务器所在地不同时，先到维护地（本单位所在地）备案，再到服务器托管地备案",
        )
        out.append(Entry(item, True, f"网站服务器托管在{place}"))
    return out


def _ruleset_or_none(name: str) -> Optional[RuleSet]:
    try:
        return rules.load(name) if name in rules.available_ids() else None
    except UsageError:  # an unreadable user rule file: fall back to the name alone
        return None
