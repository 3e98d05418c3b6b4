"""Issue 22 (third audit against the seeds): each fact held against the seed's EXACT words, copied here
from shared/seeds (the seeds are not part of the project; where they are present the quotes are
checked against them too). Seed 001/000/003 are simplified Chinese with ASCII punctuation from the
extraction; seed 002 is a traditional-character copy with pinyin in parentheses, copied as it stands."""

from __future__ import annotations

import copy
import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from beiantool.tasks import checklist
from beiantool.render import checklist_out
from beiantool import rules
from beiantool.cli import app
from tests.conftest import EXAMPLES, ROOT, load_example

TODAY = datetime.date(2026, 11, 20)
CITIES = ("national", "shaoxing", "beijing", "baotou", "hezhou", "qiandongnan", "shuangtaizi", "wuwei", "yunnan")

# ---- the seeds' words -----------------------------------------------------------------------------
S001_REPEALED = "【时效性】失效"
S001_PLATFORM_AGAIN = "原已获得公安部网站备案号的网站单位,需再通过网上备案平台重新提交备案信息"
S001_CONTACT = "并与办公地所在分局网安部门联络"
S002_AGAIN = "此外,以前有備案的也需到該平臺進(jìn)行備案"
S001_HEZHOU_INDIVIDUALS = "互联网接入单位、信息服务单位及与国际互联网联网的单位(或个人)均应当在网络正式联通后的三十日内"
S002_ARTICLE_12_WHOM = "互聯(lián)單位、接入單位、使用計算機信息網(wǎng)絡(luò )國際聯(lián)網(wǎng)的法人和其他組織"
S001_UPLOAD = "请上传单位(个人)证明电子版"
S001_BAOTOU_3 = "3.本单位法人、信息网络安全主要负责人、计算机安全员或技术员身份证复印件各一份"
S002_ICON = "并將圖標和備案編號張貼在網(wǎng)站首頁(yè)下方顯著(zhù)位置"
S001_YUNNAN_LINK = "并将图标加上链接"
S002_ADDRESS = "注冊備案網(wǎng)址:www.beian.gov.cn"
S001_PLATFORM_NAME = "全国公安机关互联网站安全服务平台备案操作指南"
S001_BEIJING_2 = "二、办理备案的单位需凭单位介绍信(个人需凭有效证件)和经批准入网的文件,并附上国际联网终端用户名单,填写备案表格一式二份。"
S002_WEEK = "接到通知的公司需在一周內到全國公安機關(guān)互聯(lián)網(wǎng)站安全服務(wù)平臺進(jìn)行注冊備案"
S002_30_DAYS = "30天內未在平臺進(jìn)行注冊備案的將通知接入商暫停關(guān)閉網(wǎng)站"
S001_YUNNAN_FIX = ("若初审不合格,请备案人按照系统提示进行整改", "若复审不合格,请备案人按照系统提示进行整改")
S000_FIXED_IP = "使用固定IP地址的联网单位和个人用户"
S002_ARTICLE_11 = "第十一條:用戶(hù)在接入單位辦理入網(wǎng)手續時(shí),應當填寫(xiě)用戶(hù)備案表"
S001_FORM_NAME = "4、《中华人民共和国计算机信息网络国际联网备案表》一式两份"
S003_ISP_OTHER = "○电信○联通○移动○其它（     ）"

# seed 002's traditional characters and pinyin, for comparing with the tool's simplified wording
_PINYIN = re.compile(r"\([a-z\u00e0-\u01dc]+\s?\)")
_T2S = str.maketrans("戶單辦網續時應當寫備聯絡國際計機組織並將圖標編號張貼頁顯著內臺進註冊暫關閉認領該", "户单办网续时应当写备联络国际计机组织并将图标编号张贴页显著内台进注册暂关闭认领该")


def simplified(seed_words: str) -> str:
    """Seed 002's words in the tool's script: pinyin dropped, traditional characters mapped, ASCII punctuation made full-width."""
    return _PINYIN.sub("", seed_words).translate(_T2S).replace(",", "，").replace(":", "：").replace("(", "（").replace(")", "）")


def _seed_text(prefix: str) -> str:
    """The seed file, where a copy of the sources sits beside the project (an ancestor's shared/seeds)."""
    for folder in ROOT.parents:
        found = sorted((folder / "shared" / "seeds").glob(f"{prefix}_*.txt"))
        if found:
            return found[0].read_text(encoding="utf-8")
    return ""


