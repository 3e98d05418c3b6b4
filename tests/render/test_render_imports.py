"""No PDF work for a render that asks for no PDF: neither the PDF libraries nor the font finder are loaded (the
other direction, and each library of the other formats, in test_docx_writer)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

PDF_WORK = ["beiantool.render.bundle", "beiantool.render.fontcache", "beiantool.render.fonts", "beiantool.render.pdf_writer",
            "pikepdf", "reportlab"]
CODE = """
import json, sys
from beiantool.render import render_packet
render_packet(sys.argv[1], sys.argv[2], formats=tuple(sys.argv[3].split(",")))
print(json.dumps(sorted(m for m in json.loads(sys.argv[4]) if m in sys.modules)))
"""


@pytest.mark.parametrize("formats, loaded", [("docx", []), ("xlsx", []), ("docx,xlsx", []), ("pdf", PDF_WORK)])
def test_only_a_pdf_render_loads_the_pdf_machinery(tmp_path, formats, loaded):
    out = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES / "shaoxing.yaml"), str(tmp_path / "out"), formats, json.dumps(PDF_WORK)],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert json.loads(out.splitlines()[-1]) == loaded
