"""Letters a consumer can send a debt collector, filled with the facts of the case.

Three kinds, each a :class:`~loanoverdue.results.Letter` in the assessment's
``letters`` (the advice says when to send which):

- ``dispute``: a written dispute with a request for verification (15 U.S.C. 1692g(b),
  12 CFR 1006.38(c)), and a reminder that a reported debt must show as disputed
  (1692e(8));
- ``validation_request``: a request for the validation information and the name and
  address of the original creditor (1692g(a), 12 CFR 1006.34);
- ``cease_communication``: a written request to stop communicating (1692c(c),
  12 CFR 1006.6(c)).

What the case does not know (the consumer's name and address, the collector's name and
address, the account number) is left as a bracketed blank to fill in. The letters are
written in English only.
"""

from __future__ import annotations

from datetime import date

from loanoverdue.pack import Basis, CaseContext, Draft, Letter, LetterWriter, Money, ProtectionKind, Text
from loanoverdue_us.facts import Cites, collector_in_charge
from loanoverdue_us.validation import case_validation_period, validation_notice

__all__ = [
    "KINDS",
    "LETTERS",
    "amount_text",
    "creditor_text",
    "letter_params",
    "long_date",
    "outstanding_text",
    "write",
]

KINDS = ("dispute", "validation_request", "cease_communication")

SENDER = (Text("[Your name]"), Text("[Your address]"), Text(""), Text("{today}"))
TO = Text("To: [Name and address of the debt collector]")
SUBJECT = Text("Re: Debt you say I owe to {creditor}, account [account number], amount claimed {amount}")
NOT_AN_ACKNOWLEDGMENT = Text(
    "This letter is not an acknowledgment that I owe this debt and is not a promise to pay it."
)
SIGN_OFF = Text("[Your signature]")
REFERENCE = Text("{reference}")

DISPUTE_TITLE = Text("Dispute the debt and request verification")
DISPUTE = (
    REFERENCE,
    Text(
        "I dispute this debt. Please send me verification of it: the amount claimed and how it was "
        "calculated, and the name and address of the original creditor. Until you have mailed me "
        "verification, stop your efforts to collect this debt, as 15 U.S.C. 1692g(b) and "
        "12 CFR 1006.38 require."
    ),
    Text(
        "If you report this debt to a credit bureau, you must report that I dispute it "
        "(15 U.S.C. 1692e(8))."
    ),
    NOT_AN_ACKNOWLEDGMENT,
)
DISPUTE_NOTE = Text(
    "Send it{by} by a method that gives you proof of delivery, and keep a copy. A dispute made in "
    "writing within the validation period makes the collector stop collecting until it mails you "
    "verification. Not disputing is not an admission that you owe the debt."
)
_DISPUTE_CITES = Cites(("us.fdcpa", "1692e(8)"), ("us.fdcpa", "1692g(b)"), ("us.reg_f", "1006.38(c)"))

VALIDATION_TITLE = Text("Request for validation information and the original creditor")
VALIDATION_REQUEST = (
    REFERENCE,
    Text(
        "Please send me in writing the validation information about this debt that 15 U.S.C. 1692g(a) "
        "and 12 CFR 1006.34 require: the amount of the debt and how it is itemized, the name of the "
        "creditor to whom it is owed, and the name and address of the original creditor, if different "
        "from the current creditor. If this request reaches you within the validation period, stop "
        "collecting the debt until you have mailed me the name and address of the original creditor "
        "(15 U.S.C. 1692g(b))."
    ),
    NOT_AN_ACKNOWLEDGMENT,
)
VALIDATION_NOTE = Text(
    "Use it when you have not received a validation notice, or do not know who the original "
    "creditor is. To dispute the debt, send the dispute letter instead or as well. Send it by a "
    "method that gives you proof of delivery, and keep a copy."
)
_VALIDATION_CITES = Cites(
    ("us.fdcpa", "1692g(a)"), ("us.fdcpa", "1692g(b)"), ("us.reg_f", "1006.34(a)(1)"), ("us.reg_f", "1006.34(c)")
)

