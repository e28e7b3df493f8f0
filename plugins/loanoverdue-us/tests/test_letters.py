"""The letters the advice carries: filled with the facts of the case, blanks bracketed."""

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


def _advice(registry: Registry, data: dict[str, Any]) -> dict[str, str]:
    result = loanoverdue.assess(loanoverdue.load_case(data), registry)
    return {a.id: a.render_body("en") for a in result.advice}


def test_validation_request_letter(registry: Registry) -> None:
    advice = _advice(registry, CASE)
    letter = advice["us.advice.letter.validation_request"]
    assert "February 25, 2026" in letter  # the date of the letter: as_of
    assert "your notice dated February 12, 2026" in letter
    assert "Debt you say I owe to Example Bank N.A." in letter
    assert "amount claimed $3,480.12" in letter
    assert "I dispute this debt" in letter and "verification" in letter
    assert "not an acknowledgment" in letter
    assert "15 U.S.C. 1692g(b)" in letter
    assert "{" not in letter and "}" not in letter
    assert set(re.findall(r"\[([^\]]+)\]", letter)) == {
        "Your name",
        "Your address",
        "Name and address of the debt collector",
        "account number",
        "Your signature",
    }
    # the advice that goes with it gives the computed end of the validation period
    assert "2026-03-22" in advice["us.advice.validation_period"]


def test_cease_letter(registry: Registry) -> None:
    body = _advice(registry, CASE)["us.advice.letter.cease_communication"]
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
    letter = _advice(registry, data)["us.advice.letter.validation_request"]
    assert "[name of the creditor]" in letter
    assert "your notice dated" not in letter


def test_no_letters_while_only_the_creditor_collects(registry: Registry) -> None:
    data = {**CASE, "events": []}
    advice = _advice(registry, data)
    assert "us.advice.letter.validation_request" not in advice
    assert "us.advice.letter.cease_communication" not in advice
    assert "us.advice.original_creditor" in advice


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
