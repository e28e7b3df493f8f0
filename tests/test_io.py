from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loanoverdue import InvalidInputError, load_case
from loanoverdue.io import case_to_dict, dump_case

ROOT = Path(__file__).resolve().parent.parent


def broken(data: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    *parents, last = path.split(".")
    node: Any = data
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("loan.due_date", KeyError, r"^loan.due_date: is required"),
        ("borrower", KeyError, r"^borrower: is required"),
        ("events.0.action", "visit", r"^events\[0\].action: unknown value 'visit' \(expected one of: notice"),
        ("events.0.at", "2026-01-11T09:00:00", r"^events\[0\].at: time stamp .* has no UTC offset"),
        ("loan.principal", 9000.5, r"^loan.principal: 9000.5 is a float"),
        ("loan.outstanding", "-3", r"^loan.outstanding: -3 is negative"),
        ("loan.due_date", "2026-04-01", r"^loan.due_date: 2026-04-01 is after as_of"),
        ("loan.colour", "red", r"^loan.colour: unknown field"),
        ("events.2.mood", "angry", r"^events\[2\].mood: unknown field"),
        ("events.1.conduct", ["threat", "rude"], r"^events\[1\].conduct\[1\]: unknown value 'rude'"),
        ("loan.lender.kind", "bank_ish", r"^loan.lender.kind: unknown value 'bank_ish'"),
        ("borrower.timezone", "Asia/Beijing", r"^borrower.timezone: unknown IANA time zone"),
        ("events.0.proposed", "yes", r"^events\[0\].proposed: expected true or false"),
        (
            "loan.last_acknowledgment_date",
            "2026-03-11",
            r"^loan.last_acknowledgment_date: 2026-03-11 is after",
        ),
        ("loan.last_acknowledgment_date", "soon", r"^loan.last_acknowledgment_date: "),
        ("events.0.purpose", "agent_notices", r"^events\[0\].purpose: unknown value 'agent_notices'"),
        (
            "events.1.initiated_by",
            "debtor",
            r"^events\[1\].initiated_by: unknown value 'debtor' \(expected one of: collector, borrower\)",
        ),
        ("events.1.initiated_by", True, r"^events\[1\].initiated_by: expected a string, got true or false"),
        (
            "events.5.initiated_by",
            "borrower",
            r"^events\[5\].initiated_by: a borrower initiates only a contact .*not 'third_party_contact'",
        ),
    ],
)
def test_bad_input_names_the_field(xe_data: dict[str, Any], path: str, value: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_case(broken(xe_data, path, value))


def test_round_trip_json_and_toml(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    assert load_case(case_to_dict(case)) == case
    f = tmp_path / "case.json"
    f.write_text(dump_case(case))
    assert load_case(f) == case


def test_round_trip_keeps_the_newer_fields(xe_data: dict[str, Any]) -> None:
    data = broken(xe_data, "loan.last_acknowledgment_date", "2026-02-20")
    data = broken(data, "loan.lender.kind", "nbfc")
    data = broken(data, "events.0.purpose", "agent_notice")
    case = load_case(data)
    assert case.loan.last_acknowledgment_date.isoformat() == "2026-02-20"
    assert case.loan.lender.kind == "nbfc"
    assert case.events[0].purpose == "agent_notice"
    assert load_case(case_to_dict(case)) == case
    assert case_to_dict(case)["loan"]["last_acknowledgment_date"] == "2026-02-20"


def test_initiated_by_round_trips_and_defaults_to_the_collector(xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    assert all(e.initiated_by == "collector" and not e.by_borrower for e in case.events)
    assert all("initiated_by" not in e for e in case_to_dict(case)["events"])  # old files stay as they were
    data = broken(xe_data, "events.1.initiated_by", "borrower")
    case = load_case(data)
    assert case.events[1].by_borrower
    assert case_to_dict(case)["events"][1]["initiated_by"] == "borrower"
    assert load_case(case_to_dict(case)) == case


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"target": "spouse"},
            r'^events\[1\].initiated_by: a contact the borrower initiated has target "borrower"',
        ),
        (
            {"action": "home_visit"},
            r"^events\[1\].initiated_by: a borrower initiates only a contact \(call, email",
        ),
    ],
)
def test_a_borrower_initiated_contact_is_a_call_or_message_of_the_borrower(
    xe_data: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    data = broken(xe_data, "events.1.initiated_by", "borrower")
    data["events"][1].update(changes)
    with pytest.raises(InvalidInputError, match=message):
        load_case(data)


@pytest.mark.parametrize(
    ("payments", "message"),
    [
        ("soon", r"^loan.payments: expected a list of payments"),
        (["x"], r"^loan.payments\[0\]: expected a table \(JSON object\) of payment fields \(date, amount\), got the string 'x'"),
        ([{"date": "2026-02-01"}], r"^loan.payments\[0\].amount: is required"),
        ([{"date": "2026-02-01", "amount": "5", "by": "x"}], r"^loan.payments\[0\].by: unknown field"),
        ([{"date": "2026-02-01", "amount": 5.5}], r"^loan.payments\[0\].amount: 5.5 is a float"),
        (
            [{"date": "2026-02-01", "amount": "0"}],
            r"^loan.payments\[0\].amount: a payment of 0 is no payment",
        ),
        ([{"date": "2026-02-01", "amount": "-1"}], r"^loan.payments\[0\].amount: -1 is negative"),
        ([{"date": "1 Feb", "amount": "1"}], r"^loan.payments\[0\].date: '1 Feb' is not an ISO 8601 date"),
        (
            [{"date": "2026-02-01", "amount": "1"}, {"date": "2026-04-01", "amount": "1"}],
            r"^loan.payments\[1\].date: 2026-04-01 is after as_of",
        ),
    ],
)
def test_bad_payments_name_their_path(xe_data: dict[str, Any], payments: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_case(broken(xe_data, "loan.payments", payments))


def test_payments_round_trip_and_keep_last_payment_date_meaning(xe_data: dict[str, Any]) -> None:
    paid = [{"date": "2026-02-10", "amount": "100"}, {"date": "2026-01-20", "amount": "50.50"}]
    case = load_case(broken(xe_data, "loan.payments", paid))
    assert [p.paid_on.isoformat() for p in case.loan.payments_by_date] == ["2026-01-20", "2026-02-10"]
    assert case.loan.last_payment_date is None  # as given
    assert case.loan.last_paid_on is not None and case.loan.last_paid_on.isoformat() == "2026-02-10"
    assert case_to_dict(case)["loan"]["payments"] == paid
    assert load_case(case_to_dict(case)) == case
    assert "payments" not in case_to_dict(load_case(xe_data))["loan"]  # old files stay as they were
    # last_payment_date is the last payment: a payment listed after it is an error
    data = broken(broken(xe_data, "loan.payments", paid), "loan.last_payment_date", "2026-02-01")
    with pytest.raises(
        InvalidInputError, match=r"^loan.payments\[0\].date: 2026-02-10 is after last_payment_date"
    ):
        load_case(data)
    data = broken(broken(xe_data, "loan.payments", paid), "loan.last_payment_date", "2026-02-20")
    assert load_case(data).loan.last_paid_on.isoformat() == "2026-02-20"  # type: ignore[union-attr]


def test_toml_case_files(tmp_path: Path) -> None:
    f = tmp_path / "case.toml"
    f.write_text(
        """
as_of = 2026-03-10T10:00:00+08:00
[borrower]
jurisdiction = "XE"
timezone = "Asia/Shanghai"
[loan]
product = "installment"
principal = "9000"
outstanding = "9000"
currency = "EXD"
due_date = 2026-01-05
lender = { kind = "bank" }
[[events]]
at = 2026-01-06T09:00:00+08:00
action = "sms"
"""
    )
    case = load_case(f)
    assert case.events[0].action == "sms"


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="cannot read case file"):
        load_case(tmp_path / "missing.json")
    bad = tmp_path / "case.yaml"
    bad.write_text("x: 1")
    with pytest.raises(InvalidInputError, match="unknown case file type"):
        load_case(bad)
    broken_json = tmp_path / "b.json"
    broken_json.write_text("{")
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        load_case(broken_json)


def test_shipped_examples_load() -> None:
    for path in (ROOT / "examples").glob("*.json"):
        assert load_case(path).events


@pytest.mark.parametrize(
    ("protection", "message"),
    [
        (
            {"kind": "medium_refused", "since": "2026-02-01"},
            r"^borrower.protections\[0\].media: a medium_refused",
        ),
        (
            {"kind": "medium_refused", "since": "2026-02-01", "media": ["lawsuit"]},
            r"^borrower.protections\[0\].media\[0\]: 'lawsuit' is not a medium",
        ),
        (
            {"kind": "medium_refused", "since": "2026-02-01", "media": ["phone"]},
            r"^borrower.protections\[0\].media\[0\]: unknown value 'phone' \(expected one of: call,",
        ),
        (
            {"kind": "medium_refused", "since": "2026-02-01", "media": "call"},
            r"^borrower.protections\[0\].media: ",
        ),
        (
            {"kind": "disputed", "since": "2026-02-01", "media": ["call"]},
            r"^borrower.protections\[0\].media: only medium_refused and contact_consent protections",
        ),
        (
            {"kind": "disputed", "since": "2026-02-01", "until": "2026-02-01"},
            r"^borrower.protections\[0\].until: ",
        ),
        (
            {"kind": "disputed", "since": "2026-02-01", "until": "2026-04-01"},
            r"^borrower.protections\[0\].until: .*as_of",
        ),
    ],
)
def test_bad_protections_name_their_path(xe_data: dict[str, Any], protection: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_case(broken(xe_data, "borrower.protections", [protection]))


def test_media_and_until_round_trip(xe_data: dict[str, Any]) -> None:
    given = [
        {"kind": "medium_refused", "since": "2026-02-01", "media": ["email", "call"], "until": "2026-03-01"}
    ]
    case = load_case(broken(xe_data, "borrower.protections", given))
    (p,) = case.borrower.protections
    assert p.in_effect(p.since) and not p.in_effect(p.until)  # type: ignore[arg-type]
    assert case.borrower.protection(p.kind, p.since) is p
    assert case.borrower.protection(p.kind, p.until) is None  # type: ignore[arg-type]
    out = case_to_dict(case)["borrower"]["protections"]
    assert out == [
        {"kind": "medium_refused", "since": "2026-02-01", "media": ["call", "email"], "until": "2026-03-01"}
    ]
    assert load_case(case_to_dict(case)) == case


@pytest.mark.parametrize(
    ("zones", "message"),
    [
        ("America/Denver", r"^borrower.other_timezones: expected a list"),
        (["Mars/Base"], r"^borrower.other_timezones\[0\]: unknown IANA time zone 'Mars/Base'"),
        ([3], r"^borrower.other_timezones\[0\]: expected an IANA time zone name, got 3"),
        (["Asia/Shanghai"], r"^borrower.other_timezones\[0\]: 'Asia/Shanghai' is the borrower's timezone"),
        (["UTC", "UTC"], r"^borrower.other_timezones\[1\]: 'UTC' is given twice"),
    ],
)
def test_bad_other_timezones_name_their_path(xe_data: dict[str, Any], zones: object, message: str) -> None:
    assert xe_data["borrower"]["timezone"] == "Asia/Shanghai"
    with pytest.raises(InvalidInputError, match=message):
        load_case(broken(xe_data, "borrower.other_timezones", zones))


def test_other_timezones_round_trip(xe_data: dict[str, Any]) -> None:
    case = load_case(broken(xe_data, "borrower.other_timezones", ["UTC", "Asia/Tokyo"]))
    assert case.borrower.other_timezones == ("UTC", "Asia/Tokyo")
    assert [z.key for z in case.borrower.other_tzs] == ["UTC", "Asia/Tokyo"]
    assert case_to_dict(case)["borrower"]["other_timezones"] == ["UTC", "Asia/Tokyo"]
    assert load_case(case_to_dict(case)) == case
    assert "other_timezones" not in case_to_dict(load_case(xe_data))["borrower"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"threatened": ["suit"]},
            r'^events\[1\].threatened: says what a threat threatened: conduct must include "threat"',
        ),
        (
            {"conduct": ["threat"], "threatened": ["jail"]},
            r"^events\[1\].threatened\[0\]: unknown value 'jail'",
        ),
        ({"conduct": ["threat"], "threatened": "suit"}, r"^events\[1\].threatened: expected a list"),
    ],
)
def test_bad_threatened_names_its_path(
    xe_data: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    data = json.loads(json.dumps(xe_data))
    data["events"][1].pop("conduct", None)
    data["events"][1].update(changes)
    with pytest.raises(InvalidInputError, match=message):
        load_case(data)


def test_threatened_round_trips(xe_data: dict[str, Any]) -> None:
    data = json.loads(json.dumps(xe_data))
    data["events"][1].update({"conduct": ["threat"], "threatened": ["suit", "arrest"]})
    case = load_case(data)
    assert case.events[1].threatened == {"suit", "arrest"}
    assert case_to_dict(case)["events"][1]["threatened"] == ["arrest", "suit"]
    assert load_case(case_to_dict(case)) == case
    assert all("threatened" not in e for e in case_to_dict(load_case(xe_data))["events"])


def test_in_writing_is_for_disputes_and_cease_requests(xe_data: dict[str, Any]) -> None:
    given = [{"kind": "disputed", "since": "2026-02-01", "in_writing": False}]
    case = load_case(broken(xe_data, "borrower.protections", given))
    assert case.borrower.protections[0].in_writing is False
    assert case_to_dict(case)["borrower"]["protections"] == given
    assert load_case(case_to_dict(case)) == case
    with pytest.raises(
        InvalidInputError, match=r"^borrower.protections\[0\].in_writing: expected true or false"
    ):
        load_case(broken(xe_data, "borrower.protections", [{**given[0], "in_writing": "yes"}]))
    bad = [{"kind": "hardship", "since": "2026-02-01", "in_writing": True}]
    with pytest.raises(InvalidInputError, match=r"^borrower.protections\[0\].in_writing: says the form of"):
        load_case(broken(xe_data, "borrower.protections", bad))


def test_the_optional_id_names_the_account_and_changes_no_assessment(xe_data: dict[str, Any]) -> None:
    import loanoverdue_example

    import loanoverdue

    registry = loanoverdue.Registry.build([loanoverdue_example], entry_points=False)
    plain = load_case(xe_data)
    named = load_case({"id": "ACC-0042", **xe_data})
    assert (plain.id, named.id) == (None, "ACC-0042")
    assert case_to_dict(named)["id"] == "ACC-0042" and "id" not in case_to_dict(plain)
    assert load_case(case_to_dict(named)) == named
    assert loanoverdue.assess(named, registry).to_json() == loanoverdue.assess(plain, registry).to_json()


@pytest.mark.parametrize(
    ("value", "message"), [(42, r"^id: expected a string"), ("  ", r"^id: expected a non-empty")]
)
def test_a_bad_id_names_the_field(xe_data: dict[str, Any], value: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        load_case({**xe_data, "id": value})
