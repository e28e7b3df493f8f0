"""Outlook factors for China: what the law says about a step (visits, court service,
enforcement, credit reporting, third parties), whether the platform's own policy is
known, and the policy's notes. They explain; only law could block a step, and no China
rule blocks a collection step outright (home visits are limited, not banned).

A factor that reads the same in every case is made once per registry (``shared``); one
that depends on the case is worked out once per case (``ctx.once``), not per step.
"""

from __future__ import annotations

from collections.abc import Iterable

from loanoverdue.pack import (
    Action,
    Actor,
    CaseContext,
    Direction,
    Factor,
    FactorProvider,
    Outcome,
    PolicyLevel,
    Step,
    Text,
)
from loanoverdue_cn.facts import case_events, cites, in_force, shared
from loanoverdue_cn.limitation import limitation
from loanoverdue_cn.texts import text

__all__ = ["FACTORS"]

CC = "cn.civil_code"
CPL = "cn.civil_procedure_2023"

#: The platform name when the case gives none.
THE_PLATFORM = Text({"en": "the platform", "zh-CN": "该平台"})

_NONE: tuple[Factor, ...] = ()


def _police(ctx: CaseContext) -> str:
    return str(ctx.param("cn.contacts.police"))


def _reachable(ctx: CaseContext) -> tuple[Factor, ...]:
    """The borrower answered the last call or message (that happened) from the lender's
    side: a visit to find them is less likely."""
    for v in reversed(case_events(ctx).borrower_contacts):
        if not v.event.proposed:
            if v.event.outcome is Outcome.CONNECTED:
                return (Factor("reachable", Direction.LOWERS, text("factor.reachable"), {"date": v.day}),)
            break
    return _NONE


def _home_visit_law(ctx: CaseContext, police: str) -> Factor:
    return Factor(
        "law",
        Direction.NEUTRAL,
        text("factor.home_visit_law"),
        {"police": police},
        (
            ctx.cite(CC, "1033(2)"),
            ctx.cite("cn.constitution", "39"),
            ctx.cite("cn.criminal_law", "245"),
        ),
    )


