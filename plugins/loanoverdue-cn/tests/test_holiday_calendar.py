"""The statutory rest days shipped as data (``data/holidays.toml``) and the end of a
period under Civil Code art. 203 (:func:`loanoverdue_cn.restdays.roll`)."""

from __future__ import annotations

from datetime import date, timedelta
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from loanoverdue_cn.restdays import Calendar, _load, calendar, roll

from loanoverdue.law import SourceStatus
from loanoverdue.law.data import DataError


def _days(start: date, end: date) -> set[date]:
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return calendar()


@pytest.fixture(scope="module")
def holidays() -> ModuleType:
    """The python-holidays library the data is compared with (installed with the US pack,
    not needed by this one)."""
    return pytest.importorskip("holidays")


def test_2026_is_the_state_council_notice(cal: Calendar) -> None:
    """国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), as reprinted."""
    info = cal.years[2026]
    assert not info.projected and info.status is SourceStatus.SECONDARY
    assert info.number == "国办发明电〔2025〕7号"
    off = {d for d in cal.days_off if d.year == 2026}
    expected = (
        _days(date(2026, 1, 1), date(2026, 1, 3))
        | _days(date(2026, 2, 15), date(2026, 2, 23))
        | _days(date(2026, 4, 4), date(2026, 4, 6))
        | _days(date(2026, 5, 1), date(2026, 5, 5))
        | _days(date(2026, 6, 19), date(2026, 6, 21))
        | _days(date(2026, 9, 25), date(2026, 9, 27))
        | _days(date(2026, 10, 1), date(2026, 10, 7))
    )
    assert off == expected
    assert {d for d in cal.working_days if d.year == 2026} == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
    assert cal.days_off[date(2026, 2, 17)].get("zh-CN") == "春节"


def test_the_holidays_library_has_the_2026_spring_festival_of_the_notice(holidays: ModuleType) -> None:
    """The notice: 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班. The
    library lists the weekdays off (the eve and the first three days, the statutory four,
    and two days swapped from the working Saturdays); the weekend days in between are
    ordinary weekends. Together they are the notice's nine days."""
    cn = holidays.country_holidays("CN", years=[2026])
    listed = {d for d in cn if date(2026, 2, 10) <= d <= date(2026, 3, 1)}
    assert listed == {date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)}
    work = {d for d in cn.weekend_workdays if d.year == 2026 and d.month == 2}
    assert work == {date(2026, 2, 14), date(2026, 2, 28)}
    off = listed | {
        d for d in _days(date(2026, 2, 10), date(2026, 3, 1)) if d.weekday() >= 5 and d not in work
    }
    assert {d for d in off if date(2026, 2, 13) <= d <= date(2026, 2, 24)} == _days(
        date(2026, 2, 15), date(2026, 2, 23)
    )


@pytest.mark.parametrize("year", range(2010, 2027))
def test_published_years_agree_with_the_holidays_library(
    cal: Calendar, holidays: ModuleType, year: int
) -> None:
    cn = holidays.country_holidays("CN", years=[year])
    work = {d for d in cn.weekend_workdays if d.year == year}
    assert {d for d in cal.working_days if d.year == year} == work
    for day in cn:  # every day off the library lists is a day off here
        assert day in cal.days_off, day
    for day in (d for d in cal.days_off if d.year == year):  # and every day off here is
        assert day in cn or (day.weekday() >= 5 and day not in work), day  # one there, or a weekend


@pytest.mark.parametrize("year", range(2027, 2031))
def test_projected_years_list_only_the_statutory_festival_days(cal: Calendar, year: int) -> None:
    info = cal.years[year]
    assert info.projected and info.status is SourceStatus.UNVERIFIED
    assert not {d for d in cal.working_days if d.year == year}
    days = {d for d in cal.days_off if d.year == year}
    # art. 2 of the 2024 Measures: 1 + 4 + 1 + 2 + 1 + 1 + 3 festival days (fewer where
    # two fall on one day)
    assert 12 <= len(days) <= 13
    assert {
        date(year, 1, 1),
        date(year, 5, 1),
        date(year, 5, 2),
        date(year, 10, 1),
        date(year, 10, 3),
    } <= days


