"""Facts the China rules share: who lends and who collects, whom an event reached, quiet
hours, counting windows and the interest cap the law protects.

Pure functions over the core's model and contexts. What a case needs in many checks is
worked out once per assessment with ``CaseContext.derived`` (keys ``cn.*``), from the
whole case, never from a view's events; nothing is kept between assessments.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from loanoverdue.pack import (
    Action,
    Actor,
    Citation,
    CollectionEvent,
    Conduct,
    LenderKind,
    Loan,
    Outcome,
    Place,
    Product,
    Purpose,
    Target,
)

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext, EventView, ParameterUse

T = TypeVar("T")

# Vocabulary values tested in functions, bound once: reading an enum member from its
# class costs several times a module global.
_COURT = Actor.COURT
_BORROWER = Target.BORROWER
_PUBLIC = Target.PUBLIC
_HOME = Place.HOME
_HOME_VISIT = Action.HOME_VISIT
_BANK = LenderKind.BANK
_CARD_ISSUER = LenderKind.CREDIT_CARD_ISSUER
_PRIVATE = LenderKind.PRIVATE_INDIVIDUAL
_CREDIT_CARD = Product.CREDIT_CARD
_PAYMENT_DEMAND = Purpose.PAYMENT_DEMAND
_TELLS = frozenset({Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING})

# -- parties ----------------------------------------------------------------------------

#: Lenders licensed or approved by a financial regulator. Microlenders count: the SPC reply
#: on the scope of the private-lending provisions treats them as licensed financial
#: institutions; a facilitation platform's loans are funded by a licensed institution.
LICENSED: frozenset[LenderKind] = frozenset(
    {
        LenderKind.BANK,
        LenderKind.CREDIT_CARD_ISSUER,
        LenderKind.CONSUMER_FINANCE,
        LenderKind.ONLINE_MICROLENDER,
        LenderKind.FACILITATION_PLATFORM,
    }
)
#: Lender kinds whose regime depends on the original loan, which the case does not say.
UNDETERMINED: frozenset[LenderKind] = frozenset({LenderKind.DEBT_BUYER, LenderKind.OTHER})
BANKS: frozenset[LenderKind] = frozenset({LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER})

#: Anyone but the borrower and the borrower's own lawyer. The vocabulary has no guarantor.
THIRD_PARTIES: frozenset[Target] = frozenset(
    {
        Target.SPOUSE,
        Target.FAMILY,
        Target.EMPLOYER,
        Target.COLLEAGUE,
        Target.CONTACT,
        Target.NEIGHBOUR,
        Target.PUBLIC,
    }
)


def by_collector(event: CollectionEvent) -> bool:
    """A collection event of the lender's side (not a court's)."""
    return event.actor is not _COURT


def is_private(loan: Loan) -> bool:
    return loan.lender.kind is _PRIVATE


def is_licensed(loan: Loan) -> bool:
    return loan.lender.kind in LICENSED


def bank_card_debt(loan: Loan) -> bool:
    """A credit-card debt owed to a bank: the Credit Card Measures and the malicious
    overdraft rules apply."""
    kind = loan.lender.kind
    return kind is _CARD_ISSUER or (kind is _BANK and loan.product is _CREDIT_CARD)


# -- events -----------------------------------------------------------------------------

#: Contacts counted for frequency: calls and messages to the borrower.
CONTACT_ACTIONS: tuple[Action, ...] = (Action.CALL, Action.SMS, Action.INSTANT_MESSAGE)
#: Contacts that can intrude at night.
NIGHT_ACTIONS: tuple[Action, ...] = (
    Action.CALL,
    Action.SMS,
    Action.INSTANT_MESSAGE,
    Action.THIRD_PARTY_CONTACT,
    Action.HOME_VISIT,
)
VISIT_ACTIONS: tuple[Action, ...] = (Action.HOME_VISIT, Action.WORKPLACE_VISIT)
#: Actions that ask the borrower to pay.
DEMAND_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.CALL,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
        Action.LAWSUIT,
        Action.PAYMENT_ORDER,
    }
)
#: Communications that, once they reach the borrower, are a demand for performance.
DEMAND_MESSAGES: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.LETTER,
        Action.LAWYER_LETTER,
    }
)
REACHED: frozenset[Outcome] = frozenset({Outcome.CONNECTED, Outcome.DELIVERED})

INTIMIDATING: frozenset[Conduct] = frozenset(
    {Conduct.THREAT, Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM}
)
ABUSIVE: frozenset[Conduct] = frozenset({Conduct.INSULT, Conduct.OBSCENE})
#: The "improper means" of the financial regulators' collection rules.
IMPROPER: frozenset[Conduct] = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.THREAT,
        Conduct.INSULT,
        Conduct.OBSCENE,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.IMPERSONATION,
        Conduct.FALSE_LEGAL_CLAIM,
    }
)
#: Conduct that makes a visit more than a peaceful visit (its own rules report it).
VISIT_MISCONDUCT: frozenset[Conduct] = IMPROPER | {
    Conduct.ENTERED_WITHOUT_CONSENT,
    Conduct.REFUSED_TO_LEAVE,
    Conduct.PHOTOGRAPHED,
    Conduct.PUBLIC_SHAMING,
    Conduct.DISCLOSURE,
    Conduct.PROPERTY_DAMAGE,
}
WORKPLACE_MISCONDUCT: frozenset[Conduct] = IMPROPER | {Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING}
#: Listed means of Criminal Law art. 293-1 items (1) and (2).
FORCE_OR_INTRUSION: frozenset[Conduct] = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.THREAT,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.ENTERED_WITHOUT_CONSENT,
        Conduct.REFUSED_TO_LEAVE,
    }
)


def at_home(event: CollectionEvent) -> bool:
    return event.place is _HOME or event.action is _HOME_VISIT


def tells_others(event: CollectionEvent) -> bool:
    """The event revealed the debt to someone other than the borrower."""
    return not event.conduct.isdisjoint(_TELLS) or event.target is _PUBLIC


def is_demand(event: CollectionEvent) -> bool:
    return event.purpose is _PAYMENT_DEMAND or event.action in DEMAND_ACTIONS


def in_quiet_hours(t: time, start: time, end: time) -> bool:
    """Whether ``t`` lies in the quiet hours ``[start, end)``; the window may wrap
    midnight (21:00-08:00)."""
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def _event_at(view: EventView) -> datetime:
    return view.event.at


def window_before(views: Sequence[EventView], at: datetime, days: int) -> list[EventView]:
    """The views (in time order) in the ``days`` before ``at``, ``at`` included (found
    by bisection: the cost grows with the views in the window, not with the history)."""
    low = at - timedelta(days=days)
    first = bisect_right(views, low, key=_event_at)
    return list(views[first : bisect_right(views, at, first, key=_event_at)])


def counted_up_to(views: Iterable[EventView], current: EventView) -> list[EventView]:
    """``views`` that happened, plus ``current`` itself (it may be a proposal)."""
    return [v for v in views if v.index == current.index or not v.event.proposed]


# -- values of the registry -------------------------------------------------------------

_UNSET: Any = object()


def once(ctx: CaseContext, key: object, build: Callable[[], T]) -> T:
    """``build()``, made once per registry and ``key`` (in ``Registry.memo("cn")``): for
    values that depend on nothing else (put the case's values they depend on into
    ``key``; a decimal as ``str``, since equal decimals may be written differently)."""
    memo = ctx.registry.memo("cn")
    found = memo.get(key, _UNSET)
    if found is _UNSET:
        found = memo[key] = build()
    return found  # type: ignore[no-any-return]


def cites(ctx: CaseContext, instrument: str, *articles: str) -> tuple[Citation, ...]:
    """Citations of ``articles`` of ``instrument`` (made once per registry)."""
    return once(
        ctx, ("cites", instrument, articles), lambda: tuple(ctx.cite(instrument, a) for a in articles)
    )


# -- per-case facts ---------------------------------------------------------------------

_ts = operator.attrgetter("ts")
_CONTACTS = frozenset(CONTACT_ACTIONS)
_NIGHT = frozenset(NIGHT_ACTIONS)
_VISITS = frozenset(VISIT_ACTIONS)


def capture(ctx: CaseContext, compute: Callable[[CaseContext], T]) -> tuple[T, tuple[ParameterUse, ...]]:
    """``compute(ctx)`` and the parameter values it read, in the order first read. The
    values go into the trace as usual, but not into the reads of the check that happens
    to be running: a check whose finding rests on them adds them with :func:`rest_on`."""
    saved = ctx.reads
    got: list[ParameterUse] = []
    ctx.reads = got
    try:
        value = compute(ctx)
    finally:
        ctx.reads = saved
    return value, unique(got)


def unique(uses: Iterable[ParameterUse]) -> tuple[ParameterUse, ...]:
    """``uses`` without repeats of the same object, in order (cheap: a value read
    through :class:`Params` is one object for as long as it holds; the engine drops
    equal uses itself)."""
    return tuple({id(u): u for u in uses}.values())


def rest_on(ctx: CaseContext, uses: Iterable[ParameterUse]) -> None:
    """Record ``uses`` as read by the running check (its findings list them)."""
    reads = ctx.reads
    if reads is not None:
        reads.extend(uses)


#: A value and the days it holds: (first day, day after the last, value, its use).
Span = tuple[date, date, Any, "ParameterUse"]


class Params:
    """Parameter values of one case: what ``ctx.param`` gives, with its use, looked up
    once per span of days over which the value holds. Reading a value records it in the
    trace but not in the reads of the running check (see :func:`rest_on`)."""

    __slots__ = ("_ctx", "_spans")

    def __init__(self, ctx: CaseContext) -> None:
        self._ctx = ctx
        self._spans: dict[str, Span] = {}

    def span(self, pid: str, day: date) -> Span:
        """The value of ``pid`` on ``day``, its use and the days it holds."""
        span = self._spans.get(pid)
        if span is not None and span[0] <= day < span[1]:
            return span
        ctx = self._ctx
        saved = ctx.reads
        got: list[ParameterUse] = []
        ctx.reads = got
        try:
            value = ctx.param(pid, day)
        finally:
            ctx.reads = saved
        found = ctx.registry.parameter_span(pid, ctx.chain, day)
        assert found is not None  # ctx.param found a value
        span = self._spans[pid] = (found[0], found[1], value, got[0])
        return span

    def get(self, pid: str, day: date) -> tuple[Any, ParameterUse]:
        """The value of ``pid`` on ``day`` and its use."""
        span = self._spans.get(pid)
        if span is None or not span[0] <= day < span[1]:
            span = self.span(pid, day)
        return span[2], span[3]

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> Params:
        """The values found so far, for the case with more events (see
        ``CaseContext.derived``); further values are read in ``ctx``."""
        grown = Params(ctx)
        grown._spans = dict(self._spans)
        return grown


def params(ctx: CaseContext) -> Params:
    """The case's :class:`Params`."""
    return ctx.derived("cn.params", Params)


