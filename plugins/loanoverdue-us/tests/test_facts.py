"""The facts the US checks share (``loanoverdue_us.facts.CaseFacts``) say what the rules'
notes say: the calls that count per target, their windows, the conversations."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import loanoverdue_us
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loanoverdue_us.facts import CaseFacts

from loanoverdue import Registry
from loanoverdue.engine.context import CaseState
from loanoverdue.model import INITIATED_ACTIONS, Action, Case, Initiator, Outcome, Target
from loanoverdue.testing.strategies import cases


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_us.PACK], entry_points=False)


@st.composite
def called_cases(draw: st.DrawFn) -> Case:
    """US cases where about half the events are calls to one target within two weeks."""
    case = draw(cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=16))
    first = min((e.at for e in case.events), default=case.as_of)
    room = max(0, int((case.as_of - first).total_seconds()))
    burst = first + timedelta(seconds=draw(st.integers(0, max(0, room - 14 * 86400))))
    target = draw(st.sampled_from(list(Target)))
    events = tuple(
        attrs.evolve(
            e,
            action=Action.CALL,
            target=target,
            at=min(case.as_of, burst + timedelta(seconds=draw(st.integers(0, 14 * 86400)))),
            # the borrower's own calls, to the borrower's own target only
            initiated_by=e.initiated_by if target is Target.BORROWER else Initiator.COLLECTOR,
            received_on=None,
            returned_on=None,
        )
        if draw(st.booleans())
        else e
        for e in case.events
    )
    return attrs.evolve(case, events=events)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=called_cases(), days=st.integers(1, 10))
def test_call_facts(registry: Registry, case: Case, days: int) -> None:
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    facts = CaseFacts(ctx)
    order = sorted(ctx.all_events, key=lambda v: v.event.at)
    for target in Target:
        # the counting calls (1006.14(b)(3)): the collector's, covered, not failed, not to
        # the attorney
        calls = [
            v
            for v in order
            if v.event.action is Action.CALL
            and v.event.target is target
            and facts.covers(v.event)
            and v.event.outcome is not Outcome.FAILED
            and target is not Target.ATTORNEY
            and not v.event.by_borrower
            and v.event.debt is None  # calls about another debt are counted with that debt's
            and v.index not in facts.consented  # placed with the borrower's prior consent
        ]
        assert list(facts.calls_to(target)) == calls
        # conversations: counting calls that connected and the borrower's own connected
        # calls, each with the position of the last counting call at or before it
        conversations = [
            (sum(1 for c in calls if (c.event.at, c.index) <= (v.event.at, v.index)) - 1, v.day, v.index)
            for v in order
            if v.event.action is Action.CALL
            and v.event.target is target
            and facts.covers(v.event)
            and v.event.outcome is Outcome.CONNECTED
            and (v.event.by_borrower or target is not Target.ATTORNEY)
            and v.event.debt is None
        ]
        assert list(facts.conversations_with(target)) == conversations
        for pos, v in enumerate(calls):
            assert facts.call_position(v.index) == pos
            first_day: date = v.day - timedelta(days=days - 1)
            window = tuple(c.index for c in calls[: pos + 1] if first_day <= c.day)
            assert facts.call_window(target, pos, first_day) == window
            # and without relying on the dates' order (the plain filter)
            column = facts._book.calls[target]
            kept = column.broke
            column.broke = 0
            assert facts.call_window(target, pos, first_day) == window
            column.broke = kept


@st.composite
def contacted_cases(draw: st.DrawFn) -> Case:
    """US cases whose events are contacts of the borrower or the spouse, by a collector,
    the lender or an unknown actor, with any outcome."""
    from loanoverdue.model import Actor

    case = draw(cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=6))
    actions = [Action.CALL, Action.SMS, Action.LETTER, Action.NOTICE, Action.HOME_VISIT, Action.EMAIL]
    events = []
    for e in case.events:
        action = draw(st.sampled_from(actions))
        target = draw(st.sampled_from([Target.BORROWER, Target.SPOUSE]))
        # the borrower's own calls and messages stay (to the borrower, an action they can take)
        own = e.by_borrower and action in INITIATED_ACTIONS and target is Target.BORROWER
        events.append(
            attrs.evolve(
                e,
                action=action,
                actor=draw(st.sampled_from([Actor.COLLECTION_AGENCY, Actor.LENDER, Actor.UNKNOWN])),
                target=target,
                outcome=draw(st.sampled_from(list(Outcome))),
                conduct=frozenset(),
                threatened=frozenset(),
                place=None,
                initiated_by=Initiator.BORROWER if own else Initiator.COLLECTOR,
                received_on=None,
                returned_on=None,
            )
        )
    return attrs.evolve(case, events=tuple(events))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=contacted_cases())
def test_passive_collection_factor_agrees_with_the_rule(registry: Registry, case: Case) -> None:
    """The outlook's passive-collection factor on credit reporting shows exactly when a
    credit report by a collection agency now would break us.credit.before_contact."""
    from loanoverdue_us.facts import collector_in_charge

    from loanoverdue import assess, check_event
    from loanoverdue.model import Actor, CollectionEvent

    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    if not collector_in_charge(ctx) or case.loan.repaid_on is not None:
        return
    report = CollectionEvent(
        at=case.as_of,
        action=Action.CREDIT_REPORT,
        actor=Actor.COLLECTION_AGENCY,
        target=Target.BORROWER,
        proposed=True,
    )
    found = [f for f in check_event(case, report, registry) if f.rule == "us.credit.before_contact"]
    step = next(p for p in assess(case, registry).outlook if p.action is Action.CREDIT_REPORT)
    passive = any(f.name == "passive_collection" for f in step.factors)
    assert passive == (found[0].verdict.value == "violation")
