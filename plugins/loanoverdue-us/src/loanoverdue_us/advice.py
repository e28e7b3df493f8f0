"""Advice for consumers in the United States (English), with letters filled with the
facts of the case.

The texts and citation groups are made once (at import, or once per registry), not per
assessment; each part below picks the variant the case calls for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from loanoverdue.pack import (
    Action,
    Advice,
    AdviceContributor,
    Basis,
    CaseContext,
    Citation,
    Draft,
    Finding,
    LenderKind,
    Product,
    ProtectionKind,
    Text,
    Verdict,
)
from loanoverdue_us.facts import Cites, collector_in_charge, english, state_code, state_name
from loanoverdue_us.letters import outstanding_text
from loanoverdue_us.limitation import OPEN_END, add_years, state_limitation
from loanoverdue_us.validation import REG_F_FROM, case_validation_period, validation_notice

__all__ = ["ADVICE", "advise"]

COURT = (Action.LAWSUIT, Action.COURT_SERVICE, Action.JUDGMENT)


def _sorted_cites(cites: set[Citation]) -> tuple[Citation, ...]:
    return tuple(sorted(cites, key=lambda c: (c.instrument, c.article)))


def _rules(ids: list[str], *prefixes: str) -> tuple[str, ...]:
    """The ids of the rules with findings (``ids``: sorted, each once) whose id starts
    with one of ``prefixes``."""
    return tuple([r for r in ids if r.startswith(prefixes)])


# -- court --------------------------------------------------------------------------------

_COURT_BODY = (
    "If you are served with a summons and complaint about this debt, never ignore it: answer it in "
    "writing by the deadline it gives, or the creditor can win a default judgment, which can lead to "
    "garnishment of wages and seizure of property. A debt collector must sue in the place where you "
    "signed the contract or where you live when the suit starts. Court procedure is state law that "
    "this pack does not encode; a legal aid office or a consumer attorney can help."
)
_COURT_BARRED = (
    " The limitation period under {state} law expired on {expires}: if the debt is time-barred, say so in "
    "your answer, because the court may not raise it for you."
)
T_COURT = english("Never ignore a court summons")
T_COURT_SUED = english("A lawsuit is filed or planned: never ignore the summons")
T_COURT_BODY = english(_COURT_BODY)
T_COURT_BODY_BARRED = english(_COURT_BODY + _COURT_BARRED)
_COURT_CITES = Cites(("us.fdcpa", "1692i(a)"))
_COURT_BARRED_CITES = Cites(("us.fdcpa", "1692i(a)"), ("us.reg_f", "1006.26(b)"))  # sorted


def _court(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    sued = ctx.of(*COURT)
    lim = draft.limitation
    barred = lim is not None and lim.expired
    params: dict[str, object] = {"state": state_name(ctx)}
    if lim is not None:
        params["expires"] = lim.expires.isoformat()
    return [
        Advice(
            "us.advice.court_summons",
            1 if sued else 8,
            T_COURT_SUED if sued else T_COURT,
            T_COURT_BODY_BARRED if barred else T_COURT_BODY,
            params,
            citations=(_COURT_BARRED_CITES if barred else _COURT_CITES)(ctx),
            because=_rules(ids, "us.limitation.", "us.ca.", "us.md.", "us.tx.") if sued else (),
            basis=Basis.ASSUMPTION,
        )
    ]


# -- validation ---------------------------------------------------------------------------

T_DISPUTE_PENDING = english("You disputed the debt on {date}: collection must pause until verification")
T_DISPUTE_PENDING_BODY = english(
    "Because you disputed the debt in writing{timely}, a debt collector must stop "
    "collecting until it mails you verification of the debt (or the original creditor's "
    "name, if you asked). Calls, letters demanding payment or a lawsuit before that are not "
    "allowed: write down each one. A collector that reports the debt to a credit bureau "
    "must say that it is disputed."
)
T_PERIOD_RUNNING = english("Dispute the debt or ask for verification by {end}")
T_PERIOD_ENDED = english("The validation period ended on {end}")
_PERIOD_BODY = (
    "The collector's validation notice was provided on {notice}. It is assumed to reach you on "
    "{receipt} (5 days later, not counting Saturdays, Sundays and federal public holidays), and your "
    "validation period ends 30 days after that, on {end}. "
)
T_PERIOD_RUNNING_BODY = english(
    _PERIOD_BODY + "If you dispute the debt, or ask for the name and address of the original creditor, in "
    "writing by {end}, the collector must stop collecting until it mails you verification. "
    "Send the letter below by a method that gives you proof of delivery, and keep a copy. "
    "Not disputing is not an admission that you owe the debt."
)
T_PERIOD_ENDED_BODY = english(
    _PERIOD_BODY + "You can still dispute the debt in writing, but the collector no longer has to pause "
    "collection for it; a collector that reports the debt must say that it is disputed."
)
T_PERIOD_BEFORE_REG_F = english("Dispute the debt within 30 days after you received the validation notice")
T_PERIOD_BEFORE_REG_F_BODY = english(
    "The collector's validation notice is dated {notice}. You have 30 days after you "
    "received it to dispute the debt, or ask for the original creditor's name, in writing; "
    "the collector must then stop collecting until it mails verification. Regulation F's "
    "rule for when a notice is assumed received applies only to notices from {reg_f}, so "
    "count from the day you actually received it."
)
T_WATCH_NOTICE = english("Watch for the validation notice: you have 30 days after receiving it")
T_WATCH_NOTICE_BODY = english(
    "A debt collector must give you a written validation notice in its first "
    "communication or within 5 days after it: the amount, the creditor, and your right to "
    "dispute the debt. You then have 30 days after you receive it (assumed 5 days after it "
    "is sent, not counting weekends and federal public holidays) to dispute the debt in "
    "writing; the collector must then stop collecting until it mails verification."
)
T_VALIDATION_LETTER = english("Letter: dispute the debt and request verification")
T_VALIDATION_LETTER_BODY = english(
    "Two letters filled with the facts of this case are ready to send (see Letters): a dispute "
    "with a request for verification (kind dispute), and a request for the validation information "
    "and the original creditor's name and address (kind validation_request). Print one with "
    "loanoverdue letter CASE --kind dispute, fill in the bracketed blanks and send it by a method "
    "that gives you proof of delivery."
)
_VALIDATION_CITES = Cites(
    ("us.fdcpa", "1692g(a)"),
    ("us.fdcpa", "1692g(b)"),
    ("us.reg_f", "1006.34(b)(5)"),
    ("us.reg_f", "1006.38(c)"),
)
_DISPUTE_PENDING_CITES = Cites(*_VALIDATION_CITES.pairs, ("us.fdcpa", "1692e(8)"))
_BEFORE_REG_F_CITES = Cites(*_VALIDATION_CITES.pairs[:2])
_WATCH_NOTICE_CITES = Cites(
    ("us.fdcpa", "1692g(a)"), ("us.reg_f", "1006.34(a)(1)"), *_VALIDATION_CITES.pairs[1:]
)
_VALIDATION_LETTER_CITES = Cites(("us.fdcpa", "1692g(b)"), ("us.reg_f", "1006.38(c)"))


def _validation(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    if not collector_in_charge(ctx):
        return []
    disputed = ctx.protection(ProtectionKind.DISPUTED)
    notice = validation_notice(ctx)
    found = case_validation_period(ctx)
    if disputed is not None:
        return [
            Advice(
                "us.advice.dispute_pending",
                2,
                T_DISPUTE_PENDING,
                T_DISPUTE_PENDING_BODY,
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
                citations=_DISPUTE_PENDING_CITES(ctx),
                because=_rules(ids, "us.dispute.", "us.validation.period"),
            )
        ]
    out = []
    if found is not None:
        running = found.end >= ctx.today
        out.append(
            Advice(
                "us.advice.validation_period",
                2 if running else 7,
                T_PERIOD_RUNNING if running else T_PERIOD_ENDED,
                T_PERIOD_RUNNING_BODY if running else T_PERIOD_ENDED_BODY,
                {
                    "notice": found.provided.isoformat(),
                    "receipt": found.receipt.isoformat(),
                    "end": found.end.isoformat(),
                },
                citations=_VALIDATION_CITES(ctx),
                because=_rules(ids, "us.validation.period"),
            )
        )
        if not running:
            return out
    elif notice is not None:
        out.append(
            Advice(
                "us.advice.validation_period",
                3,
                T_PERIOD_BEFORE_REG_F,
                T_PERIOD_BEFORE_REG_F_BODY,
                {"notice": notice.day.isoformat(), "reg_f": REG_F_FROM.isoformat()},
                citations=_BEFORE_REG_F_CITES(ctx),
            )
        )
    else:
        out.append(
            Advice(
                "us.advice.validation_period",
                3,
                T_WATCH_NOTICE,
                T_WATCH_NOTICE_BODY,
                {},
                citations=_WATCH_NOTICE_CITES(ctx),
                because=_rules(ids, "us.validation.notice_timing"),
            )
        )
    out.append(
        Advice(
            "us.advice.letter.validation_request",
            3,
            T_VALIDATION_LETTER,
            T_VALIDATION_LETTER_BODY,
            {},
            citations=_VALIDATION_LETTER_CITES(ctx),
        )
    )
    return out


# -- cease communication ------------------------------------------------------------------

T_CEASE_IN_EFFECT = english("Your request of {date} to stop contact binds the collector")
T_CEASE_IN_EFFECT_BODY = english(
    "Since the collector received your written request on {date}, it may only write "
    "to say that it is ending its efforts, or that it may or will use a specific remedy such "
    "as a lawsuit. Any other call, text, e-mail or letter breaks the law: keep a record of it."
)
T_CEASE_LETTER = english("Letter: tell the collector to stop contacting you")
T_CEASE_LETTER_BODY = english(
    "You can make a debt collector stop contacting you by asking in writing. It does not "
    "cancel the debt: the collector may still tell you that it will use a remedy such as a "
    "lawsuit. A mailed request takes effect when the collector receives it; keep proof of "
    "delivery. If you want to dispute the debt, do that first (or in the same letter), within "
    "the validation period. The letter is ready to send (see Letters; print it with loanoverdue "
    "letter CASE --kind cease_communication)."
)
_CEASE_CITES = Cites(("us.fdcpa", "1692c(c)"), ("us.reg_f", "1006.6(c)"))


def _cease(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    if not collector_in_charge(ctx):
        return []
    since = ctx.protection(ProtectionKind.CEASE_REQUESTED)
    cites = _CEASE_CITES(ctx)
    if since is not None:
        return [
            Advice(
                "us.advice.cease_in_effect",
                4,
                T_CEASE_IN_EFFECT,
                T_CEASE_IN_EFFECT_BODY,
                {"date": since.isoformat()},
                citations=cites,
                because=_rules(ids, "us.cease."),
            )
        ]
    # the cease letter itself is one of the assessment's letters (letters.py)
    return [
        Advice(
            "us.advice.letter.cease_communication",
            5,
            T_CEASE_LETTER,
            T_CEASE_LETTER_BODY,
            {},
            citations=cites,
        )
    ]


# -- limitation ---------------------------------------------------------------------------

T_LIMITATION_UNKNOWN = english("Limitation period: not computed for {where}")
T_LIMITATION_UNKNOWN_BODY = english(
    "Each state sets its own limitation period for suing on a consumer debt. This pack "
    "has no period for {where}, so it does not compute one rather than guess. Ask a legal "
    "aid office or consumer attorney before you pay an old debt or agree that you owe it: in "
    "some states a payment or a written acknowledgment restarts the period."
)
T_TIME_BARRED = english("The debt appears time-barred (limitation period ended {expires})")
T_LIMITATION_RUNS = english("The limitation period runs until {expires}")
_PAYMENT = {
    True: (
        "Under {state} law a payment restarts the limitation period, even after it has run: a small "
        "'good faith' payment can give the creditor a new period to sue."
    ),
    False: (
        "Under {state} law a payment made after the period has run does not revive the debt; still, "
        "pay only on terms you have agreed in writing."
    ),
    None: (
        "This pack has no {state} rule on whether a payment restarts the period; in some states it does, "
        "so ask before paying."
    ),
}
_ACKNOWLEDGMENT = " A written acknowledgment or new promise to pay restarts it too."
#: Limitation bodies by (expired, revival by payment, revival by acknowledgment).
_LIMITATION_BODIES: dict[tuple[bool, bool | None, bool], Text] = {}


def _limitation_body(expired: bool, payment_revives: bool | None, acknowledgment_revives: bool) -> Text:
    key = (expired, payment_revives, acknowledgment_revives)
    found = _LIMITATION_BODIES.get(key)
    if found is not None:
        return found
    payment = _PAYMENT[payment_revives]
    if acknowledgment_revives:
        payment += _ACKNOWLEDGMENT
    if expired:
        body = (
            "The {years}-year limitation period under {state} law for a debt on {article} {kind} "
            "ended on {expires}. A time-barred debt still exists and collectors may ask you to pay "
            "it, but a debt collector must not sue you or threaten to sue.{barred} "
            + payment
            + " If you are sued anyway, raise the time bar in your answer."
        )
    else:
        body = (
            "Under {state} law the creditor or a collector can sue on this debt until {expires} "
            "({years} years for {article} {kind}; see the limitation note for how the date was "
            "found). After that a debt collector may not sue or threaten to sue. " + payment
        )
    found = _LIMITATION_BODIES[key] = english(body)
    return found


def _limitation(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    lim = state_limitation(ctx)
    if lim is None:
        state = state_code(ctx)
        where = state_name(ctx) if state is not None else "your state (the case gives no state)"
        return [
            Advice(
                "us.advice.limitation_unknown",
                9,
                T_LIMITATION_UNKNOWN,
                T_LIMITATION_UNKNOWN_BODY,
                {"where": where},
                basis=Basis.ASSUMPTION,
            )
        ]
    params: dict[str, object] = {
        "state": lim.state_name,
        "expires": lim.expires.isoformat(),
        "years": lim.years,
        "kind": lim.kind,
        "article": _article(lim.kind),
    }
    revival = lim.revival_by_payment
    payment_revives = True if revival is True else False if revival is False else None
    acknowledgment_revives = lim.revival_by_acknowledgment is True
    cites = _sorted_cites({*lim.citations, ctx.cite("us.reg_f", "1006.26(b)")})
    if draft.limitation is not None and draft.limitation.expired:
        barred = (
            " Suing on the debt is forbidden under {state} law."
            if lim.suit_barred
            else " A debt buyer may not sue on it under {state} law."
            if lim.debt_buyer_suit_barred
            else ""
        )
        return [
            Advice(
                "us.advice.time_barred",
                3,
                T_TIME_BARRED,
                _limitation_body(True, payment_revives, acknowledgment_revives),
                {
                    "state": params["state"],
                    "expires": params["expires"],
                    "years": params["years"],
                    "kind": params["kind"],
                    "barred": barred.replace("{state}", lim.state_name),
                    "article": params["article"],
                },
                citations=cites,
                because=_rules(ids, "us.limitation.", "us.ca.", "us.md.", "us.tx."),
            )
        ]
    return [
        Advice(
            "us.advice.limitation",
            9,
            T_LIMITATION_RUNS,
            _limitation_body(False, payment_revives, acknowledgment_revives),
            params,
            citations=cites,
        )
    ]


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


# -- complaints and records ---------------------------------------------------------------


def _year_word(years: object) -> str:
    """The word after a number of years: "year" for one (the FDCPA's period), else "years"."""
    return "year" if years == 1 else "years"


T_COMPLAIN_VIOLATIONS = english("Report the collector's violations (CFPB, state attorney general)")
T_COMPLAIN_VIOLATIONS_BODY = english(
    "The case shows likely violations of federal debt-collection law (findings: {count}). You can complain to the "
    "Consumer Financial Protection Bureau (CFPB) and to your state attorney general's office; include "
    "dates, times, the collector's name and copies of letters and messages. You can also sue the "
    "collector within {years} {year_word} of a violation (the earliest here is {first}, so by {deadline}) "
    "for your actual damages, statutory damages of up to {cap}, and costs and reasonable attorney's "
    "fees. Some findings are presumptions the collector may rebut."
)
T_COMPLAIN = english("Where to complain about a debt collector")
T_COMPLAIN_BODY = english(
    "If a debt collector calls at night, calls too often, contacts your employer or family about the "
    "debt, threatens you, or keeps collecting after you disputed the debt or asked it to stop, you can "
    "complain to the Consumer Financial Protection Bureau (CFPB) and to your state attorney general's "
    "office, and sue the collector within {years} {year_word} of the violation for actual damages, "
    "statutory damages of up to {cap}, and costs and reasonable attorney's fees."
)
_COMPLAIN_CITES = Cites(("us.fdcpa", "1692k(a)"), ("us.fdcpa", "1692k(d)"))


#: The last damages cap as text, with the very value object it was made from.
_cap_memo: tuple[object, str] = (None, "")


def _cap_text(cap: Any) -> str:
    global _cap_memo
    memo = _cap_memo
    if memo[0] is cap:
        return memo[1]
    text = f"${cap:,.0f}"
    _cap_memo = (cap, text)
    return text


def _complain(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    violation = Verdict.VIOLATION
    violations = [f for f in draft.findings if f.verdict is violation and f.rule.startswith("us.")]
    cap = ctx.param("us.damages.statutory_max")
    years = ctx.param("us.damages.claim_limitation_years")
    params: dict[str, object] = {"cap": _cap_text(cap), "years": years, "year_word": _year_word(years)}
    base = _COMPLAIN_CITES(ctx)
    if not violations:
        # one citation per article, sorted: the base citations are two articles, in order
        return [
            Advice(
                "us.advice.complain",
                10,
                T_COMPLAIN,
                T_COMPLAIN_BODY,
                params,
                citations=base,
                because=(),
            )
        ]
    events = ctx.all_events
    days = [events[f.event].day for f in violations if f.event is not None]
    first = min(days) if days else ctx.today
    deadline = add_years(first, years)
    params.update({"count": len(violations), "first": first, "deadline": deadline})
    return [
        Advice(
            "us.advice.complain",
            2,
            T_COMPLAIN_VIOLATIONS,
            T_COMPLAIN_VIOLATIONS_BODY,
            params,
            citations=_complaint_citations(ctx, base, violations),
            because=tuple(sorted({f.rule for f in violations})),
        )
    ]


def _complaint_citations(
    ctx: CaseContext, base: tuple[Citation, ...], violations: list[Finding]
) -> tuple[Citation, ...]:
    """``base`` and the citations of ``violations``, one per article (the first seen: rule
    citations carry their article's status), in the order of (instrument, article)."""
    groups = [base]
    seen: set[int] = set()  # findings of one rule mostly share one tuple of citations
    for f in violations:
        group = f.citations
        if id(group) not in seen:
            seen.add(id(group))
            groups.append(group)
    # merged once per registry for each combination of the rules' citation groups
    return ctx.shared(("us.complaint_citations", tuple(groups)), lambda: _merged(groups))


def _merged(groups: list[tuple[Citation, ...]]) -> tuple[Citation, ...]:
    cites: dict[tuple[str, str], Citation] = {}
    for group in groups:
        for c in group:
            cites.setdefault((c.instrument, c.article), c)
    return tuple(cites[k] for k in sorted(cites))


T_RECORDS = english("Keep records of every contact")
T_RECORDS_BODY = english(
    "Keep every letter, envelope, e-mail and text, and write down each call: date, time, "
    "who called, what was said. Keep copies of what you send and proof of delivery. You have "
    "{years} {year_word} from a violation to sue a debt collector, and your own records are your "
    "evidence; collectors must keep their records for 3 years after their last collection "
    "activity, and call recordings for 3 years from each call."
)
_RECORDS_CITES = Cites(("us.fdcpa", "1692k(d)"), ("us.reg_f", "1006.100(a)"), ("us.reg_f", "1006.100(b)"))


def _records(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    years = ctx.param("us.damages.claim_limitation_years")
    # the same in every case: made once per registry for each value of the parameter
    return ctx.shared(
        ("us.records_advice", years),
        lambda: [
            Advice(
                "us.advice.records",
                11,
                T_RECORDS,
                T_RECORDS_BODY,
                {"years": years, "year_word": _year_word(years)},
                citations=_RECORDS_CITES(ctx),
            )
        ],
    )


# -- credit report ------------------------------------------------------------------------

T_CREDIT = english("Charge-off and your credit report")
_CHARGE_OFF_PART = (
    "Banks charge off {charge_kind} at {charge_days} days past due: this account "
    "{verb} charged off around {charge_date}. Charge-off is how the bank books the loss; it does not by "
    "itself end the debt, and charged-off accounts are often placed with agencies or sold "
    "(practice)."
)
_RETAINED_PART = (
    "A collection or charged-off account may stay in your credit report until {until} (7 years plus "
    "180 days from the first missed payment); after that the credit bureaus must drop it. Check your "
    "reports, and dispute errors with the credit bureau."
)
#: Credit bodies by (charge-off verb or None, retention known).
_CREDIT_BODIES: dict[tuple[str | None, bool], Text] = {}
_CHARGE_OFF = {
    Product.CREDIT_CARD: (
        "us.charge_off.open_end_days",
        "open-end charge-off",
        "open-end credit such as a card",
    ),
    Product.REVOLVING: (
        "us.charge_off.open_end_days",
        "open-end charge-off",
        "open-end credit such as a card",
    ),
    Product.INSTALLMENT: ("us.charge_off.closed_end_days", "closed-end charge-off", "a closed-end loan"),
    Product.PAYDAY: ("us.charge_off.closed_end_days", "closed-end charge-off", "a closed-end loan"),
}
assert frozenset(p for p, (pid, _, _) in _CHARGE_OFF.items() if pid.endswith("open_end_days")) == OPEN_END
_FCRA = (("us.fcra", "1681c(a)(4)"), ("us.fcra", "1681c(c)(1)"))
#: The citations of the credit advice by (charge-off article or None, retention known), in
#: the order of (instrument, article).
_CREDIT_CITES = {
    (article, retained): Cites(
        *sorted(
            ((("us.ffiec.retail_credit_policy", article),) if article else ()) + (_FCRA if retained else ())
        )
    )
    for article in (None, "open-end charge-off", "closed-end charge-off")
    for retained in (False, True)
}


def _credit_body(verb: str | None, retained: bool) -> Text:
    key = (verb, retained)
    found = _CREDIT_BODIES.get(key)
    if found is None:
        parts = []
        if verb is not None:
            parts.append(_CHARGE_OFF_PART.replace("{verb}", verb))
        if retained:
            parts.append(_RETAINED_PART)
        found = _CREDIT_BODIES[key] = english(" ".join(parts))
    return found


def _credit(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    loan = ctx.case.loan
    params: dict[str, object] = {}
    verb = article = None
    if loan.lender.kind in (LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER) and loan.repaid_on is None:
        found = _CHARGE_OFF.get(loan.product)
        if found is not None:
            pid, article, kind = found
            days: int = ctx.param(pid)
            day = loan.due_date + timedelta(days=days)
            params.update({"charge_days": days, "charge_date": day.isoformat(), "charge_kind": kind})
            verb = "was" if day <= ctx.today else "will be"
    credit = draft.credit
    until = None if credit is None else credit.retained_until
    if until is not None:
        params["until"] = until.isoformat()
    elif verb is None:
        return []
    return [
        Advice(
            "us.advice.credit_report",
            7,
            T_CREDIT,
            _credit_body(verb, until is not None),
            params,
            citations=_CREDIT_CITES[(article, until is not None)](ctx),
            because=_rules(ids, "us.charge_off."),
        )
    ]


# -- who collects, repayment --------------------------------------------------------------

T_ORIGINAL_CREDITOR = english(
    "While your creditor collects itself, the federal debt-collector rules do not bind it"
)
T_ORIGINAL_CREDITOR_BODY = english(
    "The FDCPA and Regulation F bind debt collectors: agencies, debt buyers and collection "
    "law firms. {creditor} collecting its own debt in its own name is not covered, so requests "
    "that bind a collector (to stop contact, to validate the debt) do not bind it. Once the "
    "debt is placed with an agency or sold, they do. State laws that protect you more still "
    "apply."
)
_ORIGINAL_CREDITOR_CITES = Cites(
    ("us.fdcpa", "1692a(6)"), ("us.fdcpa", "1692a(6)(A)"), ("us.reg_f", "1006.104")
)


def _creditor_only(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    if collector_in_charge(ctx):
        return []
    return [
        Advice(
            "us.advice.original_creditor",
            6,
            T_ORIGINAL_CREDITOR,
            T_ORIGINAL_CREDITOR_BODY,
            {"creditor": ctx.case.loan.lender.name or "The creditor"},
            citations=_ORIGINAL_CREDITOR_CITES(ctx),
            because=_rules(ids, "us.coverage."),
        )
    ]


T_REPAYMENT_PLAN = english("If you owe the debt, ask for a written repayment plan")
T_REPAYMENT_PLAN_BODY = english(
    "You are {dpd} days past due on {amount}. If you agree that you owe it, ask the creditor "
    "or collector for a repayment plan or settlement in writing before you pay, and pay only on "
    "those written terms. Check first whether the debt is time-barred: see the limitation period."
)


def _talk(ctx: CaseContext, draft: Draft, ids: list[str]) -> list[Advice]:
    if ctx.dpd <= 0 or ctx.case.loan.repaid_on is not None:
        return []
    if draft.limitation is not None and draft.limitation.expired:
        return []  # the time-barred advice says what paying would mean
    return [
        Advice(
            "us.advice.repayment_plan",
            6,
            T_REPAYMENT_PLAN,
            T_REPAYMENT_PLAN_BODY,
            {"dpd": ctx.dpd, "amount": outstanding_text(ctx)},
            basis=Basis.ASSUMPTION,
        )
    ]


_PARTS = (_court, _validation, _cease, _limitation, _complain, _records, _credit, _creditor_only, _talk)


def advise(ctx: CaseContext, draft: Draft) -> list[Advice]:
    """All advice for a US case."""
    ids = sorted({f.rule for f in draft.findings})
    out: list[Advice] = []
    for part in _PARTS:
        out += part(ctx, draft, ids)
    return out


ADVICE = (AdviceContributor("us.advice", "US", advise),)
