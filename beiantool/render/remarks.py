"""生成说明: everything beiantool has to say about the documents it made, on one separate sheet.

The forms, letters and notices a filer signs or seals carry only the source's text
and the filer's data. What the tool did to them — a layout rebuilt from a fill-in
example, cells it inferred, options it borrowed, a letter it drafted, words it
changed in a verbatim text, a value the form had no box for — is a :class:`Remark`:
printed here (not in the print bundle), listed in the manifest and on the screen,
and the checklist names the documents that are beiantool's drafting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SHEET = "生成说明.pdf"
TITLE = "生成说明（beiantool 对本套材料的说明，不用打印提交）"


@dataclass(frozen=True)
class Remark:
    document: str  # 《title》 and which website, as the filer sees the file
    text: str
    drafting: bool = False  # the layout or text is beiantool's reconstruction or drafting

    def to_dict(self) -> dict:
        return {"document": self.document, "text": self.text, "drafting": self.drafting}


def of_documents(forms, letter) -> list[Remark]:
    """The remarks of a packet's forms (their layouts' remarks, the choices a form forced) and its letter."""
    out: list[Remark] = []
    seen: set[tuple[str, str]] = set()

    def add(document: str, text: str, drafting: bool) -> None:
        if (document, text) not in seen:
            seen.add((document, text))
            out.append(Remark(document, text, drafting))

    for form in forms:
        name = f"《{form.title}》"
        for text in form.remarks:
            add(name, text, True)
        for row in form.rows:
            for index, cell in enumerate(row):
                label = next((c.text.split("（其余")[0] for c in reversed(row[:index]) if c.kind == "label"), "")
                for made in cell.choices_made:
                    add(name, f"{label}：{made}。", False)
    if letter is not None:
        for text in letter.remarks:
            add(f"《{letter.title}》", text, letter.generated is not None)
    return out


def drafted(remarks: list[Remark]) -> list[str]:
    """The documents whose layout or text is beiantool's work, in order."""
    return list(dict.fromkeys(r.document for r in remarks if r.drafting))


def checklist_note(remarks: list[Remark], sheet: bool = True) -> str:
    """The checklist's line on the documents beiantool rebuilt or drafted; ``sheet``: 生成说明.pdf is written
    (a render with PDF) — else the line points to what render printed."""
    names = drafted(remarks)
    if not names:
        return ""
    where = f"本目录的{SHEET}（不用提交）" if sheet else f"生成时屏幕上的“生成说明”（生成 PDF 时另存为{SHEET}）"
    return (f"{'、'.join(names)}的版式或文字有 beiantool 复原、推定或拟写的部分（不是来源的原样），"
            f"逐项说明见{where}；受理机关有自己的表格或文本时，以其为准。")


def write(path: Path, remarks: list[Remark], font: str, draft: bool) -> int:
    return lay_out(path, remarks, font, draft).save()


def lay_out(path: Path, remarks: list[Remark], font: str, draft: bool, fonts=None):
    """生成说明.pdf drawn, not yet saved (pdf_pages.Laid); ``fonts``: the packet's shared fonts."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from beiantool.render import pdf_writer as w

    st = w._styles(font)
    story = [w._p(TITLE, st["title"]),
             w._p("下面是 beiantool 对生成的各份材料的说明。这些话不印在要签字、盖章的材料上；提交材料时不用带这一页。", st["plain"]),
             Spacer(1, 3 * mm)]
    current = None
    for remark in remarks:
        if remark.document != current:
            current = remark.document
            story += [Spacer(1, 2 * mm), w._p(current, st["plain"])]
        story.append(w._p(f"· {remark.text}", st["item"]))
    return w.lay_out(path, [(story, None)], font, draft, "生成说明", fonts)
