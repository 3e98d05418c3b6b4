"""`beiantool footer`: the homepage footer of a filed site, from its numbers, checked first."""

from __future__ import annotations

import json

import yaml
from typer.testing import CliRunner

from beiantool.cli import app
from beiantool.footer import canonical_police_number, make
from tests.conftest import load_example


def _packet(tmp_path, **site_keys):
    data = load_example("shaoxing")
    data["sites"][0].update(site_keys)
    path = tmp_path / "packet.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args):
    return CliRunner().invoke(app, ["footer", *map(str, args)])


def test_footer_links_the_icp_number_then_the_police_number_with_its_icon(tmp_path):
    result = _run(_packet(tmp_path, police_number="浙公网安备33060202000394号"), "--icon", "/img/备案图标.png")
    assert result.exit_code == 0, result.output
    html = result.stdout
    icp = html.index('<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">浙ICP备2024000001号-1</a>')
    police = html.index('<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33060202000394"')
    assert icp < police
    assert '<img src="/img/备案图标.png" alt="公安备案图标"' in html and "浙公网安备 33060202000394号</a>" in html


def test_a_malformed_police_number_is_refused_with_its_code_and_line(tmp_path):
    result = _run(_packet(tmp_path, police_number="浙公网安备3306020200039号"))
    assert result.exit_code == 1 and result.stdout == ""
    assert "R403" in result.stderr and "packet.yaml:" in result.stderr and "未生成首页代码" in result.stderr


def test_a_site_without_a_police_number_is_told_to_file_first(tmp_path):
    result = _run(_packet(tmp_path))
    assert result.exit_code == 1 and result.stdout == ""
    assert "还没有公安备案号" in result.stderr and "全国公安机关互联网站安全服务平台" in result.stderr


def test_site_is_chosen_by_number_or_domain(tmp_path):
    data = load_example("shaoxing")
    data["sites"][0]["police_number"] = "浙公网安备 33060202000394号"
    data["sites"].append({"name": "第二站", "domains": ["two.example.cn"], "police_number": "浙公网安备 33060202000395号"})
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    both = json.loads(_run(path, "-f", "json").stdout)
    assert [f["site"] for f in both["footers"]] == [0, 1]
    by_domain = json.loads(_run(path, "--site", "TWO.example.cn", "-f", "json").stdout)
    assert [f["name"] for f in by_domain["footers"]] == ["第二站"] and by_domain["footers"][0]["icp_number"] is None
    assert "code=33060202000395" in by_domain["footers"][0]["police_url"]
    assert json.loads(_run(path, "--site", "1", "-f", "json").stdout)["footers"][0]["site"] == 0
    missing = _run(path, "--site", "3")
    assert missing.exit_code == 2 and "只有 2 个网站" in missing.stderr


def test_a_hostile_site_name_cannot_leave_the_html_comment(tmp_path):
    made, _, _ = make(_packet(tmp_path, name="x --><script>alert(1)</script>", police_number="浙公网安备 33060202000394号"))
    html = made[0].html('"><script>')
    assert "<script>" not in html and "--&gt;&lt;script&gt;" in html and 'src="&quot;&gt;&lt;script&gt;"' in html


def test_canonical_police_number_puts_one_space_after_the_prefix():
    assert canonical_police_number(" 京公网安备  11010502000001 号") == ("京公网安备 11010502000001号", "11010502000001")
