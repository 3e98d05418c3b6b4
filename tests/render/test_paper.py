"""Counter-ready paper (issue 21): the layout check over every example, the four filers and long,
odd content; the line breaker's rules; the docx's fonts, rows and glue; no blank and no 无
where the form wants an answer. The check itself (tests/paper_check.py) is shown to catch each
kind of fault on PDFs made to have it."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase.pdfmetrics import stringWidth

from beiantool import rules
from beiantool.render import linebreak, render_packet
from beiantool.render.build import documents
from tests import paper_check
from tests.conftest import EXAMPLES, FIXTURES

PAPER = FIXTURES / "paper"
PACKETS = sorted(EXAMPLES.glob("*.yaml")) + sorted(PAPER.glob("*.yaml"))


def _render(packet: Path, out: Path, formats=("pdf",)) -> Path:
    render_packet(packet, out, formats=formats)
    return out


@pytest.mark.parametrize("packet", PACKETS, ids=lambda p: p.stem)
def test_every_example_and_filer_passes_the_layout_check(packet, tmp_path):
    out = _render(packet, tmp_path / "out")
    data = yaml.safe_load(packet.read_text(encoding="utf-8"))
    assert paper_check.check_packet(out, data) == []


def _odd(tmp_path: Path) -> tuple[Path, dict]:
    """Long and odd content: a name that wraps by one character, a very long address, four officers
    with long e-mail addresses, thirty domains, ranges and CIDR blocks, the closing marks a breaker trips on."""
    data = yaml.safe_load((PAPER / "shaoxing-long.yaml").read_text(encoding="utf-8"))
    data["unit"]["name"] = "绍兴越康纺织品进出口贸易发展集团股份有限公司"
    data["unit"]["address"] = ("浙江省绍兴市柯桥区齐贤街道（原齐贤镇）羊山村越康路188号，越康纺织科技园区3号楼东侧二层206室；"
                               "《园区导览图》见大门口，“东门”进。") * 4
    officers = data["security"]["officers"]
    for n in range(2, 4):
        extra = copy.deepcopy(officers[n - 2])
        extra["name"] = ["赵六", "钱七"][n - 2]
        extra["id_number"] = ["330602199202113023", "33060219920211304X"][n - 2]
        extra["email"] = f"officer{n}.network-security-team@yuekang-textile-import-export.com.cn"
        extra["certificate_no"] = f"ZJSX-2024-07{n}9"
        officers.append(extra)
    data["security"]["department"]["headcount"] = 4
    data["sites"][0]["domains"] = [f"shop{n}.yuekang-tex.cn" for n in range(30)]
    data["network"]["ip_ranges"] = ["115.236.88.16/29", "202.96.100.1-202.96.100.14", "60.190.22.128/27", "61.175.200.0/24"]
    path = tmp_path / "odd.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, data


def test_long_and_odd_content_passes_the_layout_check(tmp_path):
    packet, data = _odd(tmp_path)
    out = _render(packet, tmp_path / "out")
    assert paper_check.check_packet(out, data) == []
    lines, _ = paper_check.read_lines(out / "备案表-互联网网站备案表-网站1（绍兴示例科技官网）.pdf")
    texts = [ln.text for ln in lines]
    for number in ("330602199202113023", "33060219920211304X"):  # on the continuation page, each on one line
        assert any(number in text for text in texts), number
    assert not [t for t in texts if t in ("司", "公司")]  # no lonely end of a name


# ---- the check can fail: each kind of fault, made on purpose ------------------------------------


def _pdf(path: Path, story_of) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from beiantool.render.fonts import find_font

    font = find_font().name
    style = ParagraphStyle("p", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    SimpleDocTemplate(str(path), pagesize=A4).build(story_of(style))
    return path


def test_the_check_catches_what_reportlab_alone_prints(tmp_path):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    def story(style):
        cell = Paragraph("单位名称：绍兴示例科技有限公司，身份证号码330602199202113023，电话0575-88888888，以及《管理办法》", style)
        rows = [[Paragraph("序号", style), Paragraph("材料", style)]] + \
            [[Paragraph(str(n), style), Paragraph("很长的材料名称" * (30 if n != 3 else 90), style)] for n in range(1, 6)]
        return [Table([[cell]], colWidths=[100], style=[("GRID", (0, 0), (-1, -1), 0.6, colors.black)]),
                Table([["8.8.8.8-8.8.8.15/29·wangzq@yuekang-textile-import-export.com.cn"]], colWidths=[60],
                      style=[("GRID", (0, 0), (-1, -1), 0.6, colors.black)]),
                Table(rows, colWidths=[40, 300], repeatRows=1, splitInRow=1, style=[("GRID", (0, 0), (-1, -1), 0.6, colors.black)])]

    path = _pdf(tmp_path / "bad.pdf", story)
    lines, crossing = paper_check.read_lines(path)
    assert crossing  # the unbreakable address runs out of its 60-point cell
    assert paper_check.kinsoku(lines)  # reportlab's CJK wrapping starts lines with ，
    assert paper_check.broken_identifiers(lines, ["330602199202113023", "0575-88888888"])
    assert paper_check.split_rows(path)  # splitInRow=1 continues a row on the next page


def test_the_check_finds_the_tools_voice_on_a_signed_page(tmp_path):
    from reportlab.platypus import Paragraph

    path = _pdf(tmp_path / "letter.pdf", lambda st: [Paragraph("本责任书一式两份。〔beiantool 注〕与原文不同之处……", st)])
    assert paper_check.tool_voice(path)


# ---- the line breaker ------------------------------------------------------------------------------


def _measure(size=10.5):
    from beiantool.render.fonts import find_font

    font = find_font().name
    return lambda s: stringWidth(s, font, size)


@pytest.mark.parametrize("text", [
    "根据《中华人民共和国计算机信息系统安全保护条例》、《计算机信息网络国际联网安全保护管理办法》等有关法律法规规定，凡是在绍兴市范围内的联网单位均应履行以下法定义务。",
    "（一）“安全员”名单：张三、李四；（二）联系电话：0575-88888801！？",
])
@pytest.mark.parametrize("width", [60, 97, 150, 233])
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text, width):
    lines = linebreak.lines(text, width, _measure())
    assert "".join(lines) == text.replace(" ", "")
    assert not [ln for ln in lines[1:] if ln[0] in "，。、；：？！）》」』”’"], lines
    assert not [ln for ln in lines[:-1] if ln[-1] in "（《「『“‘"], lines


@pytest.mark.parametrize("ident", ["330602199202113023", "0575-88888888", "115.236.88.16/29", "202.96.100.1-202.96.100.14",
                                   "wangzq@yuekang-tex.cn", "www.yuekang-tex.cn", "https://www.example.cn/a/b", "浙ICP备2024000001号-1",
                                   "浙B2-20240001", "浙公网安备33060202000394号", "312000", "91330602MA2D000102"])
def test_identifiers_never_break_when_they_fit_a_line(ident):
    text = f"编号为{ident}，请核对后在表上照抄一遍。"
    measure = _measure()
    for width in range(int(measure(ident + "，")) + 1, int(measure(text)) + 40, 7):  # "，" may not start a line: it goes with it
        lines = linebreak.lines(text, width, measure)
        assert any(ident in ln for ln in lines), (width, lines)


def test_an_identifier_wider_than_a_line_breaks_only_after_its_own_marks_never_in_digits():
    lines = linebreak.lines("lisi.network-security@yuekang-textile-import-export.com.cn", 90, _measure())
    assert len(lines) > 1 and all(ln[-1] in ".@/-" for ln in lines[:-1]), lines
    ranges = linebreak.lines("115.236.88.16/29", 45, _measure())
    assert all(ln[-1] in "./-" for ln in ranges[:-1]), ranges


def test_a_short_name_is_balanced_not_left_with_one_character():
    measure = _measure()
    name = "绍兴越康纺织品进出口贸易有限公司"
    width = measure(name[:-1]) + 1  # everything but 司 fits on the first line
    lines = linebreak.lines(name, width, measure)
    assert len(lines) == 2 and len(lines[1]) > 3, lines


def test_docx_glue_keeps_identifiers_whole_and_lists_breakable():
    glued = linebreak.glue("电话0575-88888888、邮箱 a.b@c.cn")
    assert "\u2060".join("0575-88888888") in glued and "、\u200b" in glued
    soft = linebreak.glue("a.b@c.cn", soft=True)
    assert soft == "a\u2060.\u200bb\u2060@\u200bc\u2060.\u200bc\u2060n"  # a break only after its own marks


# ---- docx ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def beijing_two(tmp_path_factory):
    out = tmp_path_factory.mktemp("paper") / "out"
    return _render(PAPER / "beijing-two-sites.yaml", out, ("docx", "pdf"))


def test_docx_sets_the_east_asian_font_on_every_run_and_keeps_rows_whole(beijing_two):
    from docx import Document
    from docx.oxml.ns import qn

    path = next(beijing_two.glob("备案表-北京市*网站1*.docx"))
    doc = Document(str(path))
    runs = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs] + \
           [r for p in doc.paragraphs for r in p.runs]
    faces = {r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs if r.text}
    assert faces <= {"宋体", "黑体"} and "宋体" in faces
    assert doc.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    rows = [tr for t in doc.tables for tr in t._tbl.tr_lst]
    assert rows and all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_docx_as_libreoffice_prints_it_passes_the_layout_check(beijing_two, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: .ci/run installs libreoffice-writer-nogui"
    docx = next(beijing_two.glob("备案表-北京市*网站2*.docx"))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(docx)], capture_output=True, check=True, timeout=180)
    pdf = tmp_path / (docx.stem + ".pdf")
    lines, crossing = paper_check.read_lines(pdf)
    data = yaml.safe_load((PAPER / "beijing-two-sites.yaml").read_text(encoding="utf-8"))
    assert paper_check.kinsoku(lines) == [] and crossing == []
    assert paper_check.broken_identifiers(lines, paper_check.packet_identifiers(data)) == []
    assert paper_check.tool_voice(pdf) == []
    assert "wangzq@yuekang-tex.cn" in "".join(ln.text for ln in lines) or "yuekang-tex.cn" in "".join(ln.text for ln in lines)


# ---- no blank where the form wants an answer; never 无 where it is required -------------------------


def _cells(form):
    return [(row, c) for row in form.rows for c in row]


def test_hosting_location_says_none_when_servers_are_not_hosted():
    """绍兴 基本情况表, 填表说明1 (seed 003): “服务器数量\\本单位服务器是否托管\\托管位置\\安全保护技术措施落实情况等项目，如果没有就填无或否。”"""
    data = yaml.safe_load((EXAMPLES / "shaoxing-user.yaml").read_text(encoding="utf-8"))
    data["network"]["servers_hosted"] = False
    data["network"].pop("hosting_location", None)
    forms, _ = documents(data, rules.load("shaoxing"))
    user = next(f for f in forms if f.id == "shaoxing_user")
    texts = [c.text for _, c in _cells(user)]
    assert "托管位置：无" in texts
    assert "如果没有就填无或否" in "".join(user.notes)
    data["network"]["servers_hosted"] = True
    data["network"]["hosting_location"] = "中国电信绍兴越城区机房"
    forms, _ = documents(data, rules.load("shaoxing"))
    assert "托管位置：中国电信绍兴越城区机房" in [c.text for _, c in _cells(next(f for f in forms if f.id == "shaoxing_user"))]


def test_technical_measures_not_taken_say_none_in_the_product_column():
    data = yaml.safe_load((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8"))
    forms, _ = documents(data, rules.load("shaoxing"))
    user = next(f for f in forms if f.id == "shaoxing_user")
    row = next(r for r in user.rows if any("记录并留存用户注册信息" in c.text for c in r))
    assert [c.text for c in row if c.kind == "value"] == ["否", "无"]


def test_a_starred_field_is_never_printed_as_none():
    """The platform form (seed 001 互联网网站备案表): “注:带*符号为必填项”."""
    data = yaml.safe_load((EXAMPLES / "beijing.yaml").read_text(encoding="utf-8"))  # Beijing allows no blank: 无 elsewhere
    del data["security"]["officers"][1]["phone"]
    forms, _ = documents(data, rules.load("beijing"))
    form = next(f for f in forms if f.id == "platform_site")
    for row in form.rows:
        for i, cell in enumerate(row[1:], 1):
            if row[i - 1].kind == "label" and row[i - 1].text.endswith("*"):
                assert cell.text != "无", row[i - 1].text
    assert "无" in [c.text for _, c in _cells(form)]  # an unstarred empty field still says 无 (培训证号)


# ---- the tool's voice: one separate sheet, the checklist names the drafting --------------------------


def test_reconstructed_layouts_are_named_on_the_sheet_and_in_the_checklist_never_on_the_form(tmp_path):
    for example, form, words in [("wuwei.yaml", "《互联网接入服务单位备案表（表一）》", "填写示例复原"),
                                 ("baotou.yaml", "《中华人民共和国计算机信息网络国际联网单位备案表》", "借用绍兴市备案表"),
                                 ("beijing.yaml", "《北京市公安局计算机信息网络国际联网单位备案表》", "推定")]:
        out = _render(EXAMPLES / example, tmp_path / example)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert any(r["document"] == form and words in r["text"] and r["drafting"] for r in manifest["remarks"]), example
        sheet = subprocess.run(["pdftotext", str(out / "生成说明.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert words in "".join(sheet.split())
        checklist = "".join(subprocess.run(["pdftotext", str(out / "材料清单.pdf"), "-"], capture_output=True, text=True,
                                           check=True).stdout.split())
        assert form in checklist and "生成说明.pdf" in checklist
        for entry in manifest["files"]:
            if entry["kind"] in ("form", "letter") and entry["format"] == "pdf":
                assert paper_check.tool_voice(out / entry["path"]) == [], entry["path"]


# ---- the fast path gives UAX #14's answers ------------------------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

_ALPHABET = "中文字号码年月日 ，。、；：？！（）《》“”‘’…—ab12.-@/%（）〔〕"


@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=40))
def test_the_cut_pieces_give_uniseg_own_break_opportunities(text):
    from uniseg.linebreak import line_break_breakables

    expected = list(line_break_breakables(text))
    expected[0] = 0
    inside = {i for a, b in linebreak.identifiers(text) for i in range(a, b + 1)}  # identifiers: our decisions
    got = linebreak._opportunities(text)
    assert [(i, got[i]) for i in range(len(text)) if i not in inside] == [(i, expected[i]) for i in range(len(text)) if i not in inside]


def test_hosting_location_is_not_printed_beside_an_unanswered_hosting_question():
    # the new-user trial: 本单位服务器是否托管 printed 无 (not answered) while 托管位置 beside it printed a site's own
    # server room (sites[*].hosting.address), a contradiction on the paper the officer reads
    data = yaml.safe_load((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8"))
    data["network"].pop("servers_hosted", None)
    data["network"].pop("hosting_location", None)
    assert any((s.get("hosting") or {}).get("address") for s in data["sites"])
    forms, _ = documents(data, rules.load("shaoxing"))
    texts = [c.text for _, c in _cells(next(f for f in forms if f.id == "shaoxing_user"))]
    assert "托管位置：无" in texts
