"""Which documents a rule set's packet consists of, and writing each in each format."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Optional

from beiantool.base.filenames import safe_name
from beiantool.tasks import checklist as checklist_mod
from beiantool.packet.view import is_individual, text
from beiantool.base import interrupt, stages
from beiantool.render.layout import Form, load_layout, resolve
from beiantool.render.letters import Letter, load_letter, resolve_letter
from beiantool.packet.conditions import Condition, holds
from beiantool.render.result import RenderOptions, Result, Written
from beiantool.rules import FormChoice, RuleSet


def _copies(ruleset: RuleSet, item_id: str) -> int:
    item = next((i for i in ruleset.checklist if i.id == item_id), None)
    return (item.copies if item and item.copies else None) or ruleset.filing.copies or 2


def _marks(marks: list[str], copies: int) -> list[Optional[str]]:
    """One mark per copy: the layout's own words, then 第N份 for any further copy (none for a lone copy)."""
    if copies == 1 and not marks:
        return [None]
    return [marks[i] if i < len(marks) else f"第{i + 1}份" for i in range(copies)]


def documents(data: dict, ruleset: RuleSet) -> tuple[list[Form], Optional[Letter]]:
    from beiantool.rules import choose_office

    office = choose_office(ruleset, data)
    named = office is not None and not office.generic
    # letters speak of the office in prose; a form's 办理机关 line takes only a real office's name
    extra = {"office_name": office.name if office else "公安机关", "office_for_form": office.name if named else ""}
    filing = ruleset.filing
    forms = []
    s005 = ruleset.rules.get("S005")
    required = frozenset(f.path for f in s005.params.fields) if s005 else frozenset()
    choices = filing.forms if filing.forms is not None else ([FormChoice(layout=filing.layout)] if filing.layout else [])
    site_list = data.get("sites") if isinstance(data.get("sites"), list) else []
    # (form, one per website?): the rule set's forms, then the forms each website fills in (site_forms)
    chosen = [(c, filing.form_per == "site") for c in choices] + ([(c, True) for c in filing.site_forms or ()] if site_list else [])
    for choice, each_site in chosen:
        if holds(choice.when, data) is False:
            continue
        spec = load_layout(choice.layout)
        per_site = each_site and site_list
        for i, part in enumerate([{**data, "sites": [s]} for s in site_list] if per_site else [data]):
            form = resolve(spec, part, filing.placeholder or "无", filing.blanks_allowed is not False, extra, required)
            if per_site:
                site_name = text(site_list[i].get("name")) if isinstance(site_list[i], dict) else None
                form.part = f"网站{i + 1}" + (f"（{site_name}）" if site_name else "")
            form.item = choice.item
            forms.append(form)
    # the letter is made when the checklist's letter item applies (包头's is a unit's: none for a person)
    item = next((i for i in ruleset.checklist if i.id == "letter"), None)
    wanted = filing.letter and (item is None or checklist_mod.holds(item.when, data) is not False)
    letter = resolve_letter(load_letter(filing.letter), data, extra, is_individual(data)) if wanted else None
    return forms, letter


def _label_before(row, cell) -> str:
    index = row.index(cell)
    return next((c.text.split("（其余")[0] for c in reversed(row[:index]) if c.kind == "label"), "")


