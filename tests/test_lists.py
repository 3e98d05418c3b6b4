"""Customer lists (beiantool.lists, beiantool.listread): every encoding and header spelling read alike,
every unusable file one Chinese error (exit 2), findings placed at the list file's row and column."""

from __future__ import annotations

import io
import json
import os

import pytest

from beiantool import api, lists, yamlread
from beiantool.errors import UsageError
from tests.conftest import EXAMPLES

BASE = (EXAMPLES / "baotou.yaml").read_text(encoding="utf-8")
ROWS = [["a.example.com", "张示一", "0472-5550001"], ["b.example.net", "李示二", "13904725502"]]


def packet(folder, value="客户.csv", key="hosted_users", name="beian.yaml"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(BASE + f"\nlists:\n  {key}: {value}\n", encoding="utf-8")
    return path


def csv_bytes(header, rows, encoding="utf-8", sep=","):
    text = "\r\n".join(sep.join(r) for r in [header] + rows) + "\r\n"
    return text.encode(encoding)


def read(path):
    doc = yamlread.load(path)
    return lists.load(doc)


def xlsx_bytes(header, rows):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append([int(c) if c.isdigit() else c for c in row])  # Excel keeps phone numbers as numbers
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- encodings and header spellings ---------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_each_csv_encoding_reads_the_same_table(tmp_path, encoding):
    sep = "\t" if encoding == "utf-16" else ","  # Excel's “Unicode text” is UTF-16 with tabs
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], ROWS, encoding, sep))
    table = read(packet(tmp_path))["hosted_users"]
    assert table.values["url"] == ["a.example.com", "b.example.net"]
    assert table.values["owner"] == ["张示一", "李示二"] and table.rows == [2, 3]


def test_xlsx_reads_numbers_as_the_digits_shown(tmp_path):
    (tmp_path / "客户.xlsx").write_bytes(xlsx_bytes(["网址", "负责人", "联系方式"], [["a.example.com", "张示一", "13904725501"]]))
    table = read(packet(tmp_path, "客户.xlsx"))["hosted_users"]
    assert table.values["contact"] == ["13904725501"] and table.file.endswith("客户.xlsx")


@pytest.mark.parametrize("header", [
    ["网址", "负责人", "联系方式"],
    ["URL", "Owner", "Contact"],
    ["域名", "联系人", "电话"],
    ["domain", "contact person", "phone"],
    ["网址*", "负责人（必填）", "联系电话"],
    ["ＵＲＬ", " 负责人 ", "手机"],
    ["网站域名", "负责人姓名", "mobile"],
])
def test_each_header_spelling_names_the_same_columns(tmp_path, header):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(header, ROWS))
    table = read(packet(tmp_path))["hosted_users"]
    assert [k for k in table.keys] == ["url", "owner", "contact"]
    assert table.values["contact"] == ["0472-5550001", "13904725502"]


def test_a_title_line_above_the_header_is_skipped(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["虚拟主机用户名单（2026年11月）"], [["网址", "负责人", "联系方式"]] + ROWS))
    table = read(packet(tmp_path))["hosted_users"]
    assert table.rows == [3, 4] and table.values["url"][0] == "a.example.com"


def test_access_users_and_idc_tables_keep_their_columns(tmp_path):
    (tmp_path / "接入.csv").write_bytes(csv_bytes(["单位名称", "IP地址段", "负责人", "联系电话"], [["甲", "110.16.40.8/29", "张示一", "0472-5550001"]]))
    table = read(packet(tmp_path, "接入.csv", "access_users"))["access_users"]
    assert table.keys == ["name", "ip_range", "owner", "contact"] and table.values["ip_range"] == ["110.16.40.8/29"]


def test_idc_tables_keep_unknown_headers_as_written(tmp_path):
    (tmp_path / "服务器.csv").write_bytes(csv_bytes(["服务器IP", "机柜编号", "负责人"], [["110.16.40.9", "A-01", "张示一"]]))
    table = read(packet(tmp_path, "服务器.csv", "servers"))["servers"]
    assert table.keys == ["ip", "#机柜编号", "owner"] and table.title_of("#机柜编号") == "机柜编号"


# ---- unusable files: one Chinese error, exit 2 -----------------------------------------------

def _refused(path, *fragments):
    with pytest.raises(UsageError) as caught:
        read(path)
    assert caught.value.exit_code == 2
    text = caught.value.message + (caught.value.hint or "")
    assert all(f in text for f in fragments), text
    return caught.value


def test_missing_file_names_the_packet_line(tmp_path):
    error = _refused(packet(tmp_path), "不存在", "客户.csv")
    line = BASE.count("\n") + 3
    assert f"beian.yaml:{line}:17：" in error.message


def test_a_folder_is_not_a_list(tmp_path):
    (tmp_path / "客户.csv").mkdir()
    _refused(packet(tmp_path), "不是普通文件")


