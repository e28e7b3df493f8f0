"""Facts about a case that several US rules share: who is a covered debt collector, who
counts as the consumer, which actions communicate, and readable names for targets and
states.

The conventions follow the header of ``data/rules.toml``. What many checks read is
computed once per assessment (:func:`case_facts`), not once per check and event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from loanoverdue.engine.context import CaseContext, EventContext, EventView
from loanoverdue.law import Citation, Text
from loanoverdue.law.period import Period
from loanoverdue.model import (
    Action,
    Actor,
    CollectionEvent,
    LenderKind,
    Loan,
    Outcome,
    ProtectionKind,
    Target,
)
from loanoverdue.results import ParameterUse

T = TypeVar("T")

__all__ = [
    "COLLECTOR_ACTORS",
    "COMMUNICATIONS",
    "CONSUMER_TARGETS",
    "ELECTRONIC",
    "WRITTEN",
    "CaseFacts",
    "case_facts",
    "cite",
    "cited_on",
    "collector_in_charge",
    "covered",
    "english",
    "event_facts",
    "is_collector",
    "remembered",
    "state_code",
    "state_name",
    "target_phrase",
]

#: Actors that are FDCPA / Regulation F debt collectors (15 U.S.C. 1692a(6), 12 CFR 1006.2(i)).
COLLECTOR_ACTORS: frozenset[Actor] = frozenset({Actor.COLLECTION_AGENCY, Actor.LAW_FIRM, Actor.DEBT_BUYER})

#: Targets the FDCPA and Regulation F treat as the consumer (1692c(d), 1006.6(a)).
CONSUMER_TARGETS: frozenset[Target] = frozenset({Target.BORROWER, Target.SPOUSE})

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
}

#: Actors whose events the federal event rules judge (an unknown actor as if covered).
_COVERED_ACTORS = COLLECTOR_ACTORS | {Actor.UNKNOWN}
#: The same when the lender is a debt buyer: then the lender is a debt collector too.
_BUYER_COLLECTORS = COLLECTOR_ACTORS | {Actor.LENDER}
_BUYER_COVERED = _COVERED_ACTORS | {Actor.LENDER}
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
    are a small set of fixed strings, and building a Text checks and sorts its items."""
    return Text({"en": text})


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
        "call_pos",
        "calls",
        "collector_in_charge",
        "consumer",
        "covered",
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
    #: target, earliest first; and each such call's position in its target's list.
    calls: dict[Target, tuple[EventView, ...]]
    call_pos: dict[int, int]
    #: A debt collector is collecting this debt (see :func:`collector_in_charge`).
    collector_in_charge: bool
    #: The kinds of protection the borrower invoked at any time.
    protections: frozenset[ProtectionKind]
    #: The state (``US-NY``), or ``None`` when the case says only ``US``.
    state: str | None
    #: The state's English name ("United States" without a state).
    state_name: str

    def __init__(self, ctx: CaseContext) -> None:
        buyer = ctx.case.loan.lender.kind is LenderKind.DEBT_BUYER
        collectors = _BUYER_COLLECTORS if buyer else COLLECTOR_ACTORS
        runs_for = _BUYER_COVERED if buyer else _COVERED_ACTORS
        views = ctx.all_events
        cov: list[bool] = []
        consumer: list[bool] = []
        for v in views:
            c = v.event.actor in runs_for
            cov.append(c)
            consumer.append(c and v.event.target in CONSUMER_TARGETS)
        self.covered = tuple(cov)
        self.consumer = tuple(consumer)
        # by time stamp: a stable sort keeps the case's order for events at one instant
        self.order = order = tuple(sorted(views, key=_by_time))
        calls: dict[Target, list[EventView]] = {}
        pos: dict[int, int] = {}
        in_charge = buyer
        for v in order:
            e = v.event
            if e.action is Action.CALL and cov[v.index] and e.outcome is not Outcome.FAILED:
                target = e.target
                if target is not Target.ATTORNEY:
                    same = calls.setdefault(target, [])
                    pos[v.index] = len(same)
                    same.append(v)
            if not in_charge and not e.proposed:
                in_charge = e.actor in collectors or e.action in _PLACED
        self.calls = {t: tuple(vs) for t, vs in calls.items()}
        self.call_pos = pos
        self.collector_in_charge = in_charge
        self.protections = frozenset(p.kind for p in ctx.case.borrower.protections)
        self.state = state = _state_of(ctx.chain)
        j = ctx.registry.jurisdictions.get(state or "US")
        self.state_name = j.name.en if j is not None else (state or "US")


