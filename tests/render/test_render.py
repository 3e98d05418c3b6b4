"""`beiantool render` end to end: what is written, read back by other tools."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from beiantool import rules
from beiantool.cli import app
from beiantool.base.errors import UsageError
from beiantool.render import render_packet
from tests.conftest import EXAMPLES

FORM = "备案表-绍兴市计算机信息网络国际联网单位备案表"
LETTER = "安全责任书-绍兴市互联网联网单位安全责任书"


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    out = tmp_path_factory.mktemp("render") / "packet"
    render_packet(EXAMPLES / "shaoxing.yaml", out)
    return out


def _pdftotext(path, mode: str = "-layout") -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext 未安装（apt-get install poppler-utils）")
    return subprocess.run(["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _text(cell) -> str:
    """A docx cell's text without the word joiners that keep option marks and domains whole."""
    return cell.text.replace("\u2060", "").replace("\u200b", "")


def _flat(path) -> str:
    """The PDF's text in drawing order with all white space removed: wrapped labels read whole."""
    return "".join(_pdftotext(path, "-raw").split())


def test_manifest_lists_every_file_with_its_hash(packet):
    manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["city"] == "shaoxing" and manifest["packet"] == "shaoxing.yaml"
    paths = {f["path"] for f in manifest["files"]}
    user_form = "备案表-互联网联网使用单位备案用户网络安全基本情况表"  # the example has fixed IPs
    site_form = "备案表-互联网网站备案表-网站1（绍兴示例科技官网）"  # one per website
    assert paths == {f"{FORM}.docx", f"{FORM}.pdf", f"{user_form}.docx", f"{user_form}.pdf", f"{LETTER}.docx", f"{LETTER}.pdf",
                     f"{site_form}.docx", f"{site_form}.pdf", "材料清单.pdf", "材料清单.xlsx", "附表.xlsx", "打印合订本.pdf", "生成说明.pdf"}
    for entry in manifest["files"]:
        assert hashlib.sha256((packet / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
        assert entry["kind"] in ("form", "letter", "checklist", "annex", "bundle", "remarks")
    form_pdf = next(f for f in manifest["files"] if f["path"] == f"{FORM}.pdf")
    assert form_pdf["copies"] == 2 and form_pdf["pages"] == 2


def test_pdf_form_has_every_label_option_and_value(packet):
    text = _pdftotext(packet / f"{FORM}.pdf")
    assert text.count("绍兴市计算机信息网络国际联网单位备案表") == 2  # two copies
    # issue 22 item 9: no 绍兴 source marks the copies 公安机关存档/联网单位存档; the copies are only counted
    assert "存档" not in text and "第1份" in text and "第2份" in text
    flat = _flat(packet / f"{FORM}.pdf")
    for label in ("单位名称", "法人代表", "通信地址", "邮政编码", "联系电话", "行业类别", "计算机信息网络安全员", "证书编号",
                  "所属网络", "网络名称（域名）", "服务种类", "服务性质", "安全措施", "审计方式", "网络概况", "联网单位接入方式",
                  "IP地址范围", "出口路由器IP", "域名服务器IP", "邮件服务器IP", "备案单位盖章", "公安机关盖章", "填表说明"):
        assert label in flat, label
    for option in ("上网企业", "其他网站", "宽带多媒体服务", "互联网单位用户", "专用审计软件", "CableModem", "无线上网"):
        assert option in text, option
    for value in ("绍兴示例科技有限公司", "ZJSX-2024-0123", "wangwu@example.com", "202.96.100.1-202.96.100.14", "2026 年 11 月 20 日"):
        assert value in text, value
    dns = next(line for line in text.splitlines() if "域名服务器IP" in line)
    assert "无" in dns  # 绍兴：没有的填“无”


def test_pdf_letter_keeps_the_obligations(packet):
    text = _flat(packet / f"{LETTER}.pdf")
    for fact in ("三十日内", "配备2到4名计算机安全员", "保存3个月以上", "8、其他与安全保护相关的管理制度", "7、其他保护信息和系统网络安全的技术措施",
                 "联网单位：绍兴示例科技有限公司", "本责任书一式两份"):
        assert fact in text, fact


def test_docx_cells_and_page_setup(packet):
    doc = Document(str(packet / f"{FORM}.docx"))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    table = doc.tables[0]
    assert _text(table.cell(0, 0)) == "单位名称" and _text(table.cell(0, 2)) == "绍兴示例科技有限公司"
    assert _text(table.cell(4, 0)) == "计算机信息网络安全员" and _text(table.cell(7, 0)) == "计算机信息网络安全员"  # rowspan
    assert "●ＩＴ相关" in _text(table.cell(3, 2)) and "○上网企业" in _text(table.cell(3, 2))  # circle options
    assert "■专线" in _text(table.cell(16, 2)) and "□ADSL" in _text(table.cell(16, 2))  # box options
    assert len(doc.tables) == 2  # one table per copy


def test_checklist_xlsx_reads_back(packet):
    ws = load_workbook(packet / "材料清单.xlsx").active
    names = [row[2].value for row in ws.iter_rows() if isinstance(row[1].value, int)]
    assert "《绍兴市互联网联网单位安全责任书》" in names


def test_two_renders_are_byte_identical(packet, tmp_path):
    again = tmp_path / "again"
    render_packet(EXAMPLES / "shaoxing.yaml", again)
    for path in packet.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_errors_write_nothing_and_draft_marks_every_page(tmp_path):
    runner = CliRunner()
    target = tmp_path / "out"
    result = runner.invoke(app, ["render", str(EXAMPLES / "broken" / "shaoxing-typos.yaml"), "-o", str(target)])
    assert result.exit_code == 1 and not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind either
    result = runner.invoke(app, ["render", str(EXAMPLES / "broken" / "shaoxing-typos.yaml"), "-o", str(target), "--draft", "-f", "pdf"])
    assert result.exit_code == 0, result.output
    pages = [p for p in _pdftotext(target / f"{FORM}.pdf", "-raw").split("\f") if p.strip()]
    assert len(pages) == 2 and all("草稿" in "".join(page.split()) for page in pages)


def test_existing_packet_needs_force(packet):
    with pytest.raises(UsageError, match="--force"):
        render_packet(EXAMPLES / "shaoxing.yaml", packet)


def test_failure_leaves_no_half_packet(tmp_path, monkeypatch):
    from beiantool.render import build

    def boom(*args, **kwargs):
        raise RuntimeError("磁盘写满（模拟）")

    monkeypatch.setattr(build, "_pdf", boom)
    target = tmp_path / "out"
    with pytest.raises(RuntimeError):
        render_packet(EXAMPLES / "shaoxing.yaml", target)
    assert list(tmp_path.iterdir()) == []


def test_missing_glyph_names_the_character_and_field(tmp_path):
    from beiantool.render.fonts import find_font

    if find_font().path is None:
        pytest.skip("本机没有可嵌入的中文 TrueType 字体（apt-get install fonts-wqy-microhei），STSong-Light 回退字体无法逐字检查")
    original = (EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(original.splitlines(), 1) if row.strip() == "- name: 李四")
    text = original.replace("- name: 李四", "- name: 𠮷四")
    packet = tmp_path / "p.yaml"
    packet.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(packet), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1  # a problem of the file's content, not of the command line
    assert "U+20BB7" in result.output and "security.officers[0].name" in result.output
    assert f"p.yaml:{line}:" in result.output  # the line of 李四's name in the example
    assert not (tmp_path / "out").exists()


def test_national_form_has_its_cover(tmp_path):
    out = tmp_path / "n"
    data = yaml.safe_load((EXAMPLES / "national-individual.yaml").read_text(encoding="utf-8"))
    data["unit"].update(type="company", name="北京示例软件有限公司", credit_code="91110105MA01XK7QXM")
    packet = tmp_path / "company.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = render_packet(packet, out, formats=("pdf",))
    assert any("安全责任书" in w for w in result.warnings)  # honest about what is not there yet
    text = _flat(out / "备案表-中华人民共和国计算机信息网络国际联网单位备案表.pdf")
    for fact in ("单位编号", "办理机关", "办理人员", "中华人民共和国公安部监制", "一式两份", "后4位是本行政区划内联网单位的顺序编码"):
        assert fact in text, fact


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_libreoffice_converts(packet, tmp_path, suffix):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice 未安装（apt-get install libreoffice-writer-nogui libreoffice-calc-nogui）")
    source = next(p for p in packet.iterdir() if p.suffix == f".{suffix}")
    run = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=240)
    produced = tmp_path / (source.stem + ".pdf")
    assert produced.exists() and produced.stat().st_size > 1000, run.stdout + run.stderr


def test_wuwei_isp_form_follows_its_conventions(tmp_path):
    out = tmp_path / "w"
    render_packet(EXAMPLES / "wuwei.yaml", out, formats=("pdf",))
    text = _flat(out / "备案表-互联网接入服务单位备案表（表一）.pdf")
    assert "20261111" in text  # dates as YYYYMMDD
    assert "61.178.100.1,61.178.100.62;61.178.101.0,61.178.101.63" in text  # start,end;start,end
    assert "经营性质0" in text  # 经营性 0
    assert "单位编号共14位编码" in text


def test_beijing_files_one_form_per_website(tmp_path):
    import yaml

    data = yaml.safe_load((EXAMPLES / "beijing.yaml").read_text(encoding="utf-8"))
    second = dict(data["sites"][0], name="第二个网站", domains=["two.example.cn"], homepage="https://two.example.cn")
    data["sites"].append(second)
    packet = tmp_path / "bj.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = render_packet(packet, tmp_path / "out", formats=("pdf",))
    forms = sorted(w.path for w in result.files if w.kind == "form" and "北京市公安局" in w.path)
    platform = sorted(w.path for w in result.files if w.kind == "form" and "互联网网站备案表" in w.path)
    assert [p.split("-")[-1] for p in platform] == ["网站1（示例优选商城）.pdf", "网站2（第二个网站）.pdf"]  # one per site, too
    assert len(forms) == 2 and "网站1（示例优选商城）" in forms[0] and "网站2（第二个网站）" in forms[1]
    assert "two.example.cn" in _flat(tmp_path / "out" / forms[1]) and "two.example.cn" not in _flat(tmp_path / "out" / forms[0])
    assert any("阿里云备案帮助页" in r.text for r in result.remarks)  # the layout says where its fields come from (生成说明)


def test_checklist_pdf_and_annex_workbook(tmp_path):
    out = tmp_path / "bt"
    result = render_packet(EXAMPLES / "baotou.yaml", out)
    kinds = {(w.kind, w.format) for w in result.files}
    assert {("checklist", "pdf"), ("checklist", "xlsx"), ("annex", "xlsx")} <= kinds
    text = _flat(out / "材料清单.pdf")
    assert "使用本单位虚拟主机的所有用户的基本情况" in text and "最迟2026-12-10（含当日" in text
    wb = load_workbook(out / "附表.xlsx")
    assert wb.sheetnames == ["IP地址范围", "网站", "下级网络", "虚拟主机用户"]
    ranges = [[c.value for c in row] for row in wb["IP地址范围"].iter_rows()]
    assert ["110.16.40.0/26", "110.16.40.0", "110.16.40.63", 64] in ranges
    assert wb["下级网络"].max_row >= 3 + 3  # title, note, header and one row per declared subnet
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.sheet_properties.pageSetUpPr.fitToPage


def test_packet_folder_has_ordinary_permissions(packet):
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert packet.stat().st_mode & 0o777 == 0o777 & ~umask


def test_wuwei_non_isp_fills_the_national_form(tmp_path):
    import yaml

    data = yaml.safe_load((EXAMPLES / "wuwei.yaml").read_text(encoding="utf-8"))
    data["unit"]["service_nature"] = ["icp"]
    packet = tmp_path / "w.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = render_packet(packet, tmp_path / "out", formats=("pdf",))
    forms = [w.path for w in result.files if w.kind == "form" and "互联网网站备案表" not in w.path]  # the platform form is per site
    assert forms == ["备案表-中华人民共和国计算机信息网络国际联网单位备案表.pdf"]


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_every_named_layout_and_letter_exists(rid):
    from beiantool import rules
    from beiantool.render.layout import load_layout
    from beiantool.render.letters import load_letter

    filing = rules.load(rid).filing
    for layout in ([filing.layout] if filing.layout else []) + [c.layout for c in filing.forms or []]:
        assert load_layout(layout)["id"] == layout
    if filing.letter:
        assert load_letter(filing.letter)["id"] == filing.letter


def test_shaoxing_fixed_ip_user_form(tmp_path):
    out = tmp_path / "u"
    result = render_packet(EXAMPLES / "shaoxing-user.yaml", out, formats=("pdf", "docx"))
    name = "备案表-互联网联网使用单位备案用户网络安全基本情况表"
    assert {f"{name}.pdf", f"{name}.docx"} <= {w.path for w in result.files}
    text = _flat(out / f"{name}.pdf")
    for fact in ("所属县（市）区：新昌县", "安全管理部门", "信息中心", "中国电信股份有限公司新昌分公司", "已建立的安全管理制度",
                 "本网络服务种类描述", "A、H", "开办电子邮件和网上短信息服务的", "安全管理中存在的问题和需求", "单位签名（盖章）",
                 "U、其它", "备案单位需另附网络结构拓扑图"):
        assert fact in text, fact
    doc = Document(str(out / f"{name}.docx"))
    assert len(doc.tables) == 2  # the form is two tables: facts, then measures and needs
    measures = [row.cells[2].text for row in doc.tables[1].rows[1:11]]
    assert len([m for m in measures if m]) == 10


@pytest.mark.parametrize("day", ["1979-12-31", "2108-01-01"])
def test_dates_outside_the_zip_range_still_render(tmp_path, day):
    text = (EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8").replace("filled_on: 2026-11-20", f"filled_on: {day}")
    packet = tmp_path / "p.yaml"
    packet.write_text(text, encoding="utf-8")
    render_packet(packet, tmp_path / "out", formats=("docx", "xlsx"), draft=True)
    assert Document(str(tmp_path / "out" / f"{FORM}.docx")).core_properties.created.year == int(day[:4])


@pytest.mark.parametrize("example,office", [("yunnan", ""), ("hezhou", "贺州市公安局公共信息网络安全监察支队")])
def test_national_cover_names_only_a_real_office(tmp_path, example, office):
    render_packet(EXAMPLES / f"{example}.yaml", tmp_path / "o", formats=("pdf",))
    text = _pdftotext(tmp_path / "o" / "备案表-中华人民共和国计算机信息网络国际联网单位备案表.pdf", "-raw")
    line = next(l for l in text.splitlines() if l.startswith("办理机关"))
    assert line.replace(" ", "") == f"办理机关：{office}"


def test_without_a_truetype_font_falls_back_to_stsong_and_warns(tmp_path, monkeypatch):
    from beiantool.render import fonts

    monkeypatch.setattr(fonts, "_candidates", lambda explicit: iter(()))
    result = render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "o", formats=("pdf",))
    assert any("STSong-Light" in w for w in result.warnings)
    assert "绍兴示例科技有限公司" in _flat(tmp_path / "o" / f"{FORM}.pdf")
    assert "绍兴示例科技有限公司" in _flat(tmp_path / "o" / "打印合订本.pdf")  # the parts' pages replayed name the same CID font


def test_font_option_must_exist(tmp_path):
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "o"), "--font", "/no/such.ttf"])
    assert result.exit_code == 2 and "/no/such.ttf" in result.output and not (tmp_path / "o").exists()


