"""Outlook factors: how US law moves or blocks a collection step for this case.

A protection the consumer invoked (a cease-communication request, an attorney, a timely
dispute) blocks steps that a debt collector may no longer take; a time-barred debt blocks
a collector's suit. The FDCPA and Regulation F bind debt collectors, so while only the
original creditor collects, these factors explain rather than block.
"""

from __future__ import annotations

from datetime import timedelta

from loanoverdue.pack import (
    Action,
    CaseContext,
    Direction,
    Factor,
    FactorProvider,
    LenderKind,
    Product,
    ProtectionKind,
    Step,
    Text,
)
from loanoverdue_us.facts import (
    Cites,
    case_facts,
    collector_in_charge,
    english,
    state_name,
)
from loanoverdue_us.limitation import OPEN_END, state_limitation
from loanoverdue_us.validation import case_validation_period, unknown_period_reason

__all__ = ["FACTORS"]


T_CREDITOR_ONLY = Text(
    {
        "en": "{what} on {date}. This binds debt collectors (agencies, debt buyers, collection law firms); "
        "the original creditor collecting its own debt in its own name is not covered by the FDCPA, "
        "but any agency it hires will be."
    }
)
T_CEASE = Text(
    {
        "en": "The consumer asked in writing on {date} that communication stop (or refused to pay). A debt "
        "collector may no longer call, text or e-mail about the debt; it may only write to say that it is "
        "ending its efforts, or that it may or will use a specific remedy such as a lawsuit."
    }
)
T_CEASE_LETTER = Text(
    {
        "en": "After the consumer's written request of {date} to stop, the only letters a debt collector may "
        "send say that it is ending its efforts, or that it may or will use a specific remedy."
    }
)
T_ATTORNEY = Text(
    {
        "en": "The collector was told on {date} that the consumer has an attorney for this debt: it must deal "
        "with the attorney, not contact the consumer, unless the attorney fails to respond within a "
        "reasonable time or agrees to direct contact."
    }
)
T_DISPUTE = Text(
    {
        "en": "The consumer disputed the debt in writing on {date}, within the validation period: a debt "
        "collector must stop collecting until it mails verification of the debt (or the original "
        "creditor's name, if asked)."
    }
)
T_DISPUTE_UNKNOWN = Text(
    {
        "en": "The consumer disputed the debt in writing on {date}. If that was within the validation period "
        "(not known: {why}), a debt collector must stop collecting until it mails verification of the debt."
    }
)
T_DISPUTE_LATE = Text(
    {
        "en": "The consumer disputed the debt on {date}, after the validation period ended on {end}: the "
        "collector need not stop collecting, but must report the debt as disputed."
    }
)
T_DISPUTE_REPORT = Text(
    {
        "en": "The consumer disputed the debt on {date}: a debt collector that reports it to a credit bureau "
        "must say that it is disputed."
    }
)
T_BARRED_BLOCKS = Text({"en": "The limitation period under {state} law expired on {expires}. {bar}"})
T_BARRED_LOWERS = Text(
    {
        "en": "The limitation period under {state} law expired on {expires}{doubt}. A suit would face the time "
        "bar; a debt collector must not sue, or threaten to sue, on a time-barred debt."
    }
)
T_RUNNING = Text(
    {
        "en": "The limitation period under {state} law ({years} years) runs until {expires}; after that a debt "
        "collector may not sue on the debt."
    }
)
T_MD = Text(
    {
        "en": "{state} law forbids suing on a consumer debt once its limitation period has expired; this pack "
        "has no {state} limitation period to tell when that is."
    }
)
T_PASSIVE = Text(
    {
        "en": "A debt collector may report the debt to a credit bureau only after it has spoken with the "
        "consumer, or sent a message and waited a reasonable time for a notice that it could not be "
        "delivered."
    }
)
T_CHARGED_OFF = Text(
    {
        "en": "Bank supervisory policy has {kind} credit charged off as a loss at {days} days past due "
        "(for this loan on {date}); charged-off accounts are commonly placed with agencies or sold "
        "(practice, an assumption)."
    }
)
T_CHARGE_OFF_AHEAD = Text(
    {
        "en": "Bank supervisory policy has {kind} credit charged off as a loss at {days} days past due (for "
        "this loan on {date}); placement with agencies and sales usually follow charge-off (practice, an "
        "assumption)."
    }
)
T_ENFORCEMENT = Text(
    {
        "en": "Enforcing a judgment is where wage garnishment and the seizure, attachment or sale of property "
        "belong. Before a judgment, a debt collector must not suggest that these will follow non-payment "
        "unless they are lawful and actually intended."
    }
)


