"""China's statutory rest days (``data/holidays.toml``) and the end of a period whose last
day is one (Civil Code art. 203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的
最后一日"; the same in art. 203 of the General Provisions of the Civil Law, and in art. 154 of
the General Principles of the Civil Law, which names Sunday).

A day is a rest day when the State Council's arrangement for its year gives it off (a
statutory festival, a make-up day, a day off swapped from a weekend), or when it is a
Saturday or Sunday that the arrangement does not make a working day and weekends count as
rest days (the parameter ``cn.limitation.weekends_are_rest_days``, an assumption). The file
is read once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

from loanoverdue.pack import DataError, SourceStatus, Text, pack_data, read_toml

__all__ = ["Calendar", "Rolled", "YearInfo", "calendar", "roll"]

_LANGS = ("en", "zh-CN")


class YearInfo(NamedTuple):
    """What the calendar knows of one year."""

    year: int
    status: SourceStatus
    #: True while the State Council's notice for the year is not out: only the festival
    #: days of the Measures' art. 2 are known.
    projected: bool
    notice: Text | None
    number: str | None


class Calendar(NamedTuple):
    """The rest days of the years the pack knows."""

    #: Each day off of a State Council arrangement, with its festival's name.
    days_off: Mapping[date, Text]
    #: Weekend days made working days.
    working_days: frozenset[date]
    years: Mapping[int, YearInfo]


class Rolled(NamedTuple):
    """The last day of a period after art. 203."""

    #: The last day the period's length gives.
    last: date
    #: The last day after art. 203: ``last`` unless that is a rest day.
    end: date
    #: Why ``last`` is a rest day (a festival's name, or ``None`` for a weekend day), when
    #: it is one.
    festival: Text | None
    #: ``last`` is a weekend day counted as a rest day (under the assumption).
    weekend: bool
    #: The years between ``last`` and ``end`` whose arrangement is not yet published, or
    #: that the calendar does not cover: the end may still move.
    uncertain: tuple[int, ...]


def _text(name: str, path: str, value: Any) -> Text:
    if (
        not isinstance(value, Mapping)
        or set(value) != set(_LANGS)
        or not all(isinstance(v, str) and v for v in value.values())
    ):
        raise DataError(name, path, f"expected a table with the languages {_LANGS}")
    return Text(dict(value))


def _day(name: str, path: str, value: Any) -> date:
    if not isinstance(value, date):
        raise DataError(name, path, "expected a date")
    return value


def _load(name: str, data: Mapping[str, Any]) -> Calendar:
    rows = data.get("year")
    if not isinstance(rows, list) or not rows:
        raise DataError(name, "year", "expected a list of [[year]] tables")
    days_off: dict[date, Text] = {}
    working: set[date] = set()
    years: dict[int, YearInfo] = {}
    for i, row in enumerate(rows):
        where = f"year[{i}]"
        year = row.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            raise DataError(name, f"{where}.year", "expected a year")
        if year in years:
            raise DataError(name, f"{where}.year", f"{year} is listed twice")
        try:
            status = SourceStatus(row.get("status"))
        except ValueError:
            raise DataError(name, f"{where}.status", "expected verified, secondary or unverified") from None
        projected = row.get("projected", False)
        if not isinstance(projected, bool):
            raise DataError(name, f"{where}.projected", "expected true or false")
        notice = _text(name, f"{where}.notice", row["notice"]) if "notice" in row else None
        if notice is None and not projected:
            raise DataError(name, f"{where}.notice", "a published year names its notice")
        if not isinstance(row.get("source"), str):
            raise DataError(name, f"{where}.source", "expected text saying what was read")
        number = row.get("number")
        if number is not None and not isinstance(number, str):
            raise DataError(name, f"{where}.number", "expected text")
        years[year] = YearInfo(year, status, projected, notice, number)
        for j, block in enumerate(row.get("days_off", [])):
            at = f"{where}.days_off[{j}]"
            start = _day(name, f"{at}.from", block.get("from"))
            end = _day(name, f"{at}.to", block.get("to"))
            if (
                end < start
                or not year - 1 <= start.year <= year
                or (end.year != year and end.year != year + 1)
            ):
                raise DataError(name, at, f"{start} to {end} is not a block of days off of {year}")
            festival = _text(name, f"{at}.name", block.get("name"))
            day = start
            while day <= end:
                if day in days_off:
                    raise DataError(name, at, f"{day} is listed twice")
                days_off[day] = festival
                day += timedelta(days=1)
        for j, value in enumerate(row.get("working_days", [])):
            day = _day(name, f"{where}.working_days[{j}]", value)
            if day.weekday() < 5:
                raise DataError(name, f"{where}.working_days[{j}]", f"{day} is not a Saturday or Sunday")
            working.add(day)
    both = sorted(working & days_off.keys())
    if both:
        raise DataError(name, "year", f"{both[0]} is both a day off and a working day")
    return Calendar(days_off, frozenset(working), years)


@cache
def calendar() -> Calendar:
    """The pack's calendar of statutory rest days."""
    name, data = read_toml(pack_data("loanoverdue_cn") / "holidays.toml")
    return _load(name, data)


def _weekend(cal: Calendar, day: date) -> bool:
    return day.weekday() >= 5 and day not in cal.working_days


def _known(cal: Calendar, day: date) -> bool:
    info = cal.years.get(day.year)
    return info is not None and not info.projected


def roll(cal: Calendar, last: date, weekends: bool) -> Rolled:
    """The last day of a period whose length ends on ``last``: the day after the rest
    days, if ``last`` is one (art. 203). ``weekends``: whether a Saturday or Sunday that
    is not a working day counts as a rest day."""
    uncertain: list[int] = []
    festival = cal.days_off.get(last)
    weekend = festival is None and weekends and _weekend(cal, last)
    day = last
    while True:
        if not _known(cal, day) and day.year not in uncertain:
            uncertain.append(day.year)
        if not (day in cal.days_off or (weekends and _weekend(cal, day))):
            break
        day += timedelta(days=1)
    return Rolled(last, day, festival, weekend, tuple(uncertain))
