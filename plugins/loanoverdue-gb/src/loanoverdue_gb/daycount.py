"""Days that count: clear days for a notice of enforcement, working days for an
information request. Bank holidays come from the maintained ``holidays`` library,
imported on first use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

__all__ = ["bank_holidays", "clear_days", "part_of_uk", "working_day_after"]


def part_of_uk(chain: Sequence[str]) -> str:
    """The ``holidays`` subdivision for a jurisdiction chain: Scotland's own bank holidays
    for ``GB-SCT``, England and Wales's otherwise (also when the part is not known)."""
    return "SCT" if "GB-SCT" in chain else "ENG"


@lru_cache(maxsize=64)
def bank_holidays(year: int, part: str) -> frozenset[date]:
    """The bank holidays of ``part`` ("ENG" or "SCT") in ``year``, substitute days
    included."""
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv=part, years=year))


def _excluded(day: date, part: str) -> bool:
    """A day that does not count towards a notice of enforcement's clear days: a Sunday,
    a bank holiday, Good Friday or Christmas Day (Good Friday is a bank holiday in the
    library's calendar; Christmas Day is named because it always is excluded)."""
    return day.weekday() == 6 or (day.month == 12 and day.day == 25) or day in bank_holidays(day.year, part)


def clear_days(start: date, end: date, part: str = "ENG") -> int:
    """The clear days between ``start`` (the day the period begins) and ``end`` (the day
    of the event that ends it): the days strictly between them that count."""
    count = 0
    day = start + timedelta(days=1)
    while day < end:
        if not _excluded(day, part):
            count += 1
        day += timedelta(days=1)
    return count


def _working(day: date, part: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year, part)


def working_day_after(start: date, n: int, part: str = "ENG") -> date:
    """The ``n``-th working day (Monday to Friday, not a bank holiday) after ``start``."""
    day = start
    found = 0
    while found < n:
        day += timedelta(days=1)
        if _working(day, part):
            found += 1
    return day
