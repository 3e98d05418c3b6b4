"""Show a validation report: a readable grouped text, or exactly one JSON object.

The text is built once as lines of styled segments. On an interactive terminal
rich prints them in colour (and copes with the Windows console); piped or
redirected, they are written as plain text, without importing rich at all.
"""

from __future__ import annotations

import json
import os
from itertools import groupby
from typing import Optional, TextIO

from beiantool.api import Report
from beiantool.packet.plan import label
from beiantool.base.errors import usage_error_dict
from beiantool.base.problem import Problem, Severity

Segment = tuple[str, Optional[str]]  # (text, rich style or None)


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def usage_json(exc) -> str:
    """An unusable file or argument (exit 2) as the one JSON object --format json promises."""
    return json.dumps({"ok": False, "city": None, "error": usage_error_dict(exc), "problems": []}, ensure_ascii=False, indent=2)


def _group(problem: Problem) -> tuple:
    path = problem.path
    if not path:
        return ("",)
    if path[0] == "sites" and len(path) > 1 and isinstance(path[1], int):
        return ("sites", path[1])
    return (path[0],)


def _group_title(key: tuple) -> str:
    if key == ("",):
        return "文件整体"
    return f"{label(key)}（{key[0]}{f'[{key[1]}]' if len(key) > 1 else ''}）"


def _order(problem: Problem) -> tuple:
    key = _group(problem)
    return (key[0] != "unit", str(key), problem.sort_key())


# Warnings about what the officer reads on the paper: a blank column, a late or future date, too
# few officers, a postcode or an ID that does not fit. Packets are returned for these; the rest
# (IP details, the province of an ICP number, a dynamic IP…) are advice to confirm.
OFFICER_OBJECTS = {"S006", "D601", "D602", "B702", "C205", "P102"}


def _warning_advice(warnings) -> str:
    codes = sorted({p.code for p in warnings})
    serious = [c for c in codes if c in OFFICER_OBJECTS]
    count = sum(1 for p in warnings if p.code in OFFICER_OBJECTS)
    if not serious:
        return "都是提醒（" + "、".join(codes) + "），逐条确认无误即可提交。"
    rest = len(warnings) - count
    head = f"其中 {count} 个（{'、'.join(serious)}）" if rest else ("这个警告" if count == 1 else f"这 {count} 个警告")
    tail = f"；其余 {rest} 个是提醒，确认无误即可。" if rest else "。"
    return f"{head}是受理时可能被要求补正的，请先处理{tail}"


def text_lines(report: Report, strict: bool = False) -> list[list[Segment]]:
    from beiantool.base.privacy import screen

    lines: list[list[Segment]] = [[(screen(report.source), "bold"), (f"  规则集：{report.city_name}（{report.city}）", None)]]
    for key, group in groupby(sorted(report.problems, key=_order), key=_group):
        lines.append([])
        lines.append([(screen(_group_title(key)), "bold underline")])
        for p in group:
            where = (f"{screen(p.file)}:" if p.file else "") + (f"{p.line}:{p.column}" if p.line else "-")
            style = "red" if p.severity is Severity.ERROR else "yellow"
            lines.append([(f"  {where:>7}  ", "dim"), (p.severity.label, style), (" ", None), (p.code, "bold"), (f"  {p.message}", None)])
            lines.append([(f"  {'':>7}  {p.path_text}", "dim")])
    lines.append([])
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.problems:
        lines.append([("✓ 没有发现问题。", "green")])
    elif errors:
        lines.append([(f"✗ {errors} 个错误", "red"), (f"、{warnings} 个警告。请按提示修改后重新运行 beiantool validate。", None)])
    elif strict:
        lines.append([(f"✗ 没有错误，但有 {warnings} 个警告", "red"), ("：使用了 --strict，警告也算不通过（退出码 1）。请逐条处理警告，或去掉 --strict。", None)])
    else:
        lines.append([("✓ 没有错误", "yellow"), (f"，{warnings} 个警告：{_warning_advice(report.warnings)}", None)])
    return lines


def _colour(out: TextIO, color: Optional[bool]) -> bool:
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(out, "isatty") and out.isatty())


def render_text(report: Report, out: TextIO, color: Optional[bool] = None, strict: bool = False) -> None:
    lines = text_lines(report, strict)
    if not _colour(out, color):
        out.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, force_terminal=True, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*[(text, style or "") for text, style in line]))
