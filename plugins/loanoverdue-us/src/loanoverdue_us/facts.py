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
from operator import attrgetter
from typing import TypeVar

from loanoverdue.pack import (
    RELATED_LIMIT,
    Action,
    Actor,
    Case,
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
    Purpose,
    Target,
    Text,
)
from loanoverdue_us.journal import Column, Journal

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
    "covered_actors",
    "english",
    "event_facts",
    "is_collector",
    "spoke_with",
    "state_code",
    "state_name",
    "state_of",
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


def covered_actors(case: Case) -> frozenset[Actor]:
    """The actors whose events the federal event rules run for in ``case`` (see
    :func:`covered`): debt collectors and unknown actors, and the lender when it is a
    debt buyer (then it collects a debt it bought)."""
    return _BUYER_COVERED if case.loan.lender.kind is LenderKind.DEBT_BUYER else _COVERED_ACTORS


def state_of(chain: tuple[str, ...]) -> str | None:
    """The state (``US-NY``) in a jurisdiction chain, ``None`` for none."""
    for code in chain:
        if code.startswith("US-"):
            return code
    return None


_CALL, _FAILED, _CONNECTED = Action.CALL, Outcome.FAILED, Outcome.CONNECTED
_BORROWER, _ATTORNEY, _INQUIRY = Target.BORROWER, Target.ATTORNEY, Purpose.LOCATION_INQUIRY


class _Book:
    """What the facts of a history and of the states extended from it share: the case's
    fixed facts, and the columns and maps by event index that grow with the events
    (written through ``journal``)."""

    __slots__ = (
        "borrower_by_action",
        "call_pos",
        "calls",
        "collectors",
        "consented",
        "inquiries",
        "journal",
        "protections",
        "runs_for",
        "spoken",
        "state",
        "state_name",
        "talks",
        "with_borrower",
    )

    def __init__(self, ctx: CaseContext) -> None:
        case = ctx.case
        buyer = case.loan.lender.kind is LenderKind.DEBT_BUYER
        self.collectors = _BUYER_COLLECTORS if buyer else COLLECTOR_ACTORS
        self.runs_for = covered_actors(case)
        protections = case.borrower.protections
        self.protections = frozenset(p.kind for p in protections) if protections else frozenset()
        self.state = state_code(ctx)
        self.state_name = state_name(ctx)
        self.journal = Journal()
        self.calls: dict[CallLine, Column[EventView]] = {}
        self.talks: dict[CallLine, Column[tuple[int, date, int]]] = {}
        self.call_pos: dict[int, int] = {}
        self.consented: dict[int, Protection] = {}
        self.with_borrower: Column[EventView] = Column()
        self.borrower_by_action: dict[Action, Column[EventView]] = {}
        self.spoken: Column[int] = Column()
        self.inquiries: dict[Target, Column[None]] = {}


class _Unlogged:
    """Writes the first scan of a case makes: nothing to take back."""

    __slots__ = ()

    @staticmethod
    def add(column: Column[T], item: T, index: int, ts: float, day: date) -> None:
        column.add(item, index, ts, day)  # the same entry as Journal.add, not logged

    @staticmethod
    def put(found: dict[int, T], index: int, value: T) -> None:
        found[index] = value


_UNLOGGED = _Unlogged()


