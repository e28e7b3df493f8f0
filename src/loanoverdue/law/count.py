"""Counting shapes: a case rule that counts the events of one kind (``[rule.count]`` in
a pack's ``rules.toml``) per window of local days, or in a rolling window of days
ending with each of them, against a limit parameter -- declared once, executed by the
scalar engine (:meth:`Count.__call__` is the rule's check) and by the columnar plan
(:mod:`loanoverdue.portfolio.plan`, which compiles the same count into array
operations).

The events counted are the case's events inside the rule's period that meet the
count's conditions (those of a shape's clause: actions, actors, targets, conduct,
initiated_by...), in time order (ties in the case's order), proposals included.

``window = "calendar"``: each counted event falls into the window of ``days``
consecutive local days holding its date (the days parameter read on the event's day;
windows are ``date.toordinal() // days``); a window whose count is over the limit (the
limit read on the day of its first event) gives one finding about the first event over
it, relating every event counted in it.

``window = "rolling"``: for each counted event, the counted events of the ``days``
before its instant, its instant included (the days and the limit read on its day); each
event at which the count is over the limit gives one finding about it.

With ``unconsented``, the contacts the borrower expressly consented to are not counted
(:func:`consented`). "Over the limit" is ``count > limit``, or ``count >= limit`` with ``at_least``. The
finding lists the parameter values read (the days values, then the limits, each once);
the format is in ``docs/reference/pack-data.md`` ("Counting shapes").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from loanoverdue.law.rule import RELATED_LIMIT, Hit, Verdict
from loanoverdue.law.shape import Clause
from loanoverdue.vocabulary import Initiator, Target

__all__ = ["COUNT_PARAMS", "WINDOWS", "Count", "consented", "related_of"]

#: The message parameters a count can name: ``count`` (events in the window), ``limit``
#: and ``days`` (the values read), ``start`` and ``end`` (the local date and time of the
#: first and the last event counted in the window).
COUNT_PARAMS = ("count", "limit", "days", "start", "end")
#: The kinds of window: fixed windows of local days, or a window ending with each event.
WINDOWS = ("calendar", "rolling")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def related_of(indexes: Sequence[int]) -> tuple[int, ...]:
    """A finding's ``related`` events of the ``indexes`` counted (in window order): all
    of them, or the first ``RELATED_LIMIT - 1`` and the last."""
    n = len(indexes)
    if n <= RELATED_LIMIT:
        return tuple(indexes)
    return (*indexes[: RELATED_LIMIT - 1], indexes[n - 1])


def consented(borrower: Any, view: Any) -> bool:
    """Whether the borrower expressly consented to the contact ``view``: a contact to the
    borrower (not the borrower's own) that a ``contact_consent`` covers
    (:meth:`~loanoverdue.model.Borrower.consent_at`)."""
    event = view.event
    if event.target is not Target.BORROWER or event.initiated_by is Initiator.BORROWER:
        return False
    return borrower.consent_at(view.local, event.action) is not None


def _micros(at: datetime) -> int:
    return (at - _EPOCH) // _MICROSECOND


@attrs.frozen
class Count:
    """A counting rule's test (see the module). ``events`` holds the conditions an event
    must meet to be counted (a clause whose verdict is the count's); ``days`` and
    ``limit`` are parameter ids (integers); ``params`` names the message parameters
    (see :data:`COUNT_PARAMS`) in the order the finding lists them."""

    rule: str
    verdict: Verdict
    events: Clause
    window: str
    days: str
    limit: str
    at_least: bool = False
    message: str | None = None
    params: tuple[str, ...] = ()
    #: Leave out the contacts the borrower expressly consented to (:func:`consented`).
    unconsented: bool = False

    def __attrs_post_init__(self) -> None:
        if self.window not in WINDOWS:
            raise ValueError(f"unknown window {self.window!r} (expected one of: {', '.join(WINDOWS)})")
        unknown = [p for p in self.params if p not in COUNT_PARAMS]
        if unknown:
            raise ValueError(
                f"unknown message parameter {unknown[0]!r} (expected one of: {', '.join(COUNT_PARAMS)})"
            )
        if len(set(self.params)) != len(self.params):
            raise ValueError("a message parameter is named twice")
        if self.events.local_time is not None:
            raise ValueError("a count has no local_time window")

    @property
    def key(self) -> str:
        """The key of the count's per-case state (``ctx.once``)."""
        return f"loanoverdue.count.{self.rule}"

    def parameters(self) -> tuple[str, ...]:
        """The parameter ids the count reads: the days, then the limit."""
        return (self.days, self.limit)

    def describe(self) -> str:
        """The count in one line."""
        events = self.events.describe().split(" -> ")[0]
        over = ">=" if self.at_least else ">"
        window = (
            f"per window of {self.days} local days"
            if self.window == "calendar"
            else f"in the {self.days} days up to each"
        )
        finding = self.verdict.value + (f" ({self.message})" if self.message else "")
        if self.params:
            finding += f" with {', '.join(self.params)}"
        return f"count events ({events}) {window}; count {over} {self.limit} -> {finding}"

    def precondition(self) -> Callable[[Any], bool] | None:
        """The rule's precondition on the case when the count names lender kinds: the
        loan's lender is of one of them (else ``None``)."""
        kinds = self.events.lender_kinds
        if kinds is None:
            return None

        def lender_is(ctx: Any) -> bool:
            return ctx.case.loan.lender.kind in kinds

        return lender_is

    def over(self, count: int, limit: int) -> bool:
        """Whether ``count`` events are over ``limit``."""
        return count >= limit if self.at_least else count > limit

    def counted(self, ctx: Any, views: Sequence[Any]) -> list[Any]:
        """The views (in time order) the count counts."""
        kind = ctx.case.loan.lender.kind
        holds = self.events.event_holds
        found = [v for v in views if holds(v.event, kind)]
        borrower = ctx.case.borrower
        if self.unconsented and borrower.consents_to_times:
            found = [v for v in found if not consented(borrower, v)]
        return found

    def __call__(self, ctx: Any) -> list[Hit]:
        if not ctx.events:  # no event in the rule's period
            return []
        if ctx.events is ctx.all_events:  # the whole case: a state a session extends
            state: _State = ctx.once(self.key, lambda c: _State.of(self, c))
        else:
            state = _State.of(self, ctx)
        if not state.found:
            return []
        ctx.rest_on(state.uses())
        focus = ctx.focus
        return [self._hit(f) for f in state.found if focus is None or f[0].index == focus]

    def _hit(self, found: tuple[Any, list[Any], int, int]) -> Hit:
        event, views, limit, days = found
        values = {"count": len(views), "limit": limit, "days": days}
        params: dict[str, object] = {}
        for name in self.params:
            if name == "start":
                params[name] = views[0].local
            elif name == "end":
                params[name] = views[-1].local
            else:
                params[name] = values[name]
        return Hit(
            self.verdict,
            params,
            self.message,
            event.index,
            related_of([v.index for v in views]),
            None,
            len(views),
        )


class _State:
    """One case's count: the events counted so far and the findings they give, with the
    parameter values read (days values, then limits, each once, in the order read);
    extended by a session's events that come later in time than those held
    (:meth:`extended`)."""

    __slots__ = (
        "_ats",
        "_buckets",
        "_days",
        "_dseen",
        "_limit",
        "_lseen",
        "_over",
        "_own",
        "_rolling",
        "count",
        "held",
    )

    count: Count
    #: The counted views, in time order.
    held: list[Any]
    #: calendar: window key -> [views, limit, days, number in the order of making]
    _buckets: dict[tuple[int, int], list[Any]]
    #: calendar: keys of the windows over the limit, in the order they were made
    _over: list[tuple[int, int]]
    #: calendar: keys of the windows whose lists this state made (the others it shares
    #: with the state it was extended from, and copies before it adds to them)
    _own: set[tuple[int, int]] | None
    #: rolling: the findings so far
    _rolling: list[tuple[Any, list[Any], int, int]]
    #: rolling: each held view's instant (microseconds since 1970)
    _ats: list[int]
    #: The days and the limit values last read (a held value and the days it holds).
    _days: Any
    _limit: Any
    #: The uses of the values read, each once, in the order read.
    _dseen: dict[Any, None]
    _lseen: dict[Any, None]

    @classmethod
    def of(cls, count: Count, ctx: Any) -> _State:
        state: _State = object.__new__(cls)
        state.count = count
        state.held = []
        state._buckets = {}
        state._over = []
        state._own = None  # every window is this state's own
        state._rolling = []
        state._ats = []
        state._days = state._limit = None
        state._dseen, state._lseen = {}, {}
        state._add(ctx, count.counted(ctx, ctx.in_time_order()))
        return state

    @property
    def found(self) -> list[tuple[Any, list[Any], int, int]]:
        """The findings: (event, views counted, limit, days), in the order the count
        gives them (calendar: the order the windows were made in)."""
        if self.count.window == "rolling":
            return self._rolling
        back = 1 if self.count.at_least else 0  # the event that reaches the limit, or passes it
        out = []
        for key in self._over:
            views, limit, days, _ = self._buckets[key]
            out.append((views[max(limit - back, 0)], views, limit, days))
        return out

    def uses(self) -> tuple[Any, ...]:
        return (*self._dseen, *self._lseen)

    def _read_days(self, ctx: Any, day: Any) -> int:
        held = self._days
        if held is None or not held.low <= day < held.high:
            held = self._days = ctx.reading(self.count.days, day)
            self._dseen.setdefault(held.use, None)
        return _int(self.count.days, held.raw)

    def _read_limit(self, ctx: Any, day: Any) -> int:
        held = self._limit
        if held is None or not held.low <= day < held.high:
            held = self._limit = ctx.reading(self.count.limit, day)
            self._lseen.setdefault(held.use, None)
        return _int(self.count.limit, held.raw)

    def _add(self, ctx: Any, views: Sequence[Any]) -> None:
        if self.count.window == "calendar":
            self._add_calendar(ctx, views)
            self.held.extend(views)
        else:
            self.held.extend(views)
            self._add_rolling(ctx, views)

    def _add_calendar(self, ctx: Any, views: Sequence[Any]) -> None:
        buckets: dict[tuple[int, int], list[Any]] = self._buckets
        over = self.count.over
        # the days of every view first, then the limit of each new window (the order the
        # values are read in, and so listed)
        keys = []
        for v in views:
            day = v.day
            days = self._read_days(ctx, day)
            keys.append((days, day.toordinal() // days))
        made = []
        own = self._own
        for v, key in zip(views, keys, strict=True):
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = [[v], 0, key[0], len(buckets)]
                made.append(bucket)
                if own is not None:
                    own.add(key)
            else:
                if own is not None and key not in own:  # shared: copied before it grows
                    bucket = buckets[key] = [list(bucket[0]), *bucket[1:]]
                    own.add(key)
                bucket[0].append(v)
        for bucket in made:
            bucket[1] = self._read_limit(ctx, bucket[0][0].day)
        for key in dict.fromkeys(keys):
            bucket = buckets[key]
            if over(len(bucket[0]), bucket[1]) and key not in self._over:
                self._over.append(key)
                self._over.sort(key=lambda k: buckets[k][3])

    def _add_rolling(self, ctx: Any, views: Sequence[Any]) -> None:
        """Findings of ``views``, already the last of :attr:`held`."""
        ats = self._ats
        every = self.held
        for v in views:
            ats.append(_micros(v.event.at))
        over = self.count.over
        for v in views:
            day = v.day
            days = self._read_days(ctx, day)
            limit = self._read_limit(ctx, day)
            at = v.event.at
            lo = bisect_right(ats, _micros(at - timedelta(days=days)))
            hi = bisect_right(ats, _micros(at))
            if over(hi - lo, limit):
                self._rolling.append((v, every[lo:hi], limit, days))

    def extended(self, ctx: Any, added: Sequence[Any]) -> _State | None:
        """This count with the ``added`` events, when those it counts come after the
        last held in time (for a rolling window: strictly after), else ``None``."""
        new = self.count.counted(ctx, sorted(added, key=lambda v: (v.ts, v.index)))
        if not new:
            return self
        if self.held:
            last, first = self.held[-1], new[0]
            if first.ts < last.ts or (
                first.ts == last.ts and (self.count.window == "rolling" or first.index < last.index)
            ):
                return None
        grown: _State = object.__new__(_State)
        grown.count = self.count
        grown.held = list(self.held)
        grown._ats = list(self._ats)
        grown._days, grown._limit = self._days, self._limit
        grown._dseen, grown._lseen = dict(self._dseen), dict(self._lseen)
        # the windows are shared with this state (still used) until one grows
        grown._buckets = dict(self._buckets)
        grown._own = set()
        grown._over = list(self._over)
        grown._rolling = list(self._rolling)
        grown._add(ctx, new)
        return grown


def _int(pid: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"parameter {pid!r} is not an integer: {value!r}")
    return value
