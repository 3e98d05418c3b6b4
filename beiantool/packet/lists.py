"""Customer lists of IDCs, ISPs and hosting providers (packet key ``lists``).

Each list is written inline in the YAML (a list of rows) or named as a CSV / XLSX file
beside the packet (read by :mod:`beiantool.packet.listread`). A header row in Chinese or English
names the columns; the accepted spellings are in KINDS. Tables are read once per packet
(kept on the Document) and held column by column, so the checks walk a column, not a row.

Sources: 包头 (seed 001, 行政权力事项表 11: 虚拟主机用户 URL、负责人、联系方式);
33号令 第十二条第二款 (接入本网络的接入单位和用户情况); seed 001 “IDC许可证备案方法”
(《IP地址分配信息表》《服务器信息表》《主机托管用户情况表》《整机信息表》, named without
their columns: any header is kept as written, the known ones are checked).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import field
from pathlib import Path
from typing import Any, Optional

from beiantool.base.record import record
from beiantool.base.errors import UsageError
from beiantool.base.lazyre import lazy


@record(frozen=True)
class Column:
    key: str
    title: str  # the header printed in the annex
    names: tuple[str, ...]  # accepted header spellings (compared after normalize())
    required: bool = False


@record(frozen=True)
class Kind:
    key: str
    title: str
    columns: tuple[Column, ...]
    match: tuple[str, ...]  # columns that say which customer a row is (duplicates, beiantool change)
    free: bool = False  # the source names the table, not its columns: other headers are kept as written
    note: str = ""

    def column(self, key: str) -> Optional[Column]:
        return next((c for c in self.columns if c.key == key), None)


_URL = ("网址", "url", "域名", "domain", "网站域名", "网站网址", "网站地址", "网站", "website", "首页网址", "homepage")
_OWNER = ("负责人", "owner", "联系人", "负责人姓名", "网站负责人", "用户负责人", "contactperson", "person", "responsible")
_CONTACT = ("联系方式", "contact", "电话", "phone", "联系电话", "手机", "手机号", "手机号码", "mobile", "tel", "telephone", "移动电话", "固定电话")
_NAME = ("名称", "name", "用户名称", "单位名称", "客户名称", "客户", "customer", "用户", "user", "接入单位", "接入单位名称", "单位", "company")
_IP = ("ip", "ip地址", "ipaddress", "服务器ip", "使用ip", "ip地址（段）")
_RANGE = ("ip地址范围", "ip范围", "ip地址段", "ip段", "iprange", "网段", "分配ip", "分配的ip地址")
_POLICE = ("公安备案号", "公网安备号", "公安备案编号", "policenumber", "公网安备")
_ID = ("身份证号码", "身份证号", "证件号码", "负责人身份证号码", "idnumber", "id")
_ADDRESS = ("地址", "address", "通信地址", "住址", "单位地址")


def _col(key, title, names, required=False) -> Column:
    return Column(key, title, names, required)


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("hosted_users", "虚拟主机用户", (
        _col("url", "网址", _URL, True), _col("owner", "负责人", _OWNER, True), _col("contact", "联系方式", _CONTACT, True),
        _col("name", "用户名称", _NAME), _col("ip", "IP地址", _IP), _col("police_number", "公安备案号", _POLICE),
        _col("id_number", "负责人身份证号码", _ID),
    ), ("url",), note="提供虚拟主机服务的单位须提交使用本单位虚拟主机的所有用户的基本情况（URL、负责人、联系方式）。"),
    Kind("access_users", "接入单位和用户", (
        _col("name", "名称", _NAME, True), _col("ip_range", "IP地址范围", _RANGE + _IP, True),
        _col("owner", "负责人", _OWNER, True), _col("contact", "联系电话", _CONTACT, True),
        _col("id_number", "负责人身份证号码", _ID), _col("address", "地址", _ADDRESS),
    ), ("name",), note="接入单位、互联单位应将接入本网络的接入单位和用户情况报当地公安机关备案，并及时报告变更情况（第十二条第二款）。"),
    *(Kind(key, title, (
        _col("name", "名称", _NAME), _col("url", "网址", _URL), _col("ip", "IP地址", _RANGE + _IP),
        _col("owner", "负责人", _OWNER), _col("contact", "联系方式", _CONTACT), _col("id_number", "负责人身份证号码", _ID),
        _col("police_number", "公安备案号", _POLICE),
    ), ("url", "ip", "name"), free=True, note=f"《{title}》：来源只写了表名，没有给出栏目，按名单文件的表头原样列出。")
      for key, title in (("ip_allocation", "IP地址分配信息表"), ("servers", "服务器信息表"),
                         ("colocation_users", "主机托管用户情况表"), ("machines", "整机信息表"))),
)}


def accepted_headers(kind: Kind) -> str:
    """The header spellings a list accepts, for the schema, the starter and messages."""
    return "；".join(f"{c.title}{'（必填）' if c.required else ''}：{'、'.join(c.names[:6])}" for c in kind.columns)


_MARKS = lazy(r"[\s_\-*:：]|[（(]\s*(?:必填|选填|可选|required|optional)\s*[）)]")


def normalize(header: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", header)).lower()


def _lookup(kind: Kind) -> dict[str, str]:
    out: dict[str, str] = {}
    for column in kind.columns:
        out.setdefault(normalize(column.title), column.key)
        for name in column.names:
            out.setdefault(normalize(name), column.key)
    return out


@functools.lru_cache(maxsize=None)
def _lookup_of(key: str) -> dict[str, str]:
    """A kind's header spellings, normalised when a list of that kind is first read (not at import)."""
    return _lookup(KINDS[key])


