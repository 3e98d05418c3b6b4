"""The library API: everything the command line does, usable from Python."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from beiantool import engine, rules, yamlread
from beiantool.checks.base import text
from beiantool.errors import UsageError
from beiantool.problem import Problem, Severity

DEFAULT_CITY = "national"


@dataclass
class Report:
    source: str
    city: str
    problems: list[Problem] = field(default_factory=list)
    city_name: str = ""
    ruleset: Optional[rules.RuleSet] = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def passed(self, strict: bool = False) -> bool:
        return self.ok and not (strict and self.warnings)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "city": self.city, "problems": [p.to_dict() for p in self.problems]}


def city_of(doc: yamlread.Document, city: Optional[str] = None) -> str:
    """--city wins, then the packet's own city:, then the national base."""
    return city or text(doc.data.get("city")) or DEFAULT_CITY


def validate_document(
    doc: yamlread.Document,
    city: Optional[str] = None,
    today: Optional[datetime.date] = None,
    rules_file: Optional[str | Path] = None,
) -> Report:
    """Validate a read packet against --rules FILE, else --city, else the packet's own city."""
    from beiantool.model import normalize_labels

    normalize_labels(doc.data)
    ruleset = _ruleset_for(doc, city, rules_file)
    return Report(doc.source, ruleset.id, engine.run(doc, ruleset, today), ruleset.name, ruleset)


def validate_file(
    path: str | Path,
    city: Optional[str] = None,
    today: Optional[datetime.date] = None,
    rules_file: Optional[str | Path] = None,
) -> Report:
    """Read and validate a packet file; raises UsageError if it cannot be read."""
    return validate_document(yamlread.load(path), city, today, rules_file)


def load_ruleset(city: Optional[str] = None, rules_file: Optional[str | Path] = None) -> rules.RuleSet:
    return rules.load_file(rules_file) if rules_file is not None else rules.load(city or DEFAULT_CITY)


def make_checklist(
    packet_path: Optional[str | Path] = None,
    city: Optional[str] = None,
    rules_file: Optional[str | Path] = None,
    today: Optional[datetime.date] = None,
):
    """The checklist for a city (every item), or for a packet (what this filer needs)."""
    from beiantool import checklist

    if packet_path is None:
        if city is None and rules_file is None:
            raise UsageError("请指定城市（--city）或备案文件。", "如：beiantool checklist --city shaoxing，或 beiantool checklist 备案.yaml。")
        return checklist.build(load_ruleset(city, rules_file))
    from beiantool.model import normalize_labels

    doc = yamlread.load(packet_path)
    normalize_labels(doc.data)
    return checklist.build(_ruleset_for(doc, city, rules_file), doc.data, today)


def _ruleset_for(doc: yamlread.Document, city: Optional[str], rules_file: Optional[str | Path] = None) -> rules.RuleSet:
    """--rules FILE, else --city, else the packet's own city: (an unknown one reported where the file names it)."""
    if rules_file is not None:
        return rules.load_file(rules_file)
    chosen = city_of(doc, city)
    try:
        return rules.load(chosen)
    except UsageError as exc:
        if city is None and ("city",) in doc.positions:  # the file named it: say where
            line, column = doc.position(("city",))
            raise UsageError(f"{doc.source}:{line}:{column}：{exc.message}", exc.hint) from None
        raise


def list_rulesets() -> list[rules.RuleSet]:
    """The built-in rule sets and the usable ones in $BEIANTOOL_RULES_DIR."""
    return list_rulesets_checked()[0]


def list_rulesets_checked() -> tuple[list[rules.RuleSet], list[str]]:
    """(usable rule sets, one message per unusable file in $BEIANTOOL_RULES_DIR): one bad file hides no other."""
    good, bad = [], []
    for rid in rules.available_ids():
        try:
            good.append(rules.load(rid))
        except UsageError as exc:
            bad.append(exc.message)
    bad.extend(f"{path}：{why}，已跳过。" for path, why in rules.unusable_files())
    return good, bad


def starter_packet(city: str = "shaoxing") -> str:
    """The commented starter packet that `beiantool init` writes."""
    ruleset = rules.load(city)
    template = resources.files("beiantool.templates") / "starter.yaml"
    body = template.read_text(encoding="utf-8")
    return body.replace("city: shaoxing", f"city: {ruleset.id}", 1)


def write_starter(target: str | Path, city: str = "shaoxing", force: bool = False) -> Path:
    from beiantool.safeio import write_file

    return write_file(Path(target), starter_packet(city), force)


def packet_schema() -> dict:
    """JSON Schema of the packet file."""
    from beiantool.model import Packet

    return Packet.model_json_schema()
