"""The check functions of the US pack's rules. Metadata (titles, citations, weights,
effective dates, messages, and a note saying exactly when each rule fires) live in
``data/rules.toml``; the conventions (covered actor, consumer, communications) are in its
header and in :mod:`loanoverdue_us.facts`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from loanoverdue.engine.context import CaseContext, EventContext, EventView
from loanoverdue.law import Hit, Verdict
from loanoverdue.law.data import checks_registry
from loanoverdue.model import (
    Action,
    Actor,
    Conduct,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
)
from loanoverdue_us.facts import (
    COMMUNICATIONS,
    CONSUMER_TARGETS,
    WRITTEN,
    covered,
    is_collector,
    state_code,
    target_phrase,
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


def _covered(ctx: EventContext) -> bool:
    return covered(ctx.event, ctx.case.loan)


def _to_consumer(ctx: EventContext) -> bool:
    return _covered(ctx) and ctx.event.target in CONSUMER_TARGETS


def _hm(t: time) -> str:
    return t.strftime("%H:%M")


# -- coverage ---------------------------------------------------------------------------


@check("us.coverage.debt_collector")
def coverage(ctx: CaseContext) -> Iterator[Hit]:
    yield Hit(INFO)
    loan = ctx.case.loan
    outside = tuple(
        v.index
        for v in ctx.events
        if v.event.actor is Actor.UNKNOWN
        or (v.event.actor is Actor.LENDER and not is_collector(v.event.actor, loan))
    )
    if outside:
        yield Hit(C, related=outside)


# -- time and place ---------------------------------------------------------------------


@lru_cache(maxsize=16)
def _zones(spec: str) -> tuple[ZoneInfo, ...]:
    return tuple(ZoneInfo(name) for name in spec.split())


@check("us.time.inconvenient")
def inconvenient_time(ctx: EventContext) -> Hit | None:
    if not _to_consumer(ctx):
        return None
    start: time = ctx.param("us.call.window_start")
    end: time = ctx.param("us.call.window_end")
    local = ctx.local.time()
    params = {"local_time": _hm(local), "start": _hm(start), "end": _hm(end), "date": ctx.day.isoformat()}
    if not start <= local < end:
        return Hit(V, params)
    if state_code(ctx.ctx) is None:
        # the state is not known: the consumer may be in any zone (comment 6(b)(1)(i)-2)
        outside = []
        for tz in _zones(ctx.param("us.call.uncertain_location_zones")):
            there = ctx.event.at.astimezone(tz)
            if not start <= there.time() < end:
                outside.append(f"{tz.key} {_hm(there.time())}")
        if outside:
            return Hit(C, {**params, "zones": ", ".join(outside)})
    return Hit(P, params)


@check("us.place.inconvenient")
def inconvenient_place(ctx: EventContext) -> Hit | None:
    if not _to_consumer(ctx):
        return None
    if ctx.event.place is Place.PUBLIC or ctx.event.action is Action.HOME_VISIT:
        return Hit(C, {"date": ctx.day.isoformat()})
    return None


@check("us.place.workplace")
def workplace(ctx: EventContext) -> Hit | None:
    if not _to_consumer(ctx):
        return None
    if ctx.event.action is Action.WORKPLACE_VISIT or ctx.event.place is Place.WORKPLACE:
        return Hit(C, {"date": ctx.day.isoformat()})
    return None


# -- attorney, cease communication ------------------------------------------------------


@check("us.attorney.represented")
def represented(ctx: EventContext) -> Hit | None:
    if not _covered(ctx):
        return None
    since = ctx.protection(ProtectionKind.REPRESENTED_BY_ATTORNEY)
    if since is None or ctx.event.target is Target.ATTORNEY:
        return None
    if ctx.event.target in CONSUMER_TARGETS or ctx.event.purpose is Purpose.LOCATION_INQUIRY:
        return Hit(V, {"date": since.isoformat(), "target": target_phrase(ctx.event.target)})
    return None


@check("us.cease.communication")
def cease(ctx: EventContext) -> Hit | None:
    if not _to_consumer(ctx):
        return None
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    if since is None:
        return None
    if ctx.event.purpose in (Purpose.CEASING_COLLECTION, Purpose.REMEDY_NOTICE):
        return Hit(P, {"date": since.isoformat()})
    return Hit(V, {"date": since.isoformat()})


# -- third parties ----------------------------------------------------------------------


@check("us.third_party.communication")
def third_party(ctx: EventContext) -> Hit | None:
    if not _covered(ctx) or ctx.event.purpose is Purpose.LOCATION_INQUIRY:
        return None
    params = {"date": ctx.day.isoformat(), "target": target_phrase(ctx.event.target)}
    if ctx.event.target in THIRD_PARTIES:
        return Hit(V, params)
    if ctx.event.target is Target.FAMILY:
        return Hit(C, params)
    return None


@check("us.third_party.location_inquiry")
def location_inquiry(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not _covered(ctx) or event.purpose is not Purpose.LOCATION_INQUIRY:
        return None
    if event.target in CONSUMER_TARGETS or event.target is Target.ATTORNEY:
        return None
    params = {"date": ctx.day.isoformat(), "target": target_phrase(event.target)}
    if event.has(Conduct.DISCLOSURE):
        return Hit(V, params)
    loan = ctx.case.loan
    earlier = tuple(
        v.index
        for v in ctx.ctx.all_events
        if v.event.purpose is Purpose.LOCATION_INQUIRY
        and v.event.target is event.target
        and covered(v.event, loan)
        and (v.event.at, v.index) < (event.at, ctx.index)
    )
    if earlier:
        return Hit(C, params, related=earlier)
    return Hit(P, params)


# -- call frequency (Regulation F 1006.14(b)) -------------------------------------------


def _counts(view: EventView, ctx: CaseContext) -> bool:
    """Whether a call counts towards the presumptions (1006.14(b)(3)): made by a
    covered collector, connected to the dialled number, not to the consumer's attorney."""
    e = view.event
    return (
        e.action is Action.CALL
        and covered(e, ctx.case.loan)
        and e.outcome is not Outcome.FAILED
        and e.target is not Target.ATTORNEY
    )


