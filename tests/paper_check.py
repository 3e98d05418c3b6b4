"""The layout check: read a rendered packet's PDFs as an officer at the counter would see them.

pdfplumber gives every character with its box, and the ruling lines of the tables.
A *line* is the characters on one baseline inside one cell (between two vertical
rules); a *cell* is the space between rules. :func:`problems` returns, in words,
every fault found in one PDF:

* a line that starts with a closing mark or ends with an opening one (禁则);
* an identifier of the packet broken across lines;
* a character crossing a vertical rule (text leaving its cell);
* a table row split across pages (the first body row on a page continues the last one);
* on a page the filer signs or seals, the tool's own voice.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

NO_START = set("、，。；：？！）》」』”’〕】")
NO_END = set("（《「『“‘〔【")
TOOL_VOICE = re.compile(r"beiantool|本工具|〔beiantool|\[beiantool")
SIGNED_KINDS = {"form", "letter", "notice"}


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    cell: tuple[float, float]  # the rules left and right of it
    size: float = 0.0  # the largest character's size, in points


def _verticals(page) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of every vertical rule (lines and thin rectangles)."""
    out = []
    for edge in page.edges:
        if edge["orientation"] == "v" and edge["bottom"] - edge["top"] > 4:
            out.append((round(edge["x0"], 1), edge["top"], edge["bottom"]))
    return out


def _horizontals(page) -> list[tuple[float, float, float]]:
    out = []
    for edge in page.edges:
        if edge["orientation"] == "h" and edge["x1"] - edge["x0"] > 8:
            out.append((round(edge["top"], 1), edge["x0"], edge["x1"]))
    return out


def read_lines(path: Path) -> tuple[list[Line], list[str]]:
    """The lines of a PDF and the faults of text crossing a rule."""
    import pdfplumber

    lines: list[Line] = []
    faults: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            verticals = _verticals(page)
            chars = list(page.chars)  # spaces too: "其它（　　）" is one line with its blank
            rows: dict[float, list] = {}
            for ch in chars:
                key = round(ch["bottom"] * 2) / 2
                near = next((k for k in rows if abs(k - key) <= 1.0), key)
                rows.setdefault(near, []).append(ch)
            for bottom, row in rows.items():
                row.sort(key=lambda c: c["x0"])
                cuts = sorted({x for x, top, bot in verticals if top - 1 <= bottom - 3 <= bot + 1})
                for ch in row:
                    for x in cuts if ch["text"].strip() else ():
                        if ch["x0"] + 0.8 < x < ch["x1"] - 0.8:
                            faults.append(f"第 {number} 页：“{ch['text']}”压在表格竖线上（文字出了单元格）")
                groups: dict[tuple[float, float], list] = {}
                for ch in row:
                    mid = (ch["x0"] + ch["x1"]) / 2
                    left = max([x for x in cuts if x <= mid], default=0.0)
                    right = min([x for x in cuts if x > mid], default=float(page.width))
                    groups.setdefault((left, right), []).append(ch)
                for cell, members in groups.items():
                    pieces, last = [], None
                    for ch in members:  # a wide gap inside one cell is a new line of text (option boxes are drawn, not text)
                        if last is not None and ch["x0"] - last["x1"] > 40:
                            pieces.append([])
                        if not pieces:
                            pieces.append([])
                        pieces[-1].append(ch)
                        last = ch
                    for piece in pieces:
                        while piece and not piece[-1]["text"].strip():
                            piece = piece[:-1]
                        while piece and not piece[0]["text"].strip():
                            piece = piece[1:]
                        if not piece:
                            continue
                        lines.append(Line(number, piece[0]["top"], piece[0]["x0"], piece[-1]["x1"],
                                          "".join(c["text"] for c in piece), cell, max(c["size"] for c in piece)))
    lines.sort(key=lambda ln: (ln.page, ln.cell, ln.top))
    return lines, faults


def kinsoku(lines: list[Line]) -> list[str]:
    out = []
    for ln in lines:
        if ln.text[0] in NO_START:
            out.append(f"第 {ln.page} 页：一行以“{ln.text[0]}”开头：{ln.text[:30]}")
        if ln.text[-1] in NO_END:
            out.append(f"第 {ln.page} 页：一行以“{ln.text[-1]}”结尾：{ln.text[-30:]}")
    return out


