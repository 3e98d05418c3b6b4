"""附表.xlsx: a customer list's rows are written as sheet XML (render/xlsxwrite.py), the bytes openpyxl wrote; text that
openpyxl took for a formula or an error value stays text."""

from __future__ import annotations

import datetime
import io
import shutil

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
        table.values[key][i + 1] = value
    return doc, tables


def test_a_long_list_with_odd_text_is_the_sheet_openpyxl_writes_and_reads_back_as_written():
    """Every row of a list is written straight into the sheet (render/xlsxwrite.py): the bytes openpyxl wrote for the
    same workbook, and openpyxl reads back every cell as the list has it ("#N/A" and "=…" stay text)."""
    from openpyxl import load_workbook

    from beiantool.render import xlsxlib, xlsxwrite
    from tests.render import xlsx_openpyxl

    doc, tables = _tables(ODD + ["#N/A", "x" * 40000])
    book = xlsxlib.Book()
    lists_out.add_sheets(book, tables, "idc.yaml", annex._sheet, True)  # a draft: its mark is row 1
    data = xlsxwrite.xlsx(book, STAMP)
    assert data == xlsx_openpyxl.saved(book, STAMP)
    sheet = load_workbook(io.BytesIO(data))["虚拟主机用户"]
    table = tables["hosted_users"]
    expected = [[v[:32767] for v in row] for row in lists_out.rows(table)]  # a cell holds at most 32,767 characters
    got = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert len(got) == len(table) == len(expected)
    assert got == expected
    annexed = annex.annex_bytes(doc.data, True, STAMP, False, tables, "idc.yaml")
    assert load_workbook(io.BytesIO(annexed))["虚拟主机用户"].max_row == 3 + len(table)  # title, note, header


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