def _calls_to(ctx: CaseContext, target: Target) -> list[EventView]:
    calls = [v for v in ctx.all_events if v.event.target is target and _counts(v, ctx)]
    calls.sort(key=lambda v: (v.event.at, v.index))
    return calls


@check("us.call.frequency.seven_in_seven")
def seven_in_seven(ctx: EventContext) -> Hit | None:
    if not _counts(ctx.view, ctx.ctx):
        return None
    limit: int = ctx.param("us.call.frequency_attempts")
    days: int = ctx.param("us.call.frequency_window_days")
    first_day = ctx.day - timedelta(days=days - 1)
    me = (ctx.event.at, ctx.index)
    window = tuple(
        v.index
        for v in _calls_to(ctx.ctx, ctx.event.target)
        if first_day <= v.day and (v.event.at, v.index) <= me
    )
    params = {
        "count": len(window),
        "days": days,
        "target": target_phrase(ctx.event.target),
        "date": ctx.day.isoformat(),
    }
    return Hit(V if len(window) > limit else P, params, related=window)


@check("us.call.frequency.after_conversation")
def after_conversation(ctx: EventContext) -> Hit | None:
    if not _counts(ctx.view, ctx.ctx):
        return None
    days: int = ctx.param("us.call.after_conversation_days")
    me = (ctx.event.at, ctx.index)
    for v in _calls_to(ctx.ctx, ctx.event.target):
        if (v.event.at, v.index) >= me:
            break
        if v.event.outcome is Outcome.CONNECTED and ctx.day <= v.day + timedelta(days=days - 1):
            params = {"target": target_phrase(ctx.event.target), "date": ctx.day.isoformat(), "days": days}
            return Hit(V, params, related=(v.index,))
    return None


# -- electronic communications ----------------------------------------------------------


@check("us.electronic.opt_out")
def opt_out(ctx: EventContext) -> Hit | None:
    return Hit(C, {"date": ctx.day.isoformat()}) if _covered(ctx) else None


@check("us.electronic.employer_email")
def employer_email(ctx: EventContext) -> Hit | None:
    if _to_consumer(ctx) and ctx.event.place is Place.WORKPLACE:
        return Hit(C, {"date": ctx.day.isoformat()})
    return None


