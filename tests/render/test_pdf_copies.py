"""A document's copies are laid out once (pdf_writer.write_copies): the further copies repeat the first
copy's pages with their own mark and page numbers, byte for byte what laying out every copy gave."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from beiantool import rules
from beiantool.packet import yamlread
from beiantool.render import build, pdf_writer
from beiantool.render.fonts import find_font
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def shaoxing():
    doc = yamlread.load(EXAMPLES / "shaoxing.yaml")
    forms, letter = build.documents(doc.data, rules.load("shaoxing"))
    return forms, letter, find_font()


@pytest.fixture
def layouts(monkeypatch):
    """How many times a table was measured (reportlab's Table._calc) and a paragraph broken into lines."""
    from reportlab.platypus import Table

    from beiantool.render.pdf_text import Wrapped

    count = {"table": 0, "text": 0}
    real_calc, real_layout = Table._calc, Wrapped._layout

    def calc(self, *args):
        count["table"] += 1
        return real_calc(self, *args)

    def layout(self, *args):
        if self._width is None or (self._width >= 0 and self._width != args[0]):
            count["text"] += 1
        return real_layout(self, *args)

    monkeypatch.setattr(Table, "_calc", calc)
    monkeypatch.setattr(Wrapped, "_layout", layout)
    return count


@pytest.mark.parametrize("draft", [False, True])
def test_copies_are_the_bytes_of_laying_out_each_copy(shaoxing, tmp_path, layouts, draft):
    forms, letter, font = shaoxing
    form = forms[0]
    marks = ["第一份", "第二份", "第3份"]
    once = tmp_path / "once.pdf"
    pages = pdf_writer.write_copies(once, pdf_writer.form_flowables(form, font.name, marks[0], font.strong_for), marks,
                                    font.name, draft, form.title)
    laid_once = dict(layouts)
    each = tmp_path / "each.pdf"
    pdf_writer.write(each, [(pdf_writer.form_flowables(form, font.name, m, font.strong_for), m) for m in marks], font.name, draft,
                     form.title)
    laid_each = {k: layouts[k] - laid_once[k] for k in layouts}
    assert once.read_bytes() == each.read_bytes()
    # the work of layout does not grow with the copies: each table measured, each paragraph broken, for one copy only
    assert laid_once["table"] > 0 and laid_each["table"] == len(marks) * laid_once["table"]
    assert laid_once["text"] > 0 and laid_each["text"] == len(marks) * laid_once["text"]
    reader = PdfReader(io.BytesIO(once.read_bytes()))
    assert len(reader.pages) == pages and pages % len(marks) == 0
    per = pages // len(marks)
    texts = [page.extract_text() for page in reader.pages]
    for n, text in enumerate(texts, 1):
        copy = (n - 1) // per
        assert marks[copy] in text and f"第 {n} 页" in text
        assert all(other not in text for other in marks if other != marks[copy])
        first = texts[(n - 1) % per]
        assert text.replace(marks[copy], "").replace(f"第 {n} 页", "") == \
               first.replace(marks[0], "").replace(f"第 {(n - 1) % per + 1} 页", "")


def test_a_letter_in_two_copies_and_a_lone_copy(shaoxing, tmp_path):
    forms, letter, font = shaoxing
    flow = pdf_writer.letter_flowables(letter, font.name)
    two = tmp_path / "two.pdf"
    assert pdf_writer.write_copies(two, flow, ["甲", "乙"], font.name, False, letter.title) % 2 == 0
    each = tmp_path / "each.pdf"
    pdf_writer.write(each, [(pdf_writer.letter_flowables(letter, font.name), m) for m in ["甲", "乙"]], font.name, False, letter.title)
    assert two.read_bytes() == each.read_bytes()
    one = tmp_path / "one.pdf"
    pdf_writer.write_copies(one, pdf_writer.letter_flowables(letter, font.name), [None], font.name, False, letter.title)
    alone = tmp_path / "alone.pdf"
    pdf_writer.write(alone, [(pdf_writer.letter_flowables(letter, font.name), None)], font.name, False, letter.title)
    assert one.read_bytes() == alone.read_bytes()


def test_render_lays_out_each_form_once(tmp_path, monkeypatch):
    from beiantool.render import render_packet

    calls = []
    real = pdf_writer.form_flowables
    monkeypatch.setattr(pdf_writer, "form_flowables", lambda *a, **k: calls.append(a[0].title) or real(*a, **k))
    result = render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "out", formats=("pdf",))
    forms = [w for w in result.files if w.kind == "form"]
    assert any(w.copies > 1 for w in forms)
    assert len(calls) == len(forms)  # one layout per document, whatever its copies
