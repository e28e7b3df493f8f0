"""Facts the China rules share: who lends and who collects, whom an event reached, quiet
hours, counting windows and the interest cap the law protects.

Pure functions over the core's model and contexts. What a case needs in many checks is
worked out once per assessment with ``CaseContext.once`` (keys ``cn.*``), from the
whole case, never from a view's events; nothing is kept between assessments.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs

from loanoverdue.pack import (
    RELATED_LIMIT,
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
    Tail,
    Target,
)

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext, EventView, ParameterUse

T = TypeVar("T")

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
    """A collection event of the lender's side (not a court's), which that side started
    (not a call or message the borrower made to it)."""
    return event.actor is not Actor.COURT and not event.by_borrower


def is_private(loan: Loan) -> bool:
    return loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL


def is_licensed(loan: Loan) -> bool:
    return loan.lender.kind in LICENSED


def bank_card_debt(loan: Loan) -> bool:
    """A credit-card debt owed to a bank: the Credit Card Measures and the malicious
    overdraft rules apply."""
    kind = loan.lender.kind
    return kind is LenderKind.CREDIT_CARD_ISSUER or (kind is LenderKind.BANK and loan.product is Product.CREDIT_CARD)


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
#: The means of "soft violence" (2019 SPC/SPP/MPS/MOJ opinion, paras. 1-2) the vocabulary
#: records: threats, humiliating messages, public shaming, private details told to others
#: (disclosure counts only when it reaches a third party).
SOFT_VIOLENCE: frozenset[Conduct] = frozenset(
    {Conduct.THREAT, Conduct.INSULT, Conduct.OBSCENE, Conduct.PUBLIC_SHAMING, Conduct.DISCLOSURE}
)
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
    return event.place is Place.HOME or event.action is Action.HOME_VISIT


def tells_others(event: CollectionEvent) -> bool:
    """The event revealed the debt to someone other than the borrower."""
    return not event.conduct.isdisjoint(_TELLS) or event.target is Target.PUBLIC


def is_demand(event: CollectionEvent) -> bool:
    return event.purpose is Purpose.PAYMENT_DEMAND or event.action in DEMAND_ACTIONS


def in_quiet_hours(t: time, start: time, end: time) -> bool:
    """Whether ``t`` lies in the quiet hours ``[start, end)``; the window may wrap
    midnight (21:00-08:00)."""
    if start <= end:
        return start <= t < end
    return t >= start or t < end


_at = operator.attrgetter("event.at")


def window_before(views: Sequence[EventView], at: datetime, days: int) -> list[EventView]:
    """The views (in time order) in the ``days`` before ``at``, ``at`` included."""
    low = at - timedelta(days=days)
    return list(views[bisect_right(views, low, key=_at) : bisect_right(views, at, key=_at)])


def counted_up_to(views: Iterable[EventView], current: EventView) -> list[EventView]:
    """``views`` that happened, plus ``current`` itself (it may be a proposal)."""
    return [v for v in views if v.index == current.index or not v.event.proposed]


class Counted(NamedTuple):
    """The events a counting window holds, without listing them all: how many, the
    first and the last (``None`` when there are none), and the indexes of at most
    ``RELATED_LIMIT`` of them, the first ones and the last (a finding's ``related``)."""

    count: int  # type: ignore[assignment]  # shadows tuple.count: the number of events reads better
    first: EventView | None
    last: EventView | None
    related: tuple[int, ...]


def _counted(get: Callable[[int], EventView], n: int) -> Counted:
    if n == 0:
        return Counted(0, None, None, ())
    if n <= RELATED_LIMIT:
        related = tuple([get(i).index for i in range(n)])
    else:
        related = (*[get(i).index for i in range(RELATED_LIMIT - 1)], get(n - 1).index)
    return Counted(n, get(0), get(n - 1), related)


def counted_of(views: Sequence[EventView]) -> Counted:
    """:class:`Counted` of all of ``views``."""
    return _counted(views.__getitem__, len(views))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _micros(at: datetime) -> int:
    """``at`` in whole microseconds since 1970 (exact, and cheap to compare)."""
    return (at - _EPOCH) // _MICROSECOND


class Timeline:
    """Events of one kind (a time-ordered sequence of views), for counting windows that
    end with an event: each window found by bisection, so a case's windows cost
    O(n log n) in all, however many events they hold. What it holds per event is kept
    in :class:`~loanoverdue.pack.Tail` lists, so a timeline grown by a session's event
    (:meth:`extended`) shares them with the one it grew from instead of copying them.

    :meth:`up_to` counts what ``window_before(counted_up_to(views, current), at, days)``
    lists, and :meth:`ending_at` what ``window_before(views, at, days)`` lists."""

    __slots__ = ("_all_ats", "_ats", "_happened", "_views")

    def __init__(self, views: Sequence[EventView]) -> None:
        self._views = views
        all_ats = [_micros(v.event.at) for v in views]
        self._all_ats: Tail[int] = Tail(all_ats)
        self._happened: Tail[EventView] = Tail([v for v in views if not v.event.proposed])
        self._ats: Tail[int] = Tail([t for t, v in zip(all_ats, views, strict=True) if not v.event.proposed])

    @property
    def size(self) -> int:
        """How many views the timeline holds."""
        return self._all_ats.n

    @property
    def last(self) -> EventView | None:
        """The last view held."""
        n = self._all_ats.n
        return self._views[n - 1] if n else None

    def extended(self, views: Sequence[EventView]) -> Timeline:
        """The timeline of ``views``: those held followed by views later in time (a
        session's), made from this one (which stays as it is)."""
        grown: Timeline = object.__new__(Timeline)
        added = [views[i] for i in range(self._all_ats.n, len(views))]
        ats = [_micros(v.event.at) for v in added]
        grown._views = views
        grown._all_ats = self._all_ats.grown(ats)
        happened = [v for v in added if not v.event.proposed]
        if happened:
            grown._happened = self._happened.grown(happened)
            grown._ats = self._ats.grown([t for t, v in zip(ats, added, strict=True) if not v.event.proposed])
        else:
            grown._happened, grown._ats = self._happened, self._ats
        return grown

    def _holds(self, view: EventView, at: int) -> bool:
        """Whether ``view`` (at ``at`` microseconds) is one of the views held: looked
        for among those of its instant."""
        n = self._all_ats.n
        ats, views, index = self._all_ats.items, self._views, view.index
        for j in range(bisect_left(ats, at, 0, n), bisect_right(ats, at, 0, n)):
            if views[j].index == index:
                return True
        return False

    def up_to(self, current: EventView, days: int, *, without_current: bool = False) -> Counted:
        """The events that happened in the ``days`` before ``current`` (its instant
        included), and ``current`` itself if it is one of the views (a proposal too);
        ``without_current`` leaves ``current`` out of the count."""
        event_at = current.event.at
        at = _micros(event_at)
        n = self._ats.n
        ats, happened = self._ats.items, self._happened.items  # the first n are this timeline's
        # the window's start as window_before has it (wall-clock days in the event's zone)
        lo = bisect_right(ats, _micros(event_at - timedelta(days=days)), 0, n)
        hi = bisect_right(ats, at, 0, n)
        member = self._holds(current, at)
        if member and current.event.proposed:
            # a proposal sits among the events of its instant in the case's order
            pos = hi
            while pos > lo and ats[pos - 1] == at and happened[pos - 1].index > current.index:
                pos -= 1

            def get(i: int) -> EventView:
                j = lo + i
                return happened[j] if j < pos else current if j == pos else happened[j - 1]

            count = hi - lo + 1
        else:

            def get(i: int) -> EventView:
                return happened[lo + i]

            count = hi - lo
        if without_current and member:
            # the current event is the last of the window or among the last (one instant)
            items: list[EventView] = []
            i = count - 1
            while i >= 0 and get(i).event.at == event_at:
                items.append(get(i))
                i -= 1
            tail = [v for v in reversed(items) if v.index != current.index]
            head = i + 1

            def get2(k: int, head: int = head, tail: list[EventView] = tail) -> EventView:
                return get(k) if k < head else tail[k - head]

            return _counted(get2, head + len(tail))
        return _counted(get, count)

    def ending_at(self, at: datetime, days: int) -> Counted:
        """All of the views (proposals too) in the ``days`` before ``at``, ``at``
        included."""
        n = self._all_ats.n
        ats = self._all_ats.items
        views = self._views
        if isinstance(views, Tail):  # its first n items, read from the list itself
            views = views.items
        lo = bisect_right(ats, _micros(at - timedelta(days=days)), 0, n)
        hi = bisect_right(ats, _micros(at), 0, n)
        return _counted(lambda i: views[lo + i], hi - lo)


# -- values of the registry -------------------------------------------------------------

def shared(ctx: CaseContext, key: object, build: Callable[[], T]) -> T:
    """``build()``, made once per registry and ``key`` (``ctx.shared``, keyed under
    ``"cn"``): for values that depend on nothing else (put the case's values they depend
    on into ``key``; a decimal as ``str``, since equal decimals may be written
    differently)."""
    return ctx.shared(("cn", key), build)


def cites(ctx: CaseContext, instrument: str, *articles: str) -> tuple[Citation, ...]:
    """Citations of ``articles`` of ``instrument`` (made once per registry)."""
    return shared(
        ctx, ("cites", instrument, articles), lambda: tuple(ctx.cite(instrument, a) for a in articles)
    )


# -- per-case facts ---------------------------------------------------------------------

_ts = operator.attrgetter("ts")
_CONTACTS = frozenset(CONTACT_ACTIONS)
_NIGHT = frozenset(NIGHT_ACTIONS)
_VISITS = frozenset(VISIT_ACTIONS)


def unique(uses: Iterable[ParameterUse]) -> tuple[ParameterUse, ...]:
    """``uses`` without repeats of the same object, in order (cheap: a value read with
    ``ctx.reading`` is one object for as long as it holds; the engine drops equal uses
    itself)."""
    return tuple({id(u): u for u in uses}.values())


#: A value and the days it holds: (first day, day after the last, value, its use).
Span = tuple[date, date, Any, "ParameterUse"]


class Params:
    """Parameter values of one case as the context reads them (``ctx.reading``), in the
    shape the China checks use: each with its use and the span of days over which it
    holds. Reading a value records it in the trace but not in the reads of the running
    check (a check whose finding rests on it says so with ``ctx.rest_on``)."""

    __slots__ = ("_ctx",)

    def __init__(self, ctx: CaseContext) -> None:
        self._ctx = ctx

    def span(self, pid: str, day: date) -> Span:
        """The value of ``pid`` on ``day``, its use and the days it holds."""
        r = self._ctx.reading(pid, day)
        return (r.low, r.high, r.raw, r.use)

    def get(self, pid: str, day: date) -> tuple[Any, ParameterUse]:
        """The value of ``pid`` on ``day`` and its use."""
        r = self._ctx.reading(pid, day)
        return r.raw, r.use


def params(ctx: CaseContext) -> Params:
    """The case's :class:`Params`."""
    return Params(ctx)


class CaseEvents:
    """The events of the whole case (a view's too), earliest first (ties keep the case's
    order), and the groups of collector-side events the checks count, each in time
    order (a :class:`~loanoverdue.pack.Tail`: the groups a session's event grows are
    shared with the value it grew from, not copied); sorted in one pass."""

    __slots__ = (
        "borrower_contacts",
        "contacts",
        "first_day",
        "last_day",
        "night",
        "order",
        "visits",
        "with_conduct",
    )

    #: Calls and messages to the borrower.
    borrower_contacts: Tail[EventView]
    #: Calls and messages to anyone.
    contacts: Tail[EventView]
    #: Home and workplace visits.
    visits: Tail[EventView]
    #: Contacts that can intrude at night (NIGHT_ACTIONS).
    night: Tail[EventView]
    #: Events that record any conduct.
    with_conduct: Tail[EventView]
    #: The first and the last local day of any event (``None`` without events).
    first_day: date | None
    last_day: date | None

    def __init__(self, ctx: CaseContext) -> None:
        if ctx.events is ctx.all_events:
            order = ctx.in_time_order()
        else:
            order = tuple(sorted(ctx.all_events, key=_ts))
        self.order = order
        for name, views in zip(_GROUPS, _sorted(order), strict=True):
            setattr(self, name, Tail(views))
        self.first_day = self.last_day = None
        if order:
            days = [v.day for v in order]
            self.first_day, self.last_day = min(days), max(days)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> CaseEvents | None:
        """These groups with the ``added`` events (a session's, a platform's step): when
        they come last in time (ties: in the case's order), appended; else each put in
        its place (:meth:`_grown_in_time`)."""
        order = self.order
        last = order[-1].ts if order else None
        for v in added:
            if last is not None and v.ts < last:
                return self._grown_in_time(added)
            last = v.ts
        grown: CaseEvents = object.__new__(CaseEvents)
        # the context keeps the whole case's events in the same order (ties: the case's)
        grown.order = ctx.in_time_order() if ctx.events is ctx.all_events else (*order, *added)
        # a group no added event joins is shared; the others grow (no copy)
        borrower_contacts, contacts, night, visits, with_conduct = _sorted(added)
        grown.borrower_contacts = (
            self.borrower_contacts.grown(borrower_contacts) if borrower_contacts else self.borrower_contacts
        )
        grown.contacts = self.contacts.grown(contacts) if contacts else self.contacts
        grown.night = self.night.grown(night) if night else self.night
        grown.visits = self.visits.grown(visits) if visits else self.visits
        grown.with_conduct = self.with_conduct.grown(with_conduct) if with_conduct else self.with_conduct
        grown.first_day, grown.last_day = _widened(self.first_day, self.last_day, added)
        return grown

    def whole_case(self, low: date, high: date) -> bool:
        """Whether the days ``[low, high)`` include the day of every event: a value that
        holds over them, read on one event's day, is recorded in the trace just as if it
        were read on another's."""
        return _within(self.first_day, self.last_day, low, high)

    def _grown_in_time(self, added: Sequence[EventView]) -> CaseEvents:
        """These groups with the ``added`` events, some earlier in time than events
        held (a platform's step before a visit the case proposes): each put into the
        time order and its groups after those of its instant and earlier, where a sort
        of the grown case puts it (the added events come last in the case's order)."""
        grown: CaseEvents = object.__new__(CaseEvents)
        order = list(self.order)
        for v in added:
            _put_in_time(order, v)
        grown.order = tuple(order)
        days = [v.day for v in added]
        grown.first_day = min(days) if self.first_day is None else min(self.first_day, *days)
        grown.last_day = max(days) if self.last_day is None else max(self.last_day, *days)
        # sorted into groups of their own, then each put into the grown groups in time
        for name, put in zip(_GROUPS, _sorted(added), strict=True):
            views = list(getattr(self, name))
            for v in put:
                _put_in_time(views, v)
            setattr(grown, name, Tail(views))
        return grown


#: The groups of :class:`CaseEvents`, in the order :func:`_sorted` gives them.
_GROUPS = ("borrower_contacts", "contacts", "night", "visits", "with_conduct")


def _sorted(views: Iterable[EventView]) -> tuple[list[EventView], ...]:
    """``views`` (in time order) put into the groups of :class:`CaseEvents`, in the
    order of :data:`_GROUPS`."""
    borrower_contacts: list[EventView] = []
    contacts: list[EventView] = []
    night: list[EventView] = []
    visits: list[EventView] = []
    with_conduct: list[EventView] = []
    court = Actor.COURT
    borrower = Target.BORROWER
    for v in views:
        event = v.event
        if event.actor is court:
            continue
        if event.by_borrower:
            # the borrower's own call or message: not a contact the collector made, so
            # never counted as one; the collector's conduct in it still is
            if event.conduct:
                with_conduct.append(v)
            continue
        action = event.action
        if action in _NIGHT:
            night.append(v)
        if action in _CONTACTS:
            contacts.append(v)
            if event.target is borrower:
                borrower_contacts.append(v)
        elif action in _VISITS:
            visits.append(v)
        if event.conduct:
            with_conduct.append(v)
    return borrower_contacts, contacts, night, visits, with_conduct


def case_events(ctx: CaseContext) -> CaseEvents:
    """The case's :class:`CaseEvents`."""
    return ctx.once("cn.events", CaseEvents)


class DaySpan:
    """The first and the last local day of any event of the case (``None`` without
    events): :meth:`CaseEvents.whole_case` without the groups, for a precondition that
    asks only that. Events a session or a platform's step adds extend it."""

    __slots__ = ("first", "last")

    def __init__(self, ctx: CaseContext) -> None:
        days = [v.day for v in ctx.all_events]
        self.first: date | None = min(days) if days else None
        self.last: date | None = max(days) if days else None

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> DaySpan:
        first, last = _widened(self.first, self.last, added)
        if first == self.first and last == self.last:
            return self
        grown: DaySpan = object.__new__(DaySpan)
        grown.first, grown.last = first, last
        return grown

    def whole_case(self, low: date, high: date) -> bool:
        """Whether the days ``[low, high)`` include the day of every event (as
        :meth:`CaseEvents.whole_case`)."""
        return _within(self.first, self.last, low, high)


def _widened(first: date | None, last: date | None, added: Sequence[EventView]) -> tuple[date | None, date | None]:
    """The first and last day ``first``/``last`` (``None`` for no event) with the days of
    the ``added`` events."""
    for v in added:
        day = v.day
        if first is None or day < first:
            first = day
        if last is None or day > last:
            last = day
    return first, last


def _within(first: date | None, last: date | None, low: date, high: date) -> bool:
    """Whether the days ``[low, high)`` include every day from ``first`` to ``last``
    (false without events)."""
    return first is not None and last is not None and low <= first and last < high


def day_span(ctx: CaseContext) -> DaySpan:
    """The case's :class:`DaySpan`."""
    return ctx.once("cn.day_span", DaySpan)


def _put_in_time(views: list[EventView], view: EventView) -> None:
    """Put ``view`` into ``views`` (in time order) after those of its instant and
    earlier: where a stable sort of the case's events puts the event of the highest
    index."""
    if not views or views[-1].ts <= view.ts:
        views.append(view)
    else:
        views.insert(bisect_right(views, view.ts, key=_ts), view)


def in_time_order(ctx: CaseContext) -> Sequence[EventView]:
    """Every event of the case (a view's too), earliest first; ties keep the case's order."""
    return case_events(ctx).order


def borrower_contacts(ctx: CaseContext) -> Tail[EventView]:
    """Calls and messages to the borrower by the lender's side, of the whole case, in
    time order."""
    return case_events(ctx).borrower_contacts


def with_conduct(ctx: CaseContext) -> Tail[EventView]:
    """Collector-side events that record any conduct, of the whole case, in time order."""
    return case_events(ctx).with_conduct


# -- dates and numbers ------------------------------------------------------------------


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
        return shared(ctx, ("cap.licensed", str(cap)), lambda: Cap(cap, "licensed", _licensed_basis(ctx)))
    if kind in UNDETERMINED:
        return shared(
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


if TYPE_CHECKING:
    _CapAndUses = tuple[Cap, tuple[ParameterUse, ...]]
else:
    _CapAndUses = tuple


class _CaseCap(_CapAndUses):
    """:func:`protected_cap` of a case's loan and the uses of the values it read, on
    the case's day. It reads the loan and the values in force that day alone, so a
    state extended by events (a platform's step, a session's event) keeps it while the
    loan and the day stay the same (:meth:`extended`)."""

    loan: Loan
    today: date

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _CaseCap | None:
        return self if ctx.case.loan is self.loan and ctx.today == self.today else None


def _cap(ctx: CaseContext) -> _CaseCap:
    found = _CaseCap(ctx.quietly(lambda c: protected_cap(c, c.case.loan)))
    found.loan, found.today = ctx.case.loan, ctx.today
    return found


def case_cap(ctx: CaseContext) -> tuple[Cap, tuple[ParameterUse, ...]]:
    """:func:`protected_cap` of the case's loan, worked out once, with the parameter
    values it read."""
    return ctx.once("cn.cap", _cap)


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
    inst = ctx.instrument(instrument)
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
