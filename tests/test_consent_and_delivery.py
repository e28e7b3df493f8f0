"""The case-file facts of consent, designated times and places, the debt an event is
about and a letter's delivery: strict reading (errors name the path), the round trip,
and what the model answers about them."""

from __future__ import annotations

import copy
from datetime import date, datetime, time
from typing import Any

import pytest

from loanoverdue import InvalidInputError, load_case
from loanoverdue.io import case_to_dict
from loanoverdue.model import Hours, Protection, Weekday

CASE: dict[str, Any] = {
    "as_of": "2026-06-30T12:00:00-04:00",
    "borrower": {
        "jurisdiction": "US-NY",
        "timezone": "America/New_York",
        "protections": [
            {
                "kind": "inconvenient_time",
                "since": "2026-06-01",
                "hours": {"start": "15:00", "end": "17:00"},
                "weekdays": ["monday", "tuesday"],
            },
            {"kind": "inconvenient_place", "since": "2026-06-02", "places": ["home"]},
            {"kind": "contact_consent", "since": "2026-06-04", "media": ["call"]},
        ],
    },
    "loan": {
        "product": "credit_card",
        "principal": "100",
        "outstanding": "100",
        "currency": "USD",
        "due_date": "2026-01-01",
        "lender": {"kind": "bank"},
    },
    "events": [
        {
            "at": "2026-06-02T10:00:00-04:00",
            "action": "letter",
            "purpose": "validation_notice",
            "received_on": "2026-06-05",
            "debt": "B-2",
        }
    ],
}


def test_round_trip() -> None:
    case = load_case(CASE)
    assert load_case(case_to_dict(case)) == case
    p = case.borrower.protections[0]
    assert p.hours == Hours(time(15), time(17))
    assert p.weekdays == {Weekday.MONDAY, Weekday.TUESDAY}
    assert case.events[0].debt == "B-2"
    assert case.events[0].received_on == date(2026, 6, 5)


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(CASE)
    here: Any = data
    for step in path[:-1]:
        here = here[step]
    here[path[-1]] = value
    return data


P0 = ("borrower", "protections", 0)
E0 = ("events", 0)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ((*P0, "hours"), {"start": "25:00", "end": "17:00"}, r"^borrower.protections\[0\].hours.start: expected a local time"),
        ((*P0, "hours"), {"start": "15:00", "end": "15:00"}, r"^borrower.protections\[0\].hours.end: 15:00 is start too"),
        ((*P0, "hours"), {"start": "15:00"}, r"^borrower.protections\[0\].hours.end: is required"),
        ((*P0, "hours"), "15-17", r"^borrower.protections\[0\].hours: expected a table"),
        ((*P0, "weekdays"), ["monday", "funday"], r"^borrower.protections\[0\].weekdays\[1\]: unknown value 'funday'"),
        ((*P0, "weekdays"), ["monday", "monday"], r"^borrower.protections\[0\].weekdays\[1\]: 'monday' is given twice"),
        (("borrower", "protections", 1, "places"), [], r"^borrower.protections\[1\].places: an inconvenient_place"),
        (("borrower", "protections", 1, "places"), ["moon"], r"^borrower.protections\[1\].places\[0\]: unknown value"),
        (("borrower", "protections", 2, "places"), ["home"], r"^borrower.protections\[2\].places: only an inconvenient_place"),
        ((*E0, "received_on"), "2026-05-01", r"^events\[0\].received_on: 2026-05-01 is before the day it was sent"),
        ((*E0, "received_on"), "2026-07-05", r"^events\[0\].received_on: 2026-07-05 is after as_of"),
        ((*E0, "returned_on"), "2026-06-05", r"^events\[0\].returned_on: a letter or message is received or returned"),
        ((*E0, "action"), "call", r"^events\[0\].received_on: says the delivery of a letter or message"),
        ((*E0, "outcome"), "failed", r"^events\[0\].received_on: a letter or message with outcome 'failed'"),
        ((*E0, "debt"), "", r"^events\[0\].debt: expected a non-empty string"),
    ],
)
def test_bad_values_name_their_path(path: tuple[Any, ...], value: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_case(_set(path, value))


def test_an_inconvenient_time_names_times() -> None:
    with pytest.raises(InvalidInputError, match="names hours, weekdays or both"):
        Protection("inconvenient_time", date(2026, 1, 1))


def test_hours_may_run_past_midnight() -> None:
    night = Hours(time(22), time(7))
    assert night.contains(time(23, 30)) and night.contains(time(6, 59))
    assert not night.contains(time(7)) and not night.contains(time(12))
    day = Hours(time(15), time(17))
    assert day.contains(time(15)) and not day.contains(time(17))


def test_covers_reads_weekdays_hours_and_the_days_in_effect() -> None:
    p = Protection(
        "inconvenient_time",
        date(2026, 6, 1),
        until=date(2026, 6, 9),
        hours=Hours(time(15), time(17)),
        weekdays=["monday"],
    )
    assert p.covers(datetime(2026, 6, 1, 15, 30))  # a Monday
    assert not p.covers(datetime(2026, 6, 2, 15, 30))  # a Tuesday
    assert not p.covers(datetime(2026, 6, 1, 17, 0))
    assert not p.covers(datetime(2026, 6, 15, 15, 30))  # withdrawn on 9 June


def test_consent_at_is_a_consent_naming_hours_that_covers_the_time_and_medium() -> None:
    from loanoverdue.model import Borrower
    from loanoverdue.vocabulary import Action

    evening = Protection(
        "contact_consent", date(2026, 6, 1), until=date(2026, 6, 20), hours=Hours(time(21), time(23)), media=["call"]
    )
    any_time = Protection("contact_consent", date(2026, 6, 1))  # names no hours
    refused = Protection("medium_refused", date(2026, 6, 1), media=["call"])
    borrower = Borrower("US-NY", "America/New_York", protections=(refused, any_time, evening))
    assert borrower.consents_to_times
    assert borrower.consent_at(datetime(2026, 6, 2, 22, 0), Action.CALL) is evening
    assert borrower.consent_at(datetime(2026, 6, 2, 22, 0), Action.SMS) is None  # another medium
    assert borrower.consent_at(datetime(2026, 6, 2, 20, 0), Action.CALL) is None  # outside its hours
    assert borrower.consent_at(datetime(2026, 5, 31, 22, 0), Action.CALL) is None  # before it was given
    assert borrower.consent_at(datetime(2026, 6, 20, 22, 0), Action.CALL) is None  # withdrawn
    bare = Borrower("US-NY", "America/New_York", protections=(any_time,))
    assert not bare.consents_to_times and bare.consent_at(datetime(2026, 6, 2, 22, 0), Action.CALL) is None
