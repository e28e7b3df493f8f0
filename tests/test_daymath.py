"""The door's calendar arithmetic, made without :mod:`calendar` (so start-up need not
load it), gives what the calendar module says."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from loanoverdue.daymath import add_months, add_years

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(DAYS, st.integers(-100, 100))
def test_add_years_is_the_calendars(day: date, years: int) -> None:
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        assert add_years(day, years) == day.replace(year=year, day=28)
    else:
        assert add_years(day, years) == day.replace(year=year)


@given(DAYS, st.integers(-1200, 1200))
def test_add_months_is_the_calendars(day: date, months: int) -> None:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    assert add_months(day, months) == date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
