"""Every form and letter says what its source says: labels, options and sentences copied from the
source into tests/fixtures/fidelity/documents.yaml are found verbatim in the rendered PDF (pdftotext)
and in the .docx (python-docx), white space aside, and the labels stand in the source's order."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
import yaml
from docx import Document

from beiantool.render import render_packet
from tests.conftest import EXAMPLES, FIXTURES, load_example
from tests.render.test_render import _flat

DOCUMENTS = yaml.safe_load((FIXTURES / "fidelity" / "documents.yaml").read_text(encoding="utf-8"))
_GONE = re.compile(r"[\s\u2060\u200b]+")


def _squash(text: str) -> str:
    return _GONE.sub("", text)


@functools.lru_cache(maxsize=None)
def _rendered(example: str, base: str) -> Path:
    out = Path(base) / example
    if example == "national-company":  # the national form is for units: the individual example as a company
        data = yaml.safe_load((EXAMPLES / "national-individual.yaml").read_text(encoding="utf-8"))
        data["unit"].update(type="company", name="北京示例软件有限公司", credit_code="91110105MA01XK7QXM")
        packet = Path(base) / "national-company.yaml"
        packet.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    else:
        packet = EXAMPLES / example
    render_packet(packet, out, formats=("pdf", "docx"))
    return out


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:  # a merged cell is listed once per column it spans
                    seen.add(id(cell._tc))
                    parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("fidelity"))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_document_reproduces_its_source(name, fmt, base):
    spec = DOCUMENTS[name]
    path = _rendered(spec["example"], base) / f"{spec['file']}.{fmt}"
    text = _flat(path) if fmt == "pdf" else _squash(_docx_text(path))
    missing = [s for s in spec["strings"] if _squash(s) not in text]
    assert not missing, f"{name}.{fmt} 缺少来源中的文字：{missing}"
    order = [_squash(label) for label in spec.get("in_order", [])]
    if order:  # the first copy only: the second would satisfy any order
        again = text.find(order[0], text.find(order[0]) + 1)
        text = text[:again] if again > 0 else text
    position = 0
    for label in order:
        found = text.find(label, position)
        assert found >= 0, f"{name}.{fmt}：栏目“{label}”不在来源的顺序上"
        position = found + 1


def test_generated_letter_says_it_is_not_the_official_text_on_the_separate_sheet_only(base):
    out = _rendered("baotou.yaml", base)
    letter = _flat(out / "安全责任书-互联网信息安全责任书.pdf") + _squash(_docx_text(out / "安全责任书-互联网信息安全责任书.docx"))
    assert "不是公安机关的官方文本" not in letter and "本工具" not in letter and "beiantool" not in letter  # the page the filer signs
    sheet = _flat(out / "生成说明.pdf")
    assert "《互联网信息安全责任书》" in sheet and "不是公安机关的官方文本" in sheet and "一式两份" in sheet
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert any(r["document"] == "《互联网信息安全责任书》" and r["drafting"] for r in manifest["remarks"])
    assert "生成说明（beiantool" not in _flat(out / "打印合订本.pdf")  # the sheet is not in the print
    checklist = _flat(out / "材料清单.pdf")
    assert "《互联网信息安全责任书》" in checklist and "beiantool复原、推定或拟写" in checklist


def test_shaoxing_letter_names_its_change_of_recipient(base):
    """Outside 新昌 the letter is sent elsewhere: the tool says so and quotes the source's words."""
    out = _rendered("shaoxing.yaml", base)
    text = _flat(out / "安全责任书-绍兴市互联网联网单位安全责任书.pdf")
    assert "送交绍兴市公安局网警支队留底" in text and "原文为" not in text
    sheet = _flat(out / "生成说明.pdf")
    assert "原文为：“本责任书一式两份，一份申请用户保留，另一份与备案材料一起送交新昌县公安局网监大队留底。”" in sheet


def test_render_summary_says_the_baotou_letter_is_generated(tmp_path):
    result = render_packet(EXAMPLES / "baotou.yaml", tmp_path / "bt", formats=("pdf",))
    assert any("不是官方文本" in w for w in result.warnings)


# seed 001, block 互联网网站备案表 ("注:带*符号为必填项"), every field in the form's order, copied here by hand;
# the extraction put "○身份认证○防病毒○防火墙○其他措施()" and "附件*" at the block's head: they follow 安全技术措施.
PLATFORM_FIELDS = [
    "单位(用户)名称*", "单位地址*", "联系电话*", "邮编", "网站名称*", "网站域名*", "(多个域名之间请使用英文逗号间隔)",
    "信息产业部、省通信管理局许可或备案编号", "网站开通日期", "网站负责人", "姓名*", "身份证号码*", "固定电话*", "移动电话*", "Email*",
    "信息安全员(2位)", "姓名*", "身份证号码", "培训证号", "固定电话*", "移动电话*", "Email", "所属网络",
    "中国公用计算机网(电信)", "中国网通互联网", "中国联通互联网", "中国长城互联网", "中国铁通互联网", "中国移动互联网",
    "中国卫星集团互联网", "中国教育和科研计算机网", "中国科技网", "中国国际经济贸易网", "其他网络",
    "网站地址(可填写多个)*", "Ip地址*", "提供服务的isp或idc单位*", "服务器所在物理地址*", "网络服务种类",
    "电子邮件服务网址", "免费信箱服务网址", "个人主页服务网址", "论坛/留言板/BBS服务网址", "电子商务服务网址", "FTP服务网址",
    "新闻组服务网媒体服务网址", "网络游戏服务网址", "WWW服务网址", "即时通讯服务网址", "P2P服务网址网址", "博客服务网址",
    "wap服务网址", "其他服务网址", "安全技术措施", "日志记录", "安全审计或预警", "信息过滤", "垃圾邮件过滤", "身份认证", "防病毒",
    "防火墙", "其他措施", "附件*", "请上传单位(个人)证明电子版", "个人网站:个人身份证电子版;单位网站:单位营业执照或其他有效证明电子版",
]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_platform_form_has_every_seed_field_in_order(tmp_path, fmt):
    result = render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "out", formats=(fmt,))
    [name] = [w.path for w in result.files if "互联网网站备案表" in w.path]
    path = tmp_path / "out" / name
    if fmt == "pdf":
        text = _flat(path)
    else:
        doc = Document(str(path))
        cells = ["".join(tc.itertext()) for t in doc.tables for tr in t._tbl.tr_lst for tc in tr.tc_lst]  # each w:tc once
        text = re.sub(r"[\s\u2060\u200b]", "", "".join(cells))
    at = 0
    for label in PLATFORM_FIELDS:
        found = text.find(re.sub(r"\s", "", label), at)
        assert found >= 0, f"{label} missing or out of order"
        at = found + 1


def test_other_name_prints_only_beside_a_ticked_other_box():
    from beiantool.packet.normalize import normalize_labels
    from beiantool.render.layout import load_layout, resolve

    def isp_choices(isp):
        data = load_example("shaoxing")
        data["network"].update(isp=isp, isp_other="示例城域网")
        normalize_labels(data)
        form = resolve(load_layout("shaoxing_unit"), data, "无", True, {}, frozenset())
        cell = next(c for row in form.rows for c in row if c.kind == "options" and c.path == "network.isp")
        return {c.label: (c.checked, c.extra) for c in cell.choices}

    assert isp_choices("other")["其它"] == (True, "示例城域网")
    # a name left in isp_other while a listed network is chosen: the 其它 box stays empty, its blank printed
    assert isp_choices("unicom")["其它"] == (False, "\u3000" * 4) and isp_choices("unicom")["联通"] == (True, "")
