"""The validation notice and the validation period (15 U.S.C. 1692g, 12 CFR 1006.34).

Regulation F 1006.34(b)(5): the validation period runs until 30 days after the consumer
receives the validation information, and a collector may assume receipt on any date at
least 5 days after providing it, not counting Saturdays, Sundays and the legal public
holidays of 5 U.S.C. 6103(a). The holidays come from the maintained ``holidays`` library
(its United States calendar), never from a hand-made list.

Holidays are counted on their own dates, without the "observed" weekday that 5 U.S.C.
6103(b) sets for federal employees when a holiday falls on a weekend: 1006.34(b)(5) names
the holidays of 6103(a). A weekend holiday then excludes nothing that the weekend did not
already exclude, and the period ends on the earliest date a collector may assume, which
is the safe date to give a consumer.

**The validation notice provided** is one notion, :func:`validation_notice`, that both
``us.validation.notice_timing`` and ``us.validation.period`` (and the advice and factors
built on the period) read, so they cannot disagree about which notice counts:

- a notice is an event with purpose ``validation_notice`` by a covered actor, addressed to
  the consumer, target ``borrower``. The spouse is "consumer" only for 1006.6 and 1692c
  (1006.2(e), 1692c(d)); 1006.34 and 1692g speak of the consumer (1006.2(e), 1692a(3));
- it is *provided* when it is a communication with the consumer, the same test as the
  initial communication (:func:`reaches_consumer`): a letter or electronic message
  ``delivered`` (or ``unknown``: mailed to the consumer's address, comment 42(a)(1)-3), a
  call or visit ``connected`` (validation information given orally, 1006.34(a)(1)(ii)).
  From 2021-11-30 a notice that came back (outcome ``failed`` or ``refused``: the case file
  records a return only through the outcome) has not been sent in a manner reasonably
  expected to provide actual notice (1006.42(a)(1), comment 42(a)(1)-2), so it is not
  provided, and the validation period runs from the next notice that is (comment
  34(b)(5)-2). Before 2021-11-30, 1692g(a) asked only that the collector *send* a written
  notice: a written notice sent then counts whatever became of it;
- the notice provided is the first such notice (one that happened before a planned one).
  Every provided notice that happened is a communication with the consumer, so the
  initial communication is at or before it, and the timing rule and the period rule look
  at the same event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from loanoverdue.pack import Actor, CaseContext, CollectionEvent, EventView, Outcome, Purpose, Target
from loanoverdue_us.facts import COMMUNICATIONS, WRITTEN, covered_actors

__all__ = [
    "REG_F_FROM",
    "ValidationNotices",
    "ValidationPeriod",
    "add_business_days",
    "case_validation_period",
    "initial_communication",
    "is_business_day",
    "legal_public_holidays",
    "notices",
    "reaches_consumer",
    "unknown_period_reason",
    "validation_notice",
    "validation_period",
]

_by_time = attrgetter("ts")

#: The first day Regulation F's receipt assumption applies (its effective date).
REG_F_FROM = date(2021, 11, 30)


@lru_cache(maxsize=64)
def legal_public_holidays(year: int) -> frozenset[date]:
    """The federal legal public holidays of ``year`` on their own dates (from the
    ``holidays`` library, imported on first use: it is needed only for validation
    periods)."""
    import holidays

    return frozenset(holidays.country_holidays("US", years=year, observed=False))


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a legal public holiday."""
    return day.weekday() < 5 and day not in legal_public_holidays(day.year)


def add_business_days(day: date, n: int) -> date:
    """The ``n``-th business day after ``day`` (``day`` itself not counted)."""
    current = day
    left = n
    while left > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            left -= 1
    return current


class ValidationPeriod(NamedTuple):
    """When the validation information was provided, when it is assumed received, and
    the last day of the validation period."""

    provided: date
    receipt: date
    end: date
    period_days: int


