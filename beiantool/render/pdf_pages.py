"""A document laid out and drawn with reportlab, its pages recorded, saved later.

Each page's drawing operators are recorded before its stamp (the copy's mark, 第 n 页, the draft
watermark): a further copy repeats them with its own stamp, and the print bundle replays every page
of the packet onto its own canvas. With a packet's fonts (fontshare.PacketFonts) every document
encodes its text against the same subsets, so a recorded page means the same in any of them; the
documents are saved only once every one of them has been drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

MARGIN = 16 * mm


@dataclass
class Page:
    """One drawn page: its operators before the stamp, the graphics states they name, and its stamp."""

    code: list[str]
    gstates: dict
    number: int
    mark: Optional[str]


@dataclass(eq=False)
class Laid:
    """A document drawn but not yet saved: ``save()`` writes it to ``path``."""

    path: Path
    canvas: object
    pages: list[Page]
    font: str
    draft: bool

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def save(self) -> int:
        self.canvas.save()
        return len(self.pages)


def stamp(canvas, font: str, draft: bool, page: int, mark: Optional[str]) -> None:
    """After a page's flowables: the copy's mark, the page number, the draft watermark."""
    canvas.saveState()
    if mark:
        canvas.setFont(font, 9)
        canvas.drawRightString(A4[0] - MARGIN, A4[1] - 11 * mm, mark)
    canvas.setFont(font, 8)
    canvas.drawCentredString(A4[0] / 2, 9 * mm, f"第 {page} 页")
    if draft:
        canvas.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.35))
        canvas.setFont(font, 110)
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -40, "草稿")
    canvas.restoreState()


def replay(canvas, page: Page, font: str, draft: bool) -> None:
    """Draw a recorded page on ``canvas``'s current page (a fresh one: every page starts from the initial graphics state)."""
    canvas._extgstate._c.update(page.gstates)  # the names the recorded operators use mean the same states here
    canvas._code.extend(page.code)
    stamp(canvas, font, draft, page.number, page.mark)


def lay_out(path: Path, documents: list[tuple[list, Optional[str]]], repeats: list[Optional[str]], font: str, draft: bool,
            title: str, fonts=None) -> Laid:
    """documents: (flowables, copy mark) per part, each starting on a new page; ``repeats``: the marks of further copies
    of the whole, each a repeat of its pages; ``fonts``: the packet's PacketFonts (None: this document's own subsets)."""
    current: dict[str, Optional[str]] = {"mark": None}  # the copy being drawn, set as each copy starts
    story: list = []
    for i, (flowables, mark) in enumerate(documents):
        if i:
            story.append(PageBreak())
        story.append(_MarkSetter(mark, current))
        story.extend(flowables)
    drawn: list[Page] = []

    def on_page_end(canvas, doc):
        if canvas._formsinuse or canvas._annotationrefs:  # named per document: a replay elsewhere would lose them
            raise RuntimeError("a page with form XObjects or annotations cannot be recorded")
        drawn.append(Page(list(canvas._code), dict(canvas._extgstate._c), doc.page, current["mark"]))
        stamp(canvas, font, draft, doc.page, current["mark"])

    doc = BaseDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        invariant=1, title=title, author="beiantool", creator="beiantool", subject=title,
    )
    frame = Frame(MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end)])
    doc._doSave = 0  # reportlab's switch: build lays out and draws; saved by Laid.save, after the repeats
    if fonts is not None:
        doc.build(story, canvasmaker=fonts.canvas)
    else:
        doc.build(story)
    canvas, number = doc.canv, doc.page
    first = list(drawn)
    for mark in repeats:  # every page starts from a fresh graphics state, so a page's operators stand alone
        for page in first:
            number += 1
            again = Page(page.code, page.gstates, number, mark)
            replay(canvas, again, font, draft)
            drawn.append(again)
            canvas.showPage()
    return Laid(path, canvas, drawn, font, draft)


class _MarkSetter(Flowable):
    """Zero-size flowable recording which copy mark the following pages carry."""

    def __init__(self, mark, current):
        super().__init__()
        self.mark, self.current = mark, current

    def wrap(self, *_):
        return 0, 0

    def draw(self):
        self.current["mark"] = self.mark

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        self.canv = canvas
        self.draw()