@pytest.mark.parametrize("prefix,words", [
    ("001", S001_REPEALED), ("001", S001_PLATFORM_AGAIN), ("001", S001_CONTACT), ("002", S002_AGAIN), ("001", S001_HEZHOU_INDIVIDUALS),
    ("002", S002_ARTICLE_12_WHOM), ("001", S001_UPLOAD), ("001", S001_BAOTOU_3), ("002", S002_ICON), ("001", S001_YUNNAN_LINK),
    ("002", S002_ADDRESS), ("001", S001_PLATFORM_NAME), ("001", S001_BEIJING_2), ("002", S002_WEEK), ("002", S002_30_DAYS),
    ("001", S001_YUNNAN_FIX[0]), ("001", S001_YUNNAN_FIX[1]), ("000", S000_FIXED_IP), ("002", S002_ARTICLE_11),
    ("001", S001_FORM_NAME), ("003", S003_ISP_OTHER),
])
def test_the_quotes_are_the_seeds_words(prefix, words):
    text = _seed_text(prefix)
    if not text:
        pytest.skip("the seeds are not beside the project here")  # the quotes stand on their own in this file
    assert words in text


def _person(example: str, **over) -> dict:
    data = load_example(example)
    data["unit"].update({"type": "individual", "name": "赵六", **over})
    data["unit"].pop("credit_code", None)
    return data


def _build(city: str, data: dict) -> checklist.Checklist:
    return checklist.build(rules.load(city), data, TODAY)


def _ids(c: checklist.Checklist) -> dict:
    return {e.item.id: e for e in c.entries}


# ---- 1. wrong facts ---------------------------------------------------------------------------------

def _all_text(ruleset) -> str:
    f = ruleset.filing
    parts = [str(n if isinstance(n, str) else n.text) for n in f.notes] + [i.name + (i.note or "") for i in ruleset.checklist]
    if f.deadline:
        parts += [f.deadline.basis, f.deadline.individuals_note]
    if f.change:
        parts += [f.change.basis, f.change.quote, f.change.no_deadline, *f.change.notes]
    return "\n".join(parts)


@pytest.mark.parametrize("city", CITIES)
def test_every_deadline_names_a_source_the_seeds_do_not_mark_repealed(city):
    """公通字〔1996〕8号: seed 001's second copy says 【时效性】失效. No deadline rests on it; where it is named it is called 失效."""
    ruleset = rules.load(city)
    assert "公通字" not in ruleset.filing.deadline.basis and "1996〕8号" not in (ruleset.filing.deadline.source.heading or "")
    assert "公通字" not in ruleset.filing.change.basis
    for line in _all_text(ruleset).splitlines():
        if "8号" in line and "1996" in line:
            assert "失效" in line, line


def test_a_site_with_an_old_number_still_files_on_the_platform():
    """Both seeds: a site with an old 公安部 number resubmits on the platform (seed 001 二; seed 002 “以前有备案的也需…”)."""
    data = load_example("shaoxing")
    data["sites"][0]["police_number"] = "浙公网安备 33060202000394号"
    items = _ids(_build("shaoxing", data))
    assert "platform_filing" in items
    note = items["platform_filing"].item.note
    assert "原已获得公安部网站备案号的网站也需再通过网上备案平台重新提交备案信息" in note
    assert "不必重新申请" not in note
    assert "以前有备案的也需到该平台进行备案" in items["platform_timing"].item.note


@pytest.mark.parametrize("city", CITIES)
def test_a_person_is_told_the_deadline_once_consistently_citing_its_passage(city):
    data = _person("national-individual" if city == "national" else city)
    c = _build(city, data)
    text = checklist_out.to_text(c)
    d = rules.load(city).filing.deadline
    if d.individuals:
        assert c.deadlines and not c.deadline_rule.startswith(d.basis + "规定")
        assert d.basis in text and "没有规定个人的备案期限" not in text
    else:
        assert not c.deadlines and c.deadline_rule == checklist.individuals_note(d)
        assert text.count("没有规定个人的备案期限") == 1
        assert f"备案期限：{c.deadline_rule}" in text


