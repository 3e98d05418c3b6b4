"""The library API: everything the command line does, usable from Python."""

from __future__ import annotations


import datetime
import re
from dataclasses import field
from importlib import resources
from pathlib import Path
from typing import Optional

from beiantool.base.record import record
from beiantool.rules import engine
from beiantool import rules
from beiantool.packet import yamlread
from beiantool.packet.view import text
from beiantool.base.errors import BeiantoolError, UsageError
from beiantool.base.problem import Problem, Severity
from beiantool.base.lazyre import lazy

DEFAULT_CITY = "national"  # a packet without city: and no --city is checked against the national base
# `beiantool init` without --city writes the Shaoxing starter: the one whose rule set and forms ask the most,
# so a newcomer sees every kind of field; validating still falls back to DEFAULT_CITY, never to this.
STARTER_CITY = "shaoxing"


@record
class Report:
    source: str
    city: str
    problems: list[Problem] = field(default_factory=list)
    city_name: str = ""
    ruleset: Optional[rules.RuleSet] = field(default=None, repr=False, compare=False)
    files: object = field(default=None, repr=False, compare=False)  # attachments.Snapshot: the attached files as checked

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unprintable(self) -> list[Problem]:
        """Text with control characters (S007, whatever its severity): no command shows or prints it."""
        return [p for p in self.problems if p.code == "S007"]

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
    from beiantool.packet.attachments import Snapshot
    from beiantool.packet.normalize import normalize_labels

    refuse_non_packet(doc)
    normalize_labels(doc.data, city_alias=rules.city_alias)
    ruleset = _ruleset_for(doc, city, rules_file)
    files = Snapshot(engine.packet_folder(doc.source))
    return Report(doc.source, ruleset.id, engine.run(doc, ruleset, today, files), ruleset.name, ruleset, files)


def validate_file(
    path: str | Path,
    city: Optional[str] = None,
    today: Optional[datetime.date] = None,
    rules_file: Optional[str | Path] = None,
) -> Report:
    """Read and validate a packet file; raises UsageError if it cannot be read."""
    return validate_document(yamlread.load(path), city, today, rules_file)


def refuse_non_packet(doc: yamlread.Document) -> None:
    """A file that is plainly not a packet (not one top-level key is, or nearly is, a packet's key)
    is told so in one line: its contents are never echoed back key by key."""
    from beiantool.packet.plan import fields

    known = list(fields("Packet"))
    keys = [str(k) for k in doc.data]
    if not keys or any(k in known for k in keys):
        return
    import difflib  # only for a file with no packet key spelled right

    if any(difflib.get_close_matches(k.lower(), known, n=1, cutoff=0.75) for k in keys):
        return
    raise UsageError(
        f"{doc.source}：这不是备案文件：顶层的 {len(keys)} 个键没有一个是备案文件的键（{'、'.join(known[:6])}……），不逐条列出。",
        "请确认选对了文件；备案文件可用 beiantool init 生成模板。",
    )


