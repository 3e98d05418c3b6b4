"""An attached PDF's pages in 打印合订本.pdf (pikepdf, imported only for a packet that attaches a PDF).

Each attached page comes without what could act instead of print: JavaScript, automatic and other
actions (but a jump within the page), launch links, embedded files and media (scrub); the manifest
and a screen line say what was removed. The bundle is drawn first (bundle_draw) with, in each attached
page's place, a placeholder of its size holding its caption, mark and page number; here the attached
page takes the placeholder's place with the placeholder laid over it. Streams are copied as they are,
never decoded (a compressed bomb stays small); pdfstreams gives them their stored form before the save.
"""

from __future__ import annotations

import io
import warnings

from beiantool.render.pdfstreams import stored
from beiantool.render.scrub import scrub


def open_pages(data: bytes, removed: set, sources: list) -> list[tuple[object, float, float]]:
    """The pages of an attached PDF (from the bytes validation read), each scrubbed, with its width and height;
    ``removed`` collects what was taken out; the opened PDF joins ``sources`` (open until the bundle is saved)."""
    import pikepdf

    source = pikepdf.open(io.BytesIO(data))
    sources.append(source)
    seen: set = set()  # objects the pages share are looked through once
    pages = []
    for page in source.pages:
        removed |= scrub(page.obj, seen)  # the in-memory copy of the file's bytes, never the file
        box = page.mediabox
        pages.append((page, float(box[2]) - float(box[0]), float(box[3]) - float(box[1])))
    return pages


def merge(drawn: bytes, slots: list, marks: list[tuple[str, int]], title: str) -> bytes:
    """The drawn bundle with each attached page in its placeholder's place, the placeholder laid over it;
    the bookmarks (``marks``: title, page index) and the document's information; the bytes to write."""
    import pikepdf

    out = pikepdf.open(io.BytesIO(drawn))
    for index, slot in enumerate(slots):
        if slot[0] != "attached":
            continue
        over = out.pages[index].as_form_xobject()  # caption, mark, page number, in the bundle's own fonts
        out.pages[index] = slot[1]
        _overlay_on(out.pages[index], "BtCaption", over)
    with out.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(name, page) for name, page in marks)
    out.docinfo["/Title"] = title
    out.docinfo["/Author"] = out.docinfo["/Creator"] = out.docinfo["/Producer"] = "beiantool"
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # an attached form's fields print as drawn, without their form
        stored(out)  # each stream in its stored form: the save re-encodes nothing, decodes nothing of an attached file
        out.save(buffer, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    out.close()
    return buffer.getvalue()


def _overlay_on(page, name: str, formx) -> None:
    """pikepdf's Page.add_overlay with a fixed resource name (its own is random: the same packet must give the same bytes)."""
    from pikepdf import Name, Rectangle

    placed = page.add_resource(formx, Name.XObject, name=Name("/" + name))
    cs = page.calc_form_xobject_placement(formx, placed, Rectangle(page.trimbox), allow_shrink=True, allow_expand=True)
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n", prepend=False)
    page.contents_add(cs, prepend=False)  # not coalesced: that would decode an attached page's streams
