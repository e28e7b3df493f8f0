"""The check functions of the China rules. Everything else about a rule (title, weight,
citations, period, messages, and a note saying exactly when it fires) is in
``data/rules.toml``; the engine runs a check only for events inside the rule's period.

Event checks receive an :class:`~loanoverdue.pack.EventContext`, which the
engine reuses from event to event: nothing here keeps a reference to it. Facts that many
checks share (quiet hours of each event, contacts, counting windows, the interest cap)
are worked out once per case (``ctx.derived``); a check that rests on a parameter value
read that way adds it to its reads (:func:`~loanoverdue_cn.facts.rest_on`), so each
finding lists the values it rests on. The common case -- an event with nothing to
report -- is decided first, from the event's own fields.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, time
from decimal import Decimal

from loanoverdue.pack import (
    Action,
    Actor,
    CaseContext,
    Conduct,
    EventContext,
    EventView,
    Hit,
    LenderKind,
    ParameterUse,
    Place,
    Purpose,
    Target,
    Text,
    Verdict,
    checks_registry,
)
from loanoverdue_cn.facts import (
    ABUSIVE,
    BANKS,
    CONTACT_ACTIONS,
    FORCE_OR_INTRUSION,
    IMPROPER,
    INTIMIDATING,
    LICENSED,
    LPR_RULE_FROM,
    THIRD_PARTIES,
    UNDETERMINED,
    VISIT_MISCONDUCT,
    WORKPLACE_MISCONDUCT,
    Params,
    Span,
    amount,
    as_int,
    as_time,
    at_home,
    bank_card_debt,
    borrower_contacts,
    capture,
    case_cap,
    case_events,
    counted_up_to,
    in_quiet_hours,
    is_demand,
    param_int,
    params,
    pct,
    rest_on,
    unique,
    unpaid_principal,
    window_before,
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

# Vocabulary values the checks test, bound once: reading an enum member from its class
# costs several times a module global, and checks run for every event.
_COURT = Actor.COURT
_LAWSUIT = Action.LAWSUIT
_BORROWER = Target.BORROWER
_CONTACT = Target.CONTACT
_PUBLIC = Target.PUBLIC
_PUBLIC_PLACE = Place.PUBLIC
_PAYMENT_DEMAND = Purpose.PAYMENT_DEMAND
_CONSUMER_FINANCE = LenderKind.CONSUMER_FINANCE
_FALSE_LEGAL_CLAIM = Conduct.FALSE_LEGAL_CLAIM
_ILLEGAL_DEBT_DEMAND = Conduct.ILLEGAL_DEBT_DEMAND
_PHOTOGRAPHED = Conduct.PHOTOGRAPHED
_PUBLIC_SHAMING = Conduct.PUBLIC_SHAMING
_THREAT = Conduct.THREAT
_CONTACTS = frozenset(CONTACT_ACTIONS)
#: Conduct that reveals the debt to others (with target ``public``: see facts.tells_others).
_TELLS = frozenset({Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING})
_HARSH = INTIMIDATING | ABUSIVE
_IMPROPER_BANK = IMPROPER | {Conduct.PUBLIC_SHAMING}
_FAKE = frozenset({Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM})

# Hits without per-case values are values: made once, shared by every finding.
_VIOLATION = Hit(Verdict.VIOLATION)
_CONDITIONAL = Hit(Verdict.CONDITIONAL)
_INFO = Hit(Verdict.INFO)
_CONDITIONAL_UNKNOWN = Hit(Verdict.CONDITIONAL, message="conditional_unknown")
#: (verdict, target) -> the hit naming the target; target None names OTHERS.
_TARGET_HITS: dict[tuple[Verdict, Target | None], Hit] = {
    (verdict, target): Hit(verdict, {"target": OTHERS if target is None else target})
    for verdict in (Verdict.VIOLATION, Verdict.CONDITIONAL)
    for target in (None, *Target)
}


def _case_hit(ctx: CaseContext, key: tuple[object, ...], build: Callable[[], Hit]) -> Hit:
    """A hit that reads the same for every event of the case with ``key`` (its values
    formatted once per case, not per event; decimals in ``key`` as ``str``)."""
    memo: dict[tuple[object, ...], Hit] = ctx.derived("cn.hits", lambda c: {})
    found = memo.get(key)
    if found is None:
        found = memo[key] = build()
    return found


# =======================================================================================
# Preconditions on the case
# =======================================================================================
# A rule's ``applies`` (see loanoverdue.law.Rule.applies) is asked once per case, the
# first time its check would run; it is false only when the check could report nothing
# for any event of the case, so the engine calls the check for none. Each repeats the
# case-level test its check makes (the check keeps its own), from the same derived facts,
# so the parameter values read -- and the trace -- stay the same: a precondition reads
# only what its check would read on its first event, or the derived cap (``case_cap``),
# which the cn.interest calculator reads for every case. tests/test_filters.py proves
# both.


def _consumer_finance(ctx: CaseContext) -> bool:
    """The lender is a consumer-finance company."""
    return ctx.case.loan.lender.kind is _CONSUMER_FINANCE


def _bank(ctx: CaseContext) -> bool:
    """The lender is a bank or a credit-card issuer."""
    return ctx.case.loan.lender.kind in BANKS


def _bank_card(ctx: CaseContext) -> bool:
    """The debt is a bank's card debt."""
    return bank_card_debt(ctx.case.loan)


