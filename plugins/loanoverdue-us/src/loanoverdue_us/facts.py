"""Facts about a case that several US rules share: who is a covered debt collector, who
counts as the consumer, which actions communicate, and readable names for targets and
states.

The conventions follow the header of ``data/rules.toml``. What many checks read is
computed once per assessment (:func:`case_facts`), not once per check and event.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import pairwise
from operator import attrgetter
from typing import TypeVar

from loanoverdue.pack import (
    RELATED_LIMIT,
    Action,
    Actor,
    CaseContext,
    Citation,
    CollectionEvent,
    EventContext,
    EventView,
    LenderKind,
    Loan,
    Outcome,
    Protection,
    ProtectionKind,
    Target,
    Text,
)

T = TypeVar("T")

__all__ = [
    "COLLECTOR_ACTORS",
    "COMMUNICATIONS",
    "CONSENT_DAYS",
    "CONSUMER_TARGETS",
    "ELECTRONIC",
    "SPOKEN",
    "WRITTEN",
    "CallLine",
    "CaseFacts",
    "Cites",
    "call_line",
    "case_facts",
    "collector_in_charge",
    "covered",
    "english",
    "event_facts",
    "is_collector",
    "spoke_with",
    "state_code",
    "state_name",
    "target_phrase",
    "wrote_to",
]

#: Actors that are FDCPA / Regulation F debt collectors (15 U.S.C. 1692a(6), 12 CFR 1006.2(i)).
COLLECTOR_ACTORS: frozenset[Actor] = frozenset({Actor.COLLECTION_AGENCY, Actor.LAW_FIRM, Actor.DEBT_BUYER})

#: Targets the FDCPA and Regulation F treat as the consumer (1692c(d), 1006.6(a)).
CONSUMER_TARGETS: frozenset[Target] = frozenset(
    {Target.BORROWER, Target.SPOUSE, Target.GUARDIAN, Target.ESTATE_REPRESENTATIVE}
)

#: Actions that communicate with a person, in person included (comment 2(d)-1).
COMMUNICATIONS: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.CALL,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.THIRD_PARTY_CONTACT,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
    }
)

#: Written or electronic messages (as opposed to calls and visits).
WRITTEN: frozenset[Action] = frozenset(
    {Action.LETTER, Action.LAWYER_LETTER, Action.EMAIL, Action.SMS, Action.INSTANT_MESSAGE, Action.NOTICE}
)

#: Electronic messages (Regulation F 1006.6(d)(3)-(5), (e)).
ELECTRONIC: frozenset[Action] = frozenset({Action.EMAIL, Action.SMS, Action.INSTANT_MESSAGE})

_TARGET_PHRASES: dict[Target, str] = {
    Target.BORROWER: "the consumer",
    Target.SPOUSE: "the consumer's spouse",
    Target.FAMILY: "a family member of the consumer",
    Target.EMPLOYER: "the consumer's employer",
    Target.COLLEAGUE: "a colleague of the consumer",
    Target.CONTACT: "a contact of the consumer",
    Target.NEIGHBOUR: "a neighbour of the consumer",
    Target.PUBLIC: "the public",
    Target.ATTORNEY: "the consumer's attorney",
    Target.GUARANTOR: "a guarantor of the debt",
    Target.GUARDIAN: "the consumer's parent or guardian",
    Target.ESTATE_REPRESENTATIVE: "the executor or administrator of the consumer's estate",
}

#: Actors whose events the federal event rules judge (an unknown actor as if covered).
_COVERED_ACTORS = COLLECTOR_ACTORS | {Actor.UNKNOWN}
#: The same when the lender is a debt buyer: then the lender is a debt collector too.
_BUYER_COLLECTORS = COLLECTOR_ACTORS | {Actor.LENDER}
_BUYER_COVERED = _COVERED_ACTORS | {Actor.LENDER}
#: The calls counted together by the call-frequency presumptions: those to one person
#: about one particular debt (1006.14(b)(2), (b)(4)): the target alone for the case's
#: loan, (target, the debt's reference) for another debt of the borrower's.
CallLine = Target | tuple[Target, str]

#: Days, the day the consent is received counting as the first, during which calls the
#: person consented to do not count towards the call frequencies (1006.14(b)(3)(i)).
CONSENT_DAYS = 7


def call_line(event: CollectionEvent) -> CallLine:
    """The :data:`CallLine` a call belongs to."""
    return event.target if event.debt is None else (event.target, event.debt)


#: Contacts in which a collector speaks with the consumer (Regulation F 1006.30(a)(1)(i)).
SPOKEN: frozenset[Action] = frozenset({Action.CALL, Action.HOME_VISIT, Action.WORKPLACE_VISIT})


def spoke_with(event: CollectionEvent) -> bool:
    """The event is a conversation: a call or visit that connected (1006.30(a)(1)(i))."""
    return event.action in SPOKEN and event.outcome is Outcome.CONNECTED


def wrote_to(event: CollectionEvent) -> bool:
    """The event is a letter or electronic message the collector sent that did not fail
    (1006.30(a)(1)(ii)); one the borrower sent to the collector is not."""
    return event.action in WRITTEN and event.outcome is not Outcome.FAILED and not event.by_borrower


#: Actions that put the debt in a debt collector's hands.
_PLACED = frozenset({Action.AGENCY_ASSIGNMENT, Action.DEBT_SALE})


def is_collector(actor: Actor, loan: Loan) -> bool:
    """Whether ``actor`` is a debt collector for this loan. A lender is one only when the
    lender is a debt buyer (collecting a debt it bought); an unknown actor is not."""
    if actor in COLLECTOR_ACTORS:
        return True
    return actor is Actor.LENDER and loan.lender.kind is LenderKind.DEBT_BUYER


def covered(event: CollectionEvent, loan: Loan) -> bool:
    """Whether the FDCPA / Regulation F event rules run for ``event``: debt collectors,
    and unknown actors (the coverage rule then says the finding holds only if the actor
    is a debt collector). Original creditors and courts are not covered."""
    return event.actor is Actor.UNKNOWN or is_collector(event.actor, loan)


def target_phrase(target: Target) -> str:
    """``target`` as words for an English message."""
    return _TARGET_PHRASES[target]


@lru_cache(maxsize=256)
def english(text: str) -> Text:
    """``Text({"en": text})``, made once per distinct text: advice and factor templates
    are a small set of fixed strings. (``Text(text)`` is the same Text, made without
    checking and sorting a table of languages.)"""
    return Text(text)


_by_time = attrgetter("ts")


def _state_of(chain: tuple[str, ...]) -> str | None:
    for code in chain:
        if code.startswith("US-"):
            return code
    return None


class CaseFacts:
    """What the US checks read about a case, derived once per assessment from the whole
    case (``ctx.all_events``), never from a rule's filtered view."""

    __slots__ = (
        "_call_days",
        "_call_index",
        "_collectors",
        "_connected_days",
        "_consents",
        "_runs_for",
        "borrower_reached",
        "call_pos",
        "calls",
        "collector_in_charge",
        "connected",
        "consented",
        "consumer",
        "covered",
        "first_suit_day",
        "order",
        "protections",
        "state",
        "state_name",
    )

    #: Per event index: the federal event rules run for it (a covered or unknown actor).
    covered: tuple[bool, ...]
    #: Per event index: covered, and to the consumer (borrower or spouse).
    consumer: tuple[bool, ...]
    #: The events, earliest first (ties in the case's order).
    order: tuple[EventView, ...]
    #: The calls that count towards the call-frequency presumptions (1006.14(b)(3)), per
    #: target, earliest first; and each such call's position in its target's list. A call
    #: the borrower made is not a call the collector placed (1006.14(b)(2)(i)(A)).
    calls: dict[CallLine, tuple[EventView, ...]]
    call_pos: dict[int, int]
    #: The calls to the borrower about the case's loan that the borrower's prior consent
    #: (a ``contact_consent`` protection covering calls) takes out of the count
    #: (1006.14(b)(3)(i)): by event index, the consent. A consent lasts
    #: :data:`CONSENT_DAYS` from its day, or less (``until``, its ``hours`` and
    #: ``weekdays``), and ends with the first telephone conversation about the debt on a
    #: later day (comment 14(b)(3)(i)-2).
    consented: dict[int, Protection]
    #: Per target, the telephone conversations, earliest first: the counting calls that
    #: connected, and the borrower's own calls that connected (a conversation whoever
    #: placed the call, comment 14(b)(2)(i)-1.ii): (position in the target's ``calls`` of
    #: the collector's call it was, or of the last one placed before it; -1 for none),
    #: local date, event index). A call at position ``p`` comes after every conversation
    #: whose position is below ``p``.
    connected: dict[CallLine, tuple[tuple[int, date, int], ...]]
    #: A debt collector is collecting this debt (see :func:`collector_in_charge`).
    collector_in_charge: bool
    #: A covered actor reached the borrower before credit reporting could be lawful
    #: (Regulation F 1006.30(a)): spoke with them (a call or visit that connected) or sent
    #: them a letter or electronic message that did not fail (an event that happened).
    #: The same test as the rule us.credit.before_contact.
    borrower_reached: bool
    #: The kinds of protection the borrower invoked at any time.
    protections: frozenset[ProtectionKind]
    #: The state (``US-NY``), or ``None`` when the case says only ``US``.
    state: str | None
    #: The state's English name ("United States" without a state).
    state_name: str
    #: The local date of the first suit or arbitration that happened (not proposed).
    first_suit_day: date | None
    #: Per target: the local dates and event indexes of ``calls``; the dates only when
    #: they never decrease (they can only where the zone's clock falls back past midnight).
    _call_days: dict[CallLine, tuple[date, ...] | None]
    _call_index: dict[CallLine, tuple[int, ...]]
    #: Per target: the local dates of ``connected``, when they never decrease.
    _connected_days: dict[CallLine, tuple[date, ...] | None]
    #: The borrower's consents to calls still in force after the events held (see
    #: ``consented``), earliest first.
    _consents: tuple[Protection, ...]

    def __init__(self, ctx: CaseContext) -> None:
        buyer = ctx.case.loan.lender.kind is LenderKind.DEBT_BUYER
        self._collectors = _BUYER_COLLECTORS if buyer else COLLECTOR_ACTORS
        self._runs_for = _BUYER_COVERED if buyer else _COVERED_ACTORS
        views = ctx.all_events
        # by time stamp: a stable sort keeps the case's order for events at one instant
        # (the case context's own time order is that, when it is the whole case's)
        order = ctx.in_time_order() if ctx.events is views else tuple(sorted(views, key=_by_time))
        self.order = ()
        self.covered = self.consumer = ()
        self.calls, self.connected, self.call_pos = {}, {}, {}
        self._call_days, self._call_index, self._connected_days = {}, {}, {}
        self.consented = {}
        self._consents = _call_consents(ctx.case.borrower.protections)
        self.collector_in_charge = buyer
        self.borrower_reached = False
        self.first_suit_day = None
        self._scan(views, order)
        protections = ctx.case.borrower.protections
        self.protections = frozenset(p.kind for p in protections) if protections else frozenset()
        self.state = state = _state_of(ctx.chain)
        j = ctx.jurisdiction_by_code(state or "US")
        self.state_name = j.name.en if j is not None else (state or "US")

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> CaseFacts | None:
        """These facts with the ``added`` events (a session's), when they come last in
        time (ties: in the case's order), else ``None`` (worked out afresh)."""
        order = self.order
        last = order[-1].ts if order else None
        for v in added:
            if last is not None and v.ts < last:
                return None
            last = v.ts
        grown: CaseFacts = object.__new__(CaseFacts)
        for name in CaseFacts.__slots__:
            setattr(grown, name, getattr(self, name))
        call = Action.CALL
        if any(v.event.action is call for v in added):  # only calls change the per-target maps
            grown.calls, grown.connected = dict(self.calls), dict(self.connected)
            grown.call_pos = dict(self.call_pos)
            grown._call_days, grown._call_index = dict(self._call_days), dict(self._call_index)
            grown._connected_days = dict(self._connected_days)
            grown.consented = dict(self.consented)
        grown._scan(added, added)
        return grown

    def _scan(self, views: Sequence[EventView], order: Sequence[EventView]) -> None:
        """Add ``views`` (the events after those held, by index) to the facts; ``order``
        are the same in time order, all later than those held."""
        runs_for, collectors = self._runs_for, self._collectors
        consumers = CONSUMER_TARGETS
        cov = [v.event.actor in runs_for for v in views]
        self.covered = (*self.covered, *cov)
        self.consumer = (
            *self.consumer,
            *[c and v.event.target in consumers for c, v in zip(cov, views, strict=True)],
        )
        covered = self.covered
        self.order = (*self.order, *order)
        calls: dict[CallLine, list[EventView]] = {}
        connected: dict[CallLine, list[tuple[int, date, int]]] = {}
        pos = self.call_pos
        consents = self._consents
        consented = self.consented
        in_charge = self.collector_in_charge
        reached = self.borrower_reached
        borrower = Target.BORROWER
        first_suit = self.first_suit_day
        call, failed, attorney, conversation = Action.CALL, Outcome.FAILED, Target.ATTORNEY, Outcome.CONNECTED
        held = self.calls
        for v in order:
            e = v.event
            action = e.action
            if action is call:
                line = e.target if e.debt is None else (e.target, e.debt)
                if e.by_borrower:
                    if covered[v.index] and e.outcome is conversation:
                        n = len(held.get(line, ())) + len(calls.get(line, ())) - 1
                        connected.setdefault(line, []).append((n, v.day, v.index))
                        if consents and line is borrower:
                            consents = _expire(consents, v.day)
                elif covered[v.index] and e.outcome is not failed and e.target is not attorney:
                    same = calls.get(line)
                    if same is None:
                        same = calls[line] = []
                    given = _consent_for(consents, v) if consents and line is borrower else None
                    if given is not None:  # not counted (1006.14(b)(3)(i))
                        consented[v.index] = given
                        n = len(held.get(line, ())) + len(same) - 1
                    else:
                        n = pos[v.index] = len(held.get(line, ())) + len(same)
                        same.append(v)
                    if e.outcome is conversation:
                        connected.setdefault(line, []).append((n, v.day, v.index))
                        if consents and line is borrower:
                            consents = _expire(consents, v.day)
            elif first_suit is None and action in _SUITS and not e.proposed:
                first_suit = v.day
            if not e.proposed:
                if not in_charge:
                    in_charge = e.actor in collectors or action in _PLACED
                if not reached and e.target is borrower and covered[v.index] and e.debt is None:
                    reached = spoke_with(e) or wrote_to(e)
        for t, vs in calls.items():
            before = held.get(t, ())
            self.calls[t] = (*before, *vs)
            ds = [v.day for v in vs]
            was = self._call_days.get(t, ())
            self._call_days[t] = (
                None if was is None or not _rising([*was[-1:], *ds]) else (*was, *ds)
            )
            self._call_index[t] = (*self._call_index.get(t, ()), *[v.index for v in vs])
        for t, cs in connected.items():
            self.connected[t] = (*self.connected.get(t, ()), *cs)
            ds = [c[1] for c in cs]
            was = self._connected_days.get(t, ())
            self._connected_days[t] = (
                None if was is None or not _rising([*was[-1:], *ds]) else (*was, *ds)
            )
        self._consents = consents
        self.collector_in_charge = in_charge
        self.borrower_reached = reached
        self.first_suit_day = first_suit

    def call_window(self, target: CallLine, pos: int, first_day: date) -> tuple[int, ...]:
        """The indexes of the counting calls to ``target`` up to and including the one at
        ``pos`` whose local date is ``first_day`` or later."""
        days = self._call_days[target]
        if days is None:
            return tuple(v.index for v in self.calls[target][: pos + 1] if first_day <= v.day)
        return self._call_index[target][bisect_left(days, first_day, 0, pos + 1) : pos + 1]

    def call_window_counted(self, target: CallLine, pos: int, first_day: date) -> tuple[int, tuple[int, ...]]:
        """How many calls :meth:`call_window` holds, and the indexes of at most
        ``RELATED_LIMIT`` of them (the first ones and the last): in O(log n)."""
        days = self._call_days[target]
        if days is None:
            window = self.call_window(target, pos, first_day)
            return len(window), window
        indexes = self._call_index[target]
        low = bisect_left(days, first_day, 0, pos + 1)
        count = pos + 1 - low
        if count <= RELATED_LIMIT:
            return count, indexes[low : pos + 1]
        return count, (*indexes[low : low + RELATED_LIMIT - 1], indexes[pos])

    def conversation_since(self, target: CallLine, pos: int, since: date) -> tuple[int, date, int] | None:
        """The first telephone conversation with ``target`` among the counting calls
        before the one at ``pos`` whose local date is ``since`` or later (an entry of
        ``connected``), if any."""
        found = self.connected.get(target, ())
        days = self._connected_days.get(target)
        if days is None:  # dates that go back (a clock falling back past midnight)
            for entry in found:
                if entry[0] >= pos:
                    break
                if entry[1] >= since:
                    return entry
            return None
        k = bisect_left(days, since)
        if k < len(found) and found[k][0] < pos:
            return found[k]
        return None