def validation_period(provided: date, business_days: int = 5, period_days: int = 30) -> ValidationPeriod:
    """The validation period of a notice provided on ``provided``: assumed receipt
    ``business_days`` business days later, end ``period_days`` calendar days after it."""
    receipt = add_business_days(provided, business_days)
    return ValidationPeriod(provided, receipt, receipt + timedelta(days=period_days), period_days)


_REACHED = frozenset({Outcome.CONNECTED, Outcome.DELIVERED})
#: The outcomes by which the case file records a letter or message that came back.
_RETURNED = frozenset({Outcome.FAILED, Outcome.REFUSED})


def reaches_consumer(event: CollectionEvent) -> bool:
    """The event is a communication with whom it is addressed to, not an attempt: a call
    or visit that connected, a message delivered, or a written or electronic message not
    known to have failed or come back (outcome ``unknown``). ``no_answer``, ``voicemail``,
    ``failed`` and ``refused`` are attempts, and so is a letter or message with
    ``returned_on``."""
    if event.returned_on is not None:  # it came back: it did not reach them
        return False
    outcome = event.outcome
    return outcome in _REACHED or (event.action in WRITTEN and outcome is Outcome.UNKNOWN)


def _to_consumer(view: EventView, covered: frozenset[Actor]) -> bool:
    e = view.event
    return (
        e.actor in covered
        and e.target is Target.BORROWER
        and e.action in COMMUNICATIONS
        and e.debt is None  # a communication about another debt of the borrower's is not about this one
    )


def _provided(view: EventView) -> bool:
    """Whether a validation notice to the consumer counts as provided on its date."""
    e = view.event
    if reaches_consumer(e):
        return True
    if e.returned_on is not None and view.day >= REG_F_FROM:
        return False  # it came back (1006.42(a)(1), comment 42(a)(1)-2)
    # before Regulation F, 1692g(a) asked only that a written notice be sent
    return view.day < REG_F_FROM and e.action in WRITTEN


class ValidationNotices(NamedTuple):
    """The case's validation notices as the validation rules read them."""

    #: The initial communication: the first event (that happened) in which a covered
    #: actor communicated with the consumer (1006.34(b)(2)); ``None`` before there is one.
    initial: EventView | None
    #: The notices provided (see the module's docstring), earliest first: those that
    #: happened, then planned ones.
    provided: tuple[EventView, ...]
    #: The written notices to the consumer that came back (outcome ``failed`` or
    #: ``refused``) and so were not provided, earliest first.
    returned: tuple[EventView, ...]

    @property
    def notice(self) -> EventView | None:
        """The validation notice provided: the first of :attr:`provided`."""
        return self.provided[0] if self.provided else None

    def returned_before(self, view: EventView | None) -> tuple[EventView, ...]:
        """The returned notices earlier than ``view`` (all of them for ``None``)."""
        if view is None:
            return self.returned
        mark = (view.event.at, view.index)
        return tuple(v for v in self.returned if (v.event.at, v.index) < mark)


