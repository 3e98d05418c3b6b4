"""Counting Chinese working days, with 调休 (make-up working days) from chinesecalendar.

chinesecalendar knows the State Council's holiday arrangements up to its data's
last year (2026 in 1.11). Past that, Monday to Friday is counted and the result
says so: the arrangement for a later year is published only late in the year before.
"""

from __future__ import annotations

import datetime
from typing import Optional

from beiantool.base.record import record


@record(frozen=True)
class Counted:
    date: Optional[datetime.date]  # None when the result would fall past year 9999
    estimated: bool  # True when some day fell outside chinesecalendar's data


def shift(day: datetime.date, days: int) -> Optional[datetime.date]:
    """``day`` plus ``days`` calendar days; None past the calendar's end (9999-12-31) or start."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


def is_workday(day: datetime.date) -> tuple[bool, bool]:
    """(is it a working day, is that only a Monday–Friday estimate)."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_working_days(start: datetime.date, count: int) -> Counted:
    """The date ``count`` working days after ``start`` (the start day itself not counted)."""
    day, left, estimated = start, count, False
    while left > 0:
        day = shift(day, 1)
        if day is None:
            return Counted(None, estimated)
        working, guess = is_workday(day)
        estimated |= guess
        left -= working
    return Counted(day, estimated)


def add_days(start: datetime.date, count: int, working: bool) -> Counted:
    if working:
        return add_working_days(start, count)
    return Counted(shift(start, count), False)


CALENDAR_NOTE = "含 {year} 年及以后的日期：chinesecalendar 的法定节假日数据只到 2026 年，之后按周一至周五计算，未计入节假日和调休。"
