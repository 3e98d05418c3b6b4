"""Checks of the files listed under ``attachments:`` (beiantool/attachments.py reads them)."""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from beiantool import attachments as att
from beiantool.checks.base import Context, Finding, Params, check
from beiantool.problem import Severity

KINDS = {"jpeg": "JPEG 图片", "png": "PNG 图片", "pdf": "PDF"}


def _items(ctx: Context) -> dict:
    return {item.id: item for item in ctx.items}


def _files(packet: dict, ctx: Context) -> Iterator[tuple[att.Attached, att.Info]]:
    files = ctx.files if ctx.files is not None else att.Snapshot(ctx.folder)
    for entry in att.listed(packet):
        yield entry, files.get(entry.file)


@check("A801", "attachment-unreadable")
def attachment_readable(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件文件不存在、不是普通文件或无法读取。

    失败：attachments: {business_license: scans/没有这个文件.pdf}
    通过：attachments: {business_license: scans/营业执照.pdf}（文件存在）
    """
    for entry, info in _files(packet, ctx):
        if info.problem and info.kind is None and info.fault != "large":
            tilde = "“~”不代表主目录，" if entry.file.startswith("~") else ""
            yield Finding(entry.where, f"附件“{entry.file}”{info.problem}。路径相对于备案文件所在的目录（{tilde}请把文件放在备案文件旁边），请核对文件名和位置。")


@check("A802", "attachment-type")
def attachment_type(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件的实际内容不是 JPEG、PNG 图片或 PDF（按文件内容判断，不看扩展名）。

    失败：attachments: {business_license: scans/营业执照.jpg}（其实是文本文件）
    通过：attachments: {business_license: scans/营业执照.jpg}（真正的 JPEG）
    """
    for entry, info in _files(packet, ctx):
        if info.problem is None and info.kind is None:
            yield Finding(entry.where, f"附件“{entry.file}”的内容不是 JPEG、PNG 图片或 PDF（与扩展名无关）。"
                                       "请用扫描仪或手机重新导出为 JPEG、PNG 或 PDF。")


@check("A803", "attachment-item-unknown")
def attachment_item_known(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """attachments 中的条目代码不是本规则集材料清单中的条目。

    失败：attachments: {business_licence: a.pdf}
    通过：attachments: {business_license: a.pdf}
    """
    known = _items(ctx)
    block = packet.get("attachments")
    if not isinstance(block, dict) or not known:
        return
    for key in block:
        if isinstance(key, str) and key not in known:
            from difflib import get_close_matches

            near = get_close_matches(key, list(known), n=1)
            hint = f"是不是 {near[0]}（{known[near[0]].name}）？" if near else "beiantool checklist --city 城市 -f json 列出各条目的代码（id）。"
            yield Finding(("attachments", key), f"“{key}”不是{ctx.city_name}材料清单中的条目代码。{hint}")


@check("A804", "attachment-not-needed", Severity.WARNING)
def attachment_needed(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件对应的材料按这份备案文件的情况不需要提交。

    失败：unit.type: company，attachments: {icp_license_copy: a.pdf}，unit.commercial: false
    通过：unit.commercial: true
    """
    from beiantool.checklist import describe, holds

    known = _items(ctx)
    block = packet.get("attachments")
    if not isinstance(block, dict):
        return
    for key in block:
        item = known.get(key) if isinstance(key, str) else None
        if item is not None and holds(item.when, packet) is False:
            yield Finding(("attachments", key), f"按这份备案文件，{ctx.city_name}不需要“{item.name}”（适用条件：{describe(item.when)}），"
                                                "这个附件不会放进合订本。确实需要时请核对备案文件中的相关栏目。")


@check("A805", "attachment-resolution", Severity.WARNING)
def attachment_resolution(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """扫描件或照片的像素太少，打印出来看不清（身份证按原大、其他材料按 A4 宽，150 dpi）。

    失败：attachments: {business_license: 小图.jpg}（600×400 像素）
    通过：attachments: {business_license: 扫描件.jpg}（2480×3508 像素）
    """
    known = _items(ctx)
    for entry, info in _files(packet, ctx):
        if info.pixels is None or info.problem:
            continue
        name = known[entry.item].name if entry.item in known else entry.item
        need = att.min_pixels(name)
        if max(info.pixels) < need:
            size = "身份证原大（85.6 毫米宽）" if att.is_card(name) else "A4 纸宽（210 毫米）"
            yield Finding(entry.where, f"附件“{entry.file}”只有 {info.pixels[0]}×{info.pixels[1]} 像素，按{size}打印不到 {att.PRINT_DPI} dpi，"
                                       f"复印件会模糊。长边至少要 {need} 像素：请用扫描仪（{att.PRINT_DPI} dpi 以上）重扫或用手机拍得更近、更清楚。")


@check("A806", "attachment-pdf-broken")
def attachment_pdf_usable(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件是加密（设了密码）、损坏或没有页面的 PDF，或是损坏、不完整的图片（每种情况各有改正方法）。

    失败：attachments: {business_license: 加密.pdf}
    通过：attachments: {business_license: 营业执照.pdf}
    """
    for entry, info in _files(packet, ctx):
        if info.problem and info.kind is not None and info.fault in _BROKEN:
            yield Finding(entry.where, f"附件“{entry.file}”：{info.problem}。{_BROKEN[info.fault]}")


_BROKEN = {  # what is wrong with a file of a known kind -> how to fix it
    "encrypted": "请在 PDF 阅读器中取消密码（或“打印”成一份新的 PDF）后再附上。",
    "damaged": "请从原件重新扫描或重新导出一份。",
    "truncated": "文件可能没有下载或复制完整，请从原件重新扫描或重新复制一份。",
    "empty": "请重新导出一份有内容的 PDF。",
}


class SizeParams(Params):
    max_mb: int = Field(20, ge=1, le=200, description="单个附件的大小上限（MB）")


@check("A807", "attachment-too-large", Severity.ERROR, SizeParams)
def attachment_size(packet: dict, ctx: Context, params: SizeParams) -> Iterator[Finding]:
    """附件文件过大（字节数、图片的像素数或 PDF 的页数超过上限）。

    失败：attachments: {topology: 拓扑图.png}（35 MB，或 13000×13000 像素，或 2 万页的 PDF）
    通过：attachments: {topology: 拓扑图.png}（2 MB）
    """
    pixels = pages = 0
    for entry, info in _files(packet, ctx):
        if info.size > params.max_mb * 1024 * 1024:
            yield Finding(entry.where, f"附件“{entry.file}”有 {info.size / 1024 / 1024:.1f} MB，超过 {params.max_mb} MB。"
                                       "请降低扫描分辨率（300 dpi 足够）或压缩后再附上。")
        elif info.fault == "large":
            yield Finding(entry.where, f"附件“{entry.file}”{info.problem}。请降低扫描分辨率（300 dpi 足够）或压缩后再附上。")
        elif info.fault == "pixels":
            yield Finding(entry.where, f"附件“{entry.file}”：{info.problem}，beiantool 不会处理这么大的图片（打印一页 A4 用 600 dpi 也只要约 3500 万像素）。"
                                       "请用 300 dpi 重新扫描，或缩小后再附上。")
        elif info.fault == "pages":
            yield Finding(entry.where, f"附件“{entry.file}”：{info.problem}。请只附上这项材料需要的页，或拆成几个文件分别附上。")
        if info.usable:
            pixels += info.pixels[0] * info.pixels[1] if info.pixels else 0
            pages += info.pages or 0
    if pixels > att.MAX_TOTAL_PIXELS or pages > att.MAX_TOTAL_PAGES:
        yield Finding(("attachments",), f"附件合计 {pixels // 1_000_000} 百万像素、{pages} 页，超过合订本的上限"
                                        f"（{att.MAX_TOTAL_PIXELS // 1_000_000} 百万像素、{att.MAX_TOTAL_PAGES} 页）。请只附上清单要求的材料，扫描用 300 dpi 即可。")


@check("A808", "attachment-missing", Severity.WARNING)
def attachment_missing(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """写了 attachments，但本单位需要的某项自备材料还没有附上。

    失败：attachments: {business_license: a.pdf}，缺 legal_id_copy
    通过：不写 attachments（不跟踪附件），或每项自备材料都已附上
    """
    from beiantool.checklist import holds

    block = packet.get("attachments")
    if not isinstance(block, dict):
        return  # a filer who does not list attachments is not told of each one
    for item in ctx.items:
        if item.made_by != "filer" or item.copies == 0 or item.show_only or item.id in block:
            continue
        if item.customer_list and item.customer_list in (ctx.lists or {}):
            continue  # the list under lists: is this item
        if holds(item.when, packet) is True:
            yield Finding(("attachments",), f"还没有附上“{item.name}”（条目代码 {item.id}）。准备好后写入 attachments.{item.id}。")


@check("A809", "attachment-whose")
def attachment_whose(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件的 whose 不是 legal、lead、officerN、siteN 之一，或指向不存在的人。

    失败：attachments: {person_id_copies: [{file: a.jpg, whose: officer3}]}（只有 2 名安全员）
    通过：attachments: {person_id_copies: [{file: a.jpg, whose: officer1}]}
    """
    for entry in att.listed(packet):
        if entry.whose and not att.whose_ok(entry.whose, packet):
            yield Finding((*entry.where[:-1], "whose") if entry.where[-1] == "file" else entry.where,
                          f"whose: {entry.whose} 无法对应到备案文件中的人。可写 legal（法人代表）、lead（安全负责人）、"
                          "officer1、officer2…（第几名安全员）、site1、site2…（第几个网站的负责人）。")


@check("A810", "attachment-outside-folder", Severity.WARNING)
def attachment_inside_folder(packet: dict, ctx: Context, params) -> Iterator[Finding]:
    """附件不在备案文件所在的目录里（绝对路径、../ 或指向目录外的链接），会被放进合订本。

    失败：attachments: {business_license: ../别人的/营业执照.pdf}
    通过：attachments: {business_license: scans/营业执照.pdf}
    """
    from beiantool.privacy import excerpt

    for entry, info in _files(packet, ctx):
        if info.outside and info.sha256:  # a file that was read (one that could not be is A801's)
            then = "beiantool 会用它（打印的附件放进合订本）" if info.usable else "它本身也不能用（见同一行的其他问题）"
            yield Finding(entry.where, f"附件“{entry.file}”不在备案文件所在的目录里，实际读取的是 {excerpt(info.resolved, 200)}，{then}。"
                                       "请确认这是本单位的材料，并把它复制到备案文件旁边（如 scans/ 目录）再写相对路径。")
