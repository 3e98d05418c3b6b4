"""The 变更 and 注销/终止联网 notices (`beiantool change`): their text, their to-do list, their files.

The rule (days, what they cover, basis, quote, city notes) is the rule set's ``filing.change``.
A deadline is given only where a source still supports it and only for what it covers
(联网方式变更, 终止联网); every other change is told with the reason there is none. The
notice's wording is beiantool's own, and says so on a separate 生成说明 sheet, in the
manifest and on the screen — never on the notice the filer seals. The files are
written like a packet: whole or not at all (safeio.PacketFolder), with a manifest.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from beiantool.tasks.change import Change, Diff, SiteNews, compare, different_filer, site_line, ymd
from beiantool.base.dates import as_date
from beiantool.packet.view import get, is_individual, text
from beiantool.packet.view import sites as packet_sites
from beiantool.base.errors import UsageError
from beiantool.render import remarks

GENERATED = ("来源没有给出变更、终止联网或网站注销告知书的格式；"
             "本告知书的格式和文字由 beiantool 拟写，受理机关有自己的表格时请以其为准。")
HEADERS = ["序号", "类别", "栏目", "变更前", "变更后"]


def own_words() -> list:
    """The notice's fixed wording that no source carries (for `beiantool sources`)."""
    from beiantool.rules.own_words import statement

    return [statement("beiantool/notice.py · GENERATED", GENERATED),
            statement("beiantool/notice.py · 告知书正文", "……已办理计算机信息网络国际联网备案。备案内容自……起有下列变更／自……起终止联网／申请注销该网站的备案……特此告知。")]
WIDTHS = [7, 8, 23, 31, 31]  # percent of the text width


@dataclass
class Notice:
    kind: str  # change | cancel_unit | cancel_site
    title: str
    unit: str
    office: str
    date: datetime.date  # of the change or the end
    deadline: Optional[datetime.date]  # None: no source in force sets one for this change
    rule: object  # rules.ChangeRule
    before: list[tuple[str, str]] = field(default_factory=list)  # letter blocks above the table
    rows: list[list[str]] = field(default_factory=list)  # the table (changes only)
    after: list[tuple[str, str]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)  # the filer's short checklist
    changes: list[Change] = field(default_factory=list)
    sites: list[SiteNews] = field(default_factory=list)

    def strings(self):
        for piece in (self.title, GENERATED, remarks.TITLE, *HEADERS, *(t for _, t in self.before + self.after), *(c for r in self.rows for c in r)):
            yield piece, ""

    def overdue(self, today: datetime.date) -> int:
        return max(0, (today - self.deadline).days) if self.deadline else 0

    @property
    def term(self) -> str:
        """The deadline's basis (N 日内, and whether its force is confirmed), or why there is none."""
        rule = self.rule
        if self.deadline:
            return f"{rule.basis}，{rule.days} 日内" + (f"；{rule.status}" if rule.status else "")
        if rule.days is None:
            return rule.no_deadline or "来源中没有变更告知期限"
        covered = "、".join({"connection": "联网方式变更", "end": "终止联网"}[c] for c in rule.covers)
        return f"{rule.basis}的 {rule.days} 日期限只约束{covered or '其列明的事项'}；这次的变更不在其内，来源没有规定告知期限"

    def to_dict(self, today: datetime.date, masked: bool = True) -> dict:
        return {"kind": self.kind, "title": self.title, "unit": self.unit, "office": self.office, "date": self.date.isoformat(),
                "deadline": self.deadline.isoformat() if self.deadline else None, "overdue_days": self.overdue(today),
                "basis": self.rule.basis if self.deadline else "", "term": self.term,
                "changes": [c.to_dict(masked) for c in self.changes],
                "sites": [{"name": s.name, "police_number": s.police_number, "platform_step": s.step} for s in self.sites],
                "checklist": self.todo, "not_counted": NOT_COUNTED_TEXT}


NOT_COUNTED_TEXT = "填表日期（filled_on）、变更日期（changed_on）、已有附件（attachments）、受理机关（office）"


def _office(ruleset, data: dict) -> str:
    from beiantool.rules import choose_office

    office = choose_office(ruleset, data)
    return office.name if office else "公安机关"


def _change_rule(ruleset):
    rule = ruleset.filing.change
    if rule is None:
        raise UsageError(f"{ruleset.name}规则集没有写明变更和终止联网的告知期限。", "请在规则文件的 filing.change 中写明（可 extends: national）。")
    return rule


