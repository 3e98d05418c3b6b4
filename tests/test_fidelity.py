"""Every form and letter says what its source says: labels, options and sentences copied from the
source into tests/fixtures/fidelity/documents.yaml are found verbatim in the rendered PDF (pdftotext)
and in the .docx (python-docx), white space aside, and the labels stand in the source's order."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml
from docx import Document

from beiantool.render import render_packet
from tests.conftest import EXAMPLES, FIXTURES
from tests.test_render import _flat

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


def test_generated_letter_says_it_is_not_the_official_text(base):
    out = _rendered("baotou.yaml", base)
    for path in (out / "安全责任书-互联网信息安全责任书.pdf",):
        text = _flat(path)
        assert "不是公安机关的官方文本" in text and "本工具标注" in text
    assert "不是公安机关的官方文本" in _squash(_docx_text(out / "安全责任书-互联网信息安全责任书.docx"))


def test_shaoxing_letter_names_its_change_of_recipient(base):
    """Outside 新昌 the letter is sent elsewhere: the tool says so and quotes the source's words."""
    text = _flat(_rendered("shaoxing.yaml", base) / "安全责任书-绍兴市互联网联网单位安全责任书.pdf")
    assert "送交绍兴市公安局网警支队留底" in text
    assert "原文为：“本责任书一式两份，一份申请用户保留，另一份与备案材料一起送交新昌县公安局网监大队留底。”" in text


def test_render_summary_says_the_baotou_letter_is_generated(tmp_path):
    result = render_packet(EXAMPLES / "baotou.yaml", tmp_path / "bt", formats=("pdf",))
    assert any("不是官方文本" in w for w in result.warnings)
