"""Letters a consumer can send a debt collector, filled with the facts of the case.

Each function returns the letter as a template and the values that fill it, so the letter
travels as an advice body (``Advice.body`` and ``Advice.params``) and renders in the
assessment like any other text. What the case does not know (the consumer's name and
address, the collector's name and address, the account number) is left as a bracketed
blank to fill in.
"""

from __future__ import annotations

from datetime import date

from loanoverdue.pack import CaseContext, Money, Text

__all__ = [
    "amount_text",
    "cease_letter",
    "creditor_text",
    "letter_params",
    "long_date",
    "outstanding_text",
    "validation_request_letter",
]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

VALIDATION_REQUEST = Text(
    {
        "en": (
            "[Your name]\n"
            "[Your address]\n"
            "\n"
            "{today}\n"
            "\n"
            "To: [Name and address of the debt collector]\n"
            "Re: Debt you say I owe to {creditor}, account [account number], amount claimed {amount}\n"
            "\n"
            "{reference}"
            "I dispute this debt. Please send me verification of it: the amount claimed and how it was "
            "calculated, and the name and address of the original creditor. Until you have mailed me "
            "verification, stop your efforts to collect this debt, as 15 U.S.C. 1692g(b) and "
            "12 CFR 1006.38 require.\n"
            "\n"
            "This letter is not an acknowledgment that I owe this debt and is not a promise to pay it.\n"
            "\n"
            "[Your signature]"
        )
    }
)

CEASE = Text(
    {
        "en": (
            "[Your name]\n"
            "[Your address]\n"
            "\n"
            "{today}\n"
            "\n"
            "To: [Name and address of the debt collector]\n"
            "Re: Debt you say I owe to {creditor}, account [account number], amount claimed {amount}\n"
            "\n"
            "I request that you stop all communication with me about this debt. Under 15 U.S.C. 1692c(c) "
            "and 12 CFR 1006.6(c), after this letter you may contact me only to tell me that you are ending "
            "your efforts to collect the debt, or that you or the creditor may use, or will use, a specific "
            "remedy.\n"
            "\n"
            "This letter is not an acknowledgment that I owe this debt and is not a promise to pay it.\n"
            "\n"
            "[Your signature]"
        )
    }
)


def long_date(day: date) -> str:
    """``March 9, 2026`` (independent of the process locale)."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


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
    return dict(ctx.derived(_LETTER_FACTS, _letter_facts))


def outstanding_text(ctx: CaseContext) -> str:
    """The case's outstanding amount as :func:`amount_text` writes it."""
    return ctx.derived(_LETTER_FACTS, _letter_facts)["amount"]


def validation_request_letter(ctx: CaseContext, notice: date | None) -> tuple[Text, dict[str, object]]:
    """A dispute and request for verification, referring to the validation notice of
    ``notice`` when there is one."""
    params = letter_params(ctx)
    params["reference"] = (
        f"I am writing about your notice dated {long_date(notice)}.\n\n" if notice is not None else ""
    )
    return VALIDATION_REQUEST, params


def cease_letter(ctx: CaseContext) -> tuple[Text, dict[str, object]]:
    """A written request to stop communicating (15 U.S.C. 1692c(c), 12 CFR 1006.6(c))."""
    return CEASE, letter_params(ctx)
