"""Apply a rule set to a packet document: run each enabled check, stamp codes and severities."""

from __future__ import annotations

import datetime
from typing import Iterable, Optional

from beiantool.checks import REGISTRY
from beiantool.checks.base import Context, Finding
from beiantool.base.dates import as_date
from beiantool.checks.shape import shape_findings
from beiantool.base.problem import Problem
from beiantool.rules import RuleSet
from beiantool.rules.demands import form_demands_of
from beiantool.packet.yamlread import Document


def filing_date(data: dict, today: Optional[datetime.date] = None) -> datetime.date:
    """The date the packet speaks for: its filled_on, else today."""
    return as_date(data.get("filled_on")) or today or datetime.date.today()


def run(doc: Document, ruleset: RuleSet, today: Optional[datetime.date] = None, files=None) -> list[Problem]:
    """``files``: the attachments.Snapshot to read attached files through (a new one if not given)."""
    from beiantool.packet import lists
    from beiantool.packet.attachments import Snapshot
    from beiantool.checks.shape import ungroup_numbers

    tables = lists.load(doc)  # an unusable list file: UsageError (exit 2)
    # a number that is right once its grouping spaces go is read (and printed) without them: S010 says so
    read = tuple(ungroup_numbers(doc.data)) if "S010" in ruleset.rules else ()
    folder = packet_folder(doc.source)
    ctx = Context(region=ruleset.region, today=filing_date(doc.data, today), city_name=ruleset.name, folder=folder,
                  items=tuple(ruleset.checklist), files=files if files is not None else Snapshot(folder), lists=tables,
                  demands=demands(ruleset), numbers_read=read)
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
    # the city's officer count (B702) and the website form's two officer rows (S005) ask for the same fix
    counted = {tuple(f.path) for code, f in found if code == "B702"}
    found = [(code, f) for code, f in found if not (code == "S005" and tuple(f.path) in counted)]
    found = _after_duplicates(doc, found)
    return sorted(_stamp(doc, ruleset, found, placed, tables), key=Problem.sort_key)


def _after_duplicates(doc: Document, found: list) -> list:
    """A section written twice keeps only its second copy (Y001): a field said to be missing inside it
    may be sitting in the first copy, and the message says so instead of calling it 尚未填写 alone."""
    twice = {tuple(p.path): p.line for p in doc.problems if p.code == "Y001"}
    if not twice:
        return found
    out = []
    for code, f in found:
        key = next((k for k in twice if tuple(f.path)[: len(k)] == k and k), None)
        if code in ("S005", "S006", "B702") and key is not None:
            name = key[-1]
            f = Finding(f.path, f"{f.message}（注意：“{name}”在文件中写了两次（见 Y001），只有后一处被读取；"
                                f"这一项若写在前一处，把两处合并成一个“{name}:”后再校验。）")
        out.append((code, f))
    return out


def demands(ruleset: RuleSet) -> tuple:
    """What the forms this rule set renders demand (their own required marks), read from the same
    layouts the renderer and `beiantool platform` read: one source per output. A compiled rule set
    (rules/compiled.py) carries them worked out."""
    return ruleset.demands if ruleset.demands is not None else form_demands_of(ruleset)


def packet_folder(source: str):
    """The folder of a packet read from a file (attachments are relative to it); None for text given in memory."""
    from pathlib import Path

    path = Path(source)
    return path.parent if source and not source.startswith("<") else None


def _stamp(doc: Document, ruleset: RuleSet, found: Iterable[tuple[str, Finding]], placed: dict, tables: dict) -> Iterable[Problem]:
    from beiantool.packet.lists import place

    seen = set()
    for code, finding in found:
        key = (code, finding.path, finding.message)
        if key in seen:
            continue
        seen.add(key)
        file, line, column = (tables and place(tables, doc, finding.path)) or (None, *(placed.get(key) or doc.position(finding.path)))
        severity = ruleset.severity(code) or REGISTRY[code].severity
        yield Problem(code, severity, tuple(finding.path), line, column, finding.message, file)