def test_roll_moves_a_festival_day_to_the_day_after_the_block(cal: Calendar) -> None:
    rolled = roll(cal, date(2026, 2, 17), weekends=True)
    assert rolled.end == date(2026, 2, 24) and rolled.festival is not None and not rolled.uncertain
    assert roll(cal, date(2026, 2, 17), weekends=False).end == date(2026, 2, 24)


def test_roll_and_weekends(cal: Calendar) -> None:
    saturday = date(2026, 3, 7)
    assert roll(cal, saturday, weekends=True).end == date(2026, 3, 9)
    assert roll(cal, saturday, weekends=True).weekend
    assert roll(cal, saturday, weekends=False).end == saturday
    # a Saturday the notice makes a working day is not a rest day
    assert roll(cal, date(2026, 2, 28), weekends=True).end == date(2026, 2, 28)
    # the New Year block ends on Saturday 3 January; Sunday 4 January is worked
    assert roll(cal, date(2026, 1, 1), weekends=True).end == date(2026, 1, 4)


def test_roll_says_when_the_year_is_not_published(cal: Calendar) -> None:
    rolled = roll(cal, date(2028, 12, 31), weekends=True)  # a Sunday; 2029-01-01 New Year's Day
    assert rolled.end == date(2029, 1, 2) and rolled.uncertain == (2028, 2029)
    assert roll(cal, date(2035, 6, 4), weekends=True).uncertain == (2035,)  # not covered
    assert roll(cal, date(2026, 6, 4), weekends=True).uncertain == ()


@given(st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 20)), st.booleans())
def test_the_end_is_the_first_day_that_is_not_a_rest_day(day: date, weekends: bool) -> None:
    cal = calendar()

    def rest(d: date) -> bool:
        return d in cal.days_off or (weekends and d.weekday() >= 5 and d not in cal.working_days)

    rolled = roll(cal, day, weekends)
    assert rolled.last == day and rolled.end >= day and not rest(rolled.end)
    assert all(rest(day + timedelta(days=i)) for i in range((rolled.end - day).days))
    assert (rolled.end - day).days <= 12


def _year(**over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "year": 2026,
        "status": "secondary",
        "notice": {"en": "Notice", "zh-CN": "通知"},
        "source": "read",
        "days_off": [
            {"from": date(2026, 1, 1), "to": date(2026, 1, 3), "name": {"en": "NY", "zh-CN": "元旦"}}
        ],
        "working_days": [date(2026, 1, 4)],
    }
    row.update(over)
    return row


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (_year(status="official"), "year[0].status"),
        (_year(working_days=[date(2026, 1, 5)]), "year[0].working_days[0]"),
        (
            _year(
                days_off=[
                    {"from": date(2026, 1, 3), "to": date(2026, 1, 1), "name": {"en": "x", "zh-CN": "x"}}
                ]
            ),
            "year[0].days_off[0]",
        ),
        (
            _year(days_off=[{"from": date(2026, 1, 1), "to": date(2026, 1, 1), "name": {"en": "x"}}]),
            "year[0].days_off[0].name",
        ),
        (_year(notice={"en": "only English"}), "year[0].notice"),
    ],
)
def test_a_malformed_calendar_is_a_data_error_naming_the_field(row: dict[str, object], where: str) -> None:
    with pytest.raises(DataError) as raised:
        _load("holidays.toml", {"year": [row]})
    assert raised.value.path == where


def test_a_year_listed_twice_is_an_error() -> None:
    with pytest.raises(DataError, match="listed twice"):
        _load("holidays.toml", {"year": [_year(), _year()]})
