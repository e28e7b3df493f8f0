"""Case-level consequences in the United States: the state limitation period, credit
reporting under the FCRA, interest (no US cap is encoded) and exposure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from loanoverdue.pack import (
    Action,
    Calculator,
    CaseContext,
    Consequence,
    Credit,
    Exposure,
    Interest,
    Limitation,
    Text,
)
from loanoverdue_us.facts import Cites
from loanoverdue_us.limitation import add_years, state_limitation

__all__ = ["CALCULATORS", "credit", "exposure", "interest", "limitation", "retained_until"]


def limitation(ctx: CaseContext) -> Limitation | None:
    """The state's limitation period for suing on the debt; ``None`` without a state, or
    when the pack's data give the state no period (the pack does not guess one)."""
    lim = state_limitation(ctx)
    if lim is None:
        return None
    start_text = (
        f"It runs from the last payment on {lim.starts.isoformat()}, which restarts the period under "
        f"{lim.state_name} law."
        if lim.restarted_by_payment
        else f"It is counted from the first missed due date, {lim.starts.isoformat()}, when the debt "
        f"fell into default; the legal sources of this pack give no accrual rule, so this start is "
        f"an assumption."
    )
    parts = [
        f"{lim.state_name}: {lim.years} years for a consumer debt on {'an' if lim.kind.startswith('o') else 'a'} "
        f"{lim.kind} (period in force on {lim.looked_up_on.isoformat()}). {start_text}",
    ]
    if lim.doubts:
        parts.append("The expiry date is uncertain: " + "; ".join(lim.doubts) + ".")
    if lim.revival_by_payment is False:
        parts.append(
            f"Under {lim.state_name} law a payment made after the period has run does not revive the debt."
        )
    elif lim.revival_by_payment is True:
        parts.append(f"Under {lim.state_name} law a payment restarts the period, even after it has run.")
    if lim.suit_barred:
        parts.append(f"{lim.state_name} law forbids suing on the debt once the period has run.")
    if lim.debt_buyer_suit_barred:
        parts.append(f"{lim.state_name} law forbids a debt buyer to sue once the period has run.")
    parts.append(
        "Payments are not collection events, so no event of the case is listed as restarting the period."
    )
    return Limitation(
        period=f"P{lim.years}Y",
        starts=lim.starts,
        interrupted_by=(),
        expires=lim.expires,
        expired=lim.expired_on(ctx.today),
        citations=lim.citations,
        note=Text(" ".join(parts)),
    )


def retained_until(ctx: CaseContext) -> tuple[int, int]:
    """The FCRA reporting limit: (offset days, years) after the first delinquency."""
    return ctx.param("us.credit.dofd_offset_days"), ctx.param("us.credit.retention_years")


_CREDIT_CITES = Cites(("us.fcra", "1681c(a)(4)"), ("us.fcra", "1681c(c)(1)"), ("us.fcra", "1681c(a)(2)"))


def credit(ctx: CaseContext) -> Credit:
    """Reported when a credit report event happened; a collection or charged-off account
    may be reported until 7 years after the 180th day from the first delinquency (the
    loan's first missed due date is taken as the date of first delinquency)."""
    offset, years = retained_until(ctx)
    dofd = ctx.case.loan.due_date
    until = add_years(dofd + timedelta(days=offset), years)
    reported = bool(ctx.happened(Action.CREDIT_REPORT))
    rule = Text(
        f"A collection or charged-off account may appear in a credit report for {years} years, "
        f"counted from {offset} days after the start of the delinquency that led to it: the first "
        f"missed due date, {dofd.isoformat()}, is taken as the date of first delinquency, so until "
        f"{until.isoformat()}. A civil "
        f"judgment may be reported for {years} years or the governing limitation period, whichever "
        f"is longer."
    )
    return Credit(reported, until, rule, _CREDIT_CITES(ctx))


def interest(ctx: CaseContext) -> Interest | None:
    """No US interest cap is encoded: the pack's legal sources contain no usury table, so
    the pack says nothing rather than guess."""
    return None


_EXPOSURE_CITES = Cites(
    ("us.fdcpa", "1692e(4)"), ("us.fdcpa", "1692e(7)"), ("us.fdcpa", "1692k(a)"), ("us.fdcpa", "1692k(d)")
)


def exposure(ctx: CaseContext) -> Exposure:
    """Ordinary consumer debt is a civil matter; the FDCPA's statutory damages are the
    collector's exposure to the consumer, not the consumer's."""
    cap = ctx.param("us.damages.statutory_max")
    class_cap = ctx.param("us.damages.class_cap")
    share = ctx.param("us.damages.class_cap_net_worth_share")
    years = ctx.param("us.damages.claim_limitation_years")
    memo = _exposure_memo
    if memo[0] is cap and memo[1] is class_cap and memo[2] is share and memo[3] is years:
        text = memo[4]
    else:
        text = _exposure_text(cap, class_cap, share, years)
        _remember_exposure((cap, class_cap, share, years, text))
    return Exposure(False, text, _EXPOSURE_CITES(ctx))


#: The last exposure text with the parameter values it was made from (the very value
#: objects of the registry, compared by identity: equal numbers may print differently).
_exposure_memo: tuple[Any, ...] = (None, None, None, None, None)


def _remember_exposure(memo: tuple[Any, ...]) -> None:
    global _exposure_memo
    _exposure_memo = memo


def _exposure_text(cap: Any, class_cap: Any, share: Any, years: Any) -> Text:
    return Text(
        {
            "en": (
                "Not paying an ordinary consumer debt is a civil matter: the creditor's remedy is to sue. A debt "
                "collector must not suggest that non-payment will lead to arrest or imprisonment unless that "
                "is lawful and intended, nor falsely imply that the consumer committed a crime. The exposure "
                "runs the other way: a debt collector that breaks the FDCPA is liable to the consumer for actual "
                f"damages plus statutory damages of up to ${cap:,.0f} per individual action (in a class action, "
                f"up to the lesser of ${class_cap:,.0f} or {share * 100:.0f}% of the collector's net worth for "
                f"the other members), with costs and reasonable attorney's fees. The consumer must sue within "
                f"{years} year{'s' if years != 1 else ''} of the violation. That cap is the collector's exposure, "
                "not the consumer's."
            )
        }
    )


CALCULATORS = (
    Calculator("us.limitation", "US", Consequence.LIMITATION, limitation),
    Calculator("us.credit", "US", Consequence.CREDIT, credit),
    Calculator("us.interest", "US", Consequence.INTEREST, interest),
    Calculator("us.exposure", "US", Consequence.EXPOSURE, exposure),
)
