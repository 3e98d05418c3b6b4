"""Attachment files made on the fly for tests: images of a known size, PDFs, broken files."""

from __future__ import annotations

import io
import warnings
from pathlib import Path


def make(path: Path, spec: dict) -> Path:
    """Write the file a fixture describes: {image: [w, h], format: JPEG|PNG}, {pdf_pages: n},
    {encrypted_pdf: true}, {text: "..."}, {truncated: <spec>}, {size_mb: n}; hostile ones, small however
    large they claim to be: {png_bomb: [w, h]} (a 1-bit PNG), {cut_with_end: <spec>} (a JPEG cut in half with
    its end marker appended), {pdf_many: n} (n pages), {pdf_active: true} (JavaScript, actions, an embedded file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content(spec))
    return path


def content(spec: dict) -> bytes:
    if "image" in spec:
        from PIL import Image, ImageDraw

        w, h = spec["image"]
        image = Image.new("RGB", (w, h), (236, 240, 246))
        draw = ImageDraw.Draw(image)
        draw.rectangle([w // 20, h // 20, w - w // 20, h - h // 20], outline=(40, 60, 120), width=max(2, w // 200))
        draw.line([0, 0, w, h], fill=(200, 60, 60), width=max(2, w // 300))
        buffer = io.BytesIO()
        image.save(buffer, spec.get("format", "JPEG"))
        return buffer.getvalue()
    if "pdf_pages" in spec or "encrypted_pdf" in spec:
        from pypdf import PdfWriter

        writer = PdfWriter()
        for _ in range(spec.get("pdf_pages", 1)):
            writer.add_blank_page(595, 842)
        if spec.get("encrypted_pdf"):
            writer.encrypt("secret", algorithm="RC4-128")  # AES would need the cryptography package
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    if "png_bomb" in spec:
        return png_bomb(*spec["png_bomb"])
    if "cut_with_end" in spec:
        whole = content(spec["cut_with_end"])
        return whole[: len(whole) // 2] + b"\xff\xd9"
    if "pdf_many" in spec:
        return pdf_many(spec["pdf_many"])
    if "pdf_active" in spec:
        return pdf_active()
    if "pdf_flate_mb" in spec:
        return pdf_flate(spec["pdf_flate_mb"])
    if "truncated" in spec:
        whole = content(spec["truncated"])
        return whole[: len(whole) // 2]
    if "size_mb" in spec:
        return b"\0" * (spec["size_mb"] * 1024 * 1024)
    return spec.get("text", "这不是图片").encode("utf-8")


def _chunk(kind: bytes, body: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit white PNG of width×height: all-zero rows compress to almost nothing."""
    import struct
    import zlib

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def pdf_many(pages: int) -> bytes:
    """A PDF of ``pages`` empty pages, written directly (fast for tens of thousands)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % (3 + i) for i in range(pages)))]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


ACTIVE = ("/JavaScript", "/JS", "/AA", "/OpenAction", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/FileAttachment", "/SubmitForm")


def pdf_active() -> bytes:
    """One page carrying every kind of action a PDF can hold: an /OpenAction and /Names JavaScript, an
    embedded file, the page's /AA, a JavaScript link, a launch link and a file-attachment annotation."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    js = Dictionary(S=Name.JavaScript, JS=String("app.alert('x')"))
    stream = pdf.make_stream(b"secret", Type=Name.EmbeddedFile)
    spec = Dictionary(Type=Name.Filespec, F=String("x.exe"), EF=Dictionary(F=stream))
    pdf.Root.OpenAction = js
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), js])),
                                EmbeddedFiles=Dictionary(Names=Array([String("x.exe"), spec])))
    page = pdf.pages[0]
    page.obj.AA = Dictionary(O=js)
    rect = Array([0, 0, 100, 100])
    page.obj.Annots = pdf.make_indirect(Array([
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect, A=js),
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect, A=Dictionary(S=Name.Launch, F=String("calc.exe"))),
        Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=rect, FS=spec),
        Dictionary(Type=Name.Annot, Subtype=Name.Widget, Rect=rect, AA=Dictionary(K=js)),
    ]))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)  # the widget has no form: on purpose
        pdf.save(buffer)
    return buffer.getvalue()


def active_names(data: bytes) -> set[str]:
    """Which of ACTIVE a PDF still holds anywhere in its objects (keys, names and types)."""
    import pikepdf

    found = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            stack = [obj]
            seen = 0
            while stack and seen < 100_000:
                item = stack.pop()
                seen += 1
                if isinstance(item, pikepdf.Stream):
                    item = item.stream_dict
                if isinstance(item, pikepdf.Dictionary):
                    for key in item.keys():
                        if key in ACTIVE:
                            found.add(key)
                        value = item.get(key)
                        if isinstance(value, pikepdf.Name) and str(value) in ACTIVE:
                            found.add(str(value))
                        if not getattr(value, "is_indirect", False):
                            stack.append(value)
                elif isinstance(item, pikepdf.Array):
                    stack.extend(v for v in item if not getattr(v, "is_indirect", False))
    return found


def pdf_flate(megabytes: int) -> bytes:
    """One page whose content stream is a few KB compressed and ``megabytes`` MB decompressed."""
    import zlib

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    packer = zlib.compressobj(9)
    line = b"0 0 m 1 1 l S\n" * 75_000  # about 1 MB of drawing
    stream = pikepdf.Stream(pdf, b"".join(packer.compress(line) for _ in range(megabytes)) + packer.flush())
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    buffer = io.BytesIO()
    pdf.save(buffer, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buffer.getvalue()
