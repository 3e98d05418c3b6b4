"""Apply a rule set to a packet document: run each enabled check, stamp codes and severities."""

from __future__ import annotations

import datetime
from typing import Iterable, Optional

from beiantool.checks import REGISTRY
from beiantool.checks.base import Context, Finding, as_date
from beiantool.checks.shape import shape_findings
from beiantool.problem import Problem
from beiantool.rules import RuleSet
from beiantool.yamlread import Document


def filing_date(data: dict, today: Optional[datetime.date] = None) -> datetime.date:
    """The date the packet speaks for: its filled_on, else today."""
    return as_date(data.get("filled_on")) or today or datetime.date.today()


def run(doc: Document, ruleset: RuleSet, today: Optional[datetime.date] = None) -> list[Problem]:
    from beiantool import lists

    tables = lists.load(doc)  # an unusable list file: UsageError (exit 2)
    ctx = Context(region=ruleset.region, today=filing_date(doc.data, today), city_name=ruleset.name,
                  folder=_folder(doc.source), items=tuple(ruleset.checklist), lists=tables)
    # the reader's own problems (duplicate keys) already know their exact place
    placed = {(p.code, p.path, p.message): (p.line, p.column) for p in doc.problems}
    found: list[tuple[str, Finding]] = [(p.code, Finding(p.path, p.message)) for p in doc.problems]
    found.extend(shape_findings(doc.data))
    for code, rule in ruleset.rules.items():
        check = REGISTRY[code]
        if check.func is not None:
            found.extend((code, finding) for finding in check.func(doc.data, ctx, rule.params))
    # a placeholder left from `init` (S008) or a number typed with full-width characters (S009) is
    # reported once, as itself, not again as a malformed number or date
    first = ("S008", "S009")
    named = {tuple(f.path) for code, f in found if code in first}
    found = [(code, f) for code, f in found if code in first or tuple(f.path) not in named]
    return sorted(_stamp(doc, ruleset, found, placed, tables), key=Problem.sort_key)


def _folder(source: str):
    """The folder of a packet read from a file (attachments are relative to it); None for text given in memory."""
    from pathlib import Path

    path = Path(source)
    return path.parent if source and not source.startswith("<") else None


def _stamp(doc: Document, ruleset: RuleSet, found: Iterable[tuple[str, Finding]], placed: dict, tables: dict) -> Iterable[Problem]:
    from beiantool.lists import place

    seen = set()
    for code, finding in found:
        key = (code, finding.path, finding.message)
        if key in seen:
            continue
        seen.add(key)
        file, line, column = (tables and place(tables, doc, finding.path)) or (None, *(placed.get(key) or doc.position(finding.path)))
        severity = ruleset.severity(code) or REGISTRY[code].severity
        yield Problem(code, severity, tuple(finding.path), line, column, finding.message, file)
