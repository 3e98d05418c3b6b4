"""Starters without traps (issue 23 item 2, issue 21 item 4): a filer who replaces every
〔placeholder〕 with a real value and uncomments what the starter offers gets a packet that
validates, and the starter has a key for every field the city's forms print."""

from __future__ import annotations

import re

import pytest
import yaml

from beiantool import api, rules, yamlread
from tests.starter_fill import Filler, attachment_files, filled_starter

CASES = [(city, kind) for city in rules.builtin_ids() for kind in api.STARTER_TYPES]
# warnings a correct filled starter may still get, each for a reason outside the starter:
# A808 the city's checklist asks for a document the filer has not scanned yet (e.g. 绍兴 网络结构拓扑图);
# U303 the one sample credit code is an enterprise's (91…) and the kind is "other"
EXPECTED_WARNINGS = {"A808", "U303"}


def _validate(text: str, folder):
    attachment_files(text, folder)
    path = folder / "备案.yaml"
    path.write_text(text, encoding="utf-8")
    return api.validate_file(path)


@pytest.mark.parametrize("city,kind", CASES)
def test_filled_starter_with_every_optional_line_validates(city, kind, tmp_path):
    text = filled_starter(city, kind)

    report = _validate(text, tmp_path)
    assert report.errors == [], [(p.code, p.path_text, p.message) for p in report.errors]
    assert {p.code for p in report.warnings} <= EXPECTED_WARNINGS, [(p.code, p.path_text, p.message) for p in report.warnings]


