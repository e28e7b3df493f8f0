"""The engine calls a rule's check only where the rule's statement admits it: an event
rule's check for an event whose action, conduct, target and actor its filters admit
(``actions``, ``conduct``, ``targets``, ``actors`` in ``rules.toml``), on a day the rule
is in force, for a loan of its platform (if it names one), in a case its precondition
(``applies=``) holds for; a case rule's check once its period has begun, in a case its
precondition holds for. That is so in a full assessment, for one event
(``check_event``), in a session and when a platform's schedule is probed.

Packs rely on it: a check states no condition its rule's filters or precondition state
already (each condition is written once). Every first-party pack's rules are run here
with their checks recorded, over generated cases of every jurisdiction they cover."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import loanoverdue_cn
import loanoverdue_example
import loanoverdue_gb
import loanoverdue_in
import loanoverdue_platform_example
import loanoverdue_us
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import Registry, Session, assess, check_event, load_case
from loanoverdue.engine.context import CaseState
from loanoverdue.hooks import hookimpl
from loanoverdue.law import Rule, Scope
from loanoverdue.model import Case, CollectionEvent, Purpose
from loanoverdue.testing.strategies import cases

#: The first-party packs (the tutorial's pack is a module of hook functions).
PLUGINS: tuple[object, ...] = (
    loanoverdue_cn.PACK,
    loanoverdue_us.PACK,
    loanoverdue_gb.PACK,
    loanoverdue_in.PACK,
    loanoverdue_platform_example.PACK,
    loanoverdue_example,
)
#: Jurisdictions the generated cases are of: each pack's own, and some below them.
CODES = ("CN", "CN-GD", "US", "US-NY", "US-CA", "US-MD", "US-TX", "GB", "GB-SCT", "IN", "IN-MH", "XE", "XE-N")
#: The platform whose policy and rules the platform pack registers.
PLATFORM = "example-app"


class Call(NamedTuple):
    """One call of a check: the rule, the case, and the event judged (``None`` for a
    case check) with its local day (the assessment date for a case check)."""

    rule: str
    case: Case
    event: CollectionEvent | None
    day: date


def _recorded(rule_id: str, check: Callable[[Any], Any], calls: list[Call]) -> Callable[[Any], Any]:
    def recorded(ctx: Any) -> Any:
        view = getattr(ctx, "view", None)
        if view is None:  # a case context
            calls.append(Call(rule_id, ctx.case, None, ctx.today))
        else:  # an event context (the engine moves it on: keep its values, not it)
            calls.append(Call(rule_id, ctx.case, view.event, view.day))
        return check(ctx)

    return recorded


class Recorded:
    """A pack whose hooks return what ``plugin``'s return, each rule's check recorded
    in ``calls``."""

    def __init__(self, plugin: object, calls: list[Call]) -> None:
        self.__name__ = getattr(plugin, "__name__", "recorded")
        self._plugin = plugin
        self._calls = calls

    def _hook(self, name: str) -> Any:
        fn = getattr(self._plugin, name, None)
        return None if fn is None else fn()

    @hookimpl
    def loanoverdue_pack_info(self) -> Any:
        return self._hook("loanoverdue_pack_info")

    @hookimpl
    def loanoverdue_jurisdictions(self) -> Any:
        return self._hook("loanoverdue_jurisdictions")

    @hookimpl
    def loanoverdue_instruments(self) -> Any:
        return self._hook("loanoverdue_instruments")

    @hookimpl
    def loanoverdue_parameters(self) -> Any:
        return self._hook("loanoverdue_parameters")

    @hookimpl
    def loanoverdue_rules(self) -> Any:
        rules: Iterable[Rule] | None = self._hook("loanoverdue_rules")
        if rules is None:
            return None
        return [attrs.evolve(r, check=_recorded(r.id, r.check, self._calls)) for r in rules]

    @hookimpl
    def loanoverdue_escalation_policies(self) -> Any:
        return self._hook("loanoverdue_escalation_policies")

    @hookimpl
    def loanoverdue_platform_policies(self) -> Any:
        return self._hook("loanoverdue_platform_policies")

    @hookimpl
    def loanoverdue_outlook_factors(self) -> Any:
        return self._hook("loanoverdue_outlook_factors")

    @hookimpl
    def loanoverdue_calculators(self) -> Any:
        return self._hook("loanoverdue_calculators")

    @hookimpl
    def loanoverdue_advice(self) -> Any:
        return self._hook("loanoverdue_advice")

    @hookimpl
    def loanoverdue_letters(self) -> Any:
        return self._hook("loanoverdue_letters")


CALLS: list[Call] = []


@pytest.fixture(scope="module")
def recorded() -> Registry:
    return Registry.build([Recorded(p, CALLS) for p in PLUGINS], entry_points=False)


def _admits(rule: Rule, event: CollectionEvent) -> bool:
    """Whether ``rule``'s event filters admit ``event``."""
    return (
        (rule.actions is None or event.action in rule.actions)
        and (rule.conduct is None or not event.conduct.isdisjoint(rule.conduct))
        and (rule.targets is None or event.target in rule.targets)
        and (rule.actors is None or event.actor in rule.actors)
    )


