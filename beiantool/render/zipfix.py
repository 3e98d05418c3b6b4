"""Same packet, same bytes: zip containers (docx, xlsx) written with fixed dates.

``build_zip`` writes the container itself, byte for byte what ``zipfile`` writes for entries dated
``stamp`` and deflated at the default level, but an entry may come already deflated (``Deflated``:
the docx writer copies the unchanging parts of its blank document without inflating them), and an
entry seen before in this process is not deflated again (the xlsx theme, styles and relations)."""

from __future__ import annotations

import datetime
import io
import re
import struct
import zipfile
import zlib
from typing import NamedTuple, Union

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
_VERSION = 20  # what zipfile writes for a deflated entry: "made by" and "needed to extract" 2.0
_ATTR = 0o644 << 16
_LIMIT = zipfile.ZIP64_LIMIT
_CACHE_LIMIT = 64  # deflated entries kept, by their content (the parts every document shares)


class Deflated(NamedTuple):
    """An entry's raw deflate stream, with the CRC-32 and length of what it inflates to."""

    data: bytes
    crc: int
    size: int


_deflated: dict[bytes, Deflated] = {}


def deflate(data: bytes) -> Deflated:
    """``data`` deflated as zipfile does it (level 6, raw stream); a part seen before in this process is reused."""
    done = _deflated.get(data)
    if done is None:
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        done = Deflated(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))
        if len(data) > 256:  # worth keeping: the small parts differ from document to document anyway
            if len(_deflated) >= _CACHE_LIMIT:
                _deflated.pop(next(iter(_deflated)))
            _deflated[data] = done
    return done


def stamp_core(data: bytes, stamp: datetime.datetime) -> bytes:
    """docProps/core.xml with its created and modified dates set to ``stamp`` (openpyxl sets 'modified' to now)."""
    return _CORE_DATES.sub(rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)


def build_zip(entries: list[tuple[str, Union[bytes, Deflated]]], stamp: datetime.datetime) -> bytes:
    """A zip of ``entries`` in order, every one dated ``stamp`` (the zip format can only date 1980–2107;
    the documents keep their own dates), deflated, mode 644, made on Unix: what ``zipfile`` writes."""
    year = min(max(stamp.year, 1980), 2107)
    dosdate, dostime = (year - 1980) << 9 | stamp.month << 5 | stamp.day, 0
    out, central = [], []
    offset = 0
    for name, content in entries:
        entry = content if isinstance(content, Deflated) else deflate(content)
        raw = name.encode("ascii", "replace")
        if not name.isascii() or entry.size * 1.05 > _LIMIT or offset + len(entry.data) > _LIMIT or len(entries) > 0xFFFF:
            return _with_zipfile(entries, stamp)  # UTF-8 names and zip64: never for our documents, zipfile's own way
        fields = (_VERSION, 0, 0, zipfile.ZIP_DEFLATED, dostime, dosdate, entry.crc, len(entry.data), entry.size, len(raw))
        out += [struct.pack("<4s2B4HL2L2H", b"PK\003\004", *fields, 0), raw, entry.data]
        central += [struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", _VERSION, 3, *fields, 0, 0, 0, 0, _ATTR, offset), raw]
        offset += 30 + len(raw) + len(entry.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(entries), len(entries), len(directory), offset, 0)
    return b"".join(out) + directory + end


def _with_zipfile(entries, stamp: datetime.datetime) -> bytes:
    date_time = (min(max(stamp.year, 1980), 2107), stamp.month, stamp.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _ATTR
            info.create_system = 3
            out.writestr(info, zlib.decompress(content.data, -15) if isinstance(content, Deflated) else content)
    return buffer.getvalue()


def normalized_zip(content: bytes, stamp: datetime.datetime) -> bytes:
    """A zip (docx/xlsx) rewritten with every entry dated ``stamp``, and the document's own
    created/modified dates too (openpyxl sets 'modified' to now while saving): same input, same bytes.
    Built in memory, so a full disk cannot leave a zip half-closed."""
    with zipfile.ZipFile(io.BytesIO(content)) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    return build_zip([(n, stamp_core(d, stamp) if n == "docProps/core.xml" else d) for n, d in entries], stamp)


def raw_entries(content: bytes, inflate: tuple[str, ...] = ()) -> tuple[list[tuple[str, Deflated]], dict[str, bytes]]:
    """A deflated zip's entries in order, each as its raw deflate stream (copied into another zip as it is),
    and the entries named in ``inflate`` inflated."""
    entries, texts = [], {}
    with zipfile.ZipFile(io.BytesIO(content)) as src:
        for info in src.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                raise ValueError(f"{info.filename}: not deflated")
            start = info.header_offset + 30 + sum(struct.unpack("<2H", content[info.header_offset + 26:info.header_offset + 30]))
            entries.append((info.filename, Deflated(content[start:start + info.compress_size], info.CRC, info.file_size)))
            if info.filename in inflate:
                texts[info.filename] = src.read(info.filename)
    return entries, texts