@pytest.mark.parametrize("name", ["../客户.csv", "/etc/passwd", "~/客户.csv", "sub/../../客户.csv"])
def test_files_outside_the_packet_folder_are_refused(tmp_path, name):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], ROWS))
    _refused(packet(tmp_path / "p", f'"{name}"'), "不会读取", "备案文件所在的目录")


def test_a_symlink_leading_out_is_refused(tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_bytes(csv_bytes(["网址", "负责人", "联系方式"], ROWS))
    (tmp_path / "p").mkdir()
    os.symlink(outside, tmp_path / "p" / "客户.csv")
    _refused(packet(tmp_path / "p"), "符号链接", "不会读取")


def test_a_symlink_inside_the_folder_is_read(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "real.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], ROWS))
    os.symlink(tmp_path / "data" / "real.csv", tmp_path / "客户.csv")
    assert len(read(packet(tmp_path))["hosted_users"]) == 2


def test_wrong_encoding_says_which_line(tmp_path):
    (tmp_path / "客户.csv").write_bytes("网址,负责人,联系方式\r\n".encode() + b"a.example.com,\x80\x80,x\r\n")
    error = _refused(packet(tmp_path), "既不是 UTF-8 也不是 GBK", "CSV UTF-8")
    assert "客户.csv:2:1：" in error.message


def test_old_xls_and_broken_xlsx_are_refused(tmp_path):
    (tmp_path / "客户.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    _refused(packet(tmp_path, "客户.xls"), ".xls", "另存为")
    (tmp_path / "坏.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    _refused(packet(tmp_path, "坏.xlsx"), "xlsx", "读不了")


def test_unknown_extension_and_empty_file(tmp_path):
    (tmp_path / "客户.pdf").write_bytes(b"%PDF-1.4")
    _refused(packet(tmp_path, "客户.pdf"), ".csv 或 .xlsx")
    (tmp_path / "客户.csv").write_bytes(b"")
    _refused(packet(tmp_path), "是空的")


def test_unknown_header_is_placed_and_lists_the_accepted_ones(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式", "备注2"], [r + ["x"] for r in ROWS]))
    error = _refused(packet(tmp_path), "不认识的表头“备注2”", "联系方式")
    assert "客户.csv:1:4：" in error.message


def test_missing_or_empty_required_column(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人"], [r[:2] for r in ROWS]))
    _refused(packet(tmp_path), "缺少必填的“联系方式”列")
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], [r[:2] + [""] for r in ROWS]))
    error = _refused(packet(tmp_path), "“联系方式”列全是空的")
    assert "客户.csv:1:3：" in error.message


def test_a_cell_beyond_the_header_and_a_doubled_column(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], [ROWS[0] + ["多余"]]))
    assert "客户.csv:2:4：" in _refused(packet(tmp_path), "表头没有这一列").message
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式", "电话"], [ROWS[0] + ["1"]]))
    _refused(packet(tmp_path), "第 3 列和第 4 列")


def test_inline_unknown_key_is_placed_in_the_yaml(tmp_path):
    path = tmp_path / "beian.yaml"
    path.write_text(BASE + "\nlists:\n  hosted_users:\n    - {网址: a.example.com, 负责人: 张示一, 联系方式: \"0472-5550001\", 备注: x}\n", encoding="utf-8")
    error = _refused(path, "不认识的栏目“备注”")
    assert f"beian.yaml:{BASE.count(chr(10)) + 4}:" in error.message


def test_cli_exit_2_without_traceback_and_json_error(tmp_path):
    from typer.testing import CliRunner

    from beiantool.cli import app

    (tmp_path / "客户.csv").write_bytes(csv_bytes(["URL", "谁"], ROWS))
    path = packet(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output and "不认识的表头“谁”" in result.output
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json"])
    error = json.loads(result.stdout)["error"]
    assert result.exit_code == 2 and error["file"].endswith("客户.csv") and (error["line"], error["column"]) == (1, 2)


# ---- findings placed at file:row:column --------------------------------------------------------

def test_a_bad_row_deep_in_a_file_is_placed_at_its_row_and_column(tmp_path):
    rows = [[f"s{n}.example.com", "张示一", f"0472-555{n:04d}"] for n in range(1, 251)]
    rows[239][2] = "5550240"  # row 241 of the file (the header is row 1)
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], rows, "gbk"))
    report = api.validate_file(packet(tmp_path))
    [problem] = [p for p in report.problems if p.code.startswith("L")]
    assert (problem.code, problem.file, problem.line, problem.column) == ("L903", str(tmp_path / "客户.csv"), 241, 3)
    assert problem.to_dict()["file"] == str(tmp_path / "客户.csv") and problem.path_text == "lists.hosted_users[239].contact"
    from beiantool.report import text_lines

    shown = "\n".join("".join(t for t, _ in line) for line in text_lines(report))
    assert "客户.csv:241:3  错误 L903" in shown