class _Notices:
    """The scan behind :class:`ValidationNotices`, kept so that a session's events, later
    in time than those held, extend it."""

    __slots__ = ("done", "initial", "last", "planned", "returned", "value")

    def __init__(self, ctx: CaseContext) -> None:
        views = ctx.all_events
        order = ctx.in_time_order() if ctx.events is views else tuple(sorted(views, key=_by_time))
        self.last: float | None = None  # the time stamp of the last event looked at
        self.initial: EventView | None = None
        self.done: list[EventView] = []
        self.planned: list[EventView] = []
        self.returned: list[EventView] = []
        self.value = ValidationNotices(None, (), ())
        self._scan(order, covered_actors(ctx.case))

    def _scan(self, order: Sequence[EventView], covered: frozenset[Actor]) -> None:
        """Look at the events ``order`` (in time order, after those looked at). The lists
        are replaced, never changed, when an event joins one (an extended scan shares them
        with the one it extends); the value is kept when nothing changed."""
        initial = was = self.initial
        done: list[EventView] = []
        planned: list[EventView] = []
        returned: list[EventView] = []
        for v in order:
            if not _to_consumer(v, covered):
                continue
            e = v.event
            if initial is None and not e.proposed and reaches_consumer(e):
                initial = v
            if e.purpose is not Purpose.VALIDATION_NOTICE:
                continue
            if _provided(v):
                (planned if e.proposed else done).append(v)
            elif not e.proposed and (e.outcome in _RETURNED or e.returned_on is not None) and e.action in WRITTEN:
                returned.append(v)
        self.initial = initial
        if order:
            self.last = order[-1].ts
        if done:
            self.done = [*self.done, *done]
        if planned:
            self.planned = [*self.planned, *planned]
        if returned:
            self.returned = [*self.returned, *returned]
        if done or planned or returned or initial is not was or self.value.initial is not initial:
            self.value = ValidationNotices(initial, (*self.done, *self.planned), tuple(self.returned))

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _Notices | None:
        """These notices with the ``added`` events, when they come last in time (ties: in
        the case's order), else ``None`` (worked out afresh)."""
        last = self.last
        for v in added:
            if last is not None and v.ts < last:
                return None
            last = v.ts
        grown: _Notices = object.__new__(_Notices)
        grown.last, grown.initial, grown.value = self.last, self.initial, self.value
        grown.done, grown.planned, grown.returned = self.done, self.planned, self.returned
        grown._scan(added, covered_actors(ctx.case))
        return grown


def notices(ctx: CaseContext) -> ValidationNotices:
    """The case's :class:`ValidationNotices` (computed once per assessment)."""
    return ctx.once("us.validation_notices", _Notices).value


def initial_communication(ctx: CaseContext) -> EventView | None:
    """The collector's first communication with the consumer (the borrower): a call or
    visit that connected, or a written or electronic message that was delivered (or not
    known to have failed). Attempts that did not reach the consumer are not
    communications, and neither is a communication with the spouse (1006.2(e))."""
    return notices(ctx).initial


def validation_notice(ctx: CaseContext) -> EventView | None:
    """The validation notice provided: the first notice of a covered collector that
    reached the consumer (planned ones after those that happened), if any."""
    return notices(ctx).notice


def unknown_period_reason(ctx: CaseContext) -> str:
    """Why the validation period of the case is not known."""
    found = notices(ctx)
    notice = found.notice
    if notice is None:
        if found.returned:
            return (
                f"the validation notice of {found.returned[0].day.isoformat()} came back undelivered, "
                f"so it was not provided, and no later notice in the case reached the consumer"
            )
        return "the case records no validation notice"
    return (
        f"the validation notice of {notice.day.isoformat()} predates Regulation F's receipt assumption "
        f"(from {REG_F_FROM.isoformat()}), and the case does not record when it was received"
    )


class _Period:
    """The case's validation period, kept with the notice it runs from: a session's
    events that leave the notice provided as it was leave the period as it was."""

    __slots__ = ("notice", "value")

    def __init__(self, ctx: CaseContext) -> None:
        self.notice = notice = validation_notice(ctx)
        self.value = _period_of(ctx, notice)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _Period | None:
        return self if validation_notice(ctx) is self.notice else None


def _period_of(ctx: CaseContext, notice: EventView | None) -> ValidationPeriod | None:
    if notice is None:
        return None
    if notice.day < REG_F_FROM:
        received = notice.event.received_on
        if received is None:
            return None
        # before Regulation F: thirty days after the receipt the case records (1692g(a)(3))
        period = ctx.param("us.validation.period_days", notice.day)
        return ValidationPeriod(notice.day, received, received + timedelta(days=period), period)
    days = ctx.param("us.validation.receipt_business_days", notice.day)
    period = ctx.param("us.validation.period_days", notice.day)
    return validation_period(notice.day, days, period)


def case_validation_period(ctx: CaseContext) -> ValidationPeriod | None:
    """The validation period of the case's first validation notice, under Regulation F's
    receipt assumption (notices from 2021-11-30 on: comment 34(b)(5)-1 lets the collector
    keep the assumed date even where the receipt is known), or from the receipt the case
    records (``received_on``) for an earlier notice; ``None`` without either."""
    return ctx.once("us.validation_period", _Period).value
