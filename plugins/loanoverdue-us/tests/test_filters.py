"""The event filters of the US rules (``conduct``, ``targets``, ``actors`` in rules.toml)
only spare the engine calls that cannot matter: for an event a rule's filters exclude, its
check returns nothing and reads no parameter (so the findings and the trace are the same
as without the filters).

``actions`` are not tested here: they say which events a rule is about (e.g. letters are
not judged by the time-of-day rule), and the checks rely on them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import attrs
import loanoverdue_us
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import Registry
from loanoverdue.engine.context import CaseState, EventCursor
from loanoverdue.law import Rule, Scope
from loanoverdue.model import (
    INITIATED_ACTIONS,
    MEDIA,
    Action,
    Actor,
    Case,
    CollectionEvent,
    Initiator,
    LenderKind,
    Place,
    Protection,
    ProtectionKind,
    Purpose,
    Target,
    Weekday,
)
from loanoverdue.testing.strategies import cases

#: The actors the federal rules list: every one but the court and an enforcement agent (an
#: officer enforcing a judgment), for whom this pack has no rules.
COVERED = frozenset(Actor) - {Actor.COURT, Actor.ENFORCEMENT_AGENT}
ZONES = ("America/New_York", "America/Los_Angeles", "America/Chicago", "Pacific/Honolulu")
#: Plain US (no state), states with periods, and the states with rules of their own.
CODES = ("US", "US-NY", "US-FL", "US-CA", "US-MD", "US-TX")
FOCUS = (Action.CALL, Action.CALL, Action.CALL, Action.LAWSUIT, Action.ARBITRATION, Action.CREDIT_REPORT)

_REGISTRY: list[Registry] = []


@pytest.fixture(scope="module")
def registry() -> Registry:
    if not _REGISTRY:
        _REGISTRY.append(Registry.build([loanoverdue_us.PACK], entry_points=False))
    return _REGISTRY[0]


def _event_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.scope is Scope.EVENT]


def _excludes(rule: Rule, event: CollectionEvent) -> bool:
    return (
        (rule.conduct is not None and event.conduct.isdisjoint(rule.conduct))
        or (rule.targets is not None and event.target not in rule.targets)
        or (rule.actors is not None and event.actor not in rule.actors)
    )


@st.composite
def us_cases(draw: st.DrawFn) -> Case:
    """Cases of a US jurisdiction with what the generic strategy leaves out: purposes,
    planned events, protections and a last payment."""
    code = draw(st.sampled_from(CODES))
    case = draw(
        cases(jurisdiction=code, timezone=draw(st.sampled_from(ZONES)), currency="USD", max_events=12)
    )
    # some events aimed at one person a few days apart, mostly calls (calls come in bursts:
    # the frequency rules), with suits and credit reports (rare in a uniform draw)
    first = min((e.at for e in case.events), default=case.as_of)
    room = max(0, int((case.as_of - first).total_seconds()))
    burst = first + timedelta(seconds=draw(st.integers(0, max(0, room - 7 * 86400))))
    called = draw(st.sampled_from(list(Target)))
    events = []
    for e in case.events:
        if draw(st.booleans()):
            at = min(case.as_of, burst + timedelta(seconds=draw(st.integers(0, 7 * 86400))))
            action = draw(st.sampled_from(FOCUS))
            own = e.by_borrower and action in INITIATED_ACTIONS and called is Target.BORROWER
            e = attrs.evolve(
                e,
                at=at,
                action=action,
                target=called,
                initiated_by=Initiator.BORROWER if own else Initiator.COLLECTOR,
                received_on=None,  # a delivery belongs to the letter it was
                returned_on=None,
            )
        purpose = draw(st.none() | st.sampled_from(list(Purpose)))
        events.append(attrs.evolve(e, purpose=purpose, proposed=draw(st.booleans())))
    today = case.as_of.astimezone(case.borrower.tz).date()
    # overdue long enough, at times, for a limitation period to run (Texas: 4 years)
    due = case.loan.due_date - timedelta(days=draw(st.sampled_from([0, 5 * 365])))

    def day_from(start: date) -> st.SearchStrategy[date]:
        return st.integers(0, max(0, (today - start).days)).map(lambda n: start + timedelta(days=n))

    kinds = draw(st.sets(st.sampled_from(list(ProtectionKind))))
    protections = tuple(
        Protection(
            kind,
            draw(day_from(due - timedelta(days=30))),
            # a refusal names the media: here, the actions the burst of events uses
            media=draw(st.sets(st.sampled_from(sorted(MEDIA)), min_size=1))
            if kind is ProtectionKind.MEDIUM_REFUSED
            else frozenset(),
            # designated times and places: some days, some places
            weekdays=draw(st.sets(st.sampled_from(list(Weekday)), min_size=1))
            if kind is ProtectionKind.INCONVENIENT_TIME
            else frozenset(),
            places=draw(st.sets(st.sampled_from(list(Place)), min_size=1))
            if kind is ProtectionKind.INCONVENIENT_PLACE
            else frozenset(),
        )
        for kind in sorted(kinds)
    )
    paid = draw(st.none() | day_from(due))
    kind = case.loan.lender.kind
    return attrs.evolve(
        case,
        borrower=attrs.evolve(case.borrower, protections=protections),
        loan=attrs.evolve(
            case.loan,
            due_date=due,
            contract_date=None,
            last_payment_date=paid,
            # last_payment_date is the last payment: the payments listed come before it
            payments=tuple(p for p in case.loan.payments if paid is None or p.paid_on <= paid),
            lender=attrs.evolve(case.loan.lender, kind=draw(st.sampled_from([kind, LenderKind.DEBT_BUYER]))),
        ),
        events=tuple(events),
    )


def test_filters_declared(registry: Registry) -> None:
    rules = {r.id: r for r in _event_rules(registry)}
    assert rules["us.attorney.represented"].targets == frozenset(Target) - {Target.ATTORNEY}
    for rule in rules.values():
        if rule.actors is not None and not rule.id.startswith("us.tx."):
            assert rule.actors == COVERED, rule.id
    assert [r for r in rules.values() if (r.conduct, r.targets, r.actors) == (None, None, None)] == []


def _variants(event: CollectionEvent) -> Iterator[CollectionEvent]:
    """``event`` and the same event by every other actor, to every other target, and
    without its conduct flags: random draws seldom reach some combinations."""
    yield event
    for actor in Actor:
        if actor is not event.actor and actor is not Actor.ENFORCEMENT_AGENT:
            yield attrs.evolve(event, actor=actor)
    for target in Target:
        if target is not event.target:
            # a contact the borrower initiated is the borrower's: to anyone else, the collector's
            yield attrs.evolve(event, target=target, initiated_by=Initiator.COLLECTOR)
    if event.conduct:
        yield attrs.evolve(event, conduct=frozenset(), threatened=frozenset())


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=us_cases())
def test_a_check_finds_nothing_for_an_event_its_filters_exclude(registry: Registry, case: Case) -> None:
    chain = registry.chain(case.borrower.jurisdiction)
    # a shaped rule has no check of its own to test: its filters and clauses are one
    # statement, run together by the engine and the plan (tests/test_shapes.py)
    rules = [r for r in _event_rules(registry) if r.jurisdiction in chain and r.shape is None]
    for i, event in enumerate(case.events):
        if event.actor is Actor.ENFORCEMENT_AGENT:
            continue  # no rule of this pack is about enforcement officers: the filters leave them out
        for variant in _variants(event):
            excluded = [
                r
                for r in rules
                if (r.actions is None or variant.action in r.actions)  # an event the rule is about
                and _excludes(r, variant)
            ]
            if not excluded:
                continue
            events = (*case.events[:i], variant, *case.events[i + 1 :])
            ctx = CaseState(attrs.evolve(case, events=events), registry, chain)
            ectx = EventCursor(ctx, ctx.all_events[i])
            for rule in excluded:
                reads: list[object] = []
                ctx._reads = reads  # type: ignore[assignment]
                used = len(ctx.params_used())
                result = rule.check(ectx)
                assert result is None, (rule.id, variant)
                assert not reads and len(ctx.params_used()) == used, (rule.id, variant)
                ctx._reads = None
