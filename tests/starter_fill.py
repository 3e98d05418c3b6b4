"""Fill a `beiantool init` starter the way a careful filer would: every 〔placeholder〕 replaced by a
plausible value of its kind, every optional line the starter offers (“# key: …”) uncommented.

Used by the starter tests (issue 23: a starter must validate after the filer does only what it
says) and by the new-user trials. Values are made up but valid: ID numbers have a county code of
the city and a correct check digit, one number per person.
"""

from __future__ import annotations

import re

import phonenumbers
from stdnum.cn import ric

from beiantool import rules

PLACEHOLDER = re.compile(r"〔[^〔〕]*〕")
# a commented line that is YAML the starter offers: "  # fax: ..." or "  #   - {file: ...}" (not prose)
_OPTIONAL = re.compile(r"^(\s*)# ((?:\s*)(?:[a-z_]+:(?:\s|$)|- [{a-z*]))")
_KEY = re.compile(r"(?:^|[{,\s])([a-z_]+):\s*\[?\s*\"?[^,{}\[\]\"]*$")

COUNTY = {"shaoxing": "330602", "beijing": "110105", "baotou": "150202", "hezhou": "451102", "qiandongnan": "522601",
          "shuangtaizi": "211102", "wuwei": "620602", "yunnan": "530102", "national": "510107"}
NAMES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "孙丽", "周强"]
UNIT_CODES = {  # valid GB 32100 codes (check digits of the code and of its 组织机构代码 correct)
    "company": "91330602MA2D000102", "other": "91330602MA2D000102",
}


def id_number(county: str, n: int) -> str:
    body = f"{county}{1975 + n:04d}0{(n % 9) + 1}1{(n % 9) + 1}{100 + n:03d}"
    return body + ric.calc_check_digit(body + "0")


def landline(area: str) -> str:
    for local in ("88888888", "8888888"):
        if phonenumbers.is_valid_number(phonenumbers.parse(f"{area}-{local}", "CN")):
            return local
    return "8888888"


class Filler:
    def __init__(self, city: str, kind: str, server_city: str | None = None):
        self.ruleset = rules.load(city)
        self.city, self.kind = city, kind
        self.person = kind == "individual"
        self.county = COUNTY.get(city, "110105")
        self.people: dict[tuple, int] = {}
        area = self.ruleset.region.area_codes[0] if self.ruleset.region.area_codes else "028"
        self.local = landline(area)
        self.server_city = server_city or self.ruleset.name

    def _who(self, context: tuple) -> int:
        return self.people.setdefault(context, len(self.people))

    def value(self, key: str, placeholder: str, context: tuple, line: str) -> str:
        inside = placeholder[1:-1]
        if inside in ("区号", "省简称", "省市"):  # the national starter knows no place: a 成都 filer (no rule set there)
            return {"区号": "028", "省简称": "蜀", "省市": "四川省成都市"}[inside]
        who = self._who(context)
        if key == "name":
            if len(context) == 2 and context[0] == "sites":
                return f"示例网站{context[1] + 1}"
            if "providers" in context:
                return "中国电信股份有限公司示例分公司"
            if "department" in context or "部门" in inside:
                return "信息中心"
            if context == ("unit",):
                return NAMES[0] if self.person else f"{self.ruleset.name}示例科技有限公司"
            return NAMES[0] if self.person else NAMES[(who % (len(NAMES) - 1)) + 1]
        if key == "id_number":
            return id_number(self.county, 0 if self.person and context != ("security", "emergency_contact") else who + 1)
        if key == "credit_code":
            return UNIT_CODES.get(self.kind, _code_for(self.kind))
        if key == "mobile":
            return f"139{self.county[:2]}00{who:04d}"[:11]
        if key in ("phone", "fax"):
            return self.local
        if key == "email":
            return f"user{who}@example.com"
        if key == "address":
            return "示例路 1 号" if "区县" in inside else "示例路 1 号机房"
        if key == "postcode":
            prefix = line.split('"')[1].split("〔")[0] if '"' in line else ""
            return "0" * (6 - len(prefix)) if prefix else "610041"
        if key == "county":
            return "越城区"
        if key == "office":
            return self.ruleset.offices[0].name
        simple = {
            "industry": "it", "service_nature": "icp", "police_station": "示例派出所", "certificate_no": f"AQY-2024-{who:04d}",
            "measures": "firewall", "audit": "system_log", "isp": "telecom", "access": "leased_line",
            "connected_on": "2026-11-01", "opened_on": "2026-10-20", "ip_ranges": "202.96.100.1-202.96.100.14",
            "egress_router_ip": "202.96.100.1", "ips": "202.96.100.3", "type": "self", "provider": "中国电信股份有限公司示例分公司",
            "domains": "example.com", "homepage": "https://www.example.com", "icp_number": "20240001", "level": "3",
            "category": "general", "police_number": f"{self.county}02000394", "city": self.server_city, "headcount": "3",
            "product": "防火墙、杀毒软件", "goal": "保障网络稳定", "problems": "终端管理不统一", "plan": "完成终端准入管理",
            "note": "办公上网", "ips_row": "202.96.100.0/28",
        }
        if key == "ips" and "段" in inside:
            return simple["ips_row"]
        if key in simple:
            return simple[key]
        raise KeyError(f"no plausible value for {key}: {placeholder} in {line!r}")

    def fill(self, text: str) -> str:
        """Every placeholder replaced, every optional line uncommented."""
        out = []
        stack: list[tuple[int, object]] = []  # (indent, key or list index) of the lines above
        counters: dict[tuple, int] = {}
        header = True
        for line in text.splitlines():
            if header and line and not line.startswith("#"):
                header = False
            if not header:
                m = _OPTIONAL.match(line)
                if m:
                    line = m.group(1) + line[m.end(1) + 2:]
            body = _split_comment(line)[0].strip()
            if body:
                indent = len(line) - len(line.lstrip())
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                parents = tuple(k for _, k in stack)
                if body.startswith("- "):
                    counters[parents] = counters.get(parents, -1) + 1
                    stack.append((indent, counters[parents]))
                    indent += 2
                    body = body[2:]
                key = re.match(r"([a-z_]+):", body)
                if key:
                    stack.append((indent, key.group(1)))
                context = tuple(k for _, k in stack)
                line = self._replace(line, context)
            out.append(line)
        return "\n".join(out) + "\n"

    def _replace(self, line: str, context: tuple) -> str:
        code, comment = _split_comment(line)
        return self._replace_code(code, context) + comment

    def _replace_code(self, line: str, context: tuple) -> str:
        while True:
            match = PLACEHOLDER.search(line)
            if not match:
                return line
            key = _KEY.search(line[: match.start()])
            name = key.group(1) if key else context[-1]
            person = context[:-1] if name == context[-1] else context
            if name in ("name", "id_number", "mobile", "phone", "email", "certificate_no") and name != context[-1]:
                person = context  # an inline mapping: {name: …, phone: …}
            value = self.value(name, match.group(0), tuple(person), line)
            line = line[: match.start()] + value + line[match.end():]


