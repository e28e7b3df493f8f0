"""Advice for borrowers in China, in Chinese and English: prioritised (lower first),
concrete, and citing why. Texts are in ``data/texts.toml``.

Priorities: 0 danger; 1 what happens next and deadlines already running; 2-5 what to do
now (visits, the lender, court papers when they are real); 6-14 rights, complaints and
the common myths (records kept for ever, arrest, the 3-year rule). An item moves up when
the case makes it urgent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from loanoverdue.pack import (
    Action,
    Actor,
    Advice,
    Basis,
    CaseContext,
    Citation,
    Draft,
    Finding,
    Interest,
    LenderKind,
    OutlookStatus,
    ProtectionKind,
    Target,
    Text,
    Verdict,
    Weight,
)
from loanoverdue_cn.facts import LICENSED, THIRD_PARTIES, bank_card_debt, cites, in_force, pct, shared
from loanoverdue_cn.limitation import limitation_facts
from loanoverdue_cn.texts import fill, text

__all__ = ["advise"]

CC = "cn.civil_code"
CPL = "cn.civil_procedure_2023"
CREDIT = "cn.credit_reporting_regulation"

EMPTY = Text({"en": "", "zh-CN": ""})
_DANGER_RULES = frozenset(
    {
        # violence is a crime only in vile circumstances (conditional); the police punish it
        # in any case, so the administrative violations mark the danger
        "cn.violence.psapl_2012",
        "cn.violence.psapl_2025",
        "cn.detention.criminal",
        "cn.home.entry.criminal",
        "cn.home.refused_to_leave.criminal",
    }
)
_ACTIVE = frozenset({OutlookStatus.HAPPENED, OutlookStatus.LIKELY_NEXT, OutlookStatus.POSSIBLE})
#: Third parties the family advice names (the public is not a person to talk to).
_NAMED = THIRD_PARTIES - {Target.PUBLIC}
_TARGET_ORDER = {t: i for i, t in enumerate(Target)}


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


def _same(ctx: CaseContext, key: tuple[object, ...], build: Callable[[], Advice]) -> Advice:
    """An item that reads the same in every case with the same ``key``: made once."""
    return shared(ctx, ("advice", *key), build)


@lru_cache(maxsize=1024)
def _article_order(article: str) -> tuple[tuple[int, str], ...]:
    parts = re.split(r"(\d+)", article)
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in parts if p)


def _order(c: Citation) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Citations in reading order: art. 6 before art. 13."""
    return c.instrument, _article_order(c.article)


def _cites(findings: tuple[Finding, ...] | list[Finding]) -> tuple[Citation, ...]:
    return tuple(sorted({c for f in findings for c in f.citations}, key=_order))


