"""The check functions of the US pack's rules. Metadata (titles, citations, weights,
effective dates, messages, and a note saying exactly when each rule fires) live in
``data/rules.toml``; the conventions (covered actor, consumer, communications) are in its
header and in :mod:`loanoverdue_us.facts`.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import attrs

from loanoverdue.pack import (
    Action,
    Actor,
    CaseContext,
    Conduct,
    EventContext,
    EventView,
    Hit,
    LenderKind,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
    Verdict,
    checks_registry,
)
from loanoverdue_us.facts import (
    CONSUMER_TARGETS,
    call_line,
    covered_actors,
    event_facts,
    state_of,
    target_phrase,
)
from loanoverdue_us.limitation import OPEN_END, state_limitation
from loanoverdue_us.requests import (
    event_place,
    inconvenient_places,
    said_inconvenient,
    time_phrase,
)
from loanoverdue_us.validation import REG_F_FROM, case_validation_period, notices, unknown_period_reason

__all__ = ["CHECKS"]

CHECKS, check = checks_registry()

V, C, P, INFO = Verdict.VIOLATION, Verdict.CONDITIONAL, Verdict.PERMITTED, Verdict.INFO

#: Third parties: anyone but the consumer (and spouse) and the consumer's attorney.
THIRD_PARTIES = frozenset(
    {Target.EMPLOYER, Target.COLLEAGUE, Target.CONTACT, Target.NEIGHBOUR, Target.PUBLIC}
)
HARASSING = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.OBSCENE,
        Conduct.INSULT,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.PROPERTY_DAMAGE,
        Conduct.REFUSED_TO_LEAVE,
    }
)
MAYBE_HARASSING = frozenset(
    {Conduct.THREAT, Conduct.ENTERED_WITHOUT_CONSENT, Conduct.PHOTOGRAPHED, Conduct.PUBLIC_SHAMING}
)
SUITS = frozenset({Action.LAWSUIT, Action.ARBITRATION})

WINDOW_START = "us.call.window_start"
WINDOW_END = "us.call.window_end"
UNCERTAIN_ZONES = "us.call.uncertain_location_zones"
ATTEMPTS = "us.call.frequency_attempts"
WINDOW_DAYS = "us.call.frequency_window_days"
AFTER_CONVERSATION_DAYS = "us.call.after_conversation_days"


def _hit(
    ctx: EventContext,
    rule: str,
    verdict: Verdict,
    params: dict[str, object],
    message: str | None = None,
    related: tuple[int, ...] = (),
) -> Hit:
    """A hit on the checked event (the engine cites what was in force on its date)."""
    return Hit(verdict, params, message, None, related)


def _to_consumer(ctx: EventContext) -> bool:
    """The event is a covered actor's (see :func:`~loanoverdue_us.facts.covered`) to the
    consumer (:data:`~loanoverdue_us.facts.CONSUMER_TARGETS`)."""
    event = ctx.event
    return event.actor in covered_actors(ctx.case) and event.target in CONSUMER_TARGETS


def _dated_hit(ctx: EventContext, verdict: Verdict) -> Hit:
    """A hit whose only parameter is the event's date (the engine cites what was in
    force on it)."""
    return Hit(verdict, {"date": ctx.view.day})


# -- coverage ---------------------------------------------------------------------------


_COVERAGE_INFO = (Hit(INFO),)
#: Actors whose events the coverage rule lists: unknown ones, and the original creditor
#: (a lender that is not a debt buyer).
_OUTSIDE = frozenset({Actor.UNKNOWN, Actor.LENDER})


@check("us.coverage.debt_collector")
def coverage(ctx: CaseContext) -> tuple[Hit, ...]:
    if ctx.focus is not None:  # its hits are about the case, never about one event
        return ()
    if ctx.case.loan.lender.kind is LenderKind.DEBT_BUYER:  # its lender is a debt collector
        outside = tuple([v.index for v in ctx.events if v.event.actor is Actor.UNKNOWN])
    else:
        outside = tuple([v.index for v in ctx.events if v.event.actor in _OUTSIDE])
    if outside:
        return (_COVERAGE_INFO[0], Hit(C, related=outside))
    return _COVERAGE_INFO


# -- time and place ---------------------------------------------------------------------


@lru_cache(maxsize=16)
def _zones(spec: str) -> tuple[ZoneInfo, ...]:
    return tuple(ZoneInfo(name) for name in spec.split())


@check("us.time.inconvenient")
def inconvenient_time(ctx: EventContext) -> Hit | None:
    if not _to_consumer(ctx):
        return None
    case = ctx.ctx
    view = ctx.view
    day = view.day
    start: time = ctx.param(WINDOW_START)
    end: time = ctx.param(WINDOW_END)
    local = view.local.time()
    borrower = ctx.case.borrower
    to_borrower = borrower.protections and ctx.event.target is Target.BORROWER
    if to_borrower and said_inconvenient(borrower, view.local) is not None:
        return None  # a time the consumer said is inconvenient: us.time.designated judges it
    params: dict[str, object] = {"local_time": local, "start": start, "end": end, "date": day}
    if not start <= local < end:
        if ctx.event.by_borrower:
            # the consumer's own contact is with the consumer's prior consent (1006.6(b)(4)(i),
            # comment 6(b)(2)-1): the collector may respond on it (comment 6(b)(1)-2)
            return Hit(P, params, "initiated", None, (), None)
        consent = borrower.consent_at(view.local, ctx.event.action) if to_borrower else None
        if consent is not None:  # the consumer's prior consent to contact then (1006.6(b)(4)(i))
            params = {**params, "since": consent.since}
            return Hit(P, params, "consent", None, (), None)
        return Hit(V, params, None, None, (), None)
    if ctx.event.by_borrower:  # the consumer's own contact, at a time the consumer chose
        return Hit(P, params, None, None, (), None)
    others = ctx.case.borrower.other_timezones
    if others:
        # the collector's information places the consumer in several zones: a time
        # convenient in each of them (comment 6(b)(1)(i)-2)
        outside = []
        for tz in ctx.case.borrower.other_tzs:
            there = ctx.event.at.astimezone(tz).time()
            if not start <= there < end:
                outside.append(f"{tz.key} {there:%H:%M}")
        if outside:
            params = {**params, "zones": ", ".join(outside)}
            return Hit(C, params, "candidates", None, (), None)
        return Hit(P, params, None, None, (), None)
    if state_of(case.chain) is None:
        # the state is not known: the consumer may be in any zone (comment 6(b)(1)(i)-2)
        outside = []
        for tz in _zones(case.param(UNCERTAIN_ZONES, day)):
            there = ctx.event.at.astimezone(tz).time()
            if not start <= there < end:
                outside.append(f"{tz.key} {there:%H:%M}")
        if outside:
            return Hit(C, {**params, "zones": ", ".join(outside)}, None, None, (), None)
    return Hit(P, params, None, None, (), None)


def _designates_times(ctx: CaseContext) -> bool:
    return any(p.kind is ProtectionKind.INCONVENIENT_TIME for p in ctx.case.borrower.protections)


def _designates_places(ctx: CaseContext) -> bool:
    return any(p.kind is ProtectionKind.INCONVENIENT_PLACE for p in ctx.case.borrower.protections)


def _answered(ctx: EventContext) -> EventView | None:
    """The borrower's own contact this event answers: the last event with the borrower
    before it, if the borrower initiated it, on the same local day, in the same medium
    (comment 6(b)(1)-2: the collector may respond once, through that medium)."""
    last = event_facts(ctx).last_with_borrower(ctx.view)
    if last is None or not last.event.by_borrower:
        return None
    if last.event.action is not ctx.event.action or last.day != ctx.view.day:
        return None
    return last


@check("us.time.designated", applies=_designates_times, keeps=(True, False))
def designated_time(ctx: EventContext) -> Hit | None:
    event = ctx.event  # to the borrower (the rule's targets)
    if not _to_consumer(ctx):
        return None
    view = ctx.view
    borrower = ctx.case.borrower
    said = said_inconvenient(borrower, view.local)
    if said is None:
        return None
    day = view.day
    params: dict[str, object] = {
        "local_time": view.local.time(),
        "date": day,
        "since": said.since,
        "times": time_phrase(said),
    }
    if event.by_borrower:
        return Hit(P, params, "initiated", None, (), None)
    consent = borrower.consent_at(view.local, event.action)
    if consent is not None and consent.since >= said.since:
        return Hit(P, {**params, "consent": consent.since}, "consent", None, (), None)
    answered = _answered(ctx)
    if answered is not None and said.covers(answered.local):
        return Hit(P, params, "response", None, (answered.index,), None)
    return Hit(V, params, None, None, (), None)


#: Media tied to a place (a mailing address, a landline): a letter or call that names no
#: place may have gone there (comment 6(b)(1)(ii)-1).
_PLACE_MEDIA = frozenset({Action.CALL, Action.LETTER, Action.LAWYER_LETTER, Action.NOTICE})


@check("us.place.designated", applies=_designates_places, keeps=(True, False))
def designated_place(ctx: EventContext) -> Hit | None:
    event = ctx.event  # to the borrower (the rule's targets)
    if not _to_consumer(ctx):
        return None
    day = ctx.view.day
    places, since = inconvenient_places(ctx.case.borrower, day)
    if not places or since is None:
        return None
    where = event_place(event)
    names = ", ".join(sorted(p.value for p in places))
    params: dict[str, object] = {"date": day, "since": since, "places": names}
    if where is None:
        if event.action in _PLACE_MEDIA and not event.by_borrower:
            # it may have gone to the place, by its address or landline
            return Hit(C, params, "media", None, (), None)
        return None  # a mobile number or an electronic address: tied to no place
    if where not in places:
        return None
    params["place"] = where.value
    if event.by_borrower:
        return Hit(P, params, "initiated", None, (), None)
    answered = _answered(ctx)
    if answered is not None and event_place(answered.event) is where:
        return Hit(P, params, "response", None, (answered.index,), None)
    return Hit(V, params, None, None, (), None)



@check("us.place.inconvenient")
def inconvenient_place(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.place is not Place.PUBLIC and event.action is not Action.HOME_VISIT:
        return None
    if event.by_borrower or not _to_consumer(ctx):
        return None
    return _dated_hit(ctx, C)


@check("us.place.workplace")
def workplace(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.action is not Action.WORKPLACE_VISIT and event.place is not Place.WORKPLACE:
        return None
    if event.by_borrower or not _to_consumer(ctx):
        return None
    if ctx.case.borrower.protections:
        since = ctx.protection(ProtectionKind.NO_CONTACT_AT_WORK)
        if since is not None:  # the collector knows the employer forbids it
            day = ctx.view.day
            return Hit(V, {"date": day, "since": since})
    return _dated_hit(ctx, C)


# -- attorney, cease communication ------------------------------------------------------


@check("us.attorney.represented")
def represented(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    since = ctx.protection(ProtectionKind.REPRESENTED_BY_ATTORNEY)
    if since is None:
        return None
    target = ctx.event.target  # anyone but the attorney (the rule's targets)
    if target in CONSUMER_TARGETS or (
        ctx.event.purpose is Purpose.LOCATION_INQUIRY and target is not Target.GUARANTOR
    ):
        params: dict[str, object] = {"date": since, "target": target_phrase(target)}
        if ctx.event.by_borrower:  # the consumer's own contact: prior consent (comment 6(b)(2)-1)
            return _hit(ctx, "us.attorney.represented", P, params, message="initiated")
        return _hit(ctx, "us.attorney.represented", V, params)
    return None


def _in_writing(ctx: EventContext, kind: ProtectionKind) -> tuple[date | None, date | None]:
    """Since when the borrower's protection ``kind`` in effect on the event's day was made
    in writing (or not said to be oral), and since when only orally: ``(written, oral)``."""
    written: date | None = None
    oral: date | None = None
    day = ctx.view.day
    for p in ctx.case.borrower.protections:  # by ``since``
        if p.kind is kind and p.in_effect(day):
            if p.in_writing is False:
                oral = oral or p.since
            elif written is None:
                written = p.since
    return written, oral


@check("us.cease.communication")
def cease(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    if not _to_consumer(ctx):
        return None
    if ctx.event.debt is not None:  # the notice is about this debt (1692c(c): "such debt")
        return None
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    if since is None:
        return None
    written, oral = _in_writing(ctx, ProtectionKind.CEASE_REQUESTED)
    if written is None and oral is not None:  # 1692c(c) asks for a written notice
        return _hit(ctx, "us.cease.communication", C, {"date": oral}, message="oral")
    since = written or since
    allowed = ctx.event.purpose in (Purpose.CEASING_COLLECTION, Purpose.REMEDY_NOTICE)
    if ctx.event.by_borrower and not allowed:
        return _hit(ctx, "us.cease.communication", C, {"date": since}, message="initiated")
    return _hit(ctx, "us.cease.communication", P if allowed else V, {"date": since})


# -- third parties ----------------------------------------------------------------------


@check("us.third_party.communication")
def third_party(ctx: EventContext) -> Hit | None:
    event = ctx.event
    target = event.target
    verdict = V if target in THIRD_PARTIES else C  # else family (the rule's targets)
    if event.purpose is Purpose.LOCATION_INQUIRY or ctx.event.actor not in covered_actors(ctx.case):
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(target)}
    return _hit(ctx, "us.third_party.communication", verdict, params)


@check("us.third_party.location_inquiry")
def location_inquiry(ctx: EventContext) -> Hit | None:
    event = ctx.event
    # to persons other than the consumer, the attorney and a guarantor, who owes the
    # debt (the rule's targets): 1692b
    if event.purpose is not Purpose.LOCATION_INQUIRY:
        return None
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    rule = "us.third_party.location_inquiry"
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(event.target)}
    if Conduct.DISCLOSURE in event.conduct:
        return _hit(ctx, rule, V, params)
    # the earlier inquiries of a covered collector to the same person, in time order
    count, earlier = event_facts(ctx).inquiries_before(ctx.view)
    if count:
        hit = _hit(ctx, rule, C, params, related=earlier)
        return hit if count == len(earlier) else attrs.evolve(hit, related_count=count)
    return _hit(ctx, rule, P, params)


# -- call frequency (Regulation F 1006.14(b)) -------------------------------------------


@check("us.call.frequency.seven_in_seven")
def seven_in_seven(ctx: EventContext) -> Hit | None:
    facts = event_facts(ctx)
    pos = facts.call_position(ctx.index)
    if pos is None:  # a call that does not count (1006.14(b)(3))
        if facts.consented:
            consent = facts.consented.get(ctx.index)
            if consent is not None:  # placed with the person's prior consent (1006.14(b)(3)(i))
                day = ctx.view.day
                given: dict[str, object] = {
                    "since": consent.since,
                    "target": target_phrase(ctx.event.target),
                    "date": day,
                }
                return Hit(P, given, "consent", None, (), None)
        return None
    day = ctx.view.day
    limit: int = ctx.param(ATTEMPTS)
    days: int = ctx.param(WINDOW_DAYS)
    first_day = day - timedelta(days=days - 1)
    target = ctx.event.target
    # this call and the earlier counting calls to the same target, by local date
    count, window = facts.call_window_counted(call_line(ctx.event), pos, first_day)
    params: dict[str, object] = {
        "count": count,
        "days": days,
        "target": target_phrase(target),
        "date": day,
    }
    return Hit(V if count > limit else P, params, None, None, window, None, count)


@check("us.call.frequency.after_conversation")
def after_conversation(ctx: EventContext) -> Hit | None:
    facts = event_facts(ctx)
    pos = facts.call_position(ctx.index)
    if pos is None:
        return None
    day = ctx.view.day
    days: int = ctx.param(AFTER_CONVERSATION_DAYS)
    target = ctx.event.target
    # the first earlier counting call to the same target that connected in the window
    found = facts.conversation_since(call_line(ctx.event), pos, day - timedelta(days=days - 1))
    if found is not None:
        params: dict[str, object] = {"target": target_phrase(target), "date": day, "days": days}
        return Hit(V, params, None, None, (found[2],), None)
    return None


# -- prohibited communication media (Regulation F 1006.14(h)) ---------------------------




def _refuses_media(ctx: CaseContext) -> bool:
    return any(p.kind is ProtectionKind.MEDIUM_REFUSED for p in ctx.case.borrower.protections)


@check("us.medium.refused", applies=_refuses_media, keeps=(True, False))
def medium_refused(ctx: EventContext) -> Hit | None:
    event = ctx.event  # to the borrower (the rule's targets)
    action = event.action
    day = ctx.view.day
    refused = [
        p
        for p in ctx.case.borrower.protections
        if p.kind is ProtectionKind.MEDIUM_REFUSED and action in p.media and p.in_effect(day)
    ]
    if not refused or ctx.event.actor not in covered_actors(ctx.case):
        return None
    since = refused[0].since
    params: dict[str, object] = {"date": since, "when": day, "medium": action.value.replace("_", " ")}
    citations = None  # the event's day: the engine cites what was in force then
    if event.by_borrower:
        return Hit(P, params, "initiated", None, (), citations)
    # the last event in this medium with the consumer before this one, since the request
    last = event_facts(ctx).last_in_medium(ctx.view, since)
    if last is not None and last.event.by_borrower:
        return Hit(P, params, "response", None, (last.index,), citations)
    return Hit(V, params, None, None, (), citations)


# -- electronic communications ----------------------------------------------------------


# -- harassment, false or misleading representations, unfair practices -----------------


@check("us.conduct.harassment")
def harassment(ctx: EventContext) -> Hit | None:
    conduct = ctx.event.conduct  # the rule's `conduct` filter: HARASSING | MAYBE_HARASSING
    # a threat of violence is barred outright (1692d(1)); the rest of MAYBE_HARASSING may be
    verdict = V if not conduct.isdisjoint(HARASSING) or Threatened.VIOLENCE in ctx.event.threatened else C
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(ctx.event.target)}
    return _hit(ctx, "us.conduct.harassment", verdict, params)


@check("us.misrep.threatened_action")
def threatened_action(ctx: EventContext) -> Hit | None:
    conduct = ctx.event.conduct  # with a threat (the rule's conduct)
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(ctx.event.target)}
    if Threatened.ARREST in ctx.event.threatened and Conduct.FALSE_LEGAL_CLAIM not in conduct:
        # non-payment of a debt does not lead to arrest (1692e(4)); the message says so
        return _hit(ctx, "us.misrep.threatened_action", V, params, message="arrest")
    verdict = V if Conduct.FALSE_LEGAL_CLAIM in conduct else C
    return _hit(ctx, "us.misrep.threatened_action", verdict, params)


# -- time-barred debts ------------------------------------------------------------------


@check("us.limitation.time_barred_suit")
def time_barred_suit(ctx: EventContext) -> Hit | None:
    event = ctx.event
    suit = event.action in SUITS
    if not suit and (
        Conduct.THREAT not in event.conduct or (event.threatened and Threatened.SUIT not in event.threatened)
    ):
        return None  # no suit, and no threat of one
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    day = ctx.view.day
    lim = state_limitation(ctx.ctx, day, as_debt_buyer=event.actor is Actor.DEBT_BUYER)
    if lim is None or not lim.expired_on(day):
        return None
    rule = "us.limitation.time_barred_suit"
    params: dict[str, object] = {"state": lim.state_name, "date": lim.expires}
    if not suit:
        if Threatened.SUIT in event.threatened:  # a threat to sue on a time-barred debt (1006.26(b))
            return _hit(ctx, rule, V if lim.certain else C, {**params, "when": day}, message="threat_of_suit")
        return _hit(ctx, rule, C, {**params, "when": day}, message="threat")
    return _hit(ctx, rule, V if lim.certain else C, params)


@check("us.ca.limitation.suit_barred")
def ca_suit_barred(ctx: EventContext) -> Hit | None:
    day = ctx.view.day
    lim = state_limitation(ctx.ctx, day, as_debt_buyer=ctx.event.actor is Actor.DEBT_BUYER)
    if lim is None or not lim.suit_barred or not lim.expired_on(day):
        return None
    return _hit(ctx, "us.ca.limitation.suit_barred", V if lim.certain else C, {"date": lim.expires})


@check("us.md.limitation.suit_barred")
def md_suit_barred(ctx: EventContext) -> Hit | None:
    day = ctx.view.day
    if not ctx.ctx.param_or("us.limitation.suit_barred", False, day):
        return None
    return _hit(ctx, "us.md.limitation.suit_barred", C, {"date": day})


@check("us.tx.limitation.debt_buyer_suit_barred")
def tx_debt_buyer_suit_barred(ctx: EventContext) -> Hit | None:
    # by a debt buyer, a lender or a law firm (the rule's actors): the two others only
    # when the loan's lender is a debt buyer
    if ctx.event.actor is not Actor.DEBT_BUYER and ctx.case.loan.lender.kind is not LenderKind.DEBT_BUYER:
        return None
    day = ctx.view.day
    lim = state_limitation(ctx.ctx, day, as_debt_buyer=True)
    if lim is None or not lim.debt_buyer_suit_barred or not lim.expired_on(day):
        return None
    return _hit(
        ctx, "us.tx.limitation.debt_buyer_suit_barred", V if lim.certain else C, {"date": lim.expires}
    )


# -- credit reporting -------------------------------------------------------------------


@check("us.credit.before_contact")
def credit_before_contact(ctx: EventContext) -> Hit | None:
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    facts = event_facts(ctx)
    rule = "us.credit.before_contact"
    view = ctx.view
    day = view.day
    params: dict[str, object] = {"date": day}
    # 1006.30(a) asks for contact with the consumer (1006.2(e)) about the debt: the
    # spouse and others of 1006.6(a) count as the consumer for 1006.6 only, and an event
    # about another debt of the borrower's (``debt``) does not count
    spoken = facts.spoken_before(view)
    if spoken is not None:
        return _hit(ctx, rule, P, params, related=(spoken,))
    sent = facts.sent
    if sent is not None and (sent.ts, sent.index) < (view.ts, ctx.index):
        return _hit(ctx, rule, C, {**params, "days": (day - sent.day).days}, related=(sent.index,))
    return _hit(ctx, rule, V, params)


# -- sale, transfer or placement of a paid debt (Regulation F 1006.30(b)) ---------------


@check("us.placement.paid_debt")
def placement_paid_debt(ctx: EventContext) -> Hit | None:
    repaid = ctx.case.loan.repaid_on
    if repaid is None:
        return None
    day = ctx.view.day
    if repaid > day or ctx.event.actor not in covered_actors(ctx.case):
        return None
    key = "sold" if ctx.event.action is Action.DEBT_SALE else "placed"
    params: dict[str, object] = {"date": repaid, "when": day}
    return Hit(C, params, key, None, (), None)


@check("us.credit.dispute_not_flagged")
def dispute_not_flagged(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    since = ctx.protection(ProtectionKind.DISPUTED)
    if since is None:
        return None
    return _hit(ctx, "us.credit.dispute_not_flagged", C, {"date": since})


@check("us.charge_off.timing")
def charge_off(ctx: CaseContext) -> Hit | None:
    loan = ctx.case.loan
    if loan.lender.kind not in (LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER) or loan.repaid_on is not None:
        return None
    if loan.product in OPEN_END:
        key, pid = "open_end", "us.charge_off.open_end_days"
    elif loan.product in (Product.INSTALLMENT, Product.PAYDAY):
        key, pid = "closed_end", "us.charge_off.closed_end_days"
    else:
        return None
    days: int = ctx.param(pid)
    substandard: int = ctx.param("us.charge_off.substandard_days")
    params = {
        "days": days,
        "date": loan.due_date + timedelta(days=days),
        "substandard": substandard,
        "substandard_date": loan.due_date + timedelta(days=substandard),
    }
    return Hit(INFO, params, message=key)


# -- validation notice, validation period, disputes -------------------------------------


_TIMING = "us.validation.notice_timing"
#: What a timing finding rests on: the duty, and for a notice that came back the duty to
#: send in a manner reasonably expected to provide actual notice (the rule also cites the
#: definitions its reading rests on; ``loanoverdue explain`` shows them).
_TIMING_DUTY = frozenset({("us.fdcpa", "1692g(a)"), ("us.reg_f", "1006.34(a)(1)")})
_TIMING_RETURNED = _TIMING_DUTY | {
    ("us.reg_f", "1006.42(a)(1)"),
    ("us.reg_f.interpretations", "comment 42(a)(1)-2"),
}
_PERIOD = "us.validation.period"
_PERIOD_BASE = frozenset(
    {
        ("us.fdcpa", "1692g(a)"),
        ("us.fdcpa", "1692g(b)"),
        ("us.reg_f", "1006.34(b)(5)"),
        ("us.reg_f", "1006.38(b)"),
        ("us.usc5_6103", "6103(a)"),
    }
)
_PERIOD_FDCPA = frozenset({("us.fdcpa", "1692g(a)"), ("us.fdcpa", "1692g(b)")})
_PERIOD_RECEIVED = _PERIOD_BASE | {("us.reg_f.interpretations", "comment 34(b)(5)-1")}
_PERIOD_RETURNED = _PERIOD_BASE | {
    ("us.reg_f.interpretations", "comment 34(b)(5)-2"),
    ("us.reg_f.interpretations", "comment 42(a)(1)-2"),
}


def _not_a_notice(ctx: CaseContext, *, initial: bool) -> bool:
    """Whether the event a question is about (``ctx.focus``) cannot be a validation
    notice (its purpose is another) and, with ``initial``, cannot be the initial
    communication either (it is proposed: only what happened communicates). The
    validation rules' findings are about those events alone, so then none is about it."""
    focus = ctx.focus
    if focus is None:
        return False
    event = ctx.all_events[focus].event
    return event.purpose is not Purpose.VALIDATION_NOTICE and (event.proposed or not initial)


