"""Input a careless user or an attacker gives: every one an InvalidInputError that names
the field, in a short message about the input (never Python's words or the paths of
the installation), and none a crash, a hang or a faulty-pack report."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from loanoverdue import (
    Borrower,
    Case,
    CollectionEvent,
    InvalidInputError,
    Lender,
    Loan,
    Money,
    Registry,
    Text,
    assess,
    load_case,
    load_policy,
)
from loanoverdue.errors import MESSAGE_LIMIT, shown
from loanoverdue.files.platform_policy import PolicyFileError
from loanoverdue.model.limits import EARLIEST_DATE, LATEST_DATE, add_days

ROOT = Path(__file__).resolve().parent.parent
POLICY = ROOT / "tests" / "data" / "xe-platform.toml"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(source: Any, path: str, problem: str) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        load_case(source)
    assert info.value.path == path, str(info.value)
    assert problem in info.value.problem, str(info.value)
    return info.value


# -- parsing ----------------------------------------------------------------------------


def test_a_huge_integer_literal_is_refused_with_its_path(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    text = json.dumps(xe_data).replace('"principal": "9000"', '"principal": ' + "9" * 5000)
    refused(write(tmp_path, "c.json", text), "loan.principal", "an integer of 5,000 digits is too long")
    toml = "as_of = 2026-03-10T10:00:00+08:00\nx = " + "1" * 5000 + "\n"
    with pytest.raises(InvalidInputError, match=r"line 2: an integer of over 4,300 digits is too long"):
        load_case(write(tmp_path, "c.toml", toml))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = '{"events": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(InvalidInputError, match="nested too deeply"):
        load_case(write(tmp_path, "c.json", deep))
    toml = "events = " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(InvalidInputError, match="nested too deeply"):
        load_case(write(tmp_path, "c.toml", toml))


TOML_CASE = """as_of = 2026-03-10T10:00:00+08:00
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
"""


def test_a_byte_order_mark_is_accepted(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    bom = b"\xef\xbb\xbf"
    expected = load_case(xe_data)
    assert load_case(write(tmp_path, "c.json", bom + json.dumps(xe_data).encode())) == expected
    assert load_case(write(tmp_path, "c.toml", bom + TOML_CASE.encode())).loan.due_date == date(2026, 1, 5)
    policy = write(tmp_path, "p.toml", bom + POLICY.read_bytes())
    assert load_policy(policy).platform == "xe-lend"


def test_a_key_given_twice_is_refused_with_its_path(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    text = json.dumps(xe_data)
    text = text.replace('"action": "call",', '"action": "call", "action": "sms",', 1)
    refused(write(tmp_path, "c.json", text), "events[1].action", "the key is given twice")
    top = json.dumps(xe_data)[:-1] + ', "as_of": "2026-03-11T10:00:00+08:00"}'
    refused(write(tmp_path, "d.json", top), "as_of", "the key is given twice")


def test_nan_and_infinity_are_not_json(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    text = json.dumps(xe_data).replace('"annual_rate": "0.18"', '"annual_rate": NaN')
    refused(write(tmp_path, "c.json", text), "loan.annual_rate", "NaN is not a number JSON allows")


def test_files_are_read_with_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loanoverdue import io

    monkeypatch.setattr(io, "FILE_LIMIT", 1000)
    with pytest.raises(InvalidInputError, match="larger than"):
        load_case(write(tmp_path, "c.json", "[" + " " * 2000 + "]"))
    with pytest.raises(InvalidInputError, match="not UTF-8 text"):
        load_case(write(tmp_path, "d.json", b"\xff\xfe{}"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_file_is_not_read_to_its_end() -> None:
    start = time.perf_counter()
    with pytest.raises(PolicyFileError, match="larger than the 1 MB a policy file may have"):
        load_policy("/dev/zero")
    assert time.perf_counter() - start < 10


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("events.0.at", "0001-01-01T00:00:00+14:00", "events[0].at"),
        ("as_of", "9999-12-31T00:00:00+08:00", "as_of"),
        ("loan.due_date", "1899-12-31", "loan.due_date"),
        ("loan.contract_date", "0001-01-01", "loan.contract_date"),
    ],
)
def test_dates_outside_the_accepted_range_name_their_field(
    xe_data: dict[str, Any], path: str, value: str, where: str
) -> None:
    node: Any = xe_data
    *parents, last = path.split(".")
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = value
    refused(xe_data, where, "is outside the dates accepted (1900-01-01 to 2200-12-31)")


def test_the_edges_of_the_range_are_accepted(xe_data: dict[str, Any], registry: Registry) -> None:
    xe_data["events"] = [dict(xe_data["events"][0], at="1900-01-01T00:00:00+14:00")]
    xe_data["loan"].update(due_date="1900-01-01", contract_date="1900-01-01")
    xe_data["as_of"] = "2200-12-31T23:59:59-12:00"
    result = assess(load_case(xe_data), registry)
    assert result.days_past_due > 100 * 365
    assert all(p.earliest is None or p.earliest <= date.max for p in result.outlook)
    result.to_json()


def test_the_api_refuses_dates_outside_the_range_too(registry: Registry) -> None:
    tz = timezone(timedelta(hours=8))
    with pytest.raises(InvalidInputError, match=r"^at: 9999-12-31T00:00:00\+08:00 is outside"):
        CollectionEvent(at=datetime(9999, 12, 31, tzinfo=tz), action="call")
    case = load_case(json.loads((ROOT / "plugins/loanoverdue-example/examples/xe-case.json").read_text()))
    with pytest.raises(InvalidInputError, match=r"^as_of: 9999-12-31"):
        assess(case, registry, as_of=datetime(9999, 12, 31, tzinfo=tz))
    with pytest.raises(InvalidInputError, match=r"^due_date: 0001-01-01 is outside"):
        Loan(
            product="installment",
            principal=Money("1", "EXD"),
            outstanding=Money("1", "EXD"),
            due_date=date(1, 1, 1),
            lender=Lender(kind="bank"),
        )


def test_computed_dates_stay_in_the_calendar() -> None:
    assert add_days(date(2200, 12, 31), 10**9) == date.max
    assert add_days(date(1900, 1, 1), -(10**9)) == date.min
    assert add_days(EARLIEST_DATE, 1) == date(1900, 1, 2)
    assert date(2200, 12, 31) == LATEST_DATE


def test_a_pack_step_far_in_the_future_gives_the_last_day(xe_data: dict[str, Any]) -> None:
    import types

    import loanoverdue_example

    from loanoverdue import EscalationPolicy, Step, hookimpl

    pack = types.ModuleType("far_pack")
    policy = EscalationPolicy(
        "xe.far", "XE", Text("far"), (Step("lawsuit", after_days=10**9, basis="assumption"),), platform="far"
    )
    pack.loanoverdue_escalation_policies = hookimpl(lambda: [policy])  # type: ignore[attr-defined]
    registry = Registry.build([loanoverdue_example, pack], entry_points=False)
    xe_data["loan"]["lender"]["platform"] = "far"
    result = assess(load_case(xe_data), registry)
    (suit,) = [p for p in result.outlook if p.action == "lawsuit"]
    assert suit.earliest == date.max


# -- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1e9999999", "is too large"),
        ("1e999999999", "is too large"),
        ("1000000000000000", "is too large (amounts must be below 10^15)"),
        ("1E+15", "is too large (amounts must be below 10^15)"),
        ("9450.00001", "has more than 4 decimal places"),
        ("1e-999999999", "has too many decimal places"),
        ("9" * 65, "is too long for a number"),
        (10**100, "is too large"),
    ],
)
def test_amounts_are_bounded(xe_data: dict[str, Any], value: object, problem: str) -> None:
    xe_data["loan"]["outstanding"] = value
    start = time.perf_counter()
    refused(xe_data, "loan.outstanding", problem)
    assert time.perf_counter() - start < 1


def test_amounts_within_bounds_are_accepted(xe_data: dict[str, Any]) -> None:
    xe_data["loan"]["outstanding"] = "999999999999999.9999"
    assert str(load_case(xe_data).loan.outstanding.amount) == "999999999999999.9999"
    xe_data["loan"]["outstanding"] = "9450.500000"  # trailing zeros are not places
    assert load_case(xe_data).loan.outstanding == Money("9450.5", "EXD")


def test_an_absurd_rate_is_the_user_s_error_not_a_pack_s(xe_data: dict[str, Any], registry: Registry) -> None:
    xe_data["loan"]["annual_rate"] = "1e-999999999"
    refused(xe_data, "loan.annual_rate", "has too many decimal places")
    xe_data["loan"]["annual_rate"] = "1e999999999"
    refused(xe_data, "loan.annual_rate", "is too large")


# -- messages ---------------------------------------------------------------------------


def test_messages_speak_of_the_input(xe_data: dict[str, Any]) -> None:
    data = json.loads(json.dumps(xe_data))
    data["events"] = ["x"]
    refused(data, "events[0]", "expected a table (JSON object) of event fields, got the string 'x'")
    data = json.loads(json.dumps(xe_data))
    data["loan"]["lender"] = "x"
    refused(data, "loan.lender", "expected a table (JSON object) of lender fields, got the string 'x'")
    data = json.loads(json.dumps(xe_data))
    data["borrower"] = [1, 2]
    refused(data, "borrower", "expected a table (JSON object) of borrower fields, got a list")
    data = json.loads(json.dumps(xe_data))
    data["events"][0]["action"] = ["call"]
    refused(data, "events[0].action", "expected a string, got a list")
    for events in ("x", {"at": "2026-01-06T09:00:00+08:00"}, 5, None):
        data = json.loads(json.dumps(xe_data))
        data["events"] = events
        refused(data, "events", "expected a list of events (JSON objects), got")
    data = json.loads(json.dumps(xe_data))
    data["borrower"]["protections"] = {"kind": "disputed"}
    refused(data, "borrower.protections", "expected a list of protections (JSON objects), got a table")
    data = json.loads(json.dumps(xe_data))
    data["loan"]["currency"] = 5
    refused(data, "loan.currency", "expected a string such as 'CNY', got the number 5")


def test_a_long_value_makes_a_short_message_without_install_paths(xe_data: dict[str, Any]) -> None:
    xe_data["borrower"]["timezone"] = "A" * 100_000
    error = refused(xe_data, "borrower.timezone", "unknown IANA time zone")
    assert len(str(error)) <= MESSAGE_LIMIT + 200
    assert "site-packages" not in str(error) and "zoneinfo" not in str(error) and "Errno" not in str(error)
    for key in ("../../../etc/passwd", "/etc/localtime", "America", "", "UTC\0"):
        xe_data["borrower"]["timezone"] = key
        refused(xe_data, "borrower.timezone", "unknown IANA time zone")


def test_errors_are_bounded() -> None:
    error = InvalidInputError("x." * 1000, "y" * 100_000)
    assert len(str(error)) < 1000
    assert shown("z" * 1000).endswith("…") and len(shown("z" * 1000)) == 60
    assert shown([[1] * 10]) == "a list of 1"


# -- policy files -----------------------------------------------------------------------


def policy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = POLICY.read_text()
    assert old in text
    return write(tmp_path, "policy.toml", text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "after_days = 60\nclause",
            "after_days = 3000000\nclause",
            r"schedule\[3\].after_days: expected a whole number from 0 to 36,525, got 3000000",
        ),
        (
            "failed_contacts = 3",
            "failed_contacts = 3\nrequires = 5",
            r"schedule\[4\].requires: expected a list of actions",
        ),
        (
            "failed_contacts = 3",
            "failed_contacts = 3\nrequires = [[1]]",
            r"schedule\[4\].requires\[0\]: expected a string, got a list of 1",
        ),
        (
            '[[schedule]]\naction = "sms"',
            '[[schedule]]\naction = "sms"\nnote = ' + "[" * 5000 + "]" * 5000,
            "nested too deeply",
        ),
        (
            "grace_days = { value = 3",
            "grace_days = { value = 99999999999",
            r"terms.grace_days.value: expected a whole number",
        ),
        (
            'penalty_rate = { value = "0.18"',
            'penalty_rate = { value = "1e999999999"',
            r"terms.penalty_rate.value: '1e999999999' is too large",
        ),
        (
            "date = 2025-06-01",
            "date = 0001-01-01",
            r"platform.agreement.date: 0001-01-01 is outside the dates accepted",
        ),
        (
            "failed_contacts = 3",
            'failed_contacts = 3\nmin_amount = "1e20"',
            r"min_amount: 1E\+20 is too large",
        ),
    ],
)
def test_bad_policy_files_are_clear_errors(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(PolicyFileError, match=message):
        load_policy(policy_with(tmp_path, old, new))


def test_a_note_in_a_policy_file_is_never_a_template(tmp_path: Path) -> None:
    path = policy_with(
        tmp_path, 'clause = "7.1"\n', 'assumption = true\nnote = "day {x} {0} {{ }} {__class__}"\n'
    )
    policy = load_policy(path)
    note = policy.schedule.steps[0].note
    assert note is not None and note.is_literal
    assert note.format("en", {}).endswith("day {x} {0} {{ }} {__class__}")
    assert Text.literal("{a}").placeholders() == {"en": frozenset()}
    assert Text("{a}").format("en", {"a": 1}) == "1"


def test_a_policy_step_s_note_from_a_pack_is_not_a_template_either() -> None:
    from loanoverdue.law.data import load_policies

    toml = '[[policy]]\nid = "p"\njurisdiction = "XE"\ntitle = "t"\n[[policy.steps]]\naction = "sms"\nnote = "{x}"\n'
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "policies.toml"
        f.write_text(toml)
        (policy,) = load_policies(f)
    assert policy.steps[0].note is not None and policy.steps[0].note.format("en", {}) == "{x}"


def test_case_built_through_the_api_is_checked_the_same(registry: Registry) -> None:
    with pytest.raises(InvalidInputError, match=r"^amount: 1E\+15 is too large"):
        Money("1E+15", "EXD")
    with pytest.raises(InvalidInputError, match="is outside the dates accepted"):
        Case(
            as_of=datetime(2201, 1, 1, tzinfo=UTC),
            borrower=Borrower(jurisdiction="XE-N", timezone="UTC"),
            loan=Loan(
                product="installment",
                principal=Money("1", "EXD"),
                outstanding=Money("1", "EXD"),
                due_date=date(2026, 1, 1),
                lender=Lender(kind="bank"),
            ),
        )


@pytest.mark.parametrize(
    "path", ["examples/cn-9000-online-loan.json", "examples/us-agency-calls.json"], ids=["CN", "US"]
)
@pytest.mark.parametrize(("due", "as_of"), [("1900-01-01", "1900-03-01"), ("2200-10-01", "2200-12-31")])
def test_every_pack_computes_dates_at_the_edges_of_the_range(path: str, due: str, as_of: str) -> None:
    """Limitation ends, retention, outlook dates and platform probes of cases at the
    first and the last dates accepted: computed, rendered, no overflow."""
    import loanoverdue
    from loanoverdue.render import render_markdown, render_text

    data = json.loads((ROOT / path).read_text())
    offset = data["as_of"][-6:]
    data.update(as_of=f"{as_of}T23:59:59{offset}", events=[])
    data["loan"].update(due_date=due)
    for key in ("contract_date", "last_payment_date"):
        if key in data["loan"]:
            data["loan"][key] = due
    for p in data["borrower"].get("protections", []):
        p["since"] = due
    result = loanoverdue.assess(load_case(data))
    render_text(result, "zh-CN")
    render_markdown(result, "en")
    json.loads(result.to_json())
    if result.limitation is not None:
        assert result.limitation.expires.year < 2300
