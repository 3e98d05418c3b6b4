"""The streams of the print bundle, put in their stored form before pikepdf saves it without re-encoding.

qpdf's compress_streams re-encodes, on saving, every stream it would store differently: it takes the
ASCII85 armour off Flate streams (an attached PDF's) and Flate-compresses streams stored with no filter
(an attached PDF's; the drawn bundle's are stored as Flate alone, without armour). Done by qpdf this costs tens of milliseconds a
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
