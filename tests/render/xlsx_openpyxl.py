"""A render.xlsxlib Book written by openpyxl, as render wrote it before render/xlsxwrite.py: the reference the
tests hold xlsxwrite's bytes to, and the way to read a workbook back into the same terms."""

from __future__ import annotations

import io

from beiantool.render.xlsxlib import Book, Style


def _font(font):
    from openpyxl.styles import Font

    if font.color:
        return Font(name=font.name, size=font.size, bold=font.bold or None, color=font.color)
    return Font(name=font.name, size=font.size, bold=font.bold or None)


def _look(cell, style: Style) -> None:
    from openpyxl.styles import Alignment, Border, Side

    if style.font is not None:
        cell.font = _font(style.font)
    if style.border:
        thin = Side(style="thin")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if style.align is not None:
        a = style.align
        cell.alignment = Alignment(horizontal=a.horizontal or None, vertical=a.vertical or None, wrap_text=a.wrap or None)


def workbook(book: Book):
    """The openpyxl Workbook of ``book``: cells made and styled row by row, every string text."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "beiantool"
    for sheet in book.sheets:
        ws = wb.create_sheet(sheet.title)
        for r, (values, looks) in enumerate(zip(sheet.values, sheet.styles), 1):
            for c, (value, look) in enumerate(zip(values, looks), 1):
                cell = ws.cell(r, c)
                if value is not None:
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"  # never a formula or an error value
                _look(cell, look)
        for r1, c1, r2, c2 in sheet.merged:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for i, width in enumerate(sheet.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        for r, height in sheet.heights.items():
            ws.row_dimensions[r].height = height
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if sheet.print_title:
            ws.print_title_rows = f"{sheet.print_title}:{sheet.print_title}"
        if sheet.centered:
            ws.print_options.horizontalCentered = True
        ws.page_margins.left, ws.page_margins.right = sheet.margins
        if sheet.header:
            ws.oddHeader.center.text, ws.oddHeader.center.color = sheet.header
    return wb


def saved(book: Book, stamp) -> bytes:
    """``book`` saved by openpyxl, dated ``stamp`` as render dates its files."""
    from beiantool.render.zipfix import normalized_zip

    wb = workbook(book)
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalized_zip(buffer.getvalue(), stamp)


def read_back(data: bytes) -> list[dict]:
    """Each sheet of an .xlsx as openpyxl reads it: every cell's value, type and look, the columns' widths, the rows'
    heights, the merged ranges, the print setup."""
    from openpyxl import load_workbook

    out = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                f, b, a = c.font, c.border, c.alignment
                cells[c.coordinate] = (c.value, c.data_type, f.name, f.sz, bool(f.b), f.color.rgb if f.color is not None and f.color.type == "rgb" else None,
                                       tuple(getattr(b, side).style for side in ("left", "right", "top", "bottom")),
                                       a.horizontal, a.vertical, bool(a.wrap_text), c.number_format,
                                       c.fill.fgColor.rgb if c.fill.fill_type else None)
        out.append({
            "title": ws.title, "cells": cells, "dimension": ws.dimensions,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height is not None},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges), "freeze": ws.freeze_panes,
            "print": (ws.print_title_rows, int(ws.page_setup.paperSize), ws.page_setup.orientation, ws.page_setup.fitToWidth,
                      ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_options.horizontalCentered,
                      ws.page_margins.left, ws.page_margins.right, ws.oddHeader.center.text, ws.oddHeader.center.color),
            "validations": len(ws.data_validations.dataValidation),
        })
    return out
