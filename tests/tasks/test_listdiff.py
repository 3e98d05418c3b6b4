"""`beiantool change` compares the customer lists: customers added, removed and changed (第十二条第二款)."""

from __future__ import annotations

from typer.testing import CliRunner

from beiantool.packet import lists, yamlread
from beiantool.tasks.change import compare
from beiantool.cli import app
from tests.conftest import EXAMPLES

BASE = (EXAMPLES / "baotou.yaml").read_text(encoding="utf-8")
HEADER = "网址,负责人,联系方式,IP地址\n"


def _packet(folder, csv_text=None, inline=None):
    folder.mkdir(parents=True, exist_ok=True)
    if csv_text is not None:
        (folder / "客户.csv").write_text(HEADER + csv_text, encoding="utf-8")
        extra = "\nlists:\n  hosted_users: 客户.csv\n"
    else:
        extra = "\nlists:\n  hosted_users:\n" + "".join(f"    - {row}\n" for row in inline)
    (folder / "beian.yaml").write_text(BASE + extra, encoding="utf-8")
    return folder / "beian.yaml"


def _diff(old, new):
    a, b = yamlread.load(old), yamlread.load(new)
    return compare(a.data, b.data, lists.load(a), lists.load(b))


def test_added_removed_and_changed_customers(tmp_path):
    old = _packet(tmp_path / "old", "a.example.com,张示一,0472-5550001,110.16.40.11\nb.example.com,李示二,0472-5550002,110.16.40.12\n"
                                    "c.example.com,王示三,0472-5550003,110.16.40.13\n")
    new = _packet(tmp_path / "new", "c.example.com,王示三,0472-5550033,110.16.40.13\na.example.com,张示一,0472-5550001,110.16.40.11\n"
                                    "d.example.com,赵示四,0472-5550004,110.16.40.14\n")
    changes = [(c.kind, c.label, c.old, c.new) for c in _diff(old, new).changes]
    assert ("删除", "虚拟主机用户", "网址 b.example.com，负责人 李示二，联系方式 0472-5550002，IP地址 110.16.40.12", "") in changes
    assert ("新增", "虚拟主机用户", "", "网址 d.example.com，负责人 赵示四，联系方式 0472-5550004，IP地址 110.16.40.14") in changes
    assert ("变更", "虚拟主机用户（c.example.com）", "网址 c.example.com，负责人 王示三，联系方式 0472-5550003，IP地址 110.16.40.13",
            "网址 c.example.com，负责人 王示三，联系方式 0472-5550033，IP地址 110.16.40.13") in changes
    assert len(changes) == 3  # a.example.com moved to row 2: not a change; the file name is the same


def test_re_sorted_rows_or_a_list_moved_into_a_file_are_no_change(tmp_path):
    inline = ['{网址: "https://B.example.com/", 负责人: 李示二, 联系方式: "0472-5550002"}',
              '{网址: a.example.com, 负责人: 张示一, 联系方式: "0472-5550001"}']
    old = _packet(tmp_path / "old", inline=inline)
    new = _packet(tmp_path / "new", "a.example.com,张示一,0472-5550001,\nhttps://B.example.com/,李示二,0472-5550002,\n")
    assert not _diff(old, new)
    result = CliRunner().invoke(app, ["change", str(old), str(new)])
    assert result.exit_code == 0 and "没有不同" in result.output


def test_access_units_are_matched_by_name_and_the_notice_lists_them(tmp_path):
    def packet(folder, rows):
        folder.mkdir(parents=True)
        (folder / "接入.csv").write_text("名称,IP地址范围,负责人,联系电话\n" + rows, encoding="gbk")
        (folder / "beian.yaml").write_text(BASE + "\nlists:\n  access_users: 接入.csv\n", encoding="utf-8")
        return folder / "beian.yaml"

    old = packet(tmp_path / "old", "甲公司,110.16.40.8/29,张示一,0472-5550001\n乙公司,110.16.40.16/29,李示二,0472-5550002\n")
    new = packet(tmp_path / "new", "甲公司,110.16.40.8/29,张示一,0472-5550001\n丙公司,110.16.40.24/29,王示三,0472-5550003\n")
    result = CliRunner().invoke(app, ["change", str(old), str(new), "-o", str(tmp_path / "告知")])
    assert result.exit_code == 0, result.output
    assert "[删除] 接入单位和用户：名称 乙公司" in result.output and "[新增] 接入单位和用户：名称 丙公司" in result.output
    assert "第十二条第二款" in result.output  # the duty to report changes of 接入单位和用户
    assert sorted(p.suffix for p in (tmp_path / "告知").iterdir() if p.suffix in (".docx", ".pdf") and p.name != "生成说明.pdf") == [".docx", ".pdf"]


def test_an_old_list_file_gone_missing_is_one_clear_error(tmp_path):
    old = _packet(tmp_path / "old", "a.example.com,张示一,0472-5550001,\n")
    new = _packet(tmp_path / "new", "a.example.com,张示一,0472-5550001,\n")
    (tmp_path / "old" / "客户.csv").unlink()
    result = CliRunner().invoke(app, ["change", str(old), str(new)])
    assert result.exit_code == 2 and "客户.csv" in result.output and "不存在" in result.output and "Traceback" not in result.output
