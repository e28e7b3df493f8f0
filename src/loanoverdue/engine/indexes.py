"""The engine's indexes and caches of a registry, built on first use and kept as long as
the registry lives.

A :class:`~loanoverdue.registry.Registry` holds the packs' data; what the engine derives
from it to evaluate cases quickly lives here, one :class:`Indexes` per registry (see
:func:`indexes_of`): the rules indexed by jurisdiction chain, platform and action, the
event dispatch memo, the citations of a rule in force on a day, the parameter timelines
and the values last held, the policies that apply, and named memos of derived values.
Every cache is filled by idempotent writes (the same key always gets an equal value),
so sharing one across threads is safe.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from loanoverdue._frozen import frozen_mapping
from loanoverdue.components import AdviceContributor, LetterWriter
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Rule, Scope
from loanoverdue.law.source import Citation
from loanoverdue.registry import Registry
from loanoverdue.registry.memo import MEMO_LIMIT, Memo
from loanoverdue.registry.snapshot import ParameterSpan
from loanoverdue.results import ParameterUse, TraceEntry
from loanoverdue.vocabulary import Action, Actor, Conduct, LenderKind, Target

__all__ = [
    "MEMO_LIMIT",
    "EventSignature",
    "HeldValue",
    "Indexes",
    "Memo",
    "indexes_of",
]


class HeldValue:
    """A parameter's winning value along one chain over the days ``[low, high)``, as the
    engine keeps it: built once per registry, compared by identity (so an assessment
    can record which values it used at the cost of a set insertion)."""

    __slots__ = ("detail", "high", "low", "order", "parameter", "raw", "trace", "use", "value")

    def __init__(
        self,
        low: date,
        high: date,
        parameter: Parameter,
        value: ParameterValue,
        use: ParameterUse,
        detail: Mapping[str, object],
    ) -> None:
        self.low = low
        self.high = high
        self.parameter = parameter
        self.value = value
        #: The value itself (what ``ctx.param`` returns).
        self.raw: Any = value.value
        self.use = use
        self.detail = detail
        #: Trace order: parameter id, jurisdiction, start of the value.
        self.order = (use.id, parameter.jurisdiction, value.start or date.min)
        self.trace = TraceEntry("parameter", use.id, detail)

    def __repr__(self) -> str:
        return f"<HeldValue {self.use.id}={self.raw!r} [{self.low}, {self.high})>"


_Timeline = tuple[tuple[date, ...], tuple[HeldValue | None, ...]]

#: An event rule in the index: the rule, its first and last day in force, and its event
#: filters (conduct, targets, actors) or ``None``.
_Bounded = tuple[
    Rule,
    date,
    date,
    "tuple[frozenset[Conduct] | None, frozenset[Target] | None, frozenset[Actor] | None] | None",
]
#: An event rule as the engine runs it: the rule and its first and last day in force.
_Dated = tuple[Rule, date, date]
#: What an event is matched on: action, target, actor and conduct flags.
EventSignature = tuple[Action, Target, Actor, frozenset[Conduct]]
_Index = tuple[
    Mapping[Action, tuple[Rule, ...]],
    Mapping[Action, tuple[_Bounded, ...]],
    tuple[Rule, ...],
    Memo,
]
#: The days a rule's set of citations in force changes on, and the set before the first
#: change and from each change on.
_CitePeriods = tuple[tuple[date, ...], tuple[tuple[Citation, ...], ...]]


def _cited_by_day(rule: Rule, spans: Sequence[tuple[Citation, date, date]]) -> _CitePeriods:
    """The days on which the set of ``rule``'s citations in force changes (``spans``:
    each citation with its first and last day), and the set before the first change
    and from each change on (all citations where none is in force)."""
    changes = sorted(
        {low for _, low, _ in spans if low != date.min}
        | {high + timedelta(days=1) for _, _, high in spans if high != date.max}
    )
    cited = []
    for day in (date.min, *changes):
        found = tuple(c for c, low, high in spans if low <= day <= high)
        cited.append(found or rule.citations)
    return tuple(changes), tuple(cited)


class Indexes:
    """The engine's indexes and caches of one registry (take them with
    :func:`indexes_of`)."""

    __slots__ = (
        "_citations",
        "_cite_periods",
        "_held",
        "_indexes",
        "_memos",
        "_platforms_with_rules",
        "_policy_memo",
        "_registry",
        "_timelines",
    )

    def __init__(self, registry: Registry) -> None:
        #: Weak, so that the indexes (the value of a weak-keyed mapping) do not keep
        #: their registry alive; it is read only when a cache misses.
        self._registry = weakref.ref(registry)
        #: Per rule id: its citation periods, or ``None`` when every citation is open-ended.
        self._cite_periods: dict[str, _CitePeriods | None] = {}
        self._citations: dict[tuple[str, str], Citation] = {}
        self._platforms_with_rules = frozenset(r.platform for r in registry.rules.values() if r.platform is not None)
        #: (code, platform) -> (event rules by action, bounded event rules by action,
        #: case rules, dispatch memo); filled on first use.
        self._indexes: dict[tuple[str, str | None], _Index] = {}
        self._timelines: dict[tuple[str, tuple[str, ...]], _Timeline] = {}
        #: chain -> parameter id -> the value last looked up (any valid one will do).
        self._held: dict[tuple[str, ...], dict[str, HeldValue]] = {}
        self._memos: dict[str, Memo] = {}
        self._policy_memo: dict[tuple[tuple[str, ...], LenderKind, str | None], tuple[EscalationPolicy, ...]] = {}

    @property
    def registry(self) -> Registry:
        """The registry these are the indexes of."""
        registry = self._registry()
        if registry is None:  # pragma: no cover - the engine holds the registry while it runs
            raise ReferenceError("the registry of these indexes is gone")
        return registry

    # -- rules --------------------------------------------------------------------------

    def _index(self, code: str, platform: str | None) -> _Index:
        if platform is not None and platform not in self._platforms_with_rules:
            platform = None
        key = (code, platform)
        found = self._indexes.get(key)
        if found is None:
            chain = self.registry.chain(code)
            in_chain = [
                r for r in self.registry.rules.values() if r.jurisdiction in chain and r.platform in (None, platform)
            ]
            event = [r for r in in_chain if r.scope is Scope.EVENT]
            plain: dict[Action, tuple[Rule, ...]] = {}
            bounded: dict[Action, tuple[_Bounded, ...]] = {}
            for action in Action:
                rules = tuple(r for r in event if r.actions is None or action in r.actions)
                plain[action] = rules
                bounded[action] = tuple(
                    (
                        r,
                        r.period.start or date.min,
                        r.period.end or date.max,
                        None
                        if r.conduct is None and r.targets is None and r.actors is None
                        else (r.conduct, r.targets, r.actors),
                    )
                    for r in rules
                )
            case = tuple(r for r in in_chain if r.scope is Scope.CASE)
            found = self._indexes[key] = (frozen_mapping(plain), frozen_mapping(bounded), case, Memo())
        return found

    def event_rules(self, code: str, action: Action) -> tuple[Rule, ...]:
        """Event rules of the law along ``code``'s chain that apply to ``action``, by id."""
        return self._index(code, None)[0][action]

    def event_index(self, code: str, platform: str | None = None) -> Mapping[Action, tuple[_Bounded, ...]]:
        """For ``code``'s chain (and the loan's platform): action -> the event rules that
        apply, by id, each with its first and last day in force and its event filters."""
        return self._index(code, platform)[1]

    def event_dispatch(
        self, code: str, platform: str | None = None
    ) -> tuple[Memo, Callable[[EventSignature], tuple[_Dated, ...]]]:
        """For ``code``'s chain (and the loan's platform): a memo from an event's
        signature (action, target, actor, conduct) to the event rules whose filters it
        passes, each with its first and last day in force; and the function that fills
        the memo for a signature not yet in it. The engine looks an event up once
        instead of testing every rule's filters."""
        index = self._index(code, platform)
        memo = index[3]
        bounded = index[1]

        def resolve(sig: EventSignature) -> tuple[_Dated, ...]:
            action, target, actor, conduct = sig
            found = tuple(
                (rule, low, high)
                for rule, low, high, only in bounded[action]
                if only is None
                or not (
                    (only[0] is not None and conduct.isdisjoint(only[0]))
                    or (only[1] is not None and target not in only[1])
                    or (only[2] is not None and actor not in only[2])
                )
            )
            memo[sig] = found
            return found

        return memo, resolve

    def case_rules(self, code: str, platform: str | None = None) -> tuple[Rule, ...]:
        """Case rules along ``code``'s chain (and for the loan's platform), by id."""
        return self._index(code, platform)[2]

    # -- citations ----------------------------------------------------------------------

    def citations_in_force(self, rule: Rule, day: date) -> tuple[Citation, ...]:
        """The rule's citations whose instrument and article were in force on ``day``
        (all of them when none was, so a finding never cites nothing)."""
        try:
            periods = self._cite_periods[rule.id]
        except KeyError:
            periods = self._cite_periods[rule.id] = self._periods(rule)
        if periods is None:  # every citation is open-ended
            return rule.citations
        changes, cited = periods
        return cited[bisect.bisect_right(changes, day)]

    def _periods(self, rule: Rule) -> _CitePeriods | None:
        spans = []
        for c in rule.citations:
            inst = self.registry.instruments[c.instrument]
            art = inst.articles[c.article].period
            low = max(inst.period.start or date.min, art.start or date.min)
            high = min(inst.period.end or date.max, art.end or date.max)
            spans.append((c, low, high))
        if any(low != date.min or high != date.max for _, low, high in spans):
            return _cited_by_day(rule, spans)
        return None

    def cite(self, instrument: str, article: str) -> Citation:
        """A citation of a registered instrument's article (with its status), made once."""
        key = (instrument, article)
        found = self._citations.get(key)
        if found is None:
            found = self._citations[key] = self.registry.cite(instrument, article)
        return found

    # -- parameters ---------------------------------------------------------------------

    def parameter_span(self, pid: str, chain: Sequence[str], day: date) -> ParameterSpan | None:
        """:meth:`Registry.parameter_span <loanoverdue.registry.Registry.parameter_span>`
        from the timeline of ``pid`` along ``chain``, made once."""
        held = self._held_on(pid, tuple(chain), day)
        if held is None:
            return None
        return ParameterSpan(held.low, held.high, held.parameter, held.value, held.use, held.detail)

    def _held_on(self, pid: str, chain: tuple[str, ...], day: date) -> HeldValue | None:
        key = (pid, chain)
        timeline = self._timelines.get(key)
        if timeline is None:
            timeline = self._timelines[key] = self._timeline(pid, chain)
        starts, winners = timeline
        i = bisect.bisect_right(starts, day) - 1
        return winners[i] if i >= 0 else None

    def held_values(self, chain: tuple[str, ...]) -> dict[str, HeldValue]:
        """The engine's shared memo for ``chain``: parameter id -> the value last looked
        up, valid over its ``[low, high)`` days (see :meth:`hold`)."""
        found = self._held.get(chain)
        if found is None:
            found = self._held.setdefault(chain, {})
        return found

    def hold(self, pid: str, chain: tuple[str, ...], day: date) -> HeldValue | None:
        """The value of ``pid`` along ``chain`` on ``day`` (``None`` if none is in
        force), remembered in :meth:`held_values` for the next lookup."""
        held = self._held_on(pid, chain, day)
        if held is not None:
            self.held_values(chain)[pid] = held
        return held

    def _timeline(self, pid: str, chain: Sequence[str]) -> _Timeline:
        """The registry's timeline of ``pid`` along ``chain``, as held values."""
        starts, spans = self.registry.parameter_timeline(pid, chain)
        held = tuple(
            None if s is None else HeldValue(s.low, s.high, s.parameter, s.value, s.use, s.detail) for s in spans
        )
        return starts, held

    # -- components ---------------------------------------------------------------------

    def policies_for(
        self, chain: Sequence[str], lender_kind: LenderKind, platform: str | None
    ) -> tuple[EscalationPolicy, ...]:
        """:meth:`Registry.policies_for <loanoverdue.registry.Registry.policies_for>`, made once."""
        key = (tuple(chain), lender_kind, platform)
        cached = self._policy_memo.get(key)
        if cached is None:
            cached = self._policy_memo[key] = self.registry.policies_for(chain, lender_kind, platform)
        return cached

    def advice_contributors(self, chain: Sequence[str]) -> tuple[AdviceContributor, ...]:
        """The advice contributors of the packs along ``chain``, by id, made once."""
        memo = self.memo("loanoverdue.advice_contributors")
        key = tuple(chain)
        found: tuple[AdviceContributor, ...] | None = memo.get(key)
        if found is None:
            found = memo[key] = self.registry.advice_contributors(key)
        return found

    def letter_writers(self, chain: Sequence[str]) -> tuple[LetterWriter, ...]:
        """The letter writers along ``chain`` in the order their letters win, made once."""
        memo = self.memo("loanoverdue.letter_writers")
        key = tuple(chain)
        found: tuple[LetterWriter, ...] | None = memo.get(key)
        if found is None:
            found = memo[key] = self.registry.letter_writers(key)
        return found

    def memo(self, name: str) -> Memo:
        """A memo of the engine's values derived from the registry's data alone, as long
        as the registry lives (``loanoverdue.`` names). It starts afresh when it holds
        :data:`MEMO_LIMIT` entries."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos.setdefault(name, Memo())
        return found


_BY_REGISTRY: weakref.WeakKeyDictionary[Registry, Indexes] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def indexes_of(registry: Registry) -> Indexes:
    """The engine's indexes of ``registry``, made on first use and dropped with it."""
    try:
        return _BY_REGISTRY[registry]
    except KeyError:
        with _lock:
            found = _BY_REGISTRY.get(registry)
            if found is None:
                found = _BY_REGISTRY[registry] = Indexes(registry)
            return found
