"""Properties of assess(): order, time-zone and round-trip invariance, determinism,
monotonic stage."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from loanoverdue import Case, CollectionEvent, Registry, assess, load_case
from loanoverdue.engine import stage_for
from loanoverdue.io import case_to_dict
from loanoverdue.results import Assessment, Stage
from loanoverdue.testing.strategies import cases

XE = cases(jurisdiction="XE-N", timezone="Asia/Shanghai", currency="EXD", max_events=12)
FAST = settings(max_examples=60, deadline=None)


def _key(e: CollectionEvent) -> str:
    """An event's identity, independent of the zone its time stamp is written in."""
    return repr(
        (
            e.at.astimezone(UTC),
            e.action,
            e.actor,
            e.target,
            e.outcome,
            e.place,
            sorted(e.conduct),
            e.proposed,
            e.purpose,
        )
    )


def by_event(a: Assessment) -> list[tuple[object, ...]]:
    """Findings keyed by the event itself (not its index), as a sorted list."""
    out = []
    for f in a.findings:
        event = None if f.event is None else _key(a.case.events[f.event])
        related = tuple(sorted(_key(a.case.events[i]) for i in f.related))
        out.append((f.rule, f.verdict.value, event, related, f.message("en")))
    return sorted(out, key=repr)


@FAST
@given(case=XE, data=st.data())
def test_event_order_does_not_change_findings(registry: Registry, case: Case, data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(case.events))
    other = attrs.evolve(case, events=tuple(shuffled))
    assert by_event(assess(case, registry)) == by_event(assess(other, registry))


@FAST
@given(case=XE, zone=st.sampled_from(["UTC", "America/New_York", "Europe/London", "Pacific/Kiritimati"]))
def test_same_instants_in_any_zone_give_the_same_findings(registry: Registry, case: Case, zone: str) -> None:
    tz = ZoneInfo(zone)
    moved = attrs.evolve(
        case,
        as_of=case.as_of.astimezone(tz),
        events=tuple(attrs.evolve(e, at=e.at.astimezone(tz)) for e in case.events),
    )
    assert by_event(assess(case, registry)) == by_event(assess(moved, registry))


@FAST
@given(case=XE)
def test_case_json_case_round_trip(case: Case) -> None:
    assert load_case(case_to_dict(case)) == case


@FAST
@given(case=XE)
def test_output_is_byte_deterministic(registry: Registry, case: Case) -> None:
    first = assess(case, registry).to_json("zh-CN")
    again = assess(load_case(case_to_dict(case)), registry).to_json("zh-CN")
    assert first == again


@FAST
@given(case=XE, extra=st.integers(min_value=1, max_value=400))
def test_more_days_overdue_never_moves_the_stage_back(registry: Registry, case: Case, extra: int) -> None:
    order = list(Stage)
    loan = attrs.evolve(case.loan, due_date=case.loan.due_date - timedelta(days=extra), contract_date=None)
    later = attrs.evolve(case, loan=loan, events=())
    early = attrs.evolve(case, events=())
    a, b = assess(early, registry), assess(later, registry)
    assert b.days_past_due == a.days_past_due + extra
    assert order.index(b.stage) >= order.index(a.stage)


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=5000))
def test_stage_is_monotonic(a: int, b: int) -> None:
    lo, hi = sorted((a, b))
    order = list(Stage)
    assert order.index(stage_for(lo)) <= order.index(stage_for(hi))


#: Cases in the first-party packs' jurisdictions (their rules are the most varied).
REAL = st.one_of(
    cases(jurisdiction="CN-GD", timezone="Asia/Shanghai", currency="CNY", max_events=12),
    cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=12),
    XE,
)


@FAST
@given(case=REAL, data=st.data())
def test_check_event_gives_the_findings_assess_gives(case: Case, data: st.DataObject) -> None:
    from loanoverdue import check_event
    from loanoverdue.registry import default_registry

    registry = default_registry()  # every installed pack
    full = assess(case, registry)
    for i in range(len(case.events)):
        assert check_event(case, i, registry) == full.findings_for(i)
    if case.events:
        proposed = attrs.evolve(data.draw(st.sampled_from(case.events)), proposed=True)
        with_it = attrs.evolve(case, events=(*case.events, proposed))
        expected = assess(with_it, registry).findings_for(len(case.events))
        assert check_event(case, proposed, registry) == expected
