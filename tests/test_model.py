from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from loanoverdue import (
    Action,
    Borrower,
    Case,
    CollectionEvent,
    InvalidInputError,
    Lender,
    LenderKind,
    Loan,
    Money,
)

UTC8 = timezone(timedelta(hours=8))


def loan(**kw: object) -> Loan:
    args: dict[str, object] = {
        "product": "installment",
        "principal": Money("9000", "CNY"),
        "outstanding": Money("9450.00", "CNY"),
        "due_date": date(2026, 1, 15),
        "lender": Lender(LenderKind.ONLINE_MICROLENDER),
    }
    args.update(kw)
    return Loan(**args)  # type: ignore[arg-type]


def test_money_is_decimal_and_refuses_float() -> None:
    assert Money("9000.50", "CNY").amount == Decimal("9000.50")
    with pytest.raises(InvalidInputError, match=r"amount: 9000\.5 is a float"):
        Money(9000.5, "CNY")  # type: ignore[arg-type]


def test_money_refuses_negative_and_bad_currency() -> None:
    with pytest.raises(InvalidInputError, match="amount: -1 is negative"):
        Money("-1", "CNY")
    with pytest.raises(InvalidInputError, match="currency: 'yuan' is not an ISO 4217 code"):
        Money("1", "yuan")


def test_enum_values_convert_and_unknown_values_name_the_field() -> None:
    assert loan().product.value == "installment"
    with pytest.raises(InvalidInputError, match=r"^product: unknown value 'mortgage'"):
        loan(product="mortgage")


def test_naive_timestamp_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="at: time stamp 2026-02-01T22:30:00 has no UTC offset"):
        CollectionEvent(at=datetime(2026, 2, 1, 22, 30), action=Action.CALL)


def test_due_date_after_as_of_names_the_path() -> None:
    with pytest.raises(InvalidInputError, match=r"^loan.due_date: 2026-01-15 is after as_of \(2026-01-10\)"):
        Case(datetime(2026, 1, 10, tzinfo=UTC8), Borrower("CN", "Asia/Shanghai"), loan())


def test_event_after_as_of_must_be_proposed() -> None:
    later = CollectionEvent(at=datetime(2026, 3, 1, tzinfo=UTC8), action=Action.HOME_VISIT)
    with pytest.raises(InvalidInputError, match=r"^events\[0\].at: .* mark planned events"):
        Case(datetime(2026, 2, 1, tzinfo=UTC8), Borrower("CN", "Asia/Shanghai"), loan(), [later])
    planned = CollectionEvent(at=datetime(2026, 3, 1, tzinfo=UTC8), action=Action.HOME_VISIT, proposed=True)
    assert Case(datetime(2026, 2, 1, tzinfo=UTC8), Borrower("CN", "Asia/Shanghai"), loan(), [planned]).events


def test_jurisdiction_and_timezone_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="jurisdiction: 'China' is not an ISO 3166"):
        Borrower("China", "Asia/Shanghai")
    with pytest.raises(InvalidInputError, match="timezone: unknown IANA time zone 'Mars/Base'"):
        Borrower("CN", "Mars/Base")


def test_rate_must_be_a_fraction_not_a_float() -> None:
    assert loan(annual_rate="0.24").annual_rate == Decimal("0.24")
    with pytest.raises(InvalidInputError, match=r"annual_rate: 0\.24 is a float"):
        loan(annual_rate=0.24)
    with pytest.raises(InvalidInputError, match="not a plausible annual rate"):
        loan(annual_rate="240")


def test_values_are_frozen() -> None:
    m = Money("1", "CNY")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]


def test_vocabulary_for_a_third_legal_system_loads() -> None:
    """The values added for England and Wales load from a case file and keep old values'
    meaning: statutory notices and the letter of claim are communications."""
    from loanoverdue import load_case
    from loanoverdue.model import COMMUNICATION_ACTIONS, Actor, Conduct, ProtectionKind, Purpose

    case = load_case(
        {
            "as_of": "2026-03-10T12:00:00+00:00",
            "borrower": {
                "jurisdiction": "GB-ENG",
                "timezone": "Europe/London",
                "protections": [
                    {"kind": "breathing_space", "since": "2026-02-01"},
                    {"kind": "information_requested", "since": "2026-01-10"},
                ],
            },
            "loan": {
                "product": "installment",
                "principal": "900",
                "outstanding": "900",
                "currency": "GBP",
                "due_date": "2026-01-09",
                "lender": {"kind": "bank"},
            },
            "events": [
                {"at": "2026-02-02T10:00:00+00:00", "action": "arrears_notice", "actor": "lender"},
                {"at": "2026-02-03T10:00:00+00:00", "action": "default_notice", "actor": "lender"},
                {"at": "2026-02-04T10:00:00+00:00", "action": "letter_of_claim", "actor": "law_firm"},
                {"at": "2026-02-05T10:00:00+00:00", "action": "letter", "purpose": "information_supplied"},
                {"at": "2026-02-06T10:00:00+00:00", "action": "home_visit", "actor": "enforcement_agent"},
                {"at": "2026-02-07T10:00:00+00:00", "action": "call", "conduct": ["undue_pressure"]},
            ],
        }
    )
    kinds = [p.kind for p in case.borrower.protections]
    assert kinds == [ProtectionKind.INFORMATION_REQUESTED, ProtectionKind.BREATHING_SPACE]
    assert [e.action.value for e in case.events[:3]] == ["arrears_notice", "default_notice", "letter_of_claim"]
    assert all(e.action in COMMUNICATION_ACTIONS for e in case.events[:3])
    assert case.events[3].purpose is Purpose.INFORMATION_SUPPLIED
    assert case.events[4].actor is Actor.ENFORCEMENT_AGENT
    assert case.events[5].has(Conduct.UNDUE_PRESSURE)
    with pytest.raises(InvalidInputError, match=r"actor: unknown value 'bailiff'"):
        load_case({**_minimal(), "events": [{"at": "2026-02-06T10:00:00+00:00", "action": "home_visit", "actor": "bailiff"}]})


def _minimal() -> dict[str, object]:
    return {
        "as_of": "2026-03-10T12:00:00+00:00",
        "borrower": {"jurisdiction": "GB-ENG", "timezone": "Europe/London"},
        "loan": {
            "product": "installment",
            "principal": "900",
            "outstanding": "900",
            "currency": "GBP",
            "due_date": "2026-01-09",
            "lender": {"kind": "bank"},
        },
    }
