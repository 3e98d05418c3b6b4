"""What 打印合订本.pdf draws with reportlab: the parts' pages replayed, the attachments' images and captions, page numbers, bookmarks.

One canvas for the whole bundle, using the packet's fonts (fontshare): one font program per subset. The
parts' pages are their recorded operators (pdf_pages) drawn again; an image attachment is placed on A4 at no
more than it can print legibly, with a caption and whose it is; an attached PDF's page is drawn here as a
placeholder of its size holding only its caption, mark and page number, which bundle_attach lays over the
real page (pikepdf, only for a packet that attaches a PDF). Each page ends with "合订本　第 x 页 共 y 页".
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from beiantool.packet import attachments as att

MARK_TEXT = "仅供公安联网备案使用，他用无效"
MARGIN = 15 * mm
CAPTION = 10 * mm  # room above an attachment for its caption
LABEL = 6 * mm  # room above each image for whose it is


def draw(slots: list, marks: list[tuple[str, int]], font: str, fonts, title: str, outline: bool) -> bytes:
    """The bundle's pages, one per slot: ("part", pdf_pages.Page, its Laid), ("drawn", draw(canvas, w, h), caption)
    or ("attached", page, w, h, caption, marked); ``marks``: (bookmark, first slot), drawn as the outline when ``outline``."""
    from reportlab import rl_config

    from beiantool.render.pdf_pages import replay

    buffer = io.BytesIO()
    armour, rl_config.useA85 = rl_config.useA85, 0  # streams stored as Flate alone (reportlab reads this as it draws and saves)
    try:
        c = fonts.canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setSubject(title)
        c.setAuthor("beiantool")
        c.setCreator("beiantool")
        c.setProducer("beiantool")
        starts: dict[int, list[str]] = {}
        for title_, start in marks:
            starts.setdefault(start, []).append(title_)
        total = len(slots)
        for n, slot in enumerate(slots):
            w, h = (slot[2], slot[3]) if slot[0] == "attached" else A4
            if tuple(c._pagesize) != (w, h):
                c.setPageSize((w, h))
            c.saveState()
            if slot[0] == "part":
                replay(c, slot[1], slot[2].font, slot[2].draft)
            elif slot[0] == "drawn":
                caption(c, slot[2], MARGIN, h - MARGIN, w - 2 * MARGIN, font, 9.5)
                slot[1](c, w, h)
            else:
                c.setFillColor(colors.Color(0.1, 0.1, 0.1))
                caption(c, slot[4], 8 * mm, h - 6 * mm, w - 16 * mm, font, 8.5)
                if slot[5]:
                    mark(c, 0, 0, w, h, font)
            c.restoreState()
            c.setFont(font, 8)
            c.drawRightString(w - 10 * mm, 4.5 * mm, f"合订本　第 {n + 1} 页 共 {total} 页")
            if outline:
                for i, name in enumerate(starts.get(n, ())):
                    key = f"part{n}-{i}"
                    c.bookmarkPage(key)
                    c.addOutlineEntry(name, key, level=0)
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = armour
    return buffer.getvalue()


def is_image(info) -> bool:
    return info.usable and info.kind in ("jpeg", "png")


def _scale(px_w: int, px_h: int, box_w: float, box_h: float, card: bool) -> float:
    """Points per pixel: fit the box, never below 150 dpi, a card no wider than a real card."""
    scale = min(box_w / px_w, box_h / px_h, 72 / att.PRINT_DPI)
    return min(scale, att.CARD_WIDTH_MM * mm / px_w) if card else scale


def _height(info, width: float, card: bool) -> float:
    """How tall an image stands on the page at the size _images gives it."""
    px_w, px_h = info.pixels
    return px_h * _scale(px_w, px_h, width, A4[1], card)


def groups(entries: list, files, card: bool = False) -> list[list]:
    """Consecutive usable images that fit one A4 page together (an ID card's two sides); anything else alone."""
    width, room = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - CAPTION
    groups: list[list] = []
    used = 0.0
    for entry in entries:
        info = files.get(entry.file)
        if not is_image(info):
            groups.append([entry])
            used = room + 1  # nothing joins a PDF's page
            continue
        need = _height(info, width, card) + LABEL
        if groups and used + need <= room and is_image(files.get(groups[-1][-1].file)):
            groups[-1].append(entry)
            used += need
        else:
            groups.append([entry])
            used = need
    return groups


def images(c, w: float, h: float, group: list, files, data: dict, marked: bool, font: str, card: bool = False) -> None:
    """The images of a group one under another, each with a line saying whose it is and which file."""
    from reportlab.lib.utils import ImageReader

    y = h - MARGIN - CAPTION
    box_w, box_h = w - 2 * MARGIN, h - 2 * MARGIN - CAPTION
    for entry in group:
        info = files.get(entry.file)
        px_w, px_h = info.pixels
        scale = _scale(px_w, px_h, box_w, box_h - LABEL * len(group), card)
        iw, ih = px_w * scale, px_h * scale
        who = att.whose_label(entry.whose, data)
        c.setFont(font, 8)
        c.setFillColor(colors.Color(0.3, 0.3, 0.3))
        c.drawString(MARGIN, y - 3 * mm, (f"{who}　" if who else "") + f"文件：{entry.file}")
        y -= LABEL
        x = (w - iw) / 2
        c.drawImage(ImageReader(_printable(info, iw)), x, y - ih, iw, ih, preserveAspectRatio=True)
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        c.rect(x, y - ih, iw, ih, stroke=1, fill=0)
        if marked:
            mark(c, x, y - ih, iw, ih, font)
        y -= ih + 4 * mm


def _printable(info, width: float):
    """The image to draw ``width`` points wide: the validated bytes as they are, or, when they hold
    more than twice what prints at 300 dpi, decoded from them and reduced by a whole factor (to no
    less than 300 dpi), so that a huge scan costs the bundle no more than an ordinary one."""
    from PIL import Image

    need = max(1, round(width / 72 * 300))
    factor = info.pixels[0] // need
    if factor < 2:
        return io.BytesIO(info.data)
    with Image.open(io.BytesIO(info.data)) as image:
        if info.kind == "jpeg":
            image.draft(image.mode, (info.pixels[0] // factor, info.pixels[1] // factor))  # libjpeg scales while decoding
        image = image.convert("L" if image.mode in ("1", "L", "LA", "I", "I;16") else "RGB")
        step = max(1, image.size[0] // need)
        return image.reduce(step) if step > 1 else image


def caption(c, text: str, x: float, y: float, width: float, font: str, size: float) -> None:
    """The caption in at most two lines (a long item name wraps; beyond two lines it is cut with …)."""
    from reportlab.lib.utils import simpleSplit

    lines = simpleSplit(text, font, size, width)
    if len(lines) > 2:
        lines = [lines[0], lines[1][:-1] + "…"]
    c.setFont(font, size)
    for n, line in enumerate(lines):
        c.drawString(x, y - n * size * 1.3, line)


def mark(c, x: float, y: float, w: float, h: float, font: str) -> None:
    """仅供公安联网备案使用，他用无效, across the copy: lines at 30° over its whole area."""
    import math

    c.saveState()
    p = c.beginPath()
    p.rect(x, y, w, h)
    c.clipPath(p, stroke=0, fill=0)
    size = max(9.0, min(w, h) / 9)
    c.setFont(font, size)
    c.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.35))
    c.translate(x + w / 2, y + h / 2)
    c.rotate(30)
    span = math.hypot(w, h)
    step = size * 3.2
    n = int(span / step) + 1
    for i in range(-n, n + 1):
        c.drawCentredString(0, i * step, MARK_TEXT)
    c.restoreState()


def missing(c, w: float, h: float, name: str, why: str, font: str) -> None:
    c.setFont(font, 14)
    c.setFillColor(colors.Color(0.75, 0.1, 0.1))
    c.drawCentredString(w / 2, h / 2 + 10, f"附件“{name}”无法使用：{why}")
    c.setFont(font, 11)
    c.drawCentredString(w / 2, h / 2 - 12, "（草稿：正式材料中必须换成可用的文件）")


