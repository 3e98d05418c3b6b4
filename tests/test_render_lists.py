"""The customer lists in print (beiantool.render.lists_out): read back from 附表.xlsx, 客户名单.pdf and the bundle."""

from __future__ import annotations

import csv
import json
import subprocess

import pytest

from tests.conftest import EXAMPLES

IDC = EXAMPLES / "idc"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from beiantool.render import render_packet

    out = tmp_path_factory.mktemp("idc") / "材料"
    result = render_packet(IDC / "idc.yaml", out, formats=("pdf", "xlsx"))
    return out, result


def _customers():
    with open(IDC / "虚拟主机用户.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return text.split("\f")[:-1]


def test_annex_has_one_sheet_per_list_with_every_row_and_a_repeated_header(rendered):
    from openpyxl import load_workbook

    out, _ = rendered
    book = load_workbook(out / "附表.xlsx")
    assert book.sheetnames.count("虚拟主机用户") == 1 and "接入单位和用户" in book.sheetnames
    sheet = book["虚拟主机用户"]
    values = list(sheet.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(values) if row[0] == "序号")
    assert values[head] == ("序号", "网址", "负责人", "联系方式", "用户名称", "IP地址", "公安备案号")
    body = values[head + 1:]
    customers = _customers()
    assert len(body) == len(customers) == 300
    assert [list(r[1:4]) for r in body] == [c[:3] for c in customers]
    assert sheet.print_title_rows == f"${head + 1}:${head + 1}"  # the header row is printed on every page
    assert "不要直接修改" in values[head - 1][0] and "虚拟主机用户.csv" in values[head - 1][0]
    access = list(book["接入单位和用户"].iter_rows(values_only=True))
    assert access[-1][1:3] == ("包头示例餐饮接入用户24", "110.16.44.192/29")


def test_list_pdf_repeats_the_header_and_never_splits_a_row(rendered):
    out, result = rendered
    pages = _pages(out / "客户名单.pdf")
    hosted = [p for p in pages if "site" in p]
    assert len(hosted) > 1
    customers = _customers()
    for page in hosted:
        assert "网址" in page and "负责人" in page and "联系方式" in page  # the header on every page
    for domain, owner, contact, name, ip, _ in customers:
        holding = [p for p in hosted if f" {domain} " in p]
        assert len(holding) == 1, domain  # each customer once
        line = next(l for l in holding[0].splitlines() if f" {domain} " in l)
        assert owner in line and contact in line and ip in line  # the whole row on one line of one page
    assert sum(p.count(".example.") for p in hosted) == 300
    written = {w.path: w for w in result.files}
    assert written["客户名单.pdf"].pages == len(pages)


def test_bundle_carries_the_lists_with_a_bookmark(rendered):
    import pikepdf

    out, _ = rendered
    with pikepdf.open(out / "打印合订本.pdf") as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    assert "客户名单" in titles
    bundle = "".join(_pages(out / "打印合订本.pdf"))
    assert "site300.example.com" in bundle and "包头示例餐饮接入用户24" in bundle


def test_checklist_shows_the_lists_as_attached_and_render_says_where_to_edit(rendered):
    out, result = rendered
    from tests.test_render import _flat

    checklist = _flat(out / "材料清单.pdf")
    assert "已附（300行）" in checklist and "已附（24行）" in checklist
    note = next(w for w in result.warnings if "名单" in w)
    assert "不要直接改生成的文件" in note and "虚拟主机用户 300 行" in note
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"kind": "lists", "format": "pdf", "path": "客户名单.pdf"}.items() <= next(
        f for f in manifest["files"] if f["path"] == "客户名单.pdf").items()


def test_cli_render_tells_the_user_to_edit_the_packet_or_list(tmp_path):
    from typer.testing import CliRunner

    from beiantool.cli import app

    result = CliRunner().invoke(app, ["render", str(IDC / "idc.yaml"), "-o", str(tmp_path / "o"), "-f", "xlsx"])
    assert result.exit_code == 0, result.output
    assert "要修改请改备案文件或名单文件" in result.output and "客户名单.pdf" not in result.output


