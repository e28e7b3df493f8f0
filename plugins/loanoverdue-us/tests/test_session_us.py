"""A session's answers for United States histories are :func:`check_event`'s, where the
US facts grow instead of being worked out again: calls to several people and about
another debt, conversations (the collector's calls and the borrower's own), consents
to calls, bursts of calls over more than a week (the seven-day windows slide) and
across the change of the clocks, location inquiries, credit reports after contact,
validation notices; questions asked twice, in both orders, about events earlier than
the history, and planned events recorded. And the columns the facts share are given
back only by states nobody holds."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import loanoverdue_us
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loanoverdue_us.facts import CaseFacts, case_facts

from loanoverdue import (
    Action,
    Actor,
    Case,
    CollectionEvent,
    Conduct,
    Outcome,
    Protection,
    ProtectionKind,
    Purpose,
    Registry,
    Session,
    Target,
    Threatened,
    assess,
    check_event,
)
from loanoverdue.engine.context import CaseState, appended
from loanoverdue.model import Hours, Initiator, Place
from loanoverdue.testing.strategies import cases, offset_change_before

ZONE = "America/New_York"
ACTIONS = [
    Action.CALL,
    Action.CALL,
    Action.CALL,
    Action.CALL,
    Action.SMS,
    Action.EMAIL,
    Action.LETTER,
    Action.HOME_VISIT,
    Action.THIRD_PARTY_CONTACT,
    Action.CREDIT_REPORT,
]
TARGETS = [Target.BORROWER, Target.BORROWER, Target.BORROWER, Target.SPOUSE, Target.FAMILY, Target.EMPLOYER, Target.ATTORNEY]
ACTORS = [Actor.COLLECTION_AGENCY, Actor.COLLECTION_AGENCY, Actor.COLLECTION_AGENCY, Actor.LENDER, Actor.UNKNOWN]
OUTCOMES = [Outcome.CONNECTED, Outcome.CONNECTED, Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.FAILED, Outcome.DELIVERED]
PURPOSES = [None, None, None, None, Purpose.LOCATION_INQUIRY, Purpose.VALIDATION_NOTICE]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_us.PACK], entry_points=False)


@st.composite
def histories(draw: st.DrawFn, dst: bool) -> tuple[Case, list[CollectionEvent]]:
    """A US case and a burst of events over six to twelve days before its ``as_of``
    (with ``dst``: around the last change of the clocks), many of them calls."""
    zone = ZoneInfo(ZONE)
    case = draw(cases(jurisdiction="US-NY", timezone=ZONE, currency="USD", max_events=4))
    days = draw(st.integers(6, 12))
    start = case.as_of - timedelta(days=days)
    change = offset_change_before(case.as_of, zone) if dst else None
    if change is not None:
        start = change - timedelta(days=draw(st.integers(0, 8)), hours=draw(st.integers(0, 23)))
        days = max(1, min(days, (case.as_of - start).days))
    # now and then a dialler's burst: calls to the borrower, enough to pass 7 in 7 days
    dialler = draw(st.booleans())
    burst: list[CollectionEvent] = []
    for _ in range(draw(st.integers(1, 36))):
        at = (start + timedelta(seconds=draw(st.integers(0, days * 86400)))).astimezone(zone)
        if burst and draw(st.integers(0, 5)) == 0:  # at the instant of the one before
            at = burst[-1].at
        action = Action.CALL if dialler and draw(st.integers(0, 4)) else draw(st.sampled_from(ACTIONS))
        target = Target.BORROWER if dialler and draw(st.integers(0, 4)) else draw(st.sampled_from(TARGETS))
        own = action in (Action.CALL, Action.SMS, Action.EMAIL) and target is Target.BORROWER and draw(st.integers(0, 4)) == 0
        purpose = draw(st.sampled_from(PURPOSES))
        if purpose is Purpose.VALIDATION_NOTICE:
            action, target = draw(st.sampled_from([Action.LETTER, Action.EMAIL, Action.CALL])), Target.BORROWER
        burst.append(
            CollectionEvent(
                at=at,
                action=action,
                actor=draw(st.sampled_from(ACTORS)),
                target=target,
                outcome=draw(st.sampled_from(OUTCOMES)),
                place=draw(st.sampled_from([None, None, Place.HOME, Place.WORKPLACE])),
                purpose=None if own else purpose,
                initiated_by=Initiator.BORROWER if own else Initiator.COLLECTOR,
                debt=draw(st.sampled_from([None, None, None, "B-2"])),
                # now and then a threat to sue (on a debt that may be time-barred)
                **(
                    {"conduct": frozenset({Conduct.THREAT}), "threatened": frozenset({Threatened.SUIT})}
                    if draw(st.integers(0, 9)) == 0
                    else {}
                ),
            )
        )
    if draw(st.booleans()):  # as a dialler records them
        burst.sort(key=lambda e: e.at)
    today = case.as_of.astimezone(zone).date()
    protections = list(case.borrower.protections)
    for kind in draw(
        st.lists(
            st.sampled_from(
                [
                    ProtectionKind.CONTACT_CONSENT,
                    ProtectionKind.CONTACT_CONSENT,
                    ProtectionKind.MEDIUM_REFUSED,
                    ProtectionKind.INCONVENIENT_TIME,
                    ProtectionKind.INCONVENIENT_PLACE,
                    ProtectionKind.DISPUTED,
                ]
            ),
            max_size=3,
        )
    ):
        since = max(case.loan.due_date, today - timedelta(days=draw(st.integers(0, 12))))
        if kind is ProtectionKind.CONTACT_CONSENT:
            hours = draw(st.sampled_from([None, Hours(time(9), time(17)), Hours(time(21), time(8))]))
            media = draw(st.sampled_from([frozenset(), frozenset({Action.CALL})]))
            protections.append(Protection(kind, since, media=media, hours=hours))
        elif kind is ProtectionKind.MEDIUM_REFUSED:
            protections.append(Protection(kind, since, media=frozenset({draw(st.sampled_from([Action.CALL, Action.SMS]))})))
        elif kind is ProtectionKind.DISPUTED:
            protections.append(Protection(kind, since, in_writing=draw(st.sampled_from([None, True, False]))))
        elif kind is ProtectionKind.INCONVENIENT_TIME:
            protections.append(Protection(kind, since, hours=Hours(time(12), time(14))))
        else:
            protections.append(Protection(kind, since, places=frozenset({Place.WORKPLACE})))
    protections.sort(key=lambda p: p.since)
    case = attrs.evolve(case, borrower=attrs.evolve(case.borrower, protections=tuple(protections)))
    return case, burst


def _proposed(event: CollectionEvent, later: timedelta) -> CollectionEvent:
    return attrs.evolve(event, at=event.at + later, proposed=True, received_on=None, returned_on=None)


@pytest.mark.parametrize("dst", [False, True], ids=["week", "dst"])
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_us_session_answers_as_check_event_does(registry: Registry, dst: bool, data: st.DataObject) -> None:
    case, burst = data.draw(histories(dst))
    session = Session(case, registry)
    for event in burst:
        asked = [event, _proposed(event, timedelta(minutes=data.draw(st.integers(0, 3000))))]
        if data.draw(st.integers(0, 4)) == 0:  # earlier than the whole history
            first = min([e.at for e in session.case.events], default=event.at)
            asked.append(_proposed(event, first - event.at - timedelta(minutes=data.draw(st.integers(1, 3000)))))
        if data.draw(st.booleans()):  # asked again, the other way round
            asked += asked[::-1]
        for question in asked:
            answer = session.check(question)
            assert answer == check_event(session.case, question, registry)
            if data.draw(st.integers(0, 5)) == 0:  # where no check knows the question
                whole = attrs.evolve(session.case, events=(*session.case.events, question))
                assert answer == assess(whole, registry).findings_for(len(whole.events) - 1)
        if data.draw(st.integers(0, 5)) == 0:  # a plan recorded as a plan
            session.record(asked[1])
        session.record(event)
    last = _proposed(burst[-1], timedelta(hours=1))
    assert session.check(last) == check_event(session.case, last, registry)


def _state(registry: Registry, case: Case) -> CaseState:
    return CaseState(case, registry, registry.chain(case.borrower.jurisdiction))


def _calls(registry: Registry) -> tuple[CaseState, list[CollectionEvent]]:
    """A history of calls to the borrower, one a day, and two more calls to ask about."""
    zone = ZoneInfo(ZONE)
    first = datetime(2026, 3, 2, 10, tzinfo=zone)
    calls = [CollectionEvent(at=first + timedelta(days=d), action=Action.CALL, actor=Actor.COLLECTION_AGENCY) for d in range(5)]
    case = attrs.evolve(_case(zone), events=tuple(calls))
    later = [
        CollectionEvent(at=first + timedelta(days=6, hours=h), action=Action.CALL, actor=Actor.COLLECTION_AGENCY, proposed=True)
        for h in (1, 2)
    ]
    return _state(registry, case), later


def _case(zone: ZoneInfo) -> Case:
    from decimal import Decimal

    from loanoverdue.model import Borrower, Lender, LenderKind, Loan, Money, Product

    usd = Money(Decimal("1000"), "USD")
    loan = Loan(
        product=Product.INSTALLMENT,
        principal=usd,
        outstanding=usd,
        due_date=datetime(2026, 2, 1).date(),
        contract_date=datetime(2025, 2, 1).date(),
        lender=Lender(kind=LenderKind.BANK),
    )
    return Case(loan=loan, borrower=Borrower("US-NY", ZONE), as_of=datetime(2026, 3, 20, 12, tzinfo=zone))


def test_an_extension_still_held_keeps_its_columns(registry: Registry) -> None:
    """Extending a history again takes back what the last extension wrote only when no
    one holds that extension; else the new one is worked out afresh."""
    history, (one, two) = _calls(registry)
    facts = case_facts(history)
    first = history.extended(appended(history.case, one))
    held = case_facts(first)  # extended from the history's facts
    assert held is not facts and held.call_position(5) == 5
    second = history.extended(appended(history.case, two))
    again = facts.extended(second, second.all_events[-1:])
    assert again is None  # ``held`` is alive: its call stays where it is
    assert held.calls_to(Target.BORROWER)[-1].event is one
    del held, first
    grown = facts.extended(second, second.all_events[-1:])
    assert grown is not None and grown.calls_to(Target.BORROWER)[-1].event is two
    assert facts.calls_to(Target.BORROWER) == tuple(history.all_events)  # the history's own


def test_an_extension_in_another_thread_is_worked_out_afresh(registry: Registry) -> None:
    history, (one, _) = _calls(registry)
    facts = case_facts(history)
    state = history.extended(appended(history.case, one))
    found: list[CaseFacts | None] = []
    worker = threading.Thread(target=lambda: found.append(facts.extended(state, state.all_events[-1:])))
    worker.start()
    worker.join()
    assert found == [None]
    assert facts.extended(state, state.all_events[-1:]) is not None


def test_a_session_works_out_the_validation_period_and_the_limitation_once(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validation period runs from the history's notice and the state's limitation
    period rests on the loan and the day: questions that change neither take them from
    the history instead of working them out again."""
    from loanoverdue_us import limitation, validation

    made: list[str] = []
    period_of, state_limitation = validation._period_of, limitation._state_limitation

    def counted_period(ctx: object, notice: object) -> object:
        made.append("period")
        return period_of(ctx, notice)  # type: ignore[arg-type]

    def counted_limitation(ctx: object, day: object, buyer: bool) -> object:
        made.append("limitation")
        return state_limitation(ctx, day, buyer)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "_period_of", counted_period)
    monkeypatch.setattr(limitation, "_state_limitation", counted_limitation)
    zone = ZoneInfo(ZONE)
    case = _case(zone)
    notice = CollectionEvent(
        at=datetime(2026, 3, 2, 10, tzinfo=zone),
        action=Action.LETTER,
        actor=Actor.COLLECTION_AGENCY,
        outcome=Outcome.DELIVERED,
        purpose=Purpose.VALIDATION_NOTICE,
    )
    disputed = Protection(ProtectionKind.DISPUTED, notice.at.date() + timedelta(days=3), in_writing=True)
    case = attrs.evolve(
        case, events=(notice,), borrower=attrs.evolve(case.borrower, protections=(disputed,))
    )
    session = Session(case, registry)
    threat = CollectionEvent(
        at=datetime(2026, 3, 19, 11, tzinfo=zone),
        action=Action.CALL,
        actor=Actor.COLLECTION_AGENCY,
        conduct=frozenset({Conduct.THREAT}),
        threatened=frozenset({Threatened.SUIT}),
        proposed=True,
    )
    questions = [attrs.evolve(threat, at=threat.at + timedelta(minutes=m)) for m in range(5)]
    answers = [session.check(asked) for asked in questions]
    assert sorted(made) == ["limitation", "period"]  # for the history, once
    for asked, found in zip(questions, answers, strict=True):
        assert found == check_event(session.case, asked, registry)
        assert "us.dispute.collection_before_verification" in {f.rule for f in found}


