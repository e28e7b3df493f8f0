"""The check functions of the US pack's rules. Metadata (titles, citations, weights,
effective dates, messages, and a note saying exactly when each rule fires) live in
``data/rules.toml``; the conventions (covered actor, consumer, communications) are in its
header and in :mod:`loanoverdue_us.facts`.
"""

from __future__ import annotations

from datetime import time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

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
    Verdict,
    checks_registry,
)
from loanoverdue_us.facts import (
    CONSUMER_TARGETS,
    InForce,
    case_facts,
    cited_on,
    event_facts,
    spoke_with,
    target_phrase,
    wrote_to,
)
from loanoverdue_us.limitation import OPEN_END, state_limitation
from loanoverdue_us.validation import REG_F_FROM, case_validation_period, validation_notice

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

# Enum members the checks read on every call, as module constants: ``Place.PUBLIC`` is a
# lookup through the enum's metaclass, several times slower than reading a global.
_IN_PUBLIC, _AT_WORK, _ONLINE = Place.PUBLIC, Place.WORKPLACE, Place.ONLINE
_HOME_VISIT, _WORKPLACE_VISIT = Action.HOME_VISIT, Action.WORKPLACE_VISIT
_COURT, _DEBT_BUYER, _LENDER, _LAW_FIRM = Actor.COURT, Actor.DEBT_BUYER, Actor.LENDER, Actor.LAW_FIRM
_ATTORNEY, _FAMILY, _THE_PUBLIC = Target.ATTORNEY, Target.FAMILY, Target.PUBLIC
_LOCATION_INQUIRY, _CEASING = Purpose.LOCATION_INQUIRY, Purpose.CEASING_COLLECTION
_THREAT, _FALSE_CLAIM, _SHAMING = Conduct.THREAT, Conduct.FALSE_LEGAL_CLAIM, Conduct.PUBLIC_SHAMING
_IMPERSONATION_FLAG, _ILLEGAL_DEMAND = Conduct.IMPERSONATION, Conduct.ILLEGAL_DEBT_DEMAND
_REPRESENTED, _CEASE_REQUESTED, _DISPUTED = (
    ProtectionKind.REPRESENTED_BY_ATTORNEY,
    ProtectionKind.CEASE_REQUESTED,
    ProtectionKind.DISPUTED,
)
_BOUGHT = LenderKind.DEBT_BUYER


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
    """A hit on the checked event, citing what was in force on its date."""
    return Hit(verdict, params, message, None, related, cited_on(ctx.ctx, rule, ctx.view.day))


def _dated_hit(ctx: EventContext, in_force: InForce, verdict: Verdict) -> Hit:
    """A hit whose only parameter is the event's date."""
    day = ctx.view.day
    return Hit(verdict, {"date": day}, None, None, (), in_force(ctx.ctx, day))


# -- coverage ---------------------------------------------------------------------------


_COVERAGE_INFO = (Hit(INFO),)
#: Actors whose events the coverage rule lists: unknown ones, and the original creditor
#: (a lender that is not a debt buyer).
_OUTSIDE = frozenset({Actor.UNKNOWN, Actor.LENDER})


@check("us.coverage.debt_collector")
def coverage(ctx: CaseContext) -> tuple[Hit, ...]:
    if ctx.focus is not None:  # asked about one event: a finding about the case is dropped
        return ()
    if ctx.case.loan.lender.kind is _BOUGHT:  # its lender is a debt collector
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


_TIME = InForce("us.time.inconvenient")


