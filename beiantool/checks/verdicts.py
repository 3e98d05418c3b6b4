"""What phonenumbers, idna and python-stdnum say about single values, remembered between runs.

Each function here is a pure function of one value and the library's data; its answer is kept in the
user's cache (base/verdicts.py) under the library's version, so validating a packet again (or rendering
it after validating) reads the answers instead of loading the libraries: phonenumbers alone compiles
some 300 regular expressions when first used. The checks ask only these functions, never the libraries.
A resident ID number is personal data that the screen shows masked: nothing said about one (its compact
form, birth date, check digit) is written to the cache; its address code (a county's) is.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Optional

from beiantool.base.lazyre import lazy
from beiantool.base.verdicts import Memo

if TYPE_CHECKING:  # imported only to compute a verdict not yet remembered
    import phonenumbers
    from stdnum import numdb

PHONES = Memo("phonenumbers", "phonenumbers", ("__init__.py", "phonenumberutil.py", "data/__init__.py", "data/region_CN.py"), (__file__,))
DOMAINS = Memo("idna", "idna", ("package_data.py", "core.py", "idnadata.py", "uts46data.py"), (__file__,))
NUMBERS = Memo("stdnum", "python-stdnum", ("__init__.py", "util.py", "numdb.py", "cn/ric.py", "cn/uscc.py", "cn/loc.dat"), (__file__,))

EXTENSION = lazy(r"\s*(?:转|分机|ext\.?|x|#|—|－)\s*(\d{1,6})$", re.IGNORECASE)


def parse_phone(value: str) -> Optional[phonenumbers.PhoneNumber]:
    """A Chinese number, extension removed; None if it cannot be a valid number."""
    body = EXTENSION.sub("", value.strip())
    parts = re.split(r"[-－—]", body)
    if len(parts) == 3 and parts[0].startswith("0") and len(parts[2]) <= 6:
        body = "-".join(parts[:2])  # 0575-88888888-8084: the last group is an extension
    import phonenumbers

    try:
        number = phonenumbers.parse(body, "CN")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def area_code(number: phonenumbers.PhoneNumber) -> Optional[str]:
    import phonenumbers

    length = phonenumbers.length_of_geographical_area_code(number)
    if not length:
        return None
    return "0" + str(number.national_number)[:length]


def _phone(value: str) -> Optional[list]:
    number = parse_phone(value)
    if number is None:
        return None
    import phonenumbers

    mobile = phonenumbers.number_type(number) in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return [mobile, area_code(number)]


def phone(value: str, remember: bool = True) -> Optional[list]:
    """None when ``value`` is not a valid Chinese number (as :func:`parse_phone` reads it); else
    [whether it is a mobile number, its area code (None for a number without one)]. ``remember`` False
    (a customer list's cells): an answer already kept is used, a new one is not kept."""
    return PHONES.get("phone", value, _phone, remember)


def national_number_valid(national: str) -> bool:
    """Whether +86 ``national`` (digits, without the trunk prefix 0) is a valid number (customer lists: not kept)."""
    import phonenumbers

    return phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=86, national_number=int(national)))


def _ascii_domain(name: str) -> Optional[str]:
    import idna

    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None


def ascii_domain(name: str, remember: bool = True) -> Optional[str]:
    """The domain name in ASCII as idna (UTS 46) writes it; None when idna refuses it."""
    return DOMAINS.get("uts46", name, _ascii_domain, remember)


def _id_compact(number: str) -> str:
    from stdnum.cn import ric

    return ric.compact(number)


def id_compact(number: str) -> str:
    """stdnum's compact form of a resident ID number (spaces dropped, x upper case); never kept."""
    return _id_compact(number)


def _id_birth(number: str) -> Optional[str]:
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    try:
        return ric.get_birth_date(number).isoformat()
    except ValidationError:
        return None


def id_birth(number: str) -> Optional[str]:
    """The birth date (YYYY-MM-DD) in an 18-digit ID number, as stdnum reads it; None if it is no date; never kept."""
    return _id_birth(number)


def _id_check_digit(number: str) -> str:
    from stdnum.cn import ric

    return ric.calc_check_digit(number)


def id_check_digit(number: str) -> str:
    """The GB 11643 check digit of an ID number's first 17 digits; never kept."""
    return _id_check_digit(number)


@functools.lru_cache(maxsize=None)
def _loc_lines() -> tuple[str, ...]:
    from importlib import resources

    return tuple((resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8").splitlines())


@functools.lru_cache(maxsize=64)
def _province_db(province: str) -> numdb.NumDB:
    """stdnum's cn/loc database restricted to one province's block (same parser, same data): parsing the
    whole file costs ~60 ms."""
    from stdnum import numdb

    lines, block = _loc_lines(), []
    for i, line in enumerate(lines):
        if line.startswith(province + " "):
            block.append(line)
            for item in lines[i + 1 :]:
                if item.strip() and not item.startswith((" ", "#")):
                    break  # the next province
                block.append(item)
            break
    return numdb.read(block)


def _counties(code: str) -> list:
    return [props["county"] for _, props in _province_db(code[:2]).info(code) if "county" in props]


def address_counties(code: str) -> list:
    """The county entries stdnum's GB/T 2260 history holds for a 6-digit address code ("[1983-]名称" …);
    empty when the code never existed."""
    return NUMBERS.get("loc", code, _counties)


def _uscc_compact(value: str) -> str:
    from stdnum.cn import uscc

    return uscc.compact(value)


def uscc_compact(value: str) -> str:
    """stdnum's compact form of a 统一社会信用代码 (separators dropped, upper case)."""
    return NUMBERS.get("uscc-compact", value, _uscc_compact)


def _uscc_check_digit(code: str) -> str:
    from stdnum.cn import uscc

    return uscc.calc_check_digit(code)


def uscc_check_digit(code: str) -> str:
    """The GB 32100 check character of a code's first 17 characters."""
    return NUMBERS.get("uscc-check", code, _uscc_check_digit)
