"""`beiantool footer`: the HTML a filed site shows at the bottom of its homepage.

Sources: seed 002 (IDC：站长需到公安机关安全平台备案) asks for the platform's icon
and number "张贴在网站首页下方显著位置"; seed 001 (云南 联网信息单位备案流程 (六))
for the icon "加上链接，以便登陆备案网站的网民进行备案验证". The links are those
the platform and MIIT use today (reference/identifiers.md; the platform's present address is
the tool's note in rules/platform.yaml, the seeds give www.beian.gov.cn):
- 公网安备: https://beian.mps.gov.cn/#/query/webSearch?code=<the number's digits>
- ICP: https://beian.miit.gov.cn/
The ICP number comes first, then the 公网安备 number with its icon, as filed
sites show them. The icon is the platform's own picture, which the filer
downloads after logging in; beiantool does not ship or hot-link it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Optional

from beiantool.packet.view import sites, text
from beiantool.base.errors import UsageError

MIIT_QUERY = "https://beian.miit.gov.cn/"
QUERY_PATH = "#/query/webSearch?code={digits}"  # on the platform's present address (rules/platform.yaml present_address)
NUMBER_KEYS = ("icp_number", "police_number")
PRINTED_KEYS = ("name", *NUMBER_KEYS)  # what the footer shows of a site


@dataclass
class Footer:
    index: int  # 0-based, as in sites[N]
    name: str
    icp_number: Optional[str]
    police_number: str  # the canonical form: 浙公网安备 33060202000394号
    police_url: str

    def html(self, icon: str) -> str:
        esc = html.escape
        lines = [f"<!-- {esc(self.name)}：网站首页底部的备案信息（beiantool footer 生成） -->", '<div class="beian">']
        if self.icp_number:
            lines.append(f'  <a href="{MIIT_QUERY}" target="_blank" rel="noreferrer">{esc(self.icp_number)}</a>')
        lines.append(
            f'  <a href="{esc(self.police_url)}" target="_blank" rel="noreferrer">'
            f'<img src="{esc(icon)}" alt="公安备案图标" style="width:16px;height:16px;vertical-align:middle"> '
            f"{esc(self.police_number)}</a>"
        )
        lines.append("</div>")
        return "\n".join(lines)

    def to_dict(self, icon: str) -> dict:
        return {"site": self.index, "name": self.name, "icp_number": self.icp_number, "icp_url": MIIT_QUERY if self.icp_number else None,
                "police_number": self.police_number, "police_url": self.police_url, "html": self.html(icon)}


def canonical_police_number(value: str) -> tuple[str, str]:
    """(“浙公网安备 33060202000394号”, its digits) from however the filer spaced it."""
    from beiantool.checks.records import POLICE_NUMBER

    compact = re.sub(r"\s+", "", value)
    m = POLICE_NUMBER.match(compact)
    if not m:
        raise ValueError(value)
    return f"{m['abbr']}公网安备 {m['digits']}号", m["digits"]


def pick_sites(packet: dict, wanted: Optional[str], purpose: str = "首页备案信息") -> list[tuple[int, dict]]:
    """Every site, or the one --site names: its number counting from 1, or one of its domains."""
    found = list(sites(packet))
    if not found:
        raise UsageError(f"备案文件中没有网站（sites），没有要生成的{purpose}。", "先在 sites 中填写网站（名称、域名、负责人等）。")
    if wanted is None:
        return found
    if wanted.isdigit():
        n = int(wanted)
        if not 1 <= n <= len(found):
            raise UsageError(f"--site {wanted}：备案文件中只有 {len(found)} 个网站。", f"请用 1 到 {len(found)} 之间的序号，或网站的域名。")
        return [found[n - 1]]
    target = wanted.strip().lower().rstrip(".")
    for i, site in found:
        domains = site.get("domains") if isinstance(site.get("domains"), list) else []
        if target in {str(d).strip().lower().rstrip(".") for d in domains}:
            return [(i, site)]
    names = "、".join(f"{n}（{text(s.get('name')) or '未命名'}）" for n, (_, s) in enumerate(found, 1))
    raise UsageError(f"--site {wanted}：没有这个序号或域名的网站。", f"可选：{names}，或其中一个网站的域名。")


def footers(packet: dict, chosen: list[tuple[int, dict]]) -> tuple[list[Footer], list[str]]:
    """(footers for the chosen sites that have a 公安备案号, why each other site has none)."""
    made, skipped = [], []
    for i, site in chosen:
        name = text(site.get("name")) or f"网站{i + 1}"
        number = text(site.get("police_number"))
        if not number:
            skipped.append(f"{name}（sites[{i}]）还没有公安备案号（police_number），请先在{_platform_name()}备案，取得后填入再生成。")
            continue
        police, digits = canonical_police_number(number)
        icp = text(site.get("icp_number"))
        made.append(Footer(i, name, re.sub(r"\s+", "", icp) if icp else None, police, _query_url(digits)))
    return made, skipped


def _query_url(digits: str) -> str:
    from beiantool.rules.guide import guide

    return guide()["present_address"].rstrip("/") + "/" + QUERY_PATH.format(digits=digits)


def _platform_name() -> str:
    from beiantool.rules.guide import guide

    return guide()["name"]


class FooterRefused(Exception):
    """A chosen site's ICP or 公安备案号 has an error: print the problems, write nothing (exit 1)."""

    def __init__(self, problems: list):
        super().__init__("numbers have errors")
        self.problems = problems


def make(path, site: Optional[str] = None, city: Optional[str] = None, rules_file=None) -> tuple[list[Footer], list[str], list]:
    """(footers, skipped sites, warnings about the numbers) for a packet file; what it prints (each chosen
    site's name and numbers) is validated first (R401 ICP 备案号, R403 公安备案号, S007 控制字符, …)
    and any error refuses (FooterRefused)."""
    from beiantool import api
    from beiantool.packet import yamlread
    from beiantool.packet.normalize import normalize_labels
    from beiantool.rules import city_alias
    from beiantool.base.problem import Severity

    doc = yamlread.load(path)
    api.refuse_non_packet(doc)  # one line for a file that is no packet, before anything of it is echoed
    normalize_labels(doc.data, city_alias=city_alias)
    chosen = pick_sites(doc.data, site)
    report = api.validate_document(doc, city, rules_file=rules_file)
    indexes = {i for i, _ in chosen}
    about = [p for p in report.problems
             if len(p.path) >= 3 and p.path[0] == "sites" and p.path[1] in indexes and p.path[2] in PRINTED_KEYS]
    errors = [p for p in about if p.severity is Severity.ERROR]
    if errors:
        raise FooterRefused(errors)
    made, skipped = footers(doc.data, chosen)
    return made, skipped, [p for p in about if p.severity is Severity.WARNING]
