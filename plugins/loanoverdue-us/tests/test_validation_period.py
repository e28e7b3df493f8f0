"""The validation period of Regulation F 1006.34(b)(5): receipt assumed 5 days after the
notice, not counting Saturdays, Sundays and the legal public holidays, then 30 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from loanoverdue_us.validation import (
    add_business_days,
    is_business_day,
    legal_public_holidays,
    validation_period,
)


@pytest.mark.parametrize(
    ("provided", "receipt", "end"),
    [
        # no holiday: Thursday 5 Feb 2026 -> 6, 9, 10, 11, 12 Feb
        (date(2026, 2, 5), date(2026, 2, 12), date(2026, 3, 14)),
        # Washington's Birthday, Monday 16 Feb 2026: 13, 17, 18, 19, 20 Feb
        (date(2026, 2, 12), date(2026, 2, 20), date(2026, 3, 22)),
        # Christmas Day, Thursday 25 Dec 2025: 23, 24, 26, 29, 30 Dec
        (date(2025, 12, 22), date(2025, 12, 30), date(2026, 1, 29)),
        # Juneteenth, Friday 19 Jun 2026: 16, 17, 18, 22, 23 Jun
        (date(2026, 6, 15), date(2026, 6, 23), date(2026, 7, 23)),
        # Independence Day on Saturday 4 Jul 2026: Friday 3 Jul (the observed day) still counts
        (date(2026, 6, 29), date(2026, 7, 6), date(2026, 8, 5)),
        # Thanksgiving, Thursday 26 Nov 2026: 24, 25, 27, 30 Nov, 1 Dec
        (date(2026, 11, 23), date(2026, 12, 1), date(2026, 12, 31)),
        # provided on a Saturday
        (date(2026, 3, 7), date(2026, 3, 13), date(2026, 4, 12)),
    ],
)
def test_validation_period_around_holidays(provided: date, receipt: date, end: date) -> None:
    period = validation_period(provided, 5, 30)
    assert (period.receipt, period.end) == (receipt, end)
    assert period.provided == provided and period.period_days == 30


def test_the_holiday_calendar_is_the_federal_one() -> None:
    days = legal_public_holidays(2026)
    assert len(days) == 11
    assert date(2026, 2, 16) in days  # Washington's Birthday
    assert date(2026, 6, 19) in days  # Juneteenth National Independence Day
    assert date(2026, 10, 12) in days  # Columbus Day
    assert date(2026, 7, 4) in days and date(2026, 7, 3) not in days  # own date, not the observed one
    assert date(2026, 4, 3) not in days  # Good Friday is not a federal holiday


def test_business_days() -> None:
    assert not is_business_day(date(2026, 2, 14))  # Saturday
    assert not is_business_day(date(2026, 2, 16))  # holiday
    assert is_business_day(date(2026, 2, 17))
    assert add_business_days(date(2026, 2, 13), 1) == date(2026, 2, 17)
    assert add_business_days(date(2026, 2, 13), 0) == date(2026, 2, 13)


@given(st.dates(min_value=date(2022, 1, 1), max_value=date(2035, 12, 31)), st.integers(0, 15))
def test_add_business_days_counts_exactly_n(start: date, n: int) -> None:
    end = add_business_days(start, n)
    between = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_business_day(d) for d in between) == n
    assert n == 0 or is_business_day(end)
    assert (end - start).days <= n + 4 * ((n // 5) + 2)
