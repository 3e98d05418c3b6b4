"""A person (个人) who files gets a packet written for a person: no unit form where the
source says the form is for units, 签字 instead of 公章, 责任人 instead of 责任单位."""

from __future__ import annotations

import datetime

import yaml

from beiantool.tasks import checklist
from beiantool.render import checklist_out
from beiantool import rules
from beiantool.packet import yamlread
from beiantool.render import render_packet
from tests.conftest import EXAMPLES
from tests.render.test_render import _flat


def _person(city_example: str, tmp_path, **unit) -> str:
    data = yaml.safe_load((EXAMPLES / city_example).read_text(encoding="utf-8"))
    data["unit"].update({"type": "individual", "name": "赵六", **unit})
    data["unit"].pop("credit_code", None)
    path = tmp_path / "person.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _entries(city: str, path) -> dict:
    data = yamlread.load(path).data
    result = checklist.build(rules.load(city), data, datetime.date(2026, 11, 20))
    return result, {e.item.id: e for e in result.entries}


def test_national_person_gets_no_unit_form_and_is_told_of_article_11(tmp_path):
    out = tmp_path / "out"
    result = render_packet(EXAMPLES / "national-individual.yaml", out, formats=("pdf",))
    forms = [w.path for w in result.files if w.kind == "form"]  # 填表说明一: the unit form is the 联网单位's
    assert forms == ["备案表-互联网网站备案表-网站1（赵六的技术笔记）.pdf"]  # the personal site still files on the platform
    assert any("第十一条" in w and "用户备案表" in w for w in result.warnings)
    text = _flat(out / "材料清单.pdf")
    # seed 002, 第十一条 speaks of 用户, not only of individuals
    assert "用户在接入单位办理入网手续时，应当填写用户备案表" in text
    _, items = _entries("national", EXAMPLES / "national-individual.yaml")
    assert "form" not in items and "user_form_at_isp" in items


def test_baotou_person_is_not_asked_for_a_units_papers_nor_given_a_units_letter(tmp_path):
    """包头's source (行政权力事项表 3–11) names a unit's papers only: 本单位法人…, 单位网络拓扑图, 本单位制定的…制度."""
    path = _person("baotou.yaml", tmp_path)
    result, items = _entries("baotou", path)
    for unit_item in ("person_id_copies", "officer_certificates", "letter", "topology", "security_policies", "business_license"):
        assert unit_item not in items, unit_item
    text = checklist_out.to_text(result)
    assert "所有备案者（单位和个人）" not in text and "没有写个人备案要交什么" in text
    marks = {m for e in items.values() for m in e.item.marks}
    assert "公章" not in marks and "单位负责人签字" not in marks and "骑缝章" not in marks
    out = tmp_path / "out"
    made = render_packet(path, out, formats=("pdf",))
    assert not [w for w in made.files if w.kind == "letter"]  # no 责任单位（公章）/ 单位法人签字 letter for a person
    unit = render_packet(EXAMPLES / "baotou.yaml", tmp_path / "unit", formats=("pdf",))
    assert [w for w in unit.files if w.kind == "letter"]


def test_beijing_person_files_the_beijing_form_signed_on_every_page(tmp_path):
    path = _person("beijing.yaml", tmp_path, commercial=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sites"][0].pop("icp_license")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, items = _entries("beijing", path)
    assert items["form_individual"].item.marks == ["每页签字"] and "form" not in items
    assert "user_form_at_isp" not in items  # Beijing's own rule: the person files the Beijing form
    out = tmp_path / "out"
    result = render_packet(path, out, formats=("pdf",))
    form = next(w.path for w in result.files if w.kind == "form")
    text = _flat(out / form)
    assert "01个人" in text and "个人网站签字" in text


def test_shaoxing_person_with_fixed_ip_fills_the_user_form_and_signs_the_letter(tmp_path):
    out = tmp_path / "out"
    result = render_packet(_person("shaoxing.yaml", tmp_path), out, formats=("pdf",))
    forms = [w.path for w in result.files if w.kind == "form" and "互联网网站备案表" not in w.path]  # the platform form is per site
    assert forms == ["备案表-互联网联网使用单位备案用户网络安全基本情况表.pdf"]  # the unit form is for units
    letter = _flat(out / "安全责任书-绍兴市互联网联网单位安全责任书.pdf")
    assert "责任人：赵六（签字）" in letter and "本人承诺履行上述法定义务和责任。" in letter
    assert "单位法人代表签字" not in letter.replace(" ", "") and "beiantool" not in letter  # the page the person signs
    sheet = _flat(out / "生成说明.pdf")  # the tool says what it rewrote on its own sheet
    assert "个人备案" in sheet and "单位法人代表签字" in sheet
