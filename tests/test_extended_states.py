"""A state extended by events (a platform's step, a session's question) answers as a
fresh state of the grown case, and carries over the China pack's facts that do not
change (its cap, its groups of events, grown in time order, its quiet hours); the JSON
of a tuple of citations is written once per language and set of instruments."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import attrs
import pytest

import loanoverdue
from loanoverdue.engine.context import CaseState, appended
from loanoverdue.law.text import Text
from loanoverdue.model.event import CollectionEvent
from loanoverdue.registry import Registry, default_registry
from loanoverdue.vocabulary import Action, Actor, Target

ROOT = Path(__file__).resolve().parent.parent


def _case() -> loanoverdue.Case:
    return loanoverdue.load_case(ROOT / "examples" / "cn-9000-online-loan.json")


def _probe(case: loanoverdue.Case, action: Action, hours: int) -> CollectionEvent:
    at = case.as_of + timedelta(hours=hours)
    return CollectionEvent(at=at, action=action, actor=Actor.LENDER, target=Target.BORROWER, proposed=True)


def _answers(ctx: CaseState) -> dict[object, object]:
    out: dict[object, object] = {"order": [v.index for v in ctx.in_time_order()]}
    for a in Action:
        out["of", a] = [v.index for v in ctx.of(a)]
        out["happened", a] = [v.index for v in ctx.happened(a)]
        out["proposed", a] = [v.index for v in ctx.proposed(a)]
    out["several"] = [v.index for v in ctx.happened(Action.CALL, Action.SMS)]
    return out


def test_extensions_of_one_base_answer_as_fresh_states() -> None:
    registry = default_registry()
    case = _case()
    chain = registry.chain(case.borrower.jurisdiction)
    base = CaseState(case, registry, chain)
    grown = [appended(case, _probe(case, a, h)) for a, h in ((Action.CALL, 1), (Action.SMS, 2))]
    for of in grown:
        assert _answers(base.extended(of)) == _answers(CaseState(of, registry, chain))
    base.happened(Action.LAWSUIT, Action.JUDGMENT)  # the base's index grows (made on demand)
    assert _answers(base.extended(grown[1])) == _answers(CaseState(grown[1], registry, chain))


def test_the_china_cap_is_carried_while_the_loan_and_the_day_stay() -> None:
    from loanoverdue_cn.facts import case_cap

    registry = default_registry()
    case = _case()
    chain = registry.chain(case.borrower.jurisdiction)
    base = CaseState(case, registry, chain)
    cap = case_cap(base)
    same_day = base.extended(appended(case, _probe(case, Action.CALL, 1)))
    assert case_cap(same_day) is cap
    later = case.as_of + timedelta(days=400)
    event = attrs.evolve(_probe(case, Action.CALL, 0), at=later - timedelta(hours=1), proposed=False)
    next_year = base.extended(appended(case, event, as_of=later))
    fresh = CaseState(next_year.case, registry, chain)
    assert case_cap(next_year) is not cap
    assert case_cap(next_year) == case_cap(fresh)


def test_citations_are_written_per_language_and_set_of_instruments() -> None:
    case = _case()
    everything = default_registry()
    import loanoverdue_cn

    alone = Registry.build([loanoverdue_cn.PACK], entry_points=False)
    for registry in (everything, alone, everything):
        result = loanoverdue.assess(case, registry)
        for lang in ("en", "zh-CN", "en"):
            assert json.loads(result.to_json(lang)) == result.to_dict(lang)
    en = loanoverdue.assess(case, alone).to_dict("en")
    zh = loanoverdue.assess(case, alone).to_dict("zh-CN")
    first = en["findings"][0]["citations"][0]  # type: ignore[index]
    assert first["title"] != zh["findings"][0]["citations"][0]["title"]  # type: ignore[index]


def test_a_texts_languages_follow_its_items() -> None:
    both = Text({"zh-CN": "你好", "en": "hello"})
    assert both.languages == ("en", "zh-CN")
    assert attrs.evolve(both, items={"en": "hi"}).languages == ("en",)
    assert both == Text({"en": "hello", "zh-CN": "你好"}) and hash(both) == hash(Text(both))


def test_a_letter_is_written_in_the_languages_all_its_parts_have() -> None:
    from loanoverdue.results import Letter

    both, english = Text({"en": "a", "zh-CN": "甲"}), Text("b")
    letter = Letter("x", "complaint", both, both, both, (both, both))
    assert letter.languages == ("en", "zh-CN")
    assert attrs.evolve(letter, body=(both, english)).languages == ("en",)
    assert attrs.evolve(letter, title=english).languages == ("en",)



def _groups(events: object) -> dict[str, object]:
    names = ("order", "borrower_contacts", "contacts", "night", "visits", "with_conduct")
    out: dict[str, object] = {n: [v.index for v in getattr(events, n)] for n in names}
    out["days"] = (events.first_day, events.last_day)  # type: ignore[attr-defined]
    return out


def test_the_china_events_grow_by_an_event_earlier_than_one_held(monkeypatch: pytest.MonkeyPatch) -> None:
    from loanoverdue_cn.checks import _Quiet
    from loanoverdue_cn.facts import CaseEvents, case_events

    registry = default_registry()
    # the example's last event is a visit proposed for five days after as_of; a lawsuit
    # proposed for ten days after is no night contact
    case = _case()
    lawsuit = attrs.evolve(_probe(case, Action.LAWSUIT, 240), actor=Actor.COLLECTION_AGENCY)
    case = appended(case, lawsuit)
    chain = registry.chain(case.borrower.jurisdiction)
    base = CaseState(case, registry, chain)
    held = case_events(base)
    base.once("cn.quiet", _Quiet).night()
    night_last = held.night[-1]
    made: list[object] = []
    init = CaseEvents.__init__

    def counted(self: CaseEvents, ctx: object) -> None:
        made.append(ctx)
        init(self, ctx)  # type: ignore[arg-type]

    for action, hours in ((Action.CALL, 1), (Action.HOME_VISIT, 2), (Action.SMS, 6 * 24), (Action.SMS, 300)):
        probe = _probe(case, action, hours)
        grown = base.extended(appended(case, probe))
        with monkeypatch.context() as m:
            m.setattr(CaseEvents, "__init__", counted)
            events = case_events(grown)
            # the quiet hours carry over when no night contact held comes after the probe
            quiet = grown.once("cn.quiet", _Quiet)
        assert not made  # grown from the base's, not sorted afresh
        # (carried over: the tests held are kept, read through under those made since)
        assert (not quiet._at.empty()) == (probe.at >= night_last.event.at)
        fresh = CaseEvents(CaseState(grown.case, registry, chain))
        assert _groups(events) == _groups(fresh)


def test_the_china_financial_precondition_reads_the_days_of_the_events_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from loanoverdue_cn.checks import _financial_demand_possible
    from loanoverdue_cn.facts import CaseEvents, DaySpan, case_events, day_span

    registry = default_registry()
    case = _case()
    chain = registry.chain(case.borrower.jurisdiction)
    base = CaseState(case, registry, chain)
    answer = _financial_demand_possible(base)
    assert (day_span(base).first, day_span(base).last) == (case_events(base).first_day, case_events(base).last_day)
    made: list[object] = []
    monkeypatch.setattr(CaseEvents, "extended", lambda self, ctx, added: made.append(ctx))
    monkeypatch.setattr(CaseEvents, "__init__", lambda self, ctx: made.append(ctx))
    for hours in (1, -24 * 400, 24 * 400):  # the same days; an earlier one; a later one
        probe = attrs.evolve(_probe(case, Action.CALL, hours), proposed=True)
        grown = base.extended(appended(case, probe))
        assert _financial_demand_possible(grown) in (answer, True)
        span = day_span(grown)
        fresh = DaySpan(CaseState(grown.case, registry, chain))
        assert (span.first, span.last) == (fresh.first, fresh.last)
        assert (span is day_span(base)) == (hours == 1)
    assert not made  # the groups of events are neither grown nor made for it
