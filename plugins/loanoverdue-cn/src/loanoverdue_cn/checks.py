"""The check functions of the China rules. Everything else about a rule (title, weight,
citations, period, messages, and a note saying exactly when it fires) is in
``data/rules.toml``; the engine runs a check only for events inside the rule's period.
A rule whose whole test is a declared shape (``[[rule.shape]]`` in rules.toml: the
conduct flags, home and workplace visits, reputation, forged documents, quiet hours of
the self-regulatory convention...) has no function here: its shape is its check.

Event checks receive an :class:`~loanoverdue.engine.context.EventContext`, which the
engine reuses from event to event: nothing here keeps a reference to it. Facts that many
checks share (quiet hours of each event, contacts, counting windows, the interest cap)
are worked out once per case (``ctx.once``); a check that rests on a parameter value
read that way adds it to its reads (``ctx.rest_on``), so each
finding lists the values it rests on. The common case -- an event with nothing to
report -- is decided first, from the event's own fields.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, time
from decimal import Decimal

import attrs

from loanoverdue.pack import (
    Action,
    Actor,
    CaseContext,
    Citation,
    CollectionEvent,
    Conduct,
    EventContext,
    EventView,
    Hit,
    Layers,
    LenderKind,
    ParameterUse,
    Place,
    Purpose,
    Tail,
    Target,
    Text,
    Threatened,
    Verdict,
    add_years,
    checks_registry,
)
from loanoverdue_cn.consent import consent_covering
from loanoverdue_cn.facts import (
    ABUSIVE,
    BANKS,
    CONTACT_ACTIONS,
    FORCE_OR_INTRUSION,
    INTIMIDATING,
    LICENSED,
    LPR_RULE_FROM,
    SOFT_VIOLENCE,
    THIRD_PARTIES,
    UNDETERMINED,
    VISIT_ACTIONS,
    Counted,
    Params,
    Span,
    Timeline,
    amount,
    as_int,
    as_time,
    bank_card_debt,
    borrower_contacts,
    case_cap,
    case_events,
    cites,
    counted_of,
    day_span,
    in_force,
    in_quiet_hours,
    is_demand,
    param_int,
    params,
    pct,
    tells_others,
    unique,
    unpaid_principal,
    with_conduct,
)

CHECKS, check = checks_registry()

#: {target} when the debt was revealed to people the event's target does not name.
OTHERS = Text({"en": "other people", "zh-CN": "他人"})

QUIET_START = "cn.contact.quiet_hours_start"
QUIET_END = "cn.contact.quiet_hours_end"
QUIET_REPEAT = "cn.contact.quiet_hours_repeat_count"
REPEATED = "cn.contact.repeated_messages_count"
REPEAT_WINDOW = "cn.contact.repeat_window_days"
FREQUENCY_LIMIT = "cn.contact.frequency_limit_per_day"
FREQUENCY_WINDOW = "cn.contact.frequency_window_days"
FINANCIAL_CAP = "cn.interest.financial_loan_cap"

_CONTACTS = frozenset(CONTACT_ACTIONS)
_VISITS = frozenset(VISIT_ACTIONS)
#: Conduct that reveals the debt to others (with target ``public``: see facts.tells_others).
_TELLS = frozenset({Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING})
_HARSH = INTIMIDATING | ABUSIVE
_FAKE = frozenset({Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM})

# Hits without per-case values are values: made once, shared by every finding.
_VIOLATION = Hit(Verdict.VIOLATION)
_CONDITIONAL = Hit(Verdict.CONDITIONAL)
_INFO = Hit(Verdict.INFO)
_CONDITIONAL_UNKNOWN = Hit(Verdict.CONDITIONAL, message="conditional_unknown")
_PUBLIC_INSULT = Hit(Verdict.VIOLATION, message="public")
_VIOLATION_AGENCY = Hit(Verdict.VIOLATION, message="violation_agency")
_THIRD_OR_PUBLIC = THIRD_PARTIES
#: (verdict, target) -> the hit naming the target; target None names OTHERS.
_TARGET_HITS: dict[tuple[Verdict, Target | None], Hit] = {
    (verdict, target): Hit(verdict, {"target": OTHERS if target is None else target})
    for verdict in (Verdict.VIOLATION, Verdict.CONDITIONAL)
    for target in (None, *Target)
}


def _case_hit(ctx: CaseContext, key: tuple[object, ...], build: Callable[[], Hit]) -> Hit:
    """A hit that reads the same for every event of the case with ``key`` (its values
    formatted once per case, not per event; decimals in ``key`` as ``str``)."""
    memo: dict[tuple[object, ...], Hit] = ctx.once("cn.hits", lambda c: {})
    found = memo.get(key)
    if found is None:
        found = memo[key] = build()
    return found


# =======================================================================================
# Preconditions on the case
# =======================================================================================
# A rule's ``applies`` (see loanoverdue.law.Rule.applies) is asked once per case, the
# first time its check would run; when it is false, the engine calls the check for no
# event of the case (as it calls an event check only for the events the rule's filters
# in rules.toml admit). A check states neither again. Preconditions are of two kinds:
# - The rule's scope (_consumer_finance, _bank, _bank_card): the lender or the debt the
#   measures govern, stated here once.
# - A shortcut (_impersonation_possible, _debt_maybe_illegal, _private_demand_possible,
#   _financial_demand_possible): false only when the check could report nothing for any
#   event the rule's filters admit; the check is complete without it. It decides from
#   the same derived facts as the check, so the parameter values read -- and the trace --
#   stay the same: it reads only what its check would read on its first event, or the
#   derived cap (``case_cap``), which the cn.interest calculator reads for every case.
#   tests/test_filters.py proves both.


#: The answers of a precondition that reads no event (the lender's kind): events a
#: session adds keep both (see ``keeps`` of :func:`loanoverdue.pack.checks_registry`).
_CASE_ONLY = (True, False)
#: The answer of a precondition that some event is flagged, or a fact of the loan:
#: once true, true whatever events are added.
_STAYS_TRUE = (True,)


def _consumer_finance(ctx: CaseContext) -> bool:
    """The lender is a consumer-finance company."""
    return ctx.case.loan.lender.kind is LenderKind.CONSUMER_FINANCE


def _bank(ctx: CaseContext) -> bool:
    """The lender is a bank or a credit-card issuer."""
    return ctx.case.loan.lender.kind in BANKS


def _bank_card(ctx: CaseContext) -> bool:
    """The debt is a bank's card debt."""
    return bank_card_debt(ctx.case.loan)


class _AnyEvent:
    """Whether any event of the case passes ``test`` (a function of the event alone); a
    session's events extend it, whenever they happened."""

    __slots__ = ("found", "test")

    def __init__(self, ctx: CaseContext, test: Callable[[CollectionEvent], bool]) -> None:
        self.test = test
        self.found = any(test(v.event) for v in ctx.all_events)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _AnyEvent:
        if self.found or not any(self.test(v.event) for v in added):
            return self
        grown: _AnyEvent = object.__new__(_AnyEvent)
        grown.test, grown.found = self.test, True
        return grown


def _any_event(ctx: CaseContext, key: str, test: Callable[[CollectionEvent], bool]) -> bool:
    """Whether any event of the case passes ``test``, worked out once per case."""
    return ctx.once(key, lambda c: _AnyEvent(c, test)).found


def _demands_illegal_debt(event: CollectionEvent) -> bool:
    """A collector-side event (see :func:`~loanoverdue_cn.facts.with_conduct`) that
    carries illegal_debt_demand."""
    return Conduct.ILLEGAL_DEBT_DEMAND in event.conduct and event.actor is not Actor.COURT


