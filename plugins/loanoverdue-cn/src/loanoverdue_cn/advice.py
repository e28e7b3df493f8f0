"""Advice for borrowers in China, in Chinese and English: prioritised (lower first),
concrete, and citing why. Texts are in ``data/texts.toml``.

Priorities: 0 danger; 1 what happens next and deadlines already running; 2-5 what to do
now (visits, the lender, court papers when they are real); 6-14 rights, complaints and
the common myths (records kept for ever, arrest, the 3-year rule). An item moves up when
the case makes it urgent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from loanoverdue.engine.context import CaseContext
from loanoverdue.engine.draft import Draft
from loanoverdue.law import Basis, Citation, Text, Verdict, Weight
from loanoverdue.model import Action, LenderKind, ProtectionKind, Target
from loanoverdue.results import Advice, Finding, OutlookStatus
from loanoverdue_cn.facts import LICENSED, THIRD_PARTIES, bank_card_debt, in_force, pct
from loanoverdue_cn.texts import fill, text

__all__ = ["advise"]

CC = "cn.civil_code"
CPL = "cn.civil_procedure_2023"
CREDIT = "cn.credit_reporting_regulation"

EMPTY = Text({"en": "", "zh-CN": ""})
_DANGER_RULES = frozenset(
    {
        "cn.violence.criminal",
        "cn.detention.criminal",
        "cn.home.entry.criminal",
        "cn.home.refused_to_leave.criminal",
    }
)
_ACTIVE = frozenset({OutlookStatus.HAPPENED, OutlookStatus.LIKELY_NEXT, OutlookStatus.POSSIBLE})


def _item(
    key: str, priority: int, title: Text | None = None, body: Text | None = None, **kw: object
) -> Advice:
    return Advice(
        f"cn.advice.{key}",
        priority,
        title if title is not None else text(f"advice.{key}.title"),
        body if body is not None else text(f"advice.{key}.body"),
        **kw,  # type: ignore[arg-type]
    )


def _order(c: Citation) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Citations in reading order: art. 6 before art. 13."""
    parts = re.split(r"(\d+)", c.article)
    return c.instrument, tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts if p)


def _cites(findings: tuple[Finding, ...] | list[Finding]) -> tuple[Citation, ...]:
    return tuple(sorted({c for f in findings for c in f.citations}, key=_order))


