"""Outlook factors: how the law moves or blocks a step of the escalation schedule
(Breathing Space, an unanswered request for the agreement, limitation, the default notice,
the letter of claim) and what it says about the steps at the borrower's door."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from loanoverdue.pack import Action, Direction, Factor, FactorProvider, Step, Text
from loanoverdue_gb.limitation import limitation_on
from loanoverdue_gb.parties import CREDITOR_SIDE
from loanoverdue_gb.protections import moratorium_on, unanswered_request_on

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext

__all__ = ["FACTORS"]

T_MORATORIUM = Text(
    {
        "en": "A Breathing Space moratorium runs from {since} to {until}: until it ends the creditor and its "
        "agents may not take this step (no contact to demand payment, no court action, no enforcement)."
    }
)
T_MORATORIUM_NOTICE = Text(
    {
        "en": "A Breathing Space moratorium runs from {since} to {until}: notices the Consumer Credit Act "
        "requires may still be sent, but no enforcement may follow while it lasts."
    }
)
T_REQUEST_OPEN = Text(
    {
        "en": "The borrower asked on {requested} for a copy of the agreement and a statement; the creditor "
        "had to answer by {deadline} and has not: while it fails to, it cannot enforce the agreement in court."
    }
)
T_REQUEST_PENDING = Text(
    {
        "en": "The borrower asked on {requested} for a copy of the agreement and a statement; the creditor "
        "must answer by {deadline}, or it cannot enforce the agreement while it fails to."
    }
)
T_BARRED_EW = Text(
    {
        "en": "The limitation period ended on {expires}: a court claim can be defended as statute barred, and "
        "a firm must not suggest court action on a debt it knows to be statute barred."
    }
)
T_EXTINGUISHED = Text(
    {
        "en": "Prescription extinguished the debt on {expires} (Scotland): there is nothing left to claim in "
        "court."
    }
)
T_RUNNING = Text({"en": "The limitation period runs until {expires}; after it a claim can be defended."})
T_NO_DEFAULT_NOTICE = Text(
    {
        "en": "No default notice is recorded: to claim the whole balance the creditor must first serve one "
        "giving at least 14 days to pay the arrears."
    }
)
T_DEFAULT_NOTICE = Text(
    {"en": "A default notice was served on {date}: the whole balance could be demanded from {from_date}."}
)
T_REPLY_PERIOD = Text(
    {
        "en": "The letter of claim of {date} gives the borrower {days} days to reply: the court expects no "
        "claim before {from_date}."
    }
)
T_ENFORCEMENT = Text(
    {
        "en": "For a consumer credit debt, enforcement agents (bailiffs) come only to enforce a court judgment. They must "
        "give a notice of enforcement at least 7 clear days before taking control of goods and may not do so "
        "before 6 a.m. or after 9 p.m. A debt collector who claims to be a bailiff when it is not breaks the "
        "FCA's rules."
    }
)
T_DOORSTEP = Text(
    {
        "en": "A debt collector's visit needs notice of a first visit and an explanation of its purpose. A "
        "collector has no power to enter or to take goods: you do not have to let them in, and may ask them "
        "to leave or to write instead."
    }
)


def _moratorium(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    moratorium = moratorium_on(ctx, ctx.today)
    if moratorium is None:
        return ()
    params: dict[str, object] = {"since": moratorium.since, "until": moratorium.until}
    cites = (ctx.cite("gb.breathing_space_regs_2020", "7"), ctx.cite("gb.breathing_space_regs_2020", "11"))
    if step.action in (Action.ARREARS_NOTICE, Action.DEFAULT_NOTICE):
        direction = Direction.NEUTRAL if step.action is Action.ARREARS_NOTICE else Direction.LOWERS
        return (Factor("breathing_space", direction, T_MORATORIUM_NOTICE, params, cites),)
    return (Factor("breathing_space", Direction.BLOCKS, T_MORATORIUM, params, cites),)


def _information_request(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    request = unanswered_request_on(ctx, ctx.today)
    if request is None:
        return ()
    params: dict[str, object] = {"requested": request.requested, "deadline": request.deadline}
    cites = (ctx.cite("gb.cca_1974", "77(4)"), ctx.cite("gb.cca_1974", "78"))
    if ctx.today > request.deadline:
        return (Factor("information_request", Direction.BLOCKS, T_REQUEST_OPEN, params, cites),)
    return (Factor("information_request", Direction.NEUTRAL, T_REQUEST_PENDING, params, cites),)


def _limitation(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    lim = limitation_on(ctx, ctx.today)
    if lim is None:
        return ()
    params: dict[str, object] = {"expires": lim.expires}
    if not lim.expired_on(ctx.today):
        return (Factor("limitation", Direction.NEUTRAL, T_RUNNING, params, lim.citations),)
    if lim.scotland:
        return (Factor("time_barred", Direction.BLOCKS, T_EXTINGUISHED, params, lim.citations),)
    cites = (*lim.citations, ctx.cite("gb.fca.conc", "7.15.7"))
    return (Factor("time_barred", Direction.LOWERS, T_BARRED_EW, params, cites),)


def _default_notice(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    notices = [v for v in ctx.happened(Action.DEFAULT_NOTICE) if v.event.actor in CREDITOR_SIDE]
    if not notices:
        cites = (ctx.cite("gb.cca_1974", "87(1)"), ctx.cite("gb.cca_1974", "88(2)"))
        return (Factor("default_notice", Direction.LOWERS, T_NO_DEFAULT_NOTICE, {}, cites),)
    day = notices[0].day
    days: int = ctx.param("gb.default_notice.min_days", day)
    params: dict[str, object] = {"date": day, "from_date": day + timedelta(days=days)}
    return (Factor("default_notice", Direction.NEUTRAL, T_DEFAULT_NOTICE, params, (ctx.cite("gb.cca_1974", "88(2)"),)),)


def _reply_period(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    letters = [v for v in ctx.happened(Action.LETTER_OF_CLAIM) if v.event.actor in CREDITOR_SIDE]
    if not letters:
        return ()  # the schedule's `requires` says the letter comes first
    day = letters[0].day
    days = ctx.param_or("gb.pap.reply_days", None, day)
    if days is None:
        return ()  # a letter before the Protocol took effect
    ends = day + timedelta(days=days)
    params: dict[str, object] = {"date": day, "days": days, "from_date": ends}
    direction = Direction.LOWERS if ctx.today < ends else Direction.NEUTRAL
    return (Factor("reply_period", direction, T_REPLY_PERIOD, params, (ctx.cite("gb.pap_debt_claims", "4"),)),)


def _enforcement(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    cites = (
        ctx.cite("gb.tcg_regs_2013", "6"),
        ctx.cite("gb.tcg_regs_2013", "7"),
        ctx.cite("gb.tcg_regs_2013", "13"),
        ctx.cite("gb.fca.conc", "7.11.2"),
    )
    return (Factor("enforcement_agents", Direction.NEUTRAL, T_ENFORCEMENT, {}, cites),)


def _doorstep(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    cites = (ctx.cite("gb.fca.conc", "7.9.12"), ctx.cite("gb.fca.conc", "7.9 (visits)"))
    return (Factor("doorstep", Direction.NEUTRAL, T_DOORSTEP, {}, cites),)


_CONTACT_AND_COURT = frozenset(
    {
        Action.CALL,
        Action.SMS,
        Action.EMAIL,
        Action.LETTER,
        Action.HOME_VISIT,
        Action.ARREARS_NOTICE,
        Action.DEFAULT_NOTICE,
        Action.LETTER_OF_CLAIM,
        Action.LAWSUIT,
        Action.ENFORCEMENT,
    }
)

FACTORS = (
    FactorProvider("gb.factor.breathing_space", "GB-EAW", _moratorium, _CONTACT_AND_COURT),
    FactorProvider("gb.factor.information_request", "GB", _information_request, frozenset({Action.LAWSUIT})),
    FactorProvider("gb.factor.limitation", "GB", _limitation, frozenset({Action.LAWSUIT, Action.LETTER_OF_CLAIM})),
    FactorProvider("gb.factor.default_notice", "GB", _default_notice, frozenset({Action.LAWSUIT})),
    FactorProvider("gb.factor.reply_period", "GB-EAW", _reply_period, frozenset({Action.LAWSUIT})),
    FactorProvider("gb.factor.enforcement", "GB-EAW", _enforcement, frozenset({Action.ENFORCEMENT})),
    FactorProvider("gb.factor.doorstep", "GB", _doorstep, frozenset({Action.HOME_VISIT})),
)