def _split_comment(line: str) -> tuple[str, str]:
    """(YAML, trailing comment) of a line: a # after a space and outside quotes starts the comment."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "#" and not quoted and (i == 0 or line[i - 1] in " \t"):
            return line[:i], line[i:]
    return line, ""


def attachment_files(text: str, folder) -> None:
    """Make the scans a filled starter's attachments name: a one-page PDF, or an ID-card photo."""
    import yaml

    from tests.attachment_files import make

    data = yaml.safe_load(text) or {}
    listed = data.get("attachments") or {}
    for value in listed.values():
        for entry in value if isinstance(value, list) else [value]:
            name = entry["file"] if isinstance(entry, dict) else entry
            make(folder / name, {"pdf_pages": 1} if name.endswith(".pdf") else {"image": [1000, 640]})
    for key, name in (data.get("lists") or {}).items():
        if isinstance(name, str):
            _list_file(folder / name, *LIST_ROWS.get(key, LIST_ROWS["other"]))


# the customer lists an IDC's starter offers, one plausible row each (headers as the starter names them)
LIST_ROWS = {
    "hosted_users": (["网址", "负责人", "联系方式"], ["shop.example.com", "钱一", "0472-5550001"]),
    "access_users": (["名称", "IP地址范围", "负责人", "联系电话"], ["示例接入单位", "202.96.100.4-202.96.100.6", "孙一", "13904725502"]),
    "other": (["IP地址", "用途"], ["202.96.100.5", "网站服务器"]),
}


def _list_file(path, header: list, row: list) -> None:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(header)
        book.active.append(row)
        book.save(path)
    else:
        path.write_text(",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")


def _code_for(kind: str) -> str:
    from stdnum.cn import uscc

    first = {"government": "11", "institution": "12", "social_org": "51"}.get(kind, "91")
    body = first + "330602" + "MA2D00010"
    return body + uscc.calc_check_digit(body)


def filled_starter(city: str, kind: str, without: tuple[str, ...] = ()) -> str:
    """The starter filled in; ``without``: top-level sections naming files beside the packet
    (lists, attachments) left out, for a packet validated as text."""
    from beiantool import api

    text = Filler(city, kind).fill(api.starter_packet(city, kind))
    out, skipping = [], False
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.split(":")[0] in without
        out.append(("# " + line) if skipping and line and not line.startswith("#") else line)
    return "\n".join(out) + "\n"