def test_hezhou_binds_individuals_and_says_so_from_its_own_passage():
    d = rules.load("hezhou").filing.deadline
    assert d.individuals and "贺州" in d.basis
    assert d.binds in S001_HEZHOU_INDIVIDUALS  # “…与国际互联网联网的单位(或个人)…”
    national = rules.load("national").filing.deadline
    assert not national.individuals and simplified(S002_ARTICLE_12_WHOM).replace("，", ",") in national.binds
    late = _person("hezhou")
    late["network"]["connected_on"] = "2026-09-01"
    from beiantool import api
    from beiantool.packet import yamlread

    doc = yamlread.load_text(yaml.safe_dump(late, allow_unicode=True), "late.yaml")
    found = [p for p in api.validate_document(doc, "hezhou").problems if p.code == "D601"]
    assert found and "贺州" in found[0].message  # D601 reads the same rule: the person is late too


# ---- 5. the platform versus the counter ---------------------------------------------------------------

def test_uploads_on_the_platform_are_not_paper_for_the_office(tmp_path):
    c = _build("shaoxing", load_example("shaoxing"))
    upload = _ids(c)["business_license"]
    assert upload.item.online and "电子版" in upload.item.name
    assert S001_UPLOAD.replace("(", "(").split("证明")[0] in upload.item.source.heading  # 请上传单位(个人)…
    text = checklist_out.to_text(c)
    assert text.index(checklist_out.ONLINE_HEADING) < text.index("单位营业执照或其他有效证明电子版（在平台上传）")
    assert "1 份" not in next(line for line in text.splitlines() if "在平台上传）" in line)
    from beiantool.render.bundle import chosen_files

    data = load_example("shaoxing")
    data["attachments"] = {"business_license": "执照.pdf"}
    assert [item.id for item, _ in chosen_files(data, rules.load("shaoxing"))] == []  # not printed for the office
    # a city whose own source asks for a paper copy at the counter keeps it on paper
    assert not _ids(_build("baotou", load_example("baotou")))["business_license"].item.online


def test_platform_lists_the_uploads_apart_from_the_counter(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(load_example("shaoxing"), allow_unicode=True), encoding="utf-8")
    out = CliRunner().invoke(app, ["platform", str(path)]).stdout
    assert "在平台上传的附件（电子版，不交纸质材料）：" in out and "单位营业执照或其他有效证明电子版" in out
    assert "到受理机关现场交的纸质材料不在平台上" in out
    assert S001_CONTACT.lstrip("并") in out  # 与办公地所在分局网安部门联络
    assert simplified("30天內未在平臺進(jìn)行注冊備案的將通知接入商暫停關(guān)閉網(wǎng)站") in out


# ---- 7. 包头 individuals ---------------------------------------------------------------------------

def test_baotou_items_are_a_units():
    items = _ids(_build("baotou", _person("baotou")))
    assert "person_id_copies" not in items  # “3.本单位法人、…身份证复印件各一份” is a unit's
    assert "person_id_copies" in _ids(_build("baotou", load_example("baotou")))
    item = next(i for i in rules.load("baotou").checklist if i.id == "person_id_copies")
    assert item.name.startswith(S001_BAOTOU_3[2:].split("身份证")[0]) and item.when.not_unit_type == ["individual"]


# ---- 10, 11: the icon, the platform's name and address ------------------------------------------------

def test_the_icon_item_says_what_seed_002_says_and_the_link_is_yunnans():
    national = _ids(_build("shaoxing", load_example("shaoxing")))["homepage_icon"].item
    assert "张贴在网站首页下方显著位置" in national.name and simplified(S002_ICON).endswith("张贴在网站首页下方显著位置")
    assert "链接" not in national.name
    yunnan = _ids(_build("yunnan", load_example("yunnan")))["homepage_icon"].item
    assert "加链接" in yunnan.name and "(六)" in yunnan.source.heading and "链接" in S001_YUNNAN_LINK


