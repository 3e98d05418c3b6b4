"""Sources by title for people (《绍兴市互联网联网单位安全责任书》), by file for reviewers and JSON."""

from __future__ import annotations

import functools
from importlib import resources
from urllib.parse import urlsplit

import yaml


@functools.lru_cache(maxsize=1)
def _titles() -> dict:
    return yaml.safe_load((resources.files("beiantool.rules") / "titles.yaml").read_text(encoding="utf-8"))


def _split(heading: str) -> tuple[str, str]:
    """'绍兴市…责任书（一、…）' -> ('绍兴市…责任书', '（一、…）')."""
    cut = min((i for i in (heading.find("（"), heading.find("(")) if i > 0), default=-1)
    return (heading[:cut], heading[cut:]) if cut > 0 else (heading, "")


def _book(name: str) -> str:
    return name if name.startswith("《") else f"《{name}》"


def readable(source) -> str:
    if source.standard and not source.file and not source.url:
        return source.standard
    heading = source.heading or ""
    head, tail = _split(heading)
    if source.url:
        host = urlsplit(source.url).hostname or source.url
        return (_book(head) + tail if head else "") + f"（网页 {host}）"
    known = _titles().get(source.file or "")
    if known is None:  # a user's rule file citing its own documents: show what it wrote
        return " · ".join(p for p in (source.file, heading) if p)
    if not head:
        return _book(known["title"])
    if known.get("headings") == "documents":
        return _book(head) + tail
    if head in known["title"]:  # the heading is the document's own title
        return _book(known["title"]) + (tail if tail not in known["title"] else "")
    head = known.get("names", {}).get(head, head)
    return f"{_book(known['title'])}“{head}”{tail}"
