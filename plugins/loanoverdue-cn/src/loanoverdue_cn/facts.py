"""Facts the China rules share: who lends and who collects, whom an event reached, quiet
hours, counting windows and the interest cap the law protects.

Pure functions over the core's model and contexts; no state is kept between calls.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue.law import Citation
from loanoverdue.model import (
    Action,
    Actor,
    CollectionEvent,
    Conduct,
    LenderKind,
    Loan,
    Outcome,
    Place,
    Product,
    Purpose,
    Target,
)

if TYPE_CHECKING:
    from loanoverdue.engine.context import CaseContext, EventView

# -- parties ----------------------------------------------------------------------------

#: Lenders licensed or approved by a financial regulator. Microlenders count: the SPC reply
#: on the scope of the private-lending provisions treats them as licensed financial
#: institutions; a facilitation platform's loans are funded by a licensed institution.
LICENSED: frozenset[LenderKind] = frozenset(
    {
        LenderKind.BANK,
        LenderKind.CREDIT_CARD_ISSUER,
        LenderKind.CONSUMER_FINANCE,
        LenderKind.ONLINE_MICROLENDER,
        LenderKind.FACILITATION_PLATFORM,
    }
)
#: Lender kinds whose regime depends on the original loan, which the case does not say.
UNDETERMINED: frozenset[LenderKind] = frozenset({LenderKind.DEBT_BUYER, LenderKind.OTHER})
BANKS: frozenset[LenderKind] = frozenset({LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER})

#: Anyone but the borrower and the borrower's own lawyer. The vocabulary has no guarantor.
THIRD_PARTIES: frozenset[Target] = frozenset(
    {
        Target.SPOUSE,
        Target.FAMILY,
        Target.EMPLOYER,
        Target.COLLEAGUE,
        Target.CONTACT,
        Target.NEIGHBOUR,
        Target.PUBLIC,
    }
)


def by_collector(event: CollectionEvent) -> bool:
    """A collection event of the lender's side (not a court's)."""
    return event.actor is not Actor.COURT


def is_private(loan: Loan) -> bool:
    return loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL


def is_licensed(loan: Loan) -> bool:
    return loan.lender.kind in LICENSED


def bank_card_debt(loan: Loan) -> bool:
    """A credit-card debt owed to a bank: the Credit Card Measures and the malicious
    overdraft rules apply."""
    kind = loan.lender.kind
    return kind is LenderKind.CREDIT_CARD_ISSUER or (
        kind is LenderKind.BANK and loan.product is Product.CREDIT_CARD
    )


# -- events -----------------------------------------------------------------------------

#: Contacts counted for frequency: calls and messages to the borrower.
CONTACT_ACTIONS: tuple[Action, ...] = (Action.CALL, Action.SMS, Action.INSTANT_MESSAGE)
#: Contacts that can intrude at night.
NIGHT_ACTIONS: tuple[Action, ...] = (
    Action.CALL,
    Action.SMS,
    Action.INSTANT_MESSAGE,
    Action.THIRD_PARTY_CONTACT,
    Action.HOME_VISIT,
)
VISIT_ACTIONS: tuple[Action, ...] = (Action.HOME_VISIT, Action.WORKPLACE_VISIT)
#: Actions that ask the borrower to pay.
DEMAND_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.CALL,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
        Action.LAWSUIT,
        Action.PAYMENT_ORDER,
    }
)
#: Communications that, once they reach the borrower, are a demand for performance.
DEMAND_MESSAGES: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.LETTER,
        Action.LAWYER_LETTER,
    }
)
REACHED: frozenset[Outcome] = frozenset({Outcome.CONNECTED, Outcome.DELIVERED})

INTIMIDATING: frozenset[Conduct] = frozenset(
    {Conduct.THREAT, Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM}
)
ABUSIVE: frozenset[Conduct] = frozenset({Conduct.INSULT, Conduct.OBSCENE})
#: The "improper means" of the financial regulators' collection rules.
IMPROPER: frozenset[Conduct] = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.THREAT,
        Conduct.INSULT,
        Conduct.OBSCENE,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.IMPERSONATION,
        Conduct.FALSE_LEGAL_CLAIM,
    }
)
#: Conduct that makes a visit more than a peaceful visit (its own rules report it).
VISIT_MISCONDUCT: frozenset[Conduct] = IMPROPER | {
    Conduct.ENTERED_WITHOUT_CONSENT,
    Conduct.REFUSED_TO_LEAVE,
    Conduct.PHOTOGRAPHED,
    Conduct.PUBLIC_SHAMING,
    Conduct.DISCLOSURE,
    Conduct.PROPERTY_DAMAGE,
}
WORKPLACE_MISCONDUCT: frozenset[Conduct] = IMPROPER | {Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING}
#: Listed means of Criminal Law art. 293-1 items (1) and (2).
FORCE_OR_INTRUSION: frozenset[Conduct] = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.THREAT,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.ENTERED_WITHOUT_CONSENT,
        Conduct.REFUSED_TO_LEAVE,
    }
)


def at_home(event: CollectionEvent) -> bool:
    return event.place is Place.HOME or event.action is Action.HOME_VISIT


def tells_others(event: CollectionEvent) -> bool:
    """The event revealed the debt to someone other than the borrower."""
    return event.has(Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING) or event.target is Target.PUBLIC


def is_demand(event: CollectionEvent) -> bool:
    return event.purpose is Purpose.PAYMENT_DEMAND or event.action in DEMAND_ACTIONS


def in_quiet_hours(t: time, start: time, end: time) -> bool:
    """Whether ``t`` lies in the quiet hours ``[start, end)``; the window may wrap
    midnight (21:00-08:00)."""
    if start <= end:
        return start <= t < end
    return t >= start or t < end


def window_before(views: Sequence[EventView], at: datetime, days: int) -> list[EventView]:
    """The views (in time order) in the ``days`` before ``at``, ``at`` included."""
    low = at - timedelta(days=days)
    return [v for v in views if low < v.event.at <= at]


def counted_up_to(views: Iterable[EventView], current: EventView) -> list[EventView]:
    """``views`` that happened, plus ``current`` itself (it may be a proposal)."""
    return [v for v in views if v.index == current.index or not v.event.proposed]


# -- dates and numbers ------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def pct(rate: Decimal) -> str:
    """A rate as a percentage for people: ``Decimal("0.154")`` -> ``"15.40%"``."""
    return f"{rate * 100:.2f}%"


def amount(value: Decimal) -> str:
    """An amount of yuan for people: ``Decimal("50000")`` -> ``"50,000"``."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def unpaid_principal(loan: Loan) -> Decimal:
    """The most of the principal that can still be unpaid (outstanding also holds
    interest and fees, so the lesser of the two)."""
    return min(loan.principal.amount, loan.outstanding.amount)