CEASE_TITLE = Text("Tell the collector to stop contacting you")
CEASE = (
    Text(
        "I request that you stop all communication with me about this debt. Under 15 U.S.C. 1692c(c) "
        "and 12 CFR 1006.6(c), after this letter you may contact me only to tell me that you are ending "
        "your efforts to collect the debt, or that you or the creditor may use, or will use, a specific "
        "remedy."
    ),
    NOT_AN_ACKNOWLEDGMENT,
)
CEASE_NOTE = Text(
    "Asking in writing makes a debt collector stop contacting you. It does not cancel the debt: the "
    "collector may still tell you that it will use a remedy such as a lawsuit. A mailed request "
    "takes effect when the collector receives it; keep proof of delivery. If you want to dispute "
    "the debt, do that first (or in the same envelope), within the validation period."
)
_CEASE_CITES = Cites(("us.fdcpa", "1692c(c)"), ("us.reg_f", "1006.6(c)"))


def long_date(day: date) -> str:
    """``March 9, 2026`` (independent of the process locale): the core's
    :func:`~loanoverdue.pack.long_date` in English, loaded on the first letter (the
    pack's modules are imported when the registry is built, which writes no date)."""
    from loanoverdue.pack import long_date as written

    return written(day)


def amount_text(money: Money) -> str:
    """``$3,480.12`` for US dollars, otherwise the amount with its currency."""
    if money.currency == "USD":
        return f"${money.amount:,.2f}"
    return str(money)


def creditor_text(ctx: CaseContext) -> str:
    """The creditor's name as the case gives it, or a blank to fill in."""
    return ctx.case.loan.lender.name or "[name of the creditor]"


def _letter_facts(ctx: CaseContext) -> dict[str, str]:
    return {
        "today": long_date(ctx.today),
        "creditor": creditor_text(ctx),
        "amount": amount_text(ctx.case.loan.outstanding),
    }


_LETTER_FACTS = "us.letter_facts"


def letter_params(ctx: CaseContext) -> dict[str, object]:
    """The facts every letter uses: today's date, the creditor and the amount (worked
    out once per assessment; a new dict each time)."""
    return dict(ctx.once(_LETTER_FACTS, _letter_facts))


def outstanding_text(ctx: CaseContext) -> str:
    """The case's outstanding amount as :func:`amount_text` writes it."""
    return ctx.once(_LETTER_FACTS, _letter_facts)["amount"]


def _reference(notice: date | None) -> str:
    if notice is None:
        return ""
    return f"I am writing about your notice dated {long_date(notice)}."


def write(ctx: CaseContext, draft: Draft) -> list[Letter]:
    """The letters for a debt that a debt collector (an agency, a debt buyer, a
    collection law firm) collects: the dispute and the validation request unless the
    consumer has already disputed, the cease letter unless they have already asked to
    stop. None while only the original creditor collects (the FDCPA does not bind it)."""
    if not collector_in_charge(ctx):
        return []
    params = letter_params(ctx)
    notice = validation_notice(ctx)
    params["reference"] = _reference(notice.day if notice is not None else None)
    out: list[Letter] = []
    common = {"sender": SENDER, "to": TO, "subject": SUBJECT, "sign_off": SIGN_OFF, "day": ctx.today}
    if ctx.protection(ProtectionKind.DISPUTED) is None:
        period = case_validation_period(ctx)
        by = f" by {long_date(period.end)}" if period is not None and period.end >= ctx.today else ""
        out.append(
            Letter(
                id="us.letter.dispute",
                kind="dispute",
                title=DISPUTE_TITLE,
                body=DISPUTE,
                params=params,
                note=Text(DISPUTE_NOTE.en.replace("{by}", by)),
                citations=_DISPUTE_CITES(ctx),
                **common,  # type: ignore[arg-type]
            )
        )
        out.append(
            Letter(
                id="us.letter.validation_request",
                kind="validation_request",
                title=VALIDATION_TITLE,
                body=VALIDATION_REQUEST,
                params=params,
                note=VALIDATION_NOTE,
                citations=_VALIDATION_CITES(ctx),
                **common,  # type: ignore[arg-type]
            )
        )
    if ctx.protection(ProtectionKind.CEASE_REQUESTED) is None:
        out.append(
            Letter(
                id="us.letter.cease_communication",
                kind="cease_communication",
                title=CEASE_TITLE,
                body=CEASE,
                params=params,
                note=CEASE_NOTE,
                citations=_CEASE_CITES(ctx),
                basis=Basis.LAW,
                **common,  # type: ignore[arg-type]
            )
        )
    return out


LETTERS = (LetterWriter("us.letters", "US", KINDS, write),)