@record
class Table:
    """One list, column by column: ``values[key][i]`` is row i's cell ('' when empty)."""

    kind: Kind
    source: str  # where its rows stand: the list file as the packet names it (beside the packet), or the packet
    file: Optional[str]  # the list file as shown (None: written inline in the packet)
    keys: list[str]  # column keys in the file's order (free kinds: "#" + the header as written for unknown ones)
    headers: list[str]  # the headers as written
    numbers: dict[str, int]  # key -> column number (1-based)
    values: dict[str, list[str]] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # each row's number in the file, or its index in the YAML list
    inline_keys: list[dict[str, str]] = field(default_factory=list)  # inline rows: key -> the YAML key written

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, key: str) -> list[str]:
        return self.values.get(key) or [""] * len(self.rows)

    def title_of(self, key: str) -> str:
        column = self.kind.column(key)
        return column.title if column else key[1:]

    def row_label(self, i: int) -> str:
        return f"第 {self.rows[i]} 行" if self.file else f"第 {i + 1} 项"

    def identity(self, i: int) -> str:
        """What says which customer row i is: its domain, IP or name (the kind's match columns)."""
        for key in self.kind.match:
            value = self.values.get(key, [""] * len(self))[i]
            if value:
                return value
        return ""


def list_keys(data: Any) -> list[tuple[str, Any]]:
    lists = data.get("lists") if isinstance(data, dict) else None
    return [(k, v) for k, v in lists.items() if k in KINDS] if isinstance(lists, dict) else []


def load(doc) -> dict[str, Table]:
    """Every list of a read packet (cached on the Document); UsageError (exit 2) for an unusable list."""
    cached = getattr(doc, "tables", None)
    if cached is not None:
        return cached
    folder = Path(doc.source).parent if doc.source and not doc.source.startswith("<") else None
    tables: dict[str, Table] = {}
    for key, value in list_keys(doc.data):
        kind = KINDS[key]
        if isinstance(value, str):
            tables[key] = _from_file(doc, kind, folder, value)
        elif isinstance(value, list):
            tables[key] = _from_yaml(doc, kind, value)
        # anything else: S002 (wrong type) reports it
    doc.tables = tables
    return tables


def _where(doc, path: tuple) -> str:
    line, column = doc.position(path)
    return f"{doc.source}:{line}:{column}"


def _from_file(doc, kind: Kind, folder: Optional[Path], name: str) -> Table:
    from beiantool.packet import listread

    where = _where(doc, ("lists", kind.key))
    path = listread.resolve(folder, name, where)
    shown = str(Path(doc.source).parent / name) if folder is not None and str(folder) not in ("", ".") else name
    rows = listread.read_rows(path, shown, where)
    if not rows:
        raise UsageError(f"{where}：名单文件“{shown}”是空的。", f"第一行写表头（{accepted_headers(kind)}），下面每行一个{kind.title}。")
    head_at, keys = _header(kind, rows, shown)
    number, headers = rows[head_at]
    table = Table(kind, shown, shown, keys, headers, {k: i + 1 for i, k in enumerate(keys) if k})
    width = len(keys)
    columns: list[list[str]] = [[] for _ in keys]
    for row_number, cells in rows[head_at + 1:]:
        if len(cells) > width and any(cells[width:]):
            extra = next(i for i in range(width, len(cells)) if cells[i])
            raise UsageError(f"{shown}:{row_number}:{extra + 1}：第 {extra + 1} 列有内容，但表头没有这一列。", "请在第一行补上这一列的表头，或删除多出来的内容。")
        table.rows.append(row_number)
        for i in range(width):
            columns[i].append(cells[i] if i < len(cells) else "")
    table.values = {k: columns[i] for i, k in enumerate(keys) if k}
    if not table.rows:
        raise UsageError(f"{shown}:{number}:1：名单文件只有表头，没有一行{kind.title}。",
                         "请确认导出时选对了范围；没有这类客户时，把这个名单从备案文件的 lists 中删去。")
    _require(table, shown, number)
    return table


