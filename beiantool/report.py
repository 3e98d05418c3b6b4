"""Show a validation report: a readable grouped text, or exactly one JSON object."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from beiantool.api import Report
from beiantool.model import label
from beiantool.problem import Problem, Severity


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


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


def render_text(report: Report, ruleset_name: str, out: TextIO, color: bool | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, force_terminal=color, no_color=color is False, soft_wrap=True)
    console.print(f"[bold]{escape(report.source)}[/]  规则集：{escape(ruleset_name)}（{report.city}）")
    order = sorted(report.problems, key=lambda p: (_group(p) != ("",), _group(p)[0] != "unit", str(_group(p)), p.sort_key()))
    for key, group in groupby(order, key=_group):
        console.print()
        console.print(f"[bold underline]{escape(_group_title(key))}[/]")
        for p in group:
            style = "red" if p.severity is Severity.ERROR else "yellow"
            where = f"{p.line}:{p.column}" if p.line else "-"
            console.print(f"  [dim]{where:>7}[/]  [{style}]{p.severity.label}[/] [bold]{p.code}[/]  {escape(p.message)}")
            console.print(f"  {'':>7}  [dim]{escape(p.path_text)}[/]")
    console.print()
    errors, warnings = len(report.errors), len(report.warnings)
    if not report.problems:
        console.print("[green]✓ 没有发现问题。[/]")
    elif errors:
        console.print(f"[red]✗ {errors} 个错误[/]、{warnings} 个警告。请按提示修改后重新运行 beiantool validate。")
    else:
        console.print(f"[yellow]✓ 没有错误[/]，{warnings} 个警告：请逐条确认。")
