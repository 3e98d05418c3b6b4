"""`beiantool change`: counted differences, the 变更 / 终止联网 / 网站注销 notices, the deadline, the to-do list."""

from __future__ import annotations

import copy
import datetime
import json
import subprocess

import yaml
from typer.testing import CliRunner

from beiantool import api
from beiantool.tasks.change import ADDED, CHANGED, REMOVED, compare
from beiantool.cli import app
from beiantool.render.notice import cancel_notice, change_notice
from tests.conftest import EXAMPLES, _intact, _plant, load_example

BEFORE, AFTER = EXAMPLES / "change" / "before.yaml", EXAMPLES / "change" / "after.yaml"
NEW_OFFICER_ID = "330602199003070024"


def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(folder, name, data):
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(app, ["change", *map(str, args)])


def test_the_example_pair_validates_and_shows_a_real_change():
    for path in (BEFORE, AFTER):
        report = api.validate_file(path)
        assert report.ok and not report.warnings, [p.code for p in report.problems]
    diff = compare(_load(BEFORE), _load(AFTER))
    rows = {(c.kind, c.path) for c in diff.changes}
    assert (REMOVED, "security.officers[1]") in rows and (ADDED, "security.officers[1]") in rows  # 王五 replaced by 钱七
    assert (CHANGED, "network.ip_ranges") in rows and (ADDED, "sites[1]") in rows
    assert (CHANGED, "sites[0].ips") in rows
    by_path = {c.path: c for c in diff.changes}
    assert by_path["network.ip_ranges"].old == "202.96.100.1-202.96.100.14" and by_path["network.ip_ranges"].new == "202.96.101.1-202.96.101.30"
    assert by_path["sites[0].ips"].label == "网站“绍兴示例科技官网”·IP地址"
    assert [(s.name, s.step) for s in diff.sites] == [("绍兴示例科技官网", "网站信息变更申请"), ("示例商城", "新办网站备案申请")]


def test_order_and_paperwork_fields_do_not_count_as_changes():
    old = load_example("shaoxing")
    old["sites"].append({"name": "第二站", "domains": ["two.example.com"]})
    new = copy.deepcopy(old)
    new["sites"].reverse()
    new["security"]["officers"].reverse()
    new.update(filled_on="2027-01-05", changed_on="2027-01-01", office="别的机关", attachments={"business_license": "a.pdf"})
    new["unit"]["address"] = old["unit"]["address"] + "  "  # spaces around a value are not a change
    assert not compare(old, new)


def test_a_changed_field_inside_a_matched_person_names_the_person():
    old = load_example("shaoxing")
    new = copy.deepcopy(old)
    new["security"]["officers"][0]["mobile"] = "13900000009"
    new["network"]["isp"] = "联通"  # the label is an alias: compared as unicom
    [phone, isp] = compare(old, new).changes
    assert (phone.kind, phone.label, phone.old, phone.new) == (CHANGED, "计算机信息网络安全员（李四）·移动电话", "13900000000", "13900000009")
    assert (isp.label, isp.old, isp.new) == ("所属网络", "电信", "联通")