@check("us.validation.notice_timing")
def notice_timing(ctx: CaseContext) -> Hit | None:
    if _not_a_notice(ctx, initial=True):  # its finding is about the initial communication or a notice
        return None
    found = notices(ctx)
    first = found.initial
    if first is None:
        return None
    days: int = ctx.param("us.validation.notice_deadline_days", first.day)
    deadline = first.day + timedelta(days=days)
    repaid = ctx.case.loan.repaid_on
    if repaid is not None and repaid <= deadline:
        return None
    # the duty is judged by the law in force at the initial communication
    cites = ctx.cited_on(_TIMING, first.day, among=_TIMING_DUTY)
    start = (first.event.at, first.index)
    # the notice provided first (validation_notice) unless it precedes the initial
    # communication, which only a notice sent before Regulation F or a planned one can
    for v in found.provided:
        if (v.event.at, v.index) >= start and v.day <= deadline:
            params: dict[str, object] = {"date": v.day, "days": days}
            return Hit(P, params, event=v.index, related=(first.index,), citations=cites)
    back = tuple(v for v in found.returned if (v.event.at, v.index) >= start and v.day <= deadline)
    late = ctx.today > deadline
    params = {"date": first.day if late else deadline, "days": days}
    if back:
        params["returned"] = back[0].day
        key = "returned_violation" if late else "returned_conditional"
        related = tuple(v.index for v in back)
        cites = ctx.cited_on(_TIMING, first.day, among=_TIMING_RETURNED)
        return Hit(V if late else C, params, key, first.index, related, cites)
    return Hit(V if late else C, params, event=first.index, citations=cites)