_FACTS = "us.facts"


def case_facts(ctx: CaseContext) -> CaseFacts:
    """The case's :class:`CaseFacts` (computed on first use in an assessment)."""
    return ctx.derived(_FACTS, CaseFacts)


def event_facts(ctx: EventContext) -> CaseFacts:
    """The :class:`CaseFacts` of the case an event check is looking at."""
    return ctx.ctx.derived(_FACTS, CaseFacts)


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


class _Remembered:
    """A value computed once per case, with the parameter values read to compute it."""

    __slots__ = ("reads", "value")

    def __init__(self, ctx: CaseContext) -> None:
        self.value: Any = None
        self.reads: tuple[ParameterUse, ...] | None = None


def remembered(ctx: CaseContext, key: str, compute: Callable[[CaseContext], T]) -> T:
    """``compute(ctx)`` once per case, like ``ctx.derived``, for a value that rests on
    parameters: every use records the parameter values it was computed from, so each
    finding still names the parameters it rests on (``Finding.parameters``)."""
    slot = ctx.derived(key, _Remembered)
    outer = ctx.reads
    if slot.reads is None:
        mine: list[ParameterUse] = []
        ctx.reads = mine
        try:
            slot.value = compute(ctx)
        finally:
            ctx.reads = outer
        slot.reads = tuple(mine)
    if outer is not None:
        outer.extend(slot.reads)
    return slot.value  # type: ignore[no-any-return]


#: (instrument id, article) -> (the instrument object it was made from, the citation).
_CITED: dict[tuple[str, str], tuple[object, Citation]] = {}


def cite(ctx: CaseContext, instrument: str, article: str) -> Citation:
    """``ctx.cite(instrument, article)``, made once: the citation depends only on the
    registered instrument, which the cache checks by identity."""
    inst = ctx.registry.instruments[instrument]
    found = _CITED.get((instrument, article))
    if found is not None and found[0] is inst:
        return found[1]
    made = inst.cite(article)
    _CITED[(instrument, article)] = (inst, made)
    return made


# -- citations in force -------------------------------------------------------------------


class _Dated:
    """A rule's citations with the periods their articles are in force."""

    __slots__ = ("rows", "since", "until")

    def __init__(self, rows: tuple[tuple[Citation, Period], ...]) -> None:
        self.rows = rows
        starts = [p.start for _, p in rows if p.start is not None]
        ends = [p.end for _, p in rows if p.end is not None]
        #: Every citation is in force from ``since`` to ``until``.
        self.since = max(starts, default=date.min)
        self.until = min(ends, default=date.max)


#: By rule id: the rule object the table was made from, and the table.
_DATED: dict[str, tuple[object, _Dated]] = {}


def _dated(ctx: CaseContext, rule_id: str) -> _Dated:
    registry = ctx.registry
    rule = registry.rules[rule_id]
    found = _DATED.get(rule_id)
    if found is not None and found[0] is rule:
        return found[1]
    rows = []
    for c in rule.citations:
        inst = registry.instruments[c.instrument]
        art = inst.articles[c.article]
        # in force while both the instrument and the article are
        starts = [d for d in (inst.period.start, art.period.start) if d is not None]
        ends = [d for d in (inst.period.end, art.period.end) if d is not None]
        rows.append((c, Period(max(starts, default=None), min(ends, default=None))))
    dated = _Dated(tuple(rows))
    _DATED[rule_id] = (rule, dated)
    return dated


def cited_on(ctx: CaseContext, rule_id: str, day: date) -> tuple[Citation, ...] | None:
    """The citations of ``rule_id`` in force on ``day``, for :attr:`Hit.citations`:
    ``None`` (the rule's own) when all of them are, e.g. only the FDCPA for an event
    before Regulation F took effect on 2021-11-30."""
    dated = _dated(ctx, rule_id)
    if dated.since <= day <= dated.until:
        return None
    chosen = tuple(c for c, p in dated.rows if p.contains(day))
    return chosen or None
