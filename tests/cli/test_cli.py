"""The command line, end to end through Typer's runner: output, exit codes, files."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from beiantool import rules, __version__, api
from beiantool.cli import zh as cli_zh
from beiantool.cli import app
from tests.conftest import EXAMPLES

cli_zh.install()


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return invoke


def test_valid_example_passes(run):
    result = run("validate", EXAMPLES / "shaoxing.yaml")
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_broken_example_fails_with_places(run):
    result = run("validate", EXAMPLES / "broken" / "shaoxing-typos.yaml")
    assert result.exit_code == 1
    assert "U301" in result.output and "11:16" in result.output
    assert "330602198507202349" not in result.output  # ID numbers are masked on screen
    assert "Traceback" not in result.output


def test_json_is_exactly_one_object(run):
    result = run("validate", EXAMPLES / "broken" / "shaoxing-typos.yaml", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "city", "problems"}
    assert data["ok"] is False and data["city"] == "shaoxing"
    for problem in data["problems"]:
        assert set(problem) == {"code", "severity", "path", "line", "column", "message"}
    assert {"U301", "S001", "B702"} <= {p["code"] for p in data["problems"]}


def test_json_matches_library_report():
    report = api.validate_file(EXAMPLES / "broken" / "shaoxing-typos.yaml")
    result = CliRunner().invoke(app, ["validate", str(EXAMPLES / "broken" / "shaoxing-typos.yaml"), "-f", "json"])
    assert json.loads(result.stdout) == report.to_dict()


def test_strict_fails_on_warnings(run, tmp_path):
    data = yaml.safe_load((EXAMPLES / "shaoxing.yaml").read_text(encoding="utf-8"))
    data["unit"]["phone"] = "010-88888888"  # only a warning (C203)
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run("validate", path).exit_code == 0
    assert run("validate", path, "--strict").exit_code == 1


def test_city_option_overrides_file(run):
    result = run("validate", EXAMPLES / "shaoxing.yaml", "--city", "national", "-f", "json")
    assert json.loads(result.stdout)["city"] == "national"


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["validate", "nope.yaml"], "不存在"),
        (["validate", str(EXAMPLES / "shaoxing.yaml"), "--city", "atlantis"], "shaoxing"),
    ],
)
def test_unusable_input_exits_2(run, args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output and "Traceback" not in result.output


def test_unreadable_yaml_exits_2_with_position(run, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("unit:\n  name: a: b\n", encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    assert "bad.yaml:2:10" in result.output


def test_unexpected_failure_exits_3_with_log(run, monkeypatch, tmp_path):
    monkeypatch.setenv("BEIANTOOL_LOG_DIR", str(tmp_path / "logs"))

    def boom(*args, **kwargs):
        raise RuntimeError("模拟的内部错误")

    monkeypatch.setattr(api, "validate_file", boom)
    result = run("validate", EXAMPLES / "shaoxing.yaml")
    assert result.exit_code == 3
    assert "Traceback" not in result.output and "内部错误" in result.output
    [log] = list((tmp_path / "logs").iterdir())
    assert "RuntimeError: 模拟的内部错误" in log.read_text(encoding="utf-8")
    assert str(log) in result.output.replace("\n", "")


def test_init_writes_a_starter_that_cannot_pass_untouched_and_refuses_overwrite(run, tmp_path):
    target = tmp_path / "beian.yaml"
    assert run("init", "-o", target).exit_code == 0
    first = target.read_text(encoding="utf-8")
    assert "# beiantool 备案文件" in first and "city: shaoxing" in first
    assert "张三" not in first and "example.com\n" not in first  # no sample person or domain that could be printed as is
    result = run("validate", target, "-f", "json")
    assert result.exit_code == 1 and {p["code"] for p in json.loads(result.stdout)["problems"]} == {"S008"}
    target.write_text("city: shaoxing\n", encoding="utf-8")
    result = run("init", "-o", target)
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "city: shaoxing\n"
    assert run("init", "-o", target, "--force", "--city", "national").exit_code == 0
    assert "city: national" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["company", "government", "institution", "social_org", "individual", "other"])
@pytest.mark.parametrize("city", rules.builtin_ids())
def test_init_starter_per_city_and_filer_kind(run, tmp_path, city, kind):
    target = tmp_path / f"{city}-{kind}.yaml"
    assert run("init", "--city", city, "--type", kind, "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    ruleset = rules.load(city)
    assert f"city: {city}" in text and f"type: {kind}" in text
    if ruleset.region.area_codes:
        assert f'"{ruleset.region.area_codes[0]}-〔号码〕"' in text
        assert f'postcode: "{ruleset.region.postcode_prefixes[0]}〔' in text
        assert f'icp_number: "{ruleset.region.province_abbr}ICP备〔编号〕号-1"' in text
    assert ("credit_code" in text.split("security:")[0]) == (kind != "individual")
    report = json.loads(run("validate", target, "-f", "json").stdout)
    assert not report["ok"] and {p["code"] for p in report["problems"]} == {"S008"}, report["problems"][:3]


def test_init_unknown_type_is_a_usage_error(run, tmp_path):
    result = run("init", "--type", "company_ltd", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "individual（个人）" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_init_unknown_city_writes_nothing(run, tmp_path):
    target = tmp_path / "beian.yaml"
    assert run("init", "-o", target, "--city", "atlantis").exit_code == 2
    assert not target.exists()


def test_schema(run, tmp_path):
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    unit = schema["$defs"]["Unit"]
    assert unit["properties"]["name"]["title"] == "单位名称"
    assert run("schema", "-o", tmp_path / "s.json").exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_cities(run):
    result = run("cities", "-f", "json")
    data = {c["id"]: c for c in json.loads(result.stdout)}
    assert data["shaoxing"]["extends"] == ["national"]
    assert "新昌县公安局网监大队" in data["shaoxing"]["offices"]
    text = run("cities").output
    # people read titles, not file names; JSON keeps the file for reviewers
    assert "《绍兴市计算机信息网络国际联网单位备案表》" in text and ".txt" not in text and ".md" not in text
    assert any("003_80d2334a63d13c38.txt" in ref for ref in data["shaoxing"]["source_refs"])


def test_version_and_chinese_help(run):
    assert __version__ in run("--version").output
    help_text = run("validate", "--help").output
    assert "用法" in help_text and "选项" in help_text and "显示本帮助并退出" in help_text
    assert "Show this message" not in help_text


def test_rules_option_and_rules_dir(run, tmp_path, monkeypatch):
    rule_file = tmp_path / "hangzhou.yaml"
    rule_file.write_text(
        "id: hangzhou\nname: 杭州市\nextends: shaoxing\nregion:\n  area_codes: ['0571']\n"
        "  source: {standard: 测试用}\n",
        encoding="utf-8",
    )
    result = run("validate", EXAMPLES / "shaoxing.yaml", "--rules", rule_file, "-f", "json")
    data = json.loads(result.stdout)
    assert data["city"] == "hangzhou"
    assert [p["code"] for p in data["problems"]].count("C203") >= 1  # 0575 is not Hangzhou
    monkeypatch.setenv("BEIANTOOL_RULES_DIR", str(tmp_path))
    assert json.loads(run("validate", EXAMPLES / "shaoxing.yaml", "-c", "hangzhou", "-f", "json").stdout)["city"] == "hangzhou"
    assert "hangzhou" in [c["id"] for c in json.loads(run("cities", "-f", "json").stdout)]
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nname: 坏\nchecks:\n  C999: {}\n", encoding="utf-8")
    result = run("validate", EXAMPLES / "shaoxing.yaml", "--rules", bad)
    assert result.exit_code == 2 and "bad.yaml:4:3" in result.output and "C999" in result.output


def test_cities_show_office_details_and_deadlines(run):
    data = {c["id"]: c for c in json.loads(run("cities", "-f", "json").stdout)}
    details = data["shuangtaizi"]["office_details"][0]
    assert details["phone"] == "2683555" and "8:30-12:00" in details["hours"]
    assert data["beijing"]["deadline_days"] == 30 and data["beijing"]["copies"] == 2
    text = run("cities").output
    assert "网络正式联通之日起 30 日内" in text and "每个网站一张" in text and "ICP 备案号下发之日起" not in text


@pytest.mark.parametrize(
    "args,chinese",
    [
        (["validate", "--nope", "x"], "没有选项 --nope"),
        (["render"], "缺少参数"),
        (["validate", "x.yaml", "-f", "xml"], "的值“xml”无效，可选"),
        (["valdate"], "没有命令 valdate"),
        (["schema", "extra"], "多余的参数：extra"),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(run, args, chinese):
    result = run(*args)
    assert result.exit_code == 2
    assert chinese in result.output, result.output


def test_the_warning_summary_is_a_whole_sentence():
    # the new-user trial read "…其中 3 个（S006）是受理时可能被要求补正的，请先处理；" as cut off
    from beiantool.base.problem import Problem, Severity
    from beiantool.cli.report import _warning_advice

    def warn(code):
        return Problem(code=code, severity=Severity.WARNING, path=(), line=1, column=1, message="x")

    only = _warning_advice([warn("S006")] * 3)
    assert only == "这 3 个警告是受理时可能被要求补正的，请先处理。"
    assert _warning_advice([warn("S006")]) == "这个警告是受理时可能被要求补正的，请先处理。"
    mixed = _warning_advice([warn("S006"), warn("S006"), warn("N506")])
    assert mixed == "其中 2 个（S006）是受理时可能被要求补正的，请先处理；其余 1 个是提醒，确认无误即可。"
