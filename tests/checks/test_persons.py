"""The province-slice address-code lookup answers exactly as stdnum's full database does."""

from __future__ import annotations

import random
from importlib import resources

from stdnum import numdb
from stdnum.cn import ric

from beiantool.checks.persons import code_ever_existed


def _stdnum_knows(number: str) -> bool:
    """The full cn/loc database: was this a county-level code in any year?"""
    return any("county" in props for _, props in numdb.get("cn/loc").info(number[:6]))


def test_matches_stdnum_on_random_numbers():
    data = (resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8").splitlines()
    provinces = [line.split()[0] for line in data if line[:1].isdigit()]
    rnd = random.Random(20261122)
    known = 0
    for _ in range(3000):
        body = rnd.choice(provinces) + rnd.choice(["0000", "0100", "0102", "0602", "0624", "2301", f"{rnd.randint(0, 9999):04d}"])
        body += f"{rnd.randint(1900, 2025)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}123"
        number = body + ric.calc_check_digit(body + "0")
        expected = _stdnum_knows(number)
        known += expected
        assert code_ever_existed(number) == expected, number
    assert 500 < known < 2500  # both answers were exercised
