"""A paragraph whose lines are placed by :mod:`beiantool.render.linebreak`, drawn line by line.

reportlab's own CJK wrapping breaks anywhere, inside an ID number or an e-mail
address, and lets a line start with "，". :class:`Wrapped` measures its text
with the page's font when it learns its width, breaks it by the rules of
linebreak and draws each line itself (left, centred or right, with the style's
indents, size and leading); across pages it splits between lines. With
``shrink``, a value too wide for one line is first made smaller, down to
linebreak.FLOOR, before it breaks.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from beiantool.render import linebreak


class Wrapped(Flowable):
    def __init__(self, text: str, style: ParagraphStyle, shrink: bool = False, lines=None, size=None, first: bool = True):
        super().__init__()
        self.text, self.style, self.shrink = text, style, shrink
        self._width = None
        self.lines: list[str] = lines or []
        self.size = size or style.fontSize
        self.first = first  # holds the paragraph's first line (its indent)
        if lines is not None:
            self._width = -1.0  # laid out already: a part of a split

    def _layout(self, avail: float) -> None:
        if self._width is not None and (self._width == avail or self._width < 0):
            return
        st = self.style
        size = st.fontSize
        room = avail - st.leftIndent - st.rightIndent
        font = st.fontName
        if self.shrink and self.text.strip():
            widest = max(stringWidth(part, font, size) for part in self.text.split("\n"))
            if widest > room:
                smaller = size * room / widest * 0.98  # a hair under: rounding never pushes it over
                if smaller >= linebreak.FLOOR:  # the whole value on one line, a little smaller
                    size = smaller
                else:  # too long for one line at any legible size: keep its longest identifier whole if we can
                    spans = linebreak.identifiers(self.text)
                    longest = max((stringWidth(self.text[a:b], font, size) for a, b in spans), default=0.0)
                    if longest > room:
                        # a number with no . @ / - of its own to break after (an ID number) may go a little smaller still
                        solid = any(stringWidth(self.text[a:b], font, size) == longest and not set(self.text[a:b]) & set(".@/-_:")
                                    for a, b in spans)
                        size = max(linebreak.SOLID_FLOOR if solid else linebreak.FLOOR, size * room / longest * 0.98)
        measure = (lambda s: stringWidth(s, font, size))
        indent = st.firstLineIndent if self.first else 0
        if "\n" not in self.text and measure(self.text) <= room - indent:
            self.lines = [self.text]  # one line: nothing to break
        else:
            balance = self.shrink or st.alignment == TA_CENTER  # a value or a label: two even lines; body text: full lines
            self.lines = linebreak.lines(self.text, room, measure, [room - indent], balance)
        self.size = size
        self._width = avail

    @property
    def leading(self) -> float:
        return self.style.leading * self.size / self.style.fontSize

    def wrap(self, avail_width, avail_height):
        self._layout(avail_width)
        self.width, self.height = avail_width, self.leading * len(self.lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self._layout(avail_width)
        fit = int(avail_height // self.leading)
        if fit >= len(self.lines):
            return [self]
        if fit < 2 or len(self.lines) - fit < 1:  # no lone first line at a page's foot
            return []
        head = Wrapped(self.text, self.style, self.shrink, self.lines[:fit], self.size, self.first)
        tail = Wrapped(self.text, self.style, self.shrink, self.lines[fit:], self.size, False)
        return [head, tail]

    def draw(self):
        st, canvas = self.style, self.canv
        canvas.setFont(st.fontName, self.size)
        canvas.setFillColor(st.textColor)
        y = self.height - self.size
        for n, line in enumerate(self.lines):
            indent = st.leftIndent + (st.firstLineIndent if self.first and n == 0 else 0)
            if st.alignment == TA_CENTER:
                x = st.leftIndent + (self.width - st.leftIndent - st.rightIndent - stringWidth(line, st.fontName, self.size)) / 2
            elif st.alignment == TA_RIGHT:
                x = self.width - st.rightIndent - stringWidth(line, st.fontName, self.size)
            else:
                x = indent
            canvas.drawString(x, y, line)
            y -= self.leading

    def getSpaceBefore(self):  # noqa: N802
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802
        return self.style.spaceAfter

    def minWidth(self):  # noqa: N802
        return 0