def _call_consents(protections: tuple[Protection, ...]) -> tuple[Protection, ...]:
    """The borrower's consents that cover calls, earliest first."""
    if not protections:
        return ()
    return tuple(
        p
        for p in protections
        if p.kind is ProtectionKind.CONTACT_CONSENT and (not p.media or Action.CALL in p.media)
    )


def _consent_for(consents: tuple[Protection, ...], view: EventView) -> Protection | None:
    """The first consent under which the call ``view`` was placed: within
    :data:`CONSENT_DAYS` of the consent's day (that day the first), before ``until``, in
    its hours and on its weekdays."""
    for p in consents:
        if (view.day - p.since).days < CONSENT_DAYS and p.covers(view.local):
            return p
    return None


def _expire(consents: tuple[Protection, ...], day: date) -> tuple[Protection, ...]:
    """The consents still in force after a telephone conversation about the debt on
    ``day``: those given that day (the conversation in which the consent was given, or
    one the same day) or later (comment 14(b)(3)(i)-2 (3))."""
    return tuple(p for p in consents if p.since >= day)


_SUITS = frozenset({Action.LAWSUIT, Action.ARBITRATION})
_FACTS = "us.facts"


def _rising(days: Sequence[date]) -> bool:
    """Whether ``days`` never decrease."""
    return all(a <= b for a, b in pairwise(days))


