"""render/xlsxwrite.py writes a workbook byte for byte as openpyxl 3.1 wrote it (tests/render/xlsx_openpyxl.py
replays the same workbook into openpyxl), reads back as what was put in, and render never imports openpyxl."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beiantool.render import xlsxlib, xlsxwrite
from beiantool.render.xlsxlib import Align, Book, Font, Style
from tests.conftest import EXAMPLES
from tests.render import xlsx_openpyxl

STAMP = datetime.datetime(2026, 1, 1)
ODD = ["", " ", "a", " 前后有空格 ", "制表\t符", "两\n行", "回车\r", "\r\n", "\t", "a&b<c>d\"e'f", "&amp;", "𠀀 astral", "\u3000全角空格",
       "x\u2060y\u200bz", "=SUM(A1)", "=", "#N/A", "#REF!", "#DIV/0!", "1.5", "\n", "末尾\t", "\x7f\x85\u00a0", "]]>", "'"]
NUMBERS = [0, 1, -1, 14, 2 ** 64, 2 ** 128, 1.5, 33.800000000000004, 1e-7, 0.1 + 0.2]
REFUSED = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe\uffff"  # what a cell may not hold
GRID = Style(Font("宋体", 10), True, Align(vertical="center", wrap=True))
LOOKS = [xlsxlib.PLAIN, Style(Font("宋体", 14, bold=True, color="C00000")), Style(Font("宋体", 13, bold=True)), GRID,
         Style(None, False, Align(vertical="top", wrap=True)), Style(Font("宋体", 11, True), True, Align("center", "center", True)),
         Style(Font("宋体", 10), True, Align("left", "center", True))]


def _odd_book() -> Book:
    book = Book()
    ws = book.sheet("怪字")
    ws.header = ("草稿（未通过校验，不能提交）", "C00000")
    for i, value in enumerate(ODD + NUMBERS):
        ws.append([value, None, i, value], LOOKS[i % len(LOOKS)])
        ws.pad(ws.max_row, 6)
    ws.append([])
    ws.append([None, "x"], GRID)
    first = ws.max_row + 1
    for i in range(12):
        ws.append([f"第 {i} 行 & <合并>"], LOOKS[i % 3])
    for i in (9, 3, 10, 0, 7, 5, 4, 2, 11):  # openpyxl wrote them in its set's order
        ws.merge(first + i, 1, 6)
    ws.widths = [6, 33.8, 11.7, 20.800000000000001, 10]
    ws.heights = {2: 17.5, 3: 32.0, 7: 14.5 * 3 + 3, 36: 15, 60: 20}  # 36: a row without cells, 60: past the last
    ws.print_title, ws.landscape, ws.centered, ws.margins = 3, True, True, (0.5, 0.5)
    other = book.sheet("It's & <二>")
    other.append(["only"])
    return book


def test_the_shipped_blank_workbook_is_what_openpyxl_makes():
    from importlib import resources

    from tests.render import xlsx_skeleton

    shipped = (resources.files("beiantool.templates") / "xlsx" / "blank.xlsx").read_bytes()
    assert shipped == xlsx_skeleton.build()


def test_odd_text_numbers_styles_merges_and_heights_are_written_as_openpyxl_wrote_them():
    book = _odd_book()
    assert xlsxwrite.xlsx(book, STAMP) == xlsx_openpyxl.saved(book, STAMP)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(-10 ** 20, 10 ** 20),
                                   st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=REFUSED), max_size=12)),
                         max_size=5), min_size=1, max_size=6),
       st.lists(st.sampled_from(LOOKS), min_size=1, max_size=6))
def test_any_text_is_written_as_openpyxl_wrote_it(rows, looks):
    book = Book()
    ws = book.sheet("表")
    for i, row in enumerate(rows):
        ws.append(row, looks[i % len(looks)])
    assert xlsxwrite.xlsx(book, STAMP) == xlsx_openpyxl.saved(book, STAMP)


def _rendered_books(tmp_path, monkeypatch, packet, draft):
    from beiantool.render import render_packet

    books = []
    real = xlsxwrite.xlsx

    def keep(book, stamp):
        books.append((book, stamp))
        return real(book, stamp)

    monkeypatch.setattr(xlsxwrite, "xlsx", keep)
    render_packet(packet, tmp_path / "out", formats=("xlsx",), draft=draft)
    monkeypatch.undo()
    assert len(books) == 2
    return books


@pytest.mark.parametrize("packet", sorted(EXAMPLES.glob("*.yaml")) + [EXAMPLES / "idc" / "idc.yaml"], ids=lambda p: p.stem)
def test_every_examples_workbooks_are_what_openpyxl_writes_and_read_back_as_built(tmp_path, monkeypatch, packet):
    for book, stamp in _rendered_books(tmp_path, monkeypatch, packet, draft=packet.stem in ("beijing", "idc")):
        data = xlsxwrite.xlsx(book, stamp)
        assert data == xlsx_openpyxl.saved(book, stamp)
        _assert_reads_back_as(book, data)


def _written(number) -> float:
    return float("%.16g" % number)  # a number as a sheet holds it: 16 digits


def _as_read(number):
    digits = "%.16g" % number
    return int(digits) if digits.lstrip("-").isdigit() else float(digits)


def _assert_reads_back_as(book: Book, data: bytes) -> None:
    """Every cell's value, type and look, the widths, heights, merged ranges and print setup, as openpyxl reads them."""
    from beiantool.render.xlsxwrite import letter

    read = xlsx_openpyxl.read_back(data)
    assert [s["title"] for s in read] == [s.title for s in book.sheets]
    for sheet, got in zip(book.sheets, read):
        want = {}
        for r, (values, looks) in enumerate(zip(sheet.values, sheet.styles), 1):
            for c, (value, look) in enumerate(zip(values, looks), 1):
                if value in (None, "") and look == xlsxlib.PLAIN:  # read back as no cell at all
                    continue
                font = look.font or Font("Calibri", 11)
                align = look.align or Align()
                color = ("00" + font.color) if font.color else None
                kind = ("inlineStr" if value == "" else "s") if isinstance(value, str) else "n"  # openpyxl reads "" so
                if kind == "n" and value is not None:
                    value = _as_read(value)
                want[f"{letter(c)}{r}"] = (None if value in (None, "") else value, kind, font.name, font.size, font.bold,
                                           color, ("thin",) * 4 if look.border else (None,) * 4, align.horizontal or None,
                                           align.vertical or None, align.wrap, "General", None)
        assert got["cells"] == want
        assert got["widths"] == {letter(i): _written(w) for i, w in enumerate(sheet.widths, 1)}
        assert got["heights"] == {r: _written(h) for r, h in sheet.heights.items()}
        assert got["merged"] == sorted(f"{letter(c1)}{r1}:{letter(c2)}{r2}" for r1, c1, r2, c2 in sheet.merged)
        assert got["freeze"] is None and got["validations"] == 0
        title = f"${sheet.print_title}:${sheet.print_title}" if sheet.print_title else None
        header = sheet.header or (None, None)
        assert got["print"] == (title, 9, "landscape" if sheet.landscape else "portrait", 1, 0, True, sheet.centered or None,
                                *sheet.margins, *header)