def _deadline(rule, kind: str, day: datetime.date, changes: list[Change]) -> Optional[datetime.date]:
    """The day by which to tell the office, where the rule's source covers this kind of change."""
    if rule.days is None:
        return None
    if kind == "cancel_unit":
        covered = "end" in rule.covers
    elif kind == "change":
        covered = "connection" in rule.covers and any(
            c.path == f or c.path.startswith(f + ".") or c.path.startswith(f + "[") for c in changes for f in rule.connection_fields)
    else:  # one website closing is not 终止联网
        covered = False
    return day + datetime.timedelta(days=rule.days) if covered else None


def _grounds(notice: "Notice") -> str:
    """The letter's closing: the source's words where a deadline rests on them, else only 特此告知."""
    if notice.deadline:
        return f"依据{notice.rule.basis}“{notice.rule.quote.rstrip('。')}”，特此告知。"
    return "特此告知。"


def _when(data: dict, today: datetime.date) -> datetime.date:
    return as_date(data.get("changed_on")) or today


def _who(data: dict) -> str:
    name = text(get(data, "unit", "name")) or "（未填单位名称）"
    code = text(get(data, "unit", "credit_code"))
    if is_individual(data):
        return f"本人{name}"
    return f"{name}" + (f"（统一社会信用代码：{code}）" if code else "")


def _numbers(data: dict) -> str:
    found = [text(s.get("police_number")) for _, s in packet_sites(data) if text(s.get("police_number"))]
    return f"（网站公安备案号：{'、'.join(found)}）" if found else ""


def _signature(data: dict, today: datetime.date) -> list[tuple[str, str]]:
    contact = get(data, "security", "lead") or get(data, "unit", "legal_representative") or {}
    phone = text(get(data, "unit", "phone")) or (text(contact.get("mobile")) if isinstance(contact, dict) else None) or ""
    name = text(contact.get("name")) if isinstance(contact, dict) else None
    seal = "（签字）" if is_individual(data) else "（公章）"
    filled = as_date(data.get("filled_on")) or today
    return [("line", f"联系人：{name or ''}　　联系电话：{phone}"), ("space", ""),
            ("right", f"{text(get(data, 'unit', 'name')) or ''}{seal}"), ("right", ymd(filled))]


def _platform_lines(sites: list[SiteNews]) -> list[tuple[str, str]]:
    out = [("space", "")]
    for step in ("网站信息变更申请", "网站注销申请", "新办网站备案申请"):
        chosen = [s for s in sites if s.step == step]
        if chosen:
            names = "、".join(s.name + (f"（{s.police_number}）" if s.police_number else "") for s in chosen)
            out.append(("para", f"下列网站同时在全国公安机关互联网站安全服务平台提交“{step}”：{names}。"))
    return out


def _todo(notice: Notice, data: dict, new_file: Optional[str]) -> list[str]:
    seal = "本人签字" if is_individual(data) else "加盖公章"
    by = f"，{ymd(notice.deadline)}前" if notice.deadline else ""
    items = [f"《{notice.title}》1 份（beiantool 生成），{seal}后交{notice.office}{by}（{notice.term}）。"]
    for s in notice.sites:
        what = f"{s.name}（{s.police_number}）" if s.police_number else s.name
        extra = f"：beiantool platform {new_file} --site {s.index + 1} 列出要填的栏目" if s.step == "新办网站备案申请" and new_file else ""
        items.append(f"在全国公安机关互联网站安全服务平台为{what}提交“{s.step}”{extra}。")
    if notice.kind == "change" and new_file:
        items.append(f"受理机关要求重新填写备案表时，用 beiantool render {new_file} 生成新的备案表。")
    if notice.sites and notice.rule.procedure:
        items.append(notice.rule.procedure)
    items.extend(notice.rule.notes)
    from beiantool.packet.conditions import Condition, holds

    if holds(Condition(service_nature=["isp", "idc"]), data) is True:  # the checklist's own reading of 接入单位
        items.extend(notice.rule.access_notes)
    return items


def check_same_filer(old: dict, new: dict) -> None:
    """A change notice is about one filer's filing: another credit code, or another person's ID, is refused (exit 2)."""
    from beiantool.packet.normalize import normalize_labels
    from beiantool.rules import city_alias

    normalize_labels(old, city_alias=city_alias)
    normalize_labels(new, city_alias=city_alias)
    why = different_filer(old, new)
    if why:
        raise UsageError(f"两份备案文件不是同一个备案主体：{why}。变更告知书只用于同一单位（或同一个人）备案内容的变化。",
                         "换了单位或个人时，新的一方要重新备案（beiantool render 新文件 生成备案材料），"
                         "原来的一方终止联网（beiantool change 旧文件 --cancel）。")


