"""The checks at their boundaries (the first and last permitted minute or day of each
window) and as properties over random cases."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from loanoverdue import Registry, assess, load_case
from loanoverdue.model import Actor, Case, LenderKind
from loanoverdue.results import Assessment
from loanoverdue.testing.strategies import cases

#: Rules of the FCA's CONC (they bind authorised firms, not a private lender).
CONC_RULES = ("gb.contact.", "gb.third_party.", "gb.misrep.", "gb.pressure.", "gb.visit.", "gb.statute_barred.")


def _assess(
    registry: Registry,
    events: list[dict[str, Any]],
    *,
    code: str = "GB-ENG",
    as_of: str = "2026-06-30T12:00:00+01:00",
    protections: list[dict[str, str]] = (),  # type: ignore[assignment]
    **loan: Any,
) -> Assessment:
    data: dict[str, Any] = {
        "as_of": as_of,
        "borrower": {"jurisdiction": code, "timezone": "Europe/London", "protections": list(protections)},
        "loan": {
            "product": "installment",
            "principal": "1000",
            "outstanding": "1000",
            "currency": "GBP",
            "due_date": "2025-10-01",
            "lender": {"kind": "bank"},
            **loan,
        },
        "events": events,
    }
    return assess(load_case(data), registry)


def _verdicts(result: Assessment, rule: str) -> dict[int | None, str]:
    return {f.event: f.verdict.value for f in result.findings if f.rule == rule}


@pytest.mark.parametrize(
    ("clock", "verdict"),
    [("07:59", "violation"), ("08:00", "permitted"), ("20:59", "permitted"), ("21:00", "violation")],
)
def test_contact_hours_boundaries(registry: Registry, clock: str, verdict: str) -> None:
    event = {"at": f"2026-02-10T{clock}:00+00:00", "action": "call", "actor": "collection_agency"}
    assert _verdicts(_assess(registry, [event]), "gb.contact.unreasonable_time") == {0: verdict}


@pytest.mark.parametrize(
    ("clock", "verdict"),
    [("05:59", "violation"), ("06:00", "permitted"), ("20:59", "permitted"), ("21:00", "violation")],
)
def test_enforcement_agent_hours_boundaries(registry: Registry, clock: str, verdict: str) -> None:
    event = {"at": f"2026-02-10T{clock}:00+00:00", "action": "enforcement", "actor": "enforcement_agent"}
    assert _verdicts(_assess(registry, [event]), "gb.enforcement_agent.hours") == {0: verdict}
    at_work = {**event, "place": "workplace"}
    expected = "conditional" if verdict == "violation" else "permitted"
    assert _verdicts(_assess(registry, [at_work]), "gb.enforcement_agent.hours") == {0: expected}


@pytest.mark.parametrize(("day", "found"), [("2026-02-01", "violation"), ("2026-04-01", "violation"), ("2026-04-02", None)])
def test_breathing_space_lasts_60_days_from_its_first(registry: Registry, day: str, found: str | None) -> None:
    event = {"at": f"{day}T11:00:00+01:00", "action": "call", "actor": "collection_agency"}
    result = _assess(registry, [event], protections=[{"kind": "breathing_space", "since": "2026-02-01"}])
    assert _verdicts(result, "gb.breathing_space.contact").get(0) == found


def test_breathing_space_is_england_and_wales_law(registry: Registry) -> None:
    event = {"at": "2026-02-10T11:00:00+00:00", "action": "call", "actor": "collection_agency"}
    bs = [{"kind": "breathing_space", "since": "2026-02-01"}]
    assert _verdicts(_assess(registry, [event], code="GB-WLS", protections=bs), "gb.breathing_space.contact") == {
        0: "violation"
    }
    for code in ("GB", "GB-SCT"):
        assert _verdicts(_assess(registry, [event], code=code, protections=bs), "gb.breathing_space.contact") == {}


@pytest.mark.parametrize(("claim", "verdict"), [("2026-02-14", "permitted"), ("2026-02-13", "violation")])
def test_default_notice_14_days(registry: Registry, claim: str, verdict: str) -> None:
    events = [
        {"at": "2026-01-31T09:00:00+00:00", "action": "default_notice", "actor": "lender"},
        {"at": f"{claim}T09:00:00+00:00", "action": "lawsuit", "actor": "lender"},
    ]
    assert _verdicts(_assess(registry, events), "gb.cca.default_notice") == {1: verdict}


@pytest.mark.parametrize(("claim", "verdict"), [("2026-03-03", "permitted"), ("2026-03-02", "violation")])
def test_letter_of_claim_30_days(registry: Registry, claim: str, verdict: str) -> None:
    events = [
        {"at": "2026-02-01T09:00:00+00:00", "action": "letter_of_claim", "actor": "law_firm"},
        {"at": f"{claim}T09:00:00+00:00", "action": "lawsuit", "actor": "law_firm"},
    ]
    assert _verdicts(_assess(registry, events), "gb.pap.letter_of_claim") == {1: verdict}


@pytest.mark.parametrize(
    ("claim", "answered", "found"),
    [("2025-05-20", False, None), ("2025-05-21", False, "violation"), ("2025-05-21", True, None)],
)
def test_information_request_deadline(registry: Registry, claim: str, answered: bool, found: str | None) -> None:
    events = [{"at": f"{claim}T09:00:00+01:00", "action": "lawsuit", "actor": "lender"}]
    if answered:
        events.insert(0, {"at": "2025-05-19T09:00:00+01:00", "action": "letter", "actor": "lender", "purpose": "information_supplied"})
    result = _assess(
        registry,
        events,
        as_of="2025-06-30T12:00:00+01:00",
        due_date="2025-01-10",
        protections=[{"kind": "information_requested", "since": "2025-05-01"}],
    )
    assert _verdicts(result, "gb.cca.information_request").get(len(events) - 1) == found


def test_frequency_fires_once_per_run_of_excess(registry: Registry) -> None:
    # a first run: a call a day from 1 to 7 February, two on the 7th, then one a day on
    days = [f"2026-02-0{d}" for d in range(1, 8)] + ["2026-02-07", "2026-02-08", "2026-02-09"]
    # a second run, after a pause: eight calls from 20 to 26 February
    days += [f"2026-02-2{d}" for d in range(0, 7)] + ["2026-02-26"]
    events = [{"at": f"{d}T{10 + i % 5}:00:00+00:00", "action": "call", "actor": "lender"} for i, d in enumerate(days)]
    hits = [f for f in _assess(registry, events).findings if f.rule == "gb.contact.frequency"]
    assert [f.event for f in hits] == [7, 17]
    assert hits[0].related == tuple(range(8))
    assert hits[0].params["count"] == 8


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(jurisdiction="GB-ENG", timezone="Europe/London", currency="GBP", max_events=10))
def test_contact_at_night_is_the_only_time_finding(registry: Registry, case: Case) -> None:
    result = assess(case, registry)
    for f in result.findings:
        if f.rule == "gb.contact.unreasonable_time":
            local = case.events[f.event].at.astimezone(case.borrower.tz).time()  # type: ignore[index]
            inside = time(8) <= local < time(21)
            assert (f.verdict.value == "permitted") is inside


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cases(
        jurisdiction="GB-ENG",
        timezone="Europe/London",
        currency="GBP",
        max_events=10,
        lender_kinds=[LenderKind.PRIVATE_INDIVIDUAL],
    )
)
def test_a_private_lenders_own_events_are_not_judged_by_conc(registry: Registry, case: Case) -> None:
    result = assess(case, registry)
    for f in result.findings:
        if f.rule.startswith(CONC_RULES) and f.event is not None:
            assert case.events[f.event].actor is not Actor.LENDER, f.rule
    assert result.to_json() == assess(case, registry).to_json()
