"""What people type, in the one spelling the checks, checklists and forms read.

Chinese labels become enumeration values (``isp: 电信`` → ``telecom``), 是/否 become booleans,
2026年11月3日 the date, 动态IP the value ``dynamic``; the city's name the rule set's id, when
the caller hands in the rule sets' ``city_alias`` (the packet knows no rule sets).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from beiantool.base.dates import spelled_date
from beiantool.packet.addresses import DYNAMIC, DYNAMIC_WORDS
from beiantool.packet.plan import plan


_TRUE = {"是", "有", "对", "true", "yes", "y"}
_FALSE = {"否", "无", "没有", "不是", "false", "no", "n"}
_COMMERCIAL = {"经营性": True, "非经营性": False}


def _as_bool(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    word = value.strip()
    if key == "commercial" and word in _COMMERCIAL:
        return _COMMERCIAL[word]
    return True if word.lower() in _TRUE else False if word.lower() in _FALSE else value


def _dynamic(value: Any) -> Any:
    """“动态IP”“无固定IP”“无” in ip_ranges or egress_router_ip: the documented value dynamic."""
    def one(v):
        return DYNAMIC if isinstance(v, str) and v.strip().lower().replace(" ", "") in DYNAMIC_WORDS else v

    return [one(v) for v in value] if isinstance(value, list) else one(value)


def normalize_labels(data: Any, cls: Optional[str] = None, city_alias: Optional[Callable[[str], Optional[str]]] = None) -> Any:
    """Replace Chinese labels by enumeration values in place (spec: the label is an alias of its value).

    ``isp: 电信`` becomes ``isp: telecom`` before any check runs, so checks, checklists and
    forms all see one spelling. Anything else is left for the schema to judge. ``cls``: the name of the
    model ``data`` stands for (the packet's own when not given), as packet/plan.py knows it."""
    if not isinstance(data, dict):
        return data
    known = plan()
    fields = known["models"][cls or "Packet"]
    for key, value in data.items():
        info = fields.get(key) if isinstance(key, str) else None
        if info is None:
            continue
        if info["bool"]:
            data[key] = _as_bool(key, value)
            continue
        if info["date"]:
            data[key] = spelled_date(value)
            continue
        if info["dynamic"]:
            data[key] = _dynamic(value)
            continue
        if key == "city" and isinstance(value, str):
            data[key] = (city_alias(value) if city_alias else None) or value
            continue
        if info["enum"] is not None:
            labels = known["enums"][info["enum"]]
            if isinstance(value, str) and value.strip() in labels:
                data[key] = labels[value.strip()]
            elif isinstance(value, list):
                data[key] = [labels.get(v.strip(), v) if isinstance(v, str) else v for v in value]
            continue
        if info["model"] is not None:
            for item in value if isinstance(value, list) else [value]:
                normalize_labels(item, info["model"])
    return data
