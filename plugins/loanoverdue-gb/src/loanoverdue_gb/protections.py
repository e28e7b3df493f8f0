"""The borrower's protections as this pack reads them: a Breathing Space moratorium (its
first and last day) and a request for a copy of the agreement (answered or not, and when
the answer was due). Rules, factors and advice all ask these two functions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from loanoverdue.pack import LenderKind, Loan, Product, ProtectionKind, Purpose
from loanoverdue_gb.daycount import part_of_uk, working_day_after

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext

__all__ = ["InformationRequest", "Moratorium", "information_duty_applies", "moratorium_on", "unanswered_request_on"]


class Moratorium(NamedTuple):
    """A standard breathing space: from ``since`` to ``until``, both included."""

    since: date
    until: date


def moratorium_on(ctx: CaseContext, day: date) -> Moratorium | None:
    """The breathing space in force on ``day``: the latest one begun by then, if it still
    runs. ``None`` in a jurisdiction without the scheme's length (outside England and
    Wales) or before the scheme began."""
    latest = None
    for p in ctx.case.borrower.protections:
        if p.kind is ProtectionKind.BREATHING_SPACE and p.since <= day:
            latest = p.since
    if latest is None:
        return None
    days = ctx.param_or("gb.breathing_space.days", None, latest)
    if days is None:
        return None
    until = latest + timedelta(days=days - 1)
    return Moratorium(latest, until) if day <= until else None


class InformationRequest(NamedTuple):
    """A request for a copy of the agreement made on ``requested`` and not answered by
    the day asked about; the answer was due by ``deadline``."""

    requested: date
    deadline: date


def information_duty_applies(loan: Loan) -> bool:
    """Whether the duty to give a copy of the agreement applies: not for fixed-sum credit
    from a private individual (a non-commercial agreement, s. 77(5)). Running-account
    credit (cards, revolving credit) falls under s. 78."""
    running = loan.product in (Product.CREDIT_CARD, Product.REVOLVING)
    return running or loan.lender.kind is not LenderKind.PRIVATE_INDIVIDUAL


def unanswered_request_on(ctx: CaseContext, day: date) -> InformationRequest | None:
    """The latest request for a copy of the agreement made by ``day`` that no event with
    purpose ``information_supplied`` answered by ``day``; ``None`` also when the duty does
    not apply to the loan (:func:`information_duty_applies`)."""
    if not information_duty_applies(ctx.case.loan):
        return None
    requested = None
    for p in ctx.case.borrower.protections:
        if p.kind is ProtectionKind.INFORMATION_REQUESTED and p.since <= day:
            requested = p.since
    if requested is None:
        return None
    for v in ctx.all_events:
        e = v.event
        if e.purpose is Purpose.INFORMATION_SUPPLIED and not e.proposed and requested <= v.day <= day:
            return None
    working_days: int = ctx.param("gb.information_request.prescribed_working_days", requested)
    return InformationRequest(requested, working_day_after(requested, working_days, part_of_uk(ctx.chain)))