@check("us.electronic.social_media")
def social_media(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not _covered(ctx) or event.place is not Place.ONLINE:
        return None
    if event.target is Target.PUBLIC or event.has(Conduct.PUBLIC_SHAMING):
        return Hit(V, {"date": ctx.day.isoformat()})
    return None


# -- harassment, false or misleading representations, unfair practices -----------------


@check("us.conduct.harassment")
def harassment(ctx: EventContext) -> Hit | None:
    if not _covered(ctx):
        return None
    params = {"date": ctx.day.isoformat(), "target": target_phrase(ctx.event.target)}
    if ctx.event.has(*HARASSING):
        return Hit(V, params)
    if ctx.event.has(*MAYBE_HARASSING):
        return Hit(C, params)
    return None


@check("us.misrep.threatened_action")
def threatened_action(ctx: EventContext) -> Hit | None:
    if not _covered(ctx) or not ctx.event.has(Conduct.THREAT):
        return None
    params = {"date": ctx.day.isoformat(), "target": target_phrase(ctx.event.target)}
    return Hit(V if ctx.event.has(Conduct.FALSE_LEGAL_CLAIM) else C, params)


@check("us.misrep.false_statement")
def false_statement(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if _covered(ctx) and event.has(Conduct.FALSE_LEGAL_CLAIM) and not event.has(Conduct.THREAT):
        return Hit(V, {"date": ctx.day.isoformat()})
    return None


@check("us.misrep.impersonation")
def impersonation(ctx: EventContext) -> Hit | None:
    if _covered(ctx) and ctx.event.has(Conduct.IMPERSONATION):
        return Hit(V, {"date": ctx.day.isoformat()})
    return None


@check("us.unfair.unauthorized_amount")
def unauthorized_amount(ctx: EventContext) -> Hit | None:
    if _covered(ctx) and ctx.event.has(Conduct.ILLEGAL_DEBT_DEMAND):
        return Hit(V, {"date": ctx.day.isoformat()})
    return None


# -- time-barred debts ------------------------------------------------------------------


@check("us.limitation.time_barred_suit")
def time_barred_suit(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not _covered(ctx):
        return None
    suit = event.action in SUITS
    if not suit and not event.has(Conduct.THREAT):
        return None
    lim = state_limitation(ctx.ctx, ctx.day, as_debt_buyer=event.actor is Actor.DEBT_BUYER)
    if lim is None or not lim.expired_on(ctx.day):
        return None
    params = {"state": lim.state_name, "date": lim.expires.isoformat()}
    if not suit:
        return Hit(C, {**params, "when": ctx.day.isoformat()}, message="threat")
    return Hit(V if lim.certain else C, params)


@check("us.ca.limitation.suit_barred")
def ca_suit_barred(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is Actor.COURT:
        return None
    lim = state_limitation(ctx.ctx, ctx.day, as_debt_buyer=ctx.event.actor is Actor.DEBT_BUYER)
    if lim is None or not lim.suit_barred or not lim.expired_on(ctx.day):
        return None
    return Hit(V if lim.certain else C, {"date": lim.expires.isoformat()})


@check("us.md.limitation.suit_barred")
def md_suit_barred(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is Actor.COURT or not ctx.ctx.param_or("us.limitation.suit_barred", False, ctx.day):
        return None
    return Hit(C, {"date": ctx.day.isoformat()})


@check("us.tx.limitation.debt_buyer_suit_barred")
def tx_debt_buyer_suit_barred(ctx: EventContext) -> Hit | None:
    actor = ctx.event.actor
    buyer_loan = ctx.case.loan.lender.kind is LenderKind.DEBT_BUYER
    if not (actor is Actor.DEBT_BUYER or (buyer_loan and actor in (Actor.LENDER, Actor.LAW_FIRM))):
        return None
    lim = state_limitation(ctx.ctx, ctx.day, as_debt_buyer=True)
    if lim is None or not lim.debt_buyer_suit_barred or not lim.expired_on(ctx.day):
        return None
    return Hit(V if lim.certain else C, {"date": lim.expires.isoformat()})


# -- credit reporting -------------------------------------------------------------------


@check("us.credit.before_contact")
def credit_before_contact(ctx: EventContext) -> Hit | None:
    if not _covered(ctx):
        return None
    loan = ctx.case.loan
    me = (ctx.event.at, ctx.index)
    earlier = [
        v
        for v in ctx.ctx.all_events
        if not v.event.proposed
        and (v.event.at, v.index) < me
        and covered(v.event, loan)
        and v.event.target in CONSUMER_TARGETS
    ]
    spoken = [
        v
        for v in earlier
        if v.event.action in (Action.CALL, Action.HOME_VISIT, Action.WORKPLACE_VISIT)
        and v.event.outcome is Outcome.CONNECTED
    ]
    params = {"date": ctx.day.isoformat()}
    if spoken:
        return Hit(P, params, related=(spoken[0].index,))
    sent = sorted(
        (v for v in earlier if v.event.action in WRITTEN and v.event.outcome is not Outcome.FAILED),
        key=lambda v: (v.event.at, v.index),
    )
    if sent:
        days = (ctx.day - sent[0].day).days
        return Hit(C, {**params, "days": days}, related=(sent[0].index,))
    return Hit(V, params)


@check("us.credit.dispute_not_flagged")
def dispute_not_flagged(ctx: EventContext) -> Hit | None:
    since = ctx.protection(ProtectionKind.DISPUTED)
    if not _covered(ctx) or since is None:
        return None
    return Hit(C, {"date": since.isoformat()})


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
        "date": (loan.due_date + timedelta(days=days)).isoformat(),
        "substandard": substandard,
        "substandard_date": (loan.due_date + timedelta(days=substandard)).isoformat(),
    }
    return Hit(INFO, params, message=key)


# -- validation notice, validation period, disputes -------------------------------------


def initial_communication(ctx: CaseContext) -> EventView | None:
    """The collector's first communication with the consumer: a call or visit that
    connected, or a written or electronic message that was delivered (or not known to
    have failed). Attempts that did not reach the consumer are not communications."""
    loan = ctx.case.loan
    for v in sorted(ctx.all_events, key=lambda v: (v.event.at, v.index)):
        e = v.event
        if e.proposed or e.action not in COMMUNICATIONS or e.target not in CONSUMER_TARGETS:
            continue
        if not covered(e, loan):
            continue
        if e.outcome in (Outcome.CONNECTED, Outcome.DELIVERED) or (
            e.action in WRITTEN and e.outcome is Outcome.UNKNOWN
        ):
            return v
    return None


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
    loan = ctx.case.loan
    start = (first.event.at, first.index)
    for v in sorted(ctx.all_events, key=lambda v: (v.event.at, v.index)):
        if (
            v.event.purpose is Purpose.VALIDATION_NOTICE
            and covered(v.event, loan)
            and (v.event.at, v.index) >= start
            and v.day <= deadline
        ):
            return Hit(P, {"date": v.day.isoformat(), "days": days}, event=v.index, related=(first.index,))
    if ctx.today > deadline:
        return Hit(V, {"date": first.day.isoformat(), "days": days}, event=first.index)
    return Hit(C, {"date": deadline.isoformat(), "days": days}, event=first.index)


@check("us.validation.period")
def period(ctx: CaseContext) -> Hit | None:
    notice = validation_notice(ctx)
    if notice is None or notice.day < REG_F_FROM:
        return None
    found = case_validation_period(ctx)
    if found is None:  # pragma: no cover - same conditions as above
        return None
    params = {
        "date": found.end.isoformat(),
        "days": found.period_days,
        "notice": found.provided.isoformat(),
        "receipt": found.receipt.isoformat(),
    }
    return Hit(INFO, params, event=notice.index)


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
    if not _covered(ctx) or ctx.event.purpose is Purpose.CEASING_COLLECTION:
        return None
    since = ctx.protection(ProtectionKind.DISPUTED)
    if since is None:
        return None
    found = case_validation_period(ctx.ctx)
    params = {"date": since.isoformat()}
    if found is None:
        return Hit(C, {**params, "why": unknown_period_reason(ctx.ctx)}, message="unknown_period")
    if since <= found.end:
        return Hit(C, params)
    return None
