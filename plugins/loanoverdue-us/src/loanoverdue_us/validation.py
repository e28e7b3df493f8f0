"""The validation notice and the validation period (15 U.S.C. 1692g, 12 CFR 1006.34).

Regulation F 1006.34(b)(5): the validation period runs until 30 days after the consumer
receives the validation information, and a collector may assume receipt on any date at
least 5 days after providing it, not counting Saturdays, Sundays and the legal public
holidays of 5 U.S.C. 6103(a). The holidays come from the maintained ``holidays`` library
(its United States calendar), never from a hand-made list.

Holidays are counted on their own dates, without the "observed" weekday that 5 U.S.C.
6103(b) sets for federal employees when a holiday falls on a weekend: 1006.34(b)(5) names
the holidays of 6103(a). A weekend holiday then excludes nothing that the weekend did not
already exclude, and the period ends on the earliest date a collector may assume, which
is the safe date to give a consumer.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from loanoverdue.pack import CaseContext, EventView
from loanoverdue_us.facts import case_facts, remembered

__all__ = [
    "REG_F_FROM",
    "ValidationPeriod",
    "add_business_days",
    "case_validation_period",
    "is_business_day",
    "legal_public_holidays",
    "validation_notice",
    "validation_period",
]

#: The first day Regulation F's receipt assumption applies (its effective date).
REG_F_FROM = date(2021, 11, 30)


@lru_cache(maxsize=64)
def legal_public_holidays(year: int) -> frozenset[date]:
    """The federal legal public holidays of ``year`` on their own dates (from the
    ``holidays`` library, imported on first use: it is needed only for validation
    periods)."""
    import holidays

    return frozenset(holidays.country_holidays("US", years=year, observed=False))


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a legal public holiday."""
    return day.weekday() < 5 and day not in legal_public_holidays(day.year)


def add_business_days(day: date, n: int) -> date:
    """The ``n``-th business day after ``day`` (``day`` itself not counted)."""
    current = day
    left = n
    while left > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            left -= 1
    return current


class ValidationPeriod(NamedTuple):
    """When the validation information was provided, when it is assumed received, and
    the last day of the validation period."""

    provided: date
    receipt: date
    end: date
    period_days: int


def validation_period(provided: date, business_days: int = 5, period_days: int = 30) -> ValidationPeriod:
    """The validation period of a notice provided on ``provided``: assumed receipt
    ``business_days`` business days later, end ``period_days`` calendar days after it."""
    receipt = add_business_days(provided, business_days)
    return ValidationPeriod(provided, receipt, receipt + timedelta(days=period_days), period_days)


def _first_notice(ctx: CaseContext) -> EventView | None:
    return case_facts(ctx).first_notice  # found as the facts take in the events


def validation_notice(ctx: CaseContext) -> EventView | None:
    """The first validation notice of a covered collector in the case (planned ones
    included), if any."""
    return ctx.derived("us.validation_notice", _first_notice)


def _case_period(ctx: CaseContext) -> ValidationPeriod | None:
    notice = validation_notice(ctx)
    if notice is None or notice.day < REG_F_FROM:
        return None
    days = ctx.param("us.validation.receipt_business_days", notice.day)
    period = ctx.param("us.validation.period_days", notice.day)
    return validation_period(notice.day, days, period)


def case_validation_period(ctx: CaseContext) -> ValidationPeriod | None:
    """The validation period of the case's first validation notice, under Regulation F's
    receipt assumption (notices from 2021-11-30 on); ``None`` without such a notice."""
    return remembered(ctx, "us.validation_period", _case_period)