def _header(kind: Kind, rows: list, shown: str) -> tuple[int, list[str]]:
    """(index of the header row, column keys); a title line above the header is skipped."""
    lookup = _lookup_of(kind.key)
    for index, (number, cells) in enumerate(rows[:5]):
        if any(normalize(c) in lookup for c in cells if c):
            break
    else:
        index = 0
    number, cells = rows[index]
    keys: list[str] = []
    for column, header in enumerate(cells, 1):
        key = lookup.get(normalize(header)) if header else None
        if not header:
            key = ""
        elif key is None and kind.free:
            key = "#" + header
        elif key is None:
            raise UsageError(
                f"{shown}:{number}:{column}：不认识的表头“{header}”（{kind.title}名单）。",
                f"可用的表头：{accepted_headers(kind)}。",
            )
        if key and key in keys:
            first = keys.index(key) + 1
            raise UsageError(f"{shown}:{number}:{column}：第 {first} 列和第 {column} 列都是“{header}”这一栏。", "请删除或改名其中一列。")
        keys.append(key)
    while keys and not keys[-1]:
        keys.pop()
    return index, keys


def _require(table: Table, shown: str, header_row: int) -> None:
    for column in table.kind.columns:
        if not column.required:
            continue
        if column.key not in table.values:
            raise UsageError(f"{shown}:{header_row}:1：缺少必填的“{column.title}”列（{table.kind.title}名单）。",
                             f"请在表头加上这一列（可写：{'、'.join(column.names[:5])}）。")
        if table.rows and not any(table.values[column.key]):
            raise UsageError(f"{shown}:{header_row}:{table.numbers[column.key]}：“{column.title}”列全是空的（{table.kind.title}名单）。",
                             "请核对导出的文件是否选对了列，或补上每一行的内容。")


def _from_yaml(doc, kind: Kind, rows: list) -> Table:
    lookup = _lookup_of(kind.key)
    table = Table(kind, doc.source, None, [], [], {})
    values: dict[str, list[str]] = {}
    for i, row in enumerate(rows):
        written: dict[str, str] = {}
        for name, value in (row.items() if isinstance(row, dict) else ()):  # a row that is not a mapping: S002
            key = lookup.get(normalize(str(name)))
            if key is None and kind.free:
                key = "#" + str(name)
            if key is None:
                line, column = doc.position(("lists", kind.key, i, name), key=True)
                raise UsageError(f"{doc.source}:{line}:{column}：不认识的栏目“{name}”（{kind.title}名单）。",
                                 f"可用的栏目：{accepted_headers(kind)}。")
            written[key] = name
            if key not in values:
                values[key] = [""] * len(table.rows)
                table.keys.append(key)
                table.headers.append(str(name))
            values[key].append(_text(value))
        for key, column in values.items():
            if len(column) < len(table.rows) + 1:
                column.append("")
        table.rows.append(i)
        table.inline_keys.append(written)
    table.values = values
    table.numbers = {k: n for n, k in enumerate(table.keys, 1)}
    return table


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def place(tables: dict[str, Table], doc, path: tuple) -> Optional[tuple[Optional[str], int, int]]:
    """(list file or None, line, column) of a finding in a list: ("lists", kind, i, key)."""
    if len(path) < 3 or path[0] != "lists" or path[1] not in tables or not isinstance(path[2], int):
        return None
    table = tables[path[1]]
    i, key = path[2], (path[3] if len(path) > 3 else None)
    if not 0 <= i < len(table):
        return None
    if table.file is None:
        written = table.inline_keys[i].get(key) if key else None
        line, column = doc.position(("lists", path[1], table.rows[i]) + ((written,) if written else ()))
        return None, line, column
    return table.file, table.rows[i], table.numbers.get(key, 1) if key else 1


def row_count(tables: dict[str, Table], kind: str) -> Optional[int]:
    return len(tables[kind]) if kind in tables else None
