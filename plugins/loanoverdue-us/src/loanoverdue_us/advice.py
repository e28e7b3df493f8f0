"""Advice for consumers in the United States (English), with letters filled with the
facts of the case."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from loanoverdue.engine.context import CaseContext
from loanoverdue.engine.draft import Draft
from loanoverdue.law import Basis, Citation
from loanoverdue.model import Action, LenderKind, Product, ProtectionKind
from loanoverdue.pack import AdviceContributor
from loanoverdue.results import Advice
from loanoverdue_us.facts import cite, collector_in_charge, english, state_code, state_name
from loanoverdue_us.letters import amount_text, cease_letter, validation_request_letter
from loanoverdue_us.limitation import OPEN_END, add_years, state_limitation
from loanoverdue_us.validation import REG_F_FROM, case_validation_period, validation_notice

__all__ = ["ADVICE", "advise"]

COURT = (Action.LAWSUIT, Action.COURT_SERVICE, Action.JUDGMENT)


def _sorted_cites(cites: set[Citation]) -> tuple[Citation, ...]:
    return tuple(sorted(cites, key=lambda c: (c.instrument, c.article)))


def _rules(draft: Draft, *prefixes: str) -> tuple[str, ...]:
    """The ids of the rules with findings whose id starts with one of ``prefixes``."""
    return tuple(sorted({f.rule for f in draft.findings if f.rule.startswith(prefixes)}))


def _court(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    sued = ctx.of(*COURT)
    lim = draft.limitation
    barred = (
        " The limitation period under {state} law expired on {expires}: if the debt is time-barred, say so in "
        "your answer, because the court may not raise it for you."
        if lim is not None and lim.expired
        else ""
    )
    params: dict[str, object] = {"state": state_name(ctx)}
    if lim is not None:
        params["expires"] = lim.expires.isoformat()
    body = (
        "If you are served with a summons and complaint about this debt, never ignore it: answer it in "
        "writing by the deadline it gives, or the creditor can win a default judgment, which can lead to "
        "garnishment of wages and seizure of property. A debt collector must sue in the place where you "
        "signed the contract or where you live when the suit starts. Court procedure is state law that "
        "this pack does not encode; a legal aid office or a consumer attorney can help." + barred
    )
    cites = {cite(ctx, "us.fdcpa", "1692i(a)")}
    if barred:
        cites.add(cite(ctx, "us.reg_f", "1006.26(b)"))
    yield Advice(
        "us.advice.court_summons",
        1 if sued else 8,
        english(
            "Never ignore a court summons"
            if not sued
            else "A lawsuit is filed or planned: never ignore the summons"
        ),
        english(body),
        params,
        citations=_sorted_cites(cites),
        because=_rules(draft, "us.limitation.", "us.ca.", "us.md.", "us.tx.") if sued else (),
        basis=Basis.ASSUMPTION,
    )


def _validation(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    if not collector_in_charge(ctx):
        return
    disputed = ctx.protection(ProtectionKind.DISPUTED)
    notice = validation_notice(ctx)
    found = case_validation_period(ctx)
    cites = (
        cite(ctx, "us.fdcpa", "1692g(a)"),
        cite(ctx, "us.fdcpa", "1692g(b)"),
        cite(ctx, "us.reg_f", "1006.34(b)(5)"),
        cite(ctx, "us.reg_f", "1006.38(c)"),
    )
    because = _rules(draft, "us.validation.period")
    if disputed is not None:
        yield Advice(
            "us.advice.dispute_pending",
            2,
            english("You disputed the debt on {date}: collection must pause until verification"),
            english(
                "Because you disputed the debt in writing{timely}, a debt collector must stop "
                "collecting until it mails you verification of the debt (or the original creditor's "
                "name, if you asked). Calls, letters demanding payment or a lawsuit before that are not "
                "allowed: write down each one. A collector that reports the debt to a credit bureau "
                "must say that it is disputed."
            ),
            {
                "date": disputed.isoformat(),
                "timely": ""
                if found is None
                else (
                    f" within the validation period (which "
                    f"{'ends' if found.end >= ctx.today else 'ended'} on {found.end.isoformat()})"
                    if disputed <= found.end
                    else f" after the validation period ended on {found.end.isoformat()} (collection "
                    f"need not stop then, but the debt must be reported as disputed)"
                ),
            },
            citations=(*cites, cite(ctx, "us.fdcpa", "1692e(8)")),
            because=_rules(draft, "us.dispute.", "us.validation.period"),
        )
        return
    if found is not None:
        running = found.end >= ctx.today
        title = (
            "Dispute the debt or ask for verification by {end}"
            if running
            else "The validation period ended on {end}"
        )
        body = (
            "The collector's validation notice was provided on {notice}. It is assumed to reach you on "
            "{receipt} (5 days later, not counting Saturdays, Sundays and federal public holidays), and your "
            "validation period ends 30 days after that, on {end}. "
            + (
                "If you dispute the debt, or ask for the name and address of the original creditor, in "
                "writing by {end}, the collector must stop collecting until it mails you verification. "
                "Send the letter below by a method that gives you proof of delivery, and keep a copy. "
                "Not disputing is not an admission that you owe the debt."
                if running
                else "You can still dispute the debt in writing, but the collector no longer has to pause "
                "collection for it; a collector that reports the debt must say that it is disputed."
            )
        )
        yield Advice(
            "us.advice.validation_period",
            2 if running else 7,
            english(title),
            english(body),
            {
                "notice": found.provided.isoformat(),
                "receipt": found.receipt.isoformat(),
                "end": found.end.isoformat(),
            },
            citations=cites,
            because=because,
        )
        if not running:
            return
    elif notice is not None:
        yield Advice(
            "us.advice.validation_period",
            3,
            english("Dispute the debt within 30 days after you received the validation notice"),
            english(
                "The collector's validation notice is dated {notice}. You have 30 days after you "
                "received it to dispute the debt, or ask for the original creditor's name, in writing; "
                "the collector must then stop collecting until it mails verification. Regulation F's "
                "rule for when a notice is assumed received applies only to notices from {reg_f}, so "
                "count from the day you actually received it."
            ),
            {"notice": notice.day.isoformat(), "reg_f": REG_F_FROM.isoformat()},
            citations=cites[:2],
        )
    else:
        yield Advice(
            "us.advice.validation_period",
            3,
            english("Watch for the validation notice: you have 30 days after receiving it"),
            english(
                "A debt collector must give you a written validation notice in its first "
                "communication or within 5 days after it: the amount, the creditor, and your right to "
                "dispute the debt. You then have 30 days after you receive it (assumed 5 days after it "
                "is sent, not counting weekends and federal public holidays) to dispute the debt in "
                "writing; the collector must then stop collecting until it mails verification."
            ),
            {},
            citations=(cite(ctx, "us.fdcpa", "1692g(a)"), cite(ctx, "us.reg_f", "1006.34(a)(1)"), *cites[1:]),
            because=_rules(draft, "us.validation.notice_timing"),
        )
    template, params = validation_request_letter(ctx, notice.day if notice is not None else None)
    yield Advice(
        "us.advice.letter.validation_request",
        3,
        english("Letter: dispute the debt and request verification"),
        template,
        params,
        citations=(cite(ctx, "us.fdcpa", "1692g(b)"), cite(ctx, "us.reg_f", "1006.38(c)")),
    )


def _cease(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    if not collector_in_charge(ctx):
        return
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    cites = (cite(ctx, "us.fdcpa", "1692c(c)"), cite(ctx, "us.reg_f", "1006.6(c)"))
    if since is not None:
        yield Advice(
            "us.advice.cease_in_effect",
            4,
            english("Your request of {date} to stop contact binds the collector"),
            english(
                "Since the collector received your written request on {date}, it may only write "
                "to say that it is ending its efforts, or that it may or will use a specific remedy such "
                "as a lawsuit. Any other call, text, e-mail or letter breaks the law: keep a record of it."
            ),
            {"date": since.isoformat()},
            citations=cites,
            because=_rules(draft, "us.cease."),
        )
        return
    template, params = cease_letter(ctx)
    yield Advice(
        "us.advice.letter.cease_communication",
        5,
        english("Letter: tell the collector to stop contacting you"),
        english(
            "You can make a debt collector stop contacting you by asking in writing. It does not "
            "cancel the debt: the collector may still tell you that it will use a remedy such as a "
            "lawsuit. A mailed request takes effect when the collector receives it; keep proof of "
            "delivery. If you want to dispute the debt, do that first (or in the same letter), within "
            "the validation period.\n\n" + template.en
        ),
        params,
        citations=cites,
    )


def _limitation(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    lim = state_limitation(ctx)
    if lim is None:
        state = state_code(ctx)
        where = state_name(ctx) if state is not None else "your state (the case gives no state)"
        yield Advice(
            "us.advice.limitation_unknown",
            9,
            english("Limitation period: not computed for {where}"),
            english(
                "Each state sets its own limitation period for suing on a consumer debt. This pack "
                "has no period for {where}, so it does not compute one rather than guess. Ask a legal "
                "aid office or consumer attorney before you pay an old debt or agree that you owe it: in "
                "some states a payment or a written acknowledgment restarts the period."
            ),
            {"where": where},
            basis=Basis.ASSUMPTION,
        )
        return
    params: dict[str, object] = {
        "state": lim.state_name,
        "expires": lim.expires.isoformat(),
        "years": lim.years,
        "kind": lim.kind,
    }
    if lim.revival_by_payment is True:
        payment = (
            "Under {state} law a payment restarts the limitation period, even after it has run: a small "
            "'good faith' payment can give the creditor a new period to sue."
        )
    elif lim.revival_by_payment is False:
        payment = (
            "Under {state} law a payment made after the period has run does not revive the debt; still, "
            "pay only on terms you have agreed in writing."
        )
    else:
        payment = (
            "This pack has no {state} rule on whether a payment restarts the period; in some states it does, "
            "so ask before paying."
        )
    if lim.revival_by_acknowledgment is True:
        payment += " A written acknowledgment or new promise to pay restarts it too."
    if draft.limitation is not None and draft.limitation.expired:
        barred = (
            " Suing on the debt is forbidden under {state} law."
            if lim.suit_barred
            else " A debt buyer may not sue on it under {state} law."
            if lim.debt_buyer_suit_barred
            else ""
        )
        yield Advice(
            "us.advice.time_barred",
            3,
            english("The debt appears time-barred (limitation period ended {expires})"),
            english(
                "The {years}-year limitation period under {state} law for a debt on {article} {kind} "
                "ended on {expires}. A time-barred debt still exists and collectors may ask you to pay "
                "it, but a debt collector must not sue you or threaten to sue.{barred} "
                + payment
                + " If you are sued anyway, raise the time bar in your answer."
            ),
            {**params, "barred": barred.replace("{state}", lim.state_name), "article": _article(lim.kind)},
            citations=_sorted_cites({*lim.citations, cite(ctx, "us.reg_f", "1006.26(b)")}),
            because=_rules(draft, "us.limitation.", "us.ca.", "us.md.", "us.tx."),
        )
    else:
        yield Advice(
            "us.advice.limitation",
            9,
            english("The limitation period runs until {expires}"),
            english(
                "Under {state} law the creditor or a collector can sue on this debt until {expires} "
                "({years} years for {article} {kind}; see the limitation note for how the date was "
                "found). After that a debt collector may not sue or threaten to sue. " + payment
            ),
            {**params, "article": _article(lim.kind)},
            citations=_sorted_cites({*lim.citations, cite(ctx, "us.reg_f", "1006.26(b)")}),
        )


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def _complain(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    violations = [f for f in draft.violations() if f.rule.startswith("us.")]
    cap = ctx.param("us.damages.statutory_max")
    years = ctx.param("us.damages.claim_limitation_years")
    # one citation per article (rule citations carry their article's status)
    cites = {
        (c.instrument, c.article): c
        for c in (cite(ctx, "us.fdcpa", "1692k(a)"), cite(ctx, "us.fdcpa", "1692k(d)"))
    }
    params: dict[str, object] = {"cap": f"${cap:,.0f}", "years": years}
    if violations:
        days = [ctx.all_events[f.event].day for f in violations if f.event is not None]
        first = min(days) if days else ctx.today
        deadline = add_years(first, years)
        for f in violations:
            for c in f.citations:
                cites.setdefault((c.instrument, c.article), c)
        params.update({"count": len(violations), "first": first, "deadline": deadline})
        body = (
            "The case shows likely violations of federal debt-collection law (findings: {count}). You can complain to the "
            "Consumer Financial Protection Bureau (CFPB) and to your state attorney general's office; include "
            "dates, times, the collector's name and copies of letters and messages. You can also sue the "
            "collector within {years} year of a violation (the earliest here is {first}, so by {deadline}) "
            "for your actual damages, statutory damages of up to {cap}, and costs and reasonable attorney's "
            "fees. Some findings are presumptions the collector may rebut."
        )
        title = "Report the collector's violations (CFPB, state attorney general)"
        priority = 2
    else:
        body = (
            "If a debt collector calls at night, calls too often, contacts your employer or family about the "
            "debt, threatens you, or keeps collecting after you disputed the debt or asked it to stop, you can "
            "complain to the Consumer Financial Protection Bureau (CFPB) and to your state attorney general's "
            "office, and sue the collector within {years} year of the violation for actual damages, "
            "statutory damages of up to {cap}, and costs and reasonable attorney's fees."
        )
        title = "Where to complain about a debt collector"
        priority = 10
    yield Advice(
        "us.advice.complain",
        priority,
        english(title),
        english(body),
        params,
        citations=tuple(cites[key] for key in sorted(cites)),
        because=tuple(sorted({f.rule for f in violations})),
    )


def _records(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    years = ctx.param("us.damages.claim_limitation_years")
    yield Advice(
        "us.advice.records",
        11,
        english("Keep records of every contact"),
        english(
            "Keep every letter, envelope, e-mail and text, and write down each call: date, time, "
            "who called, what was said. Keep copies of what you send and proof of delivery. You have "
            "{years} year from a violation to sue a debt collector, and your own records are your "
            "evidence; collectors must keep their records for 3 years after their last collection "
            "activity, and call recordings for 3 years from each call."
        ),
        {"years": years},
        citations=(
            cite(ctx, "us.fdcpa", "1692k(d)"),
            cite(ctx, "us.reg_f", "1006.100(a)"),
            cite(ctx, "us.reg_f", "1006.100(b)"),
        ),
    )


def _credit(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    loan = ctx.case.loan
    parts: list[str] = []
    cites: set[Citation] = set()
    params: dict[str, object] = {}
    if loan.lender.kind in (LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER) and loan.repaid_on is None:
        if loan.product in OPEN_END:
            pid, article, kind = (
                "us.charge_off.open_end_days",
                "open-end charge-off",
                "open-end credit such as a card",
            )
        elif loan.product in (Product.INSTALLMENT, Product.PAYDAY):
            pid, article, kind = "us.charge_off.closed_end_days", "closed-end charge-off", "a closed-end loan"
        else:
            pid = ""
        if pid:
            days: int = ctx.param(pid)
            day = loan.due_date + timedelta(days=days)
            params.update({"charge_days": days, "charge_date": day.isoformat(), "charge_kind": kind})
            verb = "was" if day <= ctx.today else "will be"
            parts.append(
                "Banks charge off {charge_kind} at {charge_days} days past due: this account "
                + verb
                + " charged off around {charge_date}. Charge-off is how the bank books the loss; it does not by "
                "itself end the debt, and charged-off accounts are often placed with agencies or sold "
                "(practice)."
            )
            cites.add(cite(ctx, "us.ffiec.retail_credit_policy", article))
    if draft.credit is not None and draft.credit.retained_until is not None:
        params["until"] = draft.credit.retained_until.isoformat()
        parts.append(
            "A collection or charged-off account may stay in your credit report until {until} (7 years plus "
            "180 days from the first missed payment); after that the credit bureaus must drop it. Check your "
            "reports, and dispute errors with the credit bureau."
        )
        cites.update({cite(ctx, "us.fcra", "1681c(a)(4)"), cite(ctx, "us.fcra", "1681c(c)(1)")})
    if not parts:
        return
    yield Advice(
        "us.advice.credit_report",
        7,
        english("Charge-off and your credit report"),
        english(" ".join(parts)),
        params,
        citations=_sorted_cites(cites),
        because=_rules(draft, "us.charge_off."),
    )


def _creditor_only(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    if collector_in_charge(ctx):
        return
    yield Advice(
        "us.advice.original_creditor",
        6,
        english("While your creditor collects itself, the federal debt-collector rules do not bind it"),
        english(
            "The FDCPA and Regulation F bind debt collectors: agencies, debt buyers and collection "
            "law firms. {creditor} collecting its own debt in its own name is not covered, so requests "
            "that bind a collector (to stop contact, to validate the debt) do not bind it. Once the "
            "debt is placed with an agency or sold, they do. State laws that protect you more still "
            "apply."
        ),
        {"creditor": ctx.case.loan.lender.name or "The creditor"},
        citations=(
            cite(ctx, "us.fdcpa", "1692a(6)"),
            cite(ctx, "us.fdcpa", "1692a(6)(A)"),
            cite(ctx, "us.reg_f", "1006.104"),
        ),
        because=_rules(draft, "us.coverage."),
    )


def _talk(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    if ctx.dpd <= 0 or ctx.case.loan.repaid_on is not None:
        return
    if draft.limitation is not None and draft.limitation.expired:
        return  # the time-barred advice says what paying would mean
    yield Advice(
        "us.advice.repayment_plan",
        6,
        english("If you owe the debt, ask for a written repayment plan"),
        english(
            "You are {dpd} days past due on {amount}. If you agree that you owe it, ask the creditor "
            "or collector for a repayment plan or settlement in writing before you pay, and pay only on "
            "those written terms. Check first whether the debt is time-barred: see the limitation period."
        ),
        {"dpd": ctx.dpd, "amount": amount_text(ctx.case.loan.outstanding)},
        basis=Basis.ASSUMPTION,
    )


_PARTS = (_court, _validation, _cease, _limitation, _complain, _records, _credit, _creditor_only, _talk)


def advise(ctx: CaseContext, draft: Draft) -> Iterator[Advice]:
    """All advice for a US case."""
    for part in _PARTS:
        yield from part(ctx, draft)


ADVICE = (AdviceContributor("us.advice", "US", advise),)