def _any_flagged(ctx: CaseContext) -> bool:
    return _any_event(ctx, "cn.illegal_demand_flagged.any", _demands_illegal_debt)


def _illegal_demand_flagged(ctx: CaseContext) -> bool:
    """Whether a collector-side event of the case carries illegal_debt_demand (worked
    out once per case, and grown by a session's events: see :class:`_AnyEvent`)."""
    return _any_flagged(ctx)


# =======================================================================================
# Per-case facts
# =======================================================================================


#: An event's quiet-hours test: inside?, start, end, and the uses of start and end.
_QuietAt = tuple[bool, time, time, ParameterUse, ParameterUse]


def _night_later(held: Tail[EventView], grown: Tail[EventView]) -> bool:
    """Whether the night contacts ``grown`` are those ``held`` followed by others (the
    contacts added come after them in time: they extend facts over ``held``)."""
    n = held.n
    return not n or (grown.n >= n and grown.items[n - 1] is held.items[n - 1])


class _Runs:
    """Views picked from a time-ordered group of events, with the uses of the values
    that judged them, each run of the same pair of uses once (the order a finding lists
    them in); grows with views later in time (:meth:`grown`, :meth:`add`). The picked
    views are a :class:`~loanoverdue.pack.Tail`: a grown value shares them."""

    __slots__ = ("_unique", "last", "n", "uses", "views")

    def __init__(self) -> None:
        self.n = 0  # views of the group looked at
        self.views: Tail[EventView] = Tail()
        self.uses: list[ParameterUse] = []
        self.last: tuple[ParameterUse, ParameterUse] | None = None
        self._unique: tuple[ParameterUse, ...] | None = None

    def unique_uses(self) -> tuple[ParameterUse, ...]:
        """:attr:`uses` without repeats, in order."""
        found = self._unique
        if found is None:
            found = self._unique = unique(self.uses)
        return found

    def add(self, tested: Iterable[tuple[EventView, ParameterUse, ParameterUse, bool]]) -> None:
        """Add the views of ``tested`` (each with the pair of uses that judged it and
        whether it is picked), in order."""
        last, uses, n = self.last, self.uses, self.n
        picked = []
        for view, first, second, pick in tested:
            if last is None or first is not last[0] or second is not last[1]:
                last = (first, second)
                uses += last
                self._unique = None
            if pick:
                picked.append(view)
            n += 1
        self.last, self.n = last, n
        if picked:
            self.views = self.views.grown(picked)

    def grown(self) -> _Runs:
        """A value to add to (this one is still used)."""
        runs: _Runs = object.__new__(_Runs)
        runs.n, runs.last, runs.views = self.n, self.last, self.views
        runs.uses = list(self.uses)  # a few: one pair per run of the same values
        runs._unique = self._unique
        return runs


class _Quiet:
    """Quiet hours of one case: for each event read so far, whether it fell inside the
    quiet hours in force on its day; and the night contacts of the whole case.

    Read on the day of the first event checked; when those hours hold on every event's
    day, every collector-side night contact is tested at once (the trace is the same as
    reading them event by event), else each event on its own day. A session's events,
    later in time than those held, extend it (:meth:`extended`): the tests are a
    :class:`~loanoverdue.pack.Layers` map over those of the value extended."""

    __slots__ = ("_at", "_bounds", "_events", "_night", "_night_own", "_params", "_timeline")

    def __init__(self, ctx: CaseContext) -> None:
        self._params = params(ctx)
        self._events = case_events(ctx)
        #: The tests made, by event index (over those of the value this one extends).
        self._at: Layers[int, _QuietAt] = Layers()
        self._night: _Runs | None = None
        #: Whether ``_night`` is this value's (else shared with the value it extends,
        #: and grown into its own before anything is added to it).
        self._night_own = True
        self._timeline: Timeline | None = None
        #: The quiet hours last read and the days they hold: (low, high, start, end, uses).
        self._bounds: tuple[date, date, time, time, ParameterUse, ParameterUse] | None = None

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _Quiet | None:
        events = case_events(ctx)
        if not _night_later(self._events.night, events.night):
            return None  # a night contact earlier than one held: worked out afresh
        if self._night is None or self._night.n < self._events.night.n:
            self.night()  # every night contact tested here, once
        if self._timeline is None:  # and their timeline made here, once, to grow
            self._timeline = Timeline(self.night()[0])
        grown: _Quiet = object.__new__(_Quiet)
        grown._params = params(ctx)
        grown._events = events
        grown._at = self._at.grown()  # the tests held are read through, not copied
        grown._bounds = self._bounds
        grown._night = self._night  # grown when first read (see night)
        grown._night_own = False
        grown._timeline = self._timeline
        return grown

    def _read(self, day: date) -> tuple[date, date, time, time, ParameterUse, ParameterUse]:
        s = self._params.span(QUIET_START, day)
        e = self._params.span(QUIET_END, day)
        start, end = as_time(QUIET_START, s[2]), as_time(QUIET_END, e[2])
        b = self._bounds = (max(s[0], e[0]), min(s[1], e[1]), start, end, s[3], e[3])
        if self._at.empty() and self._events.whole_case(b[0], b[1]):
            # every night contact at once; the tests of the same outcome share a tuple
            yes, no = (True, start, end, s[3], e[3]), (False, start, end, s[3], e[3])
            found = self._at
            for v in self._events.night:
                found[v.index] = yes if in_quiet_hours(v.local.time(), start, end) else no
        return b

    def _test(
        self, view: EventView, b: tuple[date, date, time, time, ParameterUse, ParameterUse]
    ) -> _QuietAt:
        _, _, start, end, start_use, end_use = b
        inside = in_quiet_hours(view.local.time(), start, end)
        found = self._at[view.index] = (inside, start, end, start_use, end_use)
        return found

    def at(self, view: EventView) -> _QuietAt:
        found = self._at.get(view.index)
        if found is None:
            day = view.day
            b = self._bounds
            if b is None or not b[0] <= day < b[1]:
                b = self._read(day)
                found = self._at.get(view.index)
                if found is not None:
                    return found
            found = self._test(view, b)
        return found

    def night(self) -> tuple[Tail[EventView], tuple[ParameterUse, ...]]:
        """Collector-side contacts of the night actions inside quiet hours (all events,
        in time order), with the uses of the quiet-hours bounds on their days."""
        runs = self._night
        if runs is None:
            runs = self._night = _Runs()
            self._night_own = True
        group = self._events.night
        if runs.n < group.n:
            if not self._night_own:
                runs = self._night = runs.grown()
                self._night_own = True
            at = self.at
            runs.add((v, t[3], t[4], t[0]) for v in group.items[runs.n : group.n] for t in (at(v),))
        return runs.views, runs.unique_uses()

    def window(self, view: EventView, days: int) -> Counted:
        """The night contacts (of :meth:`night`) that happened in the ``days`` before
        ``view``, and ``view`` itself."""
        views = self.night()[0]
        timeline = self._timeline
        if timeline is None or timeline.size != views.n:
            timeline = self._timeline = Timeline(views) if timeline is None else timeline.extended(views)
        return timeline.up_to(view, days)


