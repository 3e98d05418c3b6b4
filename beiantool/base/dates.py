"""Dates: the one reading of a date the packet, the rule sets and the documents share.

``as_date`` reads a YAML date or the text YYYY-MM-DD and gives None for anything else;
``strict_date`` is the packet model's validator (the same reading, a reason when it fails);
``spelled_date`` turns the ways people write a day (2026/11/3, 2026年11月3日) into the date.
"""

from __future__ import annotations

import datetime
from typing import Any, Optional

from beiantool.base.lazyre import lazy


def as_date(value: Any) -> Optional[datetime.date]:
    """A YAML date, or the text YYYY-MM-DD, as the date; None for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def strict_date(value: Any) -> Any:
    """Accept a YAML date or the text YYYY-MM-DD; refuse numbers (20261101 is not a date here)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("date_as_number")
    if isinstance(value, str):
        day = as_date(value)
        if day is None:
            raise ValueError("date_text")
        return day
    return value


_SPELLED = lazy(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def spelled_date(value: Any) -> Any:
    """2026-11-3, 2026/11/3, 2026.11.3 and 2026年11月3日 are one day: the date itself."""
    found = _SPELLED.match(value.strip()) if isinstance(value, str) else None
    if not found:
        return value
    try:
        return datetime.date(*(int(g) for g in found.groups()))
    except ValueError:
        return value  # 2026-02-30: S004 says so