def visits(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    reachable: tuple[Factor, ...] = ctx.once("cn.factor.reachable", _reachable)
    if not in_force(ctx, CC):
        return reachable
    if step.action is Action.HOME_VISIT:
        police = _police(ctx)
        law = shared(ctx, ("factor.home_visit_law", police), lambda: _home_visit_law(ctx, police))
    else:
        law = shared(
            ctx,
            "factor.workplace_visit_law",
            lambda: Factor(
                "law",
                Direction.NEUTRAL,
                text("factor.workplace_visit_law"),
                citations=(ctx.cite(CC, "1032"), ctx.cite(CC, "1038")),
            ),
        )
    return (law, *reachable)


def _no_platform_policy(ctx: CaseContext) -> tuple[frozenset[Action], tuple[Factor, ...]]:
    """The steps that a platform's own policy for this loan schedules, and the factor
    that says no such policy is known."""
    lender = ctx.case.loan.lender
    covered = frozenset(s.action for pol in ctx.policies() if pol.level is PolicyLevel.PLATFORM for s in pol.steps)
    name: object = lender.platform or lender.name or THE_PLATFORM
    factor = Factor(
        "platform_policy", Direction.NEUTRAL, text("factor.no_platform_policy"), {"platform": name}
    )
    return covered, (factor,)


def platform_policy(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    """The fourth factor the question turns on: the platform's own policy. When no
    platform pack publishes one for this step, say so and point to the agreement."""
    if ctx.happened(step.action):
        return _NONE
    # a platform policy applies (installed, or passed for this assessment): the engine
    # shows its own terms
    if ctx.platform_policy is not None:
        return _NONE
    covered, factor = ctx.once("cn.factor.no_platform_policy", _no_platform_policy)
    return _NONE if step.action in covered else factor


def policy_note(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    """The note of the policy step, so the reasons of an assumption are shown."""
    if step.note is None:
        return _NONE
    # made once per step (a step is a value of the registry's data)
    note = step.note
    return shared(
        ctx,
        ("factor.policy_note", note, step.citations),
        lambda: (Factor("policy_note", Direction.NEUTRAL, note, citations=step.citations),),
    )


#: Court steps only a court takes (the policies say done_by = court).
_COURT_ONLY = frozenset({Action.COURT_SERVICE, Action.JUDGMENT, Action.ENFORCEMENT})


def _not_by_court(ctx: CaseContext, action: Action) -> tuple[Factor, ...]:
    """A court step of ``action`` that someone other than a court 'took': it is not the
    step, and the outlook does not count it; say so, with the first such day."""
    fakes = [v for v in ctx.happened(action) if v.event.actor is not Actor.COURT]
    if not fakes:
        return _NONE
    return (
        Factor(
            "not_by_court",
            Direction.NEUTRAL,
            text("factor.not_by_court"),
            {"date": fakes[0].day, "action": action},
            cites(ctx, CPL, "88"),
        ),
    )


def court(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    if not in_force(ctx, CPL):
        return _NONE
    action = step.action
    if action in _COURT_ONLY:
        fake = _not_by_court(ctx, action)
        if fake:
            return (*fake, *_court(ctx, step))
    return _court(ctx, step)


def _court(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    action = step.action
    if action is Action.COURT_SERVICE:
        law = shared(
            ctx,
            "factor.court_service_law",
            lambda: Factor(
                "law",
                Direction.NEUTRAL,
                text("factor.court_service_law"),
                citations=cites(ctx, CPL, "88", "89", "90", "91", "95"),
            ),
        )
        orders = ctx.happened(Action.PAYMENT_ORDER)
        if not orders:
            return (law,)
        served = Factor(
            "payment_order",
            Direction.RAISES,
            text("factor.payment_order_served"),
            {"date": orders[0].day},
            cites(ctx, CPL, "225"),
        )
        return (law, served)
    if action is Action.ENFORCEMENT:
        law = shared(
            ctx,
            "factor.enforcement_law",
            lambda: Factor(
                "law",
                Direction.NEUTRAL,
                text("factor.enforcement_law"),
                citations=(ctx.cite(CPL, "266"), ctx.cite("cn.criminal_law", "313")),
            ),
        )
        orders = ctx.happened(Action.PAYMENT_ORDER)
        if not orders:
            return (law,)
        enforceable = Factor(
            "payment_order",
            Direction.RAISES,
            text("factor.payment_order_enforceable"),
            {"date": orders[0].day},
            cites(ctx, CPL, "227"),
        )
        return (enforceable, law)
    if action is Action.LAWSUIT:
        small = Factor(
            "small_claims",
            Direction.NEUTRAL,
            text("factor.small_claims"),
            {"amount": str(ctx.case.loan.outstanding)},
            cites(ctx, CPL, "165"),
        )
        lim = limitation(ctx)
        if lim is None or not lim.expired or not in_force(ctx, CC):
            return (small,)
        expired = Factor(
            "limitation",
            Direction.LOWERS,
            text("factor.limitation_expired"),
            {"date": lim.expires},
            cites(ctx, CC, "192", "193"),
        )
        return (small, expired)
    return _NONE


def credit_report(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    return shared(
        ctx,
        "factor.credit_report_law",
        lambda: (
            Factor(
                "law",
                Direction.NEUTRAL,
                text("factor.credit_report_law"),
                citations=cites(ctx, "cn.credit_reporting_regulation", "15", "16"),
            ),
        ),
    )


def third_parties(ctx: CaseContext, step: Step) -> Iterable[Factor]:
    if not in_force(ctx, CC):
        return _NONE
    return shared(
        ctx,
        "factor.third_party_law",
        lambda: (
            Factor(
                "law",
                Direction.NEUTRAL,
                text("factor.third_party_law"),
                citations=(ctx.cite(CC, "1032"), ctx.cite(CC, "1038"), ctx.cite("cn.pipl", "13")),
            ),
        ),
    )


FACTORS = (
    FactorProvider("cn.factors.visits", "CN", visits, frozenset({Action.HOME_VISIT, Action.WORKPLACE_VISIT})),
    FactorProvider(
        "cn.factors.platform_policy",
        "CN",
        platform_policy,
        frozenset(
            {
                Action.AGENCY_ASSIGNMENT,
                Action.HOME_VISIT,
                Action.WORKPLACE_VISIT,
                Action.THIRD_PARTY_CONTACT,
            }
        ),
    ),
    FactorProvider("cn.factors.policy_note", "CN", policy_note),
    FactorProvider(
        "cn.factors.court",
        "CN",
        court,
        frozenset({Action.COURT_SERVICE, Action.JUDGMENT, Action.ENFORCEMENT, Action.LAWSUIT}),
    ),
    FactorProvider("cn.factors.credit_report", "CN", credit_report, frozenset({Action.CREDIT_REPORT})),
    FactorProvider("cn.factors.third_parties", "CN", third_parties, frozenset({Action.THIRD_PARTY_CONTACT})),
)
