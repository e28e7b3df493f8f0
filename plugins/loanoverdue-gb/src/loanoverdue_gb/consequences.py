"""Case-level consequences in the United Kingdom: the limitation period (England and
Wales; Scotland's prescription), the credit file, interest (no cap encoded) and exposure."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from loanoverdue.pack import (
    Action,
    Calculator,
    Consequence,
    Credit,
    Exposure,
    Interest,
    Limitation,
    Text,
    add_years,
)
from loanoverdue_gb.limitation import LimitationPeriod, limitation_on

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext

__all__ = ["CALCULATORS", "credit", "default_registered", "exposure", "interest", "limitation", "limitation_note"]


def limitation_note(lim: LimitationPeriod) -> Text:
    """What the period rests on, in words."""
    if lim.start_basis == "default_notice":
        start = (
            f"It runs from {lim.starts.isoformat()}, the end of the 14 days of the default notice of "
            f"{lim.default_notice.isoformat() if lim.default_notice else '?'}, when the whole balance could "
            "first be demanded."
        )
    elif lim.start_basis == "payment":
        start = f"It runs from the last payment, on {lim.starts.isoformat()}, which restarted it."
    elif lim.start_basis == "claim":
        start = f"It runs from the court action (a relevant claim) of {lim.starts.isoformat()}."
    else:
        start = f"It runs from the first missed due date, {lim.starts.isoformat()}."
    parts = []
    if lim.scotland:
        parts.append(
            f"Scotland: a debt under a contract is extinguished by prescription {lim.years} years after it "
            f"became enforceable, unless a court claim is made or the debt is acknowledged (by a payment or "
            f"a clear written admission) in that time. {start}"
        )
        if lim.interrupted_by:
            parts.append(
                "A claim in court counts as made until it is finally decided; a court decree itself is not "
                "subject to the five-year prescription."
            )
    else:
        parts.append(
            f"England and Wales: a court claim on the debt must be brought within {lim.years} years of when "
            f"the cause of action accrued. {start} A payment, or an acknowledgment of the debt, restarts the "
            "period while it runs."
        )
        if lim.late_payment is not None:
            parts.append(
                f"The payment of {lim.late_payment.isoformat()} came after the period had run: it does not "
                "revive the right to sue."
            )
        if lim.claim_in_time is not None:
            parts.append(f"The court claim of {lim.claim_in_time.isoformat()} was brought within the period.")
        parts.append(
            "A Breathing Space moratorium can extend the period (not computed here). Once it has run, the "
            "debt still exists but a court claim can be defended as statute barred."
        )
    parts.append(
        "When the cause of action accrued is this model's assumption (the first missed payment, or the end "
        "of a default notice's 14 days, whichever is later); courts decide it case by case. "
        "Acknowledgments are not recorded in the case, so only the last payment counts."
    )
    return Text(" ".join(parts))


def limitation(ctx: CaseContext) -> Limitation | None:
    """The limitation period in England and Wales or Scotland as it stands today."""
    lim = limitation_on(ctx, ctx.today)
    if lim is None:  # pragma: no cover - registered for GB-EAW and GB-SCT only
        return None
    return Limitation(
        period=f"P{lim.years}Y",
        starts=lim.starts,
        interrupted_by=lim.interrupted_by,
        expires=lim.expires,
        expired=lim.expired_on(ctx.today),
        citations=lim.citations,
        note=limitation_note(lim),
    )


def default_registered(ctx: CaseContext) -> date | None:
    """The day taken as the default date: the first credit report on or after the first
    default notice (an assumption), or ``None`` when there is none."""
    notices = ctx.happened(Action.DEFAULT_NOTICE)
    if not notices:
        return None
    for v in ctx.happened(Action.CREDIT_REPORT):
        if v.day >= notices[0].day:
            return v.day
    return None


def credit(ctx: CaseContext) -> Credit:
    """Reported once a credit report is recorded. A default stays six years from its date;
    a settled account six years from settlement; an account in arrears without a default
    shows as long as it is open (the agencies' practice, not law)."""
    years: int = ctx.param("gb.credit.retention_years")
    reports = ctx.happened(Action.CREDIT_REPORT)
    loan = ctx.case.loan
    day = default_registered(ctx)
    cites = (ctx.cite("gb.cra_retention", "defaults"), ctx.cite("gb.cra_retention", "closed accounts"))
    practice = "This is the credit reference agencies' practice, not law."
    if day is not None:
        until = add_years(day, years)
        rule = Text(
            f"A default registered on {day.isoformat()} (the first credit report after the default notice, "
            f"taken as the default date) stays on the credit file for {years} years, until {until.isoformat()}, "
            f"whether or not the debt is paid. {practice}"
        )
        return Credit(True, until, rule, cites)
    if loan.repaid_on is not None:
        until = add_years(loan.repaid_on, years)
        rule = Text(
            f"A settled account stays on the credit file for {years} years from settlement ({loan.repaid_on.isoformat()}), "
            f"with its payment history, until {until.isoformat()}. {practice}"
        )
        return Credit(bool(reports), until, rule, cites)
    rule = Text(
        "Missed payments are reported each month while the account is open; once the lender registers a "
        f"default, the account stays on the credit file for {years} years from the default date, paid or not. "
        f"{practice}"
    )
    return Credit(bool(reports), None, rule, cites)


def interest(ctx: CaseContext) -> Interest | None:
    """No UK interest cap is encoded (the FCA's price cap on high-cost short-term credit
    was not researched for this pack), so nothing is said rather than guessed."""
    return None


_EXPOSURE = Text(
    {
        "en": (
            "This model knows no offence of not paying a consumer credit debt in the UK: the creditor's "
            "remedy is a civil claim in court, and after a judgment, enforcement of it. A firm must not say that "
            "action can or will be taken when legally it cannot, such as arrest or prison for the debt. The "
            "exposure runs the other way: a creditor that fails for a month to give a copy of the agreement on "
            "request commits an offence."
        )
    }
)


def exposure(ctx: CaseContext) -> Exposure:
    """Ordinary consumer debt is a civil matter."""
    return Exposure(False, _EXPOSURE, (ctx.cite("gb.fca.conc", "7.11.6"), ctx.cite("gb.cca_1974", "77(4)")))


CALCULATORS = (
    Calculator("gb.limitation.england_wales", "GB-EAW", Consequence.LIMITATION, limitation),
    Calculator("gb.limitation.scotland", "GB-SCT", Consequence.LIMITATION, limitation),
    Calculator("gb.credit", "GB", Consequence.CREDIT, credit),
    Calculator("gb.interest", "GB", Consequence.INTEREST, interest),
    Calculator("gb.exposure", "GB", Consequence.EXPOSURE, exposure),
)
