"""One font state for every PDF of a packet: the same subsets, each font program made once.

reportlab gives each document its own assignment of characters to 256-glyph subsets (TTFont.state[doc])
and, when the document is saved, cuts and compresses a font program for each of its subsets: the same
CJK glyphs cut and compressed again for every PDF of a packet, most of a render's PDF time and ~85% of
every file's bytes. Here every document of a packet encodes its text against one assignment
(:class:`PacketFonts`), so a subset is the same in every file; its font program (and its ToUnicode map)
is made and compressed once for the packet and written into each file that uses it.

Every document draws all its text before any is saved (the assignment is frozen at the first save: a
character drawn after it would be an error, never a wrong glyph). Each document registers the packet's
fonts in one order, so the operators of a page name the same fonts in any document of the packet: the
print bundle replays the parts' pages as they were drawn.

A file embeds the subsets its own pages name (EMBED), each whole: a part is larger than with subsets of its
own (a subset holds the packet's glyphs, not only the part's), the bundle much smaller. Measured on the
examples (PDF only): parts 3.8 MB before, 6.3 MB with "used", 7.3 MB with "all"; bundles 3.8 MB before,
2.0 MB after; the CPU is the same either way (every program is made once).
"""

from __future__ import annotations

from typing import Optional

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

EMBED = "used"  # "used": the subsets a file's pages use; "all": every subset of the packet in every file


class SharedTTFont(TTFont):
    """reportlab's TTFont that takes part in a packet's shared state when a document has one (else reportlab's own)."""

    def addObjects(self, doc):  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        if not isinstance(state, _DocState):
            return super().addObjects(doc)
        state.packet._add_objects(self, doc, state)
        del self.state[doc]


class _DocState:
    """One document's view of the packet's state: its own internal name, the packet's assignment (reportlab
    reads and updates assignments, subsets, nextCode, frozen on the state it finds)."""

    namePrefix = "F"  # noqa: N815 - reportlab's name

    def __init__(self, core, packet: "PacketFonts"):
        self.core, self.packet, self.internalName = core, packet, None

    assignments = property(lambda self: self.core.assignments)
    subsets = property(lambda self: self.core.subsets)
    nextCode = property(lambda self: self.core.nextCode, lambda self, v: setattr(self.core, "nextCode", v))  # noqa: N815
    frozen = property(lambda self: self.core.frozen, lambda self, v: setattr(self.core, "frozen", v))


class PacketFonts:
    """The fonts of one packet's PDFs (registered reportlab names: the body font, the 黑体 face): one subset
    assignment, one font program per subset. Made per packet and dropped with it (never across packets)."""

    def __init__(self, names: list[str]):
        self.names = [n for n in dict.fromkeys(names) if n]
        self._cores: dict = {}
        self._programs: dict = {}  # (font, subset number, its characters, compressed?) -> (font file, its length, ToUnicode, widths, name)
        self._mapping: Optional[dict] = None  # the internal font names every document must have

    def canvas(self, *args, **kwargs):
        """A reportlab Canvas (same arguments) whose document uses the packet's fonts; also platypus's canvasmaker."""
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(*args, **kwargs)
        self.attach(canvas._doc)
        return canvas

    def attach(self, doc) -> None:
        """Give a new reportlab document the packet's state and the packet's internal font names (registered in one order)."""
        for name in self.names:
            font = pdfmetrics.getFont(name)
            if not font._dynamicFont:  # the CID fallback: not embedded, only named
                doc.getInternalFontName(name)
                continue
            if not isinstance(font, SharedTTFont):
                font.__class__ = SharedTTFont  # a TTFont registered elsewhere: the same object, with the hooks above
            core = self._cores.get(name)
            if core is None:
                core = self._cores[name] = TTFont.State(font._asciiReadable, font)
            state = font.state[doc] = _DocState(core, self)
            state.internalName = state.namePrefix + repr(len(doc.fontMapping) + 1)
            doc.fontMapping[name] = "/" + state.internalName
            doc.delayedFonts.append(font)
        mapping = {name: doc.fontMapping[name] for name in self.names}
        if self._mapping is None:
            self._mapping = mapping
        elif mapping != self._mapping:  # a page replayed into another document would name the wrong font
            raise RuntimeError(f"font names differ between documents of a packet: {mapping} != {self._mapping}")

    def _program(self, font, n: int, subset: list, compressed: bool):
        key = (font.fontName, n, tuple(subset), compressed)
        made = self._programs.get(key)
        if made is None:
            face = font.face
            base = (b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX))).decode("pdfdoc")
            program = face.makeSubset(subset)
            cmap = makeToUnicodeCMap(base, subset).encode("latin-1")
            made = (pdfdoc.PDFZCompress.encode(program) if compressed else program, len(program),
                    pdfdoc.PDFZCompress.encode(cmap) if compressed else cmap, [face.getCharWidth(c) for c in subset], base)
            self._programs[key] = made
        return made

    def _add_objects(self, font, doc, state: _DocState) -> None:
        """reportlab's TTFont.addObjects, with each subset's streams from the packet's memo."""
        state.frozen = 1
        face = font.face
        fonts = doc.idToObject["BasicFonts"].dict
        used = _used(doc, state.internalName)
        for n, subset in enumerate(state.subsets):
            if EMBED == "used" and n not in used:
                continue
            program, length, cmap, widths, base = self._program(font, n, subset, bool(doc.compression))
            internal = "%s+%d" % (state.internalName, n)
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = "Font %s subset %d" % (font.fontName, n)
            pdf_font.Name, pdf_font.BaseFont = internal, base
            pdf_font.FirstChar, pdf_font.LastChar = 0, len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray(widths)
            pdf_font.ToUnicode = doc.Reference(_stream(cmap, bool(doc.compression)), "toUnicodeCMap:" + base)
            font_file = _stream(program, bool(doc.compression))
            font_file.dictionary["Length1"] = length
            descriptor = pdfdoc.PDFDictionary({
                "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight, "Descent": face.descent,
                "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(face.bbox),
                "FontName": pdfdoc.PDFName(base), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
                "FontFile2": doc.Reference(font_file, "fontFile:%s(%s)" % (face.filename, base)), "MissingWidth": face.defaultWidth,
            })
            pdf_font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base)
            doc.Reference(pdf_font, internal)
            fonts[internal] = pdf_font


def _used(doc, internal: str) -> set[int]:
    """The subsets of the font named ``internal`` that the document's pages and forms select ("/F2+3 9 Tf"): what their
    operators name, whoever drew them (a page replayed from another document of the packet too)."""
    import re

    pattern = re.compile(re.escape(f"/{internal}+") + r"(\d+) ")
    used: set[int] = set()
    for obj in list(doc.Pages.pages) + [o for o in doc.idToObject.values() if isinstance(o, pdfdoc.PDFFormXObject)]:
        stream = obj.stream or ""
        stream = stream if isinstance(stream, str) else stream.decode("latin-1")
        used.update(int(n) for n in pattern.findall(stream))
    return used


def _stream(content: bytes, compressed: bool):
    """A stream holding ``content`` as it is stored (already compressed: reportlab applies no filter again)."""
    stream = pdfdoc.PDFStream()
    stream.content = content
    if compressed:
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return stream
