"""No PDF work for a render that asks for no PDF: neither the PDF libraries nor the font finder are loaded (the
other direction, and each library of the other formats, in test_docx_writer); pikepdf only for a packet that attaches a PDF."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

PDF_WORK = ["beiantool.render.bundle", "beiantool.render.bundle_attach", "beiantool.render.fontcache", "beiantool.render.fonts",
            "beiantool.render.pdf_writer", "pikepdf", "reportlab"]
DRAWN = [m for m in PDF_WORK if m not in ("beiantool.render.bundle_attach", "pikepdf")]  # the bundle drawn by reportlab alone
CODE = """
import json, sys
from beiantool.render import render_packet
render_packet(sys.argv[1], sys.argv[2], formats=tuple(sys.argv[3].split(",")))
print(json.dumps(sorted(m for m in json.loads(sys.argv[4]) if m in sys.modules)))
"""


@pytest.mark.parametrize("packet, formats, loaded", [
    ("shaoxing.yaml", "docx", []), ("shaoxing.yaml", "xlsx", []), ("shaoxing.yaml", "docx,xlsx", []),
    ("shaoxing.yaml", "pdf", DRAWN),  # no attachment: no pikepdf
    ("attachments/baotou.yaml", "pdf", PDF_WORK),  # images only would not load it; this packet attaches a PDF certificate too
])
def test_only_a_pdf_render_loads_the_pdf_machinery(tmp_path, packet, formats, loaded):
    out = subprocess.run([sys.executable, "-c", CODE, str(EXAMPLES / packet), str(tmp_path / "out"), formats, json.dumps(PDF_WORK)],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert json.loads(out.splitlines()[-1]) == loaded
