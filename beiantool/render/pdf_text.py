"""A reportlab paragraph whose lines are placed by :mod:`beiantool.render.linebreak`.

reportlab's own CJK wrapping breaks anywhere, inside an ID number or an e-mail
address, and lets a line start with "，". :class:`Wrapped` measures its text
with the page's font when it learns its width, breaks it by the rules of
linebreak, and hands the lines to a Paragraph (which still splits across pages
between lines). With ``shrink``, a value too wide for one line is first made
smaller, down to linebreak.FLOOR, before it breaks.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from beiantool.render import linebreak

_EPSILON = 0.5  # points kept free on each line, so reportlab never wraps a line again


class Wrapped(Flowable):
    def __init__(self, text: str, style: ParagraphStyle, shrink: bool = False):
        super().__init__()
        self.text, self.style, self.shrink = text, style, shrink
        self._width = None
        self.para: Paragraph | None = None

    def _layout(self, avail: float) -> None:
        if self._width == avail and self.para is not None:
            return
        st = self.style
        size = st.fontSize
        room = avail - st.leftIndent - st.rightIndent - _EPSILON
        font = st.fontName
        if self.shrink and self.text.strip():
            widest = max(stringWidth(part, font, size) for part in self.text.split("\n"))
            if widest > room:
                smaller = size * room / widest
                if smaller >= linebreak.FLOOR:  # the whole value on one line, a little smaller
                    size = smaller
                else:  # too long for one line at any legible size: keep its longest identifier whole if we can
                    spans = linebreak.identifiers(self.text)
                    longest = max((stringWidth(self.text[a:b], font, size) for a, b in spans), default=0.0)
                    if longest > room:
                        # a number with no . @ / - of its own to break after (an ID number) may go a little smaller still
                        solid = any(stringWidth(self.text[a:b], font, size) == longest and not set(self.text[a:b]) & set(".@/-_:")
                                    for a, b in spans)
                        size = max(linebreak.SOLID_FLOOR if solid else linebreak.FLOOR, size * room / longest)
        measure = (lambda s: stringWidth(s, font, size))
        lines = linebreak.lines(self.text, room, measure, [room - st.firstLineIndent])
        if size != st.fontSize:
            st = ParagraphStyle(f"{st.name}-fit", parent=st, fontSize=size, leading=st.leading * size / st.fontSize)
        self.para = Paragraph("<br/>".join(escape(line) for line in lines), st)
        self._width = avail

    def wrap(self, avail_width, avail_height):
        self._layout(avail_width)
        self.width, self.height = self.para.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        return self.para.split(avail_width, avail_height)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        self.para.drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def minWidth(self):  # noqa: N802
        return 0
