"""Read a customer list file named in the packet: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.

Only a regular file inside the packet's own folder is read: no ``~``, no absolute path,
no ``..`` out of the folder, no symlink that leads out of it. Every failure is one
Chinese :class:`UsageError` (exit 2) naming the packet's line and column or the list
file's row and column. The result is the file's non-empty rows with their row numbers
as the spreadsheet shows them (1-based), each a list of cell texts.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from pathlib import Path
from typing import Optional

from beiantool.base.errors import UsageError

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-row billing export is a few MB
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_FIX = "名单文件要放在备案文件所在的目录（或其子目录）里，在 lists 下写相对于备案文件的路径，如 虚拟主机用户.csv。"

Row = tuple[int, list[str]]  # (row number in the file, cell texts)


def resolve(folder: Optional[Path], name: str, where: str) -> Path:
    """The list file ``name`` inside ``folder``; ``where`` (packet:line:column) starts every message."""
    if folder is None:
        raise UsageError(f"{where}：名单文件“{name}”只能在从文件读取的备案文件中使用。", "请把名单直接写在 YAML 中，或从文件运行。")
    if not name.strip():
        raise UsageError(f"{where}：名单文件名是空的。", _FIX)
    if name.startswith("~") or Path(name).is_absolute() or name[1:3] == ":\\" or name.startswith("\\"):
        raise UsageError(f"{where}：名单文件“{name}”不在备案文件所在的目录中，不会读取。", _FIX)
    base = Path(os.path.realpath(folder))
    target = Path(os.path.realpath(base / name))
    if target != base and base not in target.parents:
        why = "是指向目录外的符号链接" if os.path.islink(base / name) or _any_link(base, name) else "在备案文件所在的目录之外"
        raise UsageError(f"{where}：名单文件“{name}”{why}，不会读取。", _FIX)
    return target


def _any_link(base: Path, name: str) -> bool:
    path = base
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def read_bytes(path: Path, shown: str, where: str) -> bytes:
    """The file's bytes; refused when missing, not a regular file, unreadable or too large."""
    from beiantool.base.reading import ReadRefused, read_regular

    try:
        return read_regular(path, MAX_BYTES)
    except ReadRefused as refused:
        head = f"{where}：名单文件“{shown}”"
        if refused.why == "missing":
            raise UsageError(f"{head}不存在。", "请检查文件名（区分大小写）和它是否与备案文件放在同一目录。") from None
        if refused.why in ("folder", "special"):
            raise UsageError(f"{head}不是普通文件（是目录、设备或管道），不会读取。", _FIX) from None
        if refused.why == "blocking":
            raise UsageError(f"{head}不是普通文件，不会读取。", _FIX) from None
        if refused.why == "too_large":
            raise UsageError(f"{head}超过 {MAX_BYTES // 1024 // 1024} MB。", "请确认选对了文件。") from None
        from beiantool.base.safeio import os_reason

        raise UsageError(f"{head}无法读取（{os_reason(refused.error)}）。", "请检查文件权限。") from None


def read_rows(path: Path, shown: str, where: str) -> list[Row]:
    """The non-empty rows of a CSV or XLSX file, by its extension (and its first bytes)."""
    raw = read_bytes(path, shown, where)
    suffix = path.suffix.lower()
    if raw.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise UsageError(f"{shown}：是旧的 Excel 97-2003（.xls）格式，beiantool 读不了。", "请在 Excel 中“另存为” .xlsx 或 “CSV UTF-8（逗号分隔）”。")
    if suffix in XLSX_SUFFIXES or raw.startswith(b"PK\x03\x04"):
        return _xlsx_rows(raw, shown)
    if suffix in CSV_SUFFIXES:
        return _csv_rows(raw, shown)
    raise UsageError(f"{where}：名单文件“{shown}”的扩展名不是 .csv 或 .xlsx。", "请另存为 CSV（UTF-8 或 GBK）或 Excel .xlsx 文件。")


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text'), else GBK as Excel in China saves it."""
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(f"{shown}：不是文本文件，读不了。", "请在 Excel 中另存为 “CSV UTF-8（逗号分隔）”或 .xlsx。")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise UsageError(
            f"{shown}:{line}:1：文件既不是 UTF-8 也不是 GBK 编码（第 {line} 行有无法识别的字节），读不了。",
            "请在 Excel 中“另存为” “CSV UTF-8（逗号分隔）”，或用文本编辑器另存为 UTF-8 编码。",
        ) from None


def _csv_rows(raw: bytes, shown: str) -> list[Row]:
    text = decode(raw, shown)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    out: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1  # a record is one spreadsheet row, even when a quoted cell holds a line break
            cells = [c.strip() for c in cells]
            if any(cells):
                out.append((number, cells))
    except csv.Error as exc:
        from beiantool.base.libtext import csv_problem

        raise UsageError(f"{shown}:{reader.line_num}:1：CSV 格式错误（{csv_problem(exc)}）。", "常见原因是引号没有成对。请在 Excel 中打开后重新另存为 CSV。") from None
    return out


def _xlsx_rows(raw: bytes, shown: str) -> list[Row]:
    import zipfile

    from openpyxl import load_workbook

    from beiantool.base.libtext import reader_failure

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise UsageError(f"{shown}：不是有效的 .xlsx 文件，读不了（{reader_failure(exc)}）。", "请在 Excel 中打开后重新另存为 .xlsx，或另存为 CSV。") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises its own kinds for a damaged workbook
        raise UsageError(f"{shown}：.xlsx 文件已损坏，读不了（{reader_failure(exc)}）。", "请在 Excel 中打开后重新另存为 .xlsx，或另存为 CSV。") from None
    try:
        if not book.worksheets:
            raise UsageError(f"{shown}：工作簿里没有工作表。", "名单应在第一个工作表中。")
        sheet = book.worksheets[0]
        out: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell_text(v) for v in values]
            if any(cells):
                out.append((number, cells))
        return out
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"{shown}：.xlsx 文件已损坏，读不了（{reader_failure(exc)}）。", "请在 Excel 中打开后重新另存为 .xlsx，或另存为 CSV。") from None
    finally:
        book.close()


def _cell_text(value) -> str:
    """A cell as the text it shows: 13800000000 not 13800000000.0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
