"""What the engine hands a pack's functions: the protocols of the pack API.

Rule checks, calculators, factor providers and advice contributors are plain functions;
the engine calls them with objects that satisfy these protocols. A pack types its
functions with them (imported from :mod:`loanoverdue.pack`) and relies on nothing else
of the engine, which is free to implement them as it likes. The engine's own classes
(:class:`loanoverdue.engine.context.CaseState`, :class:`~loanoverdue.engine.context.EventCursor`)
are checked against these protocols by ``mypy --strict``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from loanoverdue.law.jurisdiction import Jurisdiction
    from loanoverdue.law.parameter import Parameter
    from loanoverdue.law.platform import PlatformPolicy
    from loanoverdue.law.policy import EscalationPolicy
    from loanoverdue.law.rule import Hit
    from loanoverdue.law.source import Citation, Instrument
    from loanoverdue.model.case import Case
    from loanoverdue.model.event import CollectionEvent
    from loanoverdue.results import (
        Credit,
        Exposure,
        Finding,
        Interest,
        Limitation,
        OutlookStatus,
        ParameterUse,
        Prospect,
        Stage,
    )
    from loanoverdue.vocabulary import Action, ProtectionKind

__all__ = [
    "CaseCheck",
    "CaseCondition",
    "CaseContext",
    "Draft",
    "EventCheck",
    "EventContext",
    "EventView",
    "ParameterReading",
]

T = TypeVar("T")


class EventView(Protocol):
    """One event of the case as the checks see it: its index in the case, the event,
    and its time in the borrower's zone."""

    @property
    def index(self) -> int: ...  # the event's index in ``case.events``
    @property
    def event(self) -> CollectionEvent: ...
    @property
    def local(self) -> datetime: ...  # the event's time in the borrower's zone
    @property
    def day(self) -> date: ...  # the event's local date
    @property
    def ts(self) -> float: ...  # POSIX time stamp, for ordering
    @property
    def action(self) -> Action: ...


class ParameterReading(Protocol):
    """A parameter's value as :meth:`CaseContext.reading` gives it: the value, the use a
    finding lists, and the days ``[low, high)`` over which it holds along the chain."""

    @property
    def raw(self) -> Any: ...  # the value itself, as ``ctx.param`` gives it
    @property
    def use(self) -> ParameterUse: ...
    @property
    def parameter(self) -> Parameter: ...  # the parameter (and so the pack's data) it comes from
    @property
    def low(self) -> date: ...  # the first day the value holds
    @property
    def high(self) -> date: ...  # the day after the last


