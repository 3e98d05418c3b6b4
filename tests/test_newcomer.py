"""The words people actually type: accepted when unambiguous and printed in the standard form,
or refused with a message that says what to write instead (issue 12)."""

from __future__ import annotations

import datetime

import subprocess

import pytest

from beiantool import api
from beiantool.packet import yamlread
from beiantool.base.errors import UsageError
from tests.conftest import EXAMPLES

BASE = (EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8")


def _report(old: str, new: str):
    assert old in BASE, old
    doc = yamlread.load_text(BASE.replace(old, new, 1), "p.yaml")
    return api.validate_document(doc), doc.data


@pytest.mark.parametrize("old,new,where,value", [
    ("isp: telecom", "isp: 中国电信", ("network", "isp"), "telecom"),
    ("commercial: false", "commercial: 否", ("unit", "commercial"), False),
    ("commercial: false", "commercial: 非经营性", ("unit", "commercial"), False),
    ("interactive: false", "interactive: 是", ("sites", 0, "interactive"), True),
    ("connected_on: 2026-11-01", "connected_on: 2026-11-1", ("network", "connected_on"), datetime.date(2026, 11, 1)),
    ("connected_on: 2026-11-01", "connected_on: 2026/11/1", ("network", "connected_on"), datetime.date(2026, 11, 1)),
    ("connected_on: 2026-11-01", "connected_on: 2026年11月1日", ("network", "connected_on"), datetime.date(2026, 11, 1)),
    ("city: shaoxing", "city: 绍兴", ("city",), "shaoxing"),
    ("city: shaoxing", "city: 绍兴市", ("city",), "shaoxing"),
    ("city: shaoxing", "city: Shaoxing", ("city",), "shaoxing"),
])
def test_unambiguous_words_are_accepted_in_their_standard_form(old, new, where, value):
    report, data = _report(old, new)
    assert report.ok and report.city == "shaoxing", [p.message for p in report.errors]
    for step in where:
        data = data[step]
    assert data == value


def test_a_date_that_does_not_exist_is_still_refused():
    report, _ = _report("connected_on: 2026-11-01", "connected_on: 2026年2月30日")
    assert [p.code for p in report.errors if p.path_text == "network.connected_on"] == ["S004"]


def test_a_city_without_rule_set_points_to_national_and_rules():
    with pytest.raises(UsageError) as caught:
        _report("city: shaoxing", "city: 杭州")
    text = caught.value.message + caught.value.hint
    assert "还没有“杭州”的规则集" in text and "city: national" in text and "--rules" in text


def test_no_fixed_ip_is_a_documented_value_printed_plainly(tmp_path):
    from beiantool.render import render_packet
    from tests.render.test_render import _flat

    text = BASE.replace('ip_ranges: ["202.96.100.1-202.96.100.14"]', "ip_ranges: [动态IP]").replace(
        "egress_router_ip: 202.96.100.1", "egress_router_ip: 无固定IP").replace("access: [leased_line]", "access: [adsl]")
    packet = tmp_path / "adsl.yaml"
    packet.write_text(text, encoding="utf-8")
    report = api.validate_file(packet)
    assert report.ok and [p.code for p in report.warnings] == ["N508"]
    out = tmp_path / "out"
    result = render_packet(packet, out, formats=("pdf",))
    forms = [w.path for w in result.files if w.kind == "form" and "互联网网站备案表" not in w.path]  # the platform form is per site
    assert forms == ["备案表-绍兴市计算机信息网络国际联网单位备案表.pdf"]  # no fixed IP: no 基本情况表
    flat = _flat(out / forms[0])
    assert flat.count("动态IP（无固定IP地址）") >= 2  # IP地址范围 and 出口路由器IP, first copy


def test_outputs_and_offices_are_explained(tmp_path):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from beiantool.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "附表.xlsx  1 份  ——明细表" in result.output
    sheet = load_workbook(tmp_path / "out" / "附表.xlsx")["下级网络"]
    notes = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "共 0 个" not in notes and "不用填写" in notes  # the example has no 下级网络
    cities = runner.invoke(app, ["cities"], terminal_width=200).output
    assert "新昌县公安局网监大队" in cities and "适用：地址在新昌县的备案者" in cities
    assert "适用：其他地区的备案者" in cities


def test_a_pass_with_warnings_says_which_an_officer_will_object_to(tmp_path):
    from typer.testing import CliRunner

    from beiantool.cli import app

    packet = tmp_path / "p.yaml"
    packet.write_text(BASE.replace("  industry: it\n", "").replace('ip_ranges: ["202.96.100.1-202.96.100.14"]',
                                                                   'ip_ranges: ["202.96.100.1-202.96.100.14", "10.0.0.0/24"]'),
                      encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(packet)])
    last = result.output.strip().splitlines()[-1]
    assert result.exit_code == 0, result.output
    assert "1 个（S006）是受理时可能被要求补正的" in last and "其余 1 个是提醒" in last
    packet.write_text(BASE.replace('ip_ranges: ["202.96.100.1-202.96.100.14"]', 'ip_ranges: ["202.96.100.1-202.96.100.14", "10.0.0.0/24"]'),
                      encoding="utf-8")
    last = CliRunner().invoke(app, ["validate", str(packet)]).output.strip().splitlines()[-1]
    assert "都是提醒（N506）" in last


