"""The blank workbook beiantool's .xlsx writer starts from (templates/xlsx/blank.xlsx), made with openpyxl.

render/xlsxwrite.py writes the worksheets, the styles' fonts, borders and cell formats, the sheet list and the
document's dates itself and copies everything else from this file (the theme, the package relations,
docProps/app.xml, the frame of styles.xml, workbook.xml and [Content_Types].xml), so openpyxl is not needed to
render. It is openpyxl's new workbook as openpyxl saves it, its author beiantool, dated like every packet's files.

    python -m tests.render.xlsx_skeleton    # rewrites templates/xlsx/blank.xlsx
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

PATH = Path(__file__).resolve().parents[2] / "templates" / "xlsx" / "blank.xlsx"
STAMP = datetime.datetime(2000, 1, 1)


def build() -> bytes:
    from openpyxl import Workbook

    from beiantool.render.zipfix import normalized_zip

    wb = Workbook()
    wb.properties.creator = "beiantool"
    wb.properties.created = wb.properties.modified = STAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalized_zip(buffer.getvalue(), STAMP)


if __name__ == "__main__":
    PATH.write_bytes(build())
    print(PATH)
