"""The contexts rule checks, calculators, factor providers and advice contributors
receive: the case with derived facts (local times, days past due, jurisdiction chain)
and parameter lookup that records every value used in the trace."""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

import attrs

from loanoverdue.engine.indexes import Indexes, indexes_of
from loanoverdue.errors import InvalidInputError, PluginError
from loanoverdue.law.period import Period
from loanoverdue.law.source import Citation
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.results import ParameterUse, Stage
from loanoverdue.vocabulary import (
    COMMUNICATION_ACTIONS,
    FAILED_OUTCOMES,
    Action,
    ProtectionKind,
    Target,
)

if TYPE_CHECKING:
    from loanoverdue.engine.indexes import HeldValue
    from loanoverdue.law.jurisdiction import Jurisdiction
    from loanoverdue.law.platform import PlatformPolicy
    from loanoverdue.law.policy import EscalationPolicy
    from loanoverdue.law.source import Instrument
    from loanoverdue.registry import Registry
    from loanoverdue.results import TraceEntry

__all__ = ["CaseState", "EventCursor", "EventView", "appended", "days_past_due", "stage_for"]


def days_past_due(case: Case, today: date) -> int:
    """Whole days from the first missed due date to ``today`` (or to repayment)."""
    end = case.loan.repaid_on if case.loan.repaid_on is not None else today
    return max(0, (end - case.loan.due_date).days)


def stage_for(dpd: int, repaid: bool = False) -> Stage:
    """The stage for ``dpd`` days past due; never moves backwards as ``dpd`` grows."""
    if repaid:
        return Stage.REPAID
    if dpd <= 0:
        return Stage.CURRENT
    if dpd <= 30:
        return Stage.EARLY
    if dpd <= 90:
        return Stage.MIDDLE
    if dpd <= 180:
        return Stage.LATE
    return Stage.SEVERE


