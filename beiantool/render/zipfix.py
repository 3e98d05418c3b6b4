"""Same packet, same bytes: zip containers (docx, xlsx) rewritten with fixed dates."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalized_zip(content: bytes, stamp: datetime.datetime) -> bytes:
    """A zip (docx/xlsx) rewritten with every entry dated ``stamp``, and the document's own
    created/modified dates too (openpyxl sets 'modified' to now while saving): same input, same bytes.
    Built in memory, so a full disk cannot leave a zip half-closed."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(content)) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    entries = [(n, _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", d) if n == "docProps/core.xml" else d) for n, d in entries]
    # the zip format can only date entries 1980–2107; the documents keep their own dates
    date_time = (min(max(stamp.year, 1980), 2107), stamp.month, stamp.day, 0, 0, 0)
    out_buffer = io.BytesIO()
    with zipfile.ZipFile(out_buffer, "w") as out:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            out.writestr(info, data)
    return out_buffer.getvalue()
