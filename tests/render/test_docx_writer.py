"""The .docx writer writes WordprocessingML itself: the same XML python-docx wrote, the blank parts shipped,
the zip written by hand as zipfile writes it; and a render loads only the libraries of the formats asked for."""

from __future__ import annotations

import datetime
import io
import random
import re
import subprocess
import sys
import zipfile

import pytest

from beiantool.render import docx_writer as w
from beiantool.render import zipfix
from tests.conftest import EXAMPLES

STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
ODD = ["", " ", "a", " 前后有空格 ", "制表\t符", "两\n行", "回车\r", "\t", "a&b<c>d\"e'f", "𠀀 astral", "\u3000全角空格", "x\u2060y\u200bz",
       "=SUM(A1)", "#N/A", "1.5", "\n", "末尾\t"]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.mark.parametrize("draft", [False, True])
def test_the_shipped_blank_documents_are_what_python_docx_makes(draft):
    """templates/docx/blank*.docx: python-docx's default template with A4, 宋体 on the styles, zh-CN (and the 草稿 header)."""
    from importlib import resources

    from tests.render import docx_skeleton

    shipped = (resources.files("beiantool.templates") / "docx" / docx_skeleton.names(draft)).read_bytes()
    made = docx_skeleton.build(draft)
    assert list(_parts(shipped)) == list(_parts(made))
    assert _parts(shipped) == _parts(made)


def _python_docx_run(text: str, size=None, east_asian="宋体", bold=None) -> str:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from lxml import etree

    run = Document().add_paragraph().add_run(text)
    rpr = run._element.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    rpr.insert(0, fonts)
    for key, value in (("w:eastAsia", east_asian), ("w:ascii", w.LATIN), ("w:hAnsi", w.LATIN)):
        fonts.set(qn(key), value)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    xml = etree.tostring(run._element, encoding="unicode")
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)  # a run taken out of its document declares every namespace


@pytest.mark.parametrize("text", ODD)
@pytest.mark.parametrize("size,east_asian,bold", [(None, "宋体", None), (9, "宋体", False), (16, "黑体", True), (7.5, "宋体", None)])
def test_a_run_is_the_xml_python_docx_writes(text, size, east_asian, bold):
    assert w._run(text, size, east_asian, bold) == _python_docx_run(text, size, east_asian, bold)


@pytest.mark.parametrize("bad", ["\x00", "a\x01b", "\x0b", "\ufffe"])
def test_text_xml_cannot_hold_is_refused_as_python_docx_refused_it(bad):
    with pytest.raises(ValueError, match="XML compatible"):
        w._run(bad)


def test_units_round_as_python_docx_rounds_them():
    from docx.shared import Emu, Mm, Pt

    for mm in (174, 174 * 3 / 17, 12.345, 60.9, 0.1):
        assert w._mm(mm) == Mm(mm).twips
    for pt in (24, 10.5, 7.5, 3.25):
        assert w._pt(pt) == Pt(pt).twips
        assert w._half_points(pt) == int(Emu(Pt(pt)).pt * 2)


def test_the_zip_is_byte_for_byte_what_zipfile_writes():
    rng = random.Random(7)
    names = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "docProps/core.xml", "x/y/z.bin"]
    for stamp in (STAMP, datetime.datetime(1970, 5, 6), datetime.datetime(2200, 12, 31, 23, 59, 59), datetime.datetime(2024, 2, 29, 13, 1, 2)):
        entries = [(n, bytes(rng.randrange(256) if i % 3 else 65 for _ in range(rng.randrange(0, 5000)))) for i, n in enumerate(names)]
        entries.append(("same.xml", entries[1][1]))  # deflated once, reused
        assert zipfix.build_zip(entries, stamp) == zipfix._with_zipfile(entries, stamp)
        raw, _ = zipfix.raw_entries(zipfix.build_zip(entries, stamp))
        assert zipfix.build_zip(raw, stamp) == zipfix._with_zipfile(entries, stamp)  # entries copied still deflated


def test_a_document_reads_back_with_python_docx(tmp_path):
    """Every feature the writer promises, as python-docx (and so Word) reads it back."""
    from docx import Document
    from docx.oxml.ns import qn

    from beiantool.render import build
    from beiantool.rules import load as load_rules
    from tests.conftest import load_example

    data = load_example("shaoxing")
    data["unit"]["name"] = "绍兴示例科技有限公司 & <甲> " + "很长的名称" * 12
    ruleset = load_rules("shaoxing")
    forms, letter = build.documents(data, ruleset)
    form = forms[0]
    doc = w.new_document(form.title, STAMP, True)
    for i, mark in enumerate(["第1份", "第2份"]):
        w.add_form(doc, form, mark, i == 0)
    w.save(doc, tmp_path / "f.docx", STAMP)
    read = Document(str(tmp_path / "f.docx"))
    assert read.core_properties.title == form.title and read.core_properties.created == STAMP
    assert read.sections[0].page_width.mm == pytest.approx(210, abs=0.1) and read.sections[0].left_margin.mm == pytest.approx(18, abs=0.1)
    assert read.sections[0].header.paragraphs[0].text == "草稿（未通过校验，不能提交）"
    normal = read.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "宋体" and normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    body = read.element.body
    runs = [r for r in body.findall(".//" + qn("w:r")) if r.find(qn("w:t")) is not None]  # not the page breaks
    assert runs and all(r.rPr is not None and r.rPr.rFonts.get(qn("w:eastAsia")) in ("宋体", "黑体") for r in runs)
    assert any(r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" for r in runs)  # required labels
    tables = read.tables
    assert form.continuation  # the long name went to the 续页, a table whose header row repeats
    assert len(tables) == 2 * (len(form.tables) + len(form.continuation))  # two copies
    for table in tables:
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)
    assert tables[-1]._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None
    text = "\n".join(c.text for t in tables for row in t.rows for c in row.cells)
    assert "绍兴示例科技有限公司 & <甲>" in text.replace("\u2060", "").replace("\u200b", "")
    assert any(tc.grid_span > 1 for tc in tables[0]._tbl.iter_tcs())
    marks = [p.text for p in read.paragraphs if p.text in ("第1份", "第2份")]
    assert marks == ["第1份", "第2份"]


@pytest.mark.parametrize("fmt,absent", [
    ("docx", ("docx", "lxml", "openpyxl", "reportlab", "pikepdf")),
    ("pdf", ("docx", "openpyxl")),
    ("xlsx", ("docx", "lxml", "openpyxl", "et_xmlfile", "reportlab", "pikepdf", "numpy", "PIL")),  # written without openpyxl (render/xlsxwrite.py)
])
def test_a_render_loads_no_library_of_a_format_not_asked_for(tmp_path, fmt, absent):
    code = ("import sys; from beiantool.render import render_packet; "
            f"render_packet({str(EXAMPLES / 'shaoxing.yaml')!r}, {str(tmp_path / 'out')!r}, formats=({fmt!r},)); "
            f"print(sorted(m for m in {absent!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
    assert any(p.suffix == f".{fmt}" for p in (tmp_path / "out").iterdir())