def _any_flagged(ctx: CaseContext) -> bool:
    return any(_ILLEGAL_DEBT_DEMAND in v.event.conduct for v in with_conduct(ctx))


def _illegal_demand_flagged(ctx: CaseContext) -> bool:
    """Whether a collector-side event of the case carries illegal_debt_demand."""
    return ctx.derived("cn.illegal_demand_flagged", _any_flagged)


# =======================================================================================
# Per-case facts
# =======================================================================================


#: An event's quiet-hours test: inside?, start, end, and the uses of start and end.
_QuietAt = tuple[bool, time, time, ParameterUse, ParameterUse]
#: A group's events inside quiet hours, the uses met, and the last pair of uses met.
_Scan = tuple[list[EventView], list[ParameterUse], tuple[ParameterUse, ParameterUse] | None]
#: The groups of CaseEvents the checks test against quiet hours.
_GROUPS = ("night", "contacts")


class _Quiet:
    """Quiet hours of one case: for each event read so far, whether it fell inside the
    quiet hours in force on its day; and the night contacts of the whole case.

    Read on the day of the first event checked; when those hours hold on every event's
    day, every collector-side night contact is tested at once (the trace is the same as
    reading them event by event), else each event on its own day."""

    __slots__ = ("_at", "_bounds", "_events", "_params", "_scans")

    def __init__(self, ctx: CaseContext) -> None:
        self._params = params(ctx)
        self._events = case_events(ctx)
        self._at: dict[int, _QuietAt] = {}
        #: For each group of CaseEvents scanned ("night", "contacts"): those of its
        #: events inside quiet hours, the uses of the bounds in the order met (a pair
        #: each time the pair changes), and the last pair met.
        self._scans: dict[str, _Scan] = {}
        #: The quiet hours last read and the days they hold: (low, high, start, end, uses).
        self._bounds: tuple[date, date, time, time, ParameterUse, ParameterUse] | None = None

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _Quiet | None:
        """These quiet hours for the case with the ``added`` events (see
        ``CaseContext.derived``): the tests made so far are kept, and the groups
        scanned so far are extended by their new events."""
        events = case_events(ctx)
        old = self._events
        if events.extends is not old:  # sorted afresh: so are the tests
            return None
        if ctx.focus is not None:
            # a question about one event (a session asks many of one history): the old
            # state's groups are scanned there, once, for the questions to come
            for group in _GROUPS:
                self.inside(group)
        grown: _Quiet = object.__new__(_Quiet)
        grown._params = params(ctx)
        grown._events = events
        grown._at = dict(self._at)
        grown._bounds = self._bounds
        grown._scans = {}
        for group, (views, uses, last) in self._scans.items():
            grown._scans[group] = (list(views), list(uses), last)
            new: list[EventView] = getattr(events, group)[len(getattr(old, group)) :]
            grown._scan(group, new)
        return grown

    def _scan(self, group: str, new: Iterable[EventView]) -> _Scan:
        views, uses, last = self._scans.get(group) or ([], [], None)
        at = self.at
        for v in new:
            inside, _, _, start_use, end_use = at(v)
            if last is None or start_use is not last[0] or end_use is not last[1]:
                last = (start_use, end_use)
                uses += last
            if inside:
                views.append(v)
        found = self._scans[group] = (views, uses, last)
        return found

    def inside(self, group: str) -> tuple[list[EventView], list[ParameterUse]]:
        """The events of the group ``group`` of CaseEvents (all of the case's, in time
        order) that fell inside quiet hours, and the uses of the bounds read for the
        group's events, in the order met."""
        found = self._scans.get(group)
        if found is None:
            found = self._scan(group, getattr(self._events, group))
        return found[0], found[1]

    def _read(self, day: date) -> tuple[date, date, time, time, ParameterUse, ParameterUse]:
        s = self._params.span(QUIET_START, day)
        e = self._params.span(QUIET_END, day)
        start, end = as_time(QUIET_START, s[2]), as_time(QUIET_END, e[2])
        b = self._bounds = (max(s[0], e[0]), min(s[1], e[1]), start, end, s[3], e[3])
        if not self._at and self._events.whole_case(b[0], b[1]):
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

    def night(self) -> tuple[list[EventView], tuple[ParameterUse, ...]]:
        """Collector-side contacts of the night actions inside quiet hours (all events,
        in time order), with the uses of the quiet-hours bounds on their days."""
        views, uses = self.inside("night")
        return views, unique(uses)


