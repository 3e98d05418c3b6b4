"""打印合订本.pdf: the whole packet as one stack, in the office's order, ready to print.

Every form copy, the letter, the checklist, then each attachment in the checklist's order
(as many copies as the item asks), images placed on A4 at no more than they can print
legibly (150 dpi) with a caption naming the item and whose document it is; "第 x 页 共 y 页"
at the foot of every page and one bookmark per document. Copies of ID cards (or of every
attachment, --mark-copies all) carry "仅供公安联网备案使用，他用无效" drawn across them in
the bundle only: the user's files are read, never written.

reportlab draws the bundle on one canvas (bundle_draw): the parts' pages are replayed from what was
recorded as they were drawn, with the packet's fonts, so the bundle holds each font subset once. An
attached PDF's pages are merged by pikepdf (bundle_attach, imported only then), scrubbed of what
could act rather than print. Each attachment is embedded from the bytes validation checked
(attachments.Snapshot), never read again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from beiantool.packet import attachments as att
from beiantool.render import bundle_draw as draw
from beiantool.render.bundle_draw import MARK_TEXT  # noqa: F401 - the bundle's words, for the glyph check and the tests
from beiantool.render.scrub import REMOVED

BUNDLE = "打印合订本.pdf"


@dataclass
class Part:
    title: str  # the bookmark
    laid: object  # pdf_pages.Laid: the part's recorded pages


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
          stamp_title: str, files=None, fonts=None) -> tuple[int, list[AttachmentUse]]:
    """``files``: the attachments.Snapshot validation read the attached files through (their bytes are embedded);
    ``fonts``: the packet's fontshare.PacketFonts, which the parts were drawn with (None: the bundle's own)."""
    from beiantool.render.fontshare import PacketFonts

    files = _Capped(files if files is not None else att.Snapshot(folder), list(chosen_files(data, ruleset)))
    fonts = fonts if fonts is not None else PacketFonts([font])
    slots: list = []  # one per page: see bundle_draw.draw
    marks: list[tuple[str, int]] = []  # (bookmark, first page)
    for part in parts:
        marks.append((part.title, len(slots)))
        slots += [("part", page, part.laid) for page in part.laid.pages]
    sources: list = []  # attached PDFs, open until the bundle is saved
    used: list[AttachmentUse] = []
    for item, entries in chosen_files(data, ruleset):
        marked = mark == "all" or (mark == "id" and att.is_card(item.name))
        for copy in range(max(1, item.copies)):
            suffix = f"　第{copy + 1}份" if item.copies > 1 else ""
            card = att.is_card(item.name)  # an ID card copy is printed at the card's own size, as a photocopy is
            for group in draw.groups(entries, files, card):
                start = len(slots)
                whos = "、".join(dict.fromkeys(w for w in (att.whose_label(e.whose, data) for e in group) if w))
                caption = f"附件：{item.name}" + (f"（{whos}）" if whos else "") + suffix
                removed: set[str] = set()
                first = files.get(group[0].file)
                if len(group) > 1 or draw.is_image(first):
                    slots.append(("drawn", lambda c, w, h, g=group, m=marked, k=card: draw.images(c, w, h, g, files, data, m, font, k), caption))
                    counts = {e: 1 for e in group}
                elif not first.usable:  # only in a draft: render refuses such a packet otherwise
                    why = first.problem or "不是图片或 PDF"
                    slots.append(("drawn", lambda c, w, h, n=group[0].file, y=why: draw.missing(c, w, h, n, y, font), caption))
                    counts = {group[0]: 0}
                else:
                    from beiantool.render import bundle_attach

                    pages = bundle_attach.open_pages(first.data, removed, sources)
                    slots += [("attached", page, w, h, caption, marked) for page, w, h in pages]
                    counts = {group[0]: len(pages)}
                marks.append((f"{item.name}" + (f"（{whos}）" if whos else "") + suffix.replace("　", " "), start))
                if copy == 0:
                    for entry, pages in counts.items():
                        info = files.get(entry.file)
                        ok = info.usable
                        used.append(AttachmentUse(item.id, entry.file, entry.whose, info.sha256 if ok else "", pages if ok else 0, marked,
                                                  info.resolved if info.outside else None, tuple(r for r in REMOVED if r in removed)))
    try:
        content = draw.draw(slots, marks, font, fonts, stamp_title, outline=not sources)
        if sources:
            from beiantool.render import bundle_attach

            content = bundle_attach.merge(content, slots, marks, stamp_title)
    finally:
        for pdf in sources:
            pdf.close()
    target.write_bytes(content)
    return len(slots), used


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