PACKET_SUFFIXES = (".yaml", ".yml")


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the regular .yaml/.yml files under it (see :func:`find_packets`)."""
    return find_packets(paths)[0]


def find_packets(paths: list[str | Path]) -> tuple[list[Path], list[Path]]:
    """(packet files, skipped entries): files as given; a folder stands for the regular .yaml/.yml files
    under it, sorted, hidden ones skipped. Inside a folder nothing is followed that the user did not
    name: a symbolic link (to a file or a folder) and anything that is not a regular file (a pipe, a
    device) is skipped, never read, and returned as skipped so the caller can say so."""
    import os
    import stat

    out: list[Path] = []
    skipped: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            out.append(path)
            continue
        found = []
        for top, dirs, names in os.walk(path, followlinks=False):
            here = Path(top)
            for name in sorted(dirs):
                if name.startswith("."):
                    dirs.remove(name)
                elif (here / name).is_symlink():
                    skipped.append(here / name)  # os.walk does not enter it; say so
            for name in names:
                entry = here / name
                if name.startswith(".") or entry.suffix.lower() not in PACKET_SUFFIXES:
                    continue
                try:
                    mode = os.lstat(entry).st_mode
                except OSError:
                    mode = 0
                (found if stat.S_ISREG(mode) else skipped).append(entry)
        found.sort()
        if not found:
            told = f"（跳过了 {len(skipped)} 个符号链接或不是普通文件的项）" if skipped else ""
            raise UsageError(f"{path}：目录中没有 .yaml 或 .yml 备案文件{told}。",
                             "目录中的符号链接不会被读取；要校验链接指向的文件，请直接给出那个文件。" if skipped else None)
        out.extend(found)
    return list(dict.fromkeys(out)), sorted(dict.fromkeys(skipped))


def skipped_note(skipped: list[Path]) -> str:
    """The one line that says what a folder walk left out."""
    from beiantool.base.privacy import escape_controls

    shown = "、".join(escape_controls(str(p)) for p in skipped[:3]) + ("等" if len(skipped) > 3 else "")
    return (f"已跳过目录中的 {len(skipped)} 个符号链接或不是普通文件的项（{shown}），没有读取。"
            "要处理链接指向的文件，请直接在命令行上给出那个文件。")


@record
class Outcome:
    """One file of a multi-file run: its report, or why it could not be read (or a bug: exit 3)."""

    file: Path
    report: Optional[Report] = None
    error: Optional[BeiantoolError] = None  # UsageError, or InternalError (a bug met in this file)

    def exit_code(self, strict: bool = False) -> int:
        if self.error is not None:
            return self.error.exit_code
        return 0 if self.report.passed(strict) else 1


def validate_many(paths: list[str | Path], city: Optional[str] = None, rules_file: Optional[str | Path] = None,
                  today: Optional[datetime.date] = None, jobs: Optional[int] = 1, on_done=None) -> list[Outcome]:
    """Validate each file on its own, in up to ``jobs`` processes (None: one per core), results in
    input order; ``on_done(index, outcome)`` as each file ends. One file's failure never stops the
    others. The reports carry no rule set object (they may come from another process)."""
    from beiantool.base import batch

    files = expand_paths(paths)  # the command line says what was skipped (find_packets)
    return batch.run(_validate_outcome, [(f, city, today, rules_file) for f in files], jobs, on_done, lambda i: _lost(files[i]),
                     workers=batch.Workers(VALIDATE_PRELOAD, meanwhile=True))


def _lost(path: Path) -> Outcome:
    """A file whose worker process was killed (the system, out of memory): that file's outcome, the others go on."""
    from beiantool.base.errors import InternalError

    return Outcome(path, error=InternalError("处理这个文件的进程意外结束（可能是内存不足或被系统终止），这个文件没有校验完。请再运行一次。"))


# What validating a file imports, loaded once in a batch's fork server (batch.Workers); meanwhile the command
# validates files itself, so that a few files are done before any worker would have started
VALIDATE_PRELOAD = ("beiantool.base.forklife", "beiantool.base.workers", "beiantool.api", "beiantool.checks", "beiantool.rules",
                    "phonenumbers", "stdnum.cn.ric", "idna")


def _validate_outcome(path: Path, city, today, rules_file) -> Outcome:
    try:
        report = validate_file(path, city, today, rules_file)
    except UsageError as exc:
        return Outcome(path, error=exc)
    except Exception as exc:  # noqa: BLE001 - a bug met in one file is that file's outcome, not the batch's end
        from beiantool.base.errors import internal_error

        return Outcome(path, error=internal_error(exc))
    report.ruleset = report.files = None  # not sent back from a worker process
    return Outcome(path, report)


def load_ruleset(city: Optional[str] = None, rules_file: Optional[str | Path] = None) -> rules.RuleSet:
    return rules.load_file(rules_file) if rules_file is not None else rules.load(city or DEFAULT_CITY)


def make_checklist(
    packet_path: Optional[str | Path] = None,
    city: Optional[str] = None,
    rules_file: Optional[str | Path] = None,
    today: Optional[datetime.date] = None,
):
    """The checklist for a city (every item), or for a packet (what this filer needs)."""
    from beiantool.tasks import checklist

    if packet_path is None:
        if city is None and rules_file is None:
            raise UsageError("请指定城市（--city）或备案文件。", "如：beiantool checklist --city shaoxing，或 beiantool checklist 备案.yaml。")
        return checklist.build(load_ruleset(city, rules_file))
    from beiantool.packet.normalize import normalize_labels

    doc = yamlread.load(packet_path)
    refuse_non_packet(doc)
    normalize_labels(doc.data, city_alias=rules.city_alias)
    from beiantool.packet import lists

    return checklist.build(_ruleset_for(doc, city, rules_file), doc.data, today, lists.load(doc))


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


