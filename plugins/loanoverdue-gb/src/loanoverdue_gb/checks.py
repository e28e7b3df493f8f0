"""The check functions of the England & Wales pack's rules. Titles, citations, weights,
effective dates, messages, event filters and a note saying exactly when each rule fires
live in ``data/rules.toml``; a check relies on its rule's filters (actions, conduct,
targets, actors) and tests only what they cannot say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

from loanoverdue.pack import (
    COMMUNICATION_ACTIONS,
    Action,
    Actor,
    CollectionEvent,
    Conduct,
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
from loanoverdue_gb.daycount import clear_days, part_of_uk
from loanoverdue_gb.limitation import limitation_on
from loanoverdue_gb.parties import CREDITOR_SIDE, WRITTEN, is_private_lender_event
from loanoverdue_gb.protections import moratorium_on, unanswered_request_on

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext, EventContext

__all__ = ["CHECKS", "target_phrase"]

CHECKS, check = checks_registry()

V, C, P, INFO = Verdict.VIOLATION, Verdict.CONDITIONAL, Verdict.PERMITTED, Verdict.INFO

VISITS = frozenset({Action.HOME_VISIT, Action.WORKPLACE_VISIT})
COURT_CLAIMS = frozenset({Action.LAWSUIT, Action.PAYMENT_ORDER})
RUNNING_ACCOUNT = frozenset({Product.CREDIT_CARD, Product.REVOLVING})
#: The contacts gb.contact.frequency counts.
COUNTED_CONTACTS = (Action.CALL, Action.SMS, Action.INSTANT_MESSAGE, Action.EMAIL)

_TARGETS = {
    Target.SPOUSE: "the borrower's spouse or partner",
    Target.FAMILY: "the borrower's family",
    Target.EMPLOYER: "the borrower's employer",
    Target.COLLEAGUE: "a colleague of the borrower",
    Target.CONTACT: "someone in the borrower's contacts",
    Target.NEIGHBOUR: "a neighbour",
    Target.PUBLIC: "the public",
    Target.BORROWER: "the borrower",
    Target.ATTORNEY: "the borrower's representative",
}


def target_phrase(target: Target) -> str:
    """Whom an event was aimed at, in words."""
    return _TARGETS[target]


def has_protections(ctx: CaseContext) -> bool:
    """The case records a protection: the precondition of the rules that need one."""
    return bool(ctx.case.borrower.protections)


def _before(ctx: EventContext, event: CollectionEvent, index: int) -> bool:
    """Whether another event of the case came before the one checked."""
    return (event.at, index) < (ctx.event.at, ctx.index)


# -- who is covered ---------------------------------------------------------------------


@check("gb.coverage.conc")
def coverage(ctx: CaseContext) -> tuple[Hit, ...]:
    loan = ctx.case.loan
    outside = tuple(
        v.index
        for v in ctx.events
        if v.event.actor is Actor.UNKNOWN or is_private_lender_event(v.event, loan)
    )
    if outside:
        return (Hit(INFO), Hit(C, related=outside))
    return (Hit(INFO),)


# -- contact ----------------------------------------------------------------------------


@check("gb.contact.unreasonable_time")
def unreasonable_time(ctx: EventContext) -> Hit | None:
    if is_private_lender_event(ctx.event, ctx.case.loan):
        return None
    start = ctx.param("gb.contact.reasonable_start")
    end = ctx.param("gb.contact.reasonable_end")
    local = ctx.local.time()
    params = {"local_time": local, "start": start, "end": end, "date": ctx.day}
    return Hit(P if start <= local < end else V, params)


@check("gb.contact.customer_request", applies=has_protections)
def customer_request(ctx: EventContext) -> Hit | None:
    if is_private_lender_event(ctx.event, ctx.case.loan):
        return None
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    if since is None:
        return None
    return Hit(C, {"date": since})


@check("gb.contact.frequency")
def frequency(ctx: CaseContext) -> Iterator[Hit]:
    loan = ctx.case.loan
    contacts = [
        v
        for v in ctx.of(*COUNTED_CONTACTS)
        if v.event.target is Target.BORROWER
        and v.event.actor in CREDITOR_SIDE
        and not is_private_lender_event(v.event, loan)
    ]
    first = 0  # the earliest contact within the 7 local days ending with the current one
    over = False  # whether the contact before was already above the limit
    for i, view in enumerate(contacts):
        while (view.day - contacts[first].day).days >= 7:
            first += 1
        limit: int = ctx.param("gb.contact.frequency_max_7d", view.day)
        window = contacts[first : i + 1]
        was_over, over = over, len(window) > limit
        if over and not was_over:  # once per run of excess
            yield Hit(
                C,
                {"count": len(window), "limit": limit},
                event=view.index,
                related=tuple(v.index for v in window),
            )


@check("gb.third_party.disclosure")
def third_party(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if is_private_lender_event(event, ctx.case.loan):
        return None
    params = {"target": target_phrase(event.target), "date": ctx.day}
    return Hit(V if event.has(Conduct.DISCLOSURE) else C, params)


@check("gb.contact.public_embarrassment")
def public_embarrassment(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.target is not Target.PUBLIC and not event.has(Conduct.PUBLIC_SHAMING, Conduct.PHOTOGRAPHED):
        return None
    if is_private_lender_event(event, ctx.case.loan):
        return None
    return Hit(V, {"date": ctx.day})


# -- misrepresentation and pressure -----------------------------------------------------


@check("gb.misrep.authority")
def authority(ctx: EventContext) -> Hit | None:
    if is_private_lender_event(ctx.event, ctx.case.loan):
        return None
    return Hit(V, {"date": ctx.day})


@check("gb.misrep.legal_position")
def legal_position(ctx: EventContext) -> Hit | None:
    if is_private_lender_event(ctx.event, ctx.case.loan):
        return None
    return Hit(V if ctx.event.has(Conduct.FALSE_LEGAL_CLAIM) else C, {"date": ctx.day})


@check("gb.pressure.unaffordable")
def unaffordable(ctx: EventContext) -> Hit | None:
    if is_private_lender_event(ctx.event, ctx.case.loan):
        return None
    return Hit(V, {"date": ctx.day})


# -- visits by collectors ---------------------------------------------------------------


@check("gb.visit.notice")
def visit_notice(ctx: EventContext) -> Hit | None:
    loan = ctx.case.loan
    if is_private_lender_event(ctx.event, loan):
        return None
    for v in ctx.ctx.all_events:
        e = v.event
        if (
            e.action in VISITS
            and e.actor in CREDITOR_SIDE
            and not e.proposed
            and not is_private_lender_event(e, loan)
            and _before(ctx, e, v.index)
        ):
            return None  # not the first visit
    return Hit(C, {"date": ctx.day})


@check("gb.visit.conduct")
def visit_conduct(ctx: EventContext) -> list[Hit]:
    event = ctx.event
    if is_private_lender_event(event, ctx.case.loan):
        return []
    params = {"date": ctx.day}
    hits = []
    if event.has(Conduct.THREAT, Conduct.VIOLENCE):
        hits.append(Hit(V, params, "threatening"))
    if event.has(Conduct.ENTERED_WITHOUT_CONSENT):
        hits.append(Hit(V, params, "entered"))
    if event.action is Action.WORKPLACE_VISIT or event.place in (Place.WORKPLACE, Place.PUBLIC):
        hits.append(Hit(C, params, "location"))
    return hits


# -- statute-barred debts ---------------------------------------------------------------


@check("gb.statute_barred.pursuit")
def statute_barred(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    if is_private_lender_event(event, loan):
        return None
    case = ctx.ctx
    lim = limitation_on(case, ctx.day)
    if lim is None or not lim.expired_on(ctx.day):
        return None
    params = {"date": ctx.day, "expires": lim.expires}
    if lim.scotland:
        cites = (case.cite("gb.fca.conc", "7.11.1"), case.cite("gb.sct.prescription_1973", "s. 6"))
        return Hit(V, params, "extinguished", citations=cites)
    act = case.cite("gb.limitation_act_1980", "5")
    if event.action in (*COURT_CLAIMS, Action.LETTER_OF_CLAIM) or event.has(Conduct.THREAT, Conduct.FALSE_LEGAL_CLAIM):
        return Hit(V, params, "court", citations=(case.cite("gb.fca.conc", "7.15.7"), act))
    contacted = any(
        not v.event.proposed
        and v.event.actor in CREDITOR_SIDE
        and v.event.target is Target.BORROWER
        and (v.event.action in COMMUNICATION_ACTIONS or v.event.action in VISITS)
        and lim.starts <= v.day <= lim.expires
        for v in case.all_events
    )
    if not contacted:
        return Hit(V, params, "no_contact", citations=(case.cite("gb.fca.conc", "7.15.4"), act))
    return Hit(C, params, "ask", citations=(case.cite("gb.fca.conc", "7.15.8"), act))


# -- Consumer Credit Act 1974 -----------------------------------------------------------


@check("gb.cca.arrears_notice")
def arrears_notice(ctx: CaseContext) -> Hit | None:
    loan = ctx.case.loan
    interval: int = ctx.param("gb.arrears_notice.assumed_payment_interval_days", loan.due_date)
    missed = loan.due_date + timedelta(days=interval)  # the second missed payment (assumed)
    if loan.repaid_on is not None and loan.repaid_on < missed:
        return None
    if loan.product in RUNNING_ACCOUNT:
        deadline = missed + timedelta(days=interval)  # by the next statement (assumed)
        cites = (ctx.cite("gb.cca_1974", "86C"),)
    else:
        within: int = ctx.param("gb.arrears_notice.within_days", missed)
        deadline = missed + timedelta(days=within)
        cites = (ctx.cite("gb.cca_1974", "86B"),)
    for v in ctx.happened(Action.ARREARS_NOTICE):
        if v.event.actor in CREDITOR_SIDE and v.day >= loan.due_date:
            return Hit(P, {"date": v.day}, event=v.index, citations=cites)
    if ctx.today < missed:
        return None
    params = {"missed": missed, "deadline": deadline}
    # a case that records the creditor's letters but no arrears notice: one is missing
    recorded = any(
        v.event.actor in CREDITOR_SIDE and v.event.action in COMMUNICATION_ACTIONS and not v.event.proposed
        for v in ctx.events
    )
    if recorded and ctx.today > deadline:
        return Hit(C, params, citations=cites)
    return Hit(INFO, params, citations=cites)


@check("gb.cca.default_notice")
def default_notice(ctx: EventContext) -> Hit | None:
    notices = sorted(
        (
            v
            for v in ctx.ctx.all_events
            if v.event.action is Action.DEFAULT_NOTICE
            and v.event.actor in CREDITOR_SIDE
            and not v.event.proposed
            and _before(ctx, v.event, v.index)
        ),
        key=lambda v: (v.event.at, v.index),
    )
    if not notices:
        days: int = ctx.param("gb.default_notice.min_days")
        return Hit(C, {"date": ctx.day, "days": days}, "none")
    notice = notices[0]
    days = ctx.param("gb.default_notice.min_days", notice.day)
    gap = (ctx.day - notice.day).days
    params = {"date": ctx.day, "days": days, "notice": notice.day, "gap": gap}
    return Hit(V if gap < days else P, params)


@check("gb.cca.information_request", applies=has_protections)
def information_request(ctx: EventContext) -> Hit | None:
    case = ctx.ctx
    request = unanswered_request_on(case, ctx.day)  # None for a non-commercial loan (s. 77(5))
    if request is None or ctx.day <= request.deadline:
        return None
    running = ctx.case.loan.product in RUNNING_ACCOUNT
    articles = ("78",) if running else ("77(1)", "77(4)")
    cites = tuple(case.cite("gb.cca_1974", a) for a in articles)
    params = {"date": ctx.day, "requested": request.requested, "deadline": request.deadline}
    return Hit(V, params, citations=cites)


# -- England and Wales: the Pre-Action Protocol for Debt Claims ---------------------------


@check("gb.pap.letter_of_claim")
def letter_of_claim(ctx: EventContext) -> Hit | None:
    if ctx.case.loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL:
        return None  # para. 1.1: a business claiming from an individual
    letters = sorted(
        (
            v
            for v in ctx.ctx.all_events
            if v.event.action is Action.LETTER_OF_CLAIM
            and v.event.actor in CREDITOR_SIDE
            and not v.event.proposed
            and _before(ctx, v.event, v.index)
        ),
        key=lambda v: (v.event.at, v.index),
    )
    days: int = ctx.param("gb.pap.reply_days")
    if not letters:
        return Hit(V, {"date": ctx.day, "days": days}, "none")
    letter = letters[0]
    gap = (ctx.day - letter.day).days
    params = {"date": ctx.day, "days": days, "letter": letter.day, "gap": gap}
    return Hit(V, params, "early") if gap < days else Hit(P, params)


# -- England and Wales: Breathing Space ---------------------------------------------------


@check("gb.breathing_space.contact", applies=has_protections)
def breathing_space_contact(ctx: EventContext) -> Hit | None:
    moratorium = moratorium_on(ctx.ctx, ctx.day)
    if moratorium is None:
        return None
    event = ctx.event
    params = {"date": ctx.day, "since": moratorium.since, "until": moratorium.until}
    if event.action is Action.ARREARS_NOTICE or event.purpose is Purpose.INFORMATION_SUPPLIED:
        return Hit(P, params)
    if event.action is Action.DEFAULT_NOTICE:
        return Hit(C, params)
    return Hit(V, params)


@check("gb.breathing_space.enforcement", applies=has_protections)
def breathing_space_enforcement(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.action in VISITS and event.actor is not Actor.ENFORCEMENT_AGENT:
        return None  # a collector's visit is contact: gb.breathing_space.contact
    moratorium = moratorium_on(ctx.ctx, ctx.day)
    if moratorium is None:
        return None
    return Hit(V, {"date": ctx.day, "since": moratorium.since, "until": moratorium.until})


# -- England and Wales: enforcement agents -----------------------------------------------


@check("gb.enforcement_agent.hours")
def enforcement_hours(ctx: EventContext) -> Hit | None:
    start = ctx.param("gb.enforcement.hours_start")
    end = ctx.param("gb.enforcement.hours_end")
    local = ctx.local.time()
    params = {"local_time": local, "start": start, "end": end, "date": ctx.day}
    if start <= local < end:
        return Hit(P, params)
    event = ctx.event
    if event.action is Action.WORKPLACE_VISIT or event.place is Place.WORKPLACE:
        return Hit(C, params, "trade")
    return Hit(V, params)


@check("gb.enforcement_agent.notice")
def enforcement_notice(ctx: EventContext) -> Hit | None:
    notices = sorted(
        (
            v
            for v in ctx.ctx.all_events
            if v.event.actor is Actor.ENFORCEMENT_AGENT
            and v.event.action in WRITTEN
            and v.event.target is Target.BORROWER
            and not v.event.proposed
            and _before(ctx, v.event, v.index)
        ),
        key=lambda v: (v.event.at, v.index),
    )
    days: int = ctx.param("gb.enforcement.notice_clear_days")
    if not notices:
        return Hit(C, {"date": ctx.day, "days": days}, "none")
    notice = notices[0]
    clear = clear_days(notice.day, ctx.day, part_of_uk(ctx.ctx.chain))
    params = {"date": ctx.day, "days": days, "notice": notice.day, "clear": clear}
    return Hit(V if clear < days else P, params)


@check("gb.enforcement_agent.judgment")
def enforcement_judgment(ctx: EventContext) -> Hit | None:
    for v in ctx.ctx.all_events:
        if v.event.action is Action.JUDGMENT and not v.event.proposed and _before(ctx, v.event, v.index):
            return None
    return Hit(C, {"date": ctx.day})
