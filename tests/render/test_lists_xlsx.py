"""附表.xlsx: a long customer list's rows after the first are written as sheet XML (lists_out.splice), the same bytes
openpyxl writes cell by cell; anything openpyxl would treat specially leaves every row to openpyxl."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
import yaml

from beiantool.packet import lists, yamlread
from beiantool.render import annex, lists_out
from tests.conftest import EXAMPLES

STAMP = datetime.datetime(2026, 1, 1)
ODD = [" 前后有空格 ", "制表\t符", "两\n行", "回车\r", "a&b<c>d\"e'f", "𠀀 astral", "\u3000全角", "=SUM(A1)", "=", "", "1.5", "末尾 "]


def _tables(odd: list[str]):
    doc = yamlread.load(EXAMPLES / "idc" / "idc.yaml")
    tables = lists.load(doc)
    table = tables["hosted_users"]
    key = next(k for k in table.keys if k)
    for i, value in enumerate(odd):
        table.values[key][i + 1] = value  # the first row stays plain: openpyxl writes it, the rest are spliced
    return doc, tables


def _annex(doc, tables, quick: bool) -> bytes:
    return annex.annex_bytes(doc.data, True, STAMP, False, tables, "idc.yaml", quick=quick)


@pytest.mark.parametrize("odd,spliced", [(ODD, True), (ODD + ["#N/A"], False)])
def test_a_long_list_is_the_sheet_openpyxl_writes(odd, spliced):
    from openpyxl import Workbook, load_workbook

    doc, tables = _tables(odd)
    wb = Workbook()
    later = lists_out.add_sheets(wb, tables, "idc.yaml", annex._sheet, False)
    assert (lists_out.rows(tables["hosted_users"]) in later.values()) is spliced  # "#N/A" is an error value to openpyxl
    quick, slow = _annex(doc, tables, True), _annex(doc, tables, False)
    assert quick == slow
    sheet = load_workbook(io.BytesIO(quick))["虚拟主机用户"]
    table = tables["hosted_users"]
    expected = lists_out.rows(table)
    got = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert len(got) == len(table) == len(expected)
    assert got == expected


def test_a_sheet_whose_first_row_is_not_as_expected_is_not_spliced():
    assert lists_out.splice(b'<worksheet><sheetData><row r="4"><c r="A4" s="3" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>',
                            [["y"], ["z"]]) is None


def test_a_workbook_made_in_memory_is_what_openpyxl_saves():
    """xlsxlib.parts (each sheet written to memory, not to a temporary file) and openpyxl's own save give the same file."""
    from openpyxl import Workbook

    from beiantool.render import xlsxlib
    from beiantool.render.zipfix import normalized_zip

    doc, tables = _tables(ODD)

    def workbook():
        wb = Workbook()
        wb.remove(wb.active)
        lists_out.add_sheets(wb, tables, "idc.yaml", annex._sheet, True, quick=False)
        return wb

    saved = io.BytesIO()
    workbook().save(saved)
    assert xlsxlib.xlsx(xlsxlib.parts(workbook()), STAMP) == normalized_zip(saved.getvalue(), STAMP)


def test_error_values_and_formulas_written_by_the_user_stay_text_in_every_sheet(tmp_path):
    """openpyxl writes "#N/A" as an error value and "=…" as a formula; a packet's text is neither."""
    from openpyxl import load_workbook

    from beiantool.render import render_packet
    from tests.conftest import EXAMPLES

    folder = tmp_path / "p"
    shutil.copytree(EXAMPLES / "idc", folder)
    csv = folder / "虚拟主机用户.csv"
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[3] = "#N/A"  # 用户名称
    lines[1] = ",".join(cells)
    cells = lines[2].split(",")
    cells[3] = "#REF!"
    lines[2] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    packet = folder / "idc.yaml"
    data = yaml.safe_load(packet.read_text(encoding="utf-8"))
    data["sites"][0]["name"] = "#VALUE!"
    data["sites"][0].setdefault("hosting", {})["provider"] = "=1+1"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render_packet(packet, tmp_path / "out", formats=("xlsx",), draft=True)
    for name in ("附表.xlsx", "材料清单.xlsx"):
        book = load_workbook(tmp_path / "out" / name)
        kinds = {c.data_type for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert kinds <= {"s", "n"}, (name, kinds)
    texts = {c.value for ws in load_workbook(tmp_path / "out" / "附表.xlsx").worksheets for row in ws.iter_rows() for c in row}
    assert {"#N/A", "#REF!", "#VALUE!", "=1+1"} <= texts
