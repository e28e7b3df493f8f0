"""The check functions of the China rules. Everything else about a rule (title, weight,
citations, period, messages, and a note saying exactly when it fires) is in
``data/rules.toml``; the engine runs a check only for events inside the rule's period.

Event checks receive an :class:`~loanoverdue.engine.context.EventContext`, which the
engine reuses from event to event: nothing here keeps a reference to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from loanoverdue.engine.context import CaseContext, EventContext, EventView
from loanoverdue.law import Hit, Text, Verdict
from loanoverdue.law.data import checks_registry
from loanoverdue.model import Action, Actor, Conduct, LenderKind, Place, Purpose, Target
from loanoverdue_cn.facts import (
    ABUSIVE,
    BANKS,
    CONTACT_ACTIONS,
    FORCE_OR_INTRUSION,
    IMPROPER,
    INTIMIDATING,
    LICENSED,
    LPR_RULE_FROM,
    NIGHT_ACTIONS,
    THIRD_PARTIES,
    UNDETERMINED,
    VISIT_ACTIONS,
    VISIT_MISCONDUCT,
    WORKPLACE_MISCONDUCT,
    amount,
    at_home,
    bank_card_debt,
    by_collector,
    counted_up_to,
    in_quiet_hours,
    is_demand,
    param_int,
    param_time,
    pct,
    protected_cap,
    tells_others,
    unpaid_principal,
    window_before,
)

CHECKS, check = checks_registry()

#: {target} when the debt was revealed to people the event's target does not name.
OTHERS = Text({"en": "other people", "zh-CN": "他人"})


# =======================================================================================
# Shared tests
# =======================================================================================


def _quiet(ctx: EventContext) -> bool:
    start = param_time(ctx, "cn.contact.quiet_hours_start")
    end = param_time(ctx, "cn.contact.quiet_hours_end")
    return in_quiet_hours(ctx.local.time(), start, end)


def _conduct_count(ctx: EventContext, conduct: frozenset[Conduct]) -> list[EventView]:
    """Collector-side events with ``conduct`` in the repeat window up to this event."""
    days = param_int(ctx, "cn.contact.repeat_window_days")
    views = [
        v
        for v in ctx.ctx.in_time_order()
        if by_collector(v.event) and not v.event.conduct.isdisjoint(conduct)
    ]
    return window_before(counted_up_to(views, ctx.view), ctx.event.at, days)


def _window_params(counted: list[EventView]) -> dict[str, object]:
    return {"count": len(counted), "start": counted[0].local, "end": counted[-1].local}


def _contact_views(ctx: CaseContext) -> list[EventView]:
    """Calls and messages to the borrower by the lender's side, in time order."""
    return [
        v for v in ctx.of(*CONTACT_ACTIONS) if by_collector(v.event) and v.event.target is Target.BORROWER
    ]