def test_odd_workbook_reads_back_as_built():
    book = _odd_book()
    _assert_reads_back_as(book, xlsxwrite.xlsx(book, STAMP))


def test_text_that_looks_like_a_formula_or_an_error_value_stays_text():
    book = Book()
    book.sheet("s").append(["=1+1", "#N/A", "#REF!", "=", "#VALUE!"])
    cells = xlsx_openpyxl.read_back(xlsxwrite.xlsx(book, STAMP))[0]["cells"]
    assert [(v[0], v[1]) for v in cells.values()] == [("=1+1", "s"), ("#N/A", "s"), ("#REF!", "s"), ("=", "s"), ("#VALUE!", "s")]
    sheet = zipfile.ZipFile(io.BytesIO(xlsxwrite.xlsx(book, STAMP))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b't="e"' not in sheet


@pytest.mark.parametrize("bad, shown", [("\x00", "\\x00"), ("a\x07b", "a\\x07b"), ("\x1b[31m", "\\x1b[31m"), ("\x0b", "\\x0b"),
                                        ("\x0c", "\\x0c"), ("\x1f", "\\x1f")])
def test_a_control_character_openpyxl_refused_is_shown_escaped_as_on_the_forms(bad, shown):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    assert ILLEGAL_CHARACTERS_RE.search(bad)  # what openpyxl refused (a --draft of an S007 packet came here and crashed)
    book = Book()
    book.sheet("s").append([bad])
    cells = xlsx_openpyxl.read_back(xlsxwrite.xlsx(book, STAMP))[0]["cells"]
    assert [v[0] for v in cells.values()] == [shown]


@pytest.mark.parametrize("bad", ["\ufffe", "\uffff", "a\ud800"])
def test_what_is_not_xml_is_written_as_the_replacement_character(bad):
    book = Book()
    book.sheet("s").append([bad])
    cells = xlsx_openpyxl.read_back(xlsxwrite.xlsx(book, STAMP))[0]["cells"]
    assert [v[0] for v in cells.values()] == [bad[:-1] + "\ufffd"]


def test_text_is_cut_at_a_cells_limit_before_it_is_checked_as_openpyxl_did():
    book = Book()
    ws = book.sheet("s")
    ws.append(["字" * 40000, "a" * 32767 + "\x07"])  # the control character is past the limit: cut off, as openpyxl did
    assert [len(v) for v in ws.values[0]] == [32767, 32767]
    assert xlsxwrite.xlsx(book, STAMP) == xlsx_openpyxl.saved(book, STAMP)


def test_a_workbook_without_a_stamp_is_dated_now():
    book = Book()
    book.sheet("s").append(["x"])
    before = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None, microsecond=0)
    with zipfile.ZipFile(io.BytesIO(xlsxwrite.xlsx(book, None))) as z:
        core = z.read("docProps/core.xml").decode()
    created = datetime.datetime.strptime(core.split("<dcterms:created")[1].split(">")[1].split("<")[0], "%Y-%m-%dT%H:%M:%SZ")
    assert before - datetime.timedelta(seconds=1) <= created <= datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)


