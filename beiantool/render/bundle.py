"""打印合订本.pdf: the whole packet as one stack, in the office's order, ready to print.

Every form copy, the letter, the checklist, then each attachment in the checklist's order
(as many copies as the item asks), images placed on A4 at no more than they can print
legibly (150 dpi) with a caption naming the item and whose document it is; "第 x 页 共 y 页"
at the foot of every page and one bookmark per document. Copies of ID cards (or of every
attachment, --mark-copies all) carry "仅供公安联网备案使用，他用无效" drawn across them in
the bundle only: the user's files are read, never written. pikepdf (qpdf) merges, reportlab draws.

Each attachment is embedded from the bytes validation checked (attachments.Snapshot), never
read again. An attached PDF's pages come without what could act instead of print: JavaScript,
automatic and other actions (but a jump within the page), launch links, embedded files and
media; the manifest and a screen line say what was removed. Streams are copied as they are,
never decoded (a compressed bomb stays small); pdfstreams gives them their stored form before the save.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from beiantool.packet import attachments as att
from beiantool.base.safeio import sha256
from beiantool.render.pdfstreams import own, stored
from beiantool.render.scrub import REMOVED, scrub

BUNDLE = "打印合订本.pdf"
MARK_TEXT = "仅供公安联网备案使用，他用无效"
MARGIN = 15 * mm
CAPTION = 10 * mm  # room above an attachment for its caption
LABEL = 6 * mm  # room above each image for whose it is


@dataclass
class Part:
    title: str  # the bookmark
    path: Path


@dataclass
class AttachmentUse:
    """One attached file as the bundle used it (for the manifest)."""

    item: str
    file: str
    whose: Optional[str]
    sha256: str
    pages: int
    marked: bool
    outside: Optional[str] = None  # where the file really is, when that is outside the packet's folder (A810)
    removed: tuple[str, ...] = ()  # what was taken out of an attached PDF's pages (JavaScript, actions, embedded files)

    def to_dict(self) -> dict:
        return {"item": self.item, "file": self.file, "whose": self.whose, "sha256": self.sha256, "pages": self.pages, "marked": self.marked,
                "outside_folder": self.outside, "removed": list(self.removed)}

    def notes(self) -> list[str]:
        """What the person rendering should know of this file (a screen line each)."""
        out = []
        if self.outside:
            out.append(f"附件“{self.file}”不在备案文件所在的目录里，放进合订本的是 {self.outside}（A810）。")
        if self.removed:
            out.append(f"附件“{self.file}”中的{'、'.join(self.removed)}已从打印合订本中去掉（合订本只用于打印；你的原文件没有改动）。")
        return out


def chosen_files(data: dict, ruleset):
    """(item, [Attached]) in the checklist's order, for the items this filer needs and hands over on
    paper (an item uploaded on the platform is not printed for the office)."""
    from beiantool.packet.conditions import holds

    files = att.listed(data)
    for item in ruleset.checklist:
        if item.online:
            continue
        mine = [f for f in files if f.item == item.id]
        if mine and holds(item.when, data) is not False:
            yield item, mine


def write(target: Path, parts: list[Part], data: dict, ruleset, folder: Optional[Path], font: str, mark: str, draft: bool,
          stamp_title: str, files=None) -> tuple[int, list[AttachmentUse]]:
    """``files``: the attachments.Snapshot validation read the attached files through (their bytes are embedded)."""
    import pikepdf

    files = _Capped(files if files is not None else att.Snapshot(folder), list(chosen_files(data, ruleset)))
    out = pikepdf.Pdf.new()
    opened: list = []  # sources stay open until the bundle is saved (pikepdf copies lazily)
    marks: list[tuple[str, int]] = []  # (bookmark, first page)
    for part in parts:
        marks.append((part.title, len(out.pages)))
        opened.append(pikepdf.open(part.path))
        own(opened[-1])
        out.pages.extend(opened[-1].pages)
    used: list[AttachmentUse] = []
    for item, entries in chosen_files(data, ruleset):
        marked = mark == "all" or (mark == "id" and att.is_card(item.name))
        for copy in range(max(1, item.copies)):
            suffix = f"　第{copy + 1}份" if item.copies > 1 else ""
            card = att.is_card(item.name)  # an ID card copy is printed at the card's own size, as a photocopy is
            for group in _groups(entries, files, card):
                start = len(out.pages)
                whos = "、".join(dict.fromkeys(w for w in (att.whose_label(e.whose, data) for e in group) if w))
                caption = f"附件：{item.name}" + (f"（{whos}）" if whos else "") + suffix
                removed: set[str] = set()
                if len(group) > 1 or _is_image(files.get(group[0].file)):
                    _append(out, opened, _page(lambda c, w, h, g=group: _images(c, w, h, g, files, data, marked, font, card), caption, font))
                    counts = {e: 1 for e in group}
                else:
                    counts = {group[0]: _add_file(out, opened, files.get(group[0].file), caption, group[0].file, font, marked, removed)}
                marks.append((f"{item.name}" + (f"（{whos}）" if whos else "") + suffix.replace("　", " "), start))
                if copy == 0:
                    for entry, pages in counts.items():
                        info = files.get(entry.file)
                        ok = info.usable
                        used.append(AttachmentUse(item.id, entry.file, entry.whose, info.sha256 if ok else "", pages if ok else 0, marked,
                                                  info.resolved if info.outside else None, tuple(r for r in REMOVED if r in removed)))
    _number_pages(out, opened, font)
    with out.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(title, page) for title, page in marks)
    out.docinfo["/Title"] = stamp_title
    out.docinfo["/Author"] = out.docinfo["/Creator"] = out.docinfo["/Producer"] = "beiantool"
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # an attached form's fields print as drawn, without their form
        stored(out)  # each stream in its stored form: the save re-encodes nothing, decodes nothing of an attached file
        out.save(buffer, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    target.write_bytes(buffer.getvalue())
    total = len(out.pages)
    for pdf in opened:
        pdf.close()
    return total, used


class _Capped:
    """The snapshot, but a file that would take the bundle past twice the validated totals (a draft may
    hold errors; an item may ask for copies) stands in as unusable: a notice page, never unbounded work."""

    PAGES, PIXELS = 2 * att.MAX_TOTAL_PAGES, 2 * att.MAX_TOTAL_PIXELS

    def __init__(self, files, chosen: list):
        self.files, self.over = files, set()
        pages = pixels = 0
        for item, entries in chosen:
            for entry in entries:
                info = files.get(entry.file)
                if info.usable:
                    pages += max(1, item.copies) * (info.pages or 0)
                    pixels += max(1, item.copies) * (info.pixels[0] * info.pixels[1] if info.pixels else 0)
                    if pages > self.PAGES or pixels > self.PIXELS:
                        self.over.add(entry.file)

    def get(self, name: str):
        import dataclasses

        info = self.files.get(name)
        if name not in self.over:
            return info
        return dataclasses.replace(info, fault="large", data=b"", sha256="",
                                   problem=f"附件合计超过合订本的上限（{self.PAGES} 页、{self.PIXELS // 1_000_000} 百万像素），未放入")


def _append(out, opened: list, content: bytes) -> None:
    import pikepdf

    opened.append(pikepdf.open(io.BytesIO(content)))
    own(opened[-1])
    out.pages.extend(opened[-1].pages)


def _add_file(out, opened: list, info, caption: str, name: str, font: str, marked: bool, removed: set) -> int:
    """Add one attached file's pages (from the bytes validation read); returns how many (0: it could
    not be used, a notice page stands in). ``removed`` collects what was taken out of its pages."""
    import pikepdf

    if not info.usable:  # only in a draft: render refuses such a packet otherwise
        _append(out, opened, _page(lambda c, w, h: _missing(c, w, h, name, info.problem or "不是图片或 PDF", font), caption, font))
        return 0
    source = pikepdf.open(io.BytesIO(info.data))  # a usable PDF: images go through _images
    opened.append(source)
    overlays: dict = {}  # one caption per page size, not one per page (a long PDF stays fast)
    seen: set = set()  # objects the pages share are looked through once
    for page in source.pages:
        box = page.mediabox
        w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        out.pages.append(page)
        removed |= scrub(out.pages[-1].obj, seen)  # the bundle's copy of the page, never the file
        if (w, h) not in overlays:
            over = pikepdf.open(io.BytesIO(_overlay(w, h, caption, font, marked)))
            own(over)
            opened.append(over)
            overlays[w, h] = over.pages[0].as_form_xobject()
        _overlay_on(out.pages[-1], None, "BtCaption", overlays[w, h])
    return len(source.pages)


def _is_image(info) -> bool:
    return info.usable and info.kind in ("jpeg", "png")


def _scale(px_w: int, px_h: int, box_w: float, box_h: float, card: bool) -> float:
    """Points per pixel: fit the box, never below 150 dpi, a card no wider than a real card."""
    scale = min(box_w / px_w, box_h / px_h, 72 / att.PRINT_DPI)
    return min(scale, att.CARD_WIDTH_MM * mm / px_w) if card else scale


def _height(info, width: float, card: bool) -> float:
    """How tall an image stands on the page at the size _images gives it."""
    px_w, px_h = info.pixels
    return px_h * _scale(px_w, px_h, width, A4[1], card)


def _groups(entries: list, files, card: bool = False) -> list[list]:
    """Consecutive usable images that fit one A4 page together (an ID card's two sides); anything else alone."""
    width, room = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN - CAPTION
    groups: list[list] = []
    used = 0.0
    for entry in entries:
        info = files.get(entry.file)
        if not _is_image(info):
            groups.append([entry])
            used = room + 1  # nothing joins a PDF's page
            continue
        need = _height(info, width, card) + LABEL
        if groups and used + need <= room and _is_image(files.get(groups[-1][-1].file)):
            groups[-1].append(entry)
            used += need
        else:
            groups.append([entry])
            used = need
    return groups


def _images(c, w: float, h: float, group: list, files, data: dict, marked: bool, font: str, card: bool = False) -> None:
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
            _mark(c, x, y - ih, iw, ih, font)
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


def _page(draw, caption: str, font: str) -> bytes:
    """An A4 page drawn by ``draw(canvas, width, height)``, with the caption at its top."""
    buffer = io.BytesIO()
    c = rl_canvas.Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    w, h = A4
    _caption(c, caption, MARGIN, h - MARGIN, w - 2 * MARGIN, font, 9.5)
    draw(c, w, h)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _caption(c, text: str, x: float, y: float, width: float, font: str, size: float) -> None:
    """The caption in at most two lines (a long item name wraps; beyond two lines it is cut with …)."""
    from reportlab.lib.utils import simpleSplit

    lines = simpleSplit(text, font, size, width)
    if len(lines) > 2:
        lines = [lines[0], lines[1][:-1] + "…"]
    c.setFont(font, size)
    for n, line in enumerate(lines):
        c.drawString(x, y - n * size * 1.3, line)


def _mark(c, x: float, y: float, w: float, h: float, font: str) -> None:
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


def _overlay(w: float, h: float, caption: str, font: str, marked: bool) -> bytes:
    buffer = io.BytesIO()
    c = rl_canvas.Canvas(buffer, pagesize=(w, h), invariant=1, pageCompression=1)
    c.setFillColor(colors.Color(0.1, 0.1, 0.1))
    _caption(c, caption, 8 * mm, h - 6 * mm, w - 16 * mm, font, 8.5)
    if marked:
        _mark(c, 0, 0, w, h, font)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _missing(c, w: float, h: float, name: str, why: str, font: str) -> None:
    c.setFont(font, 14)
    c.setFillColor(colors.Color(0.75, 0.1, 0.1))
    c.drawCentredString(w / 2, h / 2 + 10, f"附件“{name}”无法使用：{why}")
    c.setFont(font, 11)
    c.drawCentredString(w / 2, h / 2 - 12, "（草稿：正式材料中必须换成可用的文件）")


def _number_pages(out, opened: list, font: str) -> None:
    """第 x 页 共 y 页 at the bottom right of every page, whatever its size."""
    import pikepdf

    total = len(out.pages)
    buffer = io.BytesIO()
    c = rl_canvas.Canvas(buffer, invariant=1, pageCompression=1)
    for n, page in enumerate(out.pages, 1):
        box = page.mediabox
        w, h = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        c.setPageSize((w, h))
        c.setFont(font, 8)
        c.drawRightString(w - 10 * mm, 4.5 * mm, f"合订本　第 {n} 页 共 {total} 页")
        c.showPage()
    c.save()
    numbers = pikepdf.open(io.BytesIO(buffer.getvalue()))
    own(numbers)
    opened.append(numbers)
    for page, number in zip(out.pages, numbers.pages):
        _overlay_on(page, number, "BtPageNumber")


def _overlay_on(page, other, name: str, formx=None) -> None:
    """pikepdf's Page.add_overlay with a fixed resource name (its own is random: the same packet must give the same bytes);
    ``formx``: ``other`` already made a form XObject (shared by many pages)."""
    from pikepdf import Name, Rectangle

    formx = formx if formx is not None else other.as_form_xobject()
    placed = page.add_resource(formx, Name.XObject, name=Name("/" + name))
    cs = page.calc_form_xobject_placement(formx, placed, Rectangle(page.trimbox), allow_shrink=True, allow_expand=True)
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n", prepend=False)
    page.contents_add(cs, prepend=False)  # not coalesced: that would decode an attached page's streams
