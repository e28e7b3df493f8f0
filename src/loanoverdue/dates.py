"""Date arithmetic the law uses: periods counted in calendar years and months."""

from __future__ import annotations

import calendar
from datetime import date

__all__ = ["add_months", "add_years"]


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` calendar years on (29 February becomes 28 February in a
    year without it)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return day.replace(year=year, day=28)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (the 31st becomes the month's last day
    where the month is shorter)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
