"""Case-level consequences under Chinese law: the limitation period (Civil Code arts.
188-195 and 203, worked out in :mod:`loanoverdue_cn.limitation`), credit-report retention
(Credit Reporting Regulation art. 16), the interest cap the law protects (private
lending: 4 x LPR at contract time; licensed lenders: the 24 % line) and criminal exposure
(none for ordinary default; the credit-card malicious overdraft conditions)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from loanoverdue.pack import (
    Action,
    Calculator,
    CaseContext,
    Citation,
    Consequence,
    Credit,
    EventView,
    Exposure,
    Interest,
    LenderKind,
    Target,
    Text,
    add_months,
    add_years,
)
from loanoverdue_cn.facts import (
    REACHED,
    Cap,
    amount,
    bank_card_debt,
    by_collector,
    case_cap,
    cites,
    in_force,
    param_int,
    pct,
    shared,
    unpaid_principal,
)
from loanoverdue_cn.limitation import limitation
from loanoverdue_cn.texts import Fill, sentences, text

__all__ = ["CALCULATORS", "effective_collections", "limitation"]

CREDIT = "cn.credit_reporting_regulation"
CARD = "cn.credit_card_crime_interpretation"
CARD_2009 = "cn.credit_card_crime_interpretation_2009"

EMPTY = Text({"en": "", "zh-CN": ""})



# -- credit reporting -------------------------------------------------------------------


def credit(ctx: CaseContext) -> Credit | None:
    years = ctx.param_or("cn.credit.retention_years", None)
    if years is None:
        return None
    loan = ctx.case.loan
    reports = ctx.happened(Action.CREDIT_REPORT)
    private = loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL
    if not reports and loan.repaid_on is None:  # the same in every such case
        return shared(ctx, ("credit.unreported", years, private), lambda: _credit(ctx, years, (), None))
    return _credit(ctx, years, reports, loan.repaid_on)


def _credit(ctx: CaseContext, years: int, reports: Sequence[EventView], repaid: date | None) -> Credit:
    parts: list[Text | Fill] = [Fill("credit.base", {"years": years})]
    if reports:
        parts.append(Fill("credit.reported", {"date": reports[0].day}))
    elif ctx.case.loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL:
        parts.append(text("credit.not_recorded_private"))
    else:
        parts.append(text("credit.not_recorded"))
    until = None
    if repaid is not None:
        until = add_years(repaid, years)
        parts.append(Fill("credit.repaid", {"date": repaid, "until": until}))
    return Credit(bool(reports), until, sentences(*parts), cites(ctx, CREDIT, "15", "16", "17", "25"))


# -- interest ---------------------------------------------------------------------------


def interest(ctx: CaseContext) -> Interest:
    loan = ctx.case.loan
    cap = case_cap(ctx)[0]
    rate = loan.annual_rate
    if cap.regime in ("licensed", "undetermined"):
        # the same for every loan with this cap and rate (keys hold decimals as written:
        # 0.3 and 0.30 are equal but are shown differently)
        key = ("interest", cap.regime, str(cap.cap), str(rate))
        return shared(ctx, key, lambda: _interest(ctx, cap, rate))
    return _interest(ctx, cap, rate)


def _interest(ctx: CaseContext, cap: Cap, rate: Decimal | None) -> Interest:
    loan = ctx.case.loan
    notes: list[Text | Fill] = []
    if cap.regime == "lpr":
        assert cap.cap is not None and cap.lpr is not None and cap.multiple is not None
        notes.append(
            Fill(
                "interest.lpr",
                {
                    "multiple": f"{cap.multiple.normalize():f}",
                    "on": cap.on,
                    "lpr": pct(cap.lpr),
                    "cap": pct(cap.cap),
                },
            )
        )
    elif cap.regime == "pre_2020":
        assert cap.cap is not None
        void = pct(cap.void_above) if cap.void_above is not None else "—"
        notes.append(Fill("interest.pre_2020", {"on": cap.on, "cap": pct(cap.cap), "void": void}))
    elif cap.regime == "licensed":
        notes.append(Fill("interest.licensed", {"cap": pct(cap.cap) if cap.cap is not None else "—"}))
    elif cap.regime == "no_contract_date":
        example: Text | Fill = EMPTY
        lpr = ctx.param_or("cn.interest.lpr_1y", None, loan.due_date)
        multiple = ctx.param_or("cn.interest.private_lending_cap_multiple", None, loan.due_date)
        if lpr is not None and multiple is not None:
            example = Fill(
                "interest.no_contract_date_example", {"on": loan.due_date, "cap": pct(lpr * multiple)}
            )
        notes.append(Fill("interest.no_contract_date", {"example": example}))
    elif cap.regime == "no_lpr":
        notes.append(Fill("interest.no_lpr", {"on": cap.on}))
    elif cap.regime == "too_old":
        notes.append(Fill("interest.too_old", {"on": cap.on}))
    else:
        notes.append(text("interest.undetermined"))
    excess = rate is not None and cap.cap is not None and rate > cap.cap
    if rate is None:
        notes.append(text("interest.unknown_rate"))
    elif excess and cap.cap is not None:
        key = "interest.excess_licensed" if cap.regime == "licensed" else "interest.excess"
        notes.append(Fill(key, {"rate": pct(rate), "cap": pct(cap.cap)}))
    return Interest(rate, cap.cap, cap.basis, excess, sentences(*notes))


# -- criminal exposure ------------------------------------------------------------------


def effective_collections(ctx: CaseContext, gap: int) -> tuple[EventView, EventView] | None:
    """The first two collections of this debt (not of another debt the event names) that
    reached the cardholder after the due date and lie at least ``gap`` days apart, or
    None. The gap is that of the text judged by: 30 days under the amended text (art. 7),
    none under the 2009 text (art. 6)."""
    due = ctx.case.loan.due_date
    reached = [
        v
        for v in ctx.in_time_order()
        if not v.event.proposed
        and v.event.debt is None
        and by_collector(v.event)
        and v.event.target is Target.BORROWER
        and v.event.outcome in REACHED
        and v.day > due
    ]
    for i, first in enumerate(reached):
        for second in reached[i + 1 :]:
            if (second.day - first.day).days >= gap:
                return first, second
    return None


def _ordinary(ctx: CaseContext, procedure: bool) -> Exposure:
    cited = cites(ctx, "cn.criminal_law", "313")
    if procedure:
        cited += cites(ctx, "cn.civil_procedure_2023", "114(1)(6)")
    return Exposure(False, text("exposure.ordinary"), cited)


def _card_citations(ctx: CaseContext, instrument: str) -> tuple[Citation, ...]:
    if instrument == CARD_2009:
        return cites(ctx, "cn.criminal_law", "196") + cites(ctx, CARD_2009, "6")
    return cites(ctx, "cn.criminal_law", "196") + cites(ctx, CARD, "6", "7", "8", "9", "10", "11")


def _card_not_modelled(ctx: CaseContext) -> Exposure:
    return Exposure(False, text("exposure.card_not_modelled"), cites(ctx, "cn.criminal_law", "196"))


def exposure(ctx: CaseContext) -> Exposure:
    loan = ctx.case.loan
    if not bank_card_debt(loan):
        procedure = in_force(ctx, "cn.civil_procedure_2023")
        return shared(ctx, ("exposure.ordinary", procedure), lambda: _ordinary(ctx, procedure))
    # the text of the credit-card interpretation in force on the assessment date
    if in_force(ctx, CARD):
        return _card_exposure(ctx, CARD)
    if in_force(ctx, CARD_2009):
        return _card_exposure(ctx, CARD_2009)
    return shared(ctx, ("exposure.card_not_modelled",), lambda: _card_not_modelled(ctx))


def _card_exposure(ctx: CaseContext, instrument: str) -> Exposure:
    """Malicious overdraft under ``instrument``, the amended text (``CARD``) or the
    2009 text (``CARD_2009``): its conditions, and which of them the case meets."""
    loan = ctx.case.loan
    old = instrument == CARD_2009
    suffix = "_2009" if old else ""  # each text has its own parameters
    threshold: Decimal = ctx.param("cn.criminal.card_overdraft_threshold" + suffix)
    gap = param_int(ctx, "cn.criminal.card_overdraft_collection_gap_days" + suffix)
    months = param_int(ctx, "cn.criminal.card_overdraft_months_after_collection" + suffix)
    if old:
        conditions = Fill("exposure.card_conditions_2009", {"months": months, "threshold": amount(threshold)})
    else:
        conditions = Fill(
            "exposure.card_conditions", {"gap": gap, "months": months, "threshold": amount(threshold)}
        )
    principal = unpaid_principal(loan)
    reasons: list[Text | Fill] = []
    pair = effective_collections(ctx, gap)
    if loan.repaid_on is not None:
        reasons.append(text("exposure.reason_repaid"))
    if principal < threshold:
        reasons.append(
            Fill(
                "exposure.reason_principal", {"principal": amount(principal), "threshold": amount(threshold)}
            )
        )
    if pair is None:
        if old:
            reasons.append(text("exposure.reason_collections_2009"))
        else:
            reasons.append(Fill("exposure.reason_collections", {"gap": gap}))
    elif ctx.today <= add_months(pair[1].day, months):
        key = "exposure.reason_months_2009" if old else "exposure.reason_months"
        reasons.append(Fill(key, {"months": months, "date": pair[1].day}))
    if reasons:
        sep = text("exposure.separator")
        reason = Text({lang: sep.get(lang).join(r.get(lang) for r in reasons) for lang in sep.languages})
        return Exposure(
            False,
            sentences(conditions, Fill("exposure.card_not_met", {"reason": reason})),
            _card_citations(ctx, instrument),
        )
    assert pair is not None
    met = Fill(
        "exposure.card_met_2009" if old else "exposure.card_met",
        {"principal": amount(principal), "first": pair[0].day, "second": pair[1].day, "months": months},
    )
    return Exposure(True, sentences(conditions, met), _card_citations(ctx, instrument))


CALCULATORS = (
    Calculator("cn.limitation", "CN", Consequence.LIMITATION, limitation),
    Calculator("cn.credit", "CN", Consequence.CREDIT, credit),
    Calculator("cn.interest", "CN", Consequence.INTEREST, interest),
    Calculator("cn.exposure", "CN", Consequence.EXPOSURE, exposure),
)
