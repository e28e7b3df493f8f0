"""Case-level consequences in India: the limitation period for a suit on the loan and the
credit-report consequence. No interest cap and no criminal exposure of the borrower are
encoded (see the pack's README): those consequences stay null."""

from __future__ import annotations

from datetime import date

from loanoverdue.pack import Calculator, CaseContext, Consequence, Credit, Limitation, Text, add_years
from loanoverdue_in.facts import digital_loan

__all__ = ["CALCULATORS", "add_years", "credit", "limitation"]

ACT = "in.limitation_act"


_NOTE = (
    "Three years from the first missed due date. Article 19 of the Schedule (money lent) runs "
    "from the day the loan is made; for a loan repayable on a fixed day courts count from the "
    "default, under the residuary Article 113 (as reported of the Delhi High Court in Satish "
    "Kumar v. Reena Bhoumik); each later instalment may run from its own due date. "
)
_RESTARTS = (
    "A written acknowledgment signed by the borrower before the period ends (s. 18), and a "
    "payment before it ends acknowledged in the payer's writing (s. 19), start a fresh period. "
    "After the period has ended neither revives the claim under these sections."
)


def limitation(ctx: CaseContext) -> Limitation:
    loan = ctx.case.loan
    years: int = ctx.param("in.limitation.years", on=loan.due_date)
    starts = loan.due_date
    expires = add_years(starts, years)
    cites = [ctx.cite(ACT, "Schedule, art. 19"), ctx.cite(ACT, "Schedule, art. 113")]
    restarted: list[str] = []
    steps: list[tuple[date, str, str]] = []
    if loan.last_acknowledgment_date is not None:
        steps.append((loan.last_acknowledgment_date, "s. 18", "The written acknowledgment"))
    # each payment listed, and the last payment date: a chain of payments, each before
    # the period ran, keeps starting fresh periods
    paid = {p.paid_on for p in loan.payments}
    if loan.last_payment_date is not None:
        paid.add(loan.last_payment_date)
    for day in sorted(paid):
        steps.append((day, "s. 19", "The payment"))
    for day, section, what in sorted(steps):
        if day <= starts:
            continue
        if day <= expires:  # before the period ran out: a fresh period from that day
            starts, expires = day, add_years(day, years)
            restarted.append(f"{what} of {day.isoformat()} started a fresh period ({section}). ")
            cited = ctx.cite(ACT, section)
            if cited not in cites:  # one citation for a chain of payments
                cites.append(cited)
        else:
            restarted.append(
                f"{what} of {day.isoformat()} came after the period had ended: no fresh period. "
            )
    note = Text({"en": _NOTE + "".join(restarted) + _RESTARTS})
    return Limitation(f"P{years}Y", starts, (), expires, ctx.today > expires, tuple(cites), note)


_CREDIT_RULE = (
    "The lender reports the loan to the credit information companies; a default stays in the "
    "report while the loan is unpaid, and a repaid or settled default is commonly shown for "
    "about {years} years afterwards (the bureaus' practice as secondary sources describe it, "
    "not a rule this pack has read). The Credit Information "
    "Companies Rules and Regulations, 2006 were not read."
)


def credit(ctx: CaseContext) -> Credit:
    loan = ctx.case.loan
    years: int = ctx.param("in.credit.retention_years")
    until = None if loan.repaid_on is None else add_years(loan.repaid_on, years)
    # reporting is a duty this pack has read only for digital loans (Directions para 16(i))
    cites = (ctx.cite("in.rbi.digital_lending_2025", "16(i)"),) if digital_loan(ctx.case) else ()
    return Credit(ctx.dpd > 0, until, Text({"en": _CREDIT_RULE.format(years=years)}), cites)


CALCULATORS = (
    Calculator("in.limitation", "IN", Consequence.LIMITATION, limitation),
    Calculator("in.credit", "IN", Consequence.CREDIT, credit),
)
