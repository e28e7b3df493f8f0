"""The validation notice provided is one notion: ``us.validation.notice_timing`` and
``us.validation.period`` never point at different notices, a notice that came back is never
the one the period runs from, and a communication with the spouse never starts the clock."""

from __future__ import annotations

import attrs
import loanoverdue_us
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import Registry, assess
from loanoverdue.model import WRITTEN_ACTIONS, Action, Actor, Case, Outcome, Purpose, Target
from loanoverdue.testing.strategies import cases
from loanoverdue.vocabulary import Initiator

_NOTICE_ACTIONS = (Action.LETTER, Action.EMAIL, Action.CALL)
_TARGETS = (Target.BORROWER, Target.BORROWER, Target.SPOUSE)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_us.PACK], entry_points=False)


@st.composite
def noticed_cases(draw: st.DrawFn) -> Case:
    """US cases where a collection agency sends several validation notices (some of which
    come back) and calls the borrower or the spouse."""
    case = draw(cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=10))
    events = []
    for e in case.events:
        if draw(st.booleans()):
            action = draw(st.sampled_from(_NOTICE_ACTIONS))
            written = action in WRITTEN_ACTIONS  # a letter keeps its recorded delivery
            e = attrs.evolve(
                e,
                action=action,
                received_on=e.received_on if written else None,
                returned_on=e.returned_on if written else None,
                actor=Actor.COLLECTION_AGENCY,
                target=draw(st.sampled_from(_TARGETS)),
                purpose=draw(st.sampled_from((Purpose.VALIDATION_NOTICE, None))),
                proposed=False,
                initiated_by=Initiator.COLLECTOR,  # the agency sends them
            )
        events.append(e)
    lender = attrs.evolve(case.loan.lender, kind=draw(st.sampled_from(list(type(case.loan.lender.kind)))))
    return attrs.evolve(case, events=tuple(events), loan=attrs.evolve(case.loan, lender=lender))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noticed_cases())
def test_timing_and_period_use_the_same_notice(registry: Registry, case: Case) -> None:
    result = assess(case, registry)
    timing = [f for f in result.findings if f.rule == "us.validation.notice_timing"]
    period = [f for f in result.findings if f.rule == "us.validation.period"]
    assert len(timing) <= 1 and len(period) <= 1
    if period:
        notice = case.events[period[0].event]
        assert notice.purpose is Purpose.VALIDATION_NOTICE
        assert notice.target is Target.BORROWER
        # from Regulation F on, a notice that came back was not provided
        assert notice.outcome not in (Outcome.FAILED, Outcome.REFUSED, Outcome.NO_ANSWER, Outcome.VOICEMAIL)
        if timing and timing[0].verdict.value == "permitted":
            assert timing[0].event == period[0].event
        if timing and timing[0].verdict.value != "permitted":
            # then the notice the period runs from reached the consumer after the deadline
            first = case.events[timing[0].event]
            tz = case.borrower.tz
            assert (notice.at.astimezone(tz).date() - first.at.astimezone(tz).date()).days > 5
    for f in timing:
        first = case.events[f.related[0]] if f.verdict.value == "permitted" else case.events[f.event]
        assert first.target is Target.BORROWER


def test_a_returned_notice_before_regulation_f_still_counts_as_sent(registry: Registry) -> None:
    """1692g(a) asked only that the notice be sent; comment 42(a)(1)-2 applies from 2021-11-30."""
    from loanoverdue import load_case

    def case(year: int) -> Case:
        return load_case(
            {
                "as_of": f"{year}-03-01T12:00:00-05:00",
                "borrower": {"jurisdiction": "US-NY", "timezone": "America/New_York"},
                "loan": {
                    "product": "credit_card",
                    "principal": "1000",
                    "outstanding": "1000",
                    "currency": "USD",
                    "due_date": f"{year - 1}-10-01",
                    "lender": {"kind": "bank"},
                },
                "events": [
                    {
                        "at": f"{year}-01-05T10:00:00-05:00",
                        "action": "call",
                        "actor": "collection_agency",
                        "target": "borrower",
                        "outcome": "connected",
                    },
                    {
                        "at": f"{year}-01-07T10:00:00-05:00",
                        "action": "letter",
                        "actor": "collection_agency",
                        "target": "borrower",
                        "outcome": "failed",
                        "purpose": "validation_notice",
                    },
                ],
            }
        )

    def timing(c: Case) -> str:
        (f,) = [f for f in assess(c, registry).findings if f.rule == "us.validation.notice_timing"]
        return f.verdict.value

    assert timing(case(2021)) == "permitted"
    assert timing(case(2026)) == "violation"