@check("us.time.inconvenient")
def inconvenient_time(ctx: EventContext) -> Hit | None:
    facts = event_facts(ctx)
    if not facts.consumer[ctx.index]:
        return None
    case = ctx.ctx
    view = ctx.view
    day = view.day
    start: time = case.param(WINDOW_START, day)
    end: time = case.param(WINDOW_END, day)
    local = view.local.time()
    params: dict[str, object] = {"local_time": local, "start": start, "end": end, "date": day}
    if not start <= local < end:
        return Hit(V, params, None, None, (), _TIME(case, day))
    if facts.state is None:
        # the state is not known: the consumer may be in any zone (comment 6(b)(1)(i)-2)
        outside = []
        for tz in _zones(case.param(UNCERTAIN_ZONES, day)):
            there = ctx.event.at.astimezone(tz).time()
            if not start <= there < end:
                outside.append(f"{tz.key} {there:%H:%M}")
        if outside:
            return Hit(C, {**params, "zones": ", ".join(outside)}, None, None, (), _TIME(case, day))
    return Hit(P, params, None, None, (), _TIME(case, day))


_PLACE = InForce("us.place.inconvenient")
_WORKPLACE = InForce("us.place.workplace")


@check("us.place.inconvenient")
def inconvenient_place(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.place is not _IN_PUBLIC and event.action is not _HOME_VISIT:
        return None
    if not event_facts(ctx).consumer[ctx.index]:
        return None
    return _dated_hit(ctx, _PLACE, C)


@check("us.place.workplace")
def workplace(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.action is not _WORKPLACE_VISIT and event.place is not _AT_WORK:
        return None
    if not event_facts(ctx).consumer[ctx.index]:
        return None
    return _dated_hit(ctx, _WORKPLACE, C)


# -- attorney, cease communication ------------------------------------------------------


@check("us.attorney.represented")
def represented(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    facts = event_facts(ctx)
    if _REPRESENTED not in facts.protections or not facts.covered[ctx.index]:
        return None
    since = ctx.protection(_REPRESENTED)
    target = ctx.event.target
    if since is None or target is _ATTORNEY:
        return None
    if target in CONSUMER_TARGETS or ctx.event.purpose is _LOCATION_INQUIRY:
        return _hit(ctx, "us.attorney.represented", V, {"date": since, "target": target_phrase(target)})
    return None


@check("us.cease.communication")
def cease(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    facts = event_facts(ctx)
    if _CEASE_REQUESTED not in facts.protections or not facts.consumer[ctx.index]:
        return None
    since = ctx.protection(_CEASE_REQUESTED)
    if since is None:
        return None
    allowed = ctx.event.purpose in (Purpose.CEASING_COLLECTION, Purpose.REMEDY_NOTICE)
    return _hit(ctx, "us.cease.communication", P if allowed else V, {"date": since})


# -- third parties ----------------------------------------------------------------------


@check("us.third_party.communication")
def third_party(ctx: EventContext) -> Hit | None:
    event = ctx.event
    target = event.target
    if target in THIRD_PARTIES:
        verdict = V
    elif target is _FAMILY:
        verdict = C
    else:
        return None
    if event.purpose is _LOCATION_INQUIRY or not event_facts(ctx).covered[ctx.index]:
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(target)}
    return _hit(ctx, "us.third_party.communication", verdict, params)


@check("us.third_party.location_inquiry")
def location_inquiry(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.purpose is not _LOCATION_INQUIRY:
        return None
    if event.target in CONSUMER_TARGETS or event.target is _ATTORNEY:
        return None
    facts = event_facts(ctx)
    if not facts.covered[ctx.index]:
        return None
    rule = "us.third_party.location_inquiry"
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(event.target)}
    if Conduct.DISCLOSURE in event.conduct:
        return _hit(ctx, rule, V, params)
    me = (event.at, ctx.index)
    earlier = tuple(
        v.index
        for v in ctx.ctx.all_events
        if v.event.purpose is Purpose.LOCATION_INQUIRY
        and v.event.target is event.target
        and facts.covered[v.index]
        and (v.event.at, v.index) < me
    )
    if earlier:
        return _hit(ctx, rule, C, params, related=earlier)
    return _hit(ctx, rule, P, params)


# -- call frequency (Regulation F 1006.14(b)) -------------------------------------------


_SEVEN = InForce("us.call.frequency.seven_in_seven")
_AFTER = InForce("us.call.frequency.after_conversation")


@check("us.call.frequency.seven_in_seven")
def seven_in_seven(ctx: EventContext) -> Hit | None:
    facts = event_facts(ctx)
    pos = facts.call_pos.get(ctx.index)
    if pos is None:  # a call that does not count (1006.14(b)(3))
        return None
    case = ctx.ctx
    day = ctx.view.day
    limit: int = case.param(ATTEMPTS, day)
    days: int = case.param(WINDOW_DAYS, day)
    first_day = day - timedelta(days=days - 1)
    target = ctx.event.target
    # this call and the earlier counting calls to the same target, by local date
    window = facts.call_window(target, pos, first_day)
    count = len(window)
    params: dict[str, object] = {
        "count": count,
        "days": days,
        "target": target_phrase(target),
        "date": day,
    }
    return Hit(V if count > limit else P, params, None, None, window, _SEVEN(case, day))


@check("us.call.frequency.after_conversation")
def after_conversation(ctx: EventContext) -> Hit | None:
    facts = event_facts(ctx)
    pos = facts.call_pos.get(ctx.index)
    if pos is None:
        return None
    case = ctx.ctx
    day = ctx.view.day
    days: int = case.param(AFTER_CONVERSATION_DAYS, day)
    target = ctx.event.target
    # the earlier counting calls to the same target that connected, earliest first
    for at, when, index in facts.connected.get(target, ()):
        if at >= pos:
            break
        if day <= when + timedelta(days=days - 1):
            params: dict[str, object] = {"target": target_phrase(target), "date": day, "days": days}
            return Hit(V, params, None, None, (index,), _AFTER(case, day))
    return None


# -- electronic communications ----------------------------------------------------------


_OPT_OUT = InForce("us.electronic.opt_out")
_EMPLOYER_EMAIL = InForce("us.electronic.employer_email")


@check("us.electronic.opt_out")
def opt_out(ctx: EventContext) -> Hit | None:
    if not event_facts(ctx).covered[ctx.index]:
        return None
    return _dated_hit(ctx, _OPT_OUT, C)


@check("us.electronic.employer_email")
def employer_email(ctx: EventContext) -> Hit | None:
    if ctx.event.place is _AT_WORK and event_facts(ctx).consumer[ctx.index]:
        return _dated_hit(ctx, _EMPLOYER_EMAIL, C)
    return None


_SOCIAL = InForce("us.electronic.social_media")


@check("us.electronic.social_media")
def social_media(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.place is not _ONLINE:
        return None
    if event.target is not _THE_PUBLIC and _SHAMING not in event.conduct:
        return None
    if not event_facts(ctx).covered[ctx.index]:
        return None
    return _dated_hit(ctx, _SOCIAL, V)


# -- harassment, false or misleading representations, unfair practices -----------------


@check("us.conduct.harassment")
def harassment(ctx: EventContext) -> Hit | None:
    conduct = ctx.event.conduct  # the rule's `conduct` filter: HARASSING | MAYBE_HARASSING
    if not conduct.isdisjoint(HARASSING):
        verdict = V
    elif not conduct.isdisjoint(MAYBE_HARASSING):
        verdict = C
    else:
        return None
    if not event_facts(ctx).covered[ctx.index]:
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(ctx.event.target)}
    return _hit(ctx, "us.conduct.harassment", verdict, params)


@check("us.misrep.threatened_action")
def threatened_action(ctx: EventContext) -> Hit | None:
    conduct = ctx.event.conduct
    if _THREAT not in conduct or not event_facts(ctx).covered[ctx.index]:
        return None
    params: dict[str, object] = {"date": ctx.view.day, "target": target_phrase(ctx.event.target)}
    verdict = V if _FALSE_CLAIM in conduct else C
    return _hit(ctx, "us.misrep.threatened_action", verdict, params)


_FALSE = InForce("us.misrep.false_statement")


@check("us.misrep.false_statement")
def false_statement(ctx: EventContext) -> Hit | None:
    conduct = ctx.event.conduct
    if _FALSE_CLAIM not in conduct or _THREAT in conduct:
        return None
    if not event_facts(ctx).covered[ctx.index]:
        return None
    return _dated_hit(ctx, _FALSE, V)


_IMPERSONATION = InForce("us.misrep.impersonation")


@check("us.misrep.impersonation")
def impersonation(ctx: EventContext) -> Hit | None:
    if _IMPERSONATION_FLAG not in ctx.event.conduct or not event_facts(ctx).covered[ctx.index]:
        return None
    return _dated_hit(ctx, _IMPERSONATION, V)


_AMOUNT = InForce("us.unfair.unauthorized_amount")


@check("us.unfair.unauthorized_amount")
def unauthorized_amount(ctx: EventContext) -> Hit | None:
    if _ILLEGAL_DEMAND not in ctx.event.conduct or not event_facts(ctx).covered[ctx.index]:
        return None
    return _dated_hit(ctx, _AMOUNT, V)


# -- time-barred debts ------------------------------------------------------------------


@check("us.limitation.time_barred_suit")
def time_barred_suit(ctx: EventContext) -> Hit | None:
    event = ctx.event
    suit = event.action in SUITS
    if not suit and _THREAT not in event.conduct:
        return None
    if not event_facts(ctx).covered[ctx.index]:
        return None
    day = ctx.view.day
    lim = state_limitation(ctx.ctx, day, as_debt_buyer=event.actor is _DEBT_BUYER)
    if lim is None or not lim.expired_on(day):
        return None
    rule = "us.limitation.time_barred_suit"
    params: dict[str, object] = {"state": lim.state_name, "date": lim.expires}
    if not suit:
        return _hit(ctx, rule, C, {**params, "when": day}, message="threat")
    return _hit(ctx, rule, V if lim.certain else C, params)


@check("us.ca.limitation.suit_barred")
def ca_suit_barred(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is _COURT:
        return None
    day = ctx.view.day
    lim = state_limitation(ctx.ctx, day, as_debt_buyer=ctx.event.actor is _DEBT_BUYER)
    if lim is None or not lim.suit_barred or not lim.expired_on(day):
        return None
    return _hit(ctx, "us.ca.limitation.suit_barred", V if lim.certain else C, {"date": lim.expires})


@check("us.md.limitation.suit_barred")
def md_suit_barred(ctx: EventContext) -> Hit | None:
    day = ctx.view.day
    if ctx.event.actor is _COURT or not ctx.ctx.param_or("us.limitation.suit_barred", False, day):
        return None
    return _hit(ctx, "us.md.limitation.suit_barred", C, {"date": day})


@check("us.tx.limitation.debt_buyer_suit_barred")
def tx_debt_buyer_suit_barred(ctx: EventContext) -> Hit | None:
    actor = ctx.event.actor
    buyer_loan = ctx.case.loan.lender.kind is _BOUGHT
    if not (actor is _DEBT_BUYER or (buyer_loan and (actor is _LENDER or actor is _LAW_FIRM))):
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
    facts = event_facts(ctx)
    if not facts.covered[ctx.index]:
        return None
    me = (ctx.event.at, ctx.index)
    # 1006.30(a) asks for contact with the consumer (1006.2(e)): the spouse and others of
    # 1006.6(a) count as the consumer for 1006.6 only
    earlier = [
        v
        for v in ctx.ctx.all_events
        if facts.covered[v.index]
        and v.event.target is Target.BORROWER
        and not v.event.proposed
        and (v.event.at, v.index) < me
    ]
    spoken = [v for v in earlier if spoke_with(v.event)]
    rule = "us.credit.before_contact"
    day = ctx.view.day
    params: dict[str, object] = {"date": day}
    if spoken:
        return _hit(ctx, rule, P, params, related=(spoken[0].index,))
    sent = sorted(
        (v for v in earlier if wrote_to(v.event)),
        key=lambda v: (v.event.at, v.index),
    )
    if sent:
        return _hit(ctx, rule, C, {**params, "days": (day - sent[0].day).days}, related=(sent[0].index,))
    return _hit(ctx, rule, V, params)


@check("us.credit.dispute_not_flagged")
def dispute_not_flagged(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    facts = event_facts(ctx)
    if _DISPUTED not in facts.protections or not facts.covered[ctx.index]:
        return None
    since = ctx.protection(_DISPUTED)
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


def _initial_communication(ctx: CaseContext) -> EventView | None:
    return case_facts(ctx).first_communication  # found as the facts take in the events


def initial_communication(ctx: CaseContext) -> EventView | None:
    """The collector's first communication with the consumer: a call or visit that
    connected, or a written or electronic message that was delivered (or not known to
    have failed). Attempts that did not reach the consumer are not communications."""
    return ctx.derived("us.initial_communication", _initial_communication)


@check("us.validation.notice_timing")
def notice_timing(ctx: CaseContext) -> Hit | None:
    first = initial_communication(ctx)
    if first is None:
        return None
    days: int = ctx.param("us.validation.notice_deadline_days", first.day)
    deadline = first.day + timedelta(days=days)
    repaid = ctx.case.loan.repaid_on
    if repaid is not None and repaid <= deadline:
        return None
    facts = case_facts(ctx)
    # the duty is judged by the law in force at the initial communication
    cites = cited_on(ctx, "us.validation.notice_timing", first.day)
    start = (first.event.at, first.index)
    for v in facts.order:
        if (
            v.event.purpose is Purpose.VALIDATION_NOTICE
            and facts.covered[v.index]
            and (v.event.at, v.index) >= start
            and v.day <= deadline
        ):
            params: dict[str, object] = {"date": v.day, "days": days}
            return Hit(P, params, event=v.index, related=(first.index,), citations=cites)
    if ctx.today > deadline:
        return Hit(V, {"date": first.day, "days": days}, event=first.index, citations=cites)
    return Hit(C, {"date": deadline, "days": days}, event=first.index, citations=cites)


@check("us.validation.period")
def period(ctx: CaseContext) -> Hit | None:
    notice = validation_notice(ctx)
    if notice is None or notice.day < REG_F_FROM:
        return None
    found = case_validation_period(ctx)
    if found is None:  # pragma: no cover - same conditions as above
        return None
    params = {
        "date": found.end,
        "days": found.period_days,
        "notice": found.provided,
        "receipt": found.receipt,
    }
    return Hit(INFO, params, event=notice.index, citations=cited_on(ctx, "us.validation.period", notice.day))


def unknown_period_reason(ctx: CaseContext) -> str:
    """Why the validation period of the case is not known."""
    notice = validation_notice(ctx)
    if notice is None:
        return "the case records no validation notice"
    return (
        f"the validation notice of {notice.day.isoformat()} predates Regulation F's receipt assumption "
        f"(from {REG_F_FROM.isoformat()}), and the case does not record when it was received"
    )


@check("us.dispute.collection_before_verification")
def collection_before_verification(ctx: EventContext) -> Hit | None:
    if not ctx.case.borrower.protections:
        return None
    facts = event_facts(ctx)
    if _DISPUTED not in facts.protections or not facts.covered[ctx.index]:
        return None
    if ctx.event.purpose is _CEASING:
        return None
    since = ctx.protection(_DISPUTED)
    if since is None:
        return None
    found = case_validation_period(ctx.ctx)
    rule = "us.dispute.collection_before_verification"
    if found is None:
        why = unknown_period_reason(ctx.ctx)
        return _hit(ctx, rule, C, {"date": since, "why": why}, message="unknown_period")
    if since <= found.end:
        return _hit(ctx, rule, C, {"date": since})
    return None
