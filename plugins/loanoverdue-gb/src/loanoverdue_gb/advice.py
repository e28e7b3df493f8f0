"""Advice for borrowers in the United Kingdom (English): who may come to the door, free
debt advice, Breathing Space, how to reply to a letter of claim, court claims, complaints
and the Financial Ombudsman Service, limitation, the credit file and the right to a copy
of the agreement. Each part below picks the variant the case calls for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from loanoverdue.pack import Action, Advice, AdviceContributor, Basis, Citation, OutlookStatus, Text
from loanoverdue_gb.limitation import system_of
from loanoverdue_gb.protections import information_duty_applies, moratorium_on, unanswered_request_on

if TYPE_CHECKING:
    from loanoverdue.pack import CaseContext, Draft

__all__ = ["ADVICE", "advise"]

SOON = (OutlookStatus.HAPPENED, OutlookStatus.LIKELY_NEXT, OutlookStatus.POSSIBLE)


def _sorted(cites: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(sorted(set(cites), key=lambda c: (c.instrument, c.article)))


# -- the door ---------------------------------------------------------------------------

T_DOOR = Text({"en": "Who may come to your door, and what they may do"})
_DOOR_COLLECTOR = (
    "A debt collector (or the lender's agent) may visit, but must give notice of a first visit and explain "
    "why they come, must not threaten you, and may not come in without your consent. A debt collector has no "
    "power to enter your home or to take anything: you do not have to open the door, and you can ask them to "
    "leave or to write to you instead. Claiming to be a bailiff when they are not breaks the FCA's rules."
)
T_DOOR_EW = Text(
    {
        "en": _DOOR_COLLECTOR + " Enforcement agents (bailiffs) are different: for a consumer credit debt they come "
        "only to enforce a court judgment, must first send a notice of enforcement at least 7 clear days "
        "ahead, and may not take control of goods before 6 a.m. or after 9 p.m. Ask to see their notice and "
        "the judgment it names."
    }
)
T_DOOR_GB = Text(
    {
        "en": _DOOR_COLLECTOR + " Enforcement agents (bailiffs) come only to enforce a court judgment; in England "
        "and Wales they must send a notice of enforcement at least 7 clear days ahead and may not take control "
        "of goods before 6 a.m. or after 9 p.m. (Scottish enforcement is not covered here.)"
    }
)


def _door(ctx: CaseContext, draft: Draft) -> list[Advice]:
    system = system_of(ctx)
    near = any(draft.status(a) in (OutlookStatus.HAPPENED, OutlookStatus.LIKELY_NEXT) for a in (Action.HOME_VISIT, Action.ENFORCEMENT))
    cites = [ctx.cite("gb.fca.conc", "7.9.12"), ctx.cite("gb.fca.conc", "7.9 (visits)"), ctx.cite("gb.fca.conc", "7.11.2")]
    if system != "sct":
        cites += [ctx.cite("gb.tcg_regs_2013", "6"), ctx.cite("gb.tcg_regs_2013", "7"), ctx.cite("gb.tcg_regs_2013", "13")]
    return [
        Advice(
            "gb.advice.door",
            1 if near else 2,
            T_DOOR,
            T_DOOR_EW if system == "eaw" else T_DOOR_GB,
            citations=_sorted(cites),
            basis=Basis.REGULATION,
        )
    ]


# -- free debt advice -------------------------------------------------------------------

T_FREE = Text({"en": "Get free, independent debt advice"})
T_FREE_BODY = Text(
    {
        "en": "You are {dpd} days behind. Free and independent debt advice is available from StepChange (0800 138 "
        "1111), National Debtline (0808 808 4000) and Citizens Advice (citizensadvice.org.uk); avoid firms that "
        "charge for it. A lender must treat customers in arrears with forbearance and due consideration: an adviser "
        "can propose an affordable plan, or lower or frozen interest and charges, for you."
    }
)


def _free_advice(ctx: CaseContext, draft: Draft) -> list[Advice]:
    if ctx.dpd <= 0 or ctx.case.loan.repaid_on is not None:
        return []
    return [
        Advice(
            "gb.advice.free_debt_advice",
            2,
            T_FREE,
            T_FREE_BODY,
            {"dpd": ctx.dpd},
            citations=(ctx.cite("gb.fca.conc", "7.3.4"),),
            basis=Basis.REGULATION,
        )
    ]


# -- Breathing Space ------------------------------------------------------------------------

T_BS = Text({"en": "Ask a debt adviser about Breathing Space"})
_BS = (
    "A debt adviser can start a Breathing Space for you: for up to 60 days interest, fees and charges on your "
    "debts are frozen, enforcement is paused, and creditors may not contact you to demand payment (they deal "
    "with your adviser). It gives you time to agree a plan."
)
T_BS_EW = Text({"en": _BS})
T_BS_GB = Text({"en": "If you live in England or Wales: " + _BS + " (Scotland has its own scheme, not covered here.)"})
T_BS_ON = Text({"en": "Your Breathing Space runs until {until}"})
T_BS_ON_BODY = Text(
    {
        "en": "Your Breathing Space began on {since} and runs until {until}. Until then creditors and their agents "
        "must not contact you to demand payment, add interest or charges, or take court or enforcement action "
        "without a court's permission. Keep a record of any contact and tell your debt adviser."
    }
)


def _breathing_space(ctx: CaseContext, draft: Draft) -> list[Advice]:
    system = system_of(ctx)
    if system == "sct":
        return []
    cites = _sorted(
        ctx.cite("gb.breathing_space_regs_2020", a) for a in ("7", "11", "25", "26")
    )
    moratorium = moratorium_on(ctx, ctx.today) if system == "eaw" else None
    if moratorium is not None:
        params: dict[str, object] = {"since": moratorium.since.isoformat(), "until": moratorium.until.isoformat()}
        return [Advice("gb.advice.breathing_space.active", 1, T_BS_ON, T_BS_ON_BODY, params, citations=cites)]
    if ctx.dpd <= 0 or ctx.case.loan.repaid_on is not None:
        return []
    return [Advice("gb.advice.breathing_space", 3, T_BS, T_BS_EW if system == "eaw" else T_BS_GB, citations=cites)]


# -- the letter of claim ------------------------------------------------------------------

T_LOC = Text({"en": "How to reply to a letter of claim"})
T_LOC_GOT = Text({"en": "Reply to the letter of claim within 30 days"})
T_LOC_BODY = Text(
    {
        "en": "{lead}Before suing, a business must send a Letter of Claim with a Reply Form, an information sheet "
        "and a financial statement. Reply within 30 days of the date on the letter, using the Reply Form: say "
        "whether you agree you owe the debt, owe part of it, are not sure, or dispute it, and list the documents "
        "you need (such as a copy of the agreement). If you say you are getting debt advice, the creditor should "
        "give you time and should not start court action until 30 days after it receives your completed Reply "
        "Form. Keep a copy of everything you send."
    }
)


def _letter_of_claim(ctx: CaseContext, draft: Draft) -> list[Advice]:
    if system_of(ctx) == "sct":
        return []
    got = ctx.happened(Action.LETTER_OF_CLAIM)
    if not got and draft.status(Action.LETTER_OF_CLAIM) not in SOON:
        return []
    sued = bool(ctx.happened(Action.LAWSUIT))
    lead = f"The letter of claim is dated {got[-1].day.isoformat()}. " if got else ""
    if system_of(ctx) is None:
        lead += "In England and Wales: "
    cites = _sorted(
        [ctx.cite("gb.pap_debt_claims", "3"), ctx.cite("gb.pap_debt_claims", "4"), ctx.cite("gb.cca_1974", "77(1)"), ctx.cite("gb.cca_1974", "78")]
    )
    return [
        Advice(
            "gb.advice.letter_of_claim",
            1 if got and not sued else 4,
            T_LOC_GOT if got and not sued else T_LOC,
            T_LOC_BODY,
            {"lead": lead},
            citations=cites,
        )
    ]


# -- a court claim ----------------------------------------------------------------------------

T_COURT = Text({"en": "Never ignore a court claim form"})
T_COURT_BODY = Text(
    {
        "en": "If a claim form about this debt arrives from the court, do not ignore it: respond by the deadline "
        "on it: a claim left unanswered can end in judgment without you (court procedure is not covered here). You can admit the debt and offer instalments "
        "you can afford, or defend the claim (for example if the debt is statute barred or the creditor has not "
        "given you a copy of the agreement you asked for). Get free advice first. In England and Wales a county "
        "court judgment stays on your credit file for six years, but is removed if you pay it in full within one "
        "month."
    }
)


def _court(ctx: CaseContext, draft: Draft) -> list[Advice]:
    sued = bool(ctx.happened(Action.LAWSUIT))
    if not sued and draft.status(Action.LAWSUIT) not in (OutlookStatus.LIKELY_NEXT, OutlookStatus.POSSIBLE):
        return []
    return [
        Advice(
            "gb.advice.court_claim",
            1 if sued else 5,
            T_COURT,
            T_COURT_BODY,
            citations=(ctx.cite("gb.cra_retention", "judgments"),),
            basis=Basis.ASSUMPTION,
        )
    ]


# -- complaints and the Financial Ombudsman Service -------------------------------------------

T_COMPLAIN = Text({"en": "Complain in writing, then to the Financial Ombudsman Service"})
T_COMPLAIN_BODY = Text(
    {
        "en": "{count} collection events broke the FCA's rules or the Consumer Credit Act. Complain to the firm in "
        "writing and keep a record of every call, letter and visit. If the firm's final response does not settle "
        "it, or eight weeks pass without one, you can take the complaint to the Financial Ombudsman Service free "
        "of charge; do so within six months of the final response."
    }
)
T_EA = Text({"en": "Challenge an enforcement agent who broke the rules"})
T_EA_BODY = Text(
    {
        "en": "An enforcement agent did not follow the Taking Control of Goods Regulations ({count} events). Write to "
        "the enforcement company and the creditor, keep the notice of enforcement and any paperwork, and get free "
        "advice: how to take it to court is not covered here."
    }
)


def _complain(ctx: CaseContext, draft: Draft) -> list[Advice]:
    violations = draft.violations()
    firm = [f for f in violations if not f.rule.startswith("gb.enforcement_agent.")]
    agent = [f for f in violations if f.rule.startswith("gb.enforcement_agent.")]
    out = []
    if firm:
        cites = [ctx.cite("gb.fca.disp", "2.8.1"), ctx.cite("gb.fca.disp", "2.8.2")]
        cites += [c for f in firm for c in f.citations]
        out.append(
            Advice(
                "gb.advice.complain",
                1,
                T_COMPLAIN,
                T_COMPLAIN_BODY,
                {"count": len({f.event for f in firm})},
                citations=_sorted(cites),
                because=tuple(sorted({f.rule for f in firm})),
                basis=Basis.REGULATION,
            )
        )
    if agent:
        out.append(
            Advice(
                "gb.advice.enforcement_agent",
                1,
                T_EA,
                T_EA_BODY,
                {"count": len({f.event for f in agent})},
                citations=_sorted(c for f in agent for c in f.citations),
                because=tuple(sorted({f.rule for f in agent})),
            )
        )
    return out


# -- limitation -----------------------------------------------------------------------------

T_BARRED = Text({"en": "The debt may be statute barred"})
T_BARRED_BODY = Text(
    {
        "en": "The limitation period ended on {expires}. If you are sued, say in your defence that the claim is "
        "statute barred. The debt itself still exists; if you write to the "
        "firm that you will not pay because the debt is statute barred, it must stop demanding payment, and it "
        "must not suggest court action. Get advice before you pay anything."
    }
)
T_PRESCRIBED = Text({"en": "The debt may have been extinguished"})
T_PRESCRIBED_BODY = Text(
    {
        "en": "In Scotland a debt is extinguished five years after it became enforceable if the creditor made no "
        "court claim and you did not acknowledge it. By this model's count that happened on {expires}: the debt "
        "no longer exists. Write to the firm to say so, and get advice before you pay anything."
    }
)
T_RUNNING = Text({"en": "The limitation period runs until {expires}"})
T_RUNNING_BODY = Text(
    {
        "en": "{law} By this model's count the period ends on {expires}. A payment restarts it while it runs; "
        "once it has run, a later payment does not."
    }
)


def _limitation(ctx: CaseContext, draft: Draft) -> list[Advice]:
    lim = draft.limitation
    if lim is None or ctx.case.loan.repaid_on is not None:
        return []
    params: dict[str, object] = {"expires": lim.expires.isoformat()}
    scotland = system_of(ctx) == "sct"
    if lim.expired:
        if scotland:
            return [Advice("gb.advice.prescribed", 2, T_PRESCRIBED, T_PRESCRIBED_BODY, params, citations=lim.citations)]
        cites = _sorted([*lim.citations, ctx.cite("gb.fca.conc", "7.15.7"), ctx.cite("gb.fca.conc", "7.15.8")])
        return [Advice("gb.advice.statute_barred", 2, T_BARRED, T_BARRED_BODY, params, citations=cites)]
    law = (
        "In Scotland a debt is extinguished five years after it became enforceable unless a court claim is made "
        "or you acknowledge it."
        if scotland
        else "In England and Wales a creditor must bring a court claim within six years of when it could first sue."
    )
    return [Advice("gb.advice.limitation", 7, T_RUNNING, T_RUNNING_BODY, {**params, "law": law}, citations=lim.citations)]


# -- the credit file --------------------------------------------------------------------------

T_CREDIT = Text({"en": "What happens on your credit file"})
T_CREDIT_BODY = Text(
    {
        "en": "Missed payments are reported to the credit reference agencies each month. Once the lender registers "
        "a default, it stays on your credit file for six years from the default date, whether or not you pay; "
        "paying still shows the debt as settled. This is the agencies' practice, not law."
    }
)


def _credit(ctx: CaseContext, draft: Draft) -> list[Advice]:
    if ctx.dpd <= 0 or ctx.case.loan.repaid_on is not None:
        return []
    cites = _sorted([ctx.cite("gb.cra_retention", "defaults"), ctx.cite("gb.cra_retention", "closed accounts")])
    return [Advice("gb.advice.credit_file", 6, T_CREDIT, T_CREDIT_BODY, citations=cites, basis=Basis.SELF_REGULATORY)]


# -- a copy of the agreement ----------------------------------------------------------------

T_COPY = Text({"en": "Ask for a copy of your credit agreement"})
T_COPY_BODY = Text(
    {
        "en": "You can ask the creditor in writing for a copy of your credit agreement and a statement of the "
        "account. While it fails to provide them it cannot enforce the agreement in court, and failing for a "
        "month is an offence. The debt does not go away, so keep talking to the creditor or an adviser."
    }
)
T_COPY_LATE = Text({"en": "The creditor has not answered your request for the agreement"})
T_COPY_LATE_BODY = Text(
    {
        "en": "You asked on {requested} for a copy of the agreement and a statement; the answer was due by "
        "{deadline}. Until the creditor provides them it cannot enforce the agreement in court. Remind it in "
        "writing, and raise it if you are sued."
    }
)


def _agreement(ctx: CaseContext, draft: Draft) -> list[Advice]:
    if not information_duty_applies(ctx.case.loan):
        return []
    cites = _sorted([ctx.cite("gb.cca_1974", "77(1)"), ctx.cite("gb.cca_1974", "77(4)"), ctx.cite("gb.cca_1974", "78")])
    request = unanswered_request_on(ctx, ctx.today)
    if request is not None:
        if ctx.today <= request.deadline:
            return []
        params: dict[str, object] = {"requested": request.requested.isoformat(), "deadline": request.deadline.isoformat()}
        return [Advice("gb.advice.agreement_copy.unanswered", 2, T_COPY_LATE, T_COPY_LATE_BODY, params, citations=cites)]
    court = (Action.LETTER_OF_CLAIM, Action.LAWSUIT)
    if any(draft.status(a) in SOON for a in court) and ctx.case.loan.repaid_on is None:
        return [Advice("gb.advice.agreement_copy", 5, T_COPY, T_COPY_BODY, citations=cites)]
    return []


_PARTS = (_door, _free_advice, _breathing_space, _letter_of_claim, _court, _complain, _limitation, _credit, _agreement)


def advise(ctx: CaseContext, draft: Draft) -> list[Advice]:
    """All advice for a UK case."""
    out: list[Advice] = []
    for part in _PARTS:
        out += part(ctx, draft)
    return out


ADVICE = (AdviceContributor("gb.advice", "GB", advise),)