# -- the interest cap -------------------------------------------------------------------

#: The first amendment of the private-lending provisions (4 x LPR) took effect on this
#: date; older contracts keep the former 24 % / 36 % rule for interest up to the day
#: before (private-lending provisions art. 31).
LPR_RULE_FROM = date(2020, 8, 20)


@attrs.frozen
class Cap:
    """The highest annual rate the law protects for a loan, and why.

    ``regime``: ``lpr`` (private lending, 4 x LPR at contract time), ``pre_2020``
    (private lending, contract before 2020-08-20: the 2015 24 % line), ``licensed`` (the
    24 % line of the financial-trials opinion), or, with ``cap`` None, ``no_contract_date``,
    ``no_lpr`` (no LPR known for the contract date), ``too_old`` (contract before the
    2015 provisions) and ``undetermined`` (debt buyer or other: the original lender is
    unknown).
    """

    cap: Decimal | None
    regime: str
    basis: tuple[Citation, ...]
    on: date | None = None
    lpr: Decimal | None = None
    multiple: Decimal | None = None
    void_above: Decimal | None = None


def _lpr_cap(ctx: CaseContext, on: date) -> tuple[Decimal, Decimal] | None:
    lpr = ctx.param_or("cn.interest.lpr_1y", None, on)
    multiple = ctx.param_or("cn.interest.private_lending_cap_multiple", None, on)
    if lpr is None or multiple is None:
        return None
    return lpr, multiple


