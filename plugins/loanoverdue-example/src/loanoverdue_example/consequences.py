"""Case-level consequences in Exampleland: limitation, credit, interest, exposure."""

from __future__ import annotations

from loanoverdue.pack import (
    COMMUNICATION_ACTIONS,
    Action,
    Calculator,
    CaseContext,
    Consequence,
    Credit,
    Exposure,
    Interest,
    Limitation,
    Outcome,
    Text,
    add_years,
)

ACT = "xe.fair_collection_act"
_REACHED = {Outcome.CONNECTED, Outcome.DELIVERED}


def limitation(ctx: CaseContext) -> Limitation:
    years = ctx.param("xe.limitation.years")
    starts = ctx.case.loan.due_date
    interrupted = []
    for view in ctx.happened(*COMMUNICATION_ACTIONS, Action.LAWSUIT):
        if view.event.outcome in _REACHED or view.event.action is Action.LAWSUIT:
            interrupted.append(view.index)
            starts = max(starts, view.day)
    expires = add_years(starts, years)
    return Limitation(
        f"P{years}Y", starts, tuple(interrupted), expires, ctx.today > expires, (ctx.cite(ACT, "9"),)
    )


def credit(ctx: CaseContext) -> Credit:
    years = ctx.param("xe.credit.retention_years")
    repaid = ctx.case.loan.repaid_on
    until = None if repaid is None else add_years(repaid, years)
    rule = Text({"en": f"Kept until {years} years after repayment.", "zh-CN": f"还清后保存 {years} 年。"})
    return Credit(ctx.dpd > 0, until, rule, (ctx.cite(ACT, "11"),))


def interest(ctx: CaseContext) -> Interest:
    loan = ctx.case.loan
    on = loan.contract_date or loan.due_date
    reference = ctx.param_or("xe.interest.reference_rate", None, on)
    rate = loan.annual_rate
    if reference is None:  # contract before the first published rate: no cap known
        note = Text({"en": f"No reference rate is known for {on}.", "zh-CN": f"{on} 没有已知的参考利率。"})
        return Interest(rate, None, (ctx.cite(ACT, "12"),), False, note)
    cap = 4 * reference
    return Interest(rate, cap, (ctx.cite(ACT, "12"),), rate is not None and rate > cap)


NO_OFFENCE = Text(
    {
        "en": "Not repaying a loan is not an offence in Exampleland.",
        "zh-CN": "在示例国，欠款不还本身不构成犯罪。",
    }
)


def exposure(ctx: CaseContext) -> Exposure:
    return Exposure(False, NO_OFFENCE, ())


CALCULATORS = (
    Calculator("xe.limitation", "XE", Consequence.LIMITATION, limitation),
    Calculator("xe.credit", "XE", Consequence.CREDIT, credit),
    Calculator("xe.interest", "XE", Consequence.INTEREST, interest),
    Calculator("xe.exposure", "XE", Consequence.EXPOSURE, exposure),
)
