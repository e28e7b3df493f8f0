"""Hypothesis strategies for valid cases, events and money, and the time-zone change a
property test aims a burst of events at.

Every case they generate passes validation, so a property test can focus on the rules:
``@given(cases(jurisdiction="CN", timezone="Asia/Shanghai", currency="CNY"))``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
from hypothesis import strategies as st

from loanoverdue.model import (
    INITIATED_ACTIONS,
    MEDIA,
    WRITTEN_ACTIONS,
    Action,
    Actor,
    Borrower,
    Case,
    CollectionEvent,
    Conduct,
    Hours,
    Initiator,
    Lender,
    LenderKind,
    Loan,
    Money,
    Outcome,
    Payment,
    Place,
    Product,
    Protection,
    ProtectionKind,
    Target,
    Threatened,
    Weekday,
)

__all__ = ["aware_datetimes", "cases", "events", "money", "offset_change_before"]

_EPOCH = datetime(2021, 1, 1, tzinfo=UTC)


def money(currency: str = "CNY", max_value: int = 1_000_000) -> st.SearchStrategy[Money]:
    """Non-negative amounts with two decimals."""
    return st.integers(min_value=0, max_value=max_value * 100).map(
        lambda cents: Money(Decimal(cents) / 100, currency)
    )


def aware_datetimes(
    start: datetime = _EPOCH,
    days: int = 5 * 365,
    zones: Sequence[str] = ("UTC", "Asia/Shanghai", "America/New_York"),
) -> st.SearchStrategy[datetime]:
    """Aware date-times within ``days`` after ``start``, expressed in one of ``zones``."""
    return st.builds(
        lambda seconds, zone: (start + timedelta(seconds=seconds)).astimezone(ZoneInfo(zone)),
        st.integers(min_value=0, max_value=days * 86400),
        st.sampled_from(list(zones)),
    )


def events(
    at: st.SearchStrategy[datetime] | None = None, actions: Sequence[Action] | None = None
) -> st.SearchStrategy[CollectionEvent]:
    """Collection events with any action, actor, target, outcome and conduct; some are
    contacts the borrower initiated (``initiated_by`` ``borrower``: a call or message of
    :data:`~loanoverdue.model.INITIATED_ACTIONS` to the collector, target
    ``borrower``)."""
    pool = list(actions or Action)
    by_collector = st.builds(
        CollectionEvent,
        at=at if at is not None else aware_datetimes(),
        action=st.sampled_from(pool),
        actor=st.sampled_from(list(Actor)),
        target=st.sampled_from(list(Target)),
        outcome=st.sampled_from(list(Outcome)),
        place=st.none() | st.sampled_from(list(Place)),
        conduct=st.frozensets(st.sampled_from(list(Conduct)), max_size=3),
    )
    # a threat says, now and then, what it threatened; now and then the event is about
    # another debt of the borrower's
    by_collector = by_collector.flatmap(_with_threatened).flatmap(
        lambda e: st.sampled_from([None, None, None, "B-2"]).map(lambda debt: attrs.evolve(e, debt=debt))
    )
    initiable = [a for a in pool if a in INITIATED_ACTIONS]
    if not initiable:
        return by_collector
    by_borrower = st.builds(
        CollectionEvent,
        at=at if at is not None else aware_datetimes(),
        action=st.sampled_from(initiable),
        actor=st.sampled_from(list(Actor)),
        target=st.just(Target.BORROWER),
        outcome=st.sampled_from(list(Outcome)),
        place=st.none() | st.sampled_from(list(Place)),
        conduct=st.frozensets(st.sampled_from(list(Conduct)), max_size=3),
        initiated_by=st.just(Initiator.BORROWER),
    )
    by_borrower = by_borrower.flatmap(_with_threatened)
    # one event in four, so the collector's events keep most of the draws
    return st.integers(0, 3).flatmap(lambda n: by_borrower if n == 3 else by_collector)


def _with_threatened(event: CollectionEvent) -> st.SearchStrategy[CollectionEvent]:
    """``event``, and where it carries a threat, what the threat threatened (if said)."""
    if Conduct.THREAT not in event.conduct:
        return st.just(event)
    return st.frozensets(st.sampled_from(list(Threatened)), max_size=2).map(
        lambda threatened: attrs.evolve(event, threatened=threatened)
    )


def _hours() -> st.SearchStrategy[Hours]:
    """Windows of whole quarter hours; some run past midnight."""
    clocks = st.integers(0, 95).map(lambda q: time(q // 4, q % 4 * 15))
    return st.tuples(clocks, clocks).filter(lambda t: t[0] != t[1]).map(lambda t: Hours(*t))


@st.composite
def cases(
    draw: st.DrawFn,
    jurisdiction: str = "XE",
    timezone: str = "Asia/Shanghai",
    currency: str = "CNY",
    max_events: int = 20,
    lender_kinds: Sequence[LenderKind] | None = None,
    as_of: datetime | None = None,
) -> Case:
    """Valid cases: due date before ``as_of``, events between due date and ``as_of``."""
    tz = ZoneInfo(timezone)
    if as_of is None:
        as_of = draw(aware_datetimes(datetime(2022, 1, 1, tzinfo=tz), days=4 * 365, zones=(timezone,)))
    today = as_of.astimezone(tz).date()
    dpd = draw(st.integers(min_value=0, max_value=3 * 365))
    due: date = today - timedelta(days=dpd)
    contract = due - timedelta(days=draw(st.integers(min_value=0, max_value=720)))
    principal = draw(money(currency, 200_000))
    outstanding = draw(money(currency, 250_000))
    loan = Loan(
        product=draw(st.sampled_from(list(Product))),
        principal=principal,
        outstanding=outstanding,
        due_date=due,
        contract_date=contract,
        annual_rate=draw(st.none() | st.integers(0, 60).map(lambda p: Decimal(p) / 100)),
        lender=Lender(kind=draw(st.sampled_from(list(lender_kinds or LenderKind)))),
        last_acknowledgment_date=draw(st.none() | st.integers(0, dpd).map(lambda d: due + timedelta(days=d))),
        # payments from the contract date to today, some before the due date
        payments=draw(
            st.lists(
                st.builds(
                    Payment,
                    paid_on=st.integers(0, (today - contract).days).map(
                        lambda d: contract + timedelta(days=d)
                    ),
                    amount=st.integers(1, 500_000).map(lambda cents: Money(Decimal(cents) / 100, currency)),
                ),
                max_size=3,
            )
        ),
    )
    start = datetime.combine(due, datetime.min.time(), tzinfo=tz)
    span = max(0, int((as_of - start).total_seconds()))
    event_list = draw(
        st.lists(
            events(at=st.integers(0, span).map(lambda s: (start + timedelta(seconds=s)).astimezone(tz))),
            max_size=max_events,
        )
    )
    # now and then the delivery of a letter or message: received, or returned, on a day
    # from its sending to today
    for i, e in enumerate(event_list):
        if e.action in WRITTEN_ACTIONS and not e.by_borrower and not e.proposed:
            sent = e.at.astimezone(tz).date()
            later = sent + timedelta(days=draw(st.integers(0, max(0, (today - sent).days))))
            how = draw(st.sampled_from(["", "", "received", "returned"]))
            if how == "received" and e.outcome in (Outcome.DELIVERED, Outcome.UNKNOWN):
                event_list[i] = attrs.evolve(e, received_on=later)
            elif how == "returned" and e.outcome not in (Outcome.DELIVERED, Outcome.CONNECTED):
                event_list[i] = attrs.evolve(e, returned_on=later)
    protections = []
    for kind in draw(st.lists(st.sampled_from(list(ProtectionKind)), max_size=2, unique=True)):
        since = due + timedelta(days=draw(st.integers(0, dpd)))
        media: frozenset[Action] = frozenset()
        if kind is ProtectionKind.MEDIUM_REFUSED:
            media = draw(st.frozensets(st.sampled_from(sorted(MEDIA)), min_size=1, max_size=3))
        left = (today - since).days
        until = None
        if left and draw(st.booleans()):  # withdrawn on a later day up to today
            until = since + timedelta(days=draw(st.integers(1, left)))
        in_writing = None
        if kind in (ProtectionKind.DISPUTED, ProtectionKind.CEASE_REQUESTED):
            in_writing = draw(st.none() | st.booleans())
        hours: Hours | None = None
        weekdays: frozenset[Weekday] = frozenset()
        places: frozenset[Place] = frozenset()
        if kind is ProtectionKind.CONTACT_CONSENT:
            media = draw(st.frozensets(st.sampled_from(sorted(MEDIA)), max_size=2))
        if kind in (ProtectionKind.CONTACT_CONSENT, ProtectionKind.INCONVENIENT_TIME):
            hours = draw(st.none() | _hours())
            weekdays = draw(st.frozensets(st.sampled_from(list(Weekday)), max_size=3))
            if kind is ProtectionKind.INCONVENIENT_TIME and hours is None and not weekdays:
                weekdays = frozenset({draw(st.sampled_from(list(Weekday)))})
        if kind is ProtectionKind.INCONVENIENT_PLACE:
            places = draw(st.frozensets(st.sampled_from(list(Place)), min_size=1, max_size=2))
        protections.append(
            Protection(
                kind,
                since,
                media=media,
                until=until,
                in_writing=in_writing,
                hours=hours,
                weekdays=weekdays,
                places=places,
            )
        )
    # now and then a borrower whose location is unclear: other zones they may be in
    others = [z for z in ("America/Los_Angeles", "America/Denver", "Asia/Shanghai", "UTC") if z != timezone]
    other_zones = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    borrower = Borrower(
        jurisdiction, timezone, protections=tuple(protections), other_timezones=tuple(other_zones)
    )
    return Case(as_of=as_of, borrower=borrower, loan=loan, events=tuple(event_list))


def offset_change_before(at: datetime, zone: ZoneInfo) -> datetime | None:
    """The last change of ``zone``'s UTC offset (daylight saving) at least a day before
    ``at``, as a time in ``zone`` just after it, looked for hour by hour over the year
    before; ``None`` when the offset did not change in that year.

    Property tests put a burst of events across it to see that counts per local day and
    local hours stay right when the clock moves.
    """
    hour = timedelta(hours=1)
    t = at.astimezone(zone) - timedelta(days=1)
    for _ in range(366 * 24):
        if (t - hour).utcoffset() != t.utcoffset():
            return t
        t = (t - hour).astimezone(zone)
    return None
