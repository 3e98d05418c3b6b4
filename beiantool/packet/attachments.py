"""The files a packet lists under ``attachments:``: what they are, whose, and whether they print.

A value is a path, a list of paths, or ``{file, whose}`` (spec/packet-format.md); paths are
relative to the packet file's folder. ``~`` is not expanded (it would be the home of whoever
runs beiantool, not of whoever wrote the packet); a file that lies outside the packet's folder
(an absolute path, ``../``, a link pointing out) is read but reported (A810) with where it
really is. Files are only ever read, never changed, and each is read once (:class:`Snapshot`):
the bytes that were checked are the bytes hashed and embedded in the bundle, whatever happens
to the file meanwhile. Only regular files are opened (a FIFO or a device would hang or never
end), at most MAX_READ bytes of one file; an image is decoded whole, within MAX_PIXELS, and a
PDF counted within MAX_PAGES, so that what validates renders in bounded time and memory.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import field
from pathlib import Path
from typing import Optional

from beiantool.base.record import record
from beiantool.packet.view import get, text
from beiantool.base.lazyre import lazy

MM_PER_INCH = 25.4
PRINT_DPI = 150  # the least resolution that prints legibly
A4_WIDTH_MM = 210
CARD_WIDTH_MM = 85.6  # 居民身份证 (ISO/IEC 7810 ID-1)
MAX_READ = 200 * 1024 * 1024  # never read more than this of one file, whatever the limit in the rule set
MAX_READ_TOTAL = 500 * 1024 * 1024  # nor more than this of all the files one packet lists
# Limits no real scan reaches (an A3 page at 600 dpi is 70 million pixels; a certificate or a set of
# rules runs to tens of pages), so that whatever validates renders in bounded time and memory.
MAX_PIXELS = 80_000_000  # one image
MAX_PAGES = 500  # one PDF
MAX_TOTAL_PIXELS = 400_000_000  # all the images a packet lists
MAX_TOTAL_PAGES = 2_000  # all the PDF pages a packet lists
_WHOSE = lazy(r"^(legal|lead|officer(\d+)|site(\d+))$")


@record(frozen=True)
class Attached:
    item: str  # checklist item id
    file: str  # as written
    whose: Optional[str]  # legal | lead | officerN | siteN
    where: tuple  # path in the packet, for problems: ("attachments", item, n?)


@record(frozen=True)
class Info:
    """One attached file as read: what it is, and the very bytes the bundle will embed."""

    kind: Optional[str]  # jpeg | png | pdf | None (not one of them)
    size: int
    pixels: Optional[tuple[int, int]] = None
    pages: Optional[int] = None
    problem: Optional[str] = None  # why the file cannot be used, in words
    fault: Optional[str] = None  # missing | unreadable | special | large | pixels | pages | encrypted | damaged | truncated | empty
    resolved: str = ""  # where the file really is (links followed)
    outside: bool = False  # not under the packet file's folder
    sha256: str = ""
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def usable(self) -> bool:
        return self.problem is None and self.kind is not None


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
    """The path as written, relative to the packet's folder; ``~`` is an ordinary character."""
    path = Path(name)
    return path if path.is_absolute() or folder is None else folder / path


class Snapshot:
    """The attached files of one packet, each read once; the checks and the bundle both ask here."""

    def __init__(self, folder: Optional[Path]):
        self.folder = folder
        self._read: dict[str, Info] = {}

    def get(self, name: str) -> Info:
        path = resolve(self.folder, name)
        key = os.path.normpath(str(path))
        if key not in self._read:
            held = sum(len(i.data) for i in self._read.values())
            info = read(path, self.folder, MAX_READ_TOTAL - held)
            self._read[key] = info
        return self._read[key]


def _outside(real: str, folder: Optional[Path]) -> bool:
    base = os.path.realpath(str(folder) if folder is not None else os.curdir)
    try:
        return os.path.commonpath([base, real]) != base
    except ValueError:  # another drive (Windows)
        return True


