"""`beiantool change`: what changed between two versions of a packet, and what the filer must do.

Whether a change must be told by a deadline is the rule set's ``filing.change`` (seed 001:
公通字〔1996〕8号 二, marked 失效 in the seed, sets none any more; 北京 1996年第3号通告 三 gives
30 days for 联网方式变更 and 终止联网 only). Every field of the packet counts as a change of the
filing except those in NOT_COUNTED: they describe the paperwork, not the network.

Lists of people and of websites are matched by who and what they are (an officer by
ID number, else name; a site by a shared domain, else name), so a replaced officer
reads as one removed and one added, and a site added at the top does not make every
other site look changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import BaseModel

from beiantool.packet.view import text

NOT_COUNTED = {"filled_on": "填表日期", "changed_on": "变更日期", "attachments": "已有附件", "office": "受理机关"}
ADDED, REMOVED, CHANGED = "新增", "删除", "变更"
PLATFORM_SHARED = ("unit.name", "unit.address", "unit.phone", "unit.postcode", "security.officers", "network.isp", "security.measures")


@dataclass
class Change:
    kind: str  # 新增 | 删除 | 变更
    path: str  # dotted, in NEW (in OLD for a removal)
    label: str
    old: str
    new: str
    site: Optional[int] = None  # the website (index in NEW, or in OLD when removed) it concerns

    def to_dict(self, masked: bool = True) -> dict:
        from beiantool.base.privacy import screen

        show = screen if masked else str
        return {"kind": self.kind, "path": self.path, "label": self.label, "old": show(self.old), "new": show(self.new), "site": self.site}


@dataclass
class SiteNews:
    """What a website's change means on the platform."""

    name: str
    police_number: str
    step: str  # 网站信息变更申请 | 网站注销申请 | 新办网站备案申请
    index: int = 0  # in the packet it is found in (NEW, or OLD when removed)


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)
    sites: list[SiteNews] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)


# ---- values as the forms print them ------------------------------------------------------------

def shown(value: Any, annotation: Any = None) -> str:
    """A value as a person reads it: labels for enumerations, 年月日 dates, 是/否, lists joined with 、."""
    from beiantool.base.enums import Labelled
    from beiantool.packet.model import inner_type

    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(s for s in (shown(v, annotation) for v in value) if s)
    if isinstance(value, dict):
        return "；".join(f"{k}：{shown(v)}" for k, v in value.items() if shown(v))
    if isinstance(value, datetime.date):
        return ymd(value)
    enum = inner_type(annotation, Labelled) if annotation is not None else None
    if enum is not None and str(value) in enum._value2member_map_:
        return enum(str(value)).label
    return str(value).strip()


def ymd(day: datetime.date) -> str:
    """2026年12月5日, as the notices print a date."""
    return f"{day.year}年{day.month}月{day.day}日"


