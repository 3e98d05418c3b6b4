"""--force on a single file (init, schema, checklist -o, platform -o) never loses what was there: NAME.bak keeps it."""

from __future__ import annotations

from typer.testing import CliRunner

from beiantool.cli import app
from beiantool.cli import zh as cli_zh
from tests.conftest import EXAMPLES

cli_zh.install()


def _run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_init_force_keeps_a_filled_packet_beside_the_new_starter(home):
    root, decoys = home
    filled = root / "bj.yaml"  # the new-user trial: a filled 北京 packet replaced by a blank 绍兴 starter, no backup
    filled.write_bytes((EXAMPLES / "shaoxing.yaml").read_bytes())
    mine = filled.read_bytes()
    result = _run("init", "-o", filled, "--force")
    assert result.exit_code == 0, result.output
    assert (root / "bj.yaml.bak").read_bytes() == mine
    assert "bj.yaml.bak" in result.output and "没有丢失" in result.output
    assert filled.read_bytes() != mine  # the starter was written

    filled.write_bytes(mine + b"# edited again\n")
    second = _run("init", "-o", filled, "--force")
    assert second.exit_code == 0
    assert (root / "bj.yaml.bak").read_bytes() == mine  # an earlier backup is never replaced
    assert (root / "bj.yaml.bak2").read_bytes() == mine + b"# edited again\n"

    starter = filled.read_bytes()
    third = _run("init", "-o", filled, "--force")  # the same bytes again: nothing to keep
    assert third.exit_code == 0 and "没有丢失" not in third.output
    assert filled.read_bytes() == starter and not (root / "bj.yaml.bak3").exists()


def test_checklist_and_schema_force_keep_the_old_file(home):
    root, _ = home
    for args, name in ((("checklist", root / "备案.yaml", "-f", "md"), "清单.md"), (("schema",), "schema.json")):
        target = root / name
        target.write_text("我自己写的内容\n", encoding="utf-8")
        result = _run(*args, "-o", target, "--force")
        assert result.exit_code == 0, result.output
        assert (root / f"{name}.bak").read_text(encoding="utf-8") == "我自己写的内容\n"
        assert target.read_text(encoding="utf-8") != "我自己写的内容\n"