def test_baotou_letter_carries_its_sourced_obligations(tmp_path):
    result = render_packet(EXAMPLES / "baotou.yaml", tmp_path / "b", formats=("pdf",))
    assert not any("责任书模板" in w for w in result.warnings)
    letter = next(w for w in result.files if w.kind == "letter")
    assert letter.copies == 2 and letter.path == "安全责任书-互联网信息安全责任书.pdf"
    text = _flat(tmp_path / "b" / letter.path)
    for fact in ("信息发布审核制度", "网络安全日志审计措施", "网站24小时交互式栏目信息巡查制度", "互联网安全应急处置制度",
                 "关键字过滤技术措施", "三十日内", "停机整顿不超过六个月", "单位法人签字", "责任单位：包头示例云计算有限公司"):
        assert fact in text, fact


def test_chinese_labels_render_like_values(tmp_path):
    text = (EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8")
    text = text.replace("isp: telecom", "isp: 联通").replace("access: [leased_line]", "access: [ADSL]")
    packet = tmp_path / "p.yaml"
    packet.write_text(text, encoding="utf-8")
    render_packet(packet, tmp_path / "o", formats=("docx",))
    table = Document(str(tmp_path / "o" / f"{FORM}.docx")).tables[0]
    assert "●联通" in _text(table.cell(8, 2)) and "■ADSL" in _text(table.cell(16, 2))


def test_output_that_cannot_be_created_is_a_usage_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(blocker / "sub" / "out")])
    assert result.exit_code == 2, result.output
    assert "无法创建输出目录" in result.output and "Traceback" not in result.output


