"""The reader: encodings, limits, unsafe input and positions."""

from __future__ import annotations

import datetime
import time

import pytest

from beiantool.packet import yamlread
from beiantool.base.errors import UsageError

PACKET = "city: shaoxing\nunit:\n  name: 绍兴示例科技有限公司\n  postcode: \"312000\"\n"


def _refused(text: str, *fragments: str) -> str:
    with pytest.raises(UsageError) as info:
        yamlread.load_text(text, "p.yaml")
    message = str(info.value)
    assert message.startswith("p.yaml")
    for fragment in fragments:
        assert fragment in message
    return message


@pytest.mark.parametrize(
    "raw",
    [
        PACKET.encode("utf-8"),
        b"\xef\xbb\xbf" + PACKET.encode("utf-8"),
        PACKET.encode("gbk"),
        PACKET.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "utf16-bom"],
)
def test_encodings(tmp_path, raw):
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    doc = yamlread.load(path)
    assert doc.data["unit"]["name"] == "绍兴示例科技有限公司"
    assert doc.position(("unit", "name")) == (3, 9)


def test_undecodable_file(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes(b"unit: \xff\xfe\xfa\x80\x81\xff")
    with pytest.raises(UsageError, match="UTF-8"):
        yamlread.load(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UsageError, match="不存在"):
        yamlread.load(tmp_path / "nope.yaml")
    with pytest.raises(UsageError, match="目录"):
        yamlread.load(tmp_path)


def test_size_cap(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (yamlread.MAX_BYTES + 1))
    with pytest.raises(UsageError, match="过大"):
        yamlread.load(path)


@pytest.mark.parametrize("text", ["", "   \n# 只有注释\n"])
def test_empty(text):
    _refused(text, "空")


def test_top_level_must_be_mapping():
    _refused("- a\n- b\n", ":1:1", "映射", "列表")
    _refused("只是一句话\n", "映射")


def test_python_tag_refused():
    _refused("unit: !!python/object/apply:os.system ['echo hi']\n", ":1:7", "!!python/object/apply:os.system")


def test_custom_tag_refused():
    _refused("unit: !secret x\n", "!secret")


def test_alias_bomb_refused_fast():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    _refused("\n".join(lines) + "\n", "炸弹")
    assert time.perf_counter() - start < 2


def test_recursive_alias_refused():
    _refused("a: &a [*a]\n", "循环")


@pytest.mark.parametrize(
    "text,where,fragment",
    [
        ("unit:\n  name: a: b\n", ":2:10", "冒号"),
        ("unit:\n\tname: x\n", ":2:1", "Tab"),
        ('unit: "abc\n', "", "引号"),
        ("a: 1\n---\nb: 2\n", ":2:1", "一个 YAML 文档"),
    ],
)
def test_syntax_errors_name_line_and_column(text, where, fragment):
    message = _refused(text, fragment)
    assert where in message
    assert "Traceback" not in message


def test_yaml_11_traps_kept_as_text():
    doc = yamlread.load_text("a: 014030\nb: 0575\nc: 2026-02-30\nd: 2026-11-01\ne: 12\nf: 1_000\n")
    assert doc.data == {
        "a": "014030",
        "b": "0575",
        "c": "2026-02-30",
        "d": datetime.date(2026, 11, 1),
        "e": 12,
        "f": "1_000",
    }


def test_positions_of_values_keys_and_items():
    doc = yamlread.load_text("unit:\n  name: 甲\nsites:\n  - domains: [a.com, b.com]\n")
    assert doc.position(("unit", "name")) == (2, 9)
    assert doc.position(("unit",)) == (1, 1)  # a mapping is shown at its key
    assert doc.position(("sites", 0, "domains", 1)) == (4, 22)
    assert doc.position(("unit", "missing")) == (1, 1)  # nearest ancestor


def test_merge_keys_and_aliases():
    doc = yamlread.load_text("boss: &b {name: 张三}\nunit:\n  legal_representative: *b\n  x:\n    <<: *b\n    mobile: '1'\n")
    assert doc.data["unit"]["legal_representative"] == {"name": "张三"}
    assert doc.data["unit"]["x"] == {"mobile": "1", "name": "张三"}


def test_duplicate_keys_reported_at_the_duplicate():
    doc = yamlread.load_text("a: 1\nb: 2\na: 3\n")
    [problem] = doc.problems
    assert (problem.code, problem.line, problem.column) == ("Y001", 3, 1)


def test_odd_keys_still_have_a_visible_path():
    from beiantool import api

    doc = yamlread.load_text('&x : 1\nunit:\n  "a.b": 2\n  名字: 3\n', "p.yaml")
    paths = {p.path_text for p in api.validate_document(doc).problems if p.code == "S001"}
    assert paths == {'[""]', 'unit["a.b"]', 'unit["名字"]'}
