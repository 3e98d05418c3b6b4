"""Personal ID numbers never appear whole on screen, in JSON or in logs of problems."""

from __future__ import annotations

import re

# an 18-character resident ID: area code, a birth date from 1800–2099, sequence, check
_ID_SHAPED = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")


def mask_id(number: str) -> str:
    """An ID number as it may appear on screen: 330602********1234."""
    n = number.strip()
    if len(n) <= 8:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def redact_ids(message: str) -> str:
    """Mask every ID-shaped number in a message (a value echoed back may be someone's ID)."""
    return _ID_SHAPED.sub(lambda m: mask_id(m.group(0)), message)
