"""Advice for borrowers in India, in English. Hindi is left to a later version of the pack
(see its README): a translation of legal advice must be reviewed by a fluent reader."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from loanoverdue.pack import (
    Advice,
    AdviceContributor,
    Basis,
    CaseContext,
    Citation,
    Draft,
    Finding,
    LenderKind,
    Text,
    Verdict,
)
from loanoverdue_in.facts import REGULATED, digital_loan

__all__ = ["ADVICE", "advise"]

DL = "in.rbi.digital_lending_2025"
#: The day the Integrated Ombudsman Scheme, 2026 replaced the 2021 Scheme
#: (effective_from of in.rbi.ios_2026; a test keeps them equal).
IOS_2026_FROM = date(2026, 7, 1)

GRIEVANCE_TITLE = Text({"en": "Complain in writing to the lender's grievance officer"})
GRIEVANCE_BODY = Text(
    {
        "en": "{count} collection events broke the RBI's rules. Write to the lender's grievance "
        "redressal officer (the contact is on the lender's website, in the app and in the Key Fact "
        "Statement), describe each event with its date and time, attach screenshots or call "
        "records, and keep a copy. The lender answers for its recovery agents and apps."
    }
)
OMBUDSMAN_TITLE = Text({"en": "If the lender does not answer within 30 days: the RBI Ombudsman"})
OMBUDSMAN_BODY = Text(
    {
        "en": "If the lender rejects your complaint, its reply does not satisfy you, or it has not "
        "replied within 30 days, complain to the RBI Ombudsman under the {scheme} on the RBI's "
        "Complaint Management System (cms.rbi.org.in), or by post to the Centralised Receipt and "
        "Processing Centre, Reserve Bank of India, 4th Floor, Sector 17, Central Vista, "
        "Chandigarh 160017. Filing is free."
    }
)
SACHET_TITLE = Text({"en": "Check the lender on the RBI's Sachet portal"})
SACHET_BODY = Text(
    {
        "en": "It is not known from the case whether this lender ({kind}) is regulated by the RBI. "
        "A lawful digital lender is a bank or NBFC, or an app working for one, listed on the "
        "lender's website. An app that is neither can be reported on the RBI's Sachet portal "
        "(sachet.rbi.org.in)."
    }
)
POLICE_TITLE = Text({"en": "Report threats to the police"})
POLICE_BODY = Text(
    {
        "en": "A collector threatened you or someone close to you ({count} events). A threat made to "
        "alarm you or force payment can be the offence of criminal intimidation: you can report it "
        "at a police station. Keep the messages and call records."
    }
)
BARRED_TITLE = Text({"en": "A suit on the loan may be time-barred"})
BARRED_BODY = Text(
    {
        "en": "The three-year limitation period ran out on {date}. A court must dismiss a suit filed "
        "after it; do not sign an acknowledgment of the debt without advice."
    }
)
PLAN_TITLE = Text({"en": "Ask the lender for a repayment plan in writing"})
PLAN_BODY = Text(
    {
        "en": "You are {dpd} days overdue. Ask the lender in writing for a restructured repayment "
        "plan you can afford, and pay only into the lender's own account, never into an "
        "agent's personal account."
    }
)


def _cites(findings: tuple[Finding, ...]) -> tuple[Citation, ...]:
    return tuple(sorted({c for f in findings for c in f.citations}, key=lambda c: (c.instrument, c.article)))


def advise(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    loan = ctx.case.loan
    digital = digital_loan(ctx.case)
    rbi = tuple(
        f
        for f in draft.violations()
        if f.rule.startswith(("in.recovery.", "in.digital.")) and f.event is not None
    )
    if rbi:
        cites = _cites(rbi) + ((ctx.cite(DL, "11(i)"),) if digital else ())
        yield Advice(
            "in.advice.grievance_officer",
            1,
            GRIEVANCE_TITLE,
            GRIEVANCE_BODY,
            {"count": len({f.event for f in rbi})},
            citations=cites,
            because=tuple(sorted({f.rule for f in rbi})),
        )
        scheme = "in.rbi.ios_2026" if ctx.today >= IOS_2026_FROM else "in.rbi.ios_2021"
        name = (
            "Integrated Ombudsman Scheme, 2026"
            if scheme.endswith("2026")
            else "Integrated Ombudsman Scheme, 2021"
        )
        ombudsman_cites = (ctx.cite(scheme, "scheme"),) + ((ctx.cite(DL, "11(iv)"),) if digital else ())
        yield Advice(
            "in.advice.ombudsman",
            2,
            OMBUDSMAN_TITLE,
            OMBUDSMAN_BODY,
            {"scheme": name},
            citations=ombudsman_cites,
            because=("in.advice.grievance_officer",),
        )
    threats = tuple(f for f in draft.fired("in.criminal.intimidation") if f.verdict is Verdict.VIOLATION)
    if threats:
        yield Advice(
            "in.advice.police",
            1,
            POLICE_TITLE,
            POLICE_BODY,
            {"count": len({f.event for f in threats})},
            citations=_cites(threats),
            because=("in.criminal.intimidation",),
        )
    if loan.lender.kind not in REGULATED and loan.lender.kind is not LenderKind.PRIVATE_INDIVIDUAL:
        yield Advice(
            "in.advice.sachet",
            3,
            SACHET_TITLE,
            SACHET_BODY,
            {"kind": loan.lender.kind.value.replace("_", " ")},
            citations=(ctx.cite(DL, "8(iv)"),),
            because=("in.coverage.regulated_entity",),
        )
    if draft.limitation is not None and draft.limitation.expired:
        yield Advice(
            "in.advice.time_barred",
            2,
            BARRED_TITLE,
            BARRED_BODY,
            {"date": draft.limitation.expires.isoformat()},
            citations=draft.limitation.citations,
        )
    elif ctx.dpd > 0 and loan.repaid_on is None:
        yield Advice(
            "in.advice.repayment_plan", 4, PLAN_TITLE, PLAN_BODY, {"dpd": ctx.dpd}, basis=Basis.ASSUMPTION
        )


ADVICE = (AdviceContributor("in.advice", "IN", advise),)
