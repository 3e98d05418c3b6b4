"""No work for a format the user did not ask for: a Word-only render never loads the PDF libraries (nor reads a
font), a PDF-only render never loads python-docx or openpyxl."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

CODE = """
import json, sys
from beiantool.render import render_packet
render_packet(sys.argv[1], sys.argv[2], formats=tuple(sys.argv[3].split(",")))
print(json.dumps(sorted(m for m in ("reportlab", "pikepdf", "docx", "openpyxl", "beiantool.render.fonts", "beiantool.render.bundle")
                        if m in sys.modules)))
"""


@pytest.mark.parametrize("formats, loaded", [
    ("docx", ["docx"]),
    ("xlsx", ["openpyxl"]),
    ("pdf", ["beiantool.render.bundle", "beiantool.render.fonts", "pikepdf", "reportlab"]),
])
def test_a_render_loads_only_what_its_formats_need(tmp_path, formats, loaded):
    out = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES / "shaoxing.yaml"), str(tmp_path / "out"), formats],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert json.loads(out.splitlines()[-1]) == loaded
