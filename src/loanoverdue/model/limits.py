"""What the library accepts: the range of dates, the size of amounts and of counts of
days. Values outside are refused at the input, with the field's path, so that no date
computed from them (an outlook's earliest day, the end of a limitation period) can
leave the calendar, and no amount can take minutes to print.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from loanoverdue.errors import InvalidInputError

__all__ = [
    "DAYS_LIMIT",
    "EARLIEST_DATE",
    "LATEST_DATE",
    "MONEY_LIMIT",
    "MONEY_PLACES",
    "NUMBER_LENGTH",
    "add_days",
    "check_amount",
    "check_date",
    "check_days",
]

#: The first and the last day a date or a time stamp of the input may fall on.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
#: Amounts of money must be below this (10^15, a thousand trillion).
MONEY_LIMIT = Decimal(10) ** 15
#: Amounts of money have at most this many decimal places (trailing zeros aside).
MONEY_PLACES = 4
_QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)
#: The most days a count of days (a policy's "after so many days") may hold: 100 years.
DAYS_LIMIT = 36_525
#: The longest decimal number written as a string, in characters.
NUMBER_LENGTH = 64


def check_date(value: date, path: str) -> None:
    """Refuse a date (or the date of a time stamp, as written) outside
    ``EARLIEST_DATE``–``LATEST_DATE``."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InvalidInputError(
            path,
            f"{value.isoformat()} is outside the dates accepted ({EARLIEST_DATE} to {LATEST_DATE})",
        )


def check_amount(value: Decimal, path: str) -> None:
    """Refuse an amount of money that is negative, not below ``MONEY_LIMIT`` or has more
    than ``MONEY_PLACES`` decimal places."""
    if value < 0:
        raise InvalidInputError(path, f"{value} is negative")
    if value >= MONEY_LIMIT:
        raise InvalidInputError(path, f"{value} is too large (amounts must be below 10^15)")
    if value != value.quantize(_QUANTUM):
        raise InvalidInputError(path, f"{value} has more than {MONEY_PLACES} decimal places")


def check_days(value: int, path: str) -> None:
    """Refuse a count of days above ``DAYS_LIMIT``."""
    if value > DAYS_LIMIT:
        raise InvalidInputError(path, f"{value} days is more than the {DAYS_LIMIT:,} accepted (100 years)")


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, held at the ends of the calendar (``date.min``,
    ``date.max``) instead of overflowing: for dates computed from a pack's figures."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min