class _NightContacts:
    """The case's calls and messages (to anyone) inside quiet hours, with the uses of
    the quiet hours on their days (:class:`_Runs`); a session's events extend it."""

    __slots__ = ("runs", "tail")

    def __init__(self, ctx: CaseContext) -> None:
        self.runs = _Runs()
        self.tail: EventView | None = None
        self._add(ctx)

    def _add(self, ctx: CaseContext) -> None:
        quiet: _Quiet = ctx.once("cn.quiet", _Quiet)
        runs = self.runs
        contacts = case_events(ctx).contacts
        at = quiet.at
        runs.add((v, t[3], t[4], t[0]) for v in contacts.items[runs.n : contacts.n] for t in (at(v),))
        if contacts:
            self.tail = contacts[-1]

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _NightContacts | None:
        contacts = case_events(ctx).contacts
        n = self.runs.n
        if n and (contacts.n < n or contacts.items[n - 1] is not self.tail):
            return None  # an earlier contact was added: worked out afresh
        if contacts.n == n:
            return self  # no contact added: the same value
        grown: _NightContacts = object.__new__(_NightContacts)
        grown.runs = self.runs.grown()
        grown.tail = self.tail
        grown._add(ctx)
        return grown


class _Repeated:
    """For one group of the case's events (``"night"``: the night contacts of
    :class:`_NightContacts`; ``"visits"``) and one threshold: the events at which the
    threshold or more of the group fall in the repeat window ending with them, each with
    its window (also by event index: :meth:`about`), and the uses of the values read (as
    :func:`_repeated` reads them). A session's events, strictly later than those held,
    extend it, sharing what it holds."""

    __slots__ = ("_at", "group", "hits", "runs", "threshold", "timeline")

    def __init__(self, ctx: CaseContext, group: str, threshold: str) -> None:
        self.group, self.threshold = group, threshold
        self.runs = _Runs()
        views = _group(ctx, group)
        self.timeline = Timeline(views)
        self.hits: Tail[tuple[EventView, Counted]] = Tail()
        self._at: Layers[int, Counted] = Layers()
        self._add(ctx, views)

    def about(self, index: int) -> Counted | None:
        """The window of the hit about event ``index``, if there is one."""
        return self._at.get(index)

    def _add(self, ctx: CaseContext, views: Sequence[EventView]) -> None:
        p, timeline, threshold_param = params(ctx), self.timeline, self.threshold
        tested = []
        hits = []
        for v in views[self.runs.n :]:
            days, days_use = p.get(REPEAT_WINDOW, v.day)
            counted = timeline.ending_at(v.event.at, as_int(REPEAT_WINDOW, days))
            threshold, threshold_use = p.get(threshold_param, v.day)
            tested.append((v, days_use, threshold_use, False))
            if counted.count >= as_int(threshold_param, threshold):
                hits.append((v, counted))
                self._at[v.index] = counted
        self.runs.add(tested)
        if hits:
            self.hits = self.hits.grown(hits)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _Repeated | None:
        views = _group(ctx, self.group)
        n = self.runs.n
        held = self.timeline.size
        items = views.items
        if views.n < n or held != n or (n and items[n - 1] is not self.timeline.last):
            return None
        if views.n == n:
            return self  # none of the group added: the same value
        if n and items[n].ts <= items[n - 1].ts:
            return None  # one at the instant of the last: its window grows too
        grown: _Repeated = object.__new__(_Repeated)
        grown.group, grown.threshold = self.group, self.threshold
        grown.runs = self.runs.grown()
        grown.timeline = self.timeline.extended(views)
        grown.hits = self.hits
        grown._at = self._at.grown()
        grown._add(ctx, views)
        return grown


def _group(ctx: CaseContext, group: str) -> Tail[EventView]:
    if group == "night":
        return ctx.once("cn.night_contacts", _NightContacts).runs.views
    return case_events(ctx).visits


def _repeated_in(ctx: CaseContext, group: str, threshold: str) -> _Repeated:
    """The case's :class:`_Repeated` for ``group`` and ``threshold``."""
    return ctx.once(f"cn.repeated.{group}.{threshold}", lambda c: _Repeated(c, group, threshold))


def _inside(ctx: CaseContext, views: Sequence[EventView]) -> Sequence[EventView]:
    """``views`` (of the whole case) that lie in the period of the view ``ctx``."""
    if ctx.events is ctx.all_events or not views:
        return views
    inside = {v.index for v in ctx.events}
    return [v for v in views if v.index in inside]


#: A window over the limit: the contacts counted in it, the limit and its length in days.
_Window = tuple[Sequence[EventView], int, int]
_Windows = tuple[list[_Window], tuple[ParameterUse, ...]]


