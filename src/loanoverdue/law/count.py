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

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs

from loanoverdue.law.rule import RELATED_LIMIT, Hit, Verdict
from loanoverdue.law.shape import Clause
from loanoverdue.law.tail import Layers, Tail
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
        focus = ctx.focus
        if focus is not None:  # the findings about one event alone: looked up
            found = state.about(focus)
            if found is None:
                return []
            ctx.rest_on(state.uses())
            return [self._hit(found)]
        every = state.found
        if not every:
            return []
        ctx.rest_on(state.uses())
        return [self._hit(f) for f in every]

    def _hit(self, found: tuple[Any, Sequence[Any], int, int]) -> Hit:
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


#: A finding of a count: (event, views counted, limit, days).
_Found = tuple[Any, Sequence[Any], int, int]


class _State:
    """One case's count: the events counted so far and the findings they give, with the
    parameter values read (days values, then limits, each once, in the order read);
    extended by a session's events that come later in time than those held
    (:meth:`extended`). What grows with the events is kept in :class:`Tail` lists and
    :class:`Layers` maps shared with the state extended, so a question costs what its
    one event adds, not a copy of the history."""

    __slots__ = (
        "_ats",
        "_buckets",
        "_days",
        "_dseen",
        "_found_at",
        "_limit",
        "_lseen",
        "_made",
        "_over",
        "_rolling",
        "count",
        "held",
    )

    count: Count
    #: The counted views, in time order.
    held: Tail[Any]
    #: calendar: window key -> (views, limit, days, number in the order of making)
    _buckets: Layers[tuple[int, int], list[Any]]
    #: calendar: keys of the windows over the limit, in the order they were made
    _over: Tail[tuple[int, int]]
    #: rolling: the findings so far
    _rolling: Tail[_Found]
    #: The findings by the index of the event they are about.
    _found_at: Layers[int, _Found | tuple[int, int]]
    #: rolling: each held view's instant (microseconds since 1970)
    _ats: Tail[int]
    #: The days and the limit values last read (a held value and the days it holds).
    _days: Any
    _limit: Any
    #: The uses of the values read, each once, in the order read.
    _dseen: dict[Any, None]
    _lseen: dict[Any, None]
    #: calendar: how many windows were made
    _made: int

    @classmethod
    def of(cls, count: Count, ctx: Any) -> _State:
        state: _State = object.__new__(cls)
        state.count = count
        state.held = Tail()
        state._buckets = Layers()
        state._over = Tail()
        state._rolling = Tail()
        state._found_at = Layers()
        state._ats = Tail()
        state._days = state._limit = None
        state._made = 0
        state._dseen, state._lseen = {}, {}
        if not state._add(ctx, count.counted(ctx, ctx.in_time_order())):
            raise AssertionError("a count made afresh is never out of order")
        return state

    @property
    def found(self) -> list[_Found]:
        """The findings: (event, views counted, limit, days), in the order the count
        gives them (calendar: the order the windows were made in)."""
        if self.count.window == "rolling":
            return list(self._rolling)
        return [self._window_found(key) for key in self._over]

    def _window_found(self, key: tuple[int, int]) -> _Found:
        bucket = self._buckets.get(key)
        assert bucket is not None
        views, limit, days, _ = bucket
        back = 1 if self.count.at_least else 0  # the event that reaches the limit, or passes it
        return (views[max(limit - back, 0)], views, limit, days)

    def about(self, index: int) -> _Found | None:
        """The finding about event ``index``, if there is one."""
        found = self._found_at.get(index)
        if found is None or self.count.window == "rolling":
            return found  # type: ignore[return-value]
        return self._window_found(found)  # type: ignore[arg-type]

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

    def _add(self, ctx: Any, views: Sequence[Any]) -> bool:
        """Count ``views`` (later in time than those held); false when a window made
        before the last one is the one to go over the limit (then the state is worked
        out afresh: the windows over it are kept in the order they were made)."""
        if self.count.window == "calendar":
            ok = self._add_calendar(ctx, views)
            self.held = self.held.grown(views)
            return ok
        self.held = self.held.grown(views)
        self._add_rolling(ctx, views)
        return True

    def _add_calendar(self, ctx: Any, views: Sequence[Any]) -> bool:
        buckets = self._buckets
        over = self.count.over
        # the days of every view first, then the limit of each new window (the order the
        # values are read in, and so listed)
        keys = []
        for v in views:
            day = v.day
            days = self._read_days(ctx, day)
            keys.append((days, day.toordinal() // days))
        made: list[list[Any]] = []
        own = buckets.own
        for v, key in zip(views, keys, strict=True):
            bucket = own.get(key)
            if bucket is None:
                below = buckets.get(key)
                if below is None:
                    bucket = own[key] = [Tail([v]), 0, key[0], self._made + len(made)]
                    made.append(bucket)
                    continue
                bucket = own[key] = [below[0], *below[1:]]  # the window below is not changed
            bucket[0] = bucket[0].grown((v,))
        for bucket in made:
            bucket[1] = self._read_limit(ctx, bucket[0][0].day)
        back = 1 if self.count.at_least else 0
        crossed = self._over
        last = -1
        if crossed.n:
            made_last = buckets.get(crossed.items[crossed.n - 1])
            assert made_last is not None
            last = made_last[3]
        new = []
        for key in dict.fromkeys(keys):
            bucket = own[key]
            views_of, limit = bucket[0], bucket[1]
            if over(len(views_of), limit):
                at = views_of[max(limit - back, 0)].index
                if self._found_at.get(at) is None:
                    new.append((bucket[3], key, at))
        new.sort()
        for order, key, at in new:
            if order < last:
                return False
            last = order
            self._found_at[at] = key
        if new:
            self._over = crossed.grown([key for _, key, _ in new])
        self._made += len(made)
        return True

    def _add_rolling(self, ctx: Any, views: Sequence[Any]) -> None:
        """Findings of ``views``, already the last of :attr:`held`."""
        self._ats = ats = self._ats.grown([_micros(v.event.at) for v in views])
        every = self.held
        over = self.count.over
        found = []
        for v in views:
            day = v.day
            days = self._read_days(ctx, day)
            limit = self._read_limit(ctx, day)
            at = v.event.at
            lo = ats.count_up_to(_micros(at - timedelta(days=days)))
            hi = ats.count_up_to(_micros(at))
            if over(hi - lo, limit):
                f = (v, every.slice(lo, hi), limit, days)
                found.append(f)
                self._found_at[v.index] = f
        if found:
            self._rolling = self._rolling.grown(found)

    def extended(self, ctx: Any, added: Sequence[Any]) -> _State | None:
        """This count with the ``added`` events, when those it counts come after the
        last held in time (for a rolling window: strictly after), else ``None``."""
        new = self.count.counted(ctx, sorted(added, key=lambda v: (v.ts, v.index)))
        if not new:
            return self
        held = self.held
        if held:
            last, first = held.items[held.n - 1], new[0]
            if first.ts < last.ts or (
                first.ts == last.ts and (self.count.window == "rolling" or first.index < last.index)
            ):
                return None
        grown: _State = object.__new__(_State)
        grown.count = self.count
        grown.held = held
        grown._ats = self._ats
        grown._days, grown._limit = self._days, self._limit
        grown._dseen, grown._lseen = dict(self._dseen), dict(self._lseen)
        grown._buckets = self._buckets.grown()
        grown._made = self._made
        grown._over = self._over
        grown._rolling = self._rolling
        grown._found_at = self._found_at.grown()
        return grown if grown._add(ctx, new) else None


def _int(pid: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"parameter {pid!r} is not an integer: {value!r}")
    return value
