"""A session's question path: the findings about one proposed event, given the engine's
state of the history it is added to.

What does not depend on the proposed event is worked out once per history
(:class:`Questions`, made again when the history grows): the event rules each event
signature dispatches to, the case rules in force on the case's day and the periods they
are judged over. A question then costs only what the proposed event can change: the
event's local time and day, once; the state of the history extended by it (the packs'
facts that extend themselves are grown by the one event, not worked out again); the
checks of the rules dispatched for it; and the case rules that can find about it.

Two things a full run does are done once per history instead, each without changing a
finding:

- a precondition (:attr:`~loanoverdue.law.Rule.applies`) is asked of the history once;
  where its answer is one that added events keep
  (:attr:`~loanoverdue.law.Rule.applies_keeps`: the lender's kind, a protection, some
  event flagged), a question takes it, and asks the precondition of the grown case
  otherwise;
- case rules that declare the actions their findings can be about
  (:attr:`~loanoverdue.law.Rule.about`) do not run for an event of another action.

The answer is :func:`~loanoverdue.check_event`'s (the engine's tests compare both on
generated histories); the trace, which a question does not return, is not kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loanoverdue.engine.context import CaseState, EventCursor, EventView, appended
from loanoverdue.engine.findings import (
    _checked,
    event_check_error,
    grown_precondition,
    hits_of,
    precondition_holds,
)
from loanoverdue.errors import InvalidInputError
from loanoverdue.law.rule import Rule
from loanoverdue.model.event import CollectionEvent

if TYPE_CHECKING:
    from datetime import date

    from loanoverdue.law.period import Period
    from loanoverdue.results import Finding, ParameterUse

__all__ = ["Questions"]


class Questions:
    """The question path over one history (a :class:`CaseState` that is not changed):
    :meth:`ask` gives the findings about a proposed event added to it."""

    __slots__ = ("_case_rules", "_dispatch", "_held", "_history", "_kept", "_resolve")

    def __init__(self, history: CaseState) -> None:
        self._history = history
        #: The preconditions' answers for the history, asked when first needed.
        self._held: dict[Rule, bool] = {}
        #: Per rule with a precondition: the history's answer when added events keep it,
        #: else ``None`` (asked of each grown case).
        self._kept: dict[Rule, bool | None] = {}
        code = history.jurisdiction
        platform = history.case.loan.lender.platform
        indexes = history.indexes
        self._dispatch, self._resolve = indexes.event_dispatch(code, platform)
        today = history.today  # a question never moves as_of: the rules in force stay
        self._case_rules: tuple[tuple[Rule, Period, frozenset[object] | None], ...] = tuple(
            (rule, rule.period, rule.about)
            for rule in indexes.case_rules(code, platform)
            if rule.period.start is None or today >= rule.period.start
        )

    @property
    def history(self) -> CaseState:
        return self._history

    def ask(self, event: object) -> tuple[Finding, ...]:
        """The findings about ``event`` added to the history: those of
        ``check_event(history.case, event, registry)``, in its order."""
        if not isinstance(event, CollectionEvent):
            raise InvalidInputError("event", f"expected a CollectionEvent, got {event!r}")
        history = self._history
        state = history.extended(appended(history.case, event), base_computes=True)
        view = state.all_events[-1]
        index = view.index
        registry = state.registry
        state.focus = index
        reads: list[ParameterUse] = []
        state._reads = reads
        findings: list[Finding] = []
        proposed = event.proposed
        asked: dict[object, bool] = {}  # the preconditions asked of the grown case
        try:
            sig = (event.action, event.target, event.actor, event.conduct)
            event_rules = self._dispatch.get(sig)
            if event_rules is None:
                event_rules = self._resolve(sig)
            if event_rules:
                cursor = EventCursor(state, view)
                day: date = view.day
                for rule, low, high in event_rules:
                    if day < low or day > high:
                        continue
                    if rule.applies is not None and not self._holds(rule, state, view, asked):
                        continue
                    if reads:
                        reads.clear()
                    hits = hits_of(registry, rule, cursor)
                    if not hits:
                        continue
                    used = tuple(dict.fromkeys(reads)) if reads else ()
                    for hit in hits:
                        if hit.event is not None and hit.event != index:
                            raise event_check_error(registry, rule, hit, index)
                        findings.append(_checked(registry, rule, hit, index, proposed, used, state))
            action = event.action
            views: dict[Period, CaseState] = {}
            for rule, period, about in self._case_rules:
                if about is not None and action not in about:
                    continue
                if rule.applies is not None and not self._holds(rule, state, view, asked):
                    continue
                view_ctx = views.get(period)
                if view_ctx is None:
                    view_ctx = views[period] = state.within(period)
                reads.clear()
                view_ctx._reads = reads
                view_ctx.focus = index
                hits = hits_of(registry, rule, view_ctx)
                used = tuple(dict.fromkeys(reads)) if reads else ()
                for hit in hits:
                    if hit.event == index:
                        findings.append(_checked(registry, rule, hit, index, proposed, used, state))
        finally:
            state._reads = None
            state.focus = None
            # the question's facts go with it: dropped now (a fact that holds its context
            # would keep both alive until a garbage collection), so that the facts of the
            # history it grew (see loanoverdue.law.tail) know that no one reads them
            state._derived.clear()
        if len(findings) > 1:
            # check_event()'s order: all are about one event, so by rule and verdict
            # (a stable sort: the order the rules ran in breaks ties, as there)
            findings.sort(key=_by_rule_and_verdict)
        return tuple(findings)


    def _holds(self, rule: Rule, state: CaseState, view: EventView, asked: dict[object, bool]) -> bool:
        """Whether ``rule``'s precondition holds for the grown case ``state`` (the
        history with the event ``view``): the history's answer where added events keep
        it (worked out once per history); where the history's is false and the rule
        declares how the answer grows (:attr:`~loanoverdue.law.Rule.applies_grows`),
        that answer for the event; else asked of ``state``. Each once per question for
        each precondition, whichever rules share it."""
        if rule in self._kept:
            kept = self._kept[rule]
        else:
            kept = self._kept[rule] = self._kept_answer(rule)
        if kept is not None:
            return kept
        grows = rule.applies_grows
        if grows is not None and not precondition_holds(self._history, rule, self._held):
            found = asked.get(grows)
            if found is None:
                found = asked[grows] = grown_precondition(self._history, rule, grows, view)
            return found
        applies = rule.applies
        found = asked.get(applies)
        if found is None:
            found = asked[applies] = precondition_holds(state, rule, {})
        return found

    def _kept_answer(self, rule: Rule) -> bool | None:
        """The history's answer to ``rule``'s precondition when added events keep it,
        else ``None``."""
        keeps = rule.applies_keeps
        if not keeps:
            return None
        held = precondition_holds(self._history, rule, self._held)
        return held if held in keeps else None


def _by_rule_and_verdict(f: Finding) -> tuple[str, str]:
    return (f.rule, f.verdict)