STARTER_TYPES = ("company", "government", "institution", "social_org", "individual", "other")
_STARTER_KEYS = lazy(r"\{(city|city_name|type|type_label|area|postcode|place|abbr|person_address|officer_rule|deadline_rule|attachment_lines)\}")
_STARTER_BLOCK = lazy(r"^#@ if (\w+)\n(.*?)^#@ end\n", re.M | re.S)


def starter_packet(city: str = STARTER_CITY, kind: str = "company") -> str:
    """The commented starter packet that `beiantool init` writes: the city's area code, postcode
    prefix and province abbreviation filled in, everything else a 〔placeholder〕 that S008 reports."""
    from beiantool.base.enums import UnitType
    from beiantool.checks.shape import FALLBACK_PLACEHOLDERS

    if kind not in STARTER_TYPES:
        raise UsageError(f"不认识的备案主体类型“{kind}”。", f"可选：{'、'.join(f'{t}（{UnitType(t).label}）' for t in STARTER_TYPES)}。")
    ruleset = rules.load(city)
    region = ruleset.region
    person = kind == "individual"
    tags = {"person": person, "unit": not person, **{section: True for section in ruleset.filing.starter_sections}}
    officer = ruleset.rules.get("B702")
    officer_rule = ""
    if officer and not officer.params.sites_only:
        low, high = officer.params.min, officer.params.max
        officer_rule = f"（{ruleset.name}：{low} 到 {high} 名）" if high else f"（{ruleset.name}：至少 {low} 名）"
    deadline = ruleset.filing.deadline
    values = {
        "city": ruleset.id,
        "city_name": ruleset.name,
        "type": kind,
        "type_label": UnitType(kind).label,
        "area": region.area_codes[0] if region.area_codes else FALLBACK_PLACEHOLDERS["area"],
        "postcode": region.postcode_prefixes[0] if region.postcode_prefixes else "",
        "place": (region.province or "") + (ruleset.name if ruleset.name != region.province else "") if region.province else FALLBACK_PLACEHOLDERS["place"],
        "abbr": region.province_abbr or FALLBACK_PLACEHOLDERS["abbr"],
        "person_address": "：个人居住地址" if person else "",
        "officer_rule": officer_rule,
        "deadline_rule": f"：须在此后 {deadline.days} 日内备案" if deadline and (not person or deadline.individuals) else "",
        "attachment_lines": _starter_attachments(ruleset, kind),
    }
    body = (resources.files("beiantool.templates") / "starter.yaml").read_text(encoding="utf-8")
    body = _STARTER_BLOCK.sub(lambda m: m.group(2) if tags.get(m.group(1)) else "", body)
    return _STARTER_KEYS.sub(lambda m: values[m.group(1)], body)


def _starter_attachments(ruleset: rules.RuleSet, kind: str) -> str:
    """The attachments block of the starter: this city's own checklist items that every filer of this
    kind brings (a file each; an ID copy says whose it is), so uncommenting it names real items."""
    from beiantool.packet.attachments import is_card

    lines = []
    for item in ruleset.checklist:
        when = item.when.model_dump(exclude_none=True, exclude_defaults=True)  # no empty fields clause
        if item.made_by != "filer" or item.copies < 1 or set(when) - {"unit_type", "not_unit_type", "has_sites"}:
            continue
        if when.get("has_sites") is False:
            continue  # the starter has a website
        if kind not in when.get("unit_type", [kind]) or kind in when.get("not_unit_type", []):
            continue
        if is_card(item.name):
            lines.append(f"#   {item.id}:   # {item.name}：与人有关的写明是谁的（legal 法人代表、lead 安全负责人、officer1… 第几名安全员、site1… 网站负责人）")
            lines.append(f"#     - {{file: scans/{item.id}-正面.jpg, whose: legal}}")
            lines.append(f"#     - {{file: scans/{item.id}-反面.jpg, whose: legal}}")
        else:
            lines.append(f"#   {item.id}: scans/{item.id}.pdf   # {item.name}")
    return "\n".join(lines[:8]) if lines else "#   （本城市的清单没有人人都要自备的材料；条目代码见 beiantool checklist --city 城市 -f json）"


def write_starter(
    target: str | Path, city: str = STARTER_CITY, force: bool = False, kind: str = "company", on_kept=None
) -> Path:
    """Write the starter packet to ``target``; with ``force`` a different old file is kept as NAME.bak (``on_kept(path)``)."""
    from beiantool.base.safeio import write_file

    return write_file(Path(target), starter_packet(city, kind), force, on_kept)


def packet_schema() -> dict:
    """JSON Schema of the packet file."""
    from beiantool.packet.model import Packet

    return Packet.model_json_schema()