# -- for a step that already happened: what the law says about doing it again ----------

T_CEASE_AGAIN = english(
    "Further {again} are not permitted: the consumer asked in writing on {date} that communication "
    "stop (or refused to pay). A debt collector may only write to say that it is ending its efforts, or "
    "that it may or will use a specific remedy such as a lawsuit."
)
T_CEASE_LETTER_AGAIN = english(
    "Further letters may only say that the collector is ending its efforts, or that it may or will use a "
    "specific remedy: the consumer asked in writing on {date} that communication stop."
)
T_ATTORNEY_AGAIN = english(
    "Further {again} to the consumer are not permitted: the collector was told on {date} that the "
    "consumer has an attorney for this debt. It must deal with the attorney, unless the attorney fails to "
    "respond within a reasonable time or agrees to direct contact."
)
T_DISPUTE_AGAIN = english(
    "Further {again} are not permitted while the dispute is pending: the consumer disputed the debt in "
    "writing on {date}, within the validation period, and a debt collector must stop collecting until it "
    "mails verification of the debt (or the original creditor's name, if asked)."
)
T_DISPUTE_UNKNOWN_AGAIN = english(
    "The consumer disputed the debt in writing on {date}. If that was within the validation period (not "
    "known: {why}), further {again} are not permitted until the collector mails verification of the debt."
)
T_FILED_BARRED = english(
    "The suit of {filed} came after the limitation period under {state} law expired on {expires}. {bar}"
)
T_FILED_MAYBE_BARRED = english(
    "The suit of {filed} came after the limitation period under {state} law expired on {expires}{doubt}. "
    "If the period had run, the suit faces the time bar: a debt collector must not sue, or threaten to "
    "sue, on a time-barred debt."
)
T_FILED_IN_TIME = english(
    "The suit of {filed} was filed within the limitation period under {state} law ({years} years, until "
    "{expires})."
)

#: What doing a step again means, in the factors of a step that already happened.
_AGAIN = {
    Action.CALL: "calls",
    Action.SMS: "text messages",
    Action.EMAIL: "e-mails",
    Action.LETTER: "letters",
    Action.LAWSUIT: "suits or other collection steps",
}


def _again(ctx: CaseContext, step: Step) -> str | None:
    """``step`` in words for "further …", when it already happened (else ``None``)."""
    return _AGAIN.get(step.action) if ctx.happened(step.action) else None


_CEASE_CITES = Cites(("us.fdcpa", "1692c(c)"), ("us.reg_f", "1006.6(c)"))
_ATTORNEY_CITES = Cites(("us.fdcpa", "1692c(a)(2)"), ("us.reg_f", "1006.6(b)(2)"))
_DISPUTE_CITES = Cites(("us.fdcpa", "1692g(b)"), ("us.reg_f", "1006.38(c)"), ("us.reg_f", "1006.38(d)"))
_REPORT_DISPUTED_CITES = Cites(("us.fdcpa", "1692e(8)"))
_PASSIVE_CITES = Cites(("us.reg_f", "1006.30(a)"))
_ENFORCEMENT_CITES = Cites(("us.fdcpa", "1692c(b)"), ("us.fdcpa", "1692e(4)"), ("us.reg_f", "1006.18(b)(3)"))
_CHARGE_OFF_CITES = {
    "open-end charge-off": Cites(("us.ffiec.retail_credit_policy", "open-end charge-off")),
    "closed-end charge-off": Cites(("us.ffiec.retail_credit_policy", "closed-end charge-off")),
}
_NONE: tuple[Factor, ...] = ()


