"""Find a CJK TrueType font the PDF can embed, and check every character against it.

The forms print in 宋体 with required labels in 黑体 (“黑体字部分为必填项”). Body
order: --font PATH, $BEIANTOOL_FONT, a 宋体 face (SimSun, Songti, AR PL UMing),
a 黑体 face, then fontconfig. The 黑体 face for labels: SimHei, 微软雅黑, STHeiti,
WenQuanYi; without one the labels are drawn in the body font. reportlab embeds only TrueType outlines:
CFF/OTF fonts such as Noto CJK are skipped. With none usable, the built-in
STSong-Light CID font is used (not embedded; the reader must have it) and a
warning says so.
"""

from __future__ import annotations

import functools
import os
import shutil
import struct
import subprocess
from dataclasses import dataclass
from typing import Optional

from beiantool.base.errors import UsageError

FONT_ENV = "BEIANTOOL_FONT"
SONG = [  # 宋体 faces, as the seed forms print
    r"C:\Windows\Fonts\simsun.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]
HEI = [  # 黑体 faces, for the labels of required fields
    r"C:\Windows\Fonts\simhei.ttf",
    r"C:\Windows\Fonts\msyh.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]
KNOWN = SONG + HEI + ["/Library/Fonts/Arial Unicode.ttf"]


@dataclass
class Font:
    name: str  # the name registered with reportlab
    path: Optional[str]  # None for the CID fallback
    warning: Optional[str] = None
    _face: object = None
    bold: str = ""  # the registered 黑体 face for required labels ("" = the body font)
    bold_path: Optional[str] = None
    _bold_face: object = None

    @property
    def strong(self) -> str:
        return self.bold or self.name

    def strong_for(self, text: str) -> str:
        """The 黑体 face when it can draw every character of the label, else the body font."""
        if self._bold_face is not None and all(ord(ch) in self._bold_face.charToGlyph for ch in text if not ch.isspace()):
            return self.bold
        return self.name

    def has(self, char: str) -> bool:
        if self._face is None:  # CID fallback: reportlab cannot tell, assume GB 2312-ish coverage
            return True
        return ord(char) in self._face.charToGlyph

    def missing(self, text: str) -> list[str]:
        return sorted({ch for ch in text if not ch.isspace() and ord(ch) >= 32 and not self.has(ch)})


def _candidates(explicit: Optional[str]):
    """Font files to try, best first; fontconfig is asked only when nothing before it worked."""
    yield from (p for p in (explicit, os.environ.get(FONT_ENV)) if p)
    yield from KNOWN
    yield from _fontconfig()


def _fontconfig() -> list[str]:
    found: list[str] = []
    if shutil.which("fc-match"):
        for pattern in ("serif:lang=zh-cn", "sans-serif:lang=zh-cn"):
            try:
                out = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10).stdout
            except (OSError, subprocess.SubprocessError):
                out = ""
            if out:
                found.append(out.strip())
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        found += sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    return found


def find_font(explicit: Optional[str] = None) -> Font:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    from beiantool.render.result import check_font_path

    check_font_path(explicit)
    tried: set[str] = set()
    for path in _candidates(explicit):
        if path in tried or not os.path.exists(path) or path.lower().endswith(".otf"):
            continue
        tried.add(path)
        try:
            font = _ttf("BeianCJK", path)
        except (TTFError, OSError, ValueError, IndexError, KeyError, struct.error):  # struct.error: a cut-off file
            if path == explicit:
                raise UsageError(f"字体 {explicit} 无法嵌入 PDF（文件不完整或已损坏，或是 CFF/OTF 字体）。", "请改用 TrueType 字体（.ttf / .ttc）。") from None
            continue
        if ord("中") not in font.face.charToGlyph:
            continue  # not a CJK font
        pdfmetrics.registerFont(font)
        chosen = Font("BeianCJK", path, None, font.face)
        _add_bold(chosen, path)
        return chosen
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return Font(
        "STSong-Light",
        None,
        "没有找到可嵌入的中文 TrueType 字体，PDF 改用未嵌入的 STSong-Light 字体，在没有该字体的电脑上可能显示不全。"
        "可用 --font 指定字体文件，或设置环境变量 BEIANTOOL_FONT。",
    )


def parse_ahead() -> None:
    """Parse the fonts ``find_font(None)`` would take first (the body font, its 黑体), registering nothing: a batch's
    fork server does this once for all its workers (render/preload.py; there inside cachedir.reading_only, so a font
    not in the cache stops it). Only $BEIANTOOL_FONT and the known paths are looked at (fontconfig is not asked);
    whatever goes wrong stops it silently: find_font decides, in each worker, as without this."""
    for path in (p for p in (os.environ.get(FONT_ENV), *KNOWN) if p):
        if not os.path.exists(path) or path.lower().endswith(".otf"):
            continue
        try:
            body = _ttf("BeianCJK", path)
        except Exception:  # noqa: BLE001 - not in the cache, unreadable, not a font: the worker will see
            return
        if ord("中") not in body.face.charToGlyph:
            return
        for hei in HEI:
            if hei != path and os.path.exists(hei):
                try:
                    _ttf("BeianCJK-Hei", hei)
                except Exception:  # noqa: BLE001
                    pass
                return
        return


@functools.lru_cache(maxsize=8)
def _ttf(name: str, path: str):
    """A parsed TrueType font, once per process (and kept across runs by fontcache: parsing a CJK .ttc takes a
    noticeable fraction of a second)."""
    from beiantool.render import fontcache

    return fontcache.load(name, path)


def _add_bold(font: Font, body_path: str) -> None:
    """Register a 黑体 face for required labels, when one other than the body font is installed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path in HEI:
        if path == body_path or not os.path.exists(path):
            continue
        try:
            face = _ttf("BeianCJK-Hei", path)
        except (TTFError, OSError, ValueError, IndexError, KeyError, struct.error):  # struct.error: a cut-off file
            continue
        if ord("中") in face.face.charToGlyph:
            pdfmetrics.registerFont(face)
            font.bold, font.bold_path, font._bold_face = "BeianCJK-Hei", path, face.face
            return


class GlyphMissing(UsageError):
    """The packet holds a character no available font can print: a problem of the file's content (exit 1)."""

    exit_code = 1


def check_glyphs(font: Font, strings, doc=None) -> None:
    """A character the font cannot draw is an error naming it and its field, never a silent blank."""
    from beiantool.base.privacy import excerpt

    for value, path in strings:
        missing = font.missing(value or "")
        if missing:
            where = f"（{path}）" if path else ""
            place = ""
            if doc is not None and path:
                line, column = doc.position(_steps(path))
                place = f"{doc.source}:{line}:{column}："
            chars = "、".join(f"“{ch}”(U+{ord(ch):04X})" for ch in missing)
            raise GlyphMissing(
                f"{place}字体 {os.path.basename(font.path or font.name)} 中没有字符 {chars}，出现在“{excerpt(value, 40)}”{where}，PDF 无法印出。",
                "请用 --font 指定包含这些字的字体（如宋体 simsun.ttc、SimSun-ExtB），或改用常用字写法；只要 Word 文件可加 -f docx,xlsx。",
            )


def _steps(path: str) -> tuple:
    """"security.officers[0].name" -> ("security", "officers", 0, "name"); "sites[*].domains" stops at the *."""
    from beiantool.render.fields import _PATH_STEP

    out: list = []
    for name, index in _PATH_STEP.findall(path):
        out.append(name)
        if index == "*":
            break
        if index:
            out.append(int(index))
    return tuple(out)