def change_notice(old: dict, new: dict, ruleset, today: datetime.date, new_file: Optional[str] = None,
                  old_lists: Optional[dict] = None, new_lists: Optional[dict] = None) -> Optional[Notice]:
    """The notice of what changed from OLD to NEW (and their customer lists), or None when nothing counted changed."""
    diff: Diff = compare(old, new, old_lists, new_lists)
    if not diff:
        return None
    check_same_filer(old, new)
    rule = _change_rule(ruleset)
    day = _when(new, today)
    notice = Notice("change", "计算机信息网络国际联网备案变更告知书", text(get(new, "unit", "name")) or "", _office(ruleset, new),
                    day, _deadline(rule, "change", day, diff.changes), rule, changes=diff.changes, sites=diff.sites)
    notice.before = [
        ("line", f"{notice.office}："),
        ("para", f"{_who(new)}{_numbers(old)}已办理计算机信息网络国际联网备案。备案内容自{ymd(day)}起有下列变更，{_grounds(notice)}"),
    ]
    notice.rows = [[str(n), c.kind, c.label, c.old, c.new] for n, c in enumerate(diff.changes, 1)]
    notice.after = _platform_lines(diff.sites) + _signature(new, today)
    notice.todo = _todo(notice, new, new_file)
    return notice


def cancel_notice(data: dict, ruleset, today: datetime.date, site: Optional[int] = None) -> Notice:
    """The notice that the whole unit stops its connection, or that one website closes."""
    rule = _change_rule(ruleset)
    day = _when(data, today)
    office = _office(ruleset, data)
    unit = text(get(data, "unit", "name")) or ""
    listed = data.get("sites") if isinstance(data.get("sites"), list) else []
    sites = [s for _, s in packet_sites(data)]
    if site is None:
        notice = Notice("cancel_unit", "计算机信息网络国际联网终止联网告知书", unit, office, day, _deadline(rule, "cancel_unit", day, []), rule)
        closing = sites
        notice.before = [
            ("line", f"{office}："),
            ("para", f"{_who(data)}{_numbers(data)}已办理计算机信息网络国际联网备案，自{ymd(day)}起终止联网。{_grounds(notice)}"),
        ]
    else:
        closing = [listed[site]]  # site: an index into the packet's own list (footer.pick_sites)
        name = text(closing[0].get("name")) or f"网站{site + 1}"
        notice = Notice("cancel_site", "网站注销告知书", unit, office, day, _deadline(rule, "cancel_site", day, []), rule)
        number = text(closing[0].get("police_number"))
        notice.before = [
            ("line", f"{office}："),
            ("para", f"{_who(data)}开办的网站“{name}”{f'（公安备案号：{number}）' if number else ''}自{ymd(day)}起停止服务，"
                     f"申请注销该网站的备案。{_grounds(notice)}"),
        ]
    notice.rows = [[str(n), "注销", "网站", site_line(s), ""] for n, s in enumerate(closing, 1)]
    notice.sites = [SiteNews(text(s.get("name")) or "网站", text(s.get("police_number")), "网站注销申请")
                    for s in closing if text(s.get("police_number"))]
    notice.after = _platform_lines(notice.sites) + _signature(data, today)
    notice.todo = _todo(notice, data, None)
    return notice


class ChangeRefused(Exception):
    """The packet after the change has errors: no notice."""

    def __init__(self, report):
        super().__init__("packet has errors")
        self.report = report


class Unprintable(Exception):
    """A packet whose text the notice would print holds what validate calls unprintable (S007)."""

    def __init__(self, file, problems: list):
        super().__init__("unprintable text")
        self.file, self.problems = file, problems


def from_files(old: Path, new: Optional[Path], cancel: bool, site: Optional[str], city: Optional[str],
               today: datetime.date) -> tuple[Optional[Notice], dict]:
    """What `beiantool change` tells: OLD against NEW, or (``cancel``) the end of OLD's network or of
    one of its sites. ``(None, data)`` when nothing counted changed; ChangeRefused when NEW has errors."""
    from beiantool import api
    from beiantool.packet import yamlread
    from beiantool.render.footer import pick_sites

    old_doc = yamlread.load(old)
    api.refuse_non_packet(old_doc)  # compared, never validated: still one line for a file that is no packet
    old_report = api.validate_document(old_doc, city)  # the notice prints OLD's values too
    if old_report.unprintable:
        raise Unprintable(old, old_report.unprintable)
    if cancel:
        if new is not None:
            raise UsageError("--cancel 只需要一份备案文件（要终止或注销的那一份）。", f"去掉 {new}，或去掉 --cancel 来比较两份文件。")
        report = old_report
        index = pick_sites(old_doc.data, site, purpose="网站注销告知书")[0][0] if site is not None else None
        return cancel_notice(old_doc.data, report.ruleset, today, index), old_doc.data
    if new is None:
        raise UsageError("缺少变更后的备案文件。", "用法：beiantool change 旧.yaml 新.yaml；终止联网或注销网站用 beiantool change 备案.yaml --cancel。")
    if site is not None:
        raise UsageError("--site 只和 --cancel 一起用（注销一个网站）。", "比较两份文件时会列出所有网站的变化，去掉 --site 即可。")
    new_doc = yamlread.load(new)
    check_same_filer(old_doc.data, new_doc.data)  # before its errors: another unit is not a change at all
    report = api.validate_document(new_doc, city)  # OLD is the filing already made; compare() normalizes both
    if report.unprintable:
        raise Unprintable(new, report.unprintable)
    if not report.ok:
        raise ChangeRefused(report)
    from beiantool.packet import lists

    return (change_notice(old_doc.data, new_doc.data, report.ruleset, today, str(new), lists.load(old_doc), lists.load(new_doc)),
            new_doc.data)


