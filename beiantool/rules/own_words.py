"""Every statement the tool makes that no seed passage carries: beiantool's own words, in one list.

Read from the data, never kept by hand: each built-in rule file (its checklist items, notes,
deadlines, change rule, offices, region and checks — each listed once, in the file that says
it, not again in every file that extends it), the platform guide (rules/platform.yaml names
its own keys under ``own_words``), and the form and letter layouts (a source that is not a
seed, a ``generated`` letter, ``〔beiantool 注〕`` notes, copy marks the tool adds). A statement
is the tool's own when its source is missing, is ``inferred``, or is not a seed file (a
national standard, a web page, the project's reference notes), or when its words say so
(〔beiantool 注〕, “beiantool”, “本工具”).

Outputs may add their fixed wording with :func:`statement` (the change notice's note does).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import resources
from typing import Iterator, Optional

from beiantool.checks.base import Source
from beiantool.base.lazyre import lazy

SEED_FILE = lazy(r"^\d{3}_[0-9a-f]{16}\.txt$")
SAYS_OWN = lazy(r"〔beiantool 注〕|beiantool|本工具")

NO_SOURCE, INFERRED, STANDARD, REFERENCE, WEB, OWN = (
    "没有来源", "由来源推定", "国家标准或通行规范（不是来源文件）", "beiantool 自己的资料", "公开网页（不是来源文件）", "beiantool 自己的话")


@dataclass(frozen=True)
class Statement:
    where: str  # the data file and the place in it
    text: str
    why: str  # one of the kinds above
    basis: str = ""  # what the data cites, if anything

    def to_dict(self) -> dict:
        return asdict(self)


def statement(where: str, text: str, why: str = OWN, basis: str = "") -> Statement:
    return Statement(where, text, why, basis)


def why_own(source: Optional[Source], text: str = "") -> Optional[str]:
    """Why a statement with this source is the tool's own, or None when a seed passage carries it."""
    if text and SAYS_OWN.search(text):
        return OWN
    if source is None:
        return NO_SOURCE
    if source.inferred:
        return INFERRED
    if source.file and SEED_FILE.match(source.file):
        return None
    if source.url:
        return WEB
    if source.file:
        return REFERENCE
    return STANDARD if source.standard else NO_SOURCE


def _add(out: list, where: str, text: str, source: Optional[Source], fallback: Optional[Source] = None) -> None:
    if not text:
        return
    used = source if source is not None else fallback
    why = why_own(used, text)
    if why:
        out.append(Statement(where, text, why, used.cite() if used else ""))


def from_rule_file(rid: str) -> list[Statement]:
    """The statements of one built-in rule file that no seed passage carries (its own entries only)."""
    from beiantool.rules import Note, _read_id

    data, _, _ = _read_id(rid)
    here = f"beiantool/rules/data/{rid}.yaml"
    filing = data.filing
    out: list[Statement] = []
    for item in data.checklist:
        if not item.enabled:
            continue
        _add(out, f"{here} · checklist.{item.id}", item.name, item.source)
        if item.note:
            _add(out, f"{here} · checklist.{item.id}.note", item.note, item.source)
    for n, note in enumerate(filing.notes):
        if isinstance(note, Note):
            if note.enabled:
                _add(out, f"{here} · filing.notes[{n}]", note.text, note.source)
        else:
            _add(out, f"{here} · filing.notes[{n}]", note, filing.source)
    if filing.deadline:
        d = filing.deadline
        _add(out, f"{here} · filing.deadline", f"自{'网络正式联通' if d.start == 'connected_on' else '网站开通'}之日起 {d.days} 日内（{d.basis}）", d.source)
        _add(out, f"{here} · filing.deadline.individuals_note", d.individuals_note, d.source)
    if filing.change:
        c = filing.change
        for key in ("no_deadline", "procedure", "status"):
            _add(out, f"{here} · filing.change.{key}", getattr(c, key), c.source)
        if c.connection_fields:
            out.append(Statement(f"{here} · filing.change.connection_fields",
                                 f"算作“联网方式变更”的栏目：{'、'.join(c.connection_fields)}", OWN, "beiantool 对“联网方式”的理解"))
        for n, note in enumerate(c.notes + c.access_notes):
            _add(out, f"{here} · filing.change.notes[{n}]", note, c.source)
    if filing.layout_note:
        out.append(Statement(f"{here} · filing.layout_note", filing.layout_note, OWN))
    for n, step in enumerate(filing.review or []):
        if step.note:
            _add(out, f"{here} · filing.review[{n}].note", step.note, filing.source)
    for office in data.offices:
        if office.note:
            _add(out, f"{here} · offices.{office.name}.note", office.note, office.source)
        elif office.source and office.source.inferred:
            _add(out, f"{here} · offices.{office.name}", office.name, office.source)
    if data.region.source is not None:
        r = data.region
        facts = "、".join(x for x in (r.region_code, "/".join(r.area_codes), "/".join(r.postcode_prefixes)) if x)
        _add(out, f"{here} · region", f"{data.name}：{facts}", r.source)
    for code, entry in data.checks.items():
        if entry.source is not None:
            why = why_own(entry.source, entry.source.note or "")
            if why:
                out.append(Statement(f"{here} · checks.{code}", entry.source.note or entry.source.standard or entry.source.cite(), why,
                                     entry.source.cite()))
    return out


