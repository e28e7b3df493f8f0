"""The session's question path: what a case rule declares it finds about (``about``),
checked in every assessment and relied on by a question; preconditions a question does
not ask."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import attrs
import loanoverdue_example
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import (
    Action,
    Conduct,
    Hit,
    PluginError,
    Registry,
    Session,
    Verdict,
    assess,
    check_event,
    hookimpl,
    load_case,
)
from loanoverdue.checks import checks_registry
from loanoverdue.law.data import DataError, load_rules

BASE = 'jurisdiction = "XE"\nweight = "civil"\nbasis = "assumption"\ntitle = "T"\nmessages = { violation = "V" }\n'


def _registry(tmp_path: Path, entry: str, checks: Any) -> Registry:
    f = tmp_path / "rules.toml"
    f.write_text(entry + BASE)
    rules = load_rules(f, checks)
    pack = types.ModuleType("zz_pack")
    impl = hookimpl(lambda: list(rules))
    impl.__name__ = "loanoverdue_rules"
    pack.loanoverdue_rules = impl  # type: ignore[attr-defined]
    return Registry.build([loanoverdue_example, pack], entry_points=False)


def test_about_is_read_for_case_rules_only(tmp_path: Path) -> None:
    f = tmp_path / "rules.toml"
    f.write_text('[[rule]]\nid = "zz"\nscope = "case"\nabout = ["call", "sms"]\n' + BASE)
    (rule,) = load_rules(f, {"zz": lambda ctx: None})
    assert rule.about == {Action.CALL, Action.SMS}
    f.write_text('[[rule]]\nid = "zz"\nscope = "case"\nabout = []\n' + BASE)
    assert load_rules(f, {"zz": lambda ctx: None})[0].about == frozenset()
    f.write_text('[[rule]]\nid = "zz"\nscope = "case"\n' + BASE)
    assert load_rules(f, {"zz": lambda ctx: None})[0].about is None
    f.write_text('[[rule]]\nid = "zz"\nscope = "event"\nabout = ["call"]\n' + BASE)
    with pytest.raises(DataError, match=r"rule\[0\].about: only case rules declare"):
        load_rules(f, {"zz": lambda ctx: None})
    f.write_text('[[rule]]\nid = "zz"\nscope = "case"\nabout = ["phone"]\n' + BASE)
    with pytest.raises(DataError, match=r"rule\[0\].about\[0\]: unknown value 'phone'"):
        load_rules(f, {"zz": lambda ctx: None})


def test_a_finding_about_an_event_the_rule_does_not_declare_is_the_packs_fault(
    tmp_path: Path, xe_data: dict[str, Any]
) -> None:
    case = load_case(xe_data)
    calls = [i for i, e in enumerate(case.events) if e.action is Action.CALL]
    others = [i for i, e in enumerate(case.events) if e.action is not Action.CALL]
    assert calls and others
    checks, check = checks_registry()
    target = {"event": calls[0]}

    @check("zz.case")
    def about_one(ctx: Any) -> Hit:
        return Hit(Verdict.VIOLATION, event=target["event"])

    registry = _registry(tmp_path, '[[rule]]\nid = "zz.case"\nscope = "case"\nabout = ["call"]\n', checks)
    assert [f.event for f in assess(case, registry).findings if f.rule == "zz.case"] == calls[:1]
    target["event"] = others[0]
    action = case.events[others[0]].action.value
    with pytest.raises(PluginError, match=rf"zz_pack.*hit about event {others[0]} \({action}\); "
                       r"the rule declares its findings about call"):
        assess(case, registry)
    registry = _registry(tmp_path, '[[rule]]\nid = "zz.case"\nscope = "case"\nabout = []\n', checks)
    with pytest.raises(PluginError, match=r"declares its findings about none: findings about the case alone"):
        assess(case, registry)


def test_a_question_runs_no_case_rule_that_cannot_find_about_its_event(
    tmp_path: Path, xe_data: dict[str, Any]
) -> None:
    case = load_case(xe_data)
    checks, check = checks_registry()
    ran: list[int] = []

    @check("zz.calls")
    def calls(ctx: Any) -> list[Hit]:
        ran.append(len(ctx.all_events))
        return [Hit(Verdict.VIOLATION, event=v.index) for v in ctx.all_events if v.event.action is Action.CALL]

    registry = _registry(tmp_path, '[[rule]]\nid = "zz.calls"\nscope = "case"\nabout = ["call"]\n', checks)
    session = Session(case, registry)
    call = next(e for e in case.events if e.action is Action.CALL)
    letter = attrs.evolve(call, action=Action.LETTER, proposed=True)
    asked_call = attrs.evolve(call, proposed=True)
    ran.clear()
    assert session.check(letter) == check_event(case, letter, registry)
    assert ran == [len(case.events) + 1]  # check_event ran it; the question did not
    ran.clear()
    found = session.check(asked_call)
    assert ran == [len(case.events) + 1]
    assert [f.rule for f in found if f.rule == "zz.calls"] == ["zz.calls"]
    assert found == check_event(case, asked_call, registry)


@pytest.mark.parametrize(
    ("keeps", "history", "asked_per_question"),
    [
        ((), False, 1),  # nothing kept: asked of every grown case
        ((), True, 1),
        ((True, False), False, 0),  # reads no event: the history's answer, either way
        ((True, False), True, 0),
        ((True,), True, 0),  # stays true once true
        ((True,), False, 1),  # but a false one is asked again
    ],
)
def test_a_question_asks_a_precondition_only_where_events_may_change_it(
    tmp_path: Path, xe_data: dict[str, Any], keeps: tuple[bool, ...], history: bool, asked_per_question: int
) -> None:
    case = load_case(xe_data)
    checks, check = checks_registry()
    calls = {"asked": 0, "checked": 0}
    answer = {"value": history}

    def precondition(ctx: Any) -> bool:
        calls["asked"] += 1
        return answer["value"]

    @check("zz.guarded", applies=precondition, keeps=keeps)
    def guarded(ctx: Any) -> Hit:
        calls["checked"] += 1
        return Hit(Verdict.VIOLATION)

    registry = _registry(tmp_path, '[[rule]]\nid = "zz.guarded"\nscope = "event"\n', checks)
    assert registry.rules["zz.guarded"].applies_keeps == frozenset(keeps)
    session = Session(case, registry)
    question = attrs.evolve(case.events[0], proposed=True)
    first = session.check(question)
    assert first == check_event(case, question, registry)
    calls.update(asked=0, checked=0)
    for _ in range(3):
        assert session.check(question) == first
    assert calls["asked"] == 3 * asked_per_question
    assert calls["checked"] == (3 if history else 0)
    assert [f.rule for f in first] == (["zz.guarded"] if history else [])


@pytest.mark.parametrize("turns_true", [False, True])
def test_a_question_takes_a_false_precondition_grown_by_its_event(
    tmp_path: Path, xe_data: dict[str, Any], turns_true: bool
) -> None:
    """``grows``: where the history's answer is false, a question asks the declared
    answer for its event instead of the precondition of the grown case."""
    case = load_case(xe_data)
    checks, check = checks_registry()
    calls = {"asked": 0, "grown": 0}

    def precondition(ctx: Any) -> bool:
        calls["asked"] += 1
        return len(ctx.case.events) > len(case.events) and turns_true

    def grows(ctx: Any, view: Any) -> bool:
        calls["grown"] += 1
        assert ctx.case is case and view.index == len(case.events)
        return turns_true

    @check("zz.guarded", applies=precondition, keeps=(True,), grows=grows)
    def guarded(ctx: Any) -> Hit:
        return Hit(Verdict.VIOLATION)

    registry = _registry(tmp_path, '[[rule]]\nid = "zz.guarded"\nscope = "event"\n', checks)
    assert registry.rules["zz.guarded"].applies_grows is grows
    session = Session(case, registry)
    question = attrs.evolve(case.events[0], proposed=True)
    first = session.check(question)
    assert first == check_event(case, question, registry)
    calls.update(asked=0, grown=0)
    for _ in range(3):
        assert session.check(question) == first
    assert calls == {"asked": 0, "grown": 3}
    assert [f.rule for f in first] == (["zz.guarded"] if turns_true else [])


def test_a_growing_precondition_that_raises_is_the_packs_error(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    checks, check = checks_registry()

    def grows(ctx: Any, view: Any) -> bool:
        raise ZeroDivisionError("oops")

    @check("zz.guarded", applies=lambda ctx: False, grows=grows)
    def guarded(ctx: Any) -> Hit:
        return Hit(Verdict.VIOLATION)

    registry = _registry(tmp_path, '[[rule]]\nid = "zz.guarded"\nscope = "event"\n', checks)
    with pytest.raises(PluginError, match=r"precondition of rule 'zz.guarded' raised ZeroDivisionError"):
        Session(case, registry).check(attrs.evolve(case.events[0], proposed=True))


def test_keeps_needs_a_precondition_and_answers() -> None:
    _, check = checks_registry()
    with pytest.raises(ValueError, match="grows without a precondition"):
        check("zz.g", grows=lambda ctx, view: True)
    with pytest.raises(ValueError, match="keeps without a precondition"):
        check("zz.a", keeps=(True,))
    with pytest.raises(ValueError, match="lists the answers kept"):
        check("zz.b", applies=lambda ctx: True, keeps=("yes",))  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["CN", "US-NY"])
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_packs_kept_answers_are_kept(code: str, data: st.DataObject) -> None:
    """Each China and US precondition's kept answers (``keeps``): where the history's
    answer is one of them, the history with one more event (any event, the history
    empty too) answers the same."""
    from loanoverdue.engine.context import CaseState
    from loanoverdue.registry import default_registry
    from loanoverdue.testing.strategies import cases, events

    registry = default_registry()
    tz, currency = ("Asia/Shanghai", "CNY") if code == "CN" else ("America/New_York", "USD")
    case = data.draw(cases(jurisdiction=code, timezone=tz, currency=currency, max_events=4))
    if data.draw(st.booleans()):
        case = attrs.evolve(case, events=())
    added = attrs.evolve(data.draw(events()), proposed=True)
    if data.draw(st.integers(0, 3)) == 0:  # the flag some preconditions turn true on
        added = attrs.evolve(added, conduct=added.conduct | {Conduct.ILLEGAL_DEBT_DEMAND})
    chain = registry.chain(code)
    history = CaseState(case, registry, chain)
    grown = CaseState(attrs.evolve(case, events=(*case.events, added)), registry, chain)
    kept = [r for r in registry.rules.values() if r.applies_keeps and r.jurisdiction in chain]
    assert kept
    for rule in kept:
        assert rule.applies is not None
        before = bool(rule.applies(history))
        if before in rule.applies_keeps:
            assert bool(rule.applies(grown)) is before, rule.id
    # and where a precondition declares how a false answer grows, it grows so
    growing = [r for r in registry.rules.values() if r.applies_grows is not None and r.jurisdiction in chain]
    if code == "CN":
        assert growing
    for rule in growing:
        assert rule.applies is not None and rule.applies_grows is not None
        if not rule.applies(history):
            read = set(history._used)
            answer = bool(rule.applies_grows(history, grown.all_events[-1]))
            assert answer is bool(rule.applies(grown)), rule.id
            # it reads no parameter value the history's answer did not
            assert set(history._used) <= read, rule.id
