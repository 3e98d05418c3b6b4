"""Rule sets: built-ins load, every requirement cites a source, bad rule files are explained."""

from __future__ import annotations

import pytest
import yaml

from beiantool import rules
from beiantool.errors import UsageError
from beiantool.problem import Severity


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_builtin_loads(rid):
    ruleset = rules.load(rid)
    assert ruleset.id == rid and ruleset.name and ruleset.rules


@pytest.mark.parametrize("rid", rules.builtin_ids())
def test_every_requirement_has_a_source(rid):
    """The data file itself, not just the merged result: every entry it writes cites its source."""
    data = yaml.safe_load(rules.builtin_path(rid).read_text(encoding="utf-8"))
    for code, entry in data.get("checks", {}).items():
        source = entry.get("source") or {}
        assert ((source.get("file") or source.get("url")) and source.get("heading")) or source.get("standard"), f"{rid}.{code} 没有来源"
    def cited(source):
        source = source or {}
        return bool((source.get("file") and source.get("heading")) or source.get("standard"))

    for office in data.get("offices", []):
        assert cited(office.get("source")), f"{rid} 的受理机关 {office['name']} 没有来源"
    for item in data.get("checklist", []):
        assert cited(item.get("source")), f"{rid} 的清单条目 {item['id']} 没有来源"
    if data.get("filing"):
        assert cited(data["filing"].get("source")), f"{rid} 的 filing 没有来源"
        if data["filing"].get("deadline"):
            assert cited(data["filing"]["deadline"].get("source")) or rid != "national", f"{rid} 的期限没有来源"
    for field in (data.get("checks", {}).get("S005", {}) or {}).get("params", {}).get("fields", []):
        if isinstance(field, dict) and "source" in field:
            assert cited(field["source"]), f"{rid} 的必填项 {field['path']} 的来源不完整"
    if data.get("region"):
        assert data["region"].get("source"), f"{rid} 的地区参数没有来源"


def test_shaoxing_extends_national():
    sx = rules.load("shaoxing")
    assert sx.chain == ("shaoxing", "national")
    assert sx.region.province_abbr == "浙" and sx.region.area_codes == ("0575",)
    assert sx.rules["B702"].params.min == 2 and sx.rules["B702"].params.max == 4
    assert "S005" in sx.rules  # inherited
    assert rules.load("national").region.area_codes == ()
    # the platform form's 信息安全员(2位) is demanded by the form's own * (S005 from its layout), not by a count
    assert "B702" not in rules.load("national").rules and not sx.rules["B702"].params.sites_only


def _write(tmp_path, text: str, name: str = "mycity.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_user_rule_file_extends_and_overrides(tmp_path):
    path = _write(
        tmp_path,
        "id: hangzhou\nname: 杭州市\nextends: shaoxing\nregion:\n  area_codes: ['0571']\n  postcode_prefixes: ['310', '311']\n"
        "checks:\n  C203: {severity: error, source: {standard: 测试}}\n  B703: {enabled: false}\n",
    )
    rs = rules.load_file(path)
    assert rs.chain == ("hangzhou", "shaoxing", "national")
    assert rs.region.area_codes == ("0571",) and rs.region.province_abbr == "浙"
    assert rs.rules["C203"].severity is Severity.ERROR
    assert "B703" not in rs.rules
    assert rs.rules["B702"].params.max == 4


@pytest.mark.parametrize(
    "text,where,fragment",
    [
        ("id: x\nname: X\nchecks:\n  P999: {}\n", ":4:3", "P999"),
        ("id: x\nname: X\nchecks:\n  B702:\n    params: {min: 2, maxx: 4}\n", ":5:", "maxx"),
        ("id: x\nname: X\nchecks:\n  B702: {severity: fatal}\n", ":4:", "severity"),
        ("id: x\nname: X\nregoin: {}\n", ":3:1", "regoin"),
        ("id: x\nname: X\nextends: nowhere\n", ":3:", "nowhere"),
        ("name: X\n", "", "id"),
    ],
)
def test_bad_rule_file_is_explained(tmp_path, text, where, fragment):
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as info:
        rules.load_file(path)
    message = str(info.value)
    assert fragment in message and where in message


def test_extends_cycle(tmp_path, monkeypatch):
    a = _write(tmp_path, "id: a\nname: A\nextends: b\n", "a.yaml")
    _write(tmp_path, "id: b\nname: B\nextends: a\n", "b.yaml")
    monkeypatch.setenv(rules.RULES_DIR_ENV, str(tmp_path))
    with pytest.raises(UsageError, match="循环"):
        rules.load_file(a)


@pytest.mark.parametrize("named", ["b.yaml", "./b.yaml", "../x/b.yaml", "/etc/passwd", "~/b", "b/c"])
def test_extends_is_an_id_never_a_path(tmp_path, monkeypatch, named):
    """A rule set's extends names a rule set as --city does; a file beside the rule file is not read."""
    _write(tmp_path, "id: b\nname: 机密\nextends: national\n", "b.yaml")
    a = _write(tmp_path, f"id: a\nname: A\nextends: \"{named}\"\n", "a.yaml")
    monkeypatch.delenv(rules.RULES_DIR_ENV, raising=False)
    with pytest.raises(UsageError) as info:
        rules.load_file(a)
    assert "不是规则集代码" in str(info.value) or "未知的城市规则集" in str(info.value)
    assert "national" in str(info.value) and "机密" not in str(info.value)


def test_unknown_city():
    with pytest.raises(UsageError, match="national"):
        rules.load("atlantis")