def _frequency_windows(ctx: CaseContext) -> Iterator[tuple[list[EventView], int, int]]:
    """Windows of ``cn.contact.frequency_window_days`` local days with more contacts
    than ``cn.contact.frequency_limit_per_day``: (events counted, limit, days)."""
    buckets: dict[tuple[int, int], list[EventView]] = {}
    for v in _contact_views(ctx):
        days = param_int(ctx, "cn.contact.frequency_window_days", v.day)
        buckets.setdefault((days, v.day.toordinal() // days), []).append(v)
    for (days, _), views in sorted(buckets.items(), key=lambda kv: kv[1][0].event.at):
        limit = param_int(ctx, "cn.contact.frequency_limit_per_day", views[0].day)
        if len(views) > limit:
            yield views, limit, days


def _in_breaching_window(ctx: EventContext) -> bool:
    """Whether this event is a contact in a window over the frequency limit."""
    event = ctx.event
    if event.action not in CONTACT_ACTIONS or event.target is not Target.BORROWER:
        return False
    days = param_int(ctx, "cn.contact.frequency_window_days")
    bucket = ctx.day.toordinal() // days
    same = [v for v in _contact_views(ctx.ctx) if v.day.toordinal() // days == bucket]
    return len(same) > param_int(ctx, "cn.contact.frequency_limit_per_day")


def _repeated(
    ctx: CaseContext, views: list[EventView], threshold_param: str
) -> Iterator[tuple[EventView, list[EventView]]]:
    """Each view at which ``threshold_param`` or more of ``views`` fall in the repeat
    window ending with it."""
    for v in views:
        days = param_int(ctx, "cn.contact.repeat_window_days", v.day)
        counted = window_before(views, v.event.at, days)
        if len(counted) >= param_int(ctx, threshold_param, v.day):
            yield v, counted


def _night_contacts(ctx: CaseContext) -> list[EventView]:
    out = []
    for v in ctx.of(*CONTACT_ACTIONS):
        if not by_collector(v.event):
            continue
        start = param_time(ctx, "cn.contact.quiet_hours_start", v.day)
        end = param_time(ctx, "cn.contact.quiet_hours_end", v.day)
        if in_quiet_hours(v.local.time(), start, end):
            out.append(v)
    return out


def _harassment(ctx: CaseContext, night_param: str, visits: bool = False) -> Iterator[Hit]:
    """Contact that disturbs normal life: windows over the frequency limit, repeated
    night contact (``night_param`` contacts in the repeat window) and, with ``visits``,
    repeated visits (pestering, following). One hit per event."""
    seen: set[int] = set()
    for views, limit, days in _frequency_windows(ctx):
        first = views[limit]
        seen.add(first.index)
        params = _window_params(views) | {"limit": limit, "days": days}
        yield Hit(Verdict.VIOLATION, params, event=first.index, related=tuple(v.index for v in views))
    sources = [(_night_contacts(ctx), night_param)]
    if visits:
        pesters = [v for v in ctx.of(*VISIT_ACTIONS) if by_collector(v.event)]
        sources.append((pesters, "cn.contact.repeated_messages_count"))
    for views, threshold in sources:
        for v, counted in _repeated(ctx, views, threshold):
            if v.index in seen:
                continue
            seen.add(v.index)
            yield Hit(
                Verdict.VIOLATION,
                _window_params(counted),
                event=v.index,
                related=tuple(c.index for c in counted),
            )


def _third_party_regulatory(ctx: EventContext, conditional: bool = True) -> Hit | None:
    """A regulator's ban on collecting from third parties unrelated to the debt."""
    event = ctx.event
    if not by_collector(event) or event.target not in THIRD_PARTIES:
        return None
    if event.purpose is Purpose.PAYMENT_DEMAND or tells_others(event):
        return Hit(Verdict.VIOLATION, {"target": event.target})
    return Hit(Verdict.CONDITIONAL, {"target": event.target}) if conditional else None


def _improper(ctx: EventContext, conduct: frozenset[Conduct]) -> Hit | None:
    if by_collector(ctx.event) and ctx.event.has(*conduct):
        return Hit(Verdict.VIOLATION)
    return None


def _flag(conduct: Conduct, home_only: bool = False) -> Callable[[EventContext], Hit | None]:
    """A check that fires (violation) on collector-side events with ``conduct``."""

    def fire(ctx: EventContext) -> Hit | None:
        event = ctx.event
        if not by_collector(event) or not event.has(conduct):
            return None
        if home_only and not at_home(event):
            return None
        return Hit(Verdict.VIOLATION)

    return fire


# =======================================================================================
# Contact at night and contact frequency
# =======================================================================================


@check("cn.contact.quiet_hours")
def quiet_hours(ctx: EventContext) -> Hit | None:
    if not by_collector(ctx.event) or not _quiet(ctx):
        return None
    start = param_time(ctx, "cn.contact.quiet_hours_start")
    end = param_time(ctx, "cn.contact.quiet_hours_end")
    days = param_int(ctx, "cn.contact.repeat_window_days")
    night = [
        v
        for v in ctx.ctx.of(*NIGHT_ACTIONS)
        if by_collector(v.event)
        and in_quiet_hours(
            v.local.time(),
            param_time(ctx.ctx, "cn.contact.quiet_hours_start", v.day),
            param_time(ctx.ctx, "cn.contact.quiet_hours_end", v.day),
        )
    ]
    counted = window_before(counted_up_to(night, ctx.view), ctx.event.at, days)
    if len(counted) >= param_int(ctx, "cn.contact.quiet_hours_repeat_count"):
        return Hit(
            Verdict.VIOLATION,
            {"count": len(counted), "start": start, "end": end, "days": days},
            related=tuple(v.index for v in counted),
        )
    return Hit(Verdict.CONDITIONAL, {"local_time": ctx.local.time(), "start": start, "end": end})


@check("cn.contact.quiet_hours.self_regulatory")
def quiet_hours_self_regulatory(ctx: EventContext) -> Hit | None:
    if not by_collector(ctx.event) or not _quiet(ctx):
        return None
    start = param_time(ctx, "cn.contact.quiet_hours_start")
    end = param_time(ctx, "cn.contact.quiet_hours_end")
    return Hit(Verdict.CONDITIONAL, {"local_time": ctx.local.time(), "start": start, "end": end})


@check("cn.contact.frequency.civil")
def frequency_civil(ctx: CaseContext) -> Iterator[Hit]:
    for views, limit, days in _frequency_windows(ctx):
        yield Hit(
            Verdict.VIOLATION,
            _window_params(views) | {"limit": limit, "days": days},
            event=views[limit].index,
            related=tuple(v.index for v in views),
        )


@check("cn.contact.frequency.psapl_2012")
def frequency_psapl_2012(ctx: CaseContext) -> Iterator[Hit]:
    yield from _harassment(ctx, "cn.contact.repeated_messages_count")


@check("cn.contact.frequency.psapl_2025")
def frequency_psapl_2025(ctx: CaseContext) -> Iterator[Hit]:
    yield from _harassment(ctx, "cn.contact.repeated_messages_count", visits=True)


@check("cn.contact.frequency.consumer_finance")
def frequency_consumer_finance(ctx: CaseContext) -> Iterator[Hit]:
    if ctx.case.loan.lender.kind is LenderKind.CONSUMER_FINANCE:
        yield from _harassment(ctx, "cn.contact.quiet_hours_repeat_count")


@check("cn.contact.frequency.bank_consumer_protection")
def frequency_bank(ctx: CaseContext) -> Iterator[Hit]:
    if ctx.case.loan.lender.kind in BANKS:
        yield from _harassment(ctx, "cn.contact.quiet_hours_repeat_count")


# =======================================================================================
# Third parties
# =======================================================================================


@check("cn.third_party.disclosure.civil")
def disclosure_civil(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event):
        return None
    third = event.target in THIRD_PARTIES
    if tells_others(event) and (third or event.target is Target.BORROWER):
        return Hit(Verdict.VIOLATION, {"target": event.target if third else OTHERS})
    if third:
        return Hit(Verdict.CONDITIONAL, {"target": event.target})
    return None


@check("cn.third_party.disclosure.pipl")
def disclosure_pipl(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event):
        return None
    third = event.target in THIRD_PARTIES
    if tells_others(event) and (third or event.target is Target.BORROWER):
        return Hit(Verdict.VIOLATION, {"target": event.target if third else OTHERS})
    if event.target is Target.CONTACT:
        if event.purpose is Purpose.PAYMENT_DEMAND:
            return Hit(Verdict.VIOLATION, {"target": event.target})
        return Hit(Verdict.CONDITIONAL, {"target": event.target})
    return None


@check("cn.third_party.card_measures")
def third_party_card(ctx: EventContext) -> Hit | None:
    return _third_party_regulatory(ctx) if bank_card_debt(ctx.case.loan) else None


@check("cn.third_party.consumer_finance")
def third_party_consumer_finance(ctx: EventContext) -> Hit | None:
    if ctx.case.loan.lender.kind is LenderKind.CONSUMER_FINANCE:
        return _third_party_regulatory(ctx)
    return None


@check("cn.third_party.bank_consumer_protection")
def third_party_bank(ctx: EventContext) -> Hit | None:
    if ctx.case.loan.lender.kind in BANKS:
        return _third_party_regulatory(ctx, conditional=False)
    return None


# =======================================================================================
# Threats and insults
# =======================================================================================


@check("cn.threat.psapl_2012")
def threat_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(*INTIMIDATING):
        return None
    if event.has(Conduct.THREAT):
        return Hit(Verdict.VIOLATION)
    counted = _conduct_count(ctx, INTIMIDATING)
    if len(counted) >= param_int(ctx, "cn.contact.repeated_messages_count"):
        return Hit(Verdict.VIOLATION, related=tuple(v.index for v in counted))
    return None


@check("cn.threat.psapl_2025")
def threat_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(*INTIMIDATING):
        return None
    counted = _conduct_count(ctx, INTIMIDATING)
    if len(counted) >= param_int(ctx, "cn.contact.repeated_messages_count"):
        return Hit(Verdict.VIOLATION, _window_params(counted), related=tuple(v.index for v in counted))
    return Hit(Verdict.INFO) if event.has(Conduct.THREAT) else None


@check("cn.insult.psapl_2012")
def insult_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(*ABUSIVE):
        return None
    public = event.place is Place.PUBLIC or event.target in THIRD_PARTIES or event.has(Conduct.PUBLIC_SHAMING)
    counted = _conduct_count(ctx, ABUSIVE)
    if public or len(counted) >= param_int(ctx, "cn.contact.repeated_messages_count"):
        return Hit(Verdict.VIOLATION, related=tuple(v.index for v in counted if v.index != ctx.index))
    return Hit(Verdict.INFO)


@check("cn.insult.psapl_2025")
def insult_2025(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(*ABUSIVE):
        return None
    counted = _conduct_count(ctx, ABUSIVE)
    if len(counted) >= param_int(ctx, "cn.contact.repeated_messages_count"):
        return Hit(Verdict.VIOLATION, _window_params(counted), related=tuple(v.index for v in counted))
    return Hit(Verdict.INFO)


# =======================================================================================
# Violence and restriction of freedom
# =======================================================================================

check("cn.violence.criminal")(_flag(Conduct.VIOLENCE))
check("cn.detention.criminal")(_flag(Conduct.RESTRICTED_FREEDOM))
check("cn.detention.psapl_2012")(_flag(Conduct.RESTRICTED_FREEDOM))


# =======================================================================================
# Improper collection means under financial regulation
# =======================================================================================


@check("cn.improper_means.card_measures")
def improper_card(ctx: EventContext) -> Hit | None:
    return _improper(ctx, IMPROPER) if bank_card_debt(ctx.case.loan) else None


@check("cn.improper_means.consumer_finance")
def improper_consumer_finance(ctx: EventContext) -> Hit | None:
    if ctx.case.loan.lender.kind is LenderKind.CONSUMER_FINANCE:
        return _improper(ctx, IMPROPER)
    return None


@check("cn.improper_means.bank_consumer_protection")
def improper_bank(ctx: EventContext) -> Hit | None:
    if ctx.case.loan.lender.kind in BANKS:
        return _improper(ctx, IMPROPER | {Conduct.PUBLIC_SHAMING})
    return None


# =======================================================================================
# Home and workplace visits
# =======================================================================================


@check("cn.home_visit.peaceful")
def home_visit_peaceful(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if by_collector(event) and not event.has(*VISIT_MISCONDUCT):
        return Hit(Verdict.CONDITIONAL)
    return None


@check("cn.workplace_visit.peaceful")
def workplace_visit_peaceful(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if by_collector(event) and not event.has(*WORKPLACE_MISCONDUCT):
        return Hit(Verdict.CONDITIONAL)
    return None


check("cn.home.entry.civil")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.entry.criminal")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.entry.psapl_2012")(_flag(Conduct.ENTERED_WITHOUT_CONSENT, home_only=True))
check("cn.home.refused_to_leave.civil")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.refused_to_leave.criminal")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.refused_to_leave.psapl_2012")(_flag(Conduct.REFUSED_TO_LEAVE, home_only=True))
check("cn.home.photographed.civil")(_flag(Conduct.PHOTOGRAPHED))


@check("cn.home.photographed.psapl_2012")
def photographed_2012(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(Conduct.PHOTOGRAPHED):
        return None
    if event.has(Conduct.DISCLOSURE, Conduct.PUBLIC_SHAMING):
        return Hit(Verdict.VIOLATION)
    return Hit(Verdict.CONDITIONAL)


check("cn.public_shaming.civil")(_flag(Conduct.PUBLIC_SHAMING))
check("cn.public_shaming.psapl_2012")(_flag(Conduct.PUBLIC_SHAMING))


# =======================================================================================
# Impersonation, fake legal documents and false legal claims
# =======================================================================================

_COURT_STEPS = frozenset({Action.COURT_SERVICE, Action.JUDGMENT, Action.ENFORCEMENT})


@check("cn.impersonation.court_service")
def impersonation(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if event.has(Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM):
        return Hit(Verdict.INFO)
    if event.action in _COURT_STEPS and event.actor is not Actor.COURT:
        return Hit(Verdict.INFO)
    return None


@check("cn.false_legal_claim.criminal")
def false_legal_claim(ctx: EventContext) -> Hit | None:
    event = ctx.event
    if not by_collector(event) or not event.has(Conduct.FALSE_LEGAL_CLAIM):
        return None
    threshold = ctx.param("cn.criminal.card_overdraft_threshold")
    loan = ctx.case.loan
    params = {"cap": amount(threshold)}
    if bank_card_debt(loan) and unpaid_principal(loan) >= threshold:
        return Hit(Verdict.CONDITIONAL, params)
    return Hit(Verdict.INFO, params)


# =======================================================================================
# Illegal debts: usurious interest
# =======================================================================================


def _debt_illegal(ctx: EventContext) -> bool | None:
    """Whether the debt being collected is illegal (True), lawful (False) or unclear
    (None), for Criminal Law art. 293-1."""
    if ctx.event.has(Conduct.ILLEGAL_DEBT_DEMAND):
        return True
    loan = ctx.case.loan
    kind = loan.lender.kind
    if kind in LICENSED:
        return False
    if kind in UNDETERMINED or loan.contract_date is None or loan.annual_rate is None:
        return None
    cap = protected_cap(ctx.ctx, loan)
    if cap.cap is None:
        return None
    if loan.contract_date < LPR_RULE_FROM:
        # interest to 2020-08-19 follows the 2015 line, later interest the current
        # standard: above the lower of the two, whether the debt is illegal is unclear
        current = ctx.ctx.param_or("cn.interest.lpr_1y", None)
        multiple = ctx.ctx.param_or("cn.interest.private_lending_cap_multiple", None)
        lower = cap.cap if current is None or multiple is None else min(cap.cap, current * multiple)
        return None if loan.annual_rate > lower else False
    return loan.annual_rate > cap.cap


def _listed_means(ctx: EventContext) -> bool:
    """Criminal Law art. 293-1 items (1)-(3): force, intrusion or harassment."""
    event = ctx.event
    if event.has(*FORCE_OR_INTRUSION):
        return True
    if _in_breaching_window(ctx):
        return True
    if event.has(*(INTIMIDATING | ABUSIVE)):
        counted = _conduct_count(ctx, INTIMIDATING | ABUSIVE)
        return len(counted) >= param_int(ctx, "cn.contact.repeated_messages_count")
    return False


@check("cn.illegal_debt.collection.criminal")
def illegal_debt_collection(ctx: EventContext) -> Hit | None:
    if not by_collector(ctx.event):
        return None
    illegal = _debt_illegal(ctx)  # cheap, and False for most loans: decide it first
    if illegal is False or not _listed_means(ctx):
        return None
    return Hit(Verdict.VIOLATION if illegal else Verdict.CONDITIONAL)


@check("cn.illegal_debt.demand")
def illegal_debt_demand(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    kind = loan.lender.kind
    if not by_collector(event) or kind in LICENSED:
        return None
    flagged = event.has(Conduct.ILLEGAL_DEBT_DEMAND)
    if kind in UNDETERMINED:
        return Hit(Verdict.CONDITIONAL, message="conditional_unknown") if flagged else None
    if flagged:
        return Hit(Verdict.VIOLATION)
    if not is_demand(event) or loan.annual_rate is None:
        return None
    cap = protected_cap(ctx.ctx, loan)
    if cap.cap is not None and loan.annual_rate > cap.cap:
        return Hit(Verdict.CONDITIONAL, {"rate": pct(loan.annual_rate), "cap": pct(cap.cap)})
    return None


@check("cn.illegal_debt.demand.financial")
def illegal_debt_demand_financial(ctx: EventContext) -> Hit | None:
    event = ctx.event
    loan = ctx.case.loan
    if not by_collector(event) or loan.lender.kind not in LICENSED:
        return None
    cap = ctx.param("cn.interest.financial_loan_cap")
    rate = loan.annual_rate
    if rate is not None and rate > cap and (is_demand(event) or event.has(Conduct.ILLEGAL_DEBT_DEMAND)):
        return Hit(Verdict.INFO, {"rate": pct(rate), "cap": pct(cap)})
    if event.has(Conduct.ILLEGAL_DEBT_DEMAND):
        return Hit(Verdict.CONDITIONAL, {"cap": pct(cap)})
    return None


# =======================================================================================
# Court steps and credit reporting
# =======================================================================================


@check("cn.court_service.genuine")
def court_service(ctx: EventContext) -> Hit | None:
    return Hit(Verdict.INFO) if ctx.event.actor is Actor.COURT else None


@check("cn.credit_report.prior_notice")
def credit_report_notice(ctx: EventContext) -> Hit | None:
    # The vocabulary cannot record an advance notice of reporting, so the notice can
    # never be confirmed from the case: conditional, never a violation.
    return Hit(Verdict.CONDITIONAL) if by_collector(ctx.event) else None


@check("cn.payment_order.objection")
def payment_order(ctx: EventContext) -> Hit:
    return Hit(Verdict.INFO, {"count": ctx.param("cn.court.payment_order_objection_days")})


@check("cn.judgment.enforcement")
def judgment(ctx: EventContext) -> Hit | None:
    if ctx.event.actor is not Actor.COURT:
        return None
    return Hit(Verdict.INFO, {"count": ctx.param("cn.court.enforcement_application_years")})