def test_a_character_the_font_lacks_is_placed_at_the_list_row(tmp_path):
    from beiantool.render import render_packet
    from beiantool.render.fonts import GlyphMissing

    (tmp_path / "客户.csv").write_text("网址,负责人,联系方式\na.example.com,张示一,0472-5550001\nb.example.com,\U0002B81D示,0472-5550002\n",
                                       encoding="utf-8")
    packet = tmp_path / "beian.yaml"
    packet.write_text((EXAMPLES / "baotou.yaml").read_text(encoding="utf-8") + "\nlists:\n  hosted_users: 客户.csv\n", encoding="utf-8")
    from beiantool.render.fonts import find_font

    if not find_font(None).missing("\U0002B81D"):
        pytest.skip("this machine's font has the rare character")
    with pytest.raises(GlyphMissing) as caught:
        render_packet(packet, tmp_path / "o", formats=("pdf",))
    assert "客户.csv:3:2：" in caught.value.message


def test_list_text_is_never_a_formula_and_wide_idc_tables_fit(tmp_path):
    from openpyxl import load_workbook

    from beiantool.render import render_packet

    header = ",".join(["IP地址"] + [f"栏目{i}" for i in range(1, 30)])
    (tmp_path / "服务器.csv").write_text(header + "\n110.16.40.9," + ",".join(["=1+1"] + ["x"] * 28) + "\n", encoding="utf-8")
    packet = tmp_path / "beian.yaml"
    packet.write_text((EXAMPLES / "baotou.yaml").read_text(encoding="utf-8") + "\nlists:\n  servers: 服务器.csv\n", encoding="utf-8")
    render_packet(packet, tmp_path / "o", formats=("xlsx",))
    sheet = load_workbook(tmp_path / "o" / "附表.xlsx")["服务器信息表"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells["=1+1"].data_type == "s" and "栏目29" in cells


def test_a_control_character_refuses_render_and_a_draft_still_prints(tmp_path):
    from openpyxl import load_workbook

    from beiantool.render import RenderRefused, render_packet

    (tmp_path / "客户.csv").write_text("网址,负责人,联系方式\na.example.com,张\x07示一,0472-5550001\n", encoding="utf-8")
    packet = tmp_path / "beian.yaml"
    packet.write_text((EXAMPLES / "baotou.yaml").read_text(encoding="utf-8") + "\nlists:\n  hosted_users: 客户.csv\n", encoding="utf-8")
    with pytest.raises(RenderRefused) as refused:
        render_packet(packet, tmp_path / "o", formats=("xlsx",))
    assert [p.code for p in refused.value.report.errors] == ["L909"] and not (tmp_path / "o").exists()
    render_packet(packet, tmp_path / "d", formats=("xlsx", "pdf"), draft=True)
    values = [c for row in load_workbook(tmp_path / "d" / "附表.xlsx")["虚拟主机用户"].iter_rows(values_only=True) for c in row]
    assert "张\ufffd示一" in values


def test_a_list_file_swapped_after_validation_is_printed_as_it_was_checked(tmp_path, monkeypatch):
    """Read once (cached on the Document), like the attachments: the rows validation checked are the rows render prints, though
    the list file is replaced (here by one with a control character and an unchecked row) in between."""
    import shutil

    from openpyxl import load_workbook

    from beiantool.render import build, render_packet

    folder = tmp_path / "idc"
    shutil.copytree(IDC, folder)
    real_build = build.build_all

    def swap_then_build(*args, **kwargs):
        (folder / "虚拟主机用户.csv").write_text("网址,负责人,联系方式\nevil\x1b[31m.example,坏人,13900000000\n", encoding="utf-8")
        return real_build(*args, **kwargs)

    monkeypatch.setattr(build, "build_all", swap_then_build)
    out = tmp_path / "材料"
    render_packet(folder / "idc.yaml", out, formats=("xlsx",))
    values = list(load_workbook(out / "附表.xlsx")["虚拟主机用户"].iter_rows(values_only=True))
    head = next(i for i, row in enumerate(values) if row[0] == "序号")
    body = values[head + 1:]
    assert len(body) == 300 and [list(r[1:4]) for r in body] == [c[:3] for c in _customers()]
