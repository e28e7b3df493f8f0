"""The limitation period of a claim on the debt: Civil Code arts. 188-195 and 203 (from
2021-01-01), before them the General Provisions of the Civil Law (from 2017-10-01) and the
General Principles of the Civil Law (from 1987-01-01), and the SPC's provisions on
limitation.

The period runs from the due date (the last instalment's, art. 189) and is worked out event
by event, in time order:

- a demand that reaches the borrower (a collector's message or letter delivered, a call or
  visit connected), a part payment (``loan.last_payment_date``), and from 2021-01-01 the
  notice of the debt's assignment reaching the borrower (a ``debt_sale`` event delivered to
  the borrower: SPC limitation provisions art. 17) restart it on their day;
- a lawsuit, arbitration or payment order interrupts it; it restarts when the proceedings
  end (art. 195), which the case shows only as a court's judgment: until then it does not
  run;
- once it has expired, nothing restarts it but the borrower's own act (art. 192; SPC
  limitation provisions art. 19): of those acts the case can record only a payment. A
  demand, call, letter, assignment notice or suit after expiry is listed in the note, not
  counted;
- its length is that of the law in force when it (last) started; a period of the General
  Principles still running on 2017-10-01 takes the 3 years of the General Provisions (SPC
  interpretation of 2018, art. 2), one that had run out stays expired (art. 3);
- a last day that is a statutory rest day moves to the day after the rest days (art. 203;
  :mod:`loanoverdue_cn.restdays`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

from loanoverdue.pack import Action, Actor, CaseContext, Limitation, Outcome, Target, Text, add_years
from loanoverdue_cn.facts import DEMAND_MESSAGES, REACHED, amount, in_force, in_time_order, shared
from loanoverdue_cn.restdays import Rolled, calendar, roll
from loanoverdue_cn.texts import Fill, sentences, text

__all__ = ["LAWS", "Law", "LimitationFacts", "limitation", "limitation_facts"]

CC = "cn.civil_code"
SPC = "cn.spc_limitation_provisions"
SPC_2018 = "cn.spc_general_provisions_limitation_2018"
WEEKENDS = "cn.limitation.weekends_are_rest_days"


class Law(NamedTuple):
    """A law that sets the limitation period, with the articles the calculator cites."""

    key: str  # the suffix of its texts (limitation.law.<key>, …)
    instrument: str
    years: str  # the parameter of the period's length
    length: str
    instalments: str | None
    waiver: str
    own_motion: str | None
    interruption: str
    period_end: str
    long_stop: str


#: Newest first: on a day, the first whose instrument is in force governs.
LAWS = (
    Law("civil_code", CC, "cn.limitation.years", "188", "189", "192", "193", "195", "203", "188"),
    Law(
        "general_provisions",
        "cn.general_provisions_civil_law_2017",
        "cn.limitation.years_general_provisions",
        "188",
        "189",
        "192",
        "193",
        "195",
        "203",
        "188",
    ),
    Law(
        "general_principles",
        "cn.general_principles_civil_law_1986",
        "cn.limitation.years_general_principles",
        "135",
        None,
        "138",
        None,
        "140",
        "154",
        "137",
    ),
)

#: The order citations are listed in.
_ORDER: tuple[tuple[str, str], ...] = (
    (CC, "188"),
    (CC, "189"),
    (CC, "192"),
    (CC, "193"),
    (CC, "195"),
    (CC, "197"),
    (CC, "203"),
    ("cn.general_provisions_civil_law_2017", "188"),
    ("cn.general_provisions_civil_law_2017", "189"),
    ("cn.general_provisions_civil_law_2017", "192"),
    ("cn.general_provisions_civil_law_2017", "193"),
    ("cn.general_provisions_civil_law_2017", "195"),
    ("cn.general_provisions_civil_law_2017", "203"),
    ("cn.general_principles_civil_law_1986", "135"),
    ("cn.general_principles_civil_law_1986", "137"),
    ("cn.general_principles_civil_law_1986", "138"),
    ("cn.general_principles_civil_law_1986", "140"),
    ("cn.general_principles_civil_law_1986", "154"),
    (SPC, "8"),
    (SPC, "14"),
    (SPC, "17"),
    (SPC, "19"),
    (SPC_2018, "2"),
    (SPC_2018, "3"),
)

_PROCEEDINGS = frozenset({Action.LAWSUIT, Action.ARBITRATION, Action.PAYMENT_ORDER})
_IN_PERSON = frozenset({Action.CALL, Action.HOME_VISIT, Action.WORKPLACE_VISIT})


class _Kind(Enum):
    DEMAND = "demand"
    RECEIVED = "received"  # a demand in writing, on the day the case says it arrived
    ASSIGNMENT = "assignment"
    PROCEEDING = "proceeding"
    JUDGMENT = "judgment"
    PAYMENT = "payment"


class _Act(NamedTuple):
    day: date
    seq: int  # events in time order, then the payment at the end of its day
    kind: _Kind
    event: int | None  # the event's index; None for the payment


class _Segment:
    """A run of the period from ``start``: its length, the laws behind it, its end. The
    end after art. 203 is worked out only when it matters (a step after the unmoved last
    day, or the period shown), so that the weekend assumption is read, and traced, only
    for an end it decides."""

    __slots__ = ("_rolled", "_weekends", "last", "law", "older", "outlived", "start", "years")

    def __init__(self, start: date, years: int, law: Law, weekends: _Weekends) -> None:
        self.start = start
        self.years = years
        self.law = law  # the law whose length applies
        self.older: Law | None = None  # the law the period began under, if a newer took over
        #: A newer law with another length that came after this period had run out.
        self.outlived: Law | None = None
        self.last = add_years(start, years)
        self._weekends = weekends
        self._rolled: Rolled | None = None

    @property
    def rolled(self) -> Rolled:
        if self._rolled is None:
            self._rolled = _roll(self.last, self._weekends)
        return self._rolled

    @property
    def end(self) -> date:
        return self.rolled.end

    def over_by(self, day: date) -> bool:
        """Whether the period had expired before ``day``."""
        return day > self.last and day > self.end


class LimitationFacts(NamedTuple):
    """The limitation of the case with what the advice and the outlook read besides the
    :class:`~loanoverdue.results.Limitation`."""

    result: Limitation
    #: Proceedings are under way: the period does not run.
    pending: bool


def law_on(ctx: CaseContext, day: date) -> Law | None:
    """The law that governs limitation on ``day`` as the assessment sees it: the law in
    force then, or for a day after the assessment date the law in force on that date
    (``None`` before 1987)."""
    when = min(day, ctx.today)
    for law in LAWS:
        if in_force(ctx, law.instrument, when):
            return law
    return None


class _Weekends:
    """The weekend parameter, read (and so traced) only if a last day is a weekend day."""

    __slots__ = ("ctx", "value")

    def __init__(self, ctx: CaseContext) -> None:
        self.ctx = ctx
        self.value: bool | None = None

    def __call__(self) -> bool:
        if self.value is None:
            self.value = bool(self.ctx.param(WEEKENDS))
        return self.value


def _roll(last: date, weekends: _Weekends) -> Rolled:
    cal = calendar()
    if last.weekday() < 5 or last in cal.working_days:
        # a weekday: the weekend reading matters only if a festival block runs into one
        plain = roll(cal, last, False)
        if plain.end.weekday() < 5 or plain.end in cal.working_days:
            return plain
    return roll(cal, last, weekends())


def _segment(ctx: CaseContext, start: date, weekends: _Weekends) -> _Segment | None:
    law = law_on(ctx, start)
    if law is None:
        return None
    # read on the day law_on judged by: a period starting after the assessment date (a
    # later due date) runs under the law in force on that date
    seg = _Segment(start, ctx.param(law.years, min(start, ctx.today)), law, weekends)
    # a newer law that took effect while the period ran governs it from then on; one
    # that took effect after it had run out does not revive it (SPC 2018 arts. 2-3)
    for newer in reversed(LAWS[: LAWS.index(law)]):
        inst = ctx.instrument(newer.instrument)
        if inst is None:
            raise LookupError(f"instrument {newer.instrument!r} is not registered")
        took_effect = inst.period.start
        if took_effect is None or took_effect <= start or took_effect > ctx.today:
            continue
        if not seg.over_by(took_effect):
            longer: int = ctx.param(newer.years, took_effect)
            if longer != seg.years:
                older = seg.law
                seg = _Segment(start, longer, newer, weekends)
                seg.older = older
            else:
                seg.law = newer
        elif seg.outlived is None and ctx.param(newer.years, took_effect) != seg.years:
            seg.outlived = newer
    return seg


def _acts(ctx: CaseContext, base: date) -> list[_Act]:
    acts: list[_Act] = []
    for seq, view in enumerate(in_time_order(ctx)):
        event = view.event
        day = view.day
        if event.received_on is not None and event.action in DEMAND_MESSAGES:
            # a demand in writing interrupts when it arrives (SPC provisions art. 8(1)(2))
            day = event.received_on
        if event.proposed or day <= base or event.debt is not None:
            continue  # an event about another debt is no step on this claim
        action = event.action
        if action in _PROCEEDINGS:
            kind = _Kind.PROCEEDING
        elif action is Action.JUDGMENT:
            if event.actor is not Actor.COURT:
                continue
            kind = _Kind.JUDGMENT
        elif event.target is not Target.BORROWER or event.actor is Actor.COURT:
            continue
        elif action is Action.DEBT_SALE:
            if event.outcome not in REACHED:
                continue
            kind = _Kind.ASSIGNMENT
        elif event.received_on is not None and action in DEMAND_MESSAGES:
            kind = _Kind.RECEIVED
        elif (
            event.outcome in REACHED
            if action in DEMAND_MESSAGES
            else action in _IN_PERSON and event.outcome is Outcome.CONNECTED
        ):
            kind = _Kind.DEMAND
        else:
            continue
        acts.append(_Act(day, seq, kind, view.index))
    paid = ctx.case.loan.last_paid_on  # last_payment_date, or the last of the payments listed
    if paid is not None and paid > base:
        acts.append(_Act(paid, len(acts) + 1_000_000, _Kind.PAYMENT, None))
    acts.sort(key=lambda a: (a.day, a.seq))
    return acts


def _compute(ctx: CaseContext) -> LimitationFacts | None:
    loan = ctx.case.loan
    base = loan.final_due_date or loan.due_date
    weekends = _Weekends(ctx)
    seg = _segment(ctx, base, weekends)
    if seg is None:  # before the General Principles: not modelled
        return None
    cited: set[tuple[str, str]] = set()
    interrupted: list[int] = []
    late: list[int] = []
    late_after: date | None = None
    late_day: date | None = None
    notes: list[Text | Fill] = []
    part_payment: date | None = None
    assignment: date | None = None
    received: date | None = None  # the last demand in writing whose arrival the case gives
    unmodelled: list[date] = []
    filed: date | None = None
    ended: tuple[date, date] | None = None
    revived: tuple[date, date] | None = None
    for act in _acts(ctx, base):
        day = act.day
        if filed is not None:  # proceedings pending: the period does not run
            if act.kind is _Kind.JUDGMENT:
                assert act.event is not None
                interrupted.append(act.event)
                ended = (filed, day)
                filed = None
                seg = _segment(ctx, day, weekends) or seg
            continue
        if act.kind is _Kind.JUDGMENT:  # no proceedings recorded before it
            continue
        if seg.over_by(day):  # the period had expired
            if act.kind is _Kind.PAYMENT:
                revived = (day, seg.end)
                law = law_on(ctx, day) or seg.law
                cited.add((law.instrument, law.waiver))
                if in_force(ctx, SPC, day):
                    cited.add((SPC, "19"))
                part_payment = None
                seg = _segment(ctx, day, weekends) or seg
            else:
                assert act.event is not None
                late.append(act.event)
                late_after, late_day = seg.end, day
            continue
        if act.kind is _Kind.ASSIGNMENT and not in_force(ctx, SPC, day):
            unmodelled.append(day)
            continue
        if act.event is not None:
            interrupted.append(act.event)
        if act.kind is _Kind.PROCEEDING:
            filed = day
            ended = None
            continue
        if act.kind is _Kind.PAYMENT:
            part_payment = day
            if in_force(ctx, SPC, day):  # part performance is agreeing to perform (art. 14)
                cited.add((SPC, "14"))
        elif act.kind is _Kind.ASSIGNMENT:
            assignment = day
            cited.add((SPC, "17"))
        elif act.kind is _Kind.RECEIVED:
            received = day
            if in_force(ctx, SPC, day):  # a letter or message interrupts when it arrives
                cited.add((SPC, "8"))
        if day > seg.start:
            seg = _segment(ctx, day, weekends) or seg
    today = ctx.today
    shown = seg if filed is None else _segment(ctx, today, weekends) or seg
    now = law_on(ctx, today) or shown.law
    # -- citations: the length, the rules applied now, what the events brought in
    cited.add((shown.law.instrument, shown.law.length))
    if shown.older is not None:
        cited.add((shown.older.instrument, shown.older.length))
        if in_force(ctx, SPC_2018, today):
            cited.add((SPC_2018, "2"))
    if shown.outlived is not None and in_force(ctx, SPC_2018, today):
        cited.add((SPC_2018, "3"))
    if loan.final_due_date is not None and now.instalments is not None:
        cited.add((now.instrument, now.instalments))
    cited.add((now.instrument, now.waiver))
    if now.own_motion is not None:
        cited.add((now.instrument, now.own_motion))
    cited.add((now.instrument, now.interruption))
    if late_day is not None and in_force(ctx, SPC, late_day):
        cited.add((SPC, "19"))
    rolled = shown.rolled
    end_law = law_on(ctx, rolled.last) or shown.law
    if rolled.end != rolled.last:
        cited.add((end_law.instrument, end_law.period_end))
        if end_law.instrument == CC:
            cited.add((CC, "197"))
    # the citations of a set of articles, made once per registry
    citations = shared(
        ctx,
        ("limitation.cites", frozenset(cited)),
        lambda: tuple(ctx.cite(i, a) for i, a in _ORDER if (i, a) in cited),
    )
    # -- the note
    if loan.final_due_date is not None:
        reason = Fill("limitation.start_last_instalment", {"date": base})
    else:
        reason = Fill("limitation.start_due", {"date": base})
    base_key = "limitation.base" if now.key == "civil_code" else f"limitation.base_{now.key}"
    notes.append(Fill(base_key, {"start_reason": reason}))
    if shown.older is not None:
        notes.append(Fill("limitation.transition", {"start": shown.start}))
    if shown.outlived is not None:
        notes.append(Fill("limitation.expired_before_2017", {"date": shown.end}))
    if part_payment is not None:
        paid = sum((p.amount.amount for p in loan.payments if p.paid_on == part_payment), Decimal(0))
        if paid:  # the payments listed say how much
            shown_paid = Text(
                {"en": f"{loan.currency} {amount(paid)}", "zh-CN": f"{amount(paid)}元"}
                if loan.currency == "CNY"
                else {"en": f"{loan.currency} {amount(paid)}", "zh-CN": f"{amount(paid)} {loan.currency}"}
            )
            notes.append(Fill("limitation.part_payment_amount", {"date": part_payment, "amount": shown_paid}))
        else:
            notes.append(Fill("limitation.part_payment", {"date": part_payment}))
    if assignment is not None:
        notes.append(Fill("limitation.assignment", {"date": assignment}))
    if received is not None:
        notes.append(Fill("limitation.demand_received", {"date": received}))
    for day in unmodelled:
        notes.append(Fill("limitation.assignment_not_modelled", {"date": day}))
    if filed is not None:
        notes.append(Fill("limitation.proceedings_pending", {"date": filed}))
    elif ended is not None:
        notes.append(Fill("limitation.proceedings_ended", {"filed": ended[0], "date": ended[1]}))
    if revived is not None:
        law = law_on(ctx, revived[0]) or now
        basis = text(f"limitation.waiver_basis.{law.key}")
        notes.append(Fill("limitation.revived", {"date": revived[0], "expired": revived[1], "basis": basis}))
    if late_after is not None and late_day is not None:
        basis = text(f"limitation.waiver_basis.{(law_on(ctx, late_day) or now).key}")
        events = Text(
            {
                "en": ("event " if len(late) == 1 else "events ") + ", ".join(map(str, late)),
                "zh-CN": "事件" + "、".join(map(str, late)),
            }
        )
        notes.append(Fill("limitation.after_expiry", {"events": events, "date": late_after, "basis": basis}))
    if rolled.end != rolled.last:
        if rolled.festival is not None:
            why: Text | Fill = Fill("limitation.rest.festival", {"name": rolled.festival})
        else:
            why = text("limitation.rest.saturday" if rolled.last.weekday() == 5 else "limitation.rest.sunday")
        law_name = text(f"limitation.law.{end_law.key}")
        notes.append(
            Fill(
                "limitation.rolled",
                {
                    "last": rolled.last,
                    "why": why,
                    "date": rolled.end,
                    "law": law_name,
                    "article": end_law.period_end,
                },
            )
        )
    cal = calendar()
    unpublished = [y for y in rolled.uncertain if y in cal.years]
    uncovered = [y for y in rolled.uncertain if y not in cal.years]
    if unpublished:
        notes.append(Fill("limitation.unpublished", {"years": _years(unpublished), "date": rolled.end}))
    if uncovered:
        notes.append(Fill("limitation.no_calendar", {"years": _years(uncovered), "date": rolled.end}))
    long_stop = (
        "limitation.long_stop_general_principles"
        if now.key == "general_principles"
        else "limitation.long_stop"
    )
    notes.append(text(long_stop))
    pending = filed is not None
    result = Limitation(
        period=f"P{shown.years}Y",
        starts=shown.start,
        interrupted_by=tuple(interrupted),
        expires=shown.end,
        expired=not pending and today > shown.end,
        citations=citations,
        note=_note(ctx, notes),
    )
    return LimitationFacts(result, pending)


class _Unkeyed(Exception):
    """A part of a note with a value :func:`_part_key` does not key."""


#: Values a note's part is filled from that read the same whenever they are equal and
#: of the same type (not a Decimal: equal decimals may be written differently).
_KEYED = frozenset({str, int, bool, date})


def _part_key(part: object) -> object:
    """A hashable value that is equal for parts that read the same in every language."""
    if isinstance(part, Fill):
        return ("fill", part.key, tuple((k, _part_key(v)) for k, v in part.params.items()))
    kind = type(part)
    if kind is Text or kind in _KEYED:
        return (kind, part)
    raise _Unkeyed


def _note(ctx: CaseContext, notes: list[Text | Fill]) -> Text:
    """The note's parts joined (:func:`~loanoverdue_cn.texts.sentences`): made once per
    registry and parts, since many cases' notes say the same."""
    try:
        key = tuple(_part_key(p) for p in notes)
    except _Unkeyed:
        return sentences(*notes)
    return shared(ctx, ("limitation.note", key), lambda: sentences(*notes))


def _years(years: list[int]) -> Text:
    """``[2028, 2029]`` as "2028 and 2029" / "2028年和2029年"."""
    return Text({"en": " and ".join(map(str, years)), "zh-CN": "和".join(f"{y}年" for y in years)})


def limitation_facts(ctx: CaseContext) -> LimitationFacts | None:
    """The limitation of the case and whether proceedings are pending (worked out once
    per assessment: the outlook and the advice read it too)."""
    return ctx.once("cn.limitation", _compute)


def limitation(ctx: CaseContext) -> Limitation | None:
    """The limitation period of the case."""
    found = limitation_facts(ctx)
    return None if found is None else found.result