class CaseFacts:
    """What the US checks read about a case, derived once per assessment from the whole
    case (``ctx.all_events``), never from a rule's filtered view.

    A session's states extend it (:meth:`extended`): the columns of events that grow
    (calls per person, conversations, contacts with the borrower, location inquiries)
    are shared with the history's facts and added to, never copied (see
    :mod:`loanoverdue_us.journal`); so read them only about the state's own events, as
    the methods below do."""

    __slots__ = (
        "__weakref__",
        "_book",
        "_consents",
        "_last_ts",
        "_n",
        "borrower_reached",
        "collector_in_charge",
        "first_suit_day",
        "sent",
    )

    #: A debt collector is collecting this debt (see :func:`collector_in_charge`).
    collector_in_charge: bool
    #: A covered actor reached the borrower before credit reporting could be lawful
    #: (Regulation F 1006.30(a)): spoke with them (a call or visit that connected) or sent
    #: them a letter or electronic message that did not fail (an event that happened).
    #: The same test as the rule us.credit.before_contact.
    borrower_reached: bool
    #: The first letter or electronic message (in time order) a covered actor sent the
    #: borrower about this debt that did not fail (an event that happened), if any.
    sent: EventView | None
    #: The local date of the first suit or arbitration that happened (not proposed).
    first_suit_day: date | None
    #: The borrower's consents to calls still in force after the events held (see
    #: ``consented``), earliest first.
    _consents: tuple[Protection, ...]

    def __init__(self, ctx: CaseContext) -> None:
        views = ctx.all_events
        # by time stamp: a stable sort keeps the case's order for events at one instant
        # (the case context's own time order is that, when it is the whole case's)
        order = ctx.in_time_order() if ctx.events is views else tuple(sorted(views, key=_by_time))
        self._book = _Book(ctx)
        self._n = len(views)
        self._last_ts = order[-1].ts if order else None
        self._consents = _call_consents(ctx.case.borrower.protections)
        self.collector_in_charge = ctx.case.loan.lender.kind is LenderKind.DEBT_BUYER
        self.borrower_reached = False
        self.first_suit_day = None
        self.sent = None
        self._scan(order, _UNLOGGED)

    def extended(self, ctx: CaseContext, added: Sequence[EventView]) -> CaseFacts | None:
        """These facts with the ``added`` events (a session's), when they come last in
        time (ties: in the case's order), else ``None`` (worked out afresh); also
        ``None`` when the columns cannot take them (see :mod:`loanoverdue_us.journal`)."""
        last = self._last_ts
        for v in added:
            if last is not None and v.ts < last:
                return None
            last = v.ts
        grown: CaseFacts = object.__new__(CaseFacts)
        grown._book = book = self._book
        grown._consents = self._consents
        grown.collector_in_charge, grown.borrower_reached = self.collector_in_charge, self.borrower_reached
        grown.first_suit_day, grown.sent = self.first_suit_day, self.sent
        grown._last_ts = last
        n = grown._n = self._n + len(added)
        journal = book.journal
        if not journal.begin(self._n, n, grown):
            return None
        grown._scan(added, journal)
        return grown

    @property
    def runs_for(self) -> frozenset[Actor]:
        """The actors whose events the federal event rules run for (see
        :func:`covered_actors`)."""
        return self._book.runs_for

    @property
    def consented(self) -> dict[int, Protection]:
        """The calls to the borrower about the case's loan that the borrower's prior
        consent (a ``contact_consent`` protection covering calls) takes out of the count
        (1006.14(b)(3)(i)): by event index, the consent. A consent lasts
        :data:`CONSENT_DAYS` from its day, or less (``until``, its ``hours`` and
        ``weekdays``), and ends with the first telephone conversation about the debt on a
        later day (comment 14(b)(3)(i)-2). Read it for the state's own events only."""
        return self._book.consented

    @property
    def protections(self) -> frozenset[ProtectionKind]:
        """The kinds of protection the borrower invoked at any time."""
        return self._book.protections

    @property
    def state(self) -> str | None:
        """The state (``US-NY``), or ``None`` when the case says only ``US``."""
        return self._book.state

    @property
    def state_name(self) -> str:
        """The state's English name ("United States" without a state)."""
        return self._book.state_name

    def _scan(self, order: Sequence[EventView], writer: Journal | _Unlogged) -> None:
        """Add the events ``order`` (in time order, all later than those held) to the
        facts, writing the columns through ``writer``."""
        book = self._book
        runs_for = book.runs_for
        consents = self._consents
        in_charge = self.collector_in_charge
        reached = self.borrower_reached
        first_suit = self.first_suit_day
        sent = self.sent
        # the first scan writes the columns directly (nothing to take back)
        add = Column.add if writer is _UNLOGGED else writer.add
        for v in order:
            e = v.event
            action = e.action
            index = v.index
            covers = e.actor in runs_for
            if action is _CALL and covers:
                line = e.target if e.debt is None else (e.target, e.debt)
                same = book.calls.get(line)
                if same is None:
                    same = book.calls[line] = Column()
                if e.by_borrower:
                    if e.outcome is _CONNECTED:
                        # the last counting call placed before it, -1 for none
                        talk = book.talks.get(line)
                        if talk is None:
                            talk = book.talks[line] = Column()
                        add(talk, (len(same.items) - 1, v.day, index), index, v.ts, v.day)
                        if consents and line is _BORROWER:
                            consents = _expire(consents, v.day)
                elif e.outcome is not _FAILED and e.target is not _ATTORNEY:
                    given = _consent_for(consents, v) if consents and line is _BORROWER else None
                    if given is not None:  # not counted (1006.14(b)(3)(i))
                        writer.put(book.consented, index, given)
                        n = len(same.items) - 1
                    else:
                        n = len(same.items)
                        writer.put(book.call_pos, index, n)
                        add(same, v, index, v.ts, v.day)
                    if e.outcome is _CONNECTED:
                        talk = book.talks.get(line)
                        if talk is None:
                            talk = book.talks[line] = Column()
                        add(talk, (n, v.day, index), index, v.ts, v.day)
                        if consents and line is _BORROWER:
                            consents = _expire(consents, v.day)
            elif first_suit is None and action in _SUITS and not e.proposed:
                first_suit = v.day
            if covers and e.target is _BORROWER:
                medium = book.borrower_by_action.get(action)
                if medium is None:
                    medium = book.borrower_by_action[action] = Column()
                add(medium, v, index, v.ts, v.day)
                if not e.proposed:
                    add(book.with_borrower, v, index, v.ts, v.day)
                    if e.debt is None:  # contact about another debt is not about this one
                        if spoke_with(e):
                            items = book.spoken.items
                            first = index if not items or index < items[-1] else items[-1]
                            add(book.spoken, first, index, v.ts, v.day)
                            reached = True
                        elif wrote_to(e):
                            reached = True
                            if sent is None:
                                sent = v
            if not in_charge and not e.proposed:
                in_charge = e.actor in book.collectors or action in _PLACED
            if covers and e.purpose is _INQUIRY:
                asked = book.inquiries.get(e.target)
                if asked is None:
                    asked = book.inquiries[e.target] = Column()
                add(asked, None, index, v.ts, v.day)
        self._consents = consents
        self.collector_in_charge = in_charge
        self.borrower_reached = reached
        self.first_suit_day = first_suit
        self.sent = sent

    # -- what the checks ask ------------------------------------------------------------

    def covers(self, event: CollectionEvent) -> bool:
        """The federal event rules run for ``event`` (a covered or unknown actor)."""
        return event.actor in self.runs_for

    def call_position(self, index: int) -> int | None:
        """The position of the call ``index`` among the counting calls to its person
        (:meth:`calls_to`): ``None`` for a call that does not count (1006.14(b)(3): a
        failed one, one to the attorney, the borrower's own, one placed with consent)."""
        return self._book.call_pos.get(index)

    def calls_to(self, line: CallLine) -> tuple[EventView, ...]:
        """The calls to ``line`` that count towards the call-frequency presumptions
        (1006.14(b)(3)), earliest first. A call the borrower made is not a call the
        collector placed (1006.14(b)(2)(i)(A))."""
        column = self._book.calls.get(line)
        if column is None:
            return ()
        return tuple(column.items[: _held(column, self._n)])

    def conversations_with(self, line: CallLine) -> tuple[tuple[int, date, int], ...]:
        """The telephone conversations with ``line``, earliest first: the counting calls
        that connected, and the borrower's own calls that connected (a conversation
        whoever placed the call, comment 14(b)(2)(i)-1.ii): (position in
        :meth:`calls_to` of the collector's call it was, or of the last one placed
        before it, -1 for none; local date; event index). A call at position ``p``
        comes after every conversation whose position is below ``p``."""
        column = self._book.talks.get(line)
        if column is None:
            return ()
        return tuple(column.items[: _held(column, self._n)])

    def call_window(self, target: CallLine, pos: int, first_day: date) -> tuple[int, ...]:
        """The indexes of the counting calls to ``target`` up to and including the one at
        ``pos`` whose local date is ``first_day`` or later."""
        column = self._book.calls[target]
        if not column.rising(pos + 1):
            return tuple(v.index for v in column.items[: pos + 1] if first_day <= v.day)
        return tuple(column.index[bisect_left(column.days, first_day, 0, pos + 1) : pos + 1])

    def call_window_counted(self, target: CallLine, pos: int, first_day: date) -> tuple[int, tuple[int, ...]]:
        """How many calls :meth:`call_window` holds, and the indexes of at most
        ``RELATED_LIMIT`` of them (the first ones and the last): in O(log n)."""
        column = self._book.calls[target]
        if not column.rising(pos + 1):
            window = self.call_window(target, pos, first_day)
            return len(window), window
        indexes = column.index
        low = bisect_left(column.days, first_day, 0, pos + 1)
        count = pos + 1 - low
        if count <= RELATED_LIMIT:
            return count, tuple(indexes[low : pos + 1])
        return count, (*indexes[low : low + RELATED_LIMIT - 1], indexes[pos])

    def conversation_since(self, target: CallLine, pos: int, since: date) -> tuple[int, date, int] | None:
        """The first telephone conversation with ``target`` among the counting calls
        before the one at ``pos`` whose local date is ``since`` or later (an entry of
        :meth:`conversations_with`), if any. (Entries a longer state added come after
        the call at ``pos``: their positions are ``pos`` or more.)"""
        column = self._book.talks.get(target)
        if column is None:
            return None
        found = column.items
        if not column.rising(len(found)):  # dates that go back (a clock falling back past midnight)
            for entry in found:
                if entry[0] >= pos:
                    break
                if entry[1] >= since:
                    return entry
            return None
        k = bisect_left(column.days, since)
        if k < len(found) and found[k][0] < pos:
            return found[k]
        return None

    def last_with_borrower(self, view: EventView) -> EventView | None:
        """The last event before ``view`` (in time order) in which a covered actor
        contacted the borrower, among those that happened."""
        column = self._book.with_borrower
        k = column.before(view.ts, view.index, len(column.items))
        return column.items[k - 1] if k else None

    def last_in_medium(self, view: EventView, since: date) -> EventView | None:
        """The last event before ``view`` (in time order) of its action in which a
        covered actor contacted the borrower (proposed ones included), on ``since`` or
        later."""
        column = self._book.borrower_by_action.get(view.event.action)
        if column is None:
            return None
        k = column.before(view.ts, view.index, len(column.items))
        items = column.items
        rising = column.rising(k)
        while k:
            k -= 1
            if items[k].day >= since:
                return items[k]
            if rising:  # the earlier ones are earlier still
                break
        return None

    def spoken_before(self, view: EventView) -> int | None:
        """The case index of the first event (in the case's order) in which a covered
        actor spoke with the borrower about this debt before ``view`` (in time order),
        among those that happened."""
        column = self._book.spoken
        k = column.before(view.ts, view.index, len(column.items))
        return column.items[k - 1] if k else None

    def inquiries_before(self, view: EventView) -> tuple[int, tuple[int, ...]]:
        """How many location inquiries of a covered actor to ``view``'s target came
        before ``view`` (in time order, proposed ones included), and the indexes of at
        most ``RELATED_LIMIT`` of them (the first ones and the last)."""
        column = self._book.inquiries.get(view.event.target)
        if column is None:
            return 0, ()
        count = column.before(view.ts, view.index, len(column.items))
        index = column.index
        if count <= RELATED_LIMIT:
            return count, tuple(index[:count])
        return count, (*index[: RELATED_LIMIT - 1], index[count - 1])


def _held(column: Column[T], n: int) -> int:
    """How many entries of ``column`` a state of ``n`` events holds (those of events
    below ``n``: the first ones)."""
    index = column.index
    hi = len(index)
    while hi and index[hi - 1] >= n:
        hi -= 1
    return hi


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
    return state_of(ctx.chain)


def state_name(ctx: CaseContext) -> str:
    """The English name of the case's state (or "United States" without a state)."""
    state = state_of(ctx.chain)
    j = ctx.jurisdiction_by_code(state or "US")
    return j.name.en if j is not None else (state or "US")


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