def test_cli_prints_masked_ids_and_writes_the_notice_whole_in_docx_and_pdf(home):
    root, decoys = home
    out = root / "变更告知"
    result = _run(BEFORE, AFTER, "-o", out)
    assert result.exit_code == 0, result.output
    assert NEW_OFFICER_ID not in result.stdout and "330602********0024" in result.stdout
    # 绍兴 (national rule): 公通字〔1996〕8号 is marked 失效 in seed 001, so no deadline, and the screen says why
    assert "告知期限：无（" in result.stdout and "已失效" in result.stdout
    assert "网站信息变更申请" in result.stdout and "--site 2" in result.stdout
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.json", "生成说明.pdf", "计算机信息网络国际联网备案变更告知书-绍兴示例科技有限公司.docx",
                     "计算机信息网络国际联网备案变更告知书-绍兴示例科技有限公司.pdf"]
    names = [names[0], names[2], names[3], names[1]]
    pdf = subprocess.run(["pdftotext", str(out / names[2]), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(pdf.split())
    for piece in ("绍兴市公安局网警支队", "特此告知", NEW_OFFICER_ID, "202.96.101.1-202.96.101.30",
                  "示例商城", "网站信息变更申请", "浙公网安备33060202000394号", "（公章）"):
        assert piece in flat, piece
    assert "beiantool" not in flat and "拟写" not in flat  # the tool's words: on the 生成说明 sheet, not on the notice it seals
    sheet = "".join(subprocess.run(["pdftotext", str(out / "生成说明.pdf"), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "由beiantool拟写" in sheet and "告知书" in sheet
    assert "生成说明" in result.stderr + result.stdout
    assert "公通字" not in flat and "三十日内" not in flat  # the letter does not rest on a repealed notice
    from docx import Document

    docx_text = "".join(c.text for t in Document(str(out / names[1])).tables for row in t.rows for c in row.cells)
    docx_text = docx_text.replace("\u2060", "").replace("\u200b", "")
    assert NEW_OFFICER_ID in docx_text and "计算机信息网络安全员" in docx_text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in manifest["files"]} == set(names[1:])
    again = _run(BEFORE, AFTER, "-o", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert _run(BEFORE, AFTER, "-o", out, "--force").exit_code == 0
    _intact(decoys)


def test_a_folder_holding_other_files_is_refused_even_with_force(home):
    root, decoys = home
    planted = _plant(root / "资料")
    result = _run(BEFORE, AFTER, "-o", root / "资料", "--force")
    assert result.exit_code == 2 and "不是 beiantool 生成的" in result.stderr
    _intact(planted)
    _intact(decoys)


def test_nothing_changed_says_so_and_writes_nothing(tmp_path):
    result = _run(BEFORE, BEFORE, "-o", tmp_path / "out")
    assert result.exit_code == 0 and result.stdout == ""
    assert "没有不同" in result.stderr and not (tmp_path / "out").exists()


def test_a_new_packet_with_errors_is_refused_and_nothing_is_written(tmp_path):
    new = _load(AFTER)
    new["security"]["officers"][1]["id_number"] = "330602199003070025"  # wrong check digit
    result = _run(BEFORE, _write(tmp_path, "new.yaml", new), "-o", tmp_path / "out")
    assert result.exit_code == 1 and "P101" in result.stderr and "未生成告知书" in result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors():
    assert "缺少变更后的备案文件" in _run(BEFORE).stderr
    both = _run(BEFORE, AFTER, "--cancel")
    assert both.exit_code == 2 and "只需要一份备案文件" in both.stderr
    assert _run(BEFORE, AFTER, "--site", "1").exit_code == 2
    assert "--site 9" in _run(BEFORE, "--cancel", "--site", "9").stderr


def test_cancel_the_whole_unit_or_one_site(tmp_path):
    unit = json.loads(_run(BEFORE, "--cancel", "-f", "json").stdout)
    assert unit["kind"] == "cancel_unit" and unit["title"] == "计算机信息网络国际联网终止联网告知书"
    assert [s["platform_step"] for s in unit["sites"]] == ["网站注销申请"]
    data = _load(AFTER)
    one = json.loads(_run(_write(tmp_path, "a.yaml", data), "--cancel", "--site", "shop.example.com", "-f", "json").stdout)
    assert one["kind"] == "cancel_site" and one["sites"] == []  # the shop never got a 公安备案号: nothing to cancel on the platform
    assert one["date"] == "2026-12-05" and one["deadline"] is None  # one site closing is not 终止联网
    assert "失效" in one["term"]
    out = tmp_path / "注销"
    assert _run(_write(tmp_path, "a.yaml", data), "--cancel", "--site", "1", "-o", out).exit_code == 0
    pdf = subprocess.run(["pdftotext", str(next(out.glob("*告知书*.pdf"))), "-"], capture_output=True, text=True, check=True).stdout
    assert "网站注销告知书" in pdf and "绍兴示例科技官网" in "".join(pdf.split())


# seed 001, the second copy of 公通字〔1996〕8号: its 文章属性 and the note that repealed it
SEED_8_REPEALED = ("【时效性】失效", "本篇法规已被:公安部关于废止部分规范性文件的通知(发布日期:2001年4月5日,实施日期:2001年4月5日)废止")
# seed 001, 北京市公安局 1996年第3号通告 三
SEED_BEIJING_3 = "与国际联网的计算机信息系统的使用单位和个人的联网方式变更或者终止联网时,应当在三十日内通知备案机关。"


def _seed(name: str) -> str:
    """The seed file, where a copy of the sources sits beside the project (an ancestor's shared/seeds)."""
    import pathlib

    for folder in pathlib.Path(__file__).resolve().parents:
        hit = sorted((folder / "shared" / "seeds").glob(f"{name}_*.txt"))
        if hit:
            return hit[0].read_text(encoding="utf-8")
    return ""


def test_the_seed_marks_the_1996_notice_repealed_when_present():
    seed = _seed("001")
    if seed:  # the seeds are not part of the project; the quotes above are checked against them where they are
        for words in SEED_8_REPEALED + (SEED_BEIJING_3,):
            assert words in seed


def test_no_deadline_rests_on_the_repealed_notice_and_beijing_covers_only_what_its_notice_names():
    today = datetime.date(2027, 3, 1)
    old, new = _load(BEFORE), _load(AFTER)
    notice = change_notice(old, new, api.load_ruleset("shaoxing"), today)
    assert notice.deadline is None and notice.overdue(today) == 0
    assert "失效" in notice.term and "2001年4月5日" in notice.term
    assert notice.to_dict(today)["deadline"] is None and notice.to_dict(today)["basis"] == ""
    for rid in ("national", "shaoxing", "hezhou", "baotou", "qiandongnan", "shuangtaizi", "wuwei", "yunnan", "beijing"):
        rule = api.load_ruleset(rid).filing.change
        assert "公通字" not in rule.basis, rid  # every deadline names a source the seeds do not mark 失效
        assert rule.days is None or rule.basis
    beijing = cancel_notice(_load(BEFORE), api.load_ruleset("beijing"), today)
    assert "1996年第3号" in beijing.rule.basis and beijing.rule.quote == SEED_BEIJING_3
    assert beijing.deadline == datetime.date(2027, 3, 31) and "来源没有说明" in beijing.term  # 终止联网: covered
    officers_only = change_notice(old, new, api.load_ruleset("beijing"), today)
    assert officers_only.deadline is None and "只约束联网方式变更、终止联网" in officers_only.term
    moved = copy.deepcopy(new)
    moved["network"]["isp"] = "unicom"  # 联网方式变更: covered
    assert change_notice(old, moved, api.load_ruleset("beijing"), today).deadline == datetime.date(2027, 1, 4)
    one_site = cancel_notice(_load(BEFORE), api.load_ruleset("beijing"), today, site=0)
    assert one_site.deadline is None  # one site closing is not 终止联网: the platform's 网站注销申请
    yunnan = cancel_notice(_load(BEFORE), api.load_ruleset("yunnan"), today)
    assert any("云南省公安厅网络备案系统" in item for item in yunnan.todo)
    # the 第十二条第二款 duty is the access providers' only
    assert not any("接入单位、互联单位" in item for item in notice.todo)
    isp = _load(BEFORE)
    isp["unit"]["service_nature"] = ["isp"]
    assert any("接入单位、互联单位" in item for item in cancel_notice(isp, api.load_ruleset("shaoxing"), today).todo)


def test_an_overdue_change_is_told_on_screen(tmp_path):
    old, new = _load(BEFORE), _load(AFTER)
    new["changed_on"] = "2026-10-01"  # its 30 days ended before this test was written
    new["network"]["isp"] = "unicom"  # 联网方式变更, which 北京 通告 三 covers
    result = _run(BEFORE, _write(tmp_path, "late.yaml", new), "--city", "beijing")
    assert result.exit_code == 0, result.output
    assert "已超过告知期限" in result.stdout


def test_text_echoed_from_the_packet_never_drives_the_terminal(tmp_path):
    """Regressions found by fuzzing: a control character in a site name, a list inside service_nature, sites not a list."""
    data = _load(BEFORE)
    data["sites"][0]["name"] = "\x1b[31m红字"
    data["unit"]["service_nature"] = [["isp"]]
    path = _write(tmp_path, "odd.yaml", data)
    for args in (["change", path, "--cancel"], ["platform", path], ["footer", path]):
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.exit_code in (0, 1, 2) and "内部错误" not in result.output, result.output
        assert "\x1b" not in result.output and "\\x1b" in result.output
    data["sites"] = 1
    result = _run(BEFORE, _write(tmp_path, "odd2.yaml", data))  # refused by validate, never a crash
    assert result.exit_code == 1 and "内部错误" not in result.output
    assert _run(_write(tmp_path, "odd3.yaml", data), "--cancel").exit_code in (0, 1, 2)


def test_two_different_units_are_refused(tmp_path):
    """A change notice is about one filer: another credit code (or another person's ID) is a new filing, not a change."""
    other = _load(AFTER)
    other["unit"]["credit_code"] = "91330624MA2F3G4H91"  # a valid code of another Shaoxing unit (examples/shaoxing-user.yaml)
    other["unit"]["name"] = "另一家示例有限公司"
    out = tmp_path / "告知"
    result = _run(BEFORE, _write(tmp_path, "other.yaml", other), "-o", out)
    assert result.exit_code == 2, result.output
    assert "不是同一个备案主体" in result.output and "统一社会信用代码" in result.output and "--cancel" in result.output
    assert not out.exists()
    person = load_example("national-individual")
    someone_else = copy.deepcopy(person)
    someone_else["unit"]["legal_representative"] = dict(person["unit"]["legal_representative"], id_number="110105199003070035")
    someone_else["sites"][0]["name"] = "别人的博客"
    result = _run(_write(tmp_path, "me.yaml", person), _write(tmp_path, "them.yaml", someone_else))
    assert result.exit_code == 2 and "身份证号码不同" in result.output, result.output
    assert "110105199003070035" not in result.output  # masked like every screen output
    assert _run(BEFORE, AFTER).exit_code == 0  # the same unit: a change