def advise(ctx: CaseContext, draft: Draft) -> list[Advice]:
    loan = ctx.case.loan
    unpaid = loan.repaid_on is None
    overdue = unpaid and ctx.dpd > 0
    police = ctx.param("cn.contacts.police")
    # proposed events have not happened: nothing to report to anyone yet
    violations = tuple(f for f in draft.findings if f.verdict is Verdict.VIOLATION and not f.proposed)
    card = bank_card_debt(loan)
    civil_code = in_force(ctx, CC)
    procedure = in_force(ctx, CPL)
    out: list[Advice] = []

    # 0 -- danger --------------------------------------------------------------------
    danger = [f for f in violations if f.rule in _DANGER_RULES]
    if danger:
        out.append(
            _item(
                "emergency",
                0,
                params={"police": police},
                citations=_cites(danger),
                because=tuple(sorted({f.rule for f in danger})),
            )
        )

    # 1 -- what happens next, deadlines running ------------------------------------------
    if overdue:
        out.append(_next(ctx, draft))
    orders = ctx.happened(Action.PAYMENT_ORDER)
    if orders and procedure:
        days = ctx.param("cn.court.payment_order_objection_days")
        out.append(
            _item(
                "payment_order",
                1,
                params={"days": days, "date": orders[0].day},
                citations=cites(ctx, CPL, "225", "227", "228"),
                because=("cn.payment_order.objection",),
            )
        )
    # a "judgment" delivered by a collector is not one (cn.forged_document.*)
    judgments = [v for v in ctx.happened(Action.JUDGMENT) if v.event.actor is Actor.COURT]
    if judgments and procedure:
        out.append(
            _item(
                "judgment",
                1,
                params={"date": judgments[0].day},
                citations=cites(ctx, CPL, "264", "266") + cites(ctx, "cn.criminal_law", "313"),
                because=("cn.judgment.enforcement",),
            )
        )

    # 2-5 -- what to do now ------------------------------------------------------------
    home = draft.prospect(Action.HOME_VISIT)
    visited = bool(ctx.of(Action.HOME_VISIT))
    if (overdue or visited) and civil_code:
        active = visited or (home is not None and home.status in _ACTIVE)
        psapl = (
            "2012" if in_force(ctx, "cn.psapl_2012") else "2025" if in_force(ctx, "cn.psapl_2025") else None
        )
        home_rules = tuple(sorted({f.rule for f in draft.fired("cn.home")}))
        out.append(
            _same(
                ctx,
                ("door", active, psapl, police, home_rules),
                lambda: _door(ctx, active, psapl, police, home_rules),
            )
        )
    if overdue and civil_code:
        out.append(
            _same(
                ctx,
                ("talk",),
                lambda: _item(
                    "talk",
                    4,
                    citations=cites(ctx, CC, "195"),
                    because=("stage",),
                    basis=Basis.ASSUMPTION,
                ),
            )
        )
    # the Credit Card Measures (art. 70) are not in force before 2011-01-13: no such advice
    years = ctx.param_or("cn.credit_card.instalment_plan_max_years", None) if overdue and card else None
    if years is not None:
        hardship = ctx.protection(ProtectionKind.HARDSHIP) is not None
        out.append(
            _same(
                ctx,
                ("card_plan", hardship, years),
                lambda: _item(
                    "card_plan",
                    3 if hardship else 5,
                    params={
                        "years": years,
                        "hardship": text("advice.card_plan.hardship") if hardship else EMPTY,
                    },
                    citations=cites(ctx, "cn.credit_card_measures", "70"),
                    because=("lender_kind",),
                    basis=Basis.REGULATION,
                ),
            )
        )
    # a "court service" by a collector is not service (cn.impersonation.court_service)
    court_real = bool(ctx.happened(Action.LAWSUIT, Action.PAYMENT_ORDER)) or any(
        v.event.actor is Actor.COURT for v in ctx.happened(Action.COURT_SERVICE)
    )
    fake = draft.fired("cn.impersonation.") + draft.fired("cn.false_legal_claim.")
    if (unpaid or court_real) and procedure:
        hotline = ctx.param("cn.contacts.court_hotline")
        po_days = ctx.param("cn.court.payment_order_objection_days")
        priority = 3 if court_real or fake else 7
        because = ("outlook:court_service", *sorted({f.rule for f in fake}))
        out.append(
            _same(
                ctx,
                ("court_papers", priority, hotline, po_days, because),
                lambda: _item(
                    "court_papers",
                    priority,
                    params={"court_hotline": hotline, "po_days": po_days},
                    citations=cites(ctx, CPL, "88", "89", "90", "91", "95", "165", "227"),
                    because=because,
                ),
            )
        )

    # 6-14 -- rights, complaints, myths ----------------------------------------------
    third = [f for f in draft.fired("cn.third_party.") if f.verdict is not Verdict.INFO]
    if third and civil_code:
        events = ctx.case.events
        targets = sorted(
            {events[f.event].target for f in third if f.event is not None} & _NAMED,
            key=_TARGET_ORDER.__getitem__,
        )
        if targets:
            named = tuple(targets)
            rules = tuple(sorted({f.rule for f in third}))
            out.append(
                _same(
                    ctx,
                    ("family", named, rules),
                    lambda: _item(
                        "family",
                        6,
                        params={"targets": named},
                        citations=cites(ctx, CC, "1032", "1038") + cites(ctx, "cn.pipl", "6", "13"),
                        because=rules,
                    ),
                )
            )
    if (overdue or ctx.case.events) and civil_code:
        out.append(_same(ctx, ("records", card), lambda: _records(ctx, card)))
    out.append(_complain(ctx, violations, police))
    out.append(_check_rate(ctx, draft))
    if draft.credit is not None:
        out.append(_credit(ctx, draft))
    if draft.exposure is not None and unpaid:
        out.append(_not_a_crime(ctx, draft, card))
    if draft.limitation is not None and unpaid and civil_code:
        lim = draft.limitation
        found = limitation_facts(ctx)
        pending = found is not None and found.pending
        # the same in every case with the same dates: made once
        out.append(
            _same(
                ctx,
                ("limitation", lim.expired, pending, lim.starts, lim.expires),
                lambda: _limitation(ctx, lim.expired, pending, lim.starts, lim.expires),
            )
        )
    escalated = (
        court_real
        or bool(judgments)
        or bool(danger)
        or any(f.weight is Weight.CRIMINAL for f in violations)
        or (draft.interest is not None and draft.interest.excess)
        or (draft.exposure is not None and draft.exposure.criminal_possible)
    )
    legal = ctx.param("cn.contacts.legal_service_hotline")
    out.append(
        _same(
            ctx,
            ("lawyer", escalated, legal),
            lambda: _item(
                "lawyer",
                3 if escalated else 14,
                params={"legal": legal, "now": text("advice.lawyer.now") if escalated else EMPTY},
                basis=Basis.ASSUMPTION,
            ),
        )
    )
    return out


