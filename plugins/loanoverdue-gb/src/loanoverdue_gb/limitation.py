"""The limitation period of the debt: England and Wales (Limitation Act 1980) or Scotland
(prescription, Prescription and Limitation (Scotland) Act 1973).

One function, :func:`limitation_on`, gives the period as it stood on a day. The
limitation calculators, the statute-barred rule, the outlook factor and the advice all use
it, so they never disagree.

England and Wales: six years from when the cause of action accrued (s. 5); a payment
restarts the period (s. 29(5)), but not once it has run (s. 29(7)). Scotland: the
obligation is extinguished five years after it became enforceable unless a relevant claim
(a court action, or diligence) is made or the debt is relevantly acknowledged (a payment)
in that time (ss. 6, 9, 10). Written acknowledgments are not events of the case model, so
only the loan's last payment counts as an acknowledgment.

When the cause of action accrued is an ASSUMPTION: the first missed due date; or, once a
default notice was served, the end of its least period (the earliest day the creditor could
demand the whole balance, Consumer Credit Act 1974 ss. 87-88), whichever is later.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from loanoverdue.pack import Action, Citation, add_years
from loanoverdue_gb.parties import CREDITOR_SIDE

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext

__all__ = ["CLAIMS", "LimitationPeriod", "add_years", "limitation_on", "system_of"]

#: Events that are a relevant claim in Scotland (s. 9: proceedings, and diligence).
CLAIMS = frozenset({Action.LAWSUIT, Action.PAYMENT_ORDER, Action.ARBITRATION, Action.ENFORCEMENT})


class LimitationPeriod(NamedTuple):
    """The period as it stood on ``on``: it runs from ``starts`` and its last day is
    ``expires``."""

    scotland: bool
    years: int
    starts: date
    expires: date
    #: "due_date", "default_notice", "payment" or "claim": what ``starts`` is.
    start_basis: str
    #: Scotland: the relevant claims (event indexes) that interrupted it.
    interrupted_by: tuple[int, ...]
    #: The day of the default notice the start was taken from, if it was.
    default_notice: date | None
    #: A payment made after the period had run (it revives nothing).
    late_payment: date | None
    #: England and Wales: the first court claim, if one was issued within the period.
    claim_in_time: date | None
    citations: tuple[Citation, ...]
    on: date

    def expired_on(self, day: date) -> bool:
        """Whether the period has run by ``day``."""
        return day > self.expires


def system_of(ctx: CaseContext) -> str | None:
    """ "sct" for Scotland, "eaw" for England and Wales, ``None`` when the borrower's part
    of the UK is not known (plain ``GB``): no limitation period is computed then."""
    if "GB-SCT" in ctx.chain:
        return "sct"
    if "GB-EAW" in ctx.chain:
        return "eaw"
    return None


def limitation_on(ctx: CaseContext, on: date) -> LimitationPeriod | None:
    """The limitation period of the case's debt as it stood on ``on``: the events and the
    payment up to that day count, later ones do not. ``None`` for plain ``GB``."""
    system = system_of(ctx)
    if system is None:
        return None
    scotland = system == "sct"
    years: int = ctx.param("gb.limitation.years", on)
    loan = ctx.case.loan
    starts = loan.due_date
    basis = "due_date"
    history = sorted((v for v in ctx.all_events if not v.event.proposed and v.day <= on), key=lambda v: v.ts)

    notice_day = None
    for v in history:
        if v.event.action is Action.DEFAULT_NOTICE and v.event.actor in CREDITOR_SIDE:
            if v.day <= add_years(starts, years):  # a notice after the period revives nothing
                min_days: int = ctx.param("gb.default_notice.min_days", v.day)
                accrual = v.day + timedelta(days=min_days)
                if accrual > starts:
                    starts, basis, notice_day = accrual, "default_notice", v.day
            break

    # what restarts the period, in time order: the last payment, and in Scotland claims
    restarts: list[tuple[date, int | None]] = []
    if loan.last_paid_on is not None and loan.last_paid_on <= on:
        restarts.append((loan.last_paid_on, None))
    if scotland:
        restarts += [(v.day, v.index) for v in history if v.event.action in CLAIMS]
    restarts.sort(key=lambda r: (r[0], -1 if r[1] is None else r[1]))
    interrupted: list[int] = []
    late_payment = None
    for day, index in restarts:
        if day > add_years(starts, years):
            if index is None:
                late_payment = day  # s. 29(7); in Scotland the obligation is already gone
            break  # once the period has run, nothing revives it
        if day < starts:
            continue  # before the period runs (a payment before the due date)
        if day > starts:
            starts = day
            basis = "payment" if index is None else "claim"
        if index is not None:
            interrupted.append(index)
    expires = add_years(starts, years)

    claim_in_time = None
    if not scotland:
        claims = [v.day for v in history if v.event.action in (Action.LAWSUIT, Action.PAYMENT_ORDER)]
        if claims and claims[0] <= expires:
            claim_in_time = claims[0]

    if scotland:
        articles = [("gb.sct.prescription_1973", "s. 6")]
        if interrupted:
            articles.append(("gb.sct.prescription_1973", "s. 9"))
        if basis == "payment":
            articles.append(("gb.sct.prescription_1973", "s. 10"))
    else:
        articles = [("gb.limitation_act_1980", "5")]
        if basis == "payment":
            articles.append(("gb.limitation_act_1980", "29(5)"))
        if late_payment is not None:
            articles.append(("gb.limitation_act_1980", "29(7)"))
    if notice_day is not None:
        articles += [("gb.cca_1974", "87(1)"), ("gb.cca_1974", "88(2)")]
    return LimitationPeriod(
        scotland=scotland,
        years=years,
        starts=starts,
        expires=expires,
        start_basis=basis,
        interrupted_by=tuple(interrupted),
        default_notice=notice_day,
        late_payment=late_payment,
        claim_in_time=claim_in_time,
        citations=tuple(ctx.cite(i, a) for i, a in articles),
        on=on,
    )