def advise(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    loan = ctx.case.loan
    unpaid = loan.repaid_on is None
    overdue = unpaid and ctx.dpd > 0
    police = ctx.param("cn.contacts.police")
    # proposed events have not happened: nothing to report to anyone yet
    violations = tuple(f for f in draft.violations() if not f.proposed)
    card = bank_card_debt(loan)
    civil_code = in_force(ctx, CC)
    procedure = in_force(ctx, CPL)

    # 0 -- danger --------------------------------------------------------------------
    danger = [f for f in violations if f.rule in _DANGER_RULES]
    if danger:
        yield _item(
            "emergency",
            0,
            params={"police": police},
            citations=_cites(danger),
            because=tuple(sorted({f.rule for f in danger})),
        )

    # 1 -- what happens next, deadlines running ------------------------------------------
    if overdue:
        yield _next(ctx, draft)
    orders = ctx.happened(Action.PAYMENT_ORDER)
    if orders and procedure:
        days = ctx.param("cn.court.payment_order_objection_days")
        yield _item(
            "payment_order",
            1,
            params={"days": days, "date": orders[0].day.isoformat()},
            citations=tuple(ctx.cite(CPL, a) for a in ("225", "227", "228")),
            because=("cn.payment_order.objection",),
        )
    judgments = ctx.happened(Action.JUDGMENT)
    if judgments and procedure:
        yield _item(
            "judgment",
            1,
            params={"date": judgments[0].day.isoformat()},
            citations=(*(ctx.cite(CPL, a) for a in ("264", "266")), ctx.cite("cn.criminal_law", "313")),
            because=("cn.judgment.enforcement",),
        )

    # 2-5 -- what to do now ------------------------------------------------------------
    home = draft.prospect(Action.HOME_VISIT)
    visited = bool(ctx.of(Action.HOME_VISIT))
    if (overdue or visited) and civil_code:
        active = visited or (home is not None and home.status in _ACTIVE)
        psapl = in_force(ctx, "cn.psapl_2012")
        cites = [ctx.cite(CC, "1033(2)"), ctx.cite("cn.constitution", "39")]
        cites += [ctx.cite("cn.criminal_law", "245"), ctx.cite("cn.criminal_law", "238(3)")]
        if psapl:
            cites.append(ctx.cite("cn.psapl_2012", "40(3)"))
        home_rules = sorted({f.rule for f in draft.fired("cn.home")})
        yield _item(
            "door",
            2 if active else 3,
            params={"police": police, "psapl": text("advice.door.psapl_2012") if psapl else EMPTY},
            citations=tuple(cites),
            because=("outlook:home_visit", *home_rules),
        )
    if overdue and civil_code:
        yield _item(
            "talk",
            4,
            citations=(ctx.cite(CC, "195"),),
            because=("stage",),
            basis=Basis.ASSUMPTION,
        )
    if overdue and card:
        hardship = ctx.protection(ProtectionKind.HARDSHIP) is not None
        yield _item(
            "card_plan",
            3 if hardship else 5,
            params={
                "years": ctx.param("cn.credit_card.instalment_plan_max_years"),
                "hardship": text("advice.card_plan.hardship") if hardship else EMPTY,
            },
            citations=(ctx.cite("cn.credit_card_measures", "70"),),
            because=("lender_kind",),
            basis=Basis.REGULATION,
        )
    court_real = bool(ctx.happened(Action.LAWSUIT, Action.COURT_SERVICE, Action.PAYMENT_ORDER))
    fake = draft.fired("cn.impersonation.") + draft.fired("cn.false_legal_claim.")
    if (unpaid or court_real) and procedure:
        yield _item(
            "court_papers",
            3 if court_real or fake else 7,
            params={
                "court_hotline": ctx.param("cn.contacts.court_hotline"),
                "po_days": ctx.param("cn.court.payment_order_objection_days"),
            },
            citations=tuple(ctx.cite(CPL, a) for a in ("88", "89", "90", "91", "95", "165", "227")),
            because=("outlook:court_service", *sorted({f.rule for f in fake})),
        )

    # 6-14 -- rights, complaints, myths ----------------------------------------------
    third = [f for f in draft.fired("cn.third_party.") if f.verdict is not Verdict.INFO]
    if third and civil_code:
        targets = sorted(
            {ctx.case.events[f.event].target for f in third if f.event is not None}
            & (THIRD_PARTIES - {Target.PUBLIC}),
            key=list(Target).index,
        )
        if targets:
            yield _item(
                "family",
                6,
                params={"targets": tuple(targets)},
                citations=(
                    ctx.cite(CC, "1032"),
                    ctx.cite(CC, "1038"),
                    ctx.cite("cn.pipl", "6"),
                    ctx.cite("cn.pipl", "13"),
                ),
                because=tuple(sorted({f.rule for f in third})),
            )
    if (overdue or ctx.case.events) and civil_code:
        records_cites = [ctx.cite(CC, "1032"), ctx.cite(CC, "1033(1)")]
        if card:
            records_cites.append(ctx.cite("cn.credit_card_measures", "68"))
        yield _item(
            "records",
            8,
            params={"card": text("advice.records.card") if card else EMPTY},
            citations=tuple(records_cites),
        )
    yield _complain(ctx, violations, police)
    yield _check_rate(ctx, draft)
    if draft.credit is not None:
        yield _credit(ctx, draft)
    if draft.exposure is not None and unpaid:
        yield _not_a_crime(ctx, draft, card)
    if draft.limitation is not None and unpaid:
        lim = draft.limitation
        if lim.expired:
            state = fill("advice.limitation.expired", expires=lim.expires)
        else:
            state = fill("advice.limitation.running", start=lim.starts, expires=lim.expires)
        yield _item(
            "limitation",
            4 if lim.expired else 13,
            params={"state": state},
            citations=tuple(ctx.cite(CC, a) for a in ("188", "192", "193", "195")),
            because=("limitation",),
        )
    escalated = (
        court_real
        or bool(judgments)
        or any(f.weight is Weight.CRIMINAL for f in violations)
        or (draft.interest is not None and draft.interest.excess)
        or (draft.exposure is not None and draft.exposure.criminal_possible)
    )
    yield _item(
        "lawyer",
        3 if escalated else 14,
        params={
            "legal": ctx.param("cn.contacts.legal_service_hotline"),
            "now": text("advice.lawyer.now") if escalated else EMPTY,
        },
        basis=Basis.ASSUMPTION,
    )


def _next(ctx: CaseContext, draft: Draft) -> Advice:
    likely = tuple(p.action for p in draft.outlook if p.status is OutlookStatus.LIKELY_NEXT)
    possible = tuple(p.action for p in draft.outlook if p.status is OutlookStatus.POSSIBLE)
    none = text("advice.next.nothing")
    home = draft.prospect(Action.HOME_VISIT)
    announced = [v for v in ctx.of(Action.HOME_VISIT) if v.event.proposed]
    if home is not None and announced and home.status is not OutlookStatus.HAPPENED:
        home_text = fill("advice.next.home_announced", status=home.status, date=announced[0].day)
    elif home is None:
        home_text = text("advice.next.not_scheduled")
    elif home.earliest is not None and home.status is not OutlookStatus.HAPPENED:
        home_text = fill("advice.next.home", status=home.status, date=home.earliest)
    else:
        home_text = fill("advice.next.home_plain", status=home.status)
    lawsuit = draft.prospect(Action.LAWSUIT)
    return _item(
        "next",
        1,
        params={
            "dpd": ctx.dpd,
            "amount": str(ctx.case.loan.outstanding),
            "likely": likely or none,
            "possible": possible or none,
            "home": home_text,
            "lawsuit": lawsuit.status if lawsuit is not None else text("advice.next.not_scheduled"),
        },
        because=("outlook",),
        basis=Basis.ASSUMPTION,
    )


def _complain(ctx: CaseContext, violations: tuple[Finding, ...], police: object) -> Advice:
    kind = ctx.case.loan.lender.kind
    if kind is LenderKind.ONLINE_MICROLENDER:
        regulator = text("advice.complain.regulator_local")
    elif kind is LenderKind.PRIVATE_INDIVIDUAL:
        regulator = text("advice.complain.regulator_none")
    else:
        regulator = fill(
            "advice.complain.regulator_national", nfra=ctx.param("cn.contacts.financial_regulator_hotline")
        )
    events = {f.event for f in violations}
    intro = fill("advice.complain.intro", count=len(events)) if violations else EMPTY
    cites = [ctx.cite(CREDIT, "26")]
    if kind is LenderKind.ONLINE_MICROLENDER:
        cites.append(ctx.cite("cn.spc_private_lending_scope_reply", "general"))
    return _item(
        "complain",
        2 if violations else 9,
        params={
            "intro": intro,
            "police": police,
            "regulator": regulator,
            "pboc": ctx.param("cn.contacts.pboc_hotline"),
        },
        citations=tuple(
            sorted(set(cites) | set(_cites(violations)), key=lambda c: (c.instrument, c.article))
        ),
        because=tuple(sorted({f.rule for f in violations})),
    )


def _check_rate(ctx: CaseContext, draft: Draft) -> Advice:
    loan = ctx.case.loan
    interest = draft.interest
    cites = [ctx.cite("cn.pboc_announcement_2021_3", "general")]
    if in_force(ctx, CC):
        cites.append(ctx.cite(CC, "670"))
    excess = False
    licensed = loan.lender.kind in LICENSED
    if interest is None or interest.cap is None:
        note = interest.note if interest is not None and interest.note is not None else EMPTY
        summary = fill("advice.check_rate.no_cap", note=note)
    elif interest.annual_rate is None:
        what = text("advice.check_rate.cap_licensed" if licensed else "advice.check_rate.cap_private")
        summary = fill("advice.check_rate.unknown_rate", cap=pct(interest.cap), what=what)
    elif interest.excess:
        excess = True
        what = text("advice.check_rate.excess_licensed" if licensed else "advice.check_rate.excess_private")
        if not licensed:
            cites.append(ctx.cite("cn.criminal_law", "293-1"))
        summary = fill(
            "advice.check_rate.excess", rate=pct(interest.annual_rate), cap=pct(interest.cap), what=what
        )
    else:
        summary = fill("advice.check_rate.within", rate=pct(interest.annual_rate), cap=pct(interest.cap))
    if interest is not None:
        cites += interest.cap_basis
    unique = tuple(dict.fromkeys(cites))
    return _item(
        "check_rate",
        5 if excess else 10,
        params={"summary": summary},
        citations=unique,
        because=("interest",),
    )


def _credit(ctx: CaseContext, draft: Draft) -> Advice:
    assert draft.credit is not None
    loan = ctx.case.loan
    years = ctx.param("cn.credit.retention_years")
    reports = ctx.happened(Action.CREDIT_REPORT)
    if loan.repaid_on is not None and draft.credit.retained_until is not None:
        status = fill("advice.credit.status_repaid", date=loan.repaid_on, until=draft.credit.retained_until)
    elif reports:
        status = fill("advice.credit.status_reported", date=reports[0].day)
    elif loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL:
        status = EMPTY
    else:
        status = text("advice.credit.status_likely")
    if status.get("en"):
        status = Text(
            {lang: status.get(lang) + ("" if lang == "zh-CN" else " ") for lang in status.languages}
        )
    return _item(
        "credit",
        11,
        params={"status": status, "years": years, "pboc": ctx.param("cn.contacts.pboc_hotline")},
        citations=tuple(ctx.cite(CREDIT, a) for a in ("15", "16", "17", "25", "26")),
        because=("credit",),
    )


def _not_a_crime(ctx: CaseContext, draft: Draft, card: bool) -> Advice:
    assert draft.exposure is not None
    claimed = draft.fired("cn.false_legal_claim.")
    if card:
        title = text("advice.not_a_crime.card_title")
        conditions = draft.exposure.conditions
    else:
        title = text("advice.not_a_crime.title")
        conditions = text("advice.not_a_crime.ordinary")
    urgent = bool(claimed) or draft.exposure.criminal_possible
    return _item(
        "not_a_crime",
        3 if urgent else 12,
        title=title,
        params={"conditions": conditions},
        citations=draft.exposure.citations,
        because=("exposure", *sorted({f.rule for f in claimed})),
    )
