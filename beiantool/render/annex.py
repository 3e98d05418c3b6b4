"""The annex workbook: IP ranges, websites, subordinate networks, hosted users; printable on A4."""

from __future__ import annotations

from beiantool.packet.addresses import BadBlock, parse_block
from beiantool.packet.view import get, sites, strings, text
from beiantool.render.fields import field_text
from beiantool.render.xlsxlib import Align, Book, Font, Sheet, Style


_TITLE = Font("宋体", 13, bold=True)
_GRID = Align(vertical="center", wrap=True)
_HEAD = Style(Font("宋体", 10, bold=True), True, _GRID)
_BODY = Style(Font("宋体", 10), True, _GRID)


def _sheet(book: Book, title: str, headers: list[str], rows: list[list], widths: list, note: str = "", draft: bool = False) -> Sheet:
    """A titled table (the header row in bold, every cell of the table boxed), A4 fitted to the page width, the
    header row repeated on every printed page. Text from a packet, a list or a file is never a formula or an error
    value (xlsxlib)."""
    from beiantool.render.checklist_out import mark_draft

    ws = book.sheet(title)
    if draft:
        mark_draft(ws)
    ws.append([title], Style(_TITLE))
    if note:
        ws.append([note])
    head = ws.append(headers)
    for row in rows:
        ws.append(row)
    columns = ws.max_column
    for number in range(head, ws.max_row + 1):
        ws.pad(number, columns)
        styles = ws.styles[number - 1]
        styles[:] = [_HEAD if number == head else _BODY] * len(styles)
    ws.widths = list(widths)
    ws.landscape = sum(widths) > 100
    ws.print_title = head
    return ws


def annex_bytes(data: dict, virtual_hosting: bool, stamp, draft: bool = False, tables=None, packet: str = "") -> bytes:
    """附表.xlsx, every date ``stamp``, built in memory. ``tables``: the packet's customer lists
    (beiantool.packet.lists), each printed as a sheet of its own."""
    from beiantool.render import xlsxwrite

    wb = Book()
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
    if tables:
        from beiantool.render.lists_out import add_sheets

        add_sheets(wb, tables, packet, _sheet, draft)
    return xlsxwrite.xlsx(wb, stamp)
