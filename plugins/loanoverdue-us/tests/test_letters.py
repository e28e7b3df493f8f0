"""The letters of the US pack: filled with the facts of the case, blanks bracketed."""

from __future__ import annotations

import locale
import re
from datetime import date
from typing import Any

import loanoverdue_us
import pytest
from loanoverdue_us.letters import amount_text, long_date

import loanoverdue
from loanoverdue import Money, Registry

CASE: dict[str, Any] = {
    "as_of": "2026-02-25T12:00:00-05:00",
    "borrower": {"jurisdiction": "US-NY", "timezone": "America/New_York"},
    "loan": {
        "product": "credit_card",
        "principal": "3100",
        "outstanding": "3480.12",
        "currency": "USD",
        "due_date": "2025-10-01",
        "lender": {"kind": "bank", "name": "Example Bank N.A."},
    },
    "events": [
        {
            "at": "2026-02-12T10:00:00-05:00",
            "action": "letter",
            "actor": "collection_agency",
            "outcome": "delivered",
            "purpose": "validation_notice",
        }
    ],
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_us.PACK], entry_points=False)


def _assess(registry: Registry, data: dict[str, Any]) -> loanoverdue.Assessment:
    return loanoverdue.assess(loanoverdue.load_case(data), registry)


def _advice(registry: Registry, data: dict[str, Any]) -> dict[str, str]:
    return {a.id: a.render_body("en") for a in _assess(registry, data).advice}


def _letter(registry: Registry, data: dict[str, Any], kind: str) -> str:
    from loanoverdue.render.letter import render_letter

    # the text as one line: wrapping must not decide what a test finds
    return " ".join(render_letter(_assess(registry, data), kind, "en").split())


def _blanks(text: str) -> set[str]:
    return set(re.findall(r"\[([^\]]+)\]", text))


def test_dispute_letter(registry: Registry) -> None:
    letter = _letter(registry, CASE, "dispute")
    assert "February 25, 2026" in letter  # the date of the letter: as_of
    assert "your notice dated February 12, 2026" in letter
    assert "Debt you say I owe to Example Bank N.A." in letter
    assert "amount claimed $3,480.12" in letter
    assert "I dispute this debt" in letter and "verification" in letter
    assert "report that I dispute it" in letter
    assert "not an acknowledgment" in letter
    assert "15 U.S.C. 1692g(b)" in letter
    assert "{" not in letter and "}" not in letter
    assert _blanks(letter) == {
        "Your name",
        "Your address",
        "Name and address of the debt collector",
        "account number",
        "Your signature",
        "brackets",  # the note: "fill in the blanks in [brackets]"
    }
    # sent within the validation period, whose computed end the note gives
    assert "Send it by March 22, 2026" in letter
    assert "2026-03-22" in _advice(registry, CASE)["us.advice.validation_period"]


def test_validation_request_letter(registry: Registry) -> None:
    letter = _letter(registry, CASE, "validation_request")
    assert "name and address of the original creditor" in letter
    assert "15 U.S.C. 1692g(a)" in letter and "12 CFR 1006.34" in letter
    assert "your notice dated February 12, 2026" in letter
    # the advice points to the letters instead of carrying their text
    advice = _advice(registry, CASE)["us.advice.letter.validation_request"]
    assert "--kind dispute" in advice and "I dispute this debt" not in advice


def test_cease_letter(registry: Registry) -> None:
    body = _letter(registry, CASE, "cease_communication")
    assert "stop all communication with me about this debt" in body
    assert "15 U.S.C. 1692c(c)" in body and "12 CFR 1006.6(c)" in body
    assert "Example Bank N.A." in body and "$3,480.12" in body and "February 25, 2026" in body
    assert "does not cancel the debt" in body
    assert "{" not in body


def test_letters_without_a_creditor_name_or_notice(registry: Registry) -> None:
    data = {**CASE, "loan": {**CASE["loan"], "lender": {"kind": "bank"}}}
    data["events"] = [
        {
            "at": "2026-02-12T10:00:00-05:00",
            "action": "call",
            "actor": "collection_agency",
            "outcome": "connected",
        }
    ]
    letter = _letter(registry, data, "dispute")
    assert "[name of the creditor]" in letter
    assert "your notice dated" not in letter


def test_no_letters_while_only_the_creditor_collects(registry: Registry) -> None:
    data = {**CASE, "events": []}
    result = _assess(registry, data)
    assert result.letters == ()
    advice = {a.id for a in result.advice}
    assert "us.advice.letter.validation_request" not in advice
    assert "us.advice.letter.cease_communication" not in advice
    assert "us.advice.original_creditor" in advice


def test_no_dispute_or_cease_letter_once_sent(registry: Registry) -> None:
    data = {
        **CASE,
        "borrower": {
            **CASE["borrower"],
            "protections": [
                {"kind": "disputed", "since": "2026-02-20"},
                {"kind": "cease_requested", "since": "2026-02-21"},
            ],
        },
    }
    assert _assess(registry, data).letters == ()


def test_letters_are_english_only(registry: Registry) -> None:
    from loanoverdue.render.letter import render_letter

    result = _assess(registry, CASE)
    assert {x.kind for x in result.letters} == {"dispute", "validation_request", "cease_communication"}
    with pytest.raises(loanoverdue.InvalidInputError, match="written in en only"):
        render_letter(result, "dispute", "zh-CN")


def test_amounts_and_dates() -> None:
    assert amount_text(Money("1234567.5", "USD")) == "$1,234,567.50"
    assert amount_text(Money("90", "EUR")) == "90.00 EUR"
    assert long_date(date(2026, 3, 9)) == "March 9, 2026"


def test_dates_do_not_follow_the_process_locale() -> None:
    before = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert long_date(date(2026, 12, 1)) == "December 1, 2026"
    finally:
        locale.setlocale(locale.LC_TIME, before)