def test_only_the_tools_own_mappings_are_told_once_each(tmp_path):
    from beiantool.render import render_packet

    packet = tmp_path / "cloud.yaml"
    packet.write_text(BASE.replace("type: colocated", "type: cloud").replace("measures: [antivirus,", "measures: [firewall, antivirus,"),
                      encoding="utf-8")
    result = render_packet(packet, tmp_path / "out", formats=("pdf",))
    told = [f"{r.document}{r.text}" for r in result.remarks if "表上没有" in r.text]
    ours = "（这是 beiantool 的对应，来源没有这样说）。"
    assert told == ["《绍兴市计算机信息网络国际联网单位备案表》服务种类：“WWW”表上没有，勾选了“主页服务”" + ours,
                    "《绍兴市计算机信息网络国际联网单位备案表》安全措施：“防火墙”表上没有，勾选了“防入侵”" + ours,
                    "《绍兴市计算机信息网络国际联网单位备案表》网站、网页类型：“云主机”表上没有，勾选了“虚拟主机”" + ours]
    # an exact match ("电信" is the platform's “中国公用计算机网(电信)”) or a value written in 其它（…） is not a hint
    assert "beiantool的对应" in "".join(subprocess.run(["pdftotext", str(tmp_path / "out" / "生成说明.pdf"), "-"], capture_output=True,
                                                         text=True, check=True).stdout.split())


@pytest.mark.parametrize("command", [[], ["validate"], ["cities"], ["checklist"], ["render"], ["init"], ["schema"]])
def test_help_fits_80_columns_whole(command):
    from typer.testing import CliRunner

    from beiantool.cli import zh as cli_zh
    from beiantool.cli import app

    cli_zh.install()  # as main() does
    result = CliRunner().invoke(app, command + ["--help"], terminal_width=80, env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    text = result.output
    assert result.exit_code == 0
    assert "…" not in text and "<bool>" not in text and "{" not in text, text
    assert all(len(line) <= 80 for line in text.splitlines())
    if command:
        assert "示例：beiantool " + command[0] in text.replace("\n", "")


def test_format_names_are_not_case_sensitive(tmp_path):
    from typer.testing import CliRunner

    from beiantool.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(EXAMPLES / "shaoxing.yaml"), "-f", "JSON"]).exit_code == 0
    result = runner.invoke(app, ["render", str(EXAMPLES / "shaoxing.yaml"), "-o", str(tmp_path / "o"), "-f", "PDF"])
    assert result.exit_code == 0 and (tmp_path / "o" / "材料清单.pdf").exists()