CODE = """
import json, sys
from beiantool.render import render_packet
render_packet(sys.argv[1], sys.argv[2], formats=("docx", "pdf", "xlsx"))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("openpyxl", "et_xmlfile", "docx"))))
"""


def test_a_render_of_every_format_never_imports_openpyxl(tmp_path):
    out = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES / "shaoxing.yaml"), str(tmp_path / "out")],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert json.loads(out.splitlines()[-1]) == []
    assert {"附表.xlsx", "材料清单.xlsx"} <= {p.name for p in (tmp_path / "out").iterdir()}


def test_the_batch_fork_server_loads_no_openpyxl():
    from beiantool.render.many import PRELOAD

    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\nprint('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code, *PRELOAD], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"]


def test_a_draft_of_a_packet_with_a_control_character_writes_its_workbooks(tmp_path, monkeypatch):
    """validate calls it S007 (an error: no render); --draft writes it anyway, the character shown as \\x07."""
    import yaml

    from beiantool.render import render_packet
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("HOME", str(tmp_path))
    data = yaml.safe_load((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8"))
    data["unit"]["name"] = "绍兴\x07示例科技有限公司"
    packet = tmp_path / "p.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = render_packet(packet, tmp_path / "out", formats=("xlsx",), draft=True)
    assert {w.path for w in result.files} >= {"附表.xlsx", "材料清单.xlsx"}
    texts = [str(v[0]) for book in ("附表.xlsx", "材料清单.xlsx")
             for sheet in xlsx_openpyxl.read_back((tmp_path / "out" / book).read_bytes()) for v in sheet["cells"].values()]
    assert any("绍兴\\x07示例" in t for t in texts) and not any("\x07" in t for t in texts)