def wrong_calls(registry: Registry, calls: Iterable[Call]) -> list[str]:
    """The calls the rules' statements do not admit, each as ``rule: why``."""
    wrong = []
    holds: dict[tuple[int, str], bool] = {}
    for call in calls:
        rule = registry.rules[call.rule]
        case = call.case
        chain = registry.chain(case.borrower.jurisdiction)
        if rule.jurisdiction not in chain:
            wrong.append(f"{rule.id}: a case of {chain[0]}")
        if rule.platform is not None and case.loan.lender.platform != rule.platform:
            wrong.append(f"{rule.id}: a loan of platform {case.loan.lender.platform!r}")
        if rule.scope is Scope.EVENT:
            if call.event is None:
                wrong.append(f"{rule.id}: an event rule called with a case context")
            elif not _admits(rule, call.event):
                wrong.append(f"{rule.id}: an event its filters exclude ({call.event})")
            if not rule.period.contains(call.day):
                wrong.append(f"{rule.id}: an event on {call.day}, outside {rule.period}")
        elif rule.period.start is not None and call.day < rule.period.start:
            wrong.append(f"{rule.id}: a case assessed on {call.day}, before {rule.period.start}")
        if rule.applies is not None:
            key = (id(case), rule.id)
            if key not in holds:
                holds[key] = bool(rule.applies(CaseState(case, registry, chain)))
            if not holds[key]:
                wrong.append(f"{rule.id}: a case its precondition excludes")
    return wrong


@st.composite
def any_cases(draw: st.DrawFn) -> Case:
    """Cases of every jurisdiction the packs cover, with what the core's strategy leaves
    at its defaults drawn too: purposes, planned events and (China) the platform whose
    policy and rules a pack registers."""
    code = draw(st.sampled_from(CODES))
    top = code.split("-")[0]
    zone = {"CN": "Asia/Shanghai", "US": "America/New_York", "GB": "Europe/London", "IN": "Asia/Kolkata"}
    currency = {"CN": "CNY", "US": "USD", "GB": "GBP", "IN": "INR", "XE": "EXD"}[top]
    case = draw(cases(jurisdiction=code, timezone=zone.get(top, "Asia/Shanghai"), currency=currency, max_events=10))
    events = tuple(
        attrs.evolve(
            e,
            purpose=draw(st.none() | st.sampled_from(list(Purpose))),
            proposed=e.proposed or draw(st.integers(0, 5)) == 0,
        )
        for e in case.events
    )
    loan = case.loan
    if top == "CN" and draw(st.booleans()):
        loan = attrs.evolve(loan, lender=attrs.evolve(loan.lender, platform=PLATFORM))
    return attrs.evolve(case, loan=loan, events=events)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=any_cases(), pick=st.integers(0, 1000))
def test_the_engine_calls_a_check_only_where_its_rule_admits_it(recorded: Registry, case: Case, pick: int) -> None:
    CALLS.clear()
    assess(case, recorded)
    if case.events:
        check_event(case, pick % len(case.events), recorded)
        *held, last = case.events
        Session(attrs.evolve(case, events=tuple(held)), recorded).check(last)
    assert wrong_calls(recorded, CALLS) == []


def test_the_record_sees_every_kind_of_call(recorded: Registry) -> None:
    """Not a vacuous property: on a case with events of many kinds the checks of event
    rules and case rules are called, and some filters and preconditions exclude."""
    CALLS.clear()
    case = load_case(Path(__file__).resolve().parent.parent / "examples" / "cn-9000-online-loan.json")
    assess(case, recorded)
    scopes = {recorded.rules[c.rule].scope for c in CALLS}
    assert scopes == {Scope.EVENT, Scope.CASE}
    event_rules = [r for r in recorded.rules.values() if r.scope is Scope.EVENT and r.jurisdiction == "CN"]
    called = {(c.rule, id(c.event)) for c in CALLS if c.event is not None}
    skipped = [(r.id, e) for r in event_rules for e in case.events if (r.id, id(e)) not in called]
    assert any(not _admits(recorded.rules[r], e) for r, e in skipped)
    assert any(recorded.rules[r].applies is not None for r, _ in skipped)
    assert wrong_calls(recorded, CALLS) == []
