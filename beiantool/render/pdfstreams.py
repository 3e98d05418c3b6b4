"""The streams of the print bundle, put in their stored form before pikepdf saves it without re-encoding.

qpdf's compress_streams re-encodes, on saving, every stream it would store differently: it takes the
ASCII85 armour off Flate streams (reportlab's pages, an attached PDF's) and Flate-compresses streams
stored with no filter (the overlays, an attached PDF's). Done by qpdf this costs tens of milliseconds a
bundle, for a few kilobytes of pages; :func:`stored` does the same before a save with compress_streams
off: the armour taken off (the Flate bytes as they are, never inflated), filterless streams compressed.
"""

from __future__ import annotations

import base64
import zlib


def stored(pdf) -> None:
    from pikepdf import Array, Name, Stream

    for obj in pdf.objects:
        if not isinstance(obj, Stream):
            continue
        filters = obj.get("/Filter")
        if filters is None:
            obj.write(zlib.compress(obj.read_raw_bytes()), filter=Name.FlateDecode)
        elif (isinstance(filters, Array) and len(filters) == 2 and filters[0] == Name.ASCII85Decode and filters[1] == Name.FlateDecode
              and "/DecodeParms" not in obj):
            try:
                flate = base64.a85decode(obj.read_raw_bytes(), adobe=True)
            except ValueError:  # not well-formed ASCII85 (an attached file's): stored as it came
                continue
            obj.write(flate, filter=Name.FlateDecode)
        elif isinstance(filters, Array) and len(filters) == 1 and filters[0] == Name.FlateDecode and "/DecodeParms" not in obj:
            obj.Filter = Name.FlateDecode  # as qpdf writes a lone filter


def own(pdf) -> None:
    """The same for a PDF beiantool drew (reportlab): its ASCII85 armour taken off by inflating (in qpdf, fast)
    and deflating again, which gives back reportlab's very Flate bytes (both are zlib at its default level).
    Never for an attached file: its streams are not inflated (see :func:`stored`)."""
    from pikepdf import Array, Name, Stream

    for obj in pdf.objects:
        if isinstance(obj, Stream) and "/DecodeParms" not in obj:
            filters = obj.get("/Filter")
            if isinstance(filters, Array) and len(filters) == 2 and filters[0] == Name.ASCII85Decode and filters[1] == Name.FlateDecode:
                obj.write(zlib.compress(obj.read_bytes()), filter=Name.FlateDecode)
