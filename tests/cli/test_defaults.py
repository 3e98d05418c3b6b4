"""The command line's defaults are the library's."""

from __future__ import annotations

import os
import sys
import subprocess


def test_init_writes_the_librarys_starter_city():
    from beiantool import api
    from beiantool.cli import start

    assert start.STARTER_CITY == api.STARTER_CITY


def test_loading_the_command_line_loads_no_rule_set_nor_document_library():
    """`beiantool --help` and every command's parsing stay light: api, the checks and the writers load when a command runs."""
    code = ("import sys, beiantool.cli; "
            "print(sorted(m for m in ('beiantool.api', 'beiantool.checks', 'beiantool.rules', 'docx', 'openpyxl', 'reportlab') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


_LOADED = """
import atexit, sys
sys.argv = ['beiantool', 'validate', sys.argv[1]]
watched = ('docx', 'openpyxl', 'reportlab', 'PIL', 'pikepdf', 'phonenumbers', 'stdnum', 'idna', 'phonenumbers.geocoder')
atexit.register(lambda: print(sorted(m for m in watched if m in sys.modules), file=sys.stderr))  # the command ends the process
from beiantool.__main__ import main
main()
"""


def _loaded_by_validate(packet, tmp_path) -> str:
    """What a validate run loaded, with a user cache of this test (empty at first)."""
    env = {**os.environ, "BEIANTOOL_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", _LOADED, str(packet)], capture_output=True, text=True, cwd=tmp_path, env=env)
    return done.stderr.strip().splitlines()[-1]


def test_validate_loads_the_libraries_a_packet_needs_and_no_other(tmp_path):
    """No document library on validate; phonenumbers, python-stdnum and idna only when the packet has a number,
    an ID or a domain to read whose verdict is not remembered yet (never the phonenumbers geocoder)."""
    from tests.conftest import EXAMPLES

    assert _loaded_by_validate(EXAMPLES / "shaoxing.yaml", tmp_path) == "['idna', 'phonenumbers', 'stdnum']"
    # remembered (base/verdicts.py); what is said of an ID number never is
    assert _loaded_by_validate(EXAMPLES / "shaoxing.yaml", tmp_path) == "['stdnum']"
    bare = tmp_path / "bare.yaml"
    bare.write_text("city: shaoxing\nunit:\n  name: 绍兴某某有限公司\n", encoding="utf-8")
    assert _loaded_by_validate(bare, tmp_path) == "[]"
