"""The command line's defaults are the library's."""

from __future__ import annotations

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