def _limitation(ctx: CaseContext, expired: bool, pending: bool, starts: date, expires: date) -> Advice:
    if expired:
        state = fill("advice.limitation.expired", expires=expires)
    elif pending:
        state = text("advice.limitation.pending")
    else:
        state = fill("advice.limitation.running", start=starts, expires=expires)
    return _item(
        "limitation",
        4 if expired else 13,
        params={"state": state},
        citations=cites(ctx, CC, "188", "192", "193", "195"),
        because=("limitation",),
    )


#: The PSAPL text in force -> (instrument, article on intrusion and detention).
_PSAPL_INTRUSION = {"2012": ("cn.psapl_2012", "40(3)"), "2025": ("cn.psapl_2025", "47(3)")}


def _door(
    ctx: CaseContext, active: bool, psapl: str | None, police: object, home_rules: tuple[str, ...]
) -> Advice:
    cited = cites(ctx, CC, "1033(2)") + cites(ctx, "cn.constitution", "39")
    cited += cites(ctx, "cn.criminal_law", "245", "238(3)")
    if psapl is not None:
        cited += cites(ctx, *_PSAPL_INTRUSION[psapl])
    return _item(
        "door",
        2 if active else 3,
        params={"police": police, "psapl": text(f"advice.door.psapl_{psapl}") if psapl else EMPTY},
        citations=cited,
        because=("outlook:home_visit", *home_rules),
    )


def _records(ctx: CaseContext, card: bool) -> Advice:
    cited = cites(ctx, CC, "1032", "1033(1)")
    if card:
        cited += cites(ctx, "cn.credit_card_measures", "68")
    return _item(
        "records",
        8,
        params={"card": text("advice.records.card") if card else EMPTY},
        citations=cited,
    )