def build_all(data, ruleset: RuleSet, work: Path, options: RenderOptions, stamp: datetime.datetime, doc=None,
              folder: Optional[Path] = None, files=None):
    """Every document of the packet into ``work``; ``folder``: where the packet file is (its attachments are relative to it);
    ``files``: the attachments.Snapshot validation read them through (the bundle embeds those bytes)."""
    formats, draft, font_path, mark_copies = options.formats, options.draft, options.font_path, options.mark_copies
    from beiantool.packet import lists

    result = Result(work, ruleset.id, individual=is_individual(data))
    tables = lists.load(doc) if doc is not None else {}
    packet = Path(doc.source).name if doc is not None else ""
    if tables:
        result.warnings.append("附表.xlsx" + ("和客户名单.pdf" if "pdf" in formats else "") + "中的名单（"
                               + "、".join(f"{t.kind.title} {len(t)} 行" for t in tables.values())
                               + "）由备案文件和名单文件生成：要修改请改备案文件或名单文件后重新运行 render，不要直接改生成的文件。")
    forms, letter = documents(data, ruleset)
    if not ruleset.filing.letter:
        result.warnings.append(f"{ruleset.name}规则集还没有安全责任书模板，本次未生成责任书。")
    elif letter and letter.generated:
        result.warnings.append(f"《{letter.title}》的全文不在来源中，是 beiantool 按来源所列义务拟写的，不是官方文本；受理机关有自己的文本时请改用。")
    from beiantool.render import remarks as remarks_mod

    result.remarks = remarks_mod.of_documents(forms, letter)
    if ruleset.filing.layout_note and forms:
        result.remarks.append(remarks_mod.Remark("备案表", ruleset.filing.layout_note, True))
    site_items = {c.item for c in ruleset.filing.site_forms or ()}
    if not [f for f in forms if f.item not in site_items]:  # no unit form (a person, or nothing to file)
        result.warnings.append(
            f"{ruleset.name}的联网单位备案表由单位填写，这份备案文件不填：个人用户在接入单位办理入网手续时填写用户备案表（第十一条），"
            "个人网站在全国公安机关互联网站安全服务平台备案（已按网站生成《互联网网站备案表》，供到平台填写）。材料清单列出了要办的事项。"
            if forms else
            f"{ruleset.name}的备案表都由单位填写，这份备案文件没有要填的表：个人用户在接入单位办理入网手续时填写用户备案表（第十一条），"
            "个人网站在全国公安机关互联网站安全服务平台备案。材料清单列出了要办的事项。"
            if is_individual(data) else f"按这份备案文件的情况，{ruleset.name}没有要生成的备案表；材料清单列出了要办的事项。"
        )
    font = fonts = None
    laid: list = []  # the PDFs drawn, saved once all are drawn (they share the packet's font subsets)
    if "pdf" in formats:
        from beiantool.render.fonts import check_glyphs, find_font
        from beiantool.render.fontshare import PacketFonts

        with stages.stage("pdf"):  # finding (and, once per process, parsing) the font
            font = find_font(font_path)
        fonts = PacketFonts([font.name, font.bold])
        if font.warning:
            result.warnings.append(font.warning)
        strings = [s for f in forms for s in f.strings()] + (list(letter.strings()) if letter else [])
        strings += [(r.document + r.text, "") for r in result.remarks] + [(remarks_mod.TITLE, "")]
        check_glyphs(font, strings, doc)
    docs: list[tuple[str, str, object, int]] = []
    taken: set[str] = set()
    for form in forms:
        name = safe_name(f"备案表-{form.title}" + (f"-{form.part}" if form.part else ""), taken)
        docs.append(("form", name, form, _copies(ruleset, form.item)))
    if letter:
        docs.append(("letter", safe_name(f"安全责任书-{letter.title}", taken), letter, _copies(ruleset, "letter")))
    parts = []  # the PDFs in the bundle's order, with their bookmarks (pdf_pages.Laid)
    step = interrupt.checkpoint  # between documents: where a signal may stop the build (never inside a library)
    for kind, name, content, copies in docs:
        marks = _marks(content.copy_marks, copies)
        if "docx" in formats:
            step()
            with stages.stage("docx"):
                _docx(work / f"{name}.docx", kind, content, marks, draft, stamp)
            result.files.append(Written(kind, "docx", f"{name}.docx", copies, None))
        if "pdf" in formats:
            step()
            with stages.stage("pdf"):
                laid.append(_pdf(work / f"{name}.pdf", kind, content, marks, draft, font, fonts))
            result.files.append(Written(kind, "pdf", f"{name}.pdf", copies, laid[-1].page_count))
            parts.append((name.split("-", 1)[-1] + (f"（{copies} 份）" if copies > 1 else ""), laid[-1]))
    step()
    checklist = checklist_mod.build(ruleset, data, stamp.date(), tables)
    if remarks_mod.checklist_note(result.remarks):
        checklist.notes.append(remarks_mod.checklist_note(result.remarks, "pdf" in formats))
    if "xlsx" in formats:
        checklist.notes.append("本目录中的附表.xlsx 列出 IP地址范围、网站、下级网络（提供虚拟主机服务时还有虚拟主机用户）的明细；"
                               "下级网络和虚拟主机用户两页需要时填写，随材料提交。" if not tables else
                               "本目录中的附表.xlsx 列出 IP地址范围、网站、下级网络的明细，以及备案文件中的客户名单（"
                               + "、".join(t.kind.title for t in tables.values()) + "，由名单生成，不用手填）；随材料提交。")
    if "pdf" in formats:
        from beiantool.render import pdf_writer

        check_glyphs(font, pdf_writer.checklist_strings(checklist), doc)
        with stages.stage("pdf"):
            laid.append(pdf_writer.lay_out(work / "材料清单.pdf", [(pdf_writer.checklist_flowables(checklist, font.name), None)],
                                           font.name, draft, "备案材料清单", fonts))
        result.files.append(Written("checklist", "pdf", "材料清单.pdf", 1, laid[-1].page_count))
        parts.append(("材料清单", laid[-1]))
        if tables:
            from beiantool.render import lists_out

            lists_out.glyph_check(font, tables)
            with stages.stage("pdf"):
                laid.append(lists_out.write_pdf(work / lists_out.PDF_NAME, tables, packet, font.name, draft, fonts))
            result.files.append(Written("lists", "pdf", lists_out.PDF_NAME, 1, laid[-1].page_count))
            parts.append(("客户名单", laid[-1]))
        remarks_laid = None
        if result.remarks:  # not part of the print; drawn before the bundle so that every PDF's text is in the subsets
            step()
            with stages.stage("pdf"):
                remarks_laid = remarks_mod.lay_out(work / remarks_mod.SHEET, result.remarks, font.name, draft, fonts)
        from beiantool.render import bundle

        step()
        check_glyphs(font, [(bundle.MARK_TEXT, "")] + [(f"附件：{e.item} {e.file}", "") for e in bundle.att.listed(data)], doc)
        with stages.stage("bundle"):  # drawn last and saved first: the packet's font subsets are complete
            total, result.attachments = bundle.write(work / bundle.BUNDLE, [bundle.Part(t, p) for t, p in parts], data, ruleset, folder,
                                                     font.name, mark_copies, draft, "打印合订本", files, fonts)
        result.warnings.extend(note for use in result.attachments for note in use.notes())
        result.files.append(Written("bundle", "pdf", bundle.BUNDLE, 1, total))
        if remarks_laid is not None:
            result.files.append(Written("remarks", "pdf", remarks_mod.SHEET, 1, remarks_laid.page_count))
            laid.append(remarks_laid)
        for document in laid:  # each subset's font program made once (for the bundle), reused by every file
            step()
            with stages.stage("pdf"):
                document.save()
    if "xlsx" in formats:
        from beiantool.render.annex import annex_bytes
        from beiantool.render.checklist_out import xlsx_file

        path = work / "材料清单.xlsx"
        step()
        with stages.stage("xlsx"):
            path.write_bytes(xlsx_file(checklist, stamp, draft))
        result.files.append(Written("checklist", "xlsx", path.name, 1, None))
        virtual = holds(Condition(virtual_hosting=True), data) is True
        path = work / "附表.xlsx"
        step()
        with stages.stage("xlsx"):
            path.write_bytes(annex_bytes(data, virtual, stamp, draft, tables, packet))
        result.files.append(Written("annex", "xlsx", path.name, 1, None))
    return result


def _docx(path: Path, kind: str, content, marks, draft: bool, stamp) -> None:
    from beiantool.render import docx_writer as w

    doc = w.new_document(content.title, stamp, draft)
    for i, mark in enumerate(marks):
        (w.add_form if kind == "form" else w.add_letter)(doc, content, mark, i == 0)
    w.save(doc, path, stamp)


def _pdf(path: Path, kind: str, content, marks, draft: bool, font, fonts):
    """The document drawn, not yet saved (pdf_pages.Laid)."""
    from beiantool.render import pdf_writer as w

    if kind == "form":  # laid out once: the copies differ only in their mark
        flowables = w.form_flowables(content, font.name, marks[0], font.strong_for)
    else:
        flowables = w.letter_flowables(content, font.name)
    return w.lay_out_copies(path, flowables, marks, font.name, draft, content.title, fonts)
