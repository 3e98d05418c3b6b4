"""`beiantool platform`: the platform's fields in its order, the values to paste, the steps."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from beiantool.render import platform
from beiantool.cli import app
from beiantool.packet.normalize import normalize_labels
from tests.conftest import load_example
from tests.render.test_fidelity import PLATFORM_FIELDS

ID = "330602198507202348"  # the Shaoxing example's 网站负责人


def _write(tmp_path, data, name="packet.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(app, ["platform", *map(str, args)])


def _sheet(data, index=0):
    normalize_labels(data)
    return platform.sheet(data, index)


def test_fields_follow_the_platform_form_in_order_with_their_star():
    s = _sheet(load_example("shaoxing"))
    labels = [f.label for f in s.fields]
    plain = [label.split("·")[-1] for label in labels if not label.startswith("信息安全员2")]
    # each field is one of the seed's form, in the seed's order (the seed lists 信息安全员's fields once for both)
    at = 0
    for label in plain:
        wanted = label.split("(")[0] if label.startswith("网站域名") else label
        assert wanted in PLATFORM_FIELDS[at:], f"{label} missing or out of order"
        at = PLATFORM_FIELDS.index(wanted, at) + 1
    assert labels[:3] == ["单位(用户)名称*", "单位地址*", "联系电话*"] and labels[-1] == "附件*"
    assert "网站负责人·身份证号码*" in labels and "信息安全员2·移动电话*" in labels
    assert all(f.required == ("*" in f.label) for f in s.fields)


def test_enumerations_are_in_the_platforms_wording():
    data = load_example("shaoxing")
    data["network"]["isp"] = "unicom"
    data["sites"][0]["services"] = ["www", "bbs"]
    values = {f.label: f.value for f in _sheet(data).fields}
    assert values["所属网络"] == "中国联通互联网"
    assert values["网站开通日期"] == "2026-10-20"  # the platform's date picker
    assert values["网络服务种类·WWW服务网址"] == "https://www.example.com"
    assert values["网络服务种类·论坛/留言板/BBS服务网址"] == platform.ASK_ADDRESS
    assert "网络服务种类·电子邮件服务网址" not in values  # a service the site does not offer
    data["network"]["isp"] = "电信"  # the Chinese label as alias
    assert {f.label: f.value for f in _sheet(data).fields}["所属网络"] == "中国公用计算机网(电信)"


def test_other_network_carries_its_name_and_a_listed_one_does_not():
    data = load_example("shaoxing")
    data["network"].update(isp="other", isp_other="示例城域网")
    assert {f.label: f.value for f in _sheet(data).fields}["所属网络"] == "其他网络（示例城域网）"
    data["network"].update(isp="unicom", isp_other="示例城域网")  # a leftover name does not leak beside a listed network
    assert {f.label: f.value for f in _sheet(data).fields}["所属网络"] == "中国联通互联网"
    data["network"].update(isp="other", isp_other=None)  # unnamed: the box alone (S005 asks for the name)
    assert {f.label: f.value for f in _sheet(data).fields}["所属网络"] == "其他网络"


def test_uploads_differ_for_a_person_and_a_unit():
    unit = {f.label: f.value for f in _sheet(load_example("shaoxing")).fields}
    person = {f.label: f.value for f in _sheet(load_example("national-individual")).fields}
    assert unit["附件*"] == "单位营业执照或其他有效证明电子版"
    assert person["附件*"] == "个人身份证电子版"


def test_empty_required_fields_come_first_as_errors_and_exit_1(tmp_path):
    data = load_example("shaoxing")
    del data["sites"][0]["hosting"]["address"]
    data["sites"][0]["responsible"]["email"] = ""
    result = _run(_write(tmp_path, data))
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("错误：下列 2 个带 * 的栏目是空的") < out.index("单位(用户)名称*")
    assert "✗ 服务器所在物理地址*　← 在备案文件中填写 sites[0].hosting.address" in out
    assert "✗ 网站负责人·Email*　← 在备案文件中填写 sites[0].responsible.email" in out
    assert "必填栏目是空的" in result.stderr


def test_text_ends_with_the_seed_steps_and_masks_ids_on_screen(tmp_path):
    result = _run(_write(tmp_path, load_example("shaoxing")))
    assert result.exit_code == 0, result.output
    out = result.stdout
    steps = out[out.index("在全国公安机关互联网站安全服务平台（www.beian.gov.cn）上的步骤"):]
    for n, title in enumerate(["公共查询", "用户注册、登录", "信用认证", "开办主体", "新办网站备案申请", "提交及获取公安备案号",
                               "将公安备案号放置页面的下端"], 1):
        assert f"  {n}. " in steps and title in steps
    assert ID not in out and "330602********2348" in out


def test_a_file_gets_the_whole_id_and_json_has_every_site(tmp_path):
    data = load_example("shaoxing")
    data["sites"].append({**data["sites"][0], "name": "第二站", "domains": ["two.example.com"], "homepage": None})
    target = tmp_path / "out" / "平台.json"
    target.parent.mkdir()
    result = _run(_write(tmp_path, data), "-f", "json", "-o", target)
    assert result.exit_code == 0, result.output
    written = json.loads(target.read_text(encoding="utf-8"))
    assert [s["name"] for s in written["sites"]] == ["绍兴示例科技官网", "第二站"]
    assert ID in target.read_text(encoding="utf-8")
    www = {f["label"]: f["value"] for f in written["sites"][1]["fields"]}["网络服务种类·WWW服务网址"]
    assert www == "two.example.com"  # no homepage: the domain
    again = _run(_write(tmp_path, data), "-f", "json", "-o", target)
    assert again.exit_code == 2 and "--force" in again.stderr  # never overwritten silently
    only = json.loads(_run(_write(tmp_path, data), "--site", "two.example.com", "-f", "json").stdout)
    assert [s["site"] for s in only["sites"]] == [1] and ID not in json.dumps(only)


def test_markdown_is_a_table_with_the_packet_path(tmp_path):
    out = _run(_write(tmp_path, load_example("shaoxing")), "-f", "md").stdout
    assert "| 平台栏目 | 填写内容 | 来自备案文件 |" in out
    assert "| 服务器所在物理地址* | 浙江省绍兴市越城区机房路1号 | `sites[0].hosting.address` |" in out


def test_no_sites_is_a_usage_error(tmp_path):
    data = load_example("shaoxing")
    del data["sites"]
    result = _run(_write(tmp_path, data))
    assert result.exit_code == 2 and "没有要生成的平台填写清单" in result.stderr


def test_more_than_two_officers_are_noted():
    data = load_example("shaoxing")
    data["security"]["officers"].append({"name": "钱七"})
    assert any("另有 1 名安全员" in n for n in _sheet(data).notes)


def test_the_printed_platform_form_bolds_only_the_seeds_starred_labels():
    from beiantool.api import load_ruleset
    from beiantool.render.build import documents

    data = load_example("shaoxing")
    normalize_labels(data)
    forms, _ = documents(data, load_ruleset("shaoxing"))
    form = next(f for f in forms if f.id == "platform_site")
    labels = [c for row in form.rows for c in row if c.kind == "label"]
    assert {c.text for c in labels if c.strong} == {c.text for c in labels if "*" in c.text}
    assert any(c.text == "WWW服务网址" and not c.strong for c in labels)