def test_every_placeholder_and_optional_line_is_taken_by_the_filler():
    """The filler really does what the starter says (else the test above would prove little)."""
    text = filled_starter("shaoxing", "company")
    data = yaml.safe_load(text)
    assert data["security"]["department"]["name"] == "信息中心" and data["network"]["providers"]
    assert data["attachments"] and data["office"] and data["sites"][0]["police_number"]
    code_lines = [line.split(" #")[0] for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert not any("〔" in line for line in code_lines), [line for line in code_lines if "〔" in line]


_FIELD = re.compile(r"\{([a-z_][a-z_.\[\]0-9*]*)(?:\|[^}]*)?\}")


def _printed_paths(layout_id: str) -> set[str]:
    """Every packet path a form layout prints, indexes dropped: security.officers.name."""
    layout = yaml.safe_load((rules.resources.files("beiantool.templates") / "forms" / f"{layout_id}.yaml").read_text(encoding="utf-8"))
    found = set()
    for row in layout["rows"]:
        if not isinstance(row, list):
            continue
        for cell in row:
            for key in ("field", "options"):
                value = cell.get(key)
                for path in value if isinstance(value, list) else [value] if value else []:
                    found.add(path)
            if "text" in cell:
                found.update(m.group(1) for m in _FIELD.finditer(cell["text"]))
    for path in (layout.get("header_right", ""), layout.get("header_left", "")):
        found.update(m.group(1) for m in _FIELD.finditer(path))
    return {re.sub(r"\[(\d+|\*)\]", "", p.partition("|")[0]) for p in found} - {"has_sites"}


def _keys(data, prefix="") -> set[str]:
    out = set()
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{prefix}.{key}" if prefix else str(key)
            out.add(here)
            out |= _keys(value, here)
    elif isinstance(data, list):
        for item in data:
            out |= _keys(item, prefix)
    return out


# fields a form prints that a starter deliberately leaves to a later step, with the reason
NOT_IN_STARTER = {
    "network.isp_other": "only with isp: other (the isp comment says so)",
    "network.access_offered": "武威 ISPs only; offered as a commented line there",
    "unit.legal_representative.id_type": "id_type is offered as a commented line where the form has it",
    "security.emergency_contact.id_type": "offered as a commented line (北京)",
}
NOT_FOR_INDIVIDUALS = {"unit.credit_code": "a person has no 统一社会信用代码 (S005 unless individual); the form prints 无"}


@pytest.mark.parametrize("city,kind", [(c, k) for c in rules.builtin_ids() for k in ("company", "individual")])
def test_starter_has_a_key_for_every_field_its_forms_print(city, kind):
    ruleset = rules.load(city)
    filing = ruleset.filing
    layouts = {c.layout for c in filing.forms} if filing.forms else {filing.layout} if filing.layout else set()
    layouts |= {c.layout for c in filing.site_forms or []}
    keys = _keys(yaml.safe_load(filled_starter(city, kind)))
    if kind == "individual":
        keys |= set(NOT_FOR_INDIVIDUALS)
    for layout in sorted(layouts):
        missing = sorted(p for p in _printed_paths(layout) if p not in keys and p not in NOT_IN_STARTER and p != "filled_on")
        assert missing == [], f"{city}/{kind}: {layout} prints {missing}, the starter has no key for them"


def _doc(text: str):
    return yamlread.load_text(text, "备案.yaml")


def test_shaoxing_fixed_ip_block_uncommented_as_told_gives_no_duplicate_key(tmp_path):
    """The user's report: uncommenting the 基本情况表 block gave Y001 键“network”重复出现, S006 calling
    a filled isp (中国电信) 尚未填写, and B702 …现填了 0 名."""
    text = filled_starter("shaoxing", "company").replace('isp: "telecom"', "isp: 中国电信")
    report = _validate(text, tmp_path)
    codes = {p.code for p in report.problems}
    assert not codes & {"Y001", "S006", "B702"}, [p.message for p in report.problems]
    data = yaml.safe_load(text)
    assert len(data["security"]["officers"]) == 2 and data["network"]["isp"] == "中国电信"
    assert data["security"]["department"] and data["network"]["servers"] == 1


def test_beijing_individual_landline_line_says_what_the_readme_says(tmp_path):
    starter = api.starter_packet("beijing", "individual")
    line = next(line for line in starter.splitlines() if line.strip().startswith("phone:") and "手机号" in line)
    assert "没有座机就填手机号" in line and "删去" not in starter
    # the filer deletes the landline line anyway: the message says a mobile number will do
    filled = Filler("beijing", "individual").fill(starter)
    without = "\n".join(l for l in filled.splitlines() if not (l.startswith("    phone:") and "没有座机" in l)) + "\n"
    report = _validate(without, tmp_path)
    phones = [p for p in report.errors if p.code == "S005" and p.path_text.endswith("phone")]
    assert phones and all("可以填手机号" in p.message for p in phones), [p.message for p in report.errors]
    # and doing what it says passes
    mobile = filled.replace('phone: "010-88888888"     # 固定电话', 'phone: "13600000000"     # 固定电话')
    assert mobile != filled
    assert _validate(mobile, tmp_path).errors == []


def test_individual_starter_meets_the_platform_form_two_officers(tmp_path):
    from beiantool import platform

    text = filled_starter("beijing", "individual")
    assert _validate(text, tmp_path).errors == []
    sheet = platform.sheet(yaml.safe_load(text), 0)
    assert sheet.missing == [], [f.label for f in sheet.missing]


def test_a_section_written_twice_is_named_in_what_it_hides():
    """The old 绍兴 starter's trap, written by hand: a second top-level network: hides the first one's
    isp: 中国电信, so the S006 about it points at Y001 instead of calling a written field 尚未填写 alone."""
    text = filled_starter("shaoxing", "company", without=("lists", "attachments")).replace('isp: "telecom"', "isp: 中国电信")
    text += "network:\n  servers: 2\n"
    report = api.validate_document(_doc(text))
    assert any(p.code == "Y001" and p.path_text == "network" for p in report.problems)
    isp = [p for p in report.problems if p.path_text == "network.isp"]
    assert isp and all("写了两次（见 Y001）" in p.message for p in isp)
