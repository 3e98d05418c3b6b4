"""The annex workbook: IP ranges, websites, subordinate networks, hosted users; printable on A4."""

from __future__ import annotations

from copy import copy
from pathlib import Path

from beiantool.packet.view import get, sites, strings, text
from beiantool.packet.addresses import BadBlock, parse_block
from beiantool.render.fields import field_text


def _sheet(wb, title: str, headers: list[str], rows: list[list], widths: list[int], note: str = "", draft: bool = False):
    from openpyxl.styles import Alignment, Border, Font, Side

    from beiantool.render.checklist_out import mark_draft
    from beiantool.render.xlsxlib import append_text

    ws = wb.create_sheet(title)
    if draft:
        mark_draft(ws)
    ws.append([title])
    ws.cell(ws.max_row, 1).font = Font(name="宋体", bold=True, size=13)
    if note:
        ws.append([note])
    ws.append(headers)
    head = ws.max_row
    for row in rows:
        append_text(ws, row)  # text from a packet or list: never a formula or an error value
    thin = Side(style="thin")
    border, alignment = Border(left=thin, right=thin, top=thin, bottom=thin), Alignment(wrap_text=True, vertical="center")
    fonts = {True: Font(name="宋体", size=10, bold=True), False: Font(name="宋体", size=10)}
    styled = {}  # head or not -> a styled cell's style ids, copied to the others (10,000-row lists: no style lookups per cell)
    for row in ws.iter_rows(min_row=head, max_row=ws.max_row):
        for cell in row:
            bold = cell.row == head
            if bold in styled:
                cell._style = copy(styled[bold])
            else:
                cell.border, cell.alignment, cell.font = border, alignment, fonts[bold]
                styled[bold] = cell._style
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 100 else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head}:{head}"
    return ws


def annex_bytes(data: dict, virtual_hosting: bool, stamp, draft: bool = False, tables=None, packet: str = "",
                quick: bool = True) -> bytes:
    """附表.xlsx, every date ``stamp`` (zipfix), built in memory. ``tables``: the packet's customer lists
    (beiantool.packet.lists), each printed as a sheet of its own; ``quick``: their rows after the first written as
    text into the sheets openpyxl wrote (lists_out.splice), not cell by cell by openpyxl."""
    from beiantool.render import xlsxlib

    xlsxlib.load()
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    ranges = []
    for _, value in strings(data, "network", "ip_ranges"):
        try:
            block = parse_block(value)
            count = int(block.last) - int(block.first) + 1
            ranges.append([value, str(block.first), str(block.last), count])
        except BadBlock:
            ranges.append([value, "", "", ""])
    _sheet(wb, "IP地址范围", ["IP地址范围", "起始地址", "结束地址", "地址数"], ranges, [34, 20, 20, 10], draft=draft)
    site_rows = []
    for i, site in sites(data):
        site_rows.append([
            i + 1, text(site.get("name")) or "", field_text(site, "domains"), text(site.get("homepage")) or "",
            text(site.get("icp_number")) or "", field_text(site, "ips"), field_text(site, "hosting.type|标签"),
            text(get(site, "hosting", "provider")) or "", text(get(site, "hosting", "address")) or "",
            text(get(site, "responsible", "name")) or "",
        ])
    _sheet(wb, "网站", ["序号", "网站名称", "域名", "首页网址", "ICP备案号", "IP地址", "网站网页类型", "提供服务的ISP/IDC", "服务器物理地址", "网站负责人"],
           site_rows, [5, 16, 22, 22, 20, 16, 10, 20, 24, 10], draft=draft)
    count = get(data, "network", "subnets")
    blanks = [[i + 1, "", "", "", ""] for i in range(count if isinstance(count, int) and 0 < count <= 200 else 0)]
    has_subnets = isinstance(count, int) and count > 0
    note = (f"备案表“下级网络（详情附表）”共 {count} 个，请逐个填写。" if has_subnets
            else "备案表上的下级网络为 0 个，本页不用填写，也不用随材料提交。")
    _sheet(wb, "下级网络", ["序号", "下级网络名称", "IP地址范围", "负责人", "联系电话"], blanks, [6, 26, 30, 12, 16],
           note=note, draft=draft)
    if virtual_hosting and "hosted_users" not in (tables or {}):
        _sheet(wb, "虚拟主机用户", ["序号", "URL", "负责人", "联系方式"], [[i + 1, "", "", ""] for i in range(20)], [6, 40, 14, 24],
               note="提供虚拟主机服务的单位须提交使用本单位虚拟主机的所有用户的基本情况（URL、负责人、联系方式）。", draft=draft)
    later = {}
    if tables:
        from beiantool.render.lists_out import add_sheets

        later = add_sheets(wb, tables, packet, _sheet, draft, quick)
    wb.properties.creator = "beiantool"
    wb.properties.created = wb.properties.modified = stamp
    entries = xlsxlib.parts(wb)
    if later:  # a long customer list: openpyxl wrote its first row, the rest go into its sheet as text
        from beiantool.render.lists_out import splice

        done = {f"xl/worksheets/sheet{number}.xml": body for number, body in later.items()}
        entries = [(name, splice(content, done[name]) if name in done else content) for name, content in entries]
        if any(content is None for _, content in entries):  # not as openpyxl writes it: openpyxl writes every row
            return annex_bytes(data, virtual_hosting, stamp, draft, tables, packet, quick=False)
    return xlsxlib.xlsx(entries, stamp)