def broken_identifiers(lines: list[Line], identifiers: list[str]) -> list[str]:
    """An identifier found across two consecutive lines of one cell. Allowed only for one too long
    for its cell even at the smallest size (linebreak.FLOOR), and then only after its own . @ / - _ :."""
    from beiantool.render.linebreak import FLOOR

    out = []
    by_cell: dict[tuple, list[Line]] = {}
    for ln in lines:
        by_cell.setdefault((ln.page, ln.cell), []).append(ln)
    for (page, _), members in by_cell.items():
        texts = [m.text.replace(" ", "") for m in members]
        for n, (a, b) in enumerate(zip(texts, texts[1:])):
            if a[-1] in ".@/-_:" and members[n].size <= FLOOR + 0.05:
                continue
            joined = a + b
            for ident in identifiers:
                bare = ident.replace(" ", "")
                start = joined.find(bare)
                while start != -1:
                    if start < len(a) < start + len(bare):
                        out.append(f"第 {page} 页：“{ident}”被拆成两行：“{a[start:]}”/“{b[:start + len(bare) - len(a)]}”")
                    start = joined.find(bare, start + 1)
    return sorted(set(out))


def split_rows(path: Path) -> list[str]:
    """A table row continued on the next page. There the table's header repeats (its first line of
    text was the previous page's too), and reportlab then draws no rule between the header and the
    part of the row it carries over; a whole row starts below a rule."""
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        seen_before: set[str] = set()
        for number, page in enumerate(pdf.pages, 1):
            lines = _text_lines(page)
            if lines and number > 1:
                text, top, bottom = lines[0]
                rules_ = [y for y, x0, x1 in _horizontals(page)]
                framed = any(abs(y - top) <= 6 for y in rules_)  # the line is a table's first row
                if framed and text in seen_before:
                    n = 0
                    while n + 1 < len(lines) and lines[n + 1][0] in seen_before and lines[n + 1][1] - lines[n][2] < 8:
                        n += 1  # the header's further lines
                    if n + 1 < len(lines) and not any(lines[n][2] - 1 <= y <= lines[n + 1][1] + 1 for y in rules_):
                        out.append(f"第 {number} 页：表格的一行从上一页接续过来（行被拆在两页）：{lines[n + 1][0][:30]}")
            seen_before = {text for text, _, _ in lines}
    return out


def _text_lines(page) -> list[tuple[str, float, float]]:
    """(text, top, bottom) of each line of body text (not the page number), top to bottom."""
    rows: dict[float, list] = {}
    for ch in page.chars:
        if ch["text"].strip() and ch["size"] > 8.5:
            key = next((k for k in rows if abs(k - ch["bottom"]) <= 1.0), ch["bottom"])
            rows.setdefault(key, []).append(ch)
    out = []
    for bottom in sorted(rows):
        chars = sorted(rows[bottom], key=lambda c: c["x0"])
        out.append(("".join(c["text"] for c in chars), min(c["top"] for c in chars), bottom))
    return out


def tool_voice(path: Path) -> list[str]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = (page.extract_text() or "").replace("\n", "")
            found = TOOL_VOICE.search(text)
            if found:
                out.append(f"{path.name} 第 {number} 页：签字盖章的页面上有工具的话：…{text[max(0, found.start() - 10):found.end() + 20]}…")
    return out


IDENTIFIER_KEYS = re.compile(r"(id_number|credit_code|mobile|phone|fax|postcode|email|domains|homepage|icp_number|icp_license|"
                             r"police_number|ip_ranges|egress_router_ip|ips|dns_ips|mail_ips|certificate_no)$")


def packet_identifiers(data) -> list[str]:
    """Every identifier the packet holds (ID numbers, phones, postcodes, addresses, numbers)."""
    out = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, (str, int)) and IDENTIFIER_KEYS.search(key) and str(value) not in ("dynamic",):
            out.append(str(value))
    walk(data)
    return sorted(set(out), key=len, reverse=True)


def check_packet(folder: Path, data: dict) -> list[str]:
    """Every fault of every PDF in a rendered packet folder (the bundle excepted: it repeats them)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    identifiers = packet_identifiers(data)
    faults = []
    for entry in manifest["files"]:
        if entry["format"] != "pdf" or entry["kind"] == "bundle":
            continue
        path = folder / entry["path"]
        lines, crossing = read_lines(path)
        found = crossing + kinsoku(lines) + broken_identifiers(lines, identifiers) + split_rows(path)
        if entry["kind"] in SIGNED_KINDS:
            found += tool_voice(path)
        faults += [f"{entry['path']}：{f}" for f in found]
    return faults