def _inside(ctx: CaseContext, views: list[EventView]) -> list[EventView]:
    """``views`` (of the whole case) that lie in the period of the view ``ctx``."""
    if ctx.events is ctx.all_events or not views:
        return views
    inside = {v.index for v in ctx.events}
    return [v for v in views if v.index in inside]


_Windows = tuple[list[tuple[list[EventView], int, int]], tuple[ParameterUse, ...]]


class _WindowCount:
    """Contacts counted per window of ``cn.contact.frequency_window_days`` local days
    (the window a contact falls in is its day's ordinal divided by the days), with the
    limit of each window (read on its first contact's day) and the parameter uses read,
    in the order read. Grows by contacts that come later in time (:meth:`grown`)
    without changing itself."""

    __slots__ = ("_buckets", "_limit_span", "_limit_uses", "_p", "_window_span", "_window_uses", "windows")

    def __init__(self, p: Params, contacts: Iterable[EventView]) -> None:
        self._p = p
        #: (days, window number) -> [contacts in it, limit], in the order made
        self._buckets: dict[tuple[int, int], tuple[list[EventView], int]] = {}
        self._window_uses: list[ParameterUse] = []
        self._limit_uses: list[ParameterUse] = []
        self._window_span: Span | None = None
        self._limit_span: Span | None = None
        self._add(contacts)
        self.windows: _Windows = self._result()

    def _add(self, contacts: Iterable[EventView]) -> None:
        p, buckets = self._p, self._buckets
        span = self._window_span
        days = 1 if span is None else as_int(FREQUENCY_WINDOW, span[2])
        for v in contacts:
            day = v.day
            if span is None or not span[0] <= day < span[1]:
                span = p.span(FREQUENCY_WINDOW, day)
                days = as_int(FREQUENCY_WINDOW, span[2])
                self._window_uses.append(span[3])
            key = (days, day.toordinal() // days)
            found = buckets.get(key)
            if found is None:
                # the limit of a window is read when the window is made: the windows are
                # made in the order of their first contacts, the order they are read in
                limit_span = self._limit_span
                if limit_span is None or not limit_span[0] <= day < limit_span[1]:
                    limit_span = self._limit_span = p.span(FREQUENCY_LIMIT, day)
                    self._limit_uses.append(limit_span[3])
                buckets[key] = ([v], as_int(FREQUENCY_LIMIT, limit_span[2]))
            else:
                found[0].append(v)
        self._window_span = span

    def _result(self) -> _Windows:
        windows = [(views, limit, days) for (days, _), (views, limit) in self._buckets.items() if len(views) > limit]
        return windows, unique(self._window_uses + self._limit_uses)

    def grown(self, contacts: Sequence[EventView]) -> _WindowCount:
        """The count with ``contacts`` (later than those counted) added."""
        grown: _WindowCount = object.__new__(_WindowCount)
        grown._p = self._p
        grown._window_uses = list(self._window_uses)
        grown._limit_uses = list(self._limit_uses)
        grown._window_span = self._window_span
        grown._limit_span = self._limit_span
        # the windows the new contacts fall in get copies of their lists; the others are shared
        buckets = dict(self._buckets)
        changed = len(contacts) > 1  # then simply count the windows again
        for v in contacts:
            span = grown._window_span
            if span is not None and span[0] <= v.day < span[1]:
                days = as_int(FREQUENCY_WINDOW, span[2])
                key = (days, v.day.toordinal() // days)
                found = buckets.get(key)
                if found is not None and found[0] is self._buckets[key][0]:
                    buckets[key] = (list(found[0]), found[1])
                    changed = changed or len(found[0]) + 1 > found[1]
            else:
                changed = True
        grown._buckets = buckets
        before = len(buckets)
        grown._add(contacts)
        if changed or len(buckets) != before:
            grown.windows = grown._result()
        else:  # no window over its limit changed
            grown.windows = self.windows[0], unique(grown._window_uses + grown._limit_uses)
        return grown


class _WindowMemo(dict[object, _WindowCount]):
    """The window counts of a case, by the set of contacts counted (``None``: all of the
    case's); the count of all grows with the case (see ``CaseContext.derived``)."""

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> _WindowMemo | None:
        memo = _WindowMemo()
        events, old = case_events(ctx), self.get(None)
        if events.extends is None or (old is None and ctx.focus is None):
            return memo  # sorted afresh: counted afresh (and not asked about one event)
        before = events.extends.borrower_contacts
        if old is None:  # the old state's count of all its contacts, made once
            old = self[None] = _WindowCount(params(ctx), before)
        memo[None] = old.grown(events.borrower_contacts[len(before) :])
        return memo


def _frequency_windows(ctx: CaseContext) -> _Windows:
    """Windows of ``cn.contact.frequency_window_days`` local days with more contacts
    than ``cn.contact.frequency_limit_per_day`` among the view's calls and messages to
    the borrower: [(events counted, limit, days)], and the parameter uses read. Worked
    out once for each set of contacts (rule periods that hold the same contacts share
    it)."""
    every = borrower_contacts(ctx)
    contacts = _inside(ctx, every)
    memo: _WindowMemo = ctx.derived("cn.frequency_windows", lambda c: _WindowMemo())
    key: object = None if contacts is every else tuple(v.index for v in contacts)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _WindowCount(params(ctx), contacts)
    return found.windows


def _window_params(counted: list[EventView]) -> dict[str, object]:
    return {"count": len(counted), "start": counted[0].local, "end": counted[-1].local}


def _window_hit(views: list[EventView], limit: int, days: int) -> Hit:
    return Hit(
        Verdict.VIOLATION,
        _window_params(views) | {"limit": limit, "days": days},
        event=views[limit].index,
        related=tuple(v.index for v in views),
    )


def _repeated(
    p: Params,
    views: list[EventView],
    threshold_param: str,
    uses: list[ParameterUse],
    focus: int | None = None,
) -> Iterator[tuple[EventView, list[EventView]]]:
    """Each view at which ``threshold_param`` or more of ``views`` fall in the repeat
    window ending with it (the values read for every view are added to ``uses``); with
    ``focus``, only the view of that event is tested."""
    for v in views:
        days, days_use = p.get(REPEAT_WINDOW, v.day)
        threshold, threshold_use = p.get(threshold_param, v.day)
        uses += (days_use, threshold_use)
        if focus is not None and v.index != focus:
            continue
        counted = window_before(views, v.event.at, as_int(REPEAT_WINDOW, days))
        if len(counted) >= as_int(threshold_param, threshold):
            yield v, counted


def _harassment(ctx: CaseContext, night_param: str, visits: bool = False) -> list[Hit]:
    """Contact that disturbs normal life: windows over the frequency limit, repeated
    night contact (``night_param`` contacts in the repeat window) and, with ``visits``,
    repeated visits (pestering, following). One hit per event."""
    if not ctx.events:  # no event in the rule's period
        return []
    windows, window_uses = _frequency_windows(ctx)
    # asked about one event (check_event, a session): the hits about others are dropped
    focus = ctx.focus
    hits = [
        _window_hit(views, limit, days)
        for views, limit, days in windows
        if focus is None or views[limit].index == focus
    ]
    seen = {views[limit].index for views, limit, _ in windows}
    uses = list(window_uses)
    quiet: _Quiet = ctx.derived("cn.quiet", _Quiet)
    events = case_events(ctx)
    if ctx.events is ctx.all_events:
        night, night_uses = quiet.inside("contacts")
        uses += night_uses
    else:  # the contacts inside the rule's period
        night = []
        last: tuple[ParameterUse, ParameterUse] | None = None
        for v in _inside(ctx, events.contacts):
            inside, _, _, start_use, end_use = quiet.at(v)
            if last is None or start_use is not last[0] or end_use is not last[1]:
                last = (start_use, end_use)
                uses += last
            if inside:
                night.append(v)
    sources = [(night, night_param)]
    if visits:
        sources.append((_inside(ctx, events.visits), REPEATED))
    p = params(ctx)
    for views, threshold in sources:
        for v, counted in _repeated(p, views, threshold, uses, focus):
            if v.index in seen:
                continue
            seen.add(v.index)
            hits.append(
                Hit(
                    Verdict.VIOLATION,
                    _window_params(counted),
                    event=v.index,
                    related=tuple(c.index for c in counted),
                )
            )
    if hits:
        rest_on(ctx, uses)
    return hits


def _conduct_count(ctx: EventContext, conduct: frozenset[Conduct]) -> list[EventView]:
    """Collector-side events with ``conduct`` in the repeat window up to this event."""
    days = param_int(ctx.ctx, REPEAT_WINDOW, ctx.view.day)
    window = window_before(with_conduct(ctx.ctx), ctx.event.at, days)
    return counted_up_to([v for v in window if not v.event.conduct.isdisjoint(conduct)], ctx.view)


def _in_breaching_window(ctx: EventContext) -> bool:
    """Whether this event is a contact in a window over the frequency limit."""
    event = ctx.event
    if event.action not in _CONTACTS or event.target is not _BORROWER:
        return False
    c, day = ctx.ctx, ctx.view.day
    days = param_int(c, FREQUENCY_WINDOW, day)
    bucket = day.toordinal() // days
    contacts = borrower_contacts(c)  # in time order, so their buckets ascend: bisect

    def bucket_of(v: EventView) -> int:
        return v.day.toordinal() // days

    first = bisect_left(contacts, bucket, key=bucket_of)
    same = bisect_right(contacts, bucket, first, key=bucket_of) - first
    return same > param_int(c, FREQUENCY_LIMIT, day)


def _third_party_regulatory(ctx: EventContext, conditional: bool = True) -> Hit | None:
    """A regulator's ban on collecting from third parties unrelated to the debt."""
    event = ctx.event
    target = event.target
    if target not in THIRD_PARTIES or event.actor is _COURT:
        return None
    if event.purpose is _PAYMENT_DEMAND or target is _PUBLIC or not event.conduct.isdisjoint(_TELLS):
        return _TARGET_HITS[Verdict.VIOLATION, target]
    return _TARGET_HITS[Verdict.CONDITIONAL, target] if conditional else None


def _flag(conduct: Conduct, home_only: bool = False) -> Callable[[EventContext], Hit | None]:
    """A check that fires (violation) on collector-side events with ``conduct``."""

    if home_only:

        def fire_at_home(ctx: EventContext) -> Hit | None:
            event = ctx.event
            if conduct in event.conduct and event.actor is not _COURT and at_home(event):
                return _VIOLATION
            return None

        return fire_at_home

    def fire(ctx: EventContext) -> Hit | None:
        event = ctx.event
        if conduct in event.conduct and event.actor is not _COURT:
            return _VIOLATION
        return None

    return fire


# =======================================================================================
# Contact at night and contact frequency
# =======================================================================================


@check("cn.contact.quiet_hours")
def quiet_hours(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is _COURT:
        return None
    c, view = ctx.ctx, ctx.view
    quiet: _Quiet = c.derived("cn.quiet", _Quiet)
    inside, start, end, start_use, end_use = quiet.at(view)
    if not inside:
        return None
    p = params(c)
    days, days_use = p.get(REPEAT_WINDOW, view.day)
    days = as_int(REPEAT_WINDOW, days)
    night, night_uses = quiet.night()
    counted = counted_up_to(window_before(night, ctx.event.at, days), view)
    repeat, repeat_use = p.get(QUIET_REPEAT, view.day)
    rest_on(c, (start_use, end_use, days_use, *night_uses, repeat_use))
    if len(counted) >= as_int(QUIET_REPEAT, repeat):
        return Hit(
            Verdict.VIOLATION,
            {"count": len(counted), "start": start, "end": end, "days": days},
            related=tuple(v.index for v in counted),
        )
    return Hit(Verdict.CONDITIONAL, {"local_time": ctx.local.time(), "start": start, "end": end})


@check("cn.contact.quiet_hours.self_regulatory")
def quiet_hours_self_regulatory(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is _COURT:
        return None
    c = ctx.ctx
    quiet: _Quiet = c.derived("cn.quiet", _Quiet)
    inside, start, end, start_use, end_use = quiet.at(ctx.view)
    if not inside:
        return None
    rest_on(c, (start_use, end_use))
    return Hit(Verdict.CONDITIONAL, {"local_time": ctx.local.time(), "start": start, "end": end})


@check("cn.contact.frequency.civil")
def frequency_civil(ctx: CaseContext) -> list[Hit]:
    if not ctx.events:  # no event in the rule's period
        return []
    windows, uses = _frequency_windows(ctx)
    if windows:
        rest_on(ctx, uses)
    focus = ctx.focus  # asked about one event: the hits about others are dropped
    return [
        _window_hit(views, limit, days)
        for views, limit, days in windows
        if focus is None or views[limit].index == focus
    ]


@check("cn.contact.frequency.psapl_2012")
def frequency_psapl_2012(ctx: CaseContext) -> list[Hit]:
    return _harassment(ctx, REPEATED)


@check("cn.contact.frequency.psapl_2025")
def frequency_psapl_2025(ctx: CaseContext) -> list[Hit]:
    return _harassment(ctx, REPEATED, visits=True)


@check("cn.contact.frequency.consumer_finance", applies=_consumer_finance)
def frequency_consumer_finance(ctx: CaseContext) -> list[Hit]:
    if ctx.case.loan.lender.kind is _CONSUMER_FINANCE:
        return _harassment(ctx, QUIET_REPEAT)
    return []


@check("cn.contact.frequency.bank_consumer_protection", applies=_bank)
def frequency_bank(ctx: CaseContext) -> list[Hit]:
    if ctx.case.loan.lender.kind in BANKS:
        return _harassment(ctx, QUIET_REPEAT)
    return []


# =======================================================================================
# Third parties
# =======================================================================================


@check("cn.third_party.disclosure.civil")
def disclosure_civil(ctx: EventContext) -> Hit | None:
    event = ctx.event
    target = event.target
    third = target in THIRD_PARTIES
    if (not third and target is not _BORROWER) or event.actor is _COURT:
        return None
    if target is _PUBLIC or not event.conduct.isdisjoint(_TELLS):
        return _TARGET_HITS[Verdict.VIOLATION, target if third else None]
    return _TARGET_HITS[Verdict.CONDITIONAL, target] if third else None


@check("cn.third_party.disclosure.pipl")
def disclosure_pipl(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.actor is _COURT:
        return None
    target = event.target
    third = target in THIRD_PARTIES
    if (third or target is _BORROWER) and (target is _PUBLIC or not event.conduct.isdisjoint(_TELLS)):
        return _TARGET_HITS[Verdict.VIOLATION, target if third else None]
    if target is _CONTACT:
        if event.purpose is _PAYMENT_DEMAND:
            return _TARGET_HITS[Verdict.VIOLATION, target]
        return _TARGET_HITS[Verdict.CONDITIONAL, target]
    return None


@check("cn.third_party.card_measures", applies=_bank_card)
def third_party_card(ctx: EventContext) -> Hit | None:
    if ctx.event.target not in THIRD_PARTIES or not bank_card_debt(ctx.case.loan):
        return None
    return _third_party_regulatory(ctx)


@check("cn.third_party.consumer_finance", applies=_consumer_finance)
def third_party_consumer_finance(ctx: EventContext) -> Hit | None:
    if ctx.event.target in THIRD_PARTIES and ctx.case.loan.lender.kind is _CONSUMER_FINANCE:
        return _third_party_regulatory(ctx)
    return None


@check("cn.third_party.bank_consumer_protection", applies=_bank)
def third_party_bank(ctx: EventContext) -> Hit | None:
    if ctx.event.target in THIRD_PARTIES and ctx.case.loan.lender.kind in BANKS:
        return _third_party_regulatory(ctx, conditional=False)
    return None


# =======================================================================================
# Threats and insults
# =======================================================================================


@check("cn.threat.psapl_2012")
def threat_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(INTIMIDATING) or event.actor is _COURT:
        return None
    if _THREAT in event.conduct:
        return _VIOLATION
    counted = _conduct_count(ctx, INTIMIDATING)
    if len(counted) >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(Verdict.VIOLATION, related=tuple(v.index for v in counted))
    return None


@check("cn.threat.psapl_2025")
def threat_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(INTIMIDATING) or event.actor is _COURT:
        return None
    counted = _conduct_count(ctx, INTIMIDATING)
    if len(counted) >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(Verdict.VIOLATION, _window_params(counted), related=tuple(v.index for v in counted))
    return _INFO if _THREAT in event.conduct else None


@check("cn.insult.psapl_2012")
def insult_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(ABUSIVE) or event.actor is _COURT:
        return None
    public = event.place is _PUBLIC_PLACE or event.target in THIRD_PARTIES or _PUBLIC_SHAMING in event.conduct
    counted = _conduct_count(ctx, ABUSIVE)
    if public or len(counted) >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(Verdict.VIOLATION, related=tuple(v.index for v in counted if v.index != ctx.index))
    return _INFO


@check("cn.insult.psapl_2025")
def insult_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(ABUSIVE) or event.actor is _COURT:
        return None
    counted = _conduct_count(ctx, ABUSIVE)
    if len(counted) >= param_int(ctx.ctx, REPEATED, ctx.view.day):
        return Hit(Verdict.VIOLATION, _window_params(counted), related=tuple(v.index for v in counted))
    return _INFO


# =======================================================================================
# Violence and restriction of freedom
# =======================================================================================

check("cn.violence.criminal")(_flag(Conduct.VIOLENCE))
check("cn.detention.criminal")(_flag(Conduct.RESTRICTED_FREEDOM))
check("cn.detention.psapl_2012")(_flag(Conduct.RESTRICTED_FREEDOM))


# =======================================================================================
# Improper collection means under financial regulation
# =======================================================================================


@check("cn.improper_means.card_measures", applies=_bank_card)
def improper_card(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(IMPROPER) or event.actor is _COURT:
        return None
    return _VIOLATION if bank_card_debt(ctx.case.loan) else None


@check("cn.improper_means.consumer_finance", applies=_consumer_finance)
def improper_consumer_finance(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(IMPROPER) or event.actor is _COURT:
        return None
    return _VIOLATION if ctx.case.loan.lender.kind is _CONSUMER_FINANCE else None


@check("cn.improper_means.bank_consumer_protection", applies=_bank)
def improper_bank(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.conduct.isdisjoint(_IMPROPER_BANK) or event.actor is _COURT:
        return None
    return _VIOLATION if ctx.case.loan.lender.kind in BANKS else None


# =======================================================================================
# Home and workplace visits
# =======================================================================================


@check("cn.home_visit.peaceful")
def home_visit_peaceful(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.actor is not _COURT and event.conduct.isdisjoint(VISIT_MISCONDUCT):
        return _CONDITIONAL
    return None


@check("cn.workplace_visit.peaceful")
def workplace_visit_peaceful(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.actor is not _COURT and event.conduct.isdisjoint(WORKPLACE_MISCONDUCT):
        return _CONDITIONAL
    return None


check("cn.home.entry.civil")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.entry.criminal")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.entry.psapl_2012")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.refused_to_leave.civil")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.refused_to_leave.criminal")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.refused_to_leave.psapl_2012")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.photographed.civil")(_flag(Conduct.PHOTOGRAPHED))


@check("cn.home.photographed.psapl_2012")
def photographed_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if _PHOTOGRAPHED not in event.conduct or event.actor is _COURT:
        return None
    if not event.conduct.isdisjoint(_TELLS):
        return _VIOLATION
    return _CONDITIONAL


check("cn.public_shaming.civil")(_flag(Conduct.PUBLIC_SHAMING))
check("cn.public_shaming.psapl_2012")(_flag(Conduct.PUBLIC_SHAMING))


# =======================================================================================
# Impersonation, fake legal documents and false legal claims
# =======================================================================================

_COURT_STEPS = frozenset({Action.COURT_SERVICE, Action.JUDGMENT, Action.ENFORCEMENT})
_COURT_STEP_ACTIONS = tuple(sorted(_COURT_STEPS))


def _impersonation_possible(ctx: CaseContext) -> bool:
    """Some event of the case records impersonation or a false legal claim (whoever the
    actor), or is a court step taken by someone other than a court."""
    if any(v.event.actor is not _COURT for v in ctx.of(*_COURT_STEP_ACTIONS)):
        return True
    return any(not v.event.conduct.isdisjoint(_FAKE) for v in ctx.all_events)


@check("cn.impersonation.court_service", applies=_impersonation_possible)
def impersonation(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not event.conduct.isdisjoint(_FAKE):
        return _INFO
    if event.action in _COURT_STEPS and event.actor is not _COURT:
        return _INFO
    return None


@check("cn.false_legal_claim.criminal")
def false_legal_claim(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if _FALSE_LEGAL_CLAIM not in event.conduct or event.actor is _COURT:
        return None
    c = ctx.ctx
    threshold = c.param("cn.criminal.card_overdraft_threshold", ctx.view.day)
    loan = ctx.case.loan
    verdict = (
        Verdict.CONDITIONAL if bank_card_debt(loan) and unpaid_principal(loan) >= threshold else Verdict.INFO
    )
    return _case_hit(
        c, ("false_legal_claim", verdict, str(threshold)), lambda: Hit(verdict, {"cap": amount(threshold)})
    )


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
    rest_on(ctx, uses)
    if cap.cap is None:
        return None
    if loan.contract_date < LPR_RULE_FROM:
        # interest to 2020-08-19 follows the 2015 line, later interest the current
        # standard: above the lower of the two, whether the debt is illegal is unclear
        current, _ = ctx.derived("cn.current_standard", _current_standard)
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
    higher: the reading that claims least. Read once per case (``ctx.derived``)."""
    suits = [v.day for v in ctx.all_events if v.event.action is _LAWSUIT and not v.event.proposed]
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
    return capture(ctx, _loan_illegal)


def _listed_means(ctx: EventContext) -> bool:
    """Criminal Law art. 293-1 items (1)-(3): force, intrusion or harassment."""
    event = ctx.event
    if not event.conduct.isdisjoint(FORCE_OR_INTRUSION):
        return True
    if _in_breaching_window(ctx):
        return True
    if not event.conduct.isdisjoint(_HARSH):
        counted = _conduct_count(ctx, _HARSH)
        return len(counted) >= param_int(ctx.ctx, REPEATED, ctx.view.day)
    return False


def _debt_maybe_illegal(ctx: CaseContext) -> bool:
    """An event carries illegal_debt_demand, or the debt is not known to be lawful:
    decided as the check decides it (a licensed lender's debt is lawful; otherwise the
    derived ``cn.debt_illegal``, which the check would read on its first event)."""
    if _illegal_demand_flagged(ctx):
        return True
    if ctx.case.loan.lender.kind in LICENSED:
        return False
    illegal, _ = ctx.derived("cn.debt_illegal", _debt_illegal)
    return illegal is not False


@check("cn.illegal_debt.collection.criminal", applies=_debt_maybe_illegal)
def illegal_debt_collection(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.actor is _COURT:
        return None
    illegal: bool | None = True
    if _ILLEGAL_DEBT_DEMAND not in event.conduct:
        if ctx.case.loan.lender.kind in LICENSED:  # lawful debt: most loans, decided first
            return None
        c = ctx.ctx
        illegal, uses = c.derived("cn.debt_illegal", _debt_illegal)
        if illegal is False:
            return None
        rest_on(c, uses)
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


@check("cn.illegal_debt.demand", applies=_private_demand_possible)
def illegal_debt_demand(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    kind = loan.lender.kind
    if kind in LICENSED or event.actor is _COURT:
        return None
    flagged = _ILLEGAL_DEBT_DEMAND in event.conduct
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
        current, on = c.derived("cn.current_standard", _current_standard)
        if rate <= (cap if current is None else min(cap, current)):
            return None
        rest_on(c, uses)
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
        rest_on(c, uses)
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
    span = ctx.registry.parameter_span(FINANCIAL_CAP, ctx.chain, ctx.today)
    if span is None or not case_events(ctx).whole_case(span.low, span.high):
        return True
    cap = case_cap(ctx)[0].cap  # the line in force today (regime "licensed")
    rate = loan.annual_rate
    return cap is None or (rate is not None and rate > cap)


@check("cn.illegal_debt.demand.financial", applies=_financial_demand_possible)
def illegal_debt_demand_financial(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    if loan.lender.kind not in LICENSED or event.actor is _COURT:
        return None
    c = ctx.ctx
    cap = c.param(FINANCIAL_CAP, ctx.view.day)
    rate = loan.annual_rate
    flagged = _ILLEGAL_DEBT_DEMAND in event.conduct
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


@check("cn.court_service.genuine")
def court_service(ctx: EventContext) -> Hit | None:
    return _INFO if ctx.event.actor is _COURT else None


@check("cn.credit_report.prior_notice")
def credit_report_notice(ctx: EventContext) -> Hit | None:
    # The vocabulary cannot record an advance notice of reporting, so the notice can
    # never be confirmed from the case: conditional, never a violation.
    return _CONDITIONAL if ctx.event.actor is not _COURT else None


@check("cn.payment_order.objection")
def payment_order(ctx: EventContext) -> Hit:
    return Hit(Verdict.INFO, {"count": ctx.ctx.param("cn.court.payment_order_objection_days", ctx.view.day)})


@check("cn.judgment.enforcement")
def judgment(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is not _COURT:
        return None
    return Hit(Verdict.INFO, {"count": ctx.ctx.param("cn.court.enforcement_application_years", ctx.view.day)})