def test_one_name_and_one_address_for_the_platform():
    from beiantool.rules.guide import guide

    g = guide()
    assert g["name"] == S001_PLATFORM_NAME.removesuffix("备案操作指南")
    assert g["address"] == S002_ADDRESS.split(":")[1]
    assert g["present_note"].startswith("〔beiantool 注〕") and g["present_address"] in g["present_note"]
    package = [p for p in (ROOT / "beiantool").rglob("*") if p.suffix in (".py", ".yaml")] + list((ROOT / "templates").rglob("*.yaml"))
    for path in package + [ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        assert "互联网安全管理服务平台" not in text, path
        for line in text.splitlines():
            if "beian.mps.gov.cn" in line and path.name not in ("platform.yaml",):
                # only as the tool's note, or in the footer code the tool writes from that note
                assert "〔beiantool 注〕" in line or "webSearch" in line or "present_address" in line or "present" in line, (path, line)
        assert "平台（https://beian.mps.gov.cn/）" not in text
    items = _ids(_build("shaoxing", load_example("shaoxing")))
    assert f"{g['name']}（{g['address']}）" in items["platform_filing"].item.name


# ---- 12–16 -----------------------------------------------------------------------------------------

def test_beijing_form_prints_the_organisation_code(tmp_path):
    from beiantool.render.fields import fmt

    code = load_example("beijing")["unit"]["credit_code"]
    assert fmt(code, "组织机构代码") == f"{code[8:16]}-{code[16]}"
    from beiantool.render import render_packet
    from tests.render.test_render import _flat

    out = tmp_path / "out"
    made = render_packet(EXAMPLES / "beijing.yaml", out, formats=("pdf",))
    form = _flat(out / next(w.path for w in made.files if w.kind == "form" and "北京" in w.path))
    assert f"{code[8:16]}-{code[16]}" in form and code not in form
    assert "第 9–17 位" in "".join(checklist.note_texts(rules.load("beijing"), load_example("beijing")))


def test_beijing_1996_notice_section_2_is_listed():
    items = _ids(checklist.build(rules.load("beijing")))
    for item_id, words in (("intro_letter", "单位介绍信"), ("personal_certificate", "有效证件"), ("network_approval", "经批准入网的文件"),
                           ("terminal_user_list", "国际联网终端用户名单")):
        assert words in S001_BEIJING_2 and words in items[item_id].item.name
        assert items[item_id].item.when.manual  # its force is not confirmed by the sources: 视情况
    assert rules.load("beijing").filing.copies == 2  # “一式二份”


def test_platform_timing_and_contact():
    items = _ids(_build("national", load_example("national-individual")))
    assert "一周内" in items["platform_timing"].item.name and simplified(S002_30_DAYS) in items["platform_timing"].item.name
    assert S001_CONTACT.lstrip("并") in items["platform_filing"].item.name


def test_yunnan_tells_how_to_fix_a_failed_review():
    notes = " ".join(s.note or "" for s in rules.load("yunnan").filing.review)
    for words in S001_YUNNAN_FIX:
        assert words.replace(",", "，") in notes


def test_a_national_individual_with_a_fixed_ip_is_told_000s_focus():
    fixed = _ids(_build("national", load_example("national-individual")))
    assert "fixed_ip_individual" in fixed and "固定IP" in fixed["fixed_ip_individual"].item.name
    assert S000_FIXED_IP.split("的")[0].removeprefix("使用") in fixed["fixed_ip_individual"].item.source.heading
    dynamic = load_example("national-individual")
    dynamic["network"]["ip_ranges"] = ["dynamic"]
    dynamic["network"]["access"] = ["adsl"]
    assert "fixed_ip_individual" not in _ids(_build("national", dynamic))


# ---- 18–22: wording -------------------------------------------------------------------------------

def test_article_11_speaks_of_users():
    words = simplified(S002_ARTICLE_11).split("：", 1)[1]  # 用户在接入单位办理入网手续时，应当填写用户备案表
    text = checklist_out.to_text(_build("national", load_example("national-individual")))
    assert words in text
    for city in CITIES:
        assert "个人用户在接入单位办理入网手续时" not in _all_text(rules.load(city))


def test_beijing_individual_is_not_told_the_form_is_for_units():
    text = checklist_out.to_text(_build("beijing", _person("beijing")))
    assert "由联网单位填写" not in text and "每页签字" in text


@pytest.mark.parametrize("city", ["qiandongnan", "shuangtaizi"])
def test_the_form_has_the_name_the_source_gives(city):
    name = re.search(r"《(.+?)》", S001_FORM_NAME).group(1)
    ruleset = rules.load(city)
    assert ruleset.filing.form == name
    assert next(i for i in ruleset.checklist if i.id == "form").name == f"《{name}》"


def test_shaoxing_isp_other_keeps_its_blank(tmp_path):
    from beiantool.render.layout import load_layout, resolve

    form = resolve(load_layout("shaoxing_unit"), load_example("shaoxing"))
    cell = next(c for row in form.rows for c in row if c.kind == "options" and c.path.startswith("network.isp"))
    printed = "".join("○" + c.label + (f"（{c.extra}）" if c.extra else "") for c in cell.choices)
    assert printed.replace("\u3000", " ").replace("（    ）", "（     ）") == S003_ISP_OTHER  # ○其它（     ）with its blank
    other = load_example("shaoxing")
    other["network"].update(isp="other", isp_other="广电网")
    cell = next(c for row in resolve(load_layout("shaoxing_unit"), other).rows for c in row if c.kind == "options" and c.path.startswith("network.isp"))
    assert [c.extra for c in cell.choices if c.label == "其它"] == ["广电网"]


@pytest.mark.parametrize("city", CITIES)
def test_a_person_is_asked_to_sign_not_to_seal(city, tmp_path):
    text = checklist_out.to_text(_build(city, _person("national-individual" if city == "national" else city)))
    for line in text.splitlines():
        if line.startswith("☐") or line.strip().startswith("说明："):
            assert "签字盖章" not in line and "盖章、签字" not in line, line
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(_person("national-individual" if city == "national" else city), allow_unicode=True), encoding="utf-8")
    if city == "shaoxing":  # one render is enough to see the closing line
        result = CliRunner().invoke(app, ["render", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"])
        assert "逐项签字" in result.stdout and "盖章" not in result.stdout.split("下一步")[-1]


# ---- the tool's own words, in one place ------------------------------------------------------------

def test_sources_lists_the_tools_own_words_from_the_data():
    result = CliRunner().invoke(app, ["sources", "-f", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["statements"]
    texts = [s["text"] for s in found]
    where = [s["where"] for s in found]
    from beiantool.rules.guide import guide

    assert guide()["present_note"] in texts  # the present address is the tool's note
    assert any("没有写个人备案要交什么" in t for t in texts)  # 包头: the tool's own sentence, no source
    assert any("beijing_site.yaml · remarks" in w for w in where)  # 北京's inferred cells (the layout's remarks, 生成说明)
    assert any(w.endswith("checks.A805") for w in where)  # a beiantool requirement
    assert any("notice.py" in w for w in where)
    assert not any("个人用户备案由接入服务运营单位负责实名登记" == t for t in texts)  # a seed passage carries it
    # each statement once, in the file that says it
    assert len(where) == len(set(zip(where, texts)))
    text = CliRunner().invoke(app, ["sources"]).stdout
    assert "beiantool 自己的话" in text and "由来源推定" in text


def test_a_new_entry_without_a_source_is_listed(tmp_path, monkeypatch):
    from beiantool.checks.base import Source
    from beiantool.rules.own_words import NO_SOURCE, REFERENCE, STANDARD, why_own

    assert why_own(None) == NO_SOURCE
    assert why_own(Source(file="001_057c113c86ba167f.txt", heading="x")) is None
    assert why_own(Source(file="identifiers.md", heading="x")) == REFERENCE
    assert why_own(Source(standard="GB 11643")) == STANDARD
    assert why_own(Source(file="001_057c113c86ba167f.txt", heading="x", inferred=True)) is not None


def test_a_forms_copy_marks_are_its_sources_words_or_say_they_are_the_tools():
    """Item 9, the kind: 公安机关存档/联网单位存档 on 绍兴's forms (and 公安机关留存 on 北京's) are in no source."""
    folder = ROOT / "templates" / "forms"
    for path in sorted(folder.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        notes = json.dumps({k: v for k, v in spec.items() if k != "copy_marks"}, ensure_ascii=False)  # its printed source text
        for mark in spec.get("copy_marks") or []:
            assert mark in notes or "本工具" in mark, (path.name, mark)
    for name in ("shaoxing_unit", "shaoxing_user", "beijing_site"):
        assert not yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")).get("copy_marks"), name


@pytest.mark.parametrize("city", CITIES)
def test_sources_misses_no_inferred_or_unsourced_checklist_item(city):
    """The listing is read from the data: every item of a rule file whose source is inferred, missing or not a seed is in it."""
    from beiantool.rules import _read_id
    from beiantool.rules.own_words import from_rule_file, why_own

    listed = {s.where for s in from_rule_file(city)}
    data, _, _ = _read_id(city)
    for item in data.checklist:
        if item.enabled and why_own(item.source, item.name):
            assert f"beiantool/rules/data/{city}.yaml · checklist.{item.id}" in listed, item.id
