"""openpyxl, loaded without numpy and Pillow: it imports both only to accept numpy numbers and images in cells,
which beiantool never gives it, and numpy alone is ~40% of openpyxl's import time (~100 ms of a cold render).

While openpyxl loads, numpy and PIL (when not loaded already) are entered in sys.modules as None, so its
``try: import numpy`` fails as if they were not installed; the entries are removed afterwards, so anything
importing them later gets the real modules. A process imports openpyxl once; beiantool's render is one thread.
"""

from __future__ import annotations

import sys

_HIDDEN = ("numpy", "PIL")


def append_text(ws, row: list) -> None:
    """Append ``row`` to worksheet ``ws`` as written: openpyxl takes a string starting with "=" for a formula and
    "#N/A", "#REF!"… for an error value; text from a packet, a list or a file name is never either."""
    ws.append(row)
    if any(isinstance(v, str) and v[:1] in ("=", "#") for v in row):
        for cell in ws[ws.max_row]:
            if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                cell.data_type = "s"


def load() -> None:
    """Import openpyxl (and the parts the writers use) once, without numpy and Pillow."""
    if "openpyxl" in sys.modules:
        return
    hidden = [name for name in _HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import openpyxl  # noqa: F401
        import openpyxl.styles  # noqa: F401
        import openpyxl.utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


class _Parts:
    """Stands in for the ZipFile openpyxl's ExcelWriter writes to: keeps each part, in order, as bytes."""

    def __init__(self):
        self.entries: list[tuple[str, bytes]] = []

    def writestr(self, name, data) -> None:
        self.entries.append((str(name), data.encode("utf-8") if isinstance(data, str) else bytes(data)))

    def write(self, filename, arcname) -> None:
        with open(filename, "rb") as f:
            self.writestr(arcname, f.read())

    def namelist(self) -> list[str]:
        return [name for name, _ in self.entries]

    def close(self) -> None:
        pass


_WRITER = None


def _writer_class():
    """openpyxl's ExcelWriter, writing each worksheet to memory (openpyxl writes it to a temporary file first)."""
    global _WRITER
    if _WRITER is None:
        import io

        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
        from openpyxl.worksheet._writer import WorksheetWriter
        from openpyxl.writer.excel import ExcelWriter

        class MemoryWriter(ExcelWriter):
            def write_worksheet(self, ws):
                if self.workbook.write_only:
                    return super().write_worksheet(ws)
                ws._drawing = SpreadsheetDrawing()  # as ExcelWriter.write_worksheet does
                ws._drawing.charts = ws._charts
                ws._drawing.images = ws._images
                out = io.BytesIO()
                writer = WorksheetWriter(ws, out)
                writer.write()
                ws._rels = writer._rels
                self._archive.writestr(ws.path[1:], out.getvalue())
                self.manifest.append(ws)

        _WRITER = MemoryWriter
    return _WRITER


def parts(wb) -> list[tuple[str, bytes]]:
    """The parts ``wb.save`` would write, in its order, as (name, bytes): no temporary files, nothing deflated."""
    import datetime

    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)  # as openpyxl's save does
    archive = _Parts()
    _writer_class()(wb, archive).save()
    return archive.entries


def xlsx(entries: list[tuple[str, bytes]], stamp) -> bytes:
    """The workbook's zip, every entry and the document's own dates at ``stamp``: what normalized_zip(wb.save()) gives."""
    from beiantool.render.zipfix import build_zip, stamp_core

    return build_zip([(n, stamp_core(d, stamp) if n == "docProps/core.xml" else d) for n, d in entries], stamp)