def test_a_long_session_forgets_what_it_recorded(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal forgets the writes of a session that records for long: its answers
    stay check_event()'s, and a state kept from before (fewer events than the journal
    still knows) is then worked out afresh."""
    from loanoverdue_us import journal

    monkeypatch.setattr(journal, "_FORGET_AT", 4)
    history, _ = _calls(registry)
    session = Session(history.case, registry)
    kept = session._state
    assert session.check(CollectionEvent(at=history.case.as_of, action=Action.CALL, proposed=True))
    kept_facts = case_facts(kept)
    zone = ZoneInfo(ZONE)
    for day in range(8):
        at = datetime(2026, 3, 10, 9, tzinfo=zone) + timedelta(days=day)
        for hour in (0, 3, 6):
            call = CollectionEvent(
                at=at + timedelta(hours=hour),
                action=Action.CALL,
                actor=Actor.COLLECTION_AGENCY,
                outcome=Outcome.CONNECTED if hour == 3 else Outcome.NO_ANSWER,
                proposed=at > history.case.as_of,
            )
            asked = attrs.evolve(call, at=call.at + timedelta(minutes=30), proposed=True)
            assert session.check(asked) == check_event(session.case, asked, registry)
            session.record(call)
    assert kept_facts._book.journal._floor > len(kept.all_events)  # it forgot
    later = CollectionEvent(at=history.case.as_of, action=Action.CALL, proposed=True)
    assert session.check(later) == check_event(session.case, later, registry)
    del session  # no state holds what was recorded any more, but the journal forgot it
    grown = kept.extended(appended(kept.case, later))
    assert kept_facts.extended(grown, grown.all_events[-1:]) is None
    assert check_event(kept.case, later, registry) == Session(kept.case, registry).check(later)
