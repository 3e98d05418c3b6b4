"""One font state for the PDFs of a packet (render/fontshare.py): each subset's font program made once per packet,
held once by the bundle, the bundle's pages the parts' pages; nothing drawn after the subsets are written."""

from __future__ import annotations

import hashlib
import json

import pikepdf
import pytest
from pypdf import PdfReader

from beiantool.render import render_packet
from beiantool.render.bundle import BUNDLE
from tests.conftest import EXAMPLES


@pytest.fixture()
def made(monkeypatch):
    """Counts the font programs reportlab cuts (TTFontFace.makeSubset, as fontcache's face class inherits it)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    calls = []
    real = TTFontFace.makeSubset

    def counted(self, subset):
        calls.append(tuple(subset))
        return real(self, subset)

    monkeypatch.setattr(TTFontFace, "makeSubset", counted)
    return calls


def _fonts(path) -> dict[str, bytes]:
    """{subset font name: its font program's stored bytes} of a PDF, one entry per FontFile2 it holds."""
    out = {}
    with pikepdf.open(path) as pdf:
        programs = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
                programs += 1
                out[str(obj.FontName)] = obj.FontFile2.read_raw_bytes()
        assert programs == len(out), "a subset's font program is in the file twice"
    return out


def _pdfs(folder):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [folder / f["path"] for f in manifest["files"] if f["format"] == "pdf"]


def test_each_subset_is_made_once_per_packet_and_shared_by_the_files(tmp_path, made):
    render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "out", formats=("pdf",))
    files = {p.name: _fonts(p) for p in _pdfs(tmp_path / "out")}
    union: dict[str, bytes] = {}
    for fonts in files.values():
        for name, program in fonts.items():
            assert union.setdefault(name, program) == program, f"{name} differs between files"
    assert len(made) == len(union) == len(set(made))  # one program per subset of the packet, each cut once
    assert sum(len(f) for f in files.values()) > 2 * len(union)  # the files share them (each used to cut its own)
    assert set(files[BUNDLE]) == set().union(*(f for n, f in files.items() if n not in (BUNDLE, "生成说明.pdf")))
    render_packet(EXAMPLES / "shaoxing.yaml", tmp_path / "again", formats=("pdf",))
    assert len(made) == 2 * len(union)  # a packet's memo is its own: nothing kept across packets


@pytest.mark.parametrize("packet", ["shaoxing.yaml", "attachments/baotou.yaml"])  # drawn alone; merged with an attached PDF
def test_the_bundle_holds_each_font_program_once(tmp_path, packet):
    render_packet(EXAMPLES / packet, tmp_path / "out", formats=("pdf",))
    programs = _fonts(tmp_path / "out" / BUNDLE)
    digests = [hashlib.sha256(p).hexdigest() for p in programs.values()]
    assert programs and len(set(digests)) == len(digests)
    with pikepdf.open(tmp_path / "out" / BUNDLE) as pdf:
        files = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["files"]
        assert len(pdf.pages) == next(f["pages"] for f in files if f["kind"] == "bundle")


def test_the_bundles_pages_are_the_parts_pages_with_their_number(tmp_path):
    render_packet(EXAMPLES / "attachments" / "baotou.yaml", tmp_path / "out", formats=("pdf",), draft=True)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    parts = [f["path"] for f in manifest["files"] if f["format"] == "pdf" and f["kind"] not in ("bundle", "remarks")]
    bundle = PdfReader(str(tmp_path / "out" / BUNDLE)).pages
    n = 0
    for part in parts:
        for page in PdfReader(str(tmp_path / "out" / part)).pages:
            text = page.extract_text()
            drawn = bundle[n].extract_text()
            assert "草稿" in text and drawn.startswith(text) and drawn[len(text):].strip() == f"合订本　第 {n + 1} 页 共 {len(bundle)} 页"
            n += 1
    assert n < len(bundle)  # the attachments follow


def test_text_drawn_after_a_save_is_refused_not_misprinted(tmp_path):
    """The subsets are written at the first save: a document drawing a new character after it would miss its glyph."""
    from reportlab.pdfbase.pdfdoc import PDFError

    from beiantool.render import pdf_writer
    from beiantool.render.fonts import find_font
    from beiantool.render.fontshare import PacketFonts

    font = find_font(None)
    if font.path is None:
        pytest.skip("no TrueType CJK font on this machine (the CID fallback embeds nothing)")
    fonts = PacketFonts([font.name])
    st = pdf_writer._styles(font.name)
    first = pdf_writer.lay_out(tmp_path / "a.pdf", [([pdf_writer._p("备案表", st["body"])], None)], font.name, False, "a", fonts)
    same = pdf_writer.lay_out(tmp_path / "b.pdf", [([pdf_writer._p("备案", st["body"])], None)], font.name, False, "b", fonts)
    first.save()
    same.save()  # drawn before the first save: its characters are in the subsets written
    with pytest.raises(PDFError, match="frozen"):
        pdf_writer.lay_out(tmp_path / "c.pdf", [([pdf_writer._p("责任书", st["body"])], None)], font.name, False, "c", fonts)
    assert _fonts(tmp_path / "a.pdf") == _fonts(tmp_path / "b.pdf")