def _windows(p: Params, contacts: Sequence[EventView]) -> _Windows:
    uses: list[ParameterUse] = []
    buckets: dict[tuple[int, int], list[EventView]] = {}
    span: Span | None = None
    days = 1
    for v in contacts:
        day = v.day
        if span is None or not span[0] <= day < span[1]:
            span = p.span(FREQUENCY_WINDOW, day)
            days = as_int(FREQUENCY_WINDOW, span[2])
            uses.append(span[3])
        key = (days, day.toordinal() // days)
        found = buckets.get(key)
        if found is None:
            buckets[key] = [v]
        else:
            found.append(v)
    windows: list[_Window] = []
    span = None
    limit = 0
    # in the order of each window's first contact: the contacts come in time order, so
    # that is the order the windows were made in
    for (days, _), views in buckets.items():
        day = views[0].day
        if span is None or not span[0] <= day < span[1]:
            span = p.span(FREQUENCY_LIMIT, day)
            limit = as_int(FREQUENCY_LIMIT, span[2])
            uses.append(span[3])
        if len(views) > limit:
            windows.append((views, limit, days))
    return windows, unique(uses)


class _CaseWindows:
    """:func:`_windows` of all the case's calls and messages to the borrower, kept so
    that a session's events, later in time than those held, extend it: each added
    contact goes into the last window or opens a new one, reading the values as
    :func:`_windows` reads them in its two passes. The windows are a
    :class:`~loanoverdue.pack.Layers` map over those of the value extended (each
    window's contacts a :class:`~loanoverdue.pack.Tail`), and those over the limit are
    also kept by the event at which they pass it (:meth:`about`)."""

    __slots__ = ("_at", "_broken", "_buckets", "_closed", "_last", "_limit", "_luses", "_n", "_result", "_span", "_wuses")

    def __init__(self, ctx: CaseContext) -> None:
        self._n = 0
        #: key -> (views, limit) of each window; the last may still grow.
        self._buckets: Layers[tuple[int, int], tuple[Tail[EventView], int]] = Layers()
        self._last: tuple[int, int] | None = None
        #: The keys of the windows over the limit before the last one, in order.
        self._closed: Tail[tuple[int, int]] = Tail()
        #: The key of each window over the limit, by the index of the first event over it.
        self._at: Layers[int, tuple[int, int]] = Layers()
        self._span: Span | None = None  # the window length's span last read
        self._limit: Span | None = None  # the limit's span last read
        self._wuses: list[ParameterUse] = []
        self._luses: list[ParameterUse] = []
        self._result: _Windows | None = None
        #: Whether a window came back after another (the length changed, then back):
        #: then worked out by _windows, and never extended.
        self._broken = False
        self._add(ctx, borrower_contacts(ctx))
        if self._broken:
            self._result = _windows(params(ctx), borrower_contacts(ctx))

    @property
    def result(self) -> _Windows:
        """The windows over the limit, in order, and the uses of the values read."""
        found = self._result
        if found is None:
            windows: list[_Window] = []
            for key in self._closed:
                views, limit = self._bucket(key)
                windows.append((views, limit, key[0]))
            if self._last is not None:
                views, limit = self._bucket(self._last)
                if len(views) > limit:
                    windows.append((views, limit, self._last[0]))
            found = self._result = (windows, self.uses())
        return found

    def uses(self) -> tuple[ParameterUse, ...]:
        return unique([*self._wuses, *self._luses])

    def about(self, index: int) -> _Window | None:
        """The window over the limit whose first event over it is event ``index``."""
        if self._broken:
            for window in self.result[0]:
                if window[0][window[1]].index == index:
                    return window
            return None
        key = self._at.get(index)
        if key is None:
            return None
        views, limit = self._bucket(key)
        return views, limit, key[0]

    def _bucket(self, key: tuple[int, int]) -> tuple[Tail[EventView], int]:
        found = self._buckets.get(key)
        assert found is not None
        return found

    def _add(self, ctx: CaseContext, contacts: Sequence[EventView]) -> None:
        p = params(ctx)
        buckets, at = self._buckets, self._at
        #: the contacts added to each window, put into it at the end
        new: dict[tuple[int, int], list[EventView]] = {}
        closed = []
        held = 0  # how many the last window holds (with those added)
        limit = 0  # and its limit
        last = self._last
        if last is not None:
            views, limit = self._bucket(last)
            held = len(views)
        for v in contacts:
            day = v.day
            span = self._span
            if span is None or not span[0] <= day < span[1]:
                span = self._span = p.span(FREQUENCY_WINDOW, day)
                self._wuses.append(span[3])
            days = as_int(FREQUENCY_WINDOW, span[2])
            key = (days, day.toordinal() // days)
            if key != last:
                if key in new or buckets.get(key) is not None:
                    self._broken = True
                    return
                if last is not None and held > limit:  # the last window is complete
                    closed.append(last)
                limit_span = self._limit
                if limit_span is None or not limit_span[0] <= day < limit_span[1]:
                    limit_span = self._limit = p.span(FREQUENCY_LIMIT, day)
                    self._luses.append(limit_span[3])
                limit = as_int(FREQUENCY_LIMIT, limit_span[2])
                buckets[key] = (Tail(), limit)
                new[key] = []
                held = 0
                last = self._last = key
            added = new.get(key)
            if added is None:
                added = new[key] = []
            added.append(v)
            held += 1
            if held == limit + 1:  # the first contact over the limit
                at[v.index] = key
        for key, more in new.items():
            bucket = self._bucket(key)
            buckets[key] = (bucket[0].grown(more), bucket[1])
        if closed:
            self._closed = self._closed.grown(closed)
        self._n += len(contacts)
        self._result = None

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _CaseWindows | None:
        contacts = borrower_contacts(ctx)
        n = self._n
        if contacts.n < n or (n and contacts.items[n - 1] is not self._last_view()):
            return None  # an earlier contact was added: worked out afresh
        if self._broken:
            return None
        if contacts.n == n:
            return self
        grown: _CaseWindows = object.__new__(_CaseWindows)
        grown._n = n
        grown._buckets = self._buckets.grown()
        grown._at = self._at.grown()
        grown._last = self._last
        grown._closed = self._closed
        grown._span, grown._limit = self._span, self._limit
        grown._wuses, grown._luses = list(self._wuses), list(self._luses)
        grown._result = None
        grown._broken = False
        grown._add(ctx, contacts.items[n : contacts.n])
        return None if grown._broken else grown

    def _last_view(self) -> EventView | None:
        if self._last is None:
            return None
        return self._bucket(self._last)[0].last


def _frequency_windows(ctx: CaseContext) -> _Windows:
    """Windows of ``cn.contact.frequency_window_days`` local days with more contacts
    than ``cn.contact.frequency_limit_per_day`` among the view's calls and messages to
    the borrower: [(events counted, limit, days)], and the parameter uses read. Worked
    out once for each set of contacts (rule periods that hold the same contacts share
    it); for the whole case, one that a session's events extend."""
    every = borrower_contacts(ctx)
    contacts = _inside(ctx, every)
    if contacts is every:
        return ctx.once("cn.frequency_windows.case", _CaseWindows).result
    memo: dict[object, _Windows] = ctx.once("cn.frequency_windows", lambda c: {})
    key: object = tuple(v.index for v in contacts)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _windows(params(ctx), contacts)
    return found


def _window_params(counted: Counted) -> dict[str, object]:
    assert counted.first is not None and counted.last is not None
    return {"count": counted.count, "start": counted.first.local, "end": counted.last.local}


def _window_hit(views: Sequence[EventView], limit: int, days: int) -> Hit:
    counted = counted_of(views)
    return Hit(
        Verdict.VIOLATION,
        _window_params(counted) | {"limit": limit, "days": days},
        event=views[limit].index,
        related=counted.related,
        related_count=counted.count,
    )


def _repeated(
    p: Params, views: Sequence[EventView], threshold_param: str, uses: list[ParameterUse]
) -> Iterator[tuple[EventView, Counted]]:
    """Each view at which ``threshold_param`` or more of ``views`` fall in the repeat
    window ending with it (the values read are added to ``uses``, each run of one value
    once)."""
    timeline = Timeline(views)
    last: tuple[ParameterUse, ParameterUse] | None = None
    for v in views:
        days, days_use = p.get(REPEAT_WINDOW, v.day)
        counted = timeline.ending_at(v.event.at, as_int(REPEAT_WINDOW, days))
        threshold, threshold_use = p.get(threshold_param, v.day)
        if last is None or days_use is not last[0] or threshold_use is not last[1]:
            last = (days_use, threshold_use)
            uses += last
        if counted.count >= as_int(threshold_param, threshold):
            yield v, counted


def _add_repeated(
    hits: list[Hit], seen: set[int], focus: int | None, found: Iterable[tuple[EventView, Counted]]
) -> None:
    """Add a violation to ``hits`` for each event of ``found`` (an event and the contacts
    counted up to it) not ``seen`` yet, only about ``focus`` when one is set."""
    for v, counted in found:
        if v.index in seen:
            continue
        seen.add(v.index)
        if focus is not None and v.index != focus:
            continue
        hits.append(_repeat_hit(v.index, counted))


def _repeat_hit(index: int, counted: Counted) -> Hit:
    """The violation about event ``index``, which fills a repeat window (``counted``)."""
    return Hit(
        Verdict.VIOLATION,
        _window_params(counted),
        event=index,
        related=counted.related,
        related_count=counted.count,
    )


def _harassment_about(ctx: CaseContext, focus: int, night_param: str, visits: bool) -> Hit | None:
    """The hit of :func:`_harassment` (of the whole case) about event ``focus`` alone:
    of its window over the frequency limit (a call or message to the borrower), else of
    its repeat window of night contacts (a call or message) or, with ``visits``, of
    visits; each looked up in the one group of the case the event can belong to."""
    event = ctx.all_events[focus].event
    if event.actor is Actor.COURT or event.by_borrower:
        return None  # in no group (see CaseEvents)
    action = event.action
    if action in _CONTACTS:
        if event.target is Target.BORROWER:
            case_windows: _CaseWindows = ctx.once("cn.frequency_windows.case", _CaseWindows)
            window = case_windows.about(focus)
            if window is not None:
                return _window_hit(*window)
        counted = _repeated_in(ctx, "night", night_param).about(focus)
    elif visits and action in _VISITS:
        counted = _repeated_in(ctx, "visits", REPEATED).about(focus)
    else:
        return None
    return None if counted is None else _repeat_hit(focus, counted)


def _harassment(ctx: CaseContext, night_param: str, visits: bool = False) -> list[Hit]:
    """Contact that disturbs normal life: windows over the frequency limit, repeated
    night contact (``night_param`` contacts in the repeat window) and, with ``visits``,
    repeated visits (pestering, following). One hit per event."""
    if not ctx.events:  # no event in the rule's period
        return []
    focus = ctx.focus  # a hit about another event would be dropped: not built
    if ctx.events is ctx.all_events:  # the whole case: from facts a session extends
        # the hit about one event alone: looked up in the one group that can hold it
        hit = None if focus is None else _harassment_about(ctx, focus, night_param, visits)
        if focus is not None and hit is None:
            return []
        case_windows: _CaseWindows = ctx.once("cn.frequency_windows.case", _CaseWindows)
        night_runs = ctx.once("cn.night_contacts", _NightContacts).runs
        groups = [_repeated_in(ctx, "night", night_param)]
        if visits:
            groups.append(_repeated_in(ctx, "visits", REPEATED))
        if hit is not None:  # it rests on every value the three read
            ctx.rest_on([*case_windows.uses(), *night_runs.uses, *(u for rep in groups for u in rep.runs.uses)])
            return [hit]
        windows, window_uses = case_windows.result
        hits = [_window_hit(views, limit, days) for views, limit, days in windows]
        seen = {views[limit].index for views, limit, _ in windows}
        uses = [*window_uses, *night_runs.uses]
        for rep in groups:
            uses += rep.runs.uses
            _add_repeated(hits, seen, None, rep.hits)
        if hits:
            ctx.rest_on(uses)
        return hits
    windows, window_uses = _frequency_windows(ctx)
    hits = [
        _window_hit(views, limit, days)
        for views, limit, days in windows
        if focus is None or views[limit].index == focus
    ]
    seen = {views[limit].index for views, limit, _ in windows}
    uses = list(window_uses)
    quiet = ctx.once("cn.quiet", _Quiet)
    night = []
    events = case_events(ctx)
    last: tuple[ParameterUse, ParameterUse] | None = None
    for v in _inside(ctx, events.contacts):
        inside, _, _, start_use, end_use = quiet.at(v)
        if last is None or start_use is not last[0] or end_use is not last[1]:
            last = (start_use, end_use)
            uses += last
        if inside:
            night.append(v)
    sources: list[tuple[Sequence[EventView], str]] = [(night, night_param)]
    if visits:
        sources.append((_inside(ctx, events.visits), REPEATED))
    p = params(ctx)
    for views, threshold in sources:
        _add_repeated(hits, seen, focus, _repeated(p, views, threshold, uses))
    if hits:
        ctx.rest_on(uses)
    return hits


def _conduct_timeline(ctx: CaseContext, conduct: frozenset[Conduct]) -> Timeline:
    """The collector-side events with ``conduct``, of the whole case (once per case and
    set of conduct)."""
    memo: dict[frozenset[Conduct], Timeline] = ctx.once("cn.conduct_timelines", lambda c: {})
    found = memo.get(conduct)
    if found is None:
        found = memo[conduct] = Timeline(
            [v for v in with_conduct(ctx) if not v.event.conduct.isdisjoint(conduct)]
        )
    return found


def _conduct_count(
    ctx: EventContext, conduct: frozenset[Conduct], *, without_current: bool = False
) -> Counted:
    """Collector-side events with ``conduct`` in the repeat window up to this event."""
    days = param_int(ctx.ctx, REPEAT_WINDOW, ctx.view.day)
    return _conduct_timeline(ctx.ctx, conduct).up_to(ctx.view, days, without_current=without_current)


def _contacts_per_window(ctx: CaseContext, days: int) -> dict[int, int]:
    """Calls and messages to the borrower by the lender's side, counted per window of
    ``days`` local days (once per case and length of window)."""
    memo: dict[int, dict[int, int]] = ctx.once("cn.contacts_per_window", lambda c: {})
    found = memo.get(days)
    if found is None:
        found = memo[days] = {}
        for v in borrower_contacts(ctx):
            bucket = v.day.toordinal() // days
            found[bucket] = found.get(bucket, 0) + 1
    return found


def _in_breaching_window(ctx: EventContext) -> bool:
    """Whether this event is a contact in a window over the frequency limit."""
    event = ctx.event
    if event.action not in _CONTACTS or event.target is not Target.BORROWER or event.by_borrower:
        return False
    c, day = ctx.ctx, ctx.view.day
    days = param_int(c, FREQUENCY_WINDOW, day)
    same = _contacts_per_window(c, days).get(day.toordinal() // days, 0)
    return same > param_int(c, FREQUENCY_LIMIT, day)


def _third_party_regulatory(ctx: EventContext, conditional: bool = True) -> Hit | None:
    """A regulator's ban on collecting from third parties unrelated to the debt (for an
    event to a third party by the collector's side: the rules' filters)."""
    event = ctx.event
    target = event.target
    if event.purpose is Purpose.PAYMENT_DEMAND or target is Target.PUBLIC or not event.conduct.isdisjoint(_TELLS):
        return _TARGET_HITS[Verdict.VIOLATION, target]
    return _TARGET_HITS[Verdict.CONDITIONAL, target] if conditional else None


# =======================================================================================
# Contact at night and contact frequency
# =======================================================================================


class _UnconsentedNight:
    """The night contacts of :meth:`_Quiet.night` but those the borrower consented to
    (:func:`~loanoverdue_cn.consent.consent_covering`), in a :class:`Timeline`: the contacts
    that count towards repeated night contact under art. 1033(1). Only for cases with
    such a consent."""

    __slots__ = ("timeline",)

    def __init__(self, ctx: CaseContext) -> None:
        borrower = ctx.case.borrower
        views = ctx.once("cn.quiet", _Quiet).night()[0]
        self.timeline = Timeline([v for v in views if consent_covering(borrower, v) is None])

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> None:
        """Worked out afresh for each state of a session (a case with consents only)."""
        return None


@check("cn.contact.quiet_hours")
def quiet_hours(ctx: EventContext) -> Hit | None:
    if ctx.event.by_borrower:
        return None
    c, view = ctx.ctx, ctx.view
    quiet: _Quiet = c.once("cn.quiet", _Quiet)
    inside, start, end, start_use, end_use = quiet.at(view)
    if not inside:
        return None
    borrower = c.case.borrower
    consents = borrower.consents_to_times
    if consents:
        consent = consent_covering(borrower, view)
        if consent is not None:  # the right-holder's express consent (art. 1033)
            c.rest_on((start_use, end_use))
            return Hit(
                Verdict.PERMITTED,
                {"local_time": ctx.local.time(), "start": start, "end": end, "since": consent.since},
                message="consent",
            )
    p = params(c)
    days, days_use = p.get(REPEAT_WINDOW, view.day)
    days = as_int(REPEAT_WINDOW, days)
    _, night_uses = quiet.night()
    if consents:  # contacts the borrower consented to intrude on no one: not counted
        counted = c.once("cn.quiet.unconsented", _UnconsentedNight).timeline.up_to(view, days)
    else:
        counted = quiet.window(view, days)
    repeat, repeat_use = p.get(QUIET_REPEAT, view.day)
    c.rest_on((start_use, end_use, days_use, *night_uses, repeat_use))
    if counted.count >= as_int(QUIET_REPEAT, repeat):
        return Hit(
            Verdict.VIOLATION,
            {"count": counted.count, "start": start, "end": end, "days": days},
            related=counted.related,
            related_count=counted.count,
        )
    return Hit(Verdict.CONDITIONAL, {"local_time": ctx.local.time(), "start": start, "end": end})


@check("cn.contact.frequency.psapl_2012")
def frequency_psapl_2012(ctx: CaseContext) -> list[Hit]:
    return _harassment(ctx, REPEATED)


@check("cn.contact.frequency.psapl_2025")
def frequency_psapl_2025(ctx: CaseContext) -> list[Hit]:
    return _harassment(ctx, REPEATED, visits=True)


CF_MEASURES = "cn.consumer_finance_measures_2024"


def _cf_art_56(ctx: CaseContext) -> tuple[Citation, ...]:
    """Art. 56 alone: the finding is about the company's own collection."""
    return cites(ctx, CF_MEASURES, "56")


def _by_agency(ctx: CaseContext, hit: Hit) -> Hit:
    """``hit`` of a consumer-finance rule, with art. 57 (the company answers for the
    agencies it hires) where the events it rests on are all by a collection agency, and
    with art. 56 alone otherwise."""
    events = ctx.all_events
    indexes = hit.related or ((hit.event,) if hit.event is not None else ())
    if indexes and all(events[i].event.actor is Actor.COLLECTION_AGENCY for i in indexes):
        return attrs.evolve(hit, message=f"{hit.message_key}_agency")
    return attrs.evolve(hit, citations=_cf_art_56(ctx))


@check("cn.contact.frequency.consumer_finance", applies=_consumer_finance, keeps=_CASE_ONLY)
def frequency_consumer_finance(ctx: CaseContext) -> list[Hit]:
    return [_by_agency(ctx, hit) for hit in _harassment(ctx, QUIET_REPEAT)]


@check("cn.contact.frequency.bank_consumer_protection", applies=_bank, keeps=_CASE_ONLY)
def frequency_bank(ctx: CaseContext) -> list[Hit]:
    return _harassment(ctx, QUIET_REPEAT)


# =======================================================================================
# Third parties
# =======================================================================================


@check("cn.third_party.disclosure.civil")
def disclosure_civil(ctx: EventContext) -> Hit | None:
    event = ctx.event
    target = event.target
    third = target in THIRD_PARTIES  # else the borrower (the rule's targets)
    if target is Target.PUBLIC or not event.conduct.isdisjoint(_TELLS):
        return _TARGET_HITS[Verdict.VIOLATION, target if third else None]
    return _TARGET_HITS[Verdict.CONDITIONAL, target] if third else None


@check("cn.third_party.disclosure.pipl")
def disclosure_pipl(ctx: EventContext) -> Hit | None:
    event = ctx.event
    target = event.target
    third = target in THIRD_PARTIES  # else the borrower (the rule's targets)
    if target is Target.PUBLIC or not event.conduct.isdisjoint(_TELLS):
        return _TARGET_HITS[Verdict.VIOLATION, target if third else None]
    if target is Target.CONTACT:
        if event.purpose is Purpose.PAYMENT_DEMAND:
            return _TARGET_HITS[Verdict.VIOLATION, target]
        return _TARGET_HITS[Verdict.CONDITIONAL, target]
    return None


@check("cn.third_party.card_measures", applies=_bank_card, keeps=_CASE_ONLY)
def third_party_card(ctx: EventContext) -> Hit | None:
    return _third_party_regulatory(ctx)


@check("cn.third_party.consumer_finance", applies=_consumer_finance, keeps=_CASE_ONLY)
def third_party_consumer_finance(ctx: EventContext) -> Hit | None:
    hit = _third_party_regulatory(ctx)
    if hit is None:
        return None
    if ctx.event.actor is Actor.COLLECTION_AGENCY:
        return attrs.evolve(hit, message=f"{hit.message_key}_agency")
    return attrs.evolve(hit, citations=_cf_art_56(ctx.ctx))


# =======================================================================================
# Threats and insults
# =======================================================================================


@check("cn.threat.psapl_2012")
def threat_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    # a threat to personal safety (art. 42(1)); where the case says what was threatened,
    # only a threat of violence is one (announcing a lawsuit or a credit report is not)
    if Conduct.THREAT in event.conduct and (not event.threatened or Threatened.VIOLENCE in event.threatened):
        return _VIOLATION
    counted = _conduct_count(ctx, INTIMIDATING)
    if counted.count >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(Verdict.VIOLATION, related=counted.related, related_count=counted.count)
    return None


@check("cn.threat.psapl_2025")
def threat_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    counted = _conduct_count(ctx, INTIMIDATING)
    if counted.count >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(
            Verdict.VIOLATION,
            _window_params(counted),
            message="repeated",
            related=counted.related,
            related_count=counted.count,
        )
    # one threat to personal safety is art. 50(1)(1) on its own; where the case says what
    # was threatened, only a threat of violence is one (as art. 42(1) of the 2012 text)
    if Conduct.THREAT in event.conduct and (not event.threatened or Threatened.VIOLENCE in event.threatened):
        return _VIOLATION
    return None


@check("cn.insult.psapl_2012")
def insult_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    public = _insult_in_public(event)
    counted = _conduct_count(ctx, ABUSIVE)
    if public or counted.count >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        others = _conduct_count(ctx, ABUSIVE, without_current=True)
        return Hit(Verdict.VIOLATION, related=others.related, related_count=others.count)
    return _INFO


def _insult_in_public(event: CollectionEvent) -> bool:
    """An insult made before others: in a public place, to a third party (a group chat,
    the borrower's contacts) or with public shaming."""
    return event.place is Place.PUBLIC or event.target in THIRD_PARTIES or Conduct.PUBLIC_SHAMING in event.conduct


@check("cn.insult.psapl_2025")
def insult_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    counted = _conduct_count(ctx, ABUSIVE)
    if counted.count >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(
            Verdict.VIOLATION, _window_params(counted), related=counted.related, related_count=counted.count
        )
    return _PUBLIC_INSULT if _insult_in_public(event) else _INFO


# =======================================================================================
# Improper collection means under financial regulation
# =======================================================================================


@check("cn.improper_means.card_measures", applies=_bank_card, keeps=_CASE_ONLY)
def improper_card(ctx: EventContext) -> Hit | None:
    return _VIOLATION


@check("cn.improper_means.consumer_finance", applies=_consumer_finance, keeps=_CASE_ONLY)
def improper_consumer_finance(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is Actor.COLLECTION_AGENCY:
        return _VIOLATION_AGENCY
    return _case_hit(ctx.ctx, ("cf_56",), lambda: Hit(Verdict.VIOLATION, citations=_cf_art_56(ctx.ctx)))


# =======================================================================================
# The civil layer before the Civil Code (to 2020-12-31) and reputation
# =======================================================================================


@check("cn.privacy.tort_2010")
@check("cn.privacy.tort_2017")
def privacy_tort(ctx: EventContext) -> Hit | None:
    """The debt revealed to others, under the Tort Liability Law (and from 2017-10-01 the
    General Provisions of the Civil Law): the violations of cn.third_party.disclosure.civil."""
    event = ctx.event
    if tells_others(event):
        target = event.target  # a third party, else the borrower (the rules' targets)
        return _TARGET_HITS[Verdict.VIOLATION, target if target in THIRD_PARTIES else None]
    return None


# =======================================================================================
# Impersonation, fake legal documents and false legal claims
# =======================================================================================

_COURT_STEPS = frozenset({Action.COURT_SERVICE, Action.JUDGMENT, Action.ENFORCEMENT})
_COURT_STEP_ACTIONS = tuple(sorted(_COURT_STEPS))


def _impersonation_possible(ctx: CaseContext) -> bool:
    """Some event of the case records impersonation or a false legal claim (whoever the
    actor), or is a court step taken by someone other than a court."""
    return _any_event(ctx, "cn.impersonation_possible", _fake_or_false_step)


def _fake_or_false_step(event: CollectionEvent) -> bool:
    """The event records impersonation or a false legal claim, or is a court step by
    someone other than a court."""
    if event.action in _COURT_STEPS and event.actor is not Actor.COURT:
        return True
    return not event.conduct.isdisjoint(_FAKE)


#: action -> the hit saying a court step by someone else is not one.
_FAKE_STEP_HITS = {a: Hit(Verdict.INFO, {"action": a}, message="info_fake_step") for a in _COURT_STEPS}


def _impersonation_grows(ctx: CaseContext, view: EventView) -> bool:
    """:func:`_impersonation_possible` of a case where it is false, with ``view``
    added: whether that event is such a step (see ``grows`` of ``checks_registry``)."""
    return _fake_or_false_step(view.event)


@check(
    "cn.impersonation.court_service",
    applies=_impersonation_possible,
    keeps=_STAYS_TRUE,
    grows=_impersonation_grows,
)
def impersonation(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.action in _COURT_STEPS and event.actor is not Actor.COURT:
        return _FAKE_STEP_HITS[event.action]
    if not event.conduct.isdisjoint(_FAKE):
        return _INFO
    return None


def _threshold_id(ctx: EventContext) -> str:
    """The malicious-overdraft threshold of the credit-card interpretation's text in
    force on the event's day: the amended text from 2018-12-01, else the 2009 text (the
    rules that call this start with it)."""
    if in_force(ctx.ctx, "cn.credit_card_crime_interpretation", ctx.view.day):
        return "cn.criminal.card_overdraft_threshold"
    return "cn.criminal.card_overdraft_threshold_2009"


def _false_claim(ctx: EventContext) -> Verdict:
    """For an event with a false legal claim (the rules' conduct): CONDITIONAL when
    criminal liability for malicious overdraft is possible (a bank's card debt with
    unpaid principal at the threshold), INFO when the claim is simply wrong."""
    threshold = ctx.ctx.param(_threshold_id(ctx), ctx.view.day)
    loan = ctx.case.loan
    if bank_card_debt(loan) and unpaid_principal(loan) >= threshold:
        return Verdict.CONDITIONAL
    return Verdict.INFO


def _false_claim_hit(ctx: EventContext, verdict: Verdict) -> Hit:
    c = ctx.ctx
    threshold = c.param(_threshold_id(ctx), ctx.view.day)
    return _case_hit(
        c, ("false_legal_claim", verdict, str(threshold)), lambda: Hit(verdict, {"cap": amount(threshold)})
    )


@check("cn.false_legal_claim.criminal")
@check("cn.false_legal_claim.criminal_2009")
def false_legal_claim(ctx: EventContext) -> Hit | None:
    # only the possibility of the crime: never an info finding with weight criminal
    verdict = _false_claim(ctx)
    return _false_claim_hit(ctx, verdict) if verdict is Verdict.CONDITIONAL else None


@check("cn.false_legal_claim.no_crime")
@check("cn.false_legal_claim.no_crime_2009")
def false_legal_claim_no_crime(ctx: EventContext) -> Hit | None:
    verdict = _false_claim(ctx)
    return _false_claim_hit(ctx, verdict) if verdict is Verdict.INFO else None


# =======================================================================================
# "Soft violence" (2019 opinion) and picking quarrels (Criminal Law art. 293)
# =======================================================================================

SOFT_TIMES = "cn.criminal.soft_violence_times"
SOFT_YEARS = "cn.criminal.soft_violence_window_years"


def is_soft_violence(event: CollectionEvent) -> bool:
    """A means the 2019 opinion lists, as far as the vocabulary records it: threats,
    humiliating messages, public shaming, or private details told to others."""
    conduct = event.conduct
    if conduct.isdisjoint(SOFT_VIOLENCE):
        return False
    if Conduct.DISCLOSURE in conduct and conduct.isdisjoint(SOFT_VIOLENCE - {Conduct.DISCLOSURE}):
        return event.target in THIRD_PARTIES  # exposing private matters to others
    return True


class _SoftActs:
    """The collector-side soft-violence events of the case that happened, in time order,
    with their local days and moments for counting windows by bisection."""

    __slots__ = ("days", "moments", "views")

    def __init__(self, ctx: CaseContext) -> None:
        self.views = [v for v in with_conduct(ctx) if not v.event.proposed and is_soft_violence(v.event)]
        self.days = [v.day for v in self.views]
        self.moments = [v.event.at for v in self.views]

    def within(self, view: EventView, years: int) -> list[EventView]:
        """Those in the ``years`` before ``view`` by local date, up to its moment, and
        ``view`` itself (it may be a proposal)."""
        low = bisect_right(self.days, add_years(view.day, -years))
        high = bisect_right(self.moments, view.event.at)
        found = self.views[low:high]
        if view.event.proposed:
            found = [*found, view]
        return found


@check("cn.soft_violence.criminal")
def soft_violence(ctx: EventContext) -> Hit | None:
    if not is_soft_violence(ctx.event):
        return None
    c, day = ctx.ctx, ctx.view.day
    years = param_int(c, SOFT_YEARS, day)
    times = param_int(c, SOFT_TIMES, day)
    acts: _SoftActs = c.once("cn.soft_violence", _SoftActs)
    counted = counted_of(acts.within(ctx.view, years))
    if counted.count >= times:
        return Hit(
            Verdict.CONDITIONAL,
            _window_params(counted),
            message="repeated",
            related=counted.related,
            related_count=counted.count,
        )
    return _CONDITIONAL


# =======================================================================================
# Illegal debts: usurious interest
# =======================================================================================


def _loan_illegal(ctx: CaseContext) -> bool | None:
    """Whether the loan's debt is illegal (True), lawful (False) or unclear (None), for
    Criminal Law art. 293-1, leaving aside a demand flagged as illegal."""
    loan = ctx.case.loan
    kind = loan.lender.kind
    if kind in LICENSED:
        return False
    if kind in UNDETERMINED or loan.contract_date is None or loan.annual_rate is None:
        return None
    cap, uses = case_cap(ctx)
    ctx.rest_on(uses)
    if cap.cap is None:
        return None
    if loan.contract_date < LPR_RULE_FROM:
        # interest to 2020-08-19 follows the 2015 line, later interest the current
        # standard: above the lower of the two, whether the debt is illegal is unclear
        current, _ = ctx.once("cn.current_standard", _current_standard)
        lower = cap.cap if current is None else min(cap.cap, current)
        return None if loan.annual_rate > lower else False
    return loan.annual_rate > cap.cap


def _current_standard(ctx: CaseContext) -> tuple[Decimal | None, date | None]:
    """For a contract made before 2020-08-20: the line for its interest from 2020-08-20,
    and the day whose one-year LPR that line is a multiple of. SPC private-lending
    provisions art. 31 applies the provisions' rate-protection standard at the time of
    suit; ``(None, None)`` when the first lawsuit came before 2020-08-20 (the former
    interpretation then governs all interest) or no value is known.

    ASSUMPTIONS: with no lawsuit recorded, the assessment date stands for the day of
    suit; the standard is read as the multiple in force on that day times the one-year
    LPR of that day, or of the contract day (when there was an LPR then) where that is
    higher: the reading that claims least. Read once per case (``ctx.once``)."""
    suits = [v.day for v in ctx.all_events if v.event.action is Action.LAWSUIT and not v.event.proposed]
    suit = min(suits) if suits else None
    if suit is not None and suit < LPR_RULE_FROM:
        return None, None
    on = ctx.today if suit is None else suit
    multiple = ctx.param_or("cn.interest.private_lending_cap_multiple", None, on)
    if multiple is None:
        return None, None
    line: Decimal | None = None
    day: date | None = None
    contract = ctx.case.loan.contract_date
    for d in (on, contract):
        if d is None:
            continue
        lpr = ctx.param_or("cn.interest.lpr_1y", None, d)
        if lpr is not None and (line is None or lpr * multiple > line):
            line, day = lpr * multiple, d
    return line, day


def _debt_illegal(ctx: CaseContext) -> tuple[bool | None, tuple[ParameterUse, ...]]:
    return ctx.quietly(_loan_illegal)


def _listed_means(ctx: EventContext) -> bool:
    """Criminal Law art. 293-1 items (1)-(3): force, intrusion or harassment."""
    event = ctx.event
    if not event.conduct.isdisjoint(FORCE_OR_INTRUSION):
        return True
    if _in_breaching_window(ctx):
        return True
    if not event.conduct.isdisjoint(_HARSH):
        counted = _conduct_count(ctx, _HARSH)
        return counted.count >= param_int(ctx.ctx, REPEATED, ctx.view.day)
    return False


def _debt_maybe_illegal(ctx: CaseContext) -> bool:
    """An event carries illegal_debt_demand, or the debt is not known to be lawful:
    decided as the check decides it (a licensed lender's debt is lawful; otherwise the
    derived ``cn.debt_illegal``, which the check would read on its first event)."""
    if _illegal_demand_flagged(ctx):
        return True
    if ctx.case.loan.lender.kind in LICENSED:
        return False
    illegal, _ = ctx.once("cn.debt_illegal", _debt_illegal)
    return illegal is not False


def _flagged_grows(ctx: CaseContext, view: EventView) -> bool:
    """:func:`_debt_maybe_illegal` of a case where it is false (no event flagged, the
    debt lawful: a fact of the loan), with ``view`` added: whether that event is
    flagged."""
    return _demands_illegal_debt(view.event)


@check(
    "cn.illegal_debt.collection.criminal",
    applies=_debt_maybe_illegal,
    keeps=_STAYS_TRUE,
    grows=_flagged_grows,
)
def illegal_debt_collection(ctx: EventContext) -> Hit | None:
    event = ctx.event
    illegal: bool | None = True
    if Conduct.ILLEGAL_DEBT_DEMAND not in event.conduct:
        if ctx.case.loan.lender.kind in LICENSED:  # lawful debt: most loans, decided first
            return None
        c = ctx.ctx
        illegal, uses = c.once("cn.debt_illegal", _debt_illegal)
        if illegal is False:
            return None
        c.rest_on(uses)
    if not _listed_means(ctx):
        return None
    return _VIOLATION if illegal else _CONDITIONAL


def _private_demand_possible(ctx: CaseContext) -> bool:
    """Not a licensed lender, and an event carries illegal_debt_demand or (a private
    lender) the loan's rate is above the protected cap (the derived ``case_cap``), or
    the contract predates 2020-08-20 (the check compares the rate with the current
    standard too)."""
    loan = ctx.case.loan
    kind = loan.lender.kind
    if kind in LICENSED:
        return False
    if _illegal_demand_flagged(ctx):
        return True
    rate = loan.annual_rate
    if kind in UNDETERMINED or rate is None:
        return False
    found = case_cap(ctx)[0]
    if found.regime == "pre_2020":
        return True  # the line for later interest is the check's to read (art. 31)
    return found.cap is not None and rate > found.cap


def _private_demand_grows(ctx: CaseContext, view: EventView) -> bool:
    """:func:`_private_demand_possible` of a case where it is false, with ``view``
    added: not a licensed lender (a fact of the loan), and that event is flagged."""
    return ctx.case.loan.lender.kind not in LICENSED and _demands_illegal_debt(view.event)


@check(
    "cn.illegal_debt.demand",
    applies=_private_demand_possible,
    keeps=_STAYS_TRUE,
    grows=_private_demand_grows,
)
def illegal_debt_demand(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    kind = loan.lender.kind
    if kind in LICENSED:
        return None
    flagged = Conduct.ILLEGAL_DEBT_DEMAND in event.conduct
    if kind in UNDETERMINED:
        return _CONDITIONAL_UNKNOWN if flagged else None
    if flagged:
        return _VIOLATION
    rate = loan.annual_rate
    if rate is None or not is_demand(event):
        return None
    c = ctx.ctx
    found, uses = case_cap(c)
    cap = found.cap
    if cap is None:
        return None
    if found.regime == "pre_2020":
        # interest to 2020-08-19 may follow the 2015 line, later interest follows the
        # current standard (art. 31): a rate above the lower of the two is not all protected
        current, on = c.once("cn.current_standard", _current_standard)
        if rate <= (cap if current is None else min(cap, current)):
            return None
        c.rest_on(uses)
        if current is None:  # sued before 2020-08-20, or no current standard known
            return _case_hit(
                c,
                ("illegal_debt_demand", "pre_2020_former"),
                lambda: Hit(
                    Verdict.CONDITIONAL,
                    {"rate": pct(rate), "cap": pct(cap)},
                    message="conditional_pre_2020_former",
                ),
            )
        return _case_hit(
            c,
            ("illegal_debt_demand", "pre_2020", str(current), on),
            lambda: Hit(
                Verdict.CONDITIONAL,
                {"rate": pct(rate), "cap": pct(cap), "current": pct(current), "on": on},
                message="conditional_pre_2020",
            ),
        )
    if rate > cap:
        c.rest_on(uses)
        return _case_hit(
            c,
            ("illegal_debt_demand",),
            lambda: Hit(Verdict.CONDITIONAL, {"rate": pct(rate), "cap": pct(cap)}),
        )
    return None


def _financial_demand_possible(ctx: CaseContext) -> bool:
    """A licensed lender, and an event carries illegal_debt_demand or the loan's rate is
    above the financial-loan line. The check reads the line on each event's day: the
    case decides only when the value in force today holds on every event's day (then
    the check would have read that one value, the one the derived cap reads)."""
    loan = ctx.case.loan
    if loan.lender.kind not in LICENSED:
        return False
    if _illegal_demand_flagged(ctx):
        return True
    span = ctx.parameter_span(FINANCIAL_CAP)
    if span is None or not day_span(ctx).whole_case(*span):
        return True
    cap = case_cap(ctx)[0].cap  # the line in force today (regime "licensed")
    rate = loan.annual_rate
    return cap is None or (rate is not None and rate > cap)


def _financial_demand_grows(ctx: CaseContext, view: EventView) -> bool:
    """:func:`_financial_demand_possible` of a case where it is false (a licensed
    lender, no event flagged, the line in force today holding on every event's day and
    the rate not above it), with ``view`` added: that event is flagged, or its day lies
    outside the days the line holds (then the check reads the line on each day)."""
    if ctx.case.loan.lender.kind not in LICENSED:
        return False
    if _demands_illegal_debt(view.event):
        return True
    span = ctx.parameter_span(FINANCIAL_CAP)
    return span is None or not span[0] <= view.day < span[1]


@check("cn.illegal_debt.demand.financial", applies=_financial_demand_possible, grows=_financial_demand_grows)
def illegal_debt_demand_financial(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    if loan.lender.kind not in LICENSED:
        return None
    c = ctx.ctx
    cap = c.param(FINANCIAL_CAP, ctx.view.day)
    rate = loan.annual_rate
    flagged = Conduct.ILLEGAL_DEBT_DEMAND in event.conduct
    if rate is not None and rate > cap and (flagged or is_demand(event)):
        return _case_hit(
            c,
            ("financial", Verdict.INFO, str(cap)),
            lambda: Hit(Verdict.INFO, {"rate": pct(rate), "cap": pct(cap)}),
        )
    if flagged:
        return _case_hit(
            c,
            ("financial", Verdict.CONDITIONAL, str(cap)),
            lambda: Hit(Verdict.CONDITIONAL, {"cap": pct(cap)}),
        )
    return None


# =======================================================================================
# Court steps and credit reporting
# =======================================================================================


@check("cn.payment_order.objection")
def payment_order(ctx: EventContext) -> Hit:
    return Hit(Verdict.INFO, {"count": ctx.ctx.param("cn.court.payment_order_objection_days", ctx.view.day)})


@check("cn.judgment.enforcement")
def judgment(ctx: EventContext) -> Hit:
    return Hit(Verdict.INFO, {"count": ctx.ctx.param("cn.court.enforcement_application_years", ctx.view.day)})