def test_write_failure_is_a_usage_error_and_leaves_nothing(tmp_path, monkeypatch):
    from beiantool.render import build

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "_pdf", disk_full)
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "写入失败" in result.output
    assert list(tmp_path.iterdir()) == []


def test_forms_print_in_song_with_required_labels_in_hei(tmp_path):
    """“黑体字部分为必填项”: the body in a 宋体 face, the required labels in a 黑体 face (CI installs both)."""
    from beiantool.render.build import documents
    from beiantool.render.fonts import HEI, SONG, find_font

    font = find_font()
    assert font.path in SONG and font.bold_path in HEI, (font.path, font.bold_path)
    out = tmp_path / "o"
    render_packet(EXAMPLES / "shaoxing.yaml", out, formats=("pdf",))
    faces = subprocess.run(["pdffonts", str(out / f"{FORM}.pdf")], capture_output=True, text=True, check=True).stdout
    assert "UMing" in faces or "SimSun" in faces or "Songti" in faces
    assert "WenQuanYi" in faces or "SimHei" in faces or "Heiti" in faces
    data = yaml.safe_load((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8"))
    forms, _ = documents(data, rules.load("shaoxing"))
    labels = {c.text: c.strong for t in forms[0].tables for row in t for c in row if c.kind == "label"}
    assert labels["单位名称"] and labels["域名服务器IP"] and not labels["行业类别"]
    national, _ = documents({**data, "city": "national"}, rules.load("national"))
    assert not any(c.strong for t in national[0].tables for row in t for c in row)  # its notes say nothing of 黑体


def _lines(text: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from beiantool.render import linebreak
    from beiantool.render.fonts import find_font

    font = find_font()
    return linebreak.lines(text, width, lambda s: stringWidth(s, font.name, 10.5))


def test_long_domains_wrap_between_items_not_inside_a_domain():
    text = "example.com、www.example.com、m.example.com、浙江省绍兴市越城区示例路1号"
    lines = _lines(text, 110)
    assert len(lines) > 2 and "".join(lines) == text
    for domain in ("example.com", "www.example.com", "m.example.com"):
        assert any(domain in line for line in lines), lines
    assert not any(line.startswith("、") for line in lines)


def test_docx_options_stay_whole_and_lists_break_after_the_separator(packet):
    table = Document(str(packet / f"{FORM}.docx")).tables[0]
    domains = table.cell(9, 2).text
    glued = "\u2060".join("example.com") + "、\u200b" + "\u2060".join("www.example.com")
    assert glued in domains  # LibreOffice wraps after 、, never inside a domain
    options = table.cell(16, 2).paragraphs[0].runs
    assert any(run.text == "\u2060".join("■专线") for run in options)  # mark glued to its label


def test_an_address_wider_than_its_cell_breaks_at_its_own_dots():
    lines = _lines("sun@example-bearing.cn", 80)
    assert "".join(lines) == "sun@example-bearing.cn" and len(lines) > 1
    assert all(line.endswith(("@", "-", ".")) for line in lines[:-1]), lines


def test_a_form_without_filled_on_leaves_the_date_blanks_for_the_hand():
    # the new-user trial: the starter said 填表日期 defaults to today, the form printed nothing at all after 填表时间：
    from beiantool.render.fields import field_text

    assert field_text({}, "filled_on|年月日") == "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    assert field_text({"filled_on": "2026-11-20"}, "filled_on|年月日") == "2026 年 11 月 20 日"


def test_without_pdf_nothing_points_to_a_remarks_sheet_that_was_not_written(tmp_path):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from beiantool.cli import app

    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "x"), "-f", "xlsx"])
    assert result.exit_code == 0 and not (tmp_path / "x" / "生成说明.pdf").exists()
    assert "生成说明（不印在要签字盖章的材料上；生成 PDF 时另存为生成说明.pdf）" in result.output
    cells = [str(c.value) for row in load_workbook(tmp_path / "x" / "材料清单.xlsx").active.iter_rows() for c in row if c.value]
    note = next(c for c in cells if "复原、推定或拟写" in c)
    assert "本目录的生成说明.pdf" not in note and "生成 PDF 时另存为生成说明.pdf" in note
    result = CliRunner().invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "y")])
    assert "生成说明.pdf 中，不印在要签字盖章的材料上" in result.output and (tmp_path / "y" / "生成说明.pdf").exists()