def case_facts(ctx: CaseContext) -> CaseFacts:
    """The case's :class:`CaseFacts` (computed on first use in an assessment)."""
    return ctx.once(_FACTS, CaseFacts)


def event_facts(ctx: EventContext) -> CaseFacts:
    """The :class:`CaseFacts` of the case an event check is looking at."""
    return ctx.ctx.once(_FACTS, CaseFacts)


def collector_in_charge(ctx: CaseContext) -> bool:
    """Whether a debt collector is collecting this debt: the lender is a debt buyer, or a
    collector acted, or the debt was placed with an agency or sold."""
    return case_facts(ctx).collector_in_charge


def state_code(ctx: CaseContext) -> str | None:
    """The state (``US-NY``) of the case, or ``None`` when the case says only ``US``."""
    return case_facts(ctx).state


def state_name(ctx: CaseContext) -> str:
    """The English name of the case's state (or "United States" without a state)."""
    return case_facts(ctx).state_name


# -- citations ----------------------------------------------------------------------------


class Cites:
    """A fixed group of citations, ``(instrument, article)`` pairs, made once per
    registry (``ctx.shared``): ``GROUP(ctx)`` is the tuple of :class:`Citation`."""

    __slots__ = ("pairs",)

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs

    def __call__(self, ctx: CaseContext) -> tuple[Citation, ...]:
        pairs = self.pairs
        return ctx.shared(("us.cites", pairs), lambda: tuple(ctx.cite(i, a) for i, a in pairs))