def test_packet_problems_keep_their_dict_without_a_file_key(tmp_path):
    report = api.validate_file(EXAMPLES / "broken" / "shaoxing-typos.yaml")
    assert all("file" not in p.to_dict() for p in report.problems)


def test_id_numbers_in_lists_are_masked_on_screen(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式", "身份证号码"], [ROWS[0] + ["150203198607052340"]]))
    report = api.validate_file(packet(tmp_path))
    [problem] = [p for p in report.problems if p.code == "L904"]
    assert "150203198607052340" not in json.dumps(problem.to_dict(), ensure_ascii=False) and "150203********2340" in problem.message


def test_broken_example_reports_each_broken_row_where_it_is():
    report = api.validate_file(EXAMPLES / "broken" / "idc" / "idc-broken.yaml")
    found = {(p.code, p.line, p.column) for p in report.problems}
    assert found == {("L902", 3, 1), ("L903", 5, 3), ("L906", 6, 4), ("L907", 7, 1), ("L901", 8, 2), ("L905", 9, 4),
                     ("L908", 10, 5), ("L904", 11, 6)}
    assert all(p.file.endswith("虚拟主机用户.csv") for p in report.problems)


def test_idc_example_is_clean_and_the_checklist_counts_its_rows():
    assert api.validate_file(EXAMPLES / "idc" / "idc.yaml").problems == []
    checklist = api.make_checklist(EXAMPLES / "idc" / "idc.yaml")
    by_id = {e.item.id: e for e in checklist.entries}
    assert by_id["hosted_users_list"].attached == "已附（300 行）" and by_id["hosted_users_list"].to_dict()["rows"] == 300
    assert by_id["subscriber_report"].attached == "已附（24 行）"
    from beiantool.checklist_out import to_text

    assert "虚拟主机用户.csv（300 行，印在附表和客户名单中）" in to_text(checklist)


def test_a_list_fulfils_its_item_for_attachment_missing(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], ROWS))
    path = packet(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "attachments: {}\n", encoding="utf-8")
    missing = [p.message for p in api.validate_file(path).problems if p.code == "A808"]
    assert missing and not any("hosted_users_list" in m for m in missing)


def test_schema_and_starter_document_the_lists():
    schema = json.dumps(api.packet_schema(), ensure_ascii=False)
    assert "hosted_users" in schema and "网址" in schema and "UTF-8" in schema
    starter = api.starter_packet("baotou", "company")
    assert "hosted_users:" in starter and "access_users:" in starter
    assert "hosted_users:" not in api.starter_packet("baotou", "individual")


def test_bench_for_ten_thousand_hosted_users_exists_and_makes_a_valid_packet(tmp_path):
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_lists", ROOT / "bench" / "bench_lists.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert "10,000" in bench.__doc__ and callable(bench.main)
    report = api.validate_file(bench.make_packet(tmp_path, 300))
    assert report.problems == [] and len(lists.load(yamlread.load(tmp_path / "idc.yaml"))["hosted_users"]) == 300


def test_a_file_with_only_its_header_is_refused(tmp_path):
    (tmp_path / "客户.csv").write_bytes(csv_bytes(["网址", "负责人", "联系方式"], []))
    assert "客户.csv:1:1：" in _refused(packet(tmp_path), "只有表头").message


def test_an_empty_inline_list_counts_zero_rows(tmp_path):
    path = packet(tmp_path, "[]")
    assert len(read(path)["hosted_users"]) == 0


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=400), st.text(max_size=300).map(lambda t: ("网址,负责人,联系方式\n" + t).encode("utf-8"))),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_any_bytes_in_a_list_file_give_a_report_or_one_clear_error(tmp_path, raw, suffix):
    (tmp_path / f"客户{suffix}").write_bytes(raw)
    path = packet(tmp_path, f"客户{suffix}")
    try:
        report = api.validate_file(path)
    except UsageError as exc:
        assert exc.exit_code == 2 and exc.message
    else:
        assert all(p.message for p in report.problems)


_HEADERS = ["网址", "URL", "负责人", "联系方式", "电话", "IP地址", "公安备案号", "身份证号码", "名称", "IP地址范围"]


@settings(max_examples=80, deadline=None)
@given(kind=st.sampled_from(["hosted_users", "access_users", "servers"]),
       rows=st.lists(st.dictionaries(st.sampled_from(_HEADERS), st.one_of(st.text(max_size=30), st.integers(), st.none()), max_size=6),
                     max_size=5))
def test_any_inline_rows_give_a_report_or_one_clear_error(kind, rows):
    import yaml

    text = BASE + "\n" + yaml.safe_dump({"lists": {kind: rows}}, allow_unicode=True)
    try:
        report = api.validate_document(yamlread.load_text(text, "m.yaml"))
    except UsageError as exc:
        assert str(exc).startswith("m.yaml")
    else:
        assert all(p.line and p.column for p in report.problems if p.path[:1] == ("lists",))
