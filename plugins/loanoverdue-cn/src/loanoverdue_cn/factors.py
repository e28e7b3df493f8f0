"""Outlook factors for China: what the law says about a step (visits, court service,
enforcement, credit reporting, third parties), whether the platform's own policy is
known, and the policy's notes. They explain; only law could block a step, and no China
rule blocks a collection step outright (home visits are limited, not banned)."""

from __future__ import annotations

from collections.abc import Iterator

from loanoverdue.engine.context import CaseContext
from loanoverdue.law import Step, Text
from loanoverdue.law.policy import PolicyLevel
from loanoverdue.model import Action, Outcome, Target
from loanoverdue.pack import FactorProvider
from loanoverdue.results import Direction, Factor
from loanoverdue_cn.consequences import limitation
from loanoverdue_cn.facts import CONTACT_ACTIONS, by_collector, in_force
from loanoverdue_cn.texts import text

__all__ = ["FACTORS"]

CC = "cn.civil_code"
CPL = "cn.civil_procedure_2023"

#: The platform name when the case gives none.
THE_PLATFORM = Text({"en": "the platform", "zh-CN": "该平台"})


def _police(ctx: CaseContext) -> str:
    return str(ctx.param("cn.contacts.police"))


def visits(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    if not in_force(ctx, CC):
        pass
    elif step.action is Action.HOME_VISIT:
        yield Factor(
            "law",
            Direction.NEUTRAL,
            text("factor.home_visit_law"),
            {"police": _police(ctx)},
            (
                ctx.cite(CC, "1033(2)"),
                ctx.cite("cn.constitution", "39"),
                ctx.cite("cn.criminal_law", "245"),
            ),
        )
    else:
        yield Factor(
            "law",
            Direction.NEUTRAL,
            text("factor.workplace_visit_law"),
            citations=(ctx.cite(CC, "1032"), ctx.cite(CC, "1038")),
        )
    contacts = [
        v
        for v in ctx.happened(*CONTACT_ACTIONS)
        if by_collector(v.event) and v.event.target is Target.BORROWER
    ]
    if contacts and contacts[-1].event.outcome is Outcome.CONNECTED:
        yield Factor(
            "reachable", Direction.LOWERS, text("factor.reachable"), {"date": contacts[-1].day.isoformat()}
        )


def platform_policy(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    """The fourth factor the question turns on: the platform's own policy. When no
    platform pack publishes one for this step, say so and point to the agreement."""
    if ctx.happened(step.action):
        return
    lender = ctx.case.loan.lender
    # a platform policy applies (installed, or passed for this assessment): the engine
    # shows its own terms
    if ctx.platform_policy is not None:
        return
    policies = ctx.registry.policies_for(ctx.chain, lender.kind, lender.platform)
    for pol in policies:
        if pol.level is PolicyLevel.PLATFORM and any(s.action is step.action for s in pol.steps):
            return
    name: object = lender.platform or lender.name or THE_PLATFORM
    yield Factor("platform_policy", Direction.NEUTRAL, text("factor.no_platform_policy"), {"platform": name})


def policy_note(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    """The note of the policy step, so the reasons of an assumption are shown."""
    if step.note is not None:
        yield Factor("policy_note", Direction.NEUTRAL, step.note, citations=step.citations)


def court(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    if not in_force(ctx, CPL):
        return
    orders = ctx.happened(Action.PAYMENT_ORDER)
    if step.action is Action.COURT_SERVICE:
        yield Factor(
            "law",
            Direction.NEUTRAL,
            text("factor.court_service_law"),
            citations=tuple(ctx.cite(CPL, a) for a in ("88", "89", "90", "91", "95")),
        )
        if orders:
            yield Factor(
                "payment_order",
                Direction.RAISES,
                text("factor.payment_order_served"),
                {"date": orders[0].day.isoformat()},
                (ctx.cite(CPL, "225"),),
            )
    elif step.action is Action.ENFORCEMENT:
        if orders:
            yield Factor(
                "payment_order",
                Direction.RAISES,
                text("factor.payment_order_enforceable"),
                {"date": orders[0].day.isoformat()},
                (ctx.cite(CPL, "227"),),
            )
        yield Factor(
            "law",
            Direction.NEUTRAL,
            text("factor.enforcement_law"),
            citations=(ctx.cite(CPL, "266"), ctx.cite("cn.criminal_law", "313")),
        )
    elif step.action is Action.LAWSUIT:
        yield Factor(
            "small_claims",
            Direction.NEUTRAL,
            text("factor.small_claims"),
            {"amount": str(ctx.case.loan.outstanding)},
            (ctx.cite(CPL, "165"),),
        )
        lim = limitation(ctx)
        if lim is not None and lim.expired:
            yield Factor(
                "limitation",
                Direction.LOWERS,
                text("factor.limitation_expired"),
                {"date": lim.expires.isoformat()},
                (ctx.cite(CC, "192"), ctx.cite(CC, "193")),
            )


def credit_report(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    yield Factor(
        "law",
        Direction.NEUTRAL,
        text("factor.credit_report_law"),
        citations=(
            ctx.cite("cn.credit_reporting_regulation", "15"),
            ctx.cite("cn.credit_reporting_regulation", "16"),
        ),
    )


def third_parties(ctx: CaseContext, step: Step) -> Iterator[Factor]:
    if not in_force(ctx, CC):
        return
    yield Factor(
        "law",
        Direction.NEUTRAL,
        text("factor.third_party_law"),
        citations=(ctx.cite(CC, "1032"), ctx.cite(CC, "1038"), ctx.cite("cn.pipl", "13")),
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
        frozenset({Action.COURT_SERVICE, Action.ENFORCEMENT, Action.LAWSUIT}),
    ),
    FactorProvider("cn.factors.credit_report", "CN", credit_report, frozenset({Action.CREDIT_REPORT})),
    FactorProvider("cn.factors.third_parties", "CN", third_parties, frozenset({Action.THIRD_PARTY_CONTACT})),
)
