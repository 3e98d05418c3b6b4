"""Letters (安全责任书) are data: templates/letters/*.yaml, blocks of text with {路径} fields.

A block is ``space`` or a one-key mapping ``{kind: text}`` (para, line, item, right, rule),
optionally with
- ``original``: the source's own words where the tool fills in something else (the office);
- ``individual``: how the block reads when a person files (null: the block is left out).
Every departure from the source, and the fact that a letter's whole text is the tool's
(``generated:``), is a *remark*: never printed on the letter the filer signs, but on the
packet's separate 生成说明 sheet, in the manifest and on the screen.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Optional

from beiantool.render.fields import _TEMPLATE, fill, parsed_template

KINDS = ("para", "line", "item", "right", "rule", "note")


@dataclass
class Letter:
    id: str
    title: str
    blocks: list[tuple[str, str]]  # (para | line | item | right | rule | note | space, text)
    copy_marks: list[str] = field(default_factory=list)
    generated: Optional[str] = None  # why the text is the tool's own, when it is
    remarks: list[str] = field(default_factory=list)  # the tool's words about the letter (生成说明, not the page)

    def strings(self):
        yield self.title, ""
        for mark in self.copy_marks:
            yield mark, ""
        for _, text in self.blocks:
            yield text, ""


def load_letter(letter_id: str) -> dict:
    return copy.deepcopy(parsed_template("letters", letter_id))


def resolve_letter(spec: dict, data: dict, extra: dict | None = None, individual: bool = False) -> Letter:
    """Fill the letter's fields from the packet; `extra` adds values such as the office's name."""
    merged = {**data, **(extra or {})}
    blocks: list[tuple[str, str]] = []
    changed: list[str] = []  # the source's words the tool replaced
    for block in spec["blocks"]:
        if block == "space":
            blocks.append(("space", ""))
            continue
        kind = next(k for k in block if k in KINDS)
        source_text = block[kind]
        text = source_text
        if individual and "individual" in block:
            changed.append(_TEMPLATE.sub("", block.get("original", source_text)))  # the source's blank, not our field
            text = block["individual"]
            if text is None:
                continue
        filled = fill(text, merged)
        original = block.get("original")
        if original is not None and filled != original and not (individual and "individual" in block):
            changed.append(original)
        blocks.append((kind, filled))
    notes = []
    if individual and any("individual" in b for b in spec["blocks"] if isinstance(b, dict)):
        notes.append("原文面向联网单位；本份为个人备案，称谓、承诺句和签字栏已按个人改写。")
    if changed:
        notes.append("与原文不同之处，原文为：" + "；".join(f"“{c.strip()}”" for c in changed))
    generated = spec.get("generated")
    remarks = ([generated] if generated else []) + list(spec.get("remarks", [])) + notes
    return Letter(spec["id"], spec["title"], blocks, list(spec.get("copy_marks", [])), generated, remarks)