def _same(a: Any, b: Any) -> bool:
    return _norm(a) == _norm(b)


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, list):
        items = [_norm(v) for v in value]
        items = [v for v in items if v is not None]
        return items or None
    if isinstance(value, dict):
        out = {k: _norm(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None} or None
    return value


# ---- the comparison ---------------------------------------------------------------------------

def _fields(cls: Optional[type[BaseModel]]) -> dict:
    return dict(cls.model_fields) if cls is not None else {}


def _model_of(annotation) -> Optional[type[BaseModel]]:
    from beiantool.packet.model import inner_type

    return inner_type(annotation, BaseModel)


def _is_list_of_models(annotation) -> bool:
    from typing import get_args, get_origin

    stack = [annotation]
    while stack:
        item = stack.pop()
        if get_origin(item) is list and any(_model_of(a) for a in get_args(item)):
            return True
        stack.extend(a for a in get_args(item) if not isinstance(a, (str, int)))
    return False


def _dotted(path: tuple) -> str:
    from beiantool.base.problem import format_path

    return format_path(path)


def _person_key(person: Any) -> set[str]:
    """An officer is who his ID number says, else his name."""
    if not isinstance(person, dict):
        return set()
    number = text(person.get("id_number"))
    name = text(person.get("name"))
    return {"id:" + number.upper()} if number else ({"name:" + name} if name else set())


def _site_keys(site: Any) -> set[str]:
    if not isinstance(site, dict):
        return set()
    domains = site.get("domains") if isinstance(site.get("domains"), list) else [site.get("domains")]
    keys = {"d:" + str(d).strip().lower().rstrip(".") for d in domains if text(d)}
    return keys or ({"n:" + text(site.get("name"))} if text(site.get("name")) else set())


def _match(old: list, new: list, keys) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(pairs of matched indexes, old-only, new-only); each item matches at most one."""
    pairs, used = [], set()
    for i, item in enumerate(old):
        mine = keys(item)
        for j, other in enumerate(new):
            if j not in used and mine and mine & keys(other):
                pairs.append((i, j))
                used.add(j)
                break
    matched_old = {i for i, _ in pairs}
    return pairs, [i for i in range(len(old)) if i not in matched_old], [j for j in range(len(new)) if j not in used]


def _person_title(person: Any, fallback: str) -> str:
    name = text(person.get("name")) if isinstance(person, dict) else None
    return f"{fallback}（{name}）" if name else fallback


def _person_line(person: Any) -> str:
    if not isinstance(person, dict):
        return shown(person)
    parts = [text(person.get("name")) or "（无姓名）"]
    if text(person.get("id_number")):
        parts.append(f"身份证号码 {text(person.get('id_number'))}")
    if text(person.get("certificate_no")):
        parts.append(f"证书编号 {text(person.get('certificate_no'))}")
    if text(person.get("mobile")):
        parts.append(f"移动电话 {text(person.get('mobile'))}")
    return "，".join(parts)


def _rows_text(rows: Any, cls: type[BaseModel]) -> str:
    """Rows of a table (本网络服务种类描述) one per line, each field with its title."""
    if not isinstance(rows, list):
        return shown(rows)
    out = []
    for row in rows:
        if isinstance(row, dict):
            fields = cls.model_fields
            out.append("，".join(f"{fields[k].title if k in fields else k}：{shown(v, fields[k].annotation if k in fields else None)}"
                                for k, v in row.items() if shown(v)))
        else:
            out.append(shown(row))
    return "\n".join(o for o in out if o)


def site_line(site: Any) -> str:
    if not isinstance(site, dict):
        return shown(site)
    domains = shown(site.get("domains"))
    parts = [(text(site.get("name")) or "（未命名网站）") + (f"（{domains}）" if domains else "")]
    for key, title in (("icp_number", "ICP备案号"), ("police_number", "公安备案号"), ("ips", "IP地址")):
        if shown(site.get(key)):
            parts.append(f"{title} {shown(site.get(key))}")
    return "，".join(parts)


class _Walker:
    def __init__(self, site_match: tuple):
        self.out: list[Change] = []
        self.site: Optional[int] = None
        self.site_match = site_match  # _match of the two packets' sites, made once by compare()

    def add(self, kind: str, path: tuple, label: str, old: str, new: str) -> None:
        self.out.append(Change(kind, _dotted(path), label, old, new, self.site))

    def mapping(self, old: Any, new: Any, cls, path: tuple, prefix: str) -> None:
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        fields = _fields(cls)
        keys = list(fields) + [k for k in [*new, *old] if k not in fields]
        for key in dict.fromkeys(keys):
            if not path and (key in NOT_COUNTED or key == "lists"):
                continue  # the customer lists are compared row by row (listdiff), not as file names
            info = fields.get(key)
            title = (info.title if info and info.title else str(key))
            label = f"{prefix}·{title}" if prefix else title
            a, b = old.get(key), new.get(key)
            if _same(a, b):
                continue
            annotation = info.annotation if info else None
            sub = _model_of(annotation) if annotation is not None else None
            if path == () and key == "sites":
                self.sites(a if isinstance(a, list) else [], b if isinstance(b, list) else [])
            elif sub is not None and _is_list_of_models(annotation) and "name" not in sub.model_fields:
                # rows without a name of their own (本网络服务种类描述): the list changed as a whole
                self.add(CHANGED if a and b else ADDED if b else REMOVED, (*path, key), label, _rows_text(a, sub), _rows_text(b, sub))
            elif sub is not None and _is_list_of_models(annotation):
                self.people(a if isinstance(a, list) else [], b if isinstance(b, list) else [], (*path, key), label)
            elif sub is not None and (isinstance(a, dict) or isinstance(b, dict)):
                if a is None or b is None:
                    kind = ADDED if a is None else REMOVED
                    body = _person_line(a if b is None else b) if "id_number" in sub.model_fields else shown(a if b is None else b)
                    self.add(kind, (*path, key), label, body if kind == REMOVED else "", body if kind == ADDED else "")
                else:
                    self.mapping(a, b, sub, (*path, key), _section(label, path))
            else:
                kind = ADDED if _norm(a) is None else REMOVED if _norm(b) is None else CHANGED
                self.add(kind, (*path, key), label, shown(a, annotation), shown(b, annotation))

    def people(self, old: list, new: list, path: tuple, label: str) -> None:
        from beiantool.packet.model import Person

        pairs, gone, came = _match(old, new, _person_key)
        if not pairs and old and new:  # no key in common: match by name
            pairs, gone, came = _match(old, new, lambda p: {"name:" + text(p.get("name"))} if isinstance(p, dict) and text(p.get("name")) else set())
        for i, j in pairs:
            self.mapping(old[i], new[j], Person, (*path, j), _person_title(new[j], label))
        for i in gone:
            self.add(REMOVED, (*path, i), label, _person_line(old[i]), "")
        for j in came:
            self.add(ADDED, (*path, j), label, "", _person_line(new[j]))

    def sites(self, old: list, new: list) -> None:
        from beiantool.packet.model import Site

        pairs, gone, came = self.site_match
        for i, j in pairs:
            self.site = j
            name = text(new[j].get("name")) if isinstance(new[j], dict) else None
            self.mapping(old[i], new[j], Site, ("sites", j), f"网站“{name}”" if name else f"网站{j + 1}")
        for i in gone:
            self.site = i
            self.add(REMOVED, ("sites", i), "网站", site_line(old[i]), "")
        for j in came:
            self.site = j
            self.add(ADDED, ("sites", j), "网站", "", site_line(new[j]))
        self.site = None


def _section(label: str, path: tuple) -> str:
    """Inside 单位 / 安全管理 / 网络概况 a field's own title reads well alone (单位名称, 所属网络)."""
    return "" if not path and label in ("单位", "安全管理", "网络概况") else label


def _filer(packet: dict) -> tuple[str, str, str]:
    """(kind, what it is called, its number): an individual by the ID number, any other unit by its credit code."""
    from beiantool.packet.view import get, is_individual

    if is_individual(packet):
        return "person", "身份证号码", _plain(get(packet, "unit", "legal_representative", "id_number"))
    return "unit", "统一社会信用代码", _plain(get(packet, "unit", "credit_code"))


def _plain(value: Any) -> str:
    import re

    return re.sub(r"[\s\u3000-]+", "", text(value) or "").upper()


def different_filer(old: dict, new: dict) -> Optional[str]:
    """Why OLD and NEW are not one filer (a change notice is about one unit's filing), else None.
    A number missing on either side proves nothing."""
    (kind_a, what, a), (kind_b, _, b) = _filer(old), _filer(new)
    if kind_a != kind_b and (a and b):
        return "一份是个人备案，一份是单位备案"
    if a and b and a != b:
        return f"{what}不同（变更前 {a}，变更后 {b}）"
    return None


def compare(old: dict, new: dict, old_lists: Optional[dict] = None, new_lists: Optional[dict] = None) -> Diff:
    """Every counted difference between two packets, and what each website's change means on the platform;
    ``old_lists`` / ``new_lists``: their customer lists (beiantool.packet.lists.load), compared customer by customer."""
    from beiantool.checks.shape import ungroup_numbers
    from beiantool.packet.model import Packet
    from beiantool.packet.normalize import normalize_labels
    from beiantool.rules import city_alias

    for packet in (old, new):  # read as validate reads them: 0575-8888 8888 and 0575-88888888 are one number
        normalize_labels(packet, city_alias=city_alias)
        ungroup_numbers(packet)
    old_sites = [s if isinstance(s, dict) else {} for s in old.get("sites")] if isinstance(old.get("sites"), list) else []
    new_sites = [s if isinstance(s, dict) else {} for s in new.get("sites")] if isinstance(new.get("sites"), list) else []
    pairs, gone, came = _match(old_sites, new_sites, _site_keys)  # a site that is not a mapping matches nothing
    walker = _Walker((pairs, gone, came))
    walker.mapping(old, new, Packet, (), "")
    from beiantool.tasks.listdiff import list_changes

    walker.out.extend(Change(*change) for change in list_changes(old_lists or {}, new_lists or {}))
    diff = Diff(walker.out)
    # the platform's record of a site holds the unit, its officers, its network and measures too
    unit_changed = any(c.site is None and c.path.startswith(PLATFORM_SHARED) for c in diff.changes)
    for i, j in pairs:
        number = text(old_sites[i].get("police_number")) or text(new_sites[j].get("police_number"))
        touched = unit_changed or any(c.site == j for c in diff.changes)
        if number and touched:
            diff.sites.append(SiteNews(text(new_sites[j].get("name")) or f"网站{j + 1}", number, "网站信息变更申请", j))
    for i in gone:
        number = text(old_sites[i].get("police_number"))
        if number:
            diff.sites.append(SiteNews(text(old_sites[i].get("name")) or f"网站{i + 1}", number, "网站注销申请", i))
    for j in came:
        if not text(new_sites[j].get("police_number")):
            diff.sites.append(SiteNews(text(new_sites[j].get("name")) or f"网站{j + 1}", "", "新办网站备案申请", j))
    return diff
