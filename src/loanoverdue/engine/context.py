"""The contexts rule checks, calculators, factor providers and advice contributors
receive: the case with derived facts (local times, days past due, jurisdiction chain)
and parameter lookup that records every value used in the trace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import attrs

from loanoverdue.errors import PluginError
from loanoverdue.law.period import Period
from loanoverdue.law.source import Citation
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.vocabulary import (
    COMMUNICATION_ACTIONS,
    FAILED_OUTCOMES,
    Action,
    ProtectionKind,
    Target,
)
from loanoverdue.results import Stage

if TYPE_CHECKING:
    from loanoverdue.registry import Registry

__all__ = ["CaseContext", "EventContext", "EventView", "days_past_due", "stage_for"]


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


@attrs.frozen
class EventView:
    """An event with its index in the case and its time in the borrower's zone."""

    index: int
    event: CollectionEvent
    local: datetime

    @property
    def day(self) -> date:
        return self.local.date()

    @property
    def action(self) -> Action:
        return self.event.action


class CaseContext:
    """What a check or calculator knows about the case. Cheap to build; one per
    assessment (and one filtered view per distinct rule period)."""

    __slots__ = (
        "_used",
        "all_events",
        "as_of",
        "case",
        "chain",
        "dpd",
        "events",
        "registry",
        "stage",
        "today",
        "tz",
    )

    case: Case
    registry: Registry
    chain: tuple[str, ...]
    tz: ZoneInfo
    as_of: datetime
    today: date
    dpd: int
    stage: Stage
    all_events: tuple[EventView, ...]
    events: tuple[EventView, ...]
    _used: dict[tuple[str, str, date], dict[str, Any]]

    def __init__(self, case: Case, registry: Registry, chain: tuple[str, ...]) -> None:
        self.case = case
        self.registry = registry
        self.chain = chain
        self.tz = case.borrower.tz
        self.as_of = case.as_of.astimezone(self.tz)
        self.today = self.as_of.date()
        self.dpd = days_past_due(case, self.today)
        self.stage = stage_for(self.dpd, case.loan.repaid_on is not None)
        tz = self.tz
        self.all_events = tuple(EventView(i, e, e.at.astimezone(tz)) for i, e in enumerate(case.events))
        self.events = self.all_events
        self._used = {}

    def within(self, period: Period) -> CaseContext:
        """A view whose ``events`` are those inside ``period`` (shares the trace)."""
        if period.start is None and period.end is None:
            return self
        view = object.__new__(CaseContext)
        for name in CaseContext.__slots__:
            object.__setattr__(view, name, getattr(self, name))
        view.events = tuple(v for v in self.all_events if period.contains(v.day))
        return view

    # -- facts --------------------------------------------------------------------------

    @property
    def jurisdiction(self) -> str:
        return self.chain[0]

    def happened(self, *actions: Action) -> tuple[EventView, ...]:
        """Events (not proposed) of ``actions``, in time order."""
        found = [v for v in self.events if not v.event.proposed and v.event.action in actions]
        return tuple(sorted(found, key=lambda v: (v.event.at, v.index)))

    def of(self, *actions: Action) -> tuple[EventView, ...]:
        """Events of ``actions`` (proposed included), in time order."""
        found = [v for v in self.events if v.event.action in actions]
        return tuple(sorted(found, key=lambda v: (v.event.at, v.index)))

    def failed_contacts(self) -> tuple[EventView, ...]:
        """Contact attempts with the borrower that did not reach them."""
        return tuple(
            v
            for v in self.happened(*COMMUNICATION_ACTIONS)
            if v.event.target is Target.BORROWER and v.event.outcome in FAILED_OUTCOMES
        )

    def protection(self, kind: ProtectionKind, on: date | None = None) -> date | None:
        """Since when protection ``kind`` has been in effect on ``on`` (default: today)."""
        found = self.case.borrower.protection(kind, self.today if on is None else on)
        return None if found is None else found.since

    def cite(self, instrument: str, article: str) -> Citation:
        """A citation of a registered article, carrying its confirmation status."""
        return self.registry.cite(instrument, article)

    # -- parameters ---------------------------------------------------------------------

    def param(self, pid: str, on: date | None = None) -> Any:
        """The value of parameter ``pid`` in force on ``on`` (default: the assessment
        date) along the jurisdiction chain; recorded in the trace."""
        day = self.today if on is None else on
        found = self.registry.parameter_value(pid, self.chain, day)
        if found is None:
            raise LookupError(f"parameter {pid!r} has no value for {self.jurisdiction} on {day.isoformat()}")
        param, value = found
        key = (pid, param.jurisdiction, value.start)
        if key not in self._used:
            self._used[key] = {
                "jurisdiction": param.jurisdiction,
                "value": value.value,
                "from": value.start,  # None: in force since a date the sources do not give
                "to": value.end,
                "basis": param.basis.value,
                "status": (value.status or param.status).value,
                "citations": param.citations,
            }
        return value.value

    def param_or(self, pid: str, default: Any = None, on: date | None = None) -> Any:
        """Like :meth:`param`, but ``default`` when no value is in force on that date."""
        day = self.today if on is None else on
        if self.registry.parameter_value(pid, self.chain, day) is None:
            return default
        return self.param(pid, day)

    def params_used(self) -> Sequence[tuple[str, dict[str, Any]]]:
        return [
            (key[0], detail)
            for key, detail in sorted(self._used.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or date.min))
        ]


class EventContext:
    """What an event check knows: the case context plus one event."""

    __slots__ = ("case", "ctx", "event", "index", "local", "view")

    def __init__(self, ctx: CaseContext, view: EventView) -> None:
        self.ctx = ctx
        self.case = ctx.case
        self.view = view
        self.event = view.event
        self.index = view.index
        self.local = view.local

    @property
    def day(self) -> date:
        return self.local.date()

    def param(self, pid: str, on: date | None = None) -> Any:
        """Parameter ``pid`` in force on the event's local date (or ``on``)."""
        return self.ctx.param(pid, self.day if on is None else on)

    def cite(self, instrument: str, article: str) -> Citation:
        return self.ctx.cite(instrument, article)

    def protection(self, kind: ProtectionKind) -> date | None:
        """Since when ``kind`` was in effect at the time of this event."""
        return self.ctx.protection(kind, self.day)


def plugin_error(registry: Registry, rule_id: str | None, what: str, exc: BaseException) -> PluginError:
    """A PluginError naming the pack behind ``rule_id`` (or the component ``what``)."""
    if rule_id is not None and rule_id in registry.rules:
        pack = registry.pack_of_rule(rule_id)
        return PluginError(pack.name, pack.distribution, f"{what} raised {type(exc).__name__}: {exc}")
    return PluginError(what, None, f"raised {type(exc).__name__}: {exc}")


def owner_of(registry: Registry, component_id: str, attr: str) -> tuple[str, str | None]:
    for p in registry.packs:
        if component_id in getattr(p, attr):
            return p.name, p.distribution
    return component_id, None


def as_hits(result: object) -> Iterable[Any]:
    from loanoverdue.law.rule import Hit

    if result is None:
        return ()
    if isinstance(result, Hit):
        return (result,)
    return result  # type: ignore[return-value]