class EventView(NamedTuple):
    """An event with its index in the case and its time in the borrower's zone (a named
    tuple: the engine makes one per event per assessment, so it must be cheap)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index: the event index reads better
    event: CollectionEvent
    local: datetime
    #: The local date of the event.
    day: date
    #: POSIX time stamp of the event, for ordering.
    ts: float

    @property
    def action(self) -> Action:
        return self.event.action


# tuple.__new__ directly: the named tuple's own __new__ is a Python function
_new_view = tuple.__new__


#: Time order; sorting is stable, so events at the same instant keep the case's order.
_time_order = operator.attrgetter("ts")


T = TypeVar("T")
#: No value in a memo (``None`` may be one).
_UNSET: Any = object()


class CaseState:
    """What a check or calculator knows about the case. Cheap to build; one per
    assessment (and one filtered view per distinct rule period)."""

    __slots__ = (
        "_added",
        "_base",
        "_base_computes",
        "_days",
        "_demand",
        "_derived",
        "_memo",
        "_params",
        "_reads",
        "_used",
        "all_events",
        "as_of",
        "case",
        "chain",
        "dpd",
        "events",
        "focus",
        "indexes",
        "overridden",
        "platform_policy",
        "registry",
        "stage",
        "today",
        "tz",
    )

    case: Case
    registry: Registry
    #: The engine's indexes of the registry.
    indexes: Indexes
    chain: tuple[str, ...]
    tz: ZoneInfo
    as_of: datetime
    today: date
    dpd: int
    stage: Stage
    all_events: tuple[EventView, ...]
    events: tuple[EventView, ...]
    #: The parameter values read so far (insertion-ordered set).
    _used: dict[HeldValue, None]
    #: The registry's shared memo of parameter values for this chain.
    _params: dict[str, HeldValue]
    #: While the engine runs one check: the parameter values it read (else ``None``).
    #: Private to the engine: packs read values through :meth:`param`, :meth:`reading`,
    #: :meth:`once` and :meth:`quietly`, and never touch the record.
    _reads: list[ParameterUse] | None
    #: The platform policy that applies to the case (passed to assess() or registered
    #: for the loan's platform), once the engine has chosen it.
    platform_policy: PlatformPolicy | None
    #: The events in time order (``"order"``) and by action (see :meth:`_set_events`):
    #: the entries an appended event extends.
    _memo: dict[object, tuple[EventView, ...]]
    #: Groups of events made when first asked for (several actions, failed contacts):
    #: made afresh for an extended state.
    _demand: dict[object, tuple[EventView, ...]]
    _derived: dict[str, tuple[Any, tuple[ParameterUse, ...]]]
    #: While the engine answers for one event only (:func:`~loanoverdue.check_event`, a
    #: :class:`~loanoverdue.Session`): that event's index; a case check may then skip the
    #: hits about other events, which are dropped. ``None`` in a full assessment.
    focus: int | None

    #: Whether parameter values were overridden for this assessment.
    overridden: bool
    #: The state this one extends (see :meth:`extended`): its derived facts are carried
    #: over on first use, where they can be.
    _base: CaseState | None
    #: Whether a fact the base lacks is computed there (and then carried over) rather
    #: than here: for a base that answers many extensions (a session's history).
    _base_computes: bool
    #: The first and last local day of any event, once asked for (see :meth:`within`).
    _days: tuple[date, date] | None
    #: The views of the events this state adds to the one it extends (``_base``).
    _added: tuple[EventView, ...]

    def __init__(
        self,
        case: Case,
        registry: Registry,
        chain: tuple[str, ...],
        overrides: Mapping[str, HeldValue] | None = None,
    ) -> None:
        self.case = case
        self.registry = registry
        self.chain = chain
        self.tz = case.borrower.tz
        self.as_of = case.as_of.astimezone(self.tz)
        self.today = self.as_of.date()
        self.dpd = days_past_due(case, self.today)
        self.stage = stage_for(self.dpd, case.loan.repaid_on is not None)
        tz = self.tz
        new = _new_view
        self.all_events = tuple(
            [
                new(EventView, (i, e, local, local.date(), e.at.timestamp()))
                for i, e in enumerate(case.events)
                for local in (e.at.astimezone(tz),)
            ]
        )
        self._used = {}
        self.indexes = indexes = indexes_of(registry)
        self._params = indexes.held_values(chain)
        self.overridden = bool(overrides)
        if overrides:  # a private copy: the registry's memo holds the packs' values
            self._params = {**self._params, **overrides}
        self._derived = {}
        self._reads = None
        self.platform_policy = None
        self.focus = None
        self._base = None
        self._base_computes = False
        self._added = ()
        self._days = None
        self._set_events(self.all_events)

    def extended(
        self, case: Case, *, carry: bool = False, base_computes: bool = False, facts: bool = True
    ) -> CaseState:
        """The state of ``case``: this state's case with events appended (and perhaps a
        later ``as_of``), for the same registry, chain and overrides. The views of the
        events both share are reused and, when the new events come last in time, so is
        the index of events by action: the cost grows with the events added, not with
        those already held. Parameter reads start afresh; derived facts are carried over
        (see :meth:`once`): lazily, from this state, or with ``carry`` at once (then
        the new state keeps no reference to this one, and facts that cannot be carried
        are dropped). With ``base_computes``, a fact this state lacks is computed here
        first (and kept) before it is carried over; otherwise it is computed in the new
        state alone, and this state's trace stays as it was."""
        held = self.all_events
        if len(case.events) < len(held) or (held and case.events[len(held) - 1] is not held[-1].event):
            raise ValueError("extended(): the case must keep this state's events")
        state: CaseState = object.__new__(CaseState)
        # what an extended state takes over unchanged
        state.registry, state.indexes, state.chain = self.registry, self.indexes, self.chain
        tz = state.tz = self.tz
        state._params, state.overridden = self._params, self.overridden
        state.case = case
        old = self.case
        if case.as_of is old.as_of and case.loan is old.loan:  # a question: the same day
            state.as_of, state.today, state.dpd, state.stage = self.as_of, self.today, self.dpd, self.stage
        else:
            state.as_of = case.as_of.astimezone(tz)
            state.today = state.as_of.date()
            state.dpd = days_past_due(case, state.today)
            state.stage = stage_for(state.dpd, case.loan.repaid_on is not None)
        new = _new_view
        added = tuple(
            [
                new(EventView, (i, e, local, local.date(), e.at.timestamp()))
                for i, e in enumerate(case.events[len(held) :], len(held))
                for local in (e.at.astimezone(tz),)
            ]
        )
        state.all_events = held + added
        state._added = added
        days = self._days
        if days is None and held and base_computes:  # worked out here once, for every extension
            every = [v.day for v in held]
            days = self._days = (min(every), max(every))
        if days is not None and added:
            low, high = days
            for v in added:
                d = v.day
                if d < low:
                    low = d
                elif d > high:
                    high = d
            days = (low, high)
        state._days = days
        state._used = {}
        state._derived = {}
        state._reads = None
        state.platform_policy = None
        state.focus = None
        state._base = self if facts else None
        state._base_computes = base_computes
        if self.events is not held:  # a view: its events are filtered afresh
            state._set_events(state.all_events)
            return state._carried_all() if carry else state
        memo = self._memo.copy()
        for v in added:
            e = v.event
            a = e.action
            memo["order"] = _inserted(memo["order"], v)
            k: tuple[object, ...] = ("of", a)
            memo[k] = _inserted(memo.get(k, ()), v)
            if e.proposed:
                k = ("proposed", a)
            elif e.by_borrower:  # not a step that happened (see _set_events)
                continue
            else:
                k = (a,)
            memo[k] = _inserted(memo.get(k, ()), v)
        state.events = state.all_events
        state._memo = memo
        state._demand = {}
        return state._carried_all() if carry else state

    def _carried_all(self) -> CaseState:
        """This state with every fact of its base that can be carried over carried over
        now, and no base."""
        base = self._base
        if base is not None:
            for key, (value, reads) in list(base._derived.items()):
                if key not in self._derived:
                    self._carry(key, value, reads, base)
            self._base = None
        return self

    def _carry(
        self, key: str, value: object, reads: tuple[ParameterUse, ...], base: CaseState
    ) -> tuple[Any, tuple[ParameterUse, ...]] | None:
        """Carry the derived fact ``key`` (``value`` in ``base``) over to this state, if
        the value can extend itself; stores and returns it, or ``None``."""
        extend = getattr(value, "extended", None)
        if extend is None:
            return None
        outer = self._reads
        more: list[ParameterUse] = []
        self._reads = more
        try:
            grown = extend(self, self._added)
        finally:
            self._reads = outer
        if grown is None:
            return None
        found = self._derived[key] = (grown, (*reads, *more) if more else reads)
        return found

    def _set_events(self, events: tuple[EventView, ...]) -> None:
        self.events = events
        ordered = tuple(sorted(events, key=_time_order))
        by_action: dict[object, list[EventView]] = {}
        for v in ordered:
            by_action.setdefault(v.event.action, []).append(v)
        # keys: ("of", action) -> events of an action; (action, ...) -> those that happened;
        # ("proposed", action) -> those announced or planned
        memo: dict[object, tuple[EventView, ...]] = {}
        for a, vs in by_action.items():
            memo["of", a] = tuple(vs)
            # a contact the borrower initiated is not a collection step that happened
            memo[(a,)] = tuple([v for v in vs if not v.event.proposed and not v.event.by_borrower])
            memo["proposed", a] = tuple([v for v in vs if v.event.proposed])
        memo["order"] = ordered
        self._memo = memo
        self._demand = {}

    def within(self, period: Period) -> CaseState:
        """A view whose ``events`` are those inside ``period`` (shares the trace)."""
        events = self.all_events
        if (period.start is None and period.end is None) or not events:
            return self
        low = period.start or date.min
        high = period.end or date.max
        days = self._days
        if days is None:
            every = [v.day for v in events]
            days = self._days = (min(every), max(every))
        if low <= days[0] and days[1] <= high:
            return self
        if high < days[0] or days[1] < low:
            inside: tuple[EventView, ...] = ()
        else:
            inside = tuple([v for v in events if low <= v.day <= high])
        view = object.__new__(CaseState)
        for name in _SHARED:
            setattr(view, name, getattr(self, name))
        view._set_events(inside)
        return view

    # -- facts --------------------------------------------------------------------------

    @property
    def jurisdiction(self) -> str:
        return self.chain[0]

    def in_time_order(self) -> tuple[EventView, ...]:
        """The events, earliest first (ties keep the case's order)."""
        return self._memo["order"]

    def of(self, *actions: Action) -> tuple[EventView, ...]:
        """Events of ``actions`` (proposed included), in time order."""
        if len(actions) == 1:
            return self._memo.get(("of", actions[0]), ())
        demand = self._demand
        key = ("of", actions)
        found = demand.get(key)
        if found is None:
            wanted = set(actions)
            found = demand[key] = tuple(v for v in self._memo["order"] if v.event.action in wanted)
        return found

    def happened(self, *actions: Action) -> tuple[EventView, ...]:
        """Events (not proposed) of ``actions``, in time order; not the contacts the
        borrower initiated (``initiated_by`` ``borrower``)."""
        if len(actions) == 1:  # an action with events has its entry (see _set_events)
            return self._memo.get(actions, ())
        demand = self._demand
        found = demand.get(actions)
        if found is None:
            found = demand[actions] = tuple(
                [v for v in self.of(*actions) if not v.event.proposed and not v.event.by_borrower]
            )
        return found

    def proposed(self, action: Action) -> tuple[EventView, ...]:
        """Events of ``action`` that are announced or planned (``proposed``), in time
        order."""
        return self._memo.get(("proposed", action), ())

    def failed_contacts(self) -> tuple[EventView, ...]:
        """The collector's contact attempts with the borrower that did not reach them."""
        demand = self._demand
        found = demand.get("failed")
        if found is None:
            found = demand["failed"] = tuple(
                [
                    v
                    for v in self._memo["order"]
                    if (e := v.event).outcome in FAILED_OUTCOMES
                    and e.target is Target.BORROWER
                    and e.action in COMMUNICATION_ACTIONS
                    and not e.proposed
                    and not e.by_borrower
                ]
            )
        return found

    def once(self, key: str, compute: Callable[[CaseState], T]) -> T:
        """A value a pack derives from the case once and reads in many checks: the first
        call computes ``compute(ctx)``, later calls return it. Use a key with the pack's
        prefix (``"us.validation_period"``). Shared by every view of the case, so
        compute it from ``ctx.case`` or ``ctx.all_events``, not from a view's ``events``.

        The parameter values ``compute`` read (with :meth:`param`, or :meth:`rest_on`)
        are recorded with the value, and count as read by every check that uses it, in
        the order read: each finding names what it rests on, whichever check computed
        the value first.

        Incremental values: when the engine extends a state by events appended to its
        case (a :class:`~loanoverdue.Session` does, for each question and each event it
        records), a value that has a method ``extended(ctx, added)`` is not computed
        again: the value of the state extended is asked for its value in the new state
        ``ctx``, given the views of the ``added`` events, and must return it without
        changing itself (it is still used for the old state), or ``None`` to be
        computed afresh. Its reads are the old value's followed by those ``extended``
        made. The result must equal what ``compute`` would give for the new state: the
        engine's tests compare a session's answers with :func:`~loanoverdue.check_event`."""
        found = self._derived.get(key)
        if found is None:
            base = self._base
            if base is not None:
                prior = base._derived.get(key)
                if prior is None and self._base_computes:
                    base.once(key, compute)
                    prior = base._derived[key]
                if prior is not None:
                    found = self._carry(key, prior[0], prior[1], base)
            if found is None:
                outer = self._reads
                reads: list[ParameterUse] = []
                self._reads = reads
                try:
                    value = compute(self)
                finally:
                    self._reads = outer
                found = self._derived[key] = (value, tuple(reads))
        if found[1] and self._reads is not None:
            self._reads.extend(found[1])
        return found[0]

    def shared(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, made once per registry for ``key`` and shared by every case: for
        a value that depends on the registry's data and ``key`` alone (a citation list,
        a prebuilt advice item). Key it with the pack's prefix (``("cn", ...)``) and put
        the case's values the value depends on into it. ``build`` must give equal values
        for equal keys (so sharing across threads is safe); the memo starts afresh when
        full, so keys made from cases cannot grow it without bound."""
        memo = self.indexes.memo("loanoverdue.shared")
        found = memo.get(key, _UNSET)
        if found is _UNSET:
            found = memo[key] = build()
        return found  # type: ignore[no-any-return]

    def quietly(self, compute: Callable[[CaseState], T]) -> tuple[T, tuple[ParameterUse, ...]]:
        """``compute(ctx)`` and the parameter values it read (each once, in the order
        first read), without counting them as read by the running check: they are in
        the trace as usual, and a check whose finding rests on them says so with
        :meth:`rest_on`. For a value of which each check uses a part."""
        outer = self._reads
        reads: list[ParameterUse] = []
        self._reads = reads
        try:
            value = compute(self)
        finally:
            self._reads = outer
        return value, tuple({id(u): u for u in reads}.values())

    def rest_on(self, uses: Iterable[ParameterUse]) -> None:
        """Count the parameter values ``uses`` (from :meth:`reading` or :meth:`quietly`)
        as read by the running check: its findings list them."""
        reads = self._reads
        if reads is not None:
            reads.extend(uses)

    def reading(self, pid: str, day: date) -> HeldValue:
        """The value of parameter ``pid`` on ``day`` with its use (``.use``), its raw
        value (``.raw``) and the days ``[.low, .high)`` over which it holds, so that a
        pack can reuse it for any of them. Recorded in the trace, but not as read by the
        running check (see :meth:`rest_on`)."""
        held = self._params.get(pid)
        if held is None or not held.low <= day < held.high:
            held = self.indexes.hold(pid, self.chain, day)
            if held is None:
                raise LookupError(
                    f"parameter {pid!r} has no value for {self.jurisdiction} on {day.isoformat()}"
                )
        self._used[held] = None
        return held

    def cited_on(
        self, rule_id: str, day: date, among: Collection[tuple[str, str]] | None = None
    ) -> tuple[Citation, ...]:
        """The citations of rule ``rule_id`` whose instrument and article were in force
        on ``day`` (all of them when none was), in the rule's order; with ``among``
        (``(instrument, article)`` pairs), only those among them: for a hit that is not
        about its event's own day, or rests on some of its rule's citations only. (A
        hit about an event cites what was in force on the event's day without it.)"""
        cited = self.indexes.citations_in_force(self.registry.rules[rule_id], day)
        if among is None:
            return cited
        return tuple([c for c in cited if (c.instrument, c.article) in among])

    def protection(self, kind: ProtectionKind, on: date | None = None) -> date | None:
        """Since when protection ``kind`` has been in effect on ``on`` (default: today)."""
        found = self.case.borrower.protection(kind, self.today if on is None else on)
        return None if found is None else found.since

    def cite(self, instrument: str, article: str) -> Citation:
        """A citation of a registered article, carrying its confirmation status."""
        return self.indexes.cite(instrument, article)

    # -- the registry's data, for packs -------------------------------------------------

    def parameter_span(self, pid: str, on: date | None = None) -> tuple[date, date] | None:
        """The days ``[low, high)`` over which the value of ``pid`` in force on ``on``
        (default: the assessment date) holds along the chain (an overridden value:
        every day), ``None`` when none is in force that day. Neither in the trace nor
        counted as read by the running check: it says when the value changes, not what
        it is (:meth:`param` reads that, and records it)."""
        day = self.today if on is None else on
        held = self._params.get(pid)
        if held is None or not held.low <= day < held.high:
            held = self.indexes.hold(pid, self.chain, day)
            if held is None:
                return None
        return held.low, held.high

    def policies(self) -> tuple[EscalationPolicy, ...]:
        """The registered escalation policies for the case's chain, lender kind and
        platform, most specific first, as the outlook takes them (see
        :meth:`Registry.policies_for <loanoverdue.registry.Registry.policies_for>`)."""
        lender = self.case.loan.lender
        return self.indexes.policies_for(self.chain, lender.kind, lender.platform)

    def instrument(self, instrument_id: str) -> Instrument | None:
        """The registered instrument ``instrument_id``, ``None`` when no pack registers it."""
        return self.registry.instruments.get(instrument_id)

    def jurisdiction_by_code(self, code: str) -> Jurisdiction | None:
        """The registered jurisdiction ``code``, ``None`` when no pack registers it."""
        return self.registry.jurisdictions.get(code)

    # -- parameters ---------------------------------------------------------------------

    def param(self, pid: str, on: date | None = None) -> Any:
        """The value of parameter ``pid`` in force on ``on`` (default: the assessment
        date) along the jurisdiction chain; recorded in the trace."""
        day = self.today if on is None else on
        held = self._params.get(pid)
        if held is None or not held.low <= day < held.high:
            held = self.indexes.hold(pid, self.chain, day)
            if held is None:
                raise LookupError(
                    f"parameter {pid!r} has no value for {self.jurisdiction} on {day.isoformat()}"
                )
        return self._read(held)

    def threshold(self, value: int | Decimal | str | None) -> int | Decimal | None:
        """A policy threshold: a literal number, or the value of the parameter it names."""
        if value is None or isinstance(value, (int, Decimal)):
            return value
        resolved = self.param(value)
        if isinstance(resolved, bool) or not isinstance(resolved, (int, Decimal)):
            raise PluginError(value, None, f"parameter {value!r} is not a number: {resolved!r}")
        return resolved

    def param_or(self, pid: str, default: Any = None, on: date | None = None) -> Any:
        """Like :meth:`param`, but ``default`` when no value is in force on that date."""
        day = self.today if on is None else on
        held = self._params.get(pid)
        if held is None or not held.low <= day < held.high:
            held = self.indexes.hold(pid, self.chain, day)
            if held is None:
                return default
        return self._read(held)

    def _read(self, held: HeldValue) -> Any:
        """``held``'s value, recorded for the trace and the running check."""
        if self._reads is not None:
            self._reads.append(held.use)
        self._used[held] = None
        return held.raw

    def params_used(self) -> Sequence[tuple[str, Mapping[str, object]]]:
        """The parameter values read so far: (id, description), in trace order."""
        return [(h.use.id, h.detail) for h in self._held_used()]

    def params_trace(self) -> list[TraceEntry]:
        """One trace entry per parameter value read so far, in trace order."""
        return [h.trace for h in self._held_used()]

    def _held_used(self) -> list[HeldValue]:
        # one entry per value: a value that holds on both sides of a more specific
        # jurisdiction's value is held in two spans
        out: list[HeldValue] = []
        last: object = None
        for h in sorted(self._used, key=_held_order):
            if h.order != last:
                out.append(h)
                last = h.order
        return out


def appended(case: Case, event: CollectionEvent, as_of: datetime | None = None) -> Case:
    """``case`` with ``event`` appended (and ``as_of`` moved to ``as_of`` if given),
    validated as :class:`Case` validates it; only the new event is checked, since the
    rest of ``case`` is valid already and a later ``as_of`` keeps it valid."""
    when = case.as_of if as_of is None else as_of
    if as_of is not None and as_of < case.as_of:
        raise ValueError("appended(): as_of may only move forward")
    if not event.proposed and event.at > when:
        raise InvalidInputError(
            f"events[{len(case.events)}].at",
            f'{event.at.isoformat()} is after as_of; mark planned events "proposed": true',
        )
    grown: Case = object.__new__(Case)
    for name in _CASE_FIELDS:  # every field, so a field the model gains is carried too
        object.__setattr__(grown, name, getattr(case, name))
    object.__setattr__(grown, "as_of", when)
    object.__setattr__(grown, "events", (*case.events, event))
    return grown


_CASE_FIELDS = tuple(f.name for f in attrs.fields(Case))


_held_order = operator.attrgetter("order")
#: What a view of a CaseState shares with it (all but its events and their memo).
_SHARED = tuple(n for n in CaseState.__slots__ if n not in ("events", "_memo", "_demand"))


def _inserted(views: tuple[EventView, ...], view: EventView) -> tuple[EventView, ...]:
    """``views`` (in time order) with ``view`` in its place: after those at the same
    instant, as a stable sort puts the event of the highest index."""
    if not views or views[-1].ts <= view.ts:
        return (*views, view)
    at = bisect_right(views, view.ts, key=_time_order)
    return (*views[:at], view, *views[at:])


class EventCursor:
    """What an event check knows: the case context plus one event.

    The engine moves one EventCursor from event to event, so it is valid only during
    the check call: keep values from it, not the context itself.
    """

    __slots__ = ("case", "ctx", "event", "index", "local", "view")

    def __init__(self, ctx: CaseState, view: EventView) -> None:
        self.ctx = ctx
        self.case = ctx.case
        self.move_to(view)

    def move_to(self, view: EventView) -> None:
        """Point the context at another event of the same case."""
        self.view = view
        self.event = view.event
        self.index = view.index
        self.local = view.local

    @property
    def day(self) -> date:
        return self.view.day

    def param(self, pid: str, on: date | None = None) -> Any:
        """Parameter ``pid`` in force on the event's local date (or ``on``)."""
        ctx = self.ctx
        day = self.view.day if on is None else on
        held = ctx._params.get(pid)  # CaseState.param's fast path and _read, inlined:
        if held is not None and held.low <= day < held.high:  # the hottest read of all
            if ctx._reads is not None:
                ctx._reads.append(held.use)
            ctx._used[held] = None
            return held.raw
        return ctx.param(pid, day)

    def cite(self, instrument: str, article: str) -> Citation:
        return self.ctx.cite(instrument, article)

    def protection(self, kind: ProtectionKind) -> date | None:
        """Since when ``kind`` was in effect at the time of this event."""
        return self.ctx.protection(kind, self.day)


def rule_owner(registry: Registry, rule_id: str) -> tuple[str, str | None]:
    """Name and distribution of the pack that contributed the rule ``rule_id`` (the rule
    id itself, for a rule no pack contributed)."""
    if rule_id in registry.rules:
        pack = registry.pack_of_rule(rule_id)
        return pack.name, pack.distribution
    return rule_id, None


def plugin_error(registry: Registry, rule_id: str, what: str, exc: BaseException) -> PluginError:
    """A PluginError naming the pack behind ``rule_id``: ``what`` (``"check of rule
    'cn.x'"``) went wrong with ``exc``."""
    return PluginError(*rule_owner(registry, rule_id), f"{what} raised {type(exc).__name__}: {exc}")


def owner_of(registry: Registry, component_id: str, attr: str) -> tuple[str, str | None]:
    """Name and distribution of the pack that contributed a component."""
    pack = registry.owner(attr, component_id)
    if pack is None:
        return component_id, None
    return pack.name, pack.distribution


def as_hits(result: object) -> Iterable[Any]:
    from loanoverdue.law.rule import Hit

    if result is None:
        return ()
    if isinstance(result, Hit):
        return (result,)
    return result  # type: ignore[return-value]
