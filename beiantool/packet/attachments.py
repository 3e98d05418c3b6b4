"""The files a packet lists under ``attachments:``: what they are, whose, and whether they print.

A value is a path, a list of paths, or ``{file, whose}`` (spec/packet-format.md); paths are
relative to the packet file's folder. Files are only ever read, never changed. Only regular
files are opened (a FIFO or a device would hang or never end), and at most MAX_READ bytes
of one file, so a hostile path cannot stall a check.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from beiantool.packet.view import get, text

MM_PER_INCH = 25.4
PRINT_DPI = 150  # the least resolution that prints legibly
A4_WIDTH_MM = 210
CARD_WIDTH_MM = 85.6  # 居民身份证 (ISO/IEC 7810 ID-1)
MAX_READ = 200 * 1024 * 1024  # never read more than this of one file, whatever the limit in the rule set
_WHOSE = re.compile(r"^(legal|lead|officer(\d+)|site(\d+))$")


@dataclass(frozen=True)
class Attached:
    item: str  # checklist item id
    file: str  # as written
    whose: Optional[str]  # legal | lead | officerN | siteN
    where: tuple  # path in the packet, for problems: ("attachments", item, n?)


@dataclass(frozen=True)
class Info:
    kind: Optional[str]  # jpeg | png | pdf | None (not one of them)
    size: int
    pixels: Optional[tuple[int, int]] = None
    pages: Optional[int] = None
    problem: Optional[str] = None  # why the file cannot be used: missing, not readable, encrypted, damaged


def listed(packet: dict) -> list[Attached]:
    """Every file the packet lists, in the order written; shapes the model refuses are skipped (S-codes say why)."""
    block = packet.get("attachments")
    if not isinstance(block, dict):
        return []
    out = []
    for item, value in block.items():
        if not isinstance(item, str):
            continue
        many = isinstance(value, list)
        for n, entry in enumerate(value if many else [value]):
            where = ("attachments", item, n) if many else ("attachments", item)
            if isinstance(entry, dict):
                name, whose = text(entry.get("file")), text(entry.get("whose"))
                where = (*where, "file")
            else:
                name, whose = text(entry) if isinstance(entry, (str, int)) else None, None
            if name:
                out.append(Attached(item, name, whose, where))
    return out


def resolve(folder: Optional[Path], name: str) -> Path:
    path = Path(os.path.expanduser(name))
    return path if path.is_absolute() or folder is None else folder / path


def inspect(path: Path) -> Info:
    """What a file really is, by its content (never by its name); read once per version of the file."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        reason = "文件不存在" if isinstance(exc, FileNotFoundError) else f"无法读取（{_reason(exc)}）"
        return Info(None, 0, problem=reason)
    if not stat.S_ISREG(st.st_mode):
        return Info(None, 0, problem="不是普通文件（是目录、设备或管道）")
    return _inspect(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _inspect(name: str, size: int, _mtime_ns: int) -> Info:
    path = Path(name)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return Info(None, size, problem=f"无法读取（{_reason(exc)}）")
    if head.startswith(b"%PDF-"):
        return _pdf(path, size)
    if head.startswith(b"\xff\xd8\xff"):
        return _image(path, size, "jpeg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(path, size, "png")
    return Info(None, size)


def _reason(exc: Exception) -> str:
    from beiantool.base.safeio import os_reason

    return os_reason(exc) if isinstance(exc, OSError) else "路径中有不能用的字符"


def _image(path: Path, size: int, kind: str) -> Info:
    """``kind``: what the file's first bytes say it is (jpeg, png); Pillow then reads it whole."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            pixels = image.size
            image.verify()  # reads the whole file: a truncated scan is found here, not at the counter
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return Info(kind, size, problem=f"图片已损坏或不完整（{type(exc).__name__}）")
    if kind == "jpeg" and not _jpeg_complete(path):
        return Info(kind, size, pixels, problem="图片不完整（文件在中途被截断）")
    return Info(kind, size, pixels)


def _jpeg_complete(path: Path) -> bool:
    """A JPEG ends with its EOI marker; Pillow's verify() does not look that far."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        end = handle.tell()
        handle.seek(max(0, end - 64))
        return b"\xff\xd9" in handle.read()


def _pdf(path: Path, size: int) -> Info:
    import pikepdf

    try:
        with pikepdf.open(path, attempt_recovery=False) as pdf:
            pages = len(pdf.pages)
            for page in pdf.pages:
                page.mediabox  # noqa: B018 - touching each page finds a broken page tree
    except pikepdf.PasswordError:
        return Info("pdf", size, problem="PDF 设置了密码（加密），无法合订打印")
    except (pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return Info("pdf", size, problem=f"PDF 已损坏，无法读取（{type(exc).__name__}）")
    if pages == 0:
        return Info("pdf", size, pages=0, problem="PDF 没有页面")
    return Info("pdf", size, pages=pages)


def is_card(item_name: str) -> bool:
    """An ID card copy (身份证): printed at card size, marked 仅供……使用 by default."""
    return "身份证" in item_name


def min_pixels(item_name: str) -> int:
    """The longer side an image needs to print legibly: a card at its own size, a document at A4 width."""
    width_mm = CARD_WIDTH_MM if is_card(item_name) else A4_WIDTH_MM
    return round(width_mm / MM_PER_INCH * PRINT_DPI)


def whose_ok(whose: str, packet: dict) -> bool:
    m = _WHOSE.match(whose)
    if not m:
        return False
    if m.group(2):
        officers = get(packet, "security", "officers")
        return isinstance(officers, list) and 1 <= int(m.group(2)) <= len(officers)
    if m.group(3):
        listed_sites = packet.get("sites")
        return isinstance(listed_sites, list) and 1 <= int(m.group(3)) <= len(listed_sites)
    return True


def whose_label(whose: Optional[str], packet: dict) -> str:
    """法人代表 张三 / 第2名安全员 王五 / 网站1负责人 张三."""
    if not whose:
        return ""
    m = _WHOSE.match(whose)
    if not m:
        return whose
    if whose == "legal":
        role, person = "法人代表", get(packet, "unit", "legal_representative")
    elif whose == "lead":
        role, person = "安全负责人", get(packet, "security", "lead")
    elif m.group(2):
        n = int(m.group(2))
        officers = get(packet, "security", "officers")
        role, person = f"第{n}名安全员", officers[n - 1] if isinstance(officers, list) and 0 < n <= len(officers) else None
    else:
        n = int(m.group(3))
        site_list = packet.get("sites")
        site = site_list[n - 1] if isinstance(site_list, list) and 0 < n <= len(site_list) else None
        role, person = f"网站{n}负责人", site.get("responsible") if isinstance(site, dict) else None
    name = text(person.get("name")) if isinstance(person, dict) else None
    return f"{role} {name}" if name else role