@check("us.validation.period")
def period(ctx: CaseContext) -> Hit | None:
    if _not_a_notice(ctx, initial=False):  # its finding is about the notice provided
        return None
    found_notices = notices(ctx)
    notice = found_notices.notice
    if notice is None:
        return None
    received = notice.event.received_on
    if notice.day < REG_F_FROM and received is None:
        return None
    found = case_validation_period(ctx)
    if found is None:  # pragma: no cover - same conditions as above
        return None
    params: dict[str, object] = {
        "date": found.end,
        "days": found.period_days,
        "notice": found.provided,
        "receipt": found.receipt,
    }
    if notice.day < REG_F_FROM:  # the FDCPA's thirty days after the receipt recorded
        cites = ctx.cited_on(_PERIOD, notice.day, among=_PERIOD_FDCPA)
        return Hit(INFO, params, "received_fdcpa", notice.index, (), cites)
    back = found_notices.returned_before(notice)
    if back:
        params["returned"] = back[0].day
        related = tuple(v.index for v in back)
        cites = ctx.cited_on(_PERIOD, notice.day, among=_PERIOD_RETURNED)
        return Hit(INFO, params, "after_returned", notice.index, related, cites)
    if received is not None:  # known, but the assumed receipt may still be used
        params["received"] = received
        cites = ctx.cited_on(_PERIOD, notice.day, among=_PERIOD_RECEIVED)
        return Hit(INFO, params, "received", notice.index, (), cites)
    cites = ctx.cited_on(_PERIOD, notice.day, among=_PERIOD_BASE)
    return Hit(INFO, params, event=notice.index, citations=cites)


@check("us.dispute.collection_before_verification")
def collection_before_verification(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    if ctx.event.actor not in covered_actors(ctx.case):
        return None
    if ctx.event.purpose is Purpose.CEASING_COLLECTION:
        return None
    since = ctx.protection(ProtectionKind.DISPUTED)
    if since is None:
        return None
    written, _ = _in_writing(ctx, ProtectionKind.DISPUTED)
    if written is None:  # only an oral dispute: no duty to stop until verification (1692g(b))
        return None
    since = written
    found = case_validation_period(ctx.ctx)
    rule = "us.dispute.collection_before_verification"
    if found is None:
        why = unknown_period_reason(ctx.ctx)
        return _hit(ctx, rule, C, {"date": since, "why": why}, message="unknown_period")
    if since <= found.end:
        return _hit(ctx, rule, C, {"date": since})
    return None