def _cease(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    if not ctx.case.borrower.protections:
        return _NONE
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    if since is None:
        return _NONE
    cites = _CEASE_CITES(ctx)
    params: dict[str, object] = {"date": since}
    again = _again(ctx, step)
    if not collector_in_charge(ctx):
        what = {"what": "The consumer asked in writing that communication stop", **params}
        return (Factor("cease_requested", Direction.NEUTRAL, T_CREDITOR_ONLY, what, cites),)
    if step.action is Action.LETTER:
        text = T_CEASE_LETTER if again is None else T_CEASE_LETTER_AGAIN
        return (Factor("cease_requested", Direction.LOWERS, text, params, cites),)
    if again is not None:
        return (
            Factor("cease_requested", Direction.BLOCKS, T_CEASE_AGAIN, {**params, "again": again}, cites),
        )
    return (Factor("cease_requested", Direction.BLOCKS, T_CEASE, params, cites),)


def _attorney(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    if not ctx.case.borrower.protections:
        return _NONE
    since = ctx.protection(ProtectionKind.REPRESENTED_BY_ATTORNEY)
    if since is None:
        return _NONE
    cites = _ATTORNEY_CITES(ctx)
    params: dict[str, object] = {"date": since}
    if collector_in_charge(ctx):
        again = _again(ctx, step)
        if again is None:
            return (Factor("represented_by_attorney", Direction.BLOCKS, T_ATTORNEY, params, cites),)
        params["again"] = again
        return (Factor("represented_by_attorney", Direction.BLOCKS, T_ATTORNEY_AGAIN, params, cites),)
    what = {"what": "The consumer has an attorney for this debt", **params}
    return (Factor("represented_by_attorney", Direction.NEUTRAL, T_CREDITOR_ONLY, what, cites),)


def _dispute(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    if not ctx.case.borrower.protections:
        return _NONE
    since = ctx.protection(ProtectionKind.DISPUTED)
    if since is None:
        return _NONE
    params: dict[str, object] = {"date": since}
    if step.action is Action.CREDIT_REPORT:
        return (Factor("disputed", Direction.NEUTRAL, T_DISPUTE_REPORT, params, _REPORT_DISPUTED_CITES(ctx)),)
    cites = _DISPUTE_CITES(ctx)
    if not collector_in_charge(ctx):
        what = {"what": "The consumer disputed the debt in writing", **params}
        return (Factor("disputed", Direction.NEUTRAL, T_CREDITOR_ONLY, what, cites),)
    found = case_validation_period(ctx)
    again = _again(ctx, step)
    if found is None:
        why = {**params, "why": unknown_period_reason(ctx)}
        if again is None:
            return (Factor("disputed", Direction.LOWERS, T_DISPUTE_UNKNOWN, why, cites),)
        return (
            Factor("disputed", Direction.LOWERS, T_DISPUTE_UNKNOWN_AGAIN, {**why, "again": again}, cites),
        )
    if since <= found.end:
        if again is None:
            return (Factor("disputed", Direction.BLOCKS, T_DISPUTE, params, cites),)
        return (Factor("disputed", Direction.BLOCKS, T_DISPUTE_AGAIN, {**params, "again": again}, cites),)
    late = {**params, "end": found.end}
    return (Factor("disputed", Direction.NEUTRAL, T_DISPUTE_LATE, late, _REPORT_DISPUTED_CITES(ctx)),)


def _time_barred(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    lim = state_limitation(ctx)
    if lim is None:
        if ctx.param_or("us.limitation.suit_barred", False):
            # the value just read, again: its citations (and no new entry in the trace)
            cites = ctx.reading("us.limitation.suit_barred", ctx.today).parameter.citations
            return (Factor("time_barred", Direction.NEUTRAL, T_MD, {"state": state_name(ctx)}, cites),)
        return _NONE
    cites = (*lim.citations, ctx.cite("us.reg_f", "1006.26(b)"))
    params: dict[str, object] = {"state": lim.state_name, "expires": lim.expires}
    filed = ctx.happened(step.action)
    # a suit already filed is judged on its filing date, a future one on today
    day = filed[0].day if filed else ctx.today
    if filed:
        params["filed"] = day
    if not lim.expired_on(day):
        text = T_FILED_IN_TIME if filed else T_RUNNING
        return (Factor("limitation", Direction.NEUTRAL, text, {**params, "years": lim.years}, cites),)
    bar = None
    if lim.suit_barred:
        bar = f"{lim.state_name} law forbids anyone to sue on the debt once the period has run."
    elif lim.debt_buyer_suit_barred:
        bar = f"{lim.state_name} law forbids a debt buyer to sue once the period has run."
    elif collector_in_charge(ctx):
        bar = "A debt collector must not sue, or threaten to sue, on a time-barred debt."
    if lim.certain and bar is not None:
        text = T_FILED_BARRED if filed else T_BARRED_BLOCKS
        return (Factor("time_barred", Direction.BLOCKS, text, {**params, "bar": bar}, cites),)
    doubt = " (the date is uncertain: " + "; ".join(lim.doubts) + ")" if lim.doubts else ""
    text = T_FILED_MAYBE_BARRED if filed else T_BARRED_LOWERS
    return (Factor("time_barred", Direction.LOWERS, text, {**params, "doubt": doubt}, cites),)


def _credit_report(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    if not collector_in_charge(ctx):
        return _NONE
    if case_facts(ctx).borrower_reached:
        return _NONE
    return (Factor("passive_collection", Direction.NEUTRAL, T_PASSIVE, {}, _PASSIVE_CITES(ctx)),)


def _charge_off(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    # the same for every step it concerns (agency placement, debt sale): made once per case
    return ctx.once("us.factor.charge_off", _charge_off_factors)


def _charge_off_factors(ctx: CaseContext) -> tuple[Factor, ...]:
    loan = ctx.case.loan
    if loan.lender.kind not in (LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER):
        return _NONE
    if loan.product in OPEN_END:
        kind, pid, article = "open-end", "us.charge_off.open_end_days", "open-end charge-off"
    elif loan.product in (Product.INSTALLMENT, Product.PAYDAY):
        kind, pid, article = "closed-end", "us.charge_off.closed_end_days", "closed-end charge-off"
    else:
        return _NONE
    days: int = ctx.param(pid)
    params = {"kind": kind, "days": days, "date": loan.due_date + timedelta(days=days)}
    cites = _CHARGE_OFF_CITES[article](ctx)
    if ctx.dpd >= days:
        return (Factor("charge_off", Direction.RAISES, T_CHARGED_OFF, params, cites),)
    return (Factor("charge_off", Direction.NEUTRAL, T_CHARGE_OFF_AHEAD, params, cites),)


def _enforcement(ctx: CaseContext, step: Step) -> tuple[Factor, ...]:
    """The enforcement factor, made once per registry (it depends only on the citations)."""
    return ctx.shared(
        ("us.factors", "enforcement"),
        lambda: (Factor("garnishment", Direction.NEUTRAL, T_ENFORCEMENT, {}, _ENFORCEMENT_CITES(ctx)),),
    )


FACTORS = (
    FactorProvider(
        "us.factor.cease", "US", _cease, frozenset({Action.CALL, Action.SMS, Action.EMAIL, Action.LETTER})
    ),
    FactorProvider(
        "us.factor.attorney",
        "US",
        _attorney,
        frozenset({Action.CALL, Action.SMS, Action.EMAIL, Action.LETTER}),
    ),
    FactorProvider(
        "us.factor.dispute",
        "US",
        _dispute,
        frozenset({Action.CALL, Action.SMS, Action.EMAIL, Action.LAWSUIT, Action.CREDIT_REPORT}),
    ),
    FactorProvider("us.factor.time_barred", "US", _time_barred, frozenset({Action.LAWSUIT})),
    FactorProvider("us.factor.credit_report", "US", _credit_report, frozenset({Action.CREDIT_REPORT})),
    FactorProvider(
        "us.factor.charge_off", "US", _charge_off, frozenset({Action.DEBT_SALE, Action.AGENCY_ASSIGNMENT})
    ),
    FactorProvider("us.factor.enforcement", "US", _enforcement, frozenset({Action.ENFORCEMENT})),
)