class CaseContext(Protocol):
    """What a case check, a rule's precondition, a calculator, a factor provider and an
    advice contributor know about the case. ``events`` are the events inside the
    running rule's period (every event outside a rule); ``all_events`` every event."""

    @property
    def case(self) -> Case: ...
    @property
    def chain(self) -> tuple[str, ...]: ...  # the jurisdiction chain, most specific first
    @property
    def jurisdiction(self) -> str: ...
    @property
    def tz(self) -> ZoneInfo: ...  # the borrower's time zone
    @property
    def as_of(self) -> datetime: ...  # the assessment time, in the borrower's zone
    @property
    def today(self) -> date: ...  # the assessment date, in the borrower's zone
    @property
    def dpd(self) -> int: ...  # days past due
    @property
    def stage(self) -> Stage: ...
    @property
    def events(self) -> Sequence[EventView]: ...
    @property
    def all_events(self) -> Sequence[EventView]: ...
    @property
    def platform_policy(self) -> PlatformPolicy | None: ...
    @property
    def focus(self) -> int | None:
        """While the engine answers for one event only (``check_event``, a ``Session``):
        its index. A case check may then leave out the hits about other events (they
        are dropped), but must read the same parameter values as without it, since its
        findings name them. ``None`` in a full assessment."""
        ...

    def in_time_order(self) -> Sequence[EventView]:
        """The events, earliest first (ties keep the case's order)."""
        ...

    def of(self, *actions: Action) -> Sequence[EventView]:
        """Events of ``actions`` (proposed included), in time order."""
        ...

    def happened(self, *actions: Action) -> Sequence[EventView]:
        """Events of ``actions`` that happened (not proposed), in time order: the
        collection steps taken, so not the contacts the borrower initiated
        (``initiated_by`` ``borrower``; :meth:`of` lists those too)."""
        ...

    def proposed(self, action: Action) -> Sequence[EventView]:
        """Events of ``action`` that are announced or planned, in time order."""
        ...

    def failed_contacts(self) -> Sequence[EventView]:
        """The collector's contact attempts with the borrower that did not reach them."""
        ...

    def protection(self, kind: ProtectionKind, on: date | None = None) -> date | None:
        """Since when protection ``kind`` has been in effect on ``on`` (default: today)."""
        ...

    def param(self, pid: str, on: date | None = None) -> Any:
        """The value of parameter ``pid`` on ``on`` (default: the assessment date) along
        the chain; recorded in the trace and in the running check's finding."""
        ...

    def param_or(self, pid: str, default: Any = None, on: date | None = None) -> Any:
        """Like :meth:`param`, with ``default`` when no value is in force that day."""
        ...

    def threshold(self, value: int | Decimal | str | None) -> int | Decimal | None:
        """A policy threshold: a literal number, or the value of the parameter it names."""
        ...

    def once(self, key: str, compute: Callable[[CaseContext], T]) -> T:
        """``compute(ctx)`` once per case (key it with the pack's prefix), the one memo
        of the pack API: the parameter values it read are recorded with the value and
        count as read by every check that uses it. A value with a method
        ``extended(ctx, added)`` grows with the events a session adds instead of being
        computed again (see :meth:`loanoverdue.engine.context.CaseState.once`)."""
        ...

    def shared(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()`` once per registry for ``key`` (key it with the pack's prefix): for
        a value that depends on the registry's data and ``key`` alone, shared by every
        case. ``build`` must give equal values for equal keys."""
        ...

    def quietly(self, compute: Callable[[CaseContext], T]) -> tuple[T, tuple[ParameterUse, ...]]:
        """``compute(ctx)`` and the parameter values it read, each once in the order
        first read, not counted as read by the running check (see :meth:`rest_on`)."""
        ...

    def rest_on(self, uses: Iterable[ParameterUse]) -> None:
        """Count ``uses`` (from :meth:`reading` or :meth:`quietly`) as read by the
        running check: its findings list them."""
        ...

    def reading(self, pid: str, day: date) -> ParameterReading:
        """The value of ``pid`` on ``day`` with its use and the days it holds; in the
        trace, not counted as read by the running check (see :meth:`rest_on`)."""
        ...

    def cited_on(
        self, rule_id: str, day: date, among: Collection[tuple[str, str]] | None = None
    ) -> tuple[Citation, ...]:
        """The citations of rule ``rule_id`` in force on ``day`` (all of them when none
        was), optionally only those ``among`` the ``(instrument, article)`` pairs: for
        :attr:`Hit.citations` of a hit not about its event's own day."""
        ...

    def cite(self, instrument: str, article: str) -> Citation:
        """A citation of a registered article, carrying its confirmation status."""
        ...

    def parameter_span(self, pid: str, on: date | None = None) -> tuple[date, date] | None:
        """The days ``[low, high)`` over which the value of ``pid`` in force on ``on``
        (default: the assessment date) holds along the chain (an overridden value: every
        day), ``None`` when none is in force that day. Not recorded anywhere: it says
        when the value changes, not what it is; read the value with :meth:`param`."""
        ...

    def policies(self) -> tuple[EscalationPolicy, ...]:
        """The registered escalation policies for the case's chain, lender kind and
        platform, most specific first (platform, lender kind, then the jurisdiction's
        default; within a level the more specific jurisdiction first): those the outlook
        schedules from. A platform policy passed to the assessment is
        :attr:`platform_policy`, not one of these."""
        ...

    def instrument(self, instrument_id: str) -> Instrument | None:
        """The registered instrument ``instrument_id`` (its title, layer, period in force
        and articles), ``None`` when no installed pack registers it."""
        ...

    def jurisdiction_by_code(self, code: str) -> Jurisdiction | None:
        """The registered jurisdiction ``code`` (its name, parent and defaults), ``None``
        when no installed pack registers it. (:attr:`jurisdiction` is the case's code.)"""
        ...


class EventContext(Protocol):
    """What an event check knows: the case context and the one event it judges. Valid
    only during the call: keep values from it, not the context itself."""

    @property
    def ctx(self) -> CaseContext: ...
    @property
    def case(self) -> Case: ...
    @property
    def view(self) -> EventView: ...
    @property
    def event(self) -> CollectionEvent: ...
    @property
    def index(self) -> int: ...
    @property
    def local(self) -> datetime: ...
    @property
    def day(self) -> date: ...

    def param(self, pid: str, on: date | None = None) -> Any:
        """Parameter ``pid`` in force on the event's local date (or ``on``)."""
        ...

    def cite(self, instrument: str, article: str) -> Citation: ...

    def protection(self, kind: ProtectionKind) -> date | None:
        """Since when ``kind`` was in effect at the time of this event."""
        ...


class Draft(Protocol):
    """The assessment as advice contributors see it: everything but the advice."""

    @property
    def days_past_due(self) -> int: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def outlook(self) -> tuple[Prospect, ...]: ...
    @property
    def limitation(self) -> Limitation | None: ...
    @property
    def credit(self) -> Credit | None: ...
    @property
    def interest(self) -> Interest | None: ...
    @property
    def exposure(self) -> Exposure | None: ...

    def violations(self) -> tuple[Finding, ...]:
        """The findings whose verdict is ``violation``."""
        ...

    def fired(self, prefix: str) -> tuple[Finding, ...]:
        """Findings of rules whose id starts with ``prefix``."""
        ...

    def prospect(self, action: Action | str) -> Prospect | None:
        """The outlook entry for ``action``, if the policies schedule it."""
        ...

    def status(self, action: Action | str) -> OutlookStatus | None:
        """The outlook status of ``action``, if the policies schedule it."""
        ...


#: An event rule's check: called with an :class:`EventContext` per matching event.
EventCheck = Callable[[EventContext], "Hit | Iterable[Hit] | None"]
#: A case rule's check: called once per case with a :class:`CaseContext`.
CaseCheck = Callable[[CaseContext], "Hit | Iterable[Hit] | None"]
#: A rule's precondition on the case as a whole (see :attr:`loanoverdue.law.Rule.applies`).
CaseCondition = Callable[[CaseContext], bool]