class CaseEvents:
    """The events of the whole case (a view's too), earliest first (ties keep the case's
    order), and the groups of collector-side events the checks count, each in time
    order; sorted in one pass."""

    __slots__ = (
        "borrower_contacts",
        "contacts",
        "extends",
        "first_day",
        "last_day",
        "night",
        "order",
        "visits",
        "with_conduct",
    )

    def __init__(self, ctx: CaseContext) -> None:
        if ctx.events is ctx.all_events:
            order = ctx.in_time_order()
        else:
            order = tuple(sorted(ctx.all_events, key=_ts))
        self.order = order
        #: The groups these extend by events that came later (see :meth:`extended`).
        self.extends: CaseEvents | None = None
        #: Calls and messages to the borrower.
        self.borrower_contacts: list[EventView] = []
        #: Calls and messages to anyone.
        self.contacts: list[EventView] = []
        #: Home and workplace visits.
        self.visits: list[EventView] = []
        #: Contacts that can intrude at night (NIGHT_ACTIONS).
        self.night: list[EventView] = []
        #: Events that record any conduct.
        self.with_conduct: list[EventView] = []
        #: The first and the last local day of any event (``None`` without events).
        self.first_day: date | None = None
        self.last_day: date | None = None
        if not order:
            return
        days = [v.day for v in order]
        self.first_day, self.last_day = min(days), max(days)
        self._add(order)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> CaseEvents | None:
        """These groups with the ``added`` events (when they come last in time; else
        ``None``: sorted afresh). See ``CaseContext.derived``."""
        order = self.order
        if not added or (order and added[0].ts < order[-1].ts):
            return None
        for a, b in pairwise(added):
            if b.ts < a.ts:
                return None
        grown: CaseEvents = object.__new__(CaseEvents)
        grown.order = order + tuple(added)
        grown.extends = self
        grown.borrower_contacts = list(self.borrower_contacts)
        grown.contacts = list(self.contacts)
        grown.visits = list(self.visits)
        grown.night = list(self.night)
        grown.with_conduct = list(self.with_conduct)
        days = [v.day for v in added]
        first, last = min(days), max(days)
        grown.first_day = first if self.first_day is None else min(self.first_day, first)
        grown.last_day = last if self.last_day is None else max(self.last_day, last)
        grown._add(added)
        return grown

    def _add(self, views: Iterable[EventView]) -> None:
        court = _COURT
        borrower = _BORROWER
        for v in views:
            event = v.event
            if event.actor is court:
                continue
            action = event.action
            if action in _NIGHT:
                self.night.append(v)
            if action in _CONTACTS:
                self.contacts.append(v)
                if event.target is borrower:
                    self.borrower_contacts.append(v)
            elif action in _VISITS:
                self.visits.append(v)
            if event.conduct:
                self.with_conduct.append(v)

    def whole_case(self, low: date, high: date) -> bool:
        """Whether the days ``[low, high)`` include the day of every event: a value that
        holds over them, read on one event's day, is recorded in the trace just as if it
        were read on another's."""
        first, last = self.first_day, self.last_day
        return first is not None and last is not None and low <= first and last < high


