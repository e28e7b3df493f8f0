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
