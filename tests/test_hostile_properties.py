"""Property tests at the command line: for any input, exit 0–2 (never 3), no full ID number in
any output (text or JSON, values, keys, paths, messages), no raw control character on screen."""

from __future__ import annotations

import datetime
import re

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from beiantool.cli import app
from tests.test_robustness import mutate

ID = "330602198507202348"
FULL_WIDTH = ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# every way an ID may be written: plain, full-width, broken up, inside other text
id_forms = st.sampled_from([ID, FULL_WIDTH, f"{ID[:6]}-{ID[6:14]}-{ID[14:]}", f"{ID[:6]} {ID[6:14]} {ID[14:]}", f"身份证{ID}号", f"abc{ID}xyz"])
controls = st.text(alphabet="\x07\x1b[]0;\x9b\u202e\x7fab", min_size=1, max_size=8)
odd_scalars = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.text(alphabet="０１２３４５６７８９　：ＡＢ中文", max_size=20),
    controls,
    id_forms,
)


def _deep(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def _hostile_edit(draw, parent, key) -> None:
    action = draw(st.sampled_from(["value", "key", "deep"]))
    if action == "value":
        parent[key] = draw(odd_scalars)
    elif action == "key" and isinstance(parent, dict):
        parent[draw(st.one_of(id_forms, controls))] = draw(odd_scalars)
    elif action == "deep":
        parent[key] = _deep(draw(st.integers(10, 200)))


@st.composite
def hostile_packets(draw):
    return mutate(draw, _hostile_edit)


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _assert_safe(output: str, json_mode: bool) -> None:
    # however the ID was written (full-width, with hyphens or spaces), it never comes back whole
    normal = re.sub(r"[\s\-\u3000]", "", output.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    assert ID not in normal, output
    if not json_mode:
        assert not RAW_CONTROL.search(output.replace("\n", "")), repr(output)


@settings(deadline=None, max_examples=120, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(hostile_packets(), st.sampled_from(["text", "json"]), st.sampled_from(["validate", "checklist"]))
def test_any_packet_gives_a_promised_exit_and_hides_ids(tmp_path_factory, data, fmt, command):
    folder = tmp_path_factory.mktemp("h")
    packet = folder / "p.yaml"
    packet.write_text(_dump(data), encoding="utf-8")
    result = CliRunner().invoke(app, [command, str(packet), "-f", fmt])
    assert result.exit_code in (0, 1, 2), result.output
    assert "内部错误" not in result.output
    _assert_safe(result.output, fmt == "json")


@settings(deadline=None, max_examples=60)
@given(st.text(max_size=60), st.sampled_from(["city", "unit", "filled_on"]))
def test_any_top_level_text_is_safe(text, key):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        packet = Path(tmp) / "p.yaml"
        packet.write_text(_dump({key: text + ID}), encoding="utf-8")
        result = CliRunner().invoke(app, ["validate", str(packet)])
    assert result.exit_code in (0, 1, 2)
    assert ID not in result.output
    assert not RAW_CONTROL.search(result.output.replace("\n", "")), repr(result.output)


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(hostile_packets(), st.sampled_from(["change-old", "change-new", "cancel", "cancel-site", "platform", "footer"]))
def test_the_website_commands_never_crash_on_any_packet(tmp_path_factory, data, how):
    """platform, footer, change and --cancel take the same hostile packets: a promised exit, IDs hidden."""
    from tests.conftest import EXAMPLES

    folder = tmp_path_factory.mktemp("w")
    packet = folder / "p.yaml"
    packet.write_text(_dump(data), encoding="utf-8")
    good = str(EXAMPLES / "shaoxing.yaml")
    args = {
        "change-old": ["change", str(packet), good, "-f", "json"],
        "change-new": ["change", good, str(packet)],
        "cancel": ["change", str(packet), "--cancel"],
        "cancel-site": ["change", str(packet), "--cancel", "--site", "1"],
        "platform": ["platform", str(packet)],
        "footer": ["footer", str(packet)],
    }[how]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "内部错误" not in result.output
    _assert_safe(result.output, "json" in args)
