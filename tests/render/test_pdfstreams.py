"""The bundle's streams in their stored form (render/pdfstreams.py), so that saving re-encodes nothing."""

from __future__ import annotations

import base64
import io
import zlib

import pikepdf
from pikepdf import Array, Name

from beiantool.render.pdfstreams import stored


def _pdf():
    pdf = pikepdf.new()
    page = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET\n" * 50
    plain = pikepdf.Stream(pdf, page)  # no filter
    armoured = pikepdf.Stream(pdf, b"")
    armoured.write(base64.a85encode(zlib.compress(page), adobe=True)[2:], filter=Array([Name.ASCII85Decode, Name.FlateDecode]), type_check=False)
    broken = pikepdf.Stream(pdf, b"")
    broken.write(b"not ascii85 at all {{{", filter=Array([Name.ASCII85Decode, Name.FlateDecode]), type_check=False)
    lone = pikepdf.Stream(pdf, b"")
    lone.write(zlib.compress(page), filter=Array([Name.FlateDecode]), type_check=False)
    jpeg = pikepdf.Stream(pdf, b"")
    jpeg.write(b"\xff\xd8 not decoded", filter=Name.DCTDecode, type_check=False)
    objs = {n: pdf.make_indirect(s) for n, s in
            {"plain": plain, "armoured": armoured, "broken": broken, "lone": lone, "jpeg": jpeg}.items()}
    pdf.Root.Kept = Array(list(objs.values()))  # reachable: saved
    return pdf, objs, page


def test_stored_forms():
    pdf, objs, page = _pdf()
    stored(pdf)
    assert objs["plain"].Filter == Name.FlateDecode and zlib.decompress(objs["plain"].read_raw_bytes()) == page
    # the armour comes off; the Flate bytes are the very bytes reportlab wrote (never inflated and deflated again)
    assert objs["armoured"].Filter == Name.FlateDecode and objs["armoured"].read_raw_bytes() == zlib.compress(page)
    assert objs["lone"].Filter == Name.FlateDecode and objs["lone"].read_bytes() == page
    assert objs["broken"].Filter == Array([Name.ASCII85Decode, Name.FlateDecode])  # left as it came
    assert objs["broken"].read_raw_bytes() == b"not ascii85 at all {{{"
    assert objs["jpeg"].Filter == Name.DCTDecode and objs["jpeg"].read_raw_bytes() == b"\xff\xd8 not decoded"
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    again = pikepdf.open(io.BytesIO(buffer.getvalue()))
    assert [o.read_bytes() for o in again.objects if isinstance(o, pikepdf.Stream) and o.get("/Filter") == Name.FlateDecode] == [page] * 3


def test_the_bundle_holds_no_armoured_or_uncompressed_stream(tmp_path):
    from beiantool.render import render_packet
    from tests.conftest import EXAMPLES

    render_packet(EXAMPLES / "attachments" / "baotou.yaml", tmp_path / "out", formats=("pdf",))
    bundle = pikepdf.open(tmp_path / "out" / "打印合订本.pdf")
    filters = [o.get("/Filter") for o in bundle.objects if isinstance(o, pikepdf.Stream)]
    assert filters and all(f is not None for f in filters)
    assert all(f == Name.FlateDecode or (isinstance(f, Array) and f[-1] == Name.DCTDecode) for f in filters), set(map(str, filters))
