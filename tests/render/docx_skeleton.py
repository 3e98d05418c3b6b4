"""The blank documents beiantool's .docx writer starts from (templates/docx/blank*.docx), made with python-docx.

render/docx_writer.py writes the document body itself and copies every other part of the package from
these files, so python-docx is not needed to render. This builds them the way the writer once built each
document: python-docx's default template, A4 with 18 mm margins, 宋体 as the East Asian font of the
styles, zh-CN, and (the draft one) the red 草稿 header. The title is a placeholder the writer fills in.

    python -m tests.render.docx_skeleton    # rewrites templates/docx/blank.docx and blank-draft.docx
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

TITLE = "@@TITLE@@"
FOLDER = Path(__file__).resolve().parents[2] / "templates" / "docx"
STAMP = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)


def _fonts(element) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key, value in (("w:eastAsia", "宋体"), ("w:ascii", "Times New Roman"), ("w:hAnsi", "Times New Roman")):
        fonts.set(qn(key), value)


def build(draft: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from beiantool.render.zipfix import normalized_zip

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    for name in ("Normal", "Title", "Header", "Table Grid"):
        style = doc.styles[name]
        _fonts(style.element)
        if name == "Normal":
            style.font.size = Pt(10.5)
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
            style.element.get_or_add_rPr().append(lang)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = TITLE, "beiantool", "beiantool"
    props.created = props.modified = STAMP
    props.revision = 1
    if draft:
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run("草稿（未通过校验，不能提交）")
        _fonts(run._element)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(20), RGBColor(0xC0, 0x00, 0x00)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalized_zip(buffer.getvalue(), STAMP)


def names(draft: bool) -> str:
    return "blank-draft.docx" if draft else "blank.docx"


if __name__ == "__main__":
    for d in (False, True):
        (FOLDER / names(d)).write_bytes(build(d))
        print(FOLDER / names(d))
