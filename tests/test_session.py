"""``Session``: its answers are :func:`check_event`'s, on generated China and United
States histories, recorded in time order (the incremental path) or not (the fallback)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue import (
    Action,
    Actor,
    Case,
    CollectionEvent,
    InvalidInputError,
    Protection,
    ProtectionKind,
    Purpose,
    Session,
    Target,
    assess,
    check_event,
)
from loanoverdue.model import Hours
from loanoverdue.registry import default_registry
from loanoverdue.testing.strategies import cases, events, offset_change_before

PLACES = {
    "CN": ("CN-GD", "Asia/Shanghai", "CNY"),
    "US": ("US-NY", "America/New_York", "USD"),
}
#: Mostly calls and messages, the contacts the frequency, night and 7-in-7 rules count.
CONTACTS = [Action.CALL, Action.CALL, Action.SMS, Action.INSTANT_MESSAGE, Action.HOME_VISIT, Action.EMAIL]


@st.composite
def dense(
    draw: st.DrawFn, pack: str, night: bool = False, dst: bool = False
) -> tuple[Case, list[CollectionEvent]]:
    """A case (from the shared strategy) and a burst of contacts over a few days before
    its ``as_of``: enough in a day, at night and in seven days for the rules to fire.
    With ``night``, every contact late in the evening or early in the morning, some at
    the very instant of the one before (ties the windows must count alike). With
    ``dst``, the days around the last change of the clocks in the borrower's zone (a
    local day of 23 or 25 hours), where the zone has one."""
    jurisdiction, tz, currency = PLACES[pack]
    case = draw(cases(jurisdiction=jurisdiction, timezone=tz, currency=currency, max_events=6))
    days = draw(st.integers(min_value=1, max_value=6))
    start = case.as_of - timedelta(days=days)
    change = offset_change_before(case.as_of, ZoneInfo(tz)) if dst else None
    if change is not None:  # the burst straddles it, and stays before as_of
        start = change - timedelta(hours=draw(st.integers(0, 48)))
        days = max(1, min(days, (case.as_of - start).days))
    if night:  # 21:00-08:00 local on one of the days
        zone = ZoneInfo(tz)
        first = start.astimezone(zone).replace(hour=21, minute=0, second=0, microsecond=0)
        seconds = st.tuples(st.integers(0, days - 1), st.integers(0, 11 * 3600)).map(
            lambda ds: (first + timedelta(days=ds[0], seconds=ds[1])).astimezone(zone)
        )
    else:
        seconds = st.integers(0, days * 86400).map(
            lambda s: (start + timedelta(seconds=s)).astimezone(ZoneInfo(tz))
        )
    burst = draw(st.lists(events(at=seconds, actions=CONTACTS), min_size=1, max_size=25))
    if night:  # some at the instant of the one before
        burst = [
            attrs.evolve(e, at=burst[i - 1].at) if i and draw(st.integers(0, 3)) == 0 else e
            for i, e in enumerate(burst)
        ]
        burst = [e for e in burst if e.at <= case.as_of]
        if not burst:
            burst = [attrs.evolve(draw(events(actions=CONTACTS)), at=case.as_of)]
    # most of them the collector's, to the borrower: those are what the rules count
    burst = [
        attrs.evolve(e, actor=Actor.COLLECTION_AGENCY, target=Target.BORROWER) if draw(st.integers(0, 3)) else e
        for e in burst
    ]
    # now and then a letter or e-mail with a purpose (a validation notice, a demand)
    burst = [
        attrs.evolve(e, action=draw(st.sampled_from([Action.LETTER, Action.EMAIL])), purpose=draw(st.sampled_from(list(Purpose))))
        if not e.by_borrower and draw(st.integers(0, 7)) == 0
        else e
        for e in burst
    ]
    if draw(st.booleans()):  # as a dialler records them
        burst.sort(key=lambda e: e.at)
    if draw(st.booleans()):  # the borrower's consent to calls or messages at some hours
        today = case.as_of.astimezone(ZoneInfo(tz)).date()
        since = max(case.loan.due_date, today - timedelta(days=draw(st.integers(0, 7))))
        hours = draw(st.sampled_from([Hours(time(21), time(8)), Hours(time(22), time(1)), Hours(time(6), time(7))]))
        media = draw(st.sampled_from([frozenset(), frozenset({Action.CALL}), frozenset({Action.SMS})]))
        consent = Protection(ProtectionKind.CONTACT_CONSENT, since, media=media, hours=hours)
        borrower = attrs.evolve(case.borrower, protections=(*case.borrower.protections, consent))
        case = attrs.evolve(case, borrower=borrower)
    return case, burst


def _proposed(event: CollectionEvent, later: timedelta) -> CollectionEvent:
    return attrs.evolve(event, at=event.at + later, proposed=True)


@pytest.mark.parametrize(
    ("night", "dst"), [(False, False), (True, False), (False, True)], ids=["day", "night", "dst"]
)
@pytest.mark.parametrize("pack", sorted(PLACES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_session_answers_as_check_event_does(pack: str, night: bool, dst: bool, data: st.DataObject) -> None:
    """Every question a dialler asks: the event about to be recorded, a proposal after
    it, one earlier than the whole history, and the same questions again without a
    record in between."""
    registry = default_registry()
    case, burst = data.draw(dense(pack, night, dst))
    session = Session(case, registry)
    for event in burst:
        asked = [event, _proposed(event, timedelta(minutes=data.draw(st.integers(0, 600))))]
        if data.draw(st.integers(0, 3)) == 0:  # earlier than any event held
            first = min([e.at for e in session.case.events], default=event.at)
            asked.append(_proposed(event, first - event.at - timedelta(minutes=data.draw(st.integers(0, 3000)))))
        if data.draw(st.booleans()):  # asked again, in another order
            asked += asked[::-1]
        for question in asked:
            answer = session.check(question)
            assert answer == check_event(session.case, question, registry)
            if data.draw(st.integers(0, 3)) == 0:  # a whole assessment: no check knows the question
                whole = attrs.evolve(session.case, events=(*session.case.events, question))
                assert answer == assess(whole, registry).findings_for(len(whole.events) - 1)
        session.record(event)
        assert session.case.events[-1] is event
    assert session.case.events == (*case.events, *burst)
    # and a last question, against a case that was never a session's
    last = _proposed(burst[-1], timedelta(hours=1))
    plain = attrs.evolve(case, events=(*case.events, *burst))
    assert session.check(last) == check_event(plain, last, registry)
    # and against a whole assessment, where no check knows which event is asked about
    whole = attrs.evolve(plain, events=(*plain.events, last))
    assert session.check(last) == assess(whole, registry).findings_for(len(whole.events) - 1)


def test_a_question_leaves_the_session_as_it_was() -> None:
    case, event = _example()
    session = Session(case)
    before = session.check(event)
    assert session.case is case
    assert session.check(event) == before


def test_record_moves_as_of_to_an_event_after_it() -> None:
    case, event = _example()
    later = attrs.evolve(event, at=case.as_of + timedelta(hours=2), proposed=False)
    session = Session(case)
    session.record(later)
    assert session.case.as_of == later.at
    assert session.case.events[-1] is later
    planned = attrs.evolve(event, at=later.at + timedelta(days=3), proposed=True)
    session.record(planned)
    assert session.case.as_of == later.at  # a plan moves nothing


def test_bad_questions_are_invalid_input() -> None:
    case, event = _example()
    session = Session(case)
    with pytest.raises(InvalidInputError, match=r"^event: expected a CollectionEvent"):
        session.check("call")  # type: ignore[arg-type]
    future = attrs.evolve(event, at=case.as_of + timedelta(days=1), proposed=False)
    with pytest.raises(InvalidInputError) as caught:
        session.check(future)
    assert caught.value.path == f"events[{len(case.events)}].at"
    with pytest.raises(InvalidInputError, match=r"^case: expected a Case"):
        Session({"as_of": "2026-01-01"})  # type: ignore[arg-type]


def test_session_is_public_and_lazy() -> None:
    assert "Session" in loanoverdue.__all__
    assert loanoverdue.Session is Session


def _example() -> tuple[Case, CollectionEvent]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    case = loanoverdue.load_case(root / "examples" / "cn-9000-online-loan.json")
    night = datetime(2026, 3, 19, 22, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    return case, attrs.evolve(case.events[0], at=night, action=Action.CALL, proposed=True)


@pytest.mark.parametrize(
    ("pack", "module", "names"),
    [
        ("CN", "loanoverdue_cn.checks", ["_CaseWindows", "_Quiet", "_NightContacts", "_Repeated"]),
        ("CN", "loanoverdue_cn.facts", ["CaseEvents"]),
        ("US", "loanoverdue_us.facts", ["CaseFacts"]),
        ("US", "loanoverdue_us.validation", ["_Notices"]),
    ],
)
def test_a_session_grows_the_packs_facts_instead_of_working_them_out(
    pack: str, module: str, names: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Questions and records about later events extend the facts the session holds:
    none is built again from the whole history (each is built once, when first needed;
    an earlier event would rebuild them)."""
    import importlib
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from histories import history

    mod = importlib.import_module(module)
    built: list[tuple[object, ...]] = []
    for name in names:
        cls = getattr(mod, name)
        original = cls.__init__

        def counting(self: object, *args: object, _original: object = original, _name: str = name) -> None:
            built.append((_name, *args[1:]))  # a _Repeated's group and threshold
            _original(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(cls, "__init__", counting)
    full = loanoverdue.load_case(history(pack, 60))
    past = attrs.evolve(full, events=full.events[:40])
    session = Session(past)
    # questions about events that happened, one of each action: every fact is read (a
    # proposal reads fewer, and the US rules read the facts for some actions only)
    for asked in {e.action: e for e in full.events[40:]}.values():
        assert session.check(asked) is not None
    assert built  # the history's facts, once
    for event in full.events[40:]:
        session.check(attrs.evolve(event, proposed=True))
        session.record(event)
    assert len(built) == len(set(built))
    for earlier in {e.action: e for e in full.events[:40]}.values():  # before the last: afresh
        assert session.check(earlier) == check_event(session.case, earlier)
    assert len(built) > len(set(built))


def test_a_recorded_contact_the_borrower_initiated_is_no_step_that_happened() -> None:
    """The grown state groups a recorded event as a state made afresh does: a call the
    borrower initiated is among the calls, not among the calls that happened."""
    from loanoverdue.engine.context import CaseState
    from loanoverdue.vocabulary import Initiator

    case, event = _example()
    registry = default_registry()
    session = Session(case, registry)
    theirs = attrs.evolve(event, at=case.as_of, proposed=False, target=Target.BORROWER, initiated_by=Initiator.BORROWER, conduct=frozenset())
    session.record(theirs)
    grown = session._state
    fresh = CaseState(session.case, registry, grown.chain)
    for action in (Action.CALL, Action.SMS):
        assert grown.happened(action) == fresh.happened(action)
        assert grown.of(action) == fresh.of(action)
        assert grown.proposed(action) == fresh.proposed(action)
    assert grown.in_time_order() == fresh.in_time_order()
    assert grown.failed_contacts() == fresh.failed_contacts()
    assert theirs not in [v.event for v in grown.happened(Action.CALL)]


@pytest.mark.parametrize("pack", ["CN", "US"])
def test_a_question_grows_the_historys_lists_in_place(pack: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the history's facts are made, a question about a later event copies none of
    the lists they hold per event (``Tail``): each grows by the event in place, and the
    items a question added are dropped by the next one. Its answer stays
    :func:`check_event`'s."""
    import sys
    from pathlib import Path

    from loanoverdue.law import tail

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from histories import history

    full = loanoverdue.load_case(history(pack, 120))
    past = attrs.evolve(full, events=full.events[:-1])
    session = Session(past)
    asked = [attrs.evolve(e, proposed=True) for e in full.events[-1:-8:-1]]
    later = [attrs.evolve(e, at=full.events[-1].at + timedelta(minutes=5)) for e in asked]
    for question in later:  # the history's facts made
        session.check(question)
    copied: list[int] = []
    original = tail._Store.__init__

    def counting(self: object, items: list[object]) -> None:
        copied.append(len(items))
        original(self, items)  # type: ignore[arg-type]

    for question in later + later[::-1]:
        with monkeypatch.context() as m:
            m.setattr(tail._Store, "__init__", counting)
            answer = session.check(question)
        assert answer == check_event(session.case, question)
    assert not [n for n in copied if n > 1]  # a new window's one event at most
