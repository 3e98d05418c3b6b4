"""`beiantool platform`: what to type into the national platform, field by field, per website.

The fields, their order, their * and the platform's option wording are those of the
《互联网网站备案表》 layout (templates/forms/platform_site.yaml, from seed 001), so the
copy sheet and the printed form can never disagree. The steps and the upload
requirement are data (beiantool/rules/platform.yaml, citing seed 001).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from beiantool.packet.view import get, is_individual, text
from beiantool.rules.guide import guide

LAYOUT = "platform_site"

# sites[].services → the 网络服务种类 row whose address the filer gives on the platform
SERVICE_ROWS = {
    "email": "电子邮件服务网址", "free_mailbox": "免费信箱服务网址", "homepage": "个人主页服务网址",
    "bbs": "论坛/留言板/BBS服务网址", "ecommerce": "电子商务服务网址", "ftp": "FTP服务网址",
    "newsgroup": "新闻组服务网媒体服务网址", "media": "新闻组服务网媒体服务网址", "game": "网络游戏服务网址",
    "www": "WWW服务网址", "im": "即时通讯服务网址", "p2p": "P2P服务网址网址", "blog": "博客服务网址", "wap": "wap服务网址",
}
OTHER_ROW = "其他服务网址"
ASK_ADDRESS = "（本站提供此服务，请填写它的网址）"
_INDEX = re.compile(r"\[(\d+)\]")


@dataclass
class Field:
    label: str  # as the platform shows it, with its group: 网站负责人·姓名*
    value: str
    required: bool
    path: str = ""  # where in the packet file the value comes from: sites[0].responsible.name

    def to_dict(self, masked: bool = True) -> dict:
        from beiantool.base.privacy import screen

        return {"label": self.label, "value": screen(self.value) if masked else self.value, "required": self.required, "path": self.path}


@dataclass
class Sheet:
    site: int  # 0-based, as in sites[N]
    name: str
    fields: list[Field] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[Field]:
        return [f for f in self.fields if f.required and not f.value.strip()]

    def to_dict(self, masked: bool = True) -> dict:
        return {"site": self.site, "name": self.name, "missing": [f.to_dict(masked) for f in self.missing],
                "fields": [f.to_dict(masked) for f in self.fields], "notes": self.notes}


def _site_path(path: str, index: int) -> str:
    return path.replace("sites[*]", f"sites[{index}]").partition("|")[0]


def _label(group: str, label: str, path: str) -> str:
    if not group:
        return label
    found = _INDEX.search(path.partition("officers")[2]) if "officers" in path else None
    name = re.sub(r"\(\d+位\)", "", group)
    return f"{name}{int(found.group(1)) + 1 if found else ''}·{label}"


def sheet(data: dict, index: int) -> Sheet:
    """The platform's fields for sites[index], in the platform's order, with the values to paste."""
    from beiantool.render.layout import load_layout, resolve

    site = data["sites"][index]
    form = resolve(load_layout(LAYOUT), {**data, "sites": [site]}, placeholder="", blanks_allowed=True)
    services = [s for s in site.get("services") or [] if isinstance(s, str)] if isinstance(site.get("services"), list) else []
    asked = {SERVICE_ROWS.get(s, OTHER_ROW) for s in services}
    uploads = guide()["uploads"]
    out = Sheet(index, text(site.get("name")) or f"网站{index + 1}")
    group, rows_left = "", 0  # the label standing over several rows (网站负责人, 信息安全员, 网络服务种类)
    for row in form.rows:
        for i, cell in enumerate(row):
            if cell.kind != "label":
                continue
            if cell.rowspan > 1:
                group, rows_left = cell.text.split("（")[0], cell.rowspan
                continue
            following = row[i + 1] if i + 1 < len(row) else None
            if following is None or following.kind == "label":
                continue
            label = cell.text.split("（")[0]
            if following.kind == "options":
                value = "、".join(c.label + (f"（{c.extra}）" if c.extra else "") for c in following.choices if c.checked)
            else:
                value = following.text
            path = _site_path(following.path, index) if following.path else ""
            if following.path.endswith("_on") and value:
                value = _iso(site, following.path) or value  # the platform's date picker takes 2026-10-20
            if group == "网络服务种类":
                if not value and label in asked:
                    value = ASK_ADDRESS
                elif not value:
                    continue  # a service this site does not offer: left empty on the platform
            if label.startswith("附件"):
                value, path = uploads["individual" if is_individual(data) else "unit"], ""
            out.fields.append(Field(_label(group, label, path), value, "*" in label, path))
        rows_left -= 1
        if rows_left <= 0:
            group = ""
    officers = get(data, "security", "officers")
    if isinstance(officers, list) and len(officers) > 2:
        out.notes.append(f"平台上信息安全员只有 2 位的栏目；备案文件中另有 {len(officers) - 2} 名安全员，平台不收，纸质材料中有续页。")
    if ASK_ADDRESS in (f.value for f in out.fields):
        out.notes.append("“网络服务种类”只填本站实际提供的服务的网址；标明“请填写它的网址”的几栏，beiantool 不知道具体网址。")
    return out


def _iso(site: dict, path: str) -> str:
    from beiantool.base.dates import as_date

    key = path.partition("|")[0].rpartition(".")[2]
    day = as_date(site.get(key)) if path.startswith("sites[*]") else None
    return day.isoformat() if day else ""


def sheets(data: dict, chosen: list[tuple[int, dict]]) -> list[Sheet]:
    return [sheet(data, i) for i, _ in chosen]


@dataclass
class Result:
    sheets: list[Sheet]
    errors: int  # validate's errors in the whole packet (the sheet lists only its own missing fields)
    individual: bool = False  # a person's website (the upload is the person's ID card)
    unprintable: list = field(default_factory=list)  # S007: text the sheet would print raw

    @property
    def missing(self) -> int:
        return sum(len(s.missing) for s in self.sheets)


def make(path, site: Optional[str] = None, city: Optional[str] = None, rules_file=None) -> Result:
    from beiantool import api
    from beiantool.packet import yamlread
    from beiantool.render.footer import pick_sites
    from beiantool.packet.normalize import normalize_labels
    from beiantool.rules import city_alias

    doc = yamlread.load(path)
    api.refuse_non_packet(doc)  # one line for a file that is no packet, before anything of it is echoed
    normalize_labels(doc.data, city_alias=city_alias)
    chosen = pick_sites(doc.data, site, purpose="平台填写清单")
    report = api.validate_document(doc, city, rules_file=rules_file)
    return Result(sheets(doc.data, chosen), len(report.errors), is_individual(doc.data), report.unprintable)


def _value(f: Field) -> str:
    return f.value if f.value.strip() else "（空）"


def text_lines(result: Result) -> list[str]:
    """The copy sheet as plain text: per website, the missing fields first, then every field, then the steps."""
    g = guide()
    lines: list[str] = []
    for s in result.sheets:
        lines += [f"━━ 网站{s.site + 1}：{s.name}（sites[{s.site}]）在{g['name']}上填写的内容 ━━", ""]
        if s.missing:
            lines.append(f"错误：下列 {len(s.missing)} 个带 * 的栏目是空的，平台不会受理：")
            lines += [f"  ✗ {f.label}　← 在备案文件中填写 {f.path or '（见附件说明）'}" for f in s.missing]
            lines.append("")
        width = max(_width(f.label) for f in s.fields)
        lines += [f"  {f.label}{' ' * (width - _width(f.label))}  {_value(f)}" for f in s.fields]
        lines += [f"  注：{n}" for n in s.notes]
        lines.append("")
    lines += upload_lines(result) + [""]
    lines.append(f"在{g['name']}（{g['address']}）上的步骤（来源：{SOURCE_TITLE}）：")
    lines += [f"  {n}. {step['title']}　{step['text']}" for n, step in enumerate(g["steps"], 1)]
    lines += ["", f"注：{g['contact']}", f"注：{g['timing']}", g['present_note']]
    return lines


def upload_lines(result: Result) -> list[str]:
    """What is uploaded on the platform (electronic copies), kept apart from what goes to the office on paper."""
    uploads = guide()["uploads"]
    wanted = sorted({uploads["individual" if result.individual else "unit"]})
    lines = ["在平台上传的附件（电子版，不交纸质材料）："] + [f"  - {u}" for u in wanted]
    lines.append("到受理机关现场交的纸质材料不在平台上：见 beiantool checklist 备案文件。")
    return lines


def markdown(result: Result) -> str:
    g = guide()
    out: list[str] = []
    for s in result.sheets:
        out += [f"## 网站{s.site + 1}：{_md(s.name)}", ""]
        if s.missing:
            out += ["**必填而未填的栏目（平台不会受理）：**", ""]
            out += [f"- {_md(f.label)}：在备案文件中填写 `{f.path}`" for f in s.missing] + [""]
        out += ["| 平台栏目 | 填写内容 | 来自备案文件 |", "|---|---|---|"]
        out += [f"| {_md(f.label)} | {_md(_value(f))} | {f'`{f.path}`' if f.path else ''} |" for f in s.fields]
        out += [""] + [f"> {_md(n)}" for n in s.notes] + ([""] if s.notes else [])
    ups = upload_lines(result)
    out += [f"## {ups[0].rstrip('：')}", ""] + [_md(line.strip()) for line in ups[1:]] + [""]
    out += [f"## 在平台上的步骤", "", f"平台：{g['name']}（{g['address']}，来源：{SOURCE_TITLE}）", ""]
    out += [f"{n}. **{step['title']}**　{_md(step['text'])}" for n, step in enumerate(g["steps"], 1)]
    out += [""] + [f"> {_md(g[k])}" for k in ("contact", "timing", "present_note")]
    return "\n".join(out) + "\n"


def to_dict(result: Result, masked: bool = True) -> dict:
    g = guide()
    return {"ok": result.missing == 0, "platform": g["address"], "platform_name": g["name"], "platform_note": g["present_note"],
            "packet_errors": result.errors, "uploads": upload_lines(result)[1:-1],
            "sites": [s.to_dict(masked) for s in result.sheets],
            "steps": [f"{step['title']}　{step['text']}" for step in g["steps"]], "source": SOURCE_TITLE}


def _width(value: str) -> int:
    """Columns a terminal gives the text: two for a CJK character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


SOURCE_TITLE = "《全国公安机关互联网站安全服务平台备案操作指南》"