def read(path: Path, folder: Optional[Path] = None, room: int = MAX_READ) -> Info:
    """What a file really is, by its content (never by its name), from one read of its bytes;
    ``room``: how many bytes may still be read for this packet."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError) as exc:
        return Info(None, 0, problem=f"无法读取（{_reason(exc)}）", fault="unreadable")
    outside = _outside(real, folder)
    place = {"resolved": real, "outside": outside}
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        return Info(None, 0, problem="文件不存在", fault="missing", **place)
    except (OSError, ValueError) as exc:
        return Info(None, 0, problem=f"无法读取（{_reason(exc)}）", fault="unreadable", **place)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Info(None, 0, problem="不是普通文件（是目录、设备或管道）", fault="special", **place)
        if st.st_size > MAX_READ:
            return Info(None, st.st_size, problem=f"文件过大（超过 {MAX_READ // 1024 // 1024} MB），不会读取", fault="large", **place)
        if st.st_size > room:
            return Info(None, st.st_size, fault="large", **place,
                        problem=f"连同前面的附件合计超过 {MAX_READ_TOTAL // 1024 // 1024} MB，不会读取")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_READ + 1)
    except OSError as exc:
        return Info(None, 0, problem=f"无法读取（{_reason(exc)}）", fault="unreadable", **place)
    finally:
        os.close(fd)
    if len(data) > MAX_READ:  # grew while being read
        return Info(None, len(data), problem=f"文件过大（超过 {MAX_READ // 1024 // 1024} MB），不会读取", fault="large", **place)
    place["sha256"] = hashlib.sha256(data).hexdigest()
    place["data"] = data
    if data.startswith(b"%PDF-"):
        return _pdf(data, place)
    if data.startswith(b"\xff\xd8\xff"):
        return _image(data, "jpeg", place)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image(data, "png", place)
    return Info(None, len(data), **place)


def _reason(exc: Exception) -> str:
    from beiantool.base.libtext import os_reason

    return os_reason(exc) if isinstance(exc, OSError) else "路径中有不能用的字符"


def _image(data: bytes, kind: str, place: dict) -> Info:
    """``kind``: what the first bytes say (jpeg, png). The size comes from the header and is checked
    before anything is decoded; then the image is decoded whole, so a file cut short is found here."""
    import warnings

    from PIL import Image, ImageFile

    from beiantool.base.libtext import reader_failure

    size = len(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # Pillow's warning limit is above ours
            with Image.open(io.BytesIO(data)) as image:
                pixels = image.size
                if pixels[0] * pixels[1] > MAX_PIXELS:
                    return Info(kind, size, pixels, fault="pixels", **place,
                                problem=f"图片有 {pixels[0]}×{pixels[1]} 像素，超过上限 {MAX_PIXELS // 1_000_000} 百万像素")
                if kind == "jpeg":
                    _decode_jpeg(data)
                elif not ImageFile.LOAD_TRUNCATED_IMAGES:
                    image.load()  # decodes every row: a truncated or damaged PNG fails here
    except Image.DecompressionBombError:  # more than twice Pillow's limit: it will not even say the size
        return Info(kind, size, fault="pixels", problem="图片的像素数大得异常（可能是“解压炸弹”），不会解码", **place)
    except (ValueError, OSError, SyntaxError, EOFError, MemoryError, RecursionError, IndexError, KeyError, TypeError) as exc:
        why = reader_failure(exc)
        fault = "truncated" if "不完整" in why else "damaged"
        return Info(kind, size, fault=fault, problem=why if fault == "truncated" else f"图片已损坏，无法读取（{why}）", **place)
    return Info(kind, size, pixels, **place)


def _decode_jpeg(data: bytes) -> None:
    """Decode a JPEG whole (at 1/8 scale: every coefficient is still read): libjpeg-turbo's
    "premature end of data" is an error here, where Pillow only warns and fills the rest in grey."""
    import simplejpeg

    try:
        space = simplejpeg.decode_jpeg_header(data)[2]
        simplejpeg.decode_jpeg(data, colorspace="CMYK" if space in ("CMYK", "YCCK") else "GRAY", strict=True,
                               min_height=1, min_width=1)
    except ValueError as exc:
        message = str(exc).lower()
        if "premature" in message or "truncat" in message or "corrupt" in message:
            raise OSError("image file is truncated") from None
        raise


def _pdf(data: bytes, place: dict) -> Info:
    import pikepdf

    from beiantool.base.libtext import reader_failure

    size = len(data)
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            pages = len(pdf.pages)
            if pages > MAX_PAGES:
                return Info("pdf", size, pages=pages, fault="pages", problem=f"PDF 有 {pages} 页，超过上限 {MAX_PAGES} 页", **place)
            for page in pdf.pages:
                page.mediabox  # noqa: B018 - touching each page finds a broken page tree
    except pikepdf.PasswordError:
        return Info("pdf", size, fault="encrypted", problem="PDF 设置了密码（加密），无法合订打印", **place)
    except (pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, IndexError) as exc:
        return Info("pdf", size, fault="damaged", problem=f"PDF 已损坏，无法读取（{reader_failure(exc)}）", **place)
    if pages == 0:
        return Info("pdf", size, pages=0, fault="empty", problem="PDF 没有页面", **place)
    return Info("pdf", size, pages=pages, **place)


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
