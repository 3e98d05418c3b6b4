"""render/preload.py, the batch fork server's warm-up: parsed fonts and loaded rule sets for every worker, nothing
registered with reportlab (it would be in every worker's PDFs) and nothing written to the caches."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from reportlab.pdfbase import pdfmetrics
before = set(pdfmetrics.getRegisteredFontNames())
import beiantool.render.preload
from beiantool.render import fonts
print(json.dumps({"registered": sorted(set(pdfmetrics.getRegisteredFontNames()) - before),
                  "parsed": fonts._ttf.cache_info().currsize}))
"""


def _warm_up(cache) -> dict:
    env = {**os.environ, "BEIANTOOL_CACHE_DIR": str(cache)}
    env.pop("BEIANTOOL_FONT", None)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_with_an_empty_cache_the_warm_up_parses_nothing_registers_nothing_and_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    assert _warm_up(cache) == {"registered": [], "parsed": 0}
    assert _files(cache) == []  # no entry, no temporary file: a killed fork server leaves nothing


def test_with_a_filled_cache_the_fonts_are_parsed_ahead_and_still_nothing_is_registered(tmp_path):
    from beiantool.render.fonts import KNOWN

    cache = tmp_path / "cache"
    env = {**os.environ, "BEIANTOOL_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", "from beiantool.render.fonts import find_font; find_font(None)"], env=env, check=True, timeout=120)
    stored = _files(cache)
    warm = _warm_up(cache)
    assert warm["registered"] == []
    if any(os.path.exists(p) for p in KNOWN):  # a machine with a known CJK font (CI installs one)
        assert warm["parsed"] >= 1
    assert _files(cache) == stored