def protected_cap(ctx: CaseContext, loan: Loan) -> Cap:
    """The cap for ``loan`` by lender kind and contract date (see :class:`Cap`)."""
    kind = loan.lender.kind
    if kind in LICENSED:
        cap = ctx.param_or("cn.interest.financial_loan_cap", None)
        licensed_basis = (
            ctx.cite("cn.spc_financial_trials_opinion_2017", "2"),
            ctx.cite("cn.spc_private_lending_2020", "1"),
            ctx.cite("cn.spc_private_lending_scope_reply", "general"),
            ctx.cite("cn.pboc_announcement_2021_3", "general"),
        )
        return Cap(cap, "licensed", licensed_basis)
    if kind in UNDETERMINED:
        return Cap(None, "undetermined", (ctx.cite("cn.spc_private_lending_2020", "1"),))
    on = loan.contract_date
    lpr_basis = (
        ctx.cite("cn.spc_private_lending_2020", "25"),
        ctx.cite("cn.spc_private_lending_2020", "28"),
        ctx.cite("cn.spc_private_lending_2020", "29"),
        ctx.cite("cn.pboc_lpr_announcements", "general"),
    )
    if on is None:
        return Cap(None, "no_contract_date", lpr_basis)
    if on >= LPR_RULE_FROM:
        found = _lpr_cap(ctx, on)
        if found is None:
            return Cap(None, "no_lpr", lpr_basis, on)
        lpr, multiple = found
        return Cap(lpr * multiple, "lpr", lpr_basis, on, lpr, multiple)
    supported = ctx.param_or("cn.interest.private_lending_2015_supported", None, on)
    void_above = ctx.param_or("cn.interest.private_lending_2015_void_above", None, on)
    basis: tuple[Citation, ...] = (
        ctx.cite("cn.spc_private_lending_2015", "26"),
        ctx.cite("cn.spc_private_lending_2015", "31"),
        ctx.cite("cn.spc_private_lending_2020", "31"),
    )
    if supported is None:
        return Cap(None, "too_old", basis, on)
    return Cap(supported, "pre_2020", basis, on, void_above=void_above)


def rate_above_cap(ctx: CaseContext, loan: Loan) -> bool | None:
    """Whether the loan's rate is above the protected cap; ``None`` when unknown."""
    if loan.annual_rate is None:
        return None
    cap = protected_cap(ctx, loan)
    if cap.cap is None:
        return None
    return loan.annual_rate > cap.cap


def in_force(ctx: CaseContext, instrument: str, on: date | None = None) -> bool:
    """Whether ``instrument`` is in force on ``on`` (default: the assessment date).
    Outlook factors and advice resting on a law not yet (or no longer) in force are not
    given: the law before it is not modelled."""
    inst = ctx.registry.instruments.get(instrument)
    return inst is not None and inst.period.contains(ctx.today if on is None else on)


def param_int(ctx: Any, pid: str, on: date | None = None) -> int:
    """An integer parameter (typed for the checks)."""
    value = ctx.param(pid, on)
    if not isinstance(value, int):
        raise TypeError(f"parameter {pid!r} is not an integer: {value!r}")
    return value


def param_time(ctx: Any, pid: str, on: date | None = None) -> time:
    value = ctx.param(pid, on)
    if not isinstance(value, time):
        raise TypeError(f"parameter {pid!r} is not a time: {value!r}")
    return value