def _next(ctx: CaseContext, draft: Draft) -> Advice:
    likely = tuple(p.action for p in draft.outlook if p.status is OutlookStatus.LIKELY_NEXT)
    possible = tuple(p.action for p in draft.outlook if p.status is OutlookStatus.POSSIBLE)
    home = draft.prospect(Action.HOME_VISIT)
    announced = [v for v in ctx.of(Action.HOME_VISIT) if v.event.proposed]
    # what the item says of a home visit: the text's key and what fills it
    home_says: tuple[object, ...]
    if home is not None and announced and home.status is not OutlookStatus.HAPPENED:
        home_says = ("advice.next.home_announced", home.status, announced[0].day)
    elif home is None:
        home_says = ("advice.next.not_scheduled",)
    elif home.earliest is not None and home.status is not OutlookStatus.HAPPENED:
        home_says = ("advice.next.home", home.status, home.earliest)
    else:
        home_says = ("advice.next.home_plain", home.status)
    lawsuit = draft.prospect(Action.LAWSUIT)
    lawsuit_status = lawsuit.status if lawsuit is not None else None
    amount = str(ctx.case.loan.outstanding)
    # the same in every case with the same figures and outlook: made once
    key = ("next", ctx.dpd, amount, likely, possible, home_says, lawsuit_status)
    return _same(ctx, key, lambda: _next_item(ctx.dpd, amount, likely, possible, home_says, lawsuit_status))


def _next_item(
    dpd: int,
    amount: str,
    likely: tuple[Action, ...],
    possible: tuple[Action, ...],
    home_says: tuple[object, ...],
    lawsuit: OutlookStatus | None,
) -> Advice:
    none = text("advice.next.nothing")
    key = str(home_says[0])
    if key == "advice.next.home_announced" or key == "advice.next.home":
        home_text = fill(key, status=home_says[1], date=home_says[2])
    elif key == "advice.next.home_plain":
        home_text = fill(key, status=home_says[1])
    else:
        home_text = text(key)
    return _item(
        "next",
        1,
        params={
            "dpd": dpd,
            "amount": amount,
            "likely": likely or none,
            "possible": possible or none,
            "home": home_text,
            "lawsuit": lawsuit if lawsuit is not None else text("advice.next.not_scheduled"),
        },
        because=("outlook",),
        basis=Basis.ASSUMPTION,
    )


def _complain(ctx: CaseContext, violations: tuple[Finding, ...], police: object) -> Advice:
    kind = ctx.case.loan.lender.kind
    nfra = None
    if kind is not LenderKind.ONLINE_MICROLENDER and kind is not LenderKind.PRIVATE_INDIVIDUAL:
        nfra = ctx.param("cn.contacts.financial_regulator_hotline")
    pboc = ctx.param("cn.contacts.pboc_hotline")
    microlender = kind is LenderKind.ONLINE_MICROLENDER
    private = kind is LenderKind.PRIVATE_INDIVIDUAL
    # the item shows how many events broke a rule, which rules and their citations
    key = (
        "complain",
        microlender,
        private,
        nfra,
        police,
        pboc,
        len({f.event for f in violations}),
        tuple(sorted({f.rule for f in violations})),
        _cites(violations),
    )
    return _same(ctx, key, lambda: _complaint(ctx, violations, microlender, private, nfra, police, pboc))


def _complaint(
    ctx: CaseContext,
    violations: tuple[Finding, ...],
    microlender: bool,
    private: bool,
    nfra: object,
    police: object,
    pboc: object,
) -> Advice:
    if microlender:
        regulator = text("advice.complain.regulator_local")
    elif private:
        regulator = text("advice.complain.regulator_none")
    else:
        regulator = shared(
            ctx,
            ("advice.complain.regulator_national", nfra),
            lambda: fill("advice.complain.regulator_national", nfra=nfra),
        )
    events = {f.event for f in violations}
    intro = fill("advice.complain.intro", count=len(events)) if violations else EMPTY
    cited = cites(ctx, CREDIT, "26")
    if microlender:
        cited += cites(ctx, "cn.spc_private_lending_scope_reply", "general")
    if violations:
        cited = tuple(sorted(set(cited) | set(_cites(violations)), key=lambda c: (c.instrument, c.article)))
    else:
        cited = tuple(sorted(set(cited), key=lambda c: (c.instrument, c.article)))
    return _item(
        "complain",
        2 if violations else 9,
        params={
            "intro": intro,
            "police": police,
            "regulator": regulator,
            "pboc": pboc,
        },
        citations=cited,
        because=tuple(sorted({f.rule for f in violations})),
    )