def from_platform() -> list[Statement]:
    import yaml

    data = yaml.safe_load(resources.files("beiantool.rules").joinpath("platform.yaml").read_text(encoding="utf-8"))
    out = []
    for key in data.get("own_words", []):
        value = data.get(key)
        if isinstance(value, list):
            for n, step in enumerate(value):
                words = step.get("text") if isinstance(step, dict) else str(step)
                out.append(Statement(f"beiantool/rules/platform.yaml · {key}[{n}]", f"{step.get('title', '')}　{words}".strip(), OWN,
                                     "beiantool 对来源步骤的概括"))
        elif value:
            out.append(Statement(f"beiantool/rules/platform.yaml · {key}", str(value), OWN))
    return out


def from_templates() -> list[Statement]:
    import yaml

    out = []
    for kind in ("forms", "letters"):
        folder = resources.files("beiantool.templates") / kind
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            if not path.name.endswith(".yaml"):
                continue
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            here = f"templates/{kind}/{path.name}"
            source = Source.model_validate(spec["source"]) if isinstance(spec.get("source"), dict) else None
            why = why_own(source)
            if why:
                out.append(Statement(f"{here} · source", f"《{spec.get('title', path.name)}》的栏目", why, source.cite() if source else ""))
            if spec.get("generated"):
                out.append(Statement(f"{here} · generated", str(spec["generated"]), OWN))
            if SAYS_OWN.search(str(spec.get("notes_title", ""))):
                for n, note in enumerate(spec.get("notes") or []):
                    out.append(Statement(f"{here} · notes[{n}]", note if isinstance(note, str) else str(note.get("text", note)), OWN))
            for n, remark in enumerate(spec.get("remarks") or []):  # the tool's words about a document: 生成说明, never the page
                out.append(Statement(f"{here} · remarks[{n}]", str(remark), OWN))
            for mark in spec.get("copy_marks") or []:
                if SAYS_OWN.search(mark):
                    out.append(Statement(f"{here} · copy_marks", mark, OWN))
    return out


def collect() -> list[Statement]:
    """Every data-borne statement without a seed passage: the rule files, the platform guide, the layouts."""
    from beiantool.rules import builtin_ids

    out: list[Statement] = []
    for rid in builtin_ids():
        out.extend(from_rule_file(rid))
    out.extend(from_platform())
    out.extend(from_templates())
    return out


def grouped(statements: list[Statement]) -> Iterator[tuple[str, list[Statement]]]:
    kinds = (OWN, NO_SOURCE, INFERRED, WEB, REFERENCE, STANDARD)
    for kind in kinds:
        chosen = [s for s in statements if s.why == kind]
        if chosen:
            yield kind, chosen
