"""Render never fails on what validate accepted: long, many and odd content goes to the 续页."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beiantool import api
from beiantool.packet import yamlread
from beiantool.base.errors import UsageError
from beiantool.render import RenderRefused, render_packet
from beiantool.render.layout import load_layout
from beiantool.rules import template_names
from tests.conftest import load_example

FORM = "备案表-绍兴市计算机信息网络国际联网单位备案表"


def _another_id(n: int) -> str:
    """A valid ID number of its own for an added officer (one number is one person's: P105)."""
    from stdnum.cn import ric

    body = f"33060219900{n % 9 + 1}01{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def _render(tmp_path, data, formats=("pdf", "docx")):
    packet = tmp_path / "p.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = api.validate_file(packet)
    assert report.ok, [p.message for p in report.errors]  # each case is a packet validate accepts
    out = tmp_path / "out"
    render_packet(packet, out, formats)
    return out


def _pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext 未安装（apt-get install poppler-utils）")
    return "".join(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_third_and_fourth_officers_are_on_the_continuation_page(tmp_path):
    data = load_example("shaoxing")
    officers = data["security"]["officers"]
    officers.append(dict(officers[0], name="赵六", certificate_no="ZJSX-2024-0777", id_number=_another_id(1)))
    officers.append(dict(officers[1], name="孙七", certificate_no="ZJSX-2024-0888", id_number=_another_id(2)))
    out = _render(tmp_path, data)
    text = _pdf_text(out / f"{FORM}.pdf")
    assert "其余2名安全员见续页" in text and "（续页）" in text
    for value in ("赵六", "ZJSX-2024-0777", "孙七", "ZJSX-2024-0888"):
        assert text.count(value) == 2, value  # once per copy
    docx = "\n".join(cell.text for table in Document(str(out / f"{FORM}.docx")).tables for row in table.rows for cell in row.cells)
    docx = docx.replace("\u2060", "").replace("\u200b", "")  # the joiners that keep an identifier on one line
    assert "赵六" in docx and "ZJSX-2024-0888" in docx


@pytest.mark.parametrize("case", ["address", "domains", "sites"])
def test_long_content_renders_whole(tmp_path, case):
    data = load_example("shaoxing")
    if case == "address":
        data["unit"]["address"] = "浙江省绍兴市越城区示例路" * 84 + "末尾1号"
        must = ["末尾1号"]
    elif case == "domains":
        data["sites"][0]["domains"] = [f"d{i}.example.com" for i in range(50)]
        must = ["d49.example.com"]
    else:
        site = data["sites"][0]
        data["sites"] = [dict(copy.deepcopy(site), name=f"网站{i}", domains=[f"site{i}-long-name.example.com", f"www.site{i}.example.com"])
                         for i in range(25)]
        must = ["www.site24.example.com"]
    out = _render(tmp_path, data)
    text = _pdf_text(out / f"{FORM}.pdf")
    assert "全文见续页" in text or "其余见续页" in text  # a list cut between whole items: 其余见续页
    for value in must:
        assert value in text  # nothing vanishes: the whole value is on the continuation page


def test_site_names_make_safe_file_names(tmp_path):
    data = load_example("beijing")
    data["sites"].append(dict(copy.deepcopy(data["sites"][0]), name="长" * 200))
    data["sites"][0]["name"] = "商城/移动版"
    out = _render(tmp_path, data, ("docx",))
    names = sorted(p.name for p in out.iterdir())
    assert any("商城_移动版" in n for n in names)
    assert all(len(n.encode("utf-8")) <= 160 for n in names)
    assert len([n for n in names if n.endswith(".docx")]) == 4  # the Beijing form and the platform form, per site


def test_every_indexed_row_of_every_layout_has_a_continuation():
    """A layout that prints list items by index (officers[0], officers[1]) says where the rest go."""
    for form_id in template_names("forms"):
        layout = load_layout(form_id)
        text = yaml.safe_dump(layout["rows"], allow_unicode=True)
        shown: dict[str, int] = {}
        for name, index in re.findall(r"([a-z_.]+)\[(\d+)\]", text):
            shown[name] = max(shown.get(name, 0), int(index) + 1)
        continued = {c["list"]: c["shown"] for c in layout.get("continued", [])}
        assert shown == continued, form_id


long_text = st.text(alphabet="示例路号ABCxyz-0123456789 ", min_size=1, max_size=1200)
PATHS = [("unit", "address"), ("unit", "name"), ("sites", 0, "name"), ("sites", 0, "hosting", "address"),
         ("security", "officers", 0, "certificate_no"), ("network", "isp_other")]


@settings(deadline=None, max_examples=12, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_valid_packets_with_long_many_and_odd_content_render(tmp_path_factory, data):
    packet = load_example("shaoxing")
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(PATHS))
        target = packet
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = data.draw(long_text)
    many = data.draw(st.integers(0, 30))
    packet["sites"][0]["domains"] = [f"d{i}.example.com" for i in range(max(1, many))]
    extra = data.draw(st.integers(0, 2))
    officers = packet["security"]["officers"]
    officers.extend(dict(officers[0], name=f"安全员{i}", id_number=_another_id(i)) for i in range(extra))
    work = tmp_path_factory.mktemp("r")
    path = work / "p.yaml"
    path.write_text(yaml.safe_dump(packet, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        render_packet(path, work / "out", ("pdf", "docx"))
    except RenderRefused:
        return  # exit 1: validate found errors; nothing written
    except UsageError as exc:
        assert exc.exit_code == 1, str(exc)  # a glyph no font has: the file's problem
        return
    assert (work / "out" / "manifest.json").is_file()


def test_a_control_character_is_an_error_and_a_draft_still_renders(tmp_path):
    data = load_example("shaoxing")
    data["unit"]["legal_representative"]["name"] = "张\x07三"
    packet = tmp_path / "p.yaml"
    packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = api.validate_document(yamlread.load(packet))
    assert [p.code for p in report.errors] == ["S007"]
    render_packet(packet, tmp_path / "out", ("pdf", "docx"), draft=True)
    assert "张\\x07三" in _pdf_text(tmp_path / "out" / f"{FORM}.pdf")
