"""Letters (安全责任书) are data: templates/letters/*.yaml, blocks of text with {路径} fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import yaml

from beiantool.render.layout import fill


@dataclass
class Letter:
    id: str
    title: str
    blocks: list[tuple[str, str]]  # (para | line | item | right | space, text)
    copy_marks: list[str] = field(default_factory=list)

    def strings(self):
        yield self.title, ""
        for mark in self.copy_marks:
            yield mark, ""
        for _, text in self.blocks:
            yield text, ""


def load_letter(letter_id: str) -> dict:
    res = resources.files("beiantool.templates") / "letters" / f"{letter_id}.yaml"
    return yaml.safe_load(res.read_text(encoding="utf-8"))


def resolve_letter(spec: dict, data: dict, extra: dict | None = None) -> Letter:
    """Fill the letter's fields from the packet; `extra` adds values such as the office's name."""
    merged = {**data, **(extra or {})}
    blocks = []
    for block in spec["blocks"]:
        if block == "space":
            blocks.append(("space", ""))
            continue
        (kind, text), = block.items()
        blocks.append((kind, fill(text, merged)))
    return Letter(spec["id"], spec["title"], blocks, list(spec.get("copy_marks", [])))