def _check_rate(ctx: CaseContext, draft: Draft) -> Advice:
    licensed = ctx.case.loan.lender.kind in LICENSED
    civil_code = in_force(ctx, CC)
    interest = draft.interest
    if interest is None:
        return _rate_advice(ctx, interest, licensed, civil_code)
    # everything the item shows of the interest (decimals as written)
    key = (
        "check_rate",
        licensed,
        civil_code,
        str(interest.annual_rate),
        str(interest.cap),
        interest.excess,
        interest.note,
        interest.cap_basis,
    )
    return _same(ctx, key, lambda: _rate_advice(ctx, interest, licensed, civil_code))


def _rate_advice(ctx: CaseContext, interest: Interest | None, licensed: bool, civil_code: bool) -> Advice:
    cited = list(cites(ctx, "cn.pboc_announcement_2021_3", "general"))
    if civil_code:
        cited += cites(ctx, CC, "670")
    excess = False
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
            cited += cites(ctx, "cn.criminal_law", "293-1")
        summary = fill(
            "advice.check_rate.excess", rate=pct(interest.annual_rate), cap=pct(interest.cap), what=what
        )
    else:
        summary = fill("advice.check_rate.within", rate=pct(interest.annual_rate), cap=pct(interest.cap))
    if interest is not None:
        cited += interest.cap_basis
    return _item(
        "check_rate",
        5 if excess else 10,
        params={"summary": summary},
        citations=tuple(dict.fromkeys(cited)),
        because=("interest",),
    )


def _credit(ctx: CaseContext, draft: Draft) -> Advice:
    assert draft.credit is not None
    loan = ctx.case.loan
    years = ctx.param("cn.credit.retention_years")
    pboc = ctx.param("cn.contacts.pboc_hotline")
    reports = ctx.happened(Action.CREDIT_REPORT)
    if loan.repaid_on is not None and draft.credit.retained_until is not None:
        status = fill("advice.credit.status_repaid", date=loan.repaid_on, until=draft.credit.retained_until)
    elif reports:
        status = fill("advice.credit.status_reported", date=reports[0].day)
    else:  # the same in every such case: made once
        private = loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL
        return _same(
            ctx,
            ("credit", private, years, pboc),
            lambda: _credit_item(ctx, EMPTY if private else text("advice.credit.status_likely"), years, pboc),
        )
    return _credit_item(ctx, status, years, pboc)


def _credit_item(ctx: CaseContext, status: Text, years: object, pboc: object) -> Advice:
    if status.get("en"):
        status = Text(
            {lang: status.get(lang) + ("" if lang == "zh-CN" else " ") for lang in status.languages}
        )
    return _item(
        "credit",
        11,
        params={"status": status, "years": years, "pboc": pboc},
        citations=cites(ctx, CREDIT, "15", "16", "17", "25", "26"),
        because=("credit",),
    )


def _not_a_crime(ctx: CaseContext, draft: Draft, card: bool) -> Advice:
    exposure = draft.exposure
    assert exposure is not None
    claimed = tuple(sorted({f.rule for f in draft.fired("cn.false_legal_claim.")}))
    urgent = bool(claimed) or exposure.criminal_possible

    def build() -> Advice:
        if card:
            title = text("advice.not_a_crime.card_title")
            conditions = exposure.conditions
        else:
            title = text("advice.not_a_crime.title")
            conditions = text("advice.not_a_crime.ordinary")
        return _item(
            "not_a_crime",
            3 if urgent else 12,
            title=title,
            params={"conditions": conditions},
            citations=exposure.citations,
            because=("exposure", *claimed),
        )

    if card:
        return build()
    return _same(ctx, ("not_a_crime", urgent, claimed, exposure.citations), build)