def case_events(ctx: CaseContext) -> CaseEvents:
    """The case's :class:`CaseEvents`."""
    return ctx.derived("cn.events", CaseEvents)


def in_time_order(ctx: CaseContext) -> tuple[EventView, ...]:
    """Every event of the case (a view's too), earliest first; ties keep the case's order."""
    return case_events(ctx).order


def borrower_contacts(ctx: CaseContext) -> list[EventView]:
    """Calls and messages to the borrower by the lender's side, of the whole case, in
    time order."""
    return case_events(ctx).borrower_contacts


def with_conduct(ctx: CaseContext) -> list[EventView]:
    """Collector-side events that record any conduct, of the whole case, in time order."""
    return case_events(ctx).with_conduct


# -- dates and numbers ------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _month_length(year, month)))


def pct(rate: Decimal) -> str:
    """A rate as a percentage for people: ``Decimal("0.154")`` -> ``"15.40%"``."""
    return f"{rate * 100:.2f}%"


def amount(value: Decimal) -> str:
    """An amount of yuan for people: ``Decimal("50000")`` -> ``"50,000"``."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def unpaid_principal(loan: Loan) -> Decimal:
    """The most of the principal that can still be unpaid (outstanding also holds
    interest and fees, so the lesser of the two)."""
    return min(loan.principal.amount, loan.outstanding.amount)


# -- the interest cap -------------------------------------------------------------------

#: The first amendment of the private-lending provisions (4 x LPR) took effect on this
#: date; older contracts keep the former 24 % / 36 % rule for interest up to the day
#: before (private-lending provisions art. 31).
LPR_RULE_FROM = date(2020, 8, 20)


@attrs.frozen
class Cap:
    """The highest annual rate the law protects for a loan, and why.

    ``regime``: ``lpr`` (private lending, 4 x LPR at contract time), ``pre_2020``
    (private lending, contract before 2020-08-20: the 2015 24 % line), ``licensed`` (the
    24 % line of the financial-trials opinion), or, with ``cap`` None, ``no_contract_date``,
    ``no_lpr`` (no LPR known for the contract date), ``too_old`` (contract before the
    2015 provisions) and ``undetermined`` (debt buyer or other: the original lender is
    unknown).
    """

    cap: Decimal | None
    regime: str
    basis: tuple[Citation, ...]
    on: date | None = None
    lpr: Decimal | None = None
    multiple: Decimal | None = None
    void_above: Decimal | None = None


def _lpr_cap(ctx: CaseContext, on: date) -> tuple[Decimal, Decimal] | None:
    lpr = ctx.param_or("cn.interest.lpr_1y", None, on)
    multiple = ctx.param_or("cn.interest.private_lending_cap_multiple", None, on)
    if lpr is None or multiple is None:
        return None
    return lpr, multiple


def _licensed_basis(ctx: CaseContext) -> tuple[Citation, ...]:
    return (
        cites(ctx, "cn.spc_financial_trials_opinion_2017", "2")
        + cites(ctx, "cn.spc_private_lending_2020", "1")
        + cites(ctx, "cn.spc_private_lending_scope_reply", "general")
        + cites(ctx, "cn.pboc_announcement_2021_3", "general")
    )


def protected_cap(ctx: CaseContext, loan: Loan) -> Cap:
    """The cap for ``loan`` by lender kind and contract date (see :class:`Cap`)."""
    kind = loan.lender.kind
    if kind in LICENSED:
        cap = ctx.param_or("cn.interest.financial_loan_cap", None)
        # keyed by the cap as written (0.24 and 0.240 are equal but are shown differently)
        return once(ctx, ("cap.licensed", str(cap)), lambda: Cap(cap, "licensed", _licensed_basis(ctx)))
    if kind in UNDETERMINED:
        return once(
            ctx,
            "cap.undetermined",
            lambda: Cap(None, "undetermined", cites(ctx, "cn.spc_private_lending_2020", "1")),
        )
    on = loan.contract_date
    lpr_basis = cites(ctx, "cn.spc_private_lending_2020", "25", "28", "29") + cites(
        ctx, "cn.pboc_lpr_announcements", "general"
    )
    if on is None:
        return Cap(None, "no_contract_date", lpr_basis)
    if on >= LPR_RULE_FROM:
        found = _lpr_cap(ctx, on)
        if found is None:
            return Cap(None, "no_lpr", lpr_basis, on)
        lpr, multiple = found
        return Cap(lpr * multiple, "lpr", lpr_basis, on, lpr, multiple)
    supported = ctx.param_or("cn.interest.private_lending_2015_supported", None, on)
    void_above = ctx.param_or("cn.interest.private_lending_2015_void_above", None, on)
    basis = cites(ctx, "cn.spc_private_lending_2015", "26", "31") + cites(
        ctx, "cn.spc_private_lending_2020", "31"
    )
    if supported is None:
        return Cap(None, "too_old", basis, on)
    return Cap(supported, "pre_2020", basis, on, void_above=void_above)


def _cap(ctx: CaseContext) -> tuple[Cap, tuple[ParameterUse, ...]]:
    return capture(ctx, lambda c: protected_cap(c, c.case.loan))


def case_cap(ctx: CaseContext) -> tuple[Cap, tuple[ParameterUse, ...]]:
    """:func:`protected_cap` of the case's loan, worked out once, with the parameter
    values it read."""
    return ctx.derived("cn.cap", _cap)


def rate_above_cap(ctx: CaseContext, loan: Loan) -> bool | None:
    """Whether the loan's rate is above the protected cap; ``None`` when unknown."""
    if loan.annual_rate is None:
        return None
    cap = protected_cap(ctx, loan)
    if cap.cap is None:
        return None
    return loan.annual_rate > cap.cap


def in_force(ctx: CaseContext, instrument: str, on: date | None = None) -> bool:
    """Whether ``instrument`` is in force on ``on`` (default: the assessment date).
    Outlook factors and advice resting on a law not yet (or no longer) in force are not
    given: the law before it is not modelled."""
    inst = ctx.registry.instruments.get(instrument)
    return inst is not None and inst.period.contains(ctx.today if on is None else on)


def as_int(pid: str, value: Any) -> int:
    """``value`` of parameter ``pid``, which must be an integer."""
    if not isinstance(value, int):
        raise TypeError(f"parameter {pid!r} is not an integer: {value!r}")
    return value


def as_time(pid: str, value: Any) -> time:
    """``value`` of parameter ``pid``, which must be a time of day."""
    if not isinstance(value, time):
        raise TypeError(f"parameter {pid!r} is not a time: {value!r}")
    return value


def param_int(ctx: Any, pid: str, on: date | None = None) -> int:
    """An integer parameter (typed for the checks)."""
    return as_int(pid, ctx.param(pid, on))
