"""Calendar arithmetic packs use for periods (limitation, credit reporting): whole years
and months on from a day. Standard library ``datetime`` alone, so the pack author's door
gives these at start-up without loading :mod:`calendar` (see :mod:`loanoverdue.dates`)."""

from __future__ import annotations

from datetime import date

__all__ = ["add_months", "add_years"]

#: Days of each month in a common year.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` calendar years on (29 February becomes 28 February in a
    year without it)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not _leap(year):
        return day.replace(year=year, day=28)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (the 31st becomes the month's last day
    where the month is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = 29 if month == 2 and _leap(year) else _MONTH_DAYS[month - 1]
    return date(year, month, min(day.day, last))
