"""Checklists, as fixture files: for each city and kind of filer, exactly the expected items and dates."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from beiantool import checklist, checklist_out, rules, yamlread
from beiantool.cli import app
from tests.conftest import EXAMPLES, FIXTURES, packet_text


def _cases():
    for path in sorted((FIXTURES / "checklist").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec["city"], case, id=f"{spec['city']}-{case['name']}")


def _build(city: str, case: dict) -> checklist.Checklist:
    ruleset = rules.load(case.get("city", city))
    if case.get("packet") is False:
        return checklist.build(ruleset)
    doc = yamlread.load_text(packet_text(case, default_base=case.get("base", city)), "p.yaml")
    return checklist.build(ruleset, doc.data, datetime.date(2026, 11, 20))


@pytest.mark.parametrize("city,case", list(_cases()))
def test_case(city, case):
    result = _build(city, case)
    ids = [e.item.id for e in result.entries]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(case["items"])
    data = result.to_dict()
    if "deadline" in case:
        want = case["deadline"]
        got = data["deadline"]
        if isinstance(want, list):
            assert [d["date"] for d in got] == want
        else:
            assert (got["date"] if got else None) == want
    if "office" in case:
        assert data["office"]["name"] == case["office"]
    for key, value in case.get("office_has", {}).items():
        assert value in data["office"][key]
    if "review" in case:
        assert [s["by"] for s in data["review"]] == case["review"]
    for fragment in case.get("notes_contain", []):
        assert any(fragment in note for note in data["notes"]), data["notes"]
    for item_id, path in case.get("have", {}).items():
        assert next(i for i in data["items"] if i["id"] == item_id)["have"] == path
    for item_id, fragments in case.get("item_says", {}).items():
        name = next(i for i in data["items"] if i["id"] == item_id)["name"]
        assert all(f in name for f in fragments), name


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_every_city_has_checklist_fixtures_and_every_item_a_source(rid):
    assert (FIXTURES / "checklist" / f"{rid}.yaml").exists()
    ruleset = rules.load(rid)
    for item in ruleset.checklist:
        assert item.source and ((item.source.file and item.source.heading) or item.source.standard), item.id
    assert ruleset.offices and all(o.source for o in ruleset.offices)
    assert ruleset.filing.copies and ruleset.filing.deadline


def test_without_packet_every_item_shows_its_condition():
    result = checklist.build(rules.load("beijing"))
    by_id = {e.item.id: e for e in result.entries}
    assert by_id["form_individual"].condition == "单位性质为个人"
    assert by_id["icp_license_copy"].condition == "经营性；有网站"
    assert all(e.applies is None for e in result.entries)
    text = checklist_out.to_text(result)
    assert "自网络正式联通之日起 30 日内" in text and "骑缝章" in text
    # the hosting company's "30 days after the MIIT number" is shown as advice, never as the deadline
    assert "托管服务商的建议（不是法定期限）" in text and "ICP 备案号下发" not in text.split("备案期限：")[1].splitlines()[0]


def test_markdown_and_json_and_text_agree():
    result = checklist.build(rules.load("baotou"), yamlread.load(EXAMPLES / "baotou.yaml").data)
    md = checklist_out.to_markdown(result)
    data = json.loads(checklist_out.to_json(result))
    text = checklist_out.to_text(result)
    for item in data["items"]:
        assert item["name"] in md and item["name"] in text
    assert md.count("| ☐ |") == len(data["items"])


def test_cli_xlsx_is_printable(tmp_path):
    target = tmp_path / "清单.xlsx"
    result = CliRunner().invoke(app, ["checklist", str(EXAMPLES / "beijing.yaml"), "-f", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(target).active
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "✓")
    names = [r[2] for r in rows[header + 1 :] if isinstance(r[1], int)]
    assert "税务登记证复印件" in names and len(names) == 14
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"
    again = CliRunner().invoke(app, ["checklist", str(EXAMPLES / "beijing.yaml"), "-f", "xlsx", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_checklist_usage_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["checklist", "--city", "atlantis"])
    assert result.exit_code == 2 and "shaoxing" in result.output and "yunnan" in result.output
    assert runner.invoke(app, ["checklist"]).exit_code == 2
    assert runner.invoke(app, ["checklist", "--city", "hezhou", "-f", "xlsx"]).exit_code == 2
    result = runner.invoke(app, ["checklist", "--city", "shaoxing", "-f", "json"])
    data = json.loads(result.stdout)
    assert data["city"] == "shaoxing" and {"items", "deadline", "office"} <= set(data)


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_cli_checklist_for_every_city(rid):
    result = CliRunner().invoke(app, ["checklist", "--city", rid])
    assert result.exit_code == 0, result.output
    assert rules.load(rid).name in result.output


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_sources_are_named_by_title_for_people_and_by_file_in_json(rid):
    result = checklist.build(rules.load(rid))
    for text in (checklist_out.to_text(result), checklist_out.to_markdown(result)):
        assert ".txt" not in text and ".md " not in text and "seed" not in text.lower(), rid
        assert "《" in text
    data = json.loads(checklist_out.to_json(result))
    assert all(i["source_ref"] and (".txt" in i["source_ref"] or ".md" in i["source_ref"] or "http" in i["source_ref"])
               for i in data["items"] if i["source_ref"] and "GB" not in i["source_ref"])


def test_approvals_shown_at_the_counter_are_not_counted_as_copies():
    for city in ("qiandongnan", "shuangtaizi"):
        result = checklist.build(rules.load(city), yamlread.load(EXAMPLES / "qiandongnan.yaml").data, datetime.date(2026, 11, 20))
        entry = next(e for e in result.entries if e.item.id == "special_approval")
        line = next(line for line in checklist_out.to_text(result).splitlines() if entry.item.name in line)
        assert "出示" in line and "1 份" not in line, line
        item = next(i for i in json.loads(checklist_out.to_json(result))["items"] if i["id"] == "special_approval")
        assert item["show_only"] is True and item["copies"] == 0


def test_wuwei_says_its_email_address_is_cut_off():
    result = checklist.build(rules.load("wuwei"), yamlread.load(EXAMPLES / "wuwei.yaml").data, datetime.date(2026, 11, 20))
    note = next(e.item.note for e in result.entries if e.item.id == "isp_form_electronic")
    assert "37257578@qq" in note and "不完整" in note


def test_the_checklist_says_what_is_attached_and_what_is_missing(tmp_path):
    """Text, JSON, xlsx and the rendered PDF all carry the 已附 column; a summary line names what is missing."""
    import json
    import subprocess

    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from beiantool.cli import app

    packet = EXAMPLES / "attachments" / "baotou.yaml"
    run = CliRunner().invoke
    text = run(app, ["checklist", str(packet)]).stdout
    assert "附件：已附 4 项，还缺 4 项" in text and "已附：scans/营业执照.png" in text
    assert text.count("还没有附上（准备好后写入备案文件的 attachments）") == 4
    items = {i["id"]: i for i in json.loads(run(app, ["checklist", str(packet), "-f", "json"]).stdout)["items"]}
    assert len(items["person_id_copies"]["attached"]) == 4 and items["topology"]["have"] == "scans/网络拓扑图.png"
    assert items["security_policies"]["attached"] == [] and items["form"]["attached"] == []
    out = tmp_path / "清单.xlsx"
    assert run(app, ["checklist", str(packet), "-f", "xlsx", "-o", str(out)]).exit_code == 0
    rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    header = next(r for r in rows if r[0] == "✓")
    col = header.index("已附")
    by_name = {r[2]: r[col] for r in rows if isinstance(r[1], int)}
    assert by_name["单位网络拓扑图（标明内部IP使用情况）"] == "已附"
    assert by_name["本单位法人、信息网络安全主要负责人、计算机安全员或技术员身份证复印件各一份"] == "已附（4 个文件）"
    assert by_name["本单位制定的信息网络安全保护管理制度及相应的安全保护技术措施"] == "未附"
    assert run(app, ["render", str(packet), "-o", str(tmp_path / "r"), "-f", "pdf"]).exit_code == 0
    pdf = subprocess.run(["pdftotext", str(tmp_path / "r" / "材料清单.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "已附" in pdf and "未附" in pdf


def test_attachments_of_any_shape_never_crash(tmp_path):
    import yaml
    from typer.testing import CliRunner

    from beiantool.cli import app
    from tests.conftest import load_example

    data = load_example("shaoxing")
    data["attachments"] = {"business_license": [1, {"file": 5}, {"whose": "legal"}, None, ["x"]], "topology": {"c": "d"},
                           "legal_id_copy": None, "x\u202e": "/dev/zero", "y": "~/../../etc/passwd", "z": "a\0b.jpg"}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for command in (["validate", str(path)], ["checklist", str(path)], ["render", str(path), "-o", str(tmp_path / "o"), "--draft"]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code in (0, 1, 2) and "内部错误" not in result.output, result.output
