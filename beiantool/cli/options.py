"""The choices and options several commands share."""

from __future__ import annotations

from enum import Enum

import typer


class Format(str, Enum):
    text = "text"
    json = "json"


class MarkCopies(str, Enum):
    id = "id"
    all = "all"
    none = "none"


class ListFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"


JOBS = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="多个文件时同时处理的进程数（默认：CPU 核数）。", show_default=False)
QUIET = typer.Option(False, "--quiet", "-q", help="只输出未通过的文件和最后一行结论，不显示进度条。")
CITY = typer.Option(None, "--city", "-c", metavar="城市", help="城市规则集代码（默认取文件中的 city）。")
