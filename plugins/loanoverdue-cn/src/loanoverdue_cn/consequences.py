"""Case-level consequences under Chinese law: the limitation period (Civil Code arts.
188-195), credit-report retention (Credit Reporting Regulation art. 16), the interest cap
the law protects (private lending: 4 x LPR at contract time; licensed lenders: the 24 %
line) and criminal exposure (none for ordinary default; the credit-card malicious
overdraft conditions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from loanoverdue.engine.context import CaseContext, EventView
from loanoverdue.law import Citation, Text
from loanoverdue.model import Action, LenderKind, Outcome, Target
from loanoverdue.pack import Calculator, Consequence
from loanoverdue.results import Credit, Exposure, Interest, Limitation
from loanoverdue_cn.facts import (
    DEMAND_MESSAGES,
    REACHED,
    add_months,
    add_years,
    amount,
    bank_card_debt,
    by_collector,
    in_force,
    param_int,
    pct,
    protected_cap,
    unpaid_principal,
)
from loanoverdue_cn.texts import fill, join, text

__all__ = ["CALCULATORS", "effective_collections", "limitation"]

CC = "cn.civil_code"
CREDIT = "cn.credit_reporting_regulation"
CARD = "cn.credit_card_crime_interpretation"

_PROCEEDINGS = (Action.LAWSUIT, Action.ARBITRATION, Action.PAYMENT_ORDER)
_IN_PERSON = frozenset({Action.CALL, Action.HOME_VISIT, Action.WORKPLACE_VISIT})


# -- limitation -------------------------------------------------------------------------


def _interrupts(view: EventView) -> bool:
    """A demand that reached the borrower, or proceedings (Civil Code art. 195)."""
    event = view.event
    if event.proposed:
        return False
    if event.action in _PROCEEDINGS:
        return True
    if not by_collector(event) or event.target is not Target.BORROWER:
        return False
    if event.action in DEMAND_MESSAGES:
        return event.outcome in REACHED
    return event.action in _IN_PERSON and event.outcome is Outcome.CONNECTED


def limitation(ctx: CaseContext) -> Limitation | None:
    years = ctx.param_or("cn.limitation.years", None)
    if years is None:  # before the Civil Code: not modelled
        return None
    loan = ctx.case.loan
    base = loan.final_due_date or loan.due_date
    starts = base
    interrupted: list[int] = []
    proceedings: date | None = None
    for view in ctx.in_time_order():
        if view.day > base and _interrupts(view):
            interrupted.append(view.index)
            starts = max(starts, view.day)
            if view.event.action in _PROCEEDINGS and proceedings is None:
                proceedings = view.day
    notes = []
    if loan.final_due_date is not None:
        reason = fill("limitation.start_last_instalment", date=base)
    else:
        reason = fill("limitation.start_due", date=base)
    notes.append(fill("limitation.base", start_reason=reason))
    paid = loan.last_payment_date
    if paid is not None and paid > base:
        starts = max(starts, paid)
        notes.append(fill("limitation.part_payment", date=paid))
    if proceedings is not None:
        notes.append(fill("limitation.proceedings", date=proceedings))
    notes.append(text("limitation.long_stop"))
    expires = add_years(starts, years)
    cites = [ctx.cite(CC, "188")]
    if loan.final_due_date is not None:
        cites.append(ctx.cite(CC, "189"))
    cites += [ctx.cite(CC, a) for a in ("192", "193", "195")]
    return Limitation(
        period=f"P{years}Y",
        starts=starts,
        interrupted_by=tuple(interrupted),
        expires=expires,
        expired=ctx.today > expires,
        citations=tuple(cites),
        note=join(*notes),
    )


# -- credit reporting -------------------------------------------------------------------


def credit(ctx: CaseContext) -> Credit | None:
    years = ctx.param_or("cn.credit.retention_years", None)
    if years is None:
        return None
    loan = ctx.case.loan
    reports = ctx.happened(Action.CREDIT_REPORT)
    parts = [fill("credit.base", years=years)]
    if reports:
        parts.append(fill("credit.reported", date=reports[0].day))
    elif loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL:
        parts.append(text("credit.not_recorded_private"))
    else:
        parts.append(text("credit.not_recorded"))
    until = None
    if loan.repaid_on is not None:
        until = add_years(loan.repaid_on, years)
        parts.append(fill("credit.repaid", date=loan.repaid_on, until=until))
    cites = tuple(ctx.cite(CREDIT, a) for a in ("15", "16", "17", "25"))
    return Credit(bool(reports), until, join(*parts), cites)


# -- interest ---------------------------------------------------------------------------


def interest(ctx: CaseContext) -> Interest:
    loan = ctx.case.loan
    cap = protected_cap(ctx, loan)
    rate = loan.annual_rate
    notes: list[Text] = []
    if cap.regime == "lpr":
        assert cap.cap is not None and cap.lpr is not None and cap.multiple is not None
        notes.append(
            fill(
                "interest.lpr",
                multiple=f"{cap.multiple.normalize():f}",
                on=cap.on,
                lpr=pct(cap.lpr),
                cap=pct(cap.cap),
            )
        )
    elif cap.regime == "pre_2020":
        assert cap.cap is not None
        void = pct(cap.void_above) if cap.void_above is not None else "—"
        notes.append(fill("interest.pre_2020", on=cap.on, cap=pct(cap.cap), void=void))
    elif cap.regime == "licensed":
        notes.append(fill("interest.licensed", cap=pct(cap.cap) if cap.cap is not None else "—"))
    elif cap.regime == "no_contract_date":
        example = Text({"en": "", "zh-CN": ""})
        lpr = ctx.param_or("cn.interest.lpr_1y", None, loan.due_date)
        multiple = ctx.param_or("cn.interest.private_lending_cap_multiple", None, loan.due_date)
        if lpr is not None and multiple is not None:
            example = fill("interest.no_contract_date_example", on=loan.due_date, cap=pct(lpr * multiple))
        notes.append(fill("interest.no_contract_date", example=example))
    elif cap.regime == "no_lpr":
        notes.append(fill("interest.no_lpr", on=cap.on))
    elif cap.regime == "too_old":
        notes.append(fill("interest.too_old", on=cap.on))
    else:
        notes.append(text("interest.undetermined"))
    excess = rate is not None and cap.cap is not None and rate > cap.cap
    if rate is None:
        notes.append(text("interest.unknown_rate"))
    elif excess and cap.cap is not None:
        key = "interest.excess_licensed" if cap.regime == "licensed" else "interest.excess"
        notes.append(fill(key, rate=pct(rate), cap=pct(cap.cap)))
    return Interest(rate, cap.cap, cap.basis, excess, join(*notes))


# -- criminal exposure ------------------------------------------------------------------


def effective_collections(ctx: CaseContext) -> tuple[EventView, EventView] | None:
    """The first two collections that reached the cardholder after the due date and
    lie at least ``cn.criminal.card_overdraft_collection_gap_days`` apart
    (interpretation art. 7), or None."""
    due = ctx.case.loan.due_date
    reached = [
        v
        for v in ctx.in_time_order()
        if not v.event.proposed
        and by_collector(v.event)
        and v.event.target is Target.BORROWER
        and v.event.outcome in REACHED
        and v.day > due
    ]
    for i, first in enumerate(reached):
        gap = param_int(ctx, "cn.criminal.card_overdraft_collection_gap_days", first.day)
        for second in reached[i + 1 :]:
            if (second.day - first.day).days >= gap:
                return first, second
    return None


def _card_citations(ctx: CaseContext) -> tuple[Citation, ...]:
    return (
        ctx.cite("cn.criminal_law", "196"),
        *(ctx.cite(CARD, a) for a in ("6", "7", "8", "9", "10", "11")),
    )


def exposure(ctx: CaseContext) -> Exposure:
    loan = ctx.case.loan
    if not bank_card_debt(loan):
        cites = [ctx.cite("cn.criminal_law", "313")]
        if in_force(ctx, "cn.civil_procedure_2023"):
            cites.append(ctx.cite("cn.civil_procedure_2023", "114(1)(6)"))
        return Exposure(False, text("exposure.ordinary"), tuple(cites))
    threshold: Decimal = ctx.param("cn.criminal.card_overdraft_threshold")
    gap = param_int(ctx, "cn.criminal.card_overdraft_collection_gap_days")
    months = param_int(ctx, "cn.criminal.card_overdraft_months_after_collection")
    conditions = fill("exposure.card_conditions", gap=gap, months=months, threshold=amount(threshold))
    principal = unpaid_principal(loan)
    reasons: list[Text] = []
    pair = effective_collections(ctx)
    if loan.repaid_on is not None:
        reasons.append(text("exposure.reason_repaid"))
    if principal < threshold:
        reasons.append(
            fill("exposure.reason_principal", principal=amount(principal), threshold=amount(threshold))
        )
    if pair is None:
        reasons.append(fill("exposure.reason_collections", gap=gap))
    elif ctx.today <= add_months(pair[1].day, months):
        reasons.append(fill("exposure.reason_months", months=months, date=pair[1].day))
    if reasons:
        sep = text("exposure.separator")
        reason = Text({lang: sep.get(lang).join(r.get(lang) for r in reasons) for lang in sep.languages})
        return Exposure(
            False, join(conditions, fill("exposure.card_not_met", reason=reason)), _card_citations(ctx)
        )
    assert pair is not None
    met = fill(
        "exposure.card_met",
        principal=amount(principal),
        first=pair[0].day,
        second=pair[1].day,
        months=months,
    )
    return Exposure(True, join(conditions, met), _card_citations(ctx))


CALCULATORS = (
    Calculator("cn.limitation", "CN", Consequence.LIMITATION, limitation),
    Calculator("cn.credit", "CN", Consequence.CREDIT, credit),
    Calculator("cn.interest", "CN", Consequence.INTEREST, interest),
    Calculator("cn.exposure", "CN", Consequence.EXPOSURE, exposure),
)