def text_lines(notice: Notice, today: datetime.date) -> list[str]:
    """For the screen (IDs are masked by the CLI's stream guard)."""
    when = {"change": "变更日期", "cancel_unit": "终止联网日期", "cancel_site": "注销日期"}[notice.kind]
    term = f"{ymd(notice.deadline)}前（{notice.term}）" if notice.deadline else f"无（{notice.term}）"
    lines = [f"{notice.title}（{notice.unit}）", f"  {when}：{ymd(notice.date)}　告知期限：{term}　受理机关：{notice.office}"]
    if notice.overdue(today):
        lines.append(f"  警告：已超过告知期限 {notice.overdue(today)} 天，请尽快告知受理机关。")
    lines.append("")
    for row in notice.rows:
        n, kind, label, old, new = row
        if kind == "变更":
            lines.append(f"  {n}. [{kind}] {label}：{old or '（空）'} → {new or '（空）'}")
        else:
            lines.append(f"  {n}. [{kind}] {label}：{old or new}")
    if notice.kind == "change":
        lines += ["", f"  不计入变更的栏目：{NOT_COUNTED_TEXT}。"]
    lines += ["", "要办的事项："] + [f"  {n}. {item}" for n, item in enumerate(notice.todo, 1)]
    return lines


def write(notice: Notice, out_dir: Path, formats: tuple[str, ...], force: bool, font_path: Optional[str], stamp: datetime.datetime,
          draft: bool = False) -> list[str]:
    """Write the notice (docx, pdf) and a manifest into out_dir, whole or not at all; returns the file names."""
    from beiantool import __version__
    from beiantool.base import safeio
    from beiantool.base.filenames import safe_name

    plan = safeio.check_output_dir(out_dir, force)
    name = safe_name(f"{notice.title}-{notice.unit}" if notice.unit else notice.title, set())
    font = None
    if "pdf" in formats:
        from beiantool.render.fonts import check_glyphs, find_font

        font = find_font(font_path)
        check_glyphs(font, notice.strings())
    try:
        with safeio.PacketFolder(plan, force) as folder:
            names = []
            if "docx" in formats:
                _docx(notice, folder.work / f"{name}.docx", stamp, draft)
                names.append(f"{name}.docx")
            if "pdf" in formats:
                _pdf(notice, folder.work / f"{name}.pdf", font, draft)
                names.append(f"{name}.pdf")
                remarks.write(folder.work / remarks.SHEET, [_remark(notice)], font.name, draft)
                names.append(remarks.SHEET)
            files = [{"kind": "remarks" if n == remarks.SHEET else "notice", "format": n.rsplit(".", 1)[1], "path": n, "copies": 1,
                      "pages": None, "sha256": safeio.sha256(folder.work / n)} for n in names]
            folder.publish_manifest({"tool": safeio.TOOL, "version": __version__, "files": files, "notice": notice.kind,
                                     "remarks": [_remark(notice).to_dict()]})
    except OSError as exc:
        raise UsageError(f"{out_dir}：写入失败（{safeio.os_reason(exc)}），没有留下不完整的文件。", "请检查磁盘空间和写入权限后重试。") from None
    return names


def _remark(notice: Notice) -> "remarks.Remark":
    return remarks.Remark(f"《{notice.title}》", GENERATED, True)


def _docx(notice: Notice, path: Path, stamp: datetime.datetime, draft: bool) -> None:
    from beiantool.render import docx_writer as w

    doc = w.new_document(notice.title, stamp, draft)
    w.add_sheet(doc, notice.title, notice.before, HEADERS, notice.rows, WIDTHS, notice.after)
    w.save(doc, path, stamp)


def _pdf(notice: Notice, path: Path, font, draft: bool) -> int:
    from beiantool.render import pdf_writer as w

    story = w.sheet_flowables(notice.title, notice.before, HEADERS, notice.rows, WIDTHS, notice.after, font.name)
    return w.write(path, [(story, None)], font.name, draft, notice.title)
