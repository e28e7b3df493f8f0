"""Consequences the scenario format cannot express (null values, notes) and properties of
the China pack over generated cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings

from loanoverdue import Registry, assess
from loanoverdue.model import Borrower, Case, CollectionEvent, Lender, Loan, Money, Payment
from loanoverdue.testing.strategies import cases

TZ = ZoneInfo("Asia/Shanghai")


def case(
    kind: str = "private_individual",
    contract: date | None = None,
    rate: str | None = "0.20",
    due: date = date(2025, 12, 1),
    as_of: datetime = datetime(2026, 3, 1, 10, tzinfo=TZ),
    product: str = "installment",
    principal: str = "20000",
    events: tuple[CollectionEvent, ...] = (),
    **loan: object,
) -> Case:
    money = Money(principal, "CNY")
    return Case(
        as_of=as_of,
        borrower=Borrower("CN-SH", "Asia/Shanghai"),
        loan=Loan(
            product=product,
            principal=money,
            outstanding=loan.pop("outstanding", money),  # type: ignore[arg-type]
            due_date=due,
            contract_date=contract,
            annual_rate=rate,
            lender=Lender(kind=kind),
            **loan,  # type: ignore[arg-type]
        ),
        events=events,
    )


@pytest.mark.parametrize(
    ("contract", "cap"),
    [
        (date(2020, 8, 20), "0.1540"),  # 3.85 % in force since 2020-04-20
        (date(2021, 12, 19), "0.1540"),  # the day before the 2021-12-20 change
        (date(2021, 12, 20), "0.1520"),
        (date(2022, 1, 20), "0.1480"),
        (date(2022, 5, 20), "0.1480"),  # only the 5-year rate changed that day
        (date(2023, 6, 20), "0.1420"),
        (date(2023, 8, 21), "0.1380"),
        (date(2024, 7, 22), "0.1340"),
        (date(2024, 10, 21), "0.1240"),
        (date(2025, 5, 20), "0.1200"),
    ],
)
def test_private_cap_follows_the_lpr_on_the_contract_date(
    registry: Registry, contract: date, cap: str
) -> None:
    result = assess(case(contract=contract), registry)
    assert result.interest is not None and result.interest.cap == Decimal(cap)
    cited = {(c.instrument, c.article) for c in result.interest.cap_basis}
    assert ("cn.spc_private_lending_2020", "25") in cited


def test_no_contract_date_means_no_cap_and_says_why(registry: Registry) -> None:
    result = assess(case(contract=None, due=date(2025, 6, 1)), registry)
    interest = result.interest
    assert interest is not None and interest.cap is None and interest.excess is False
    assert interest.note is not None
    assert "does not give that date" in interest.note.en and "2025-06-01" in interest.note.en
    assert "未提供合同成立日期" in interest.note.get("zh-CN")


def test_a_contract_after_the_known_lpr_series_gets_no_cap(registry: Registry) -> None:
    result = assess(
        case(contract=date(2026, 6, 1), due=date(2026, 7, 1), as_of=datetime(2026, 9, 1, tzinfo=TZ)), registry
    )
    assert result.interest is not None and result.interest.cap is None
    assert result.interest.note is not None and "no LPR figure" in result.interest.note.en


def test_contracts_before_2015_are_not_modelled(registry: Registry) -> None:
    result = assess(case(contract=date(2014, 1, 1), due=date(2015, 1, 1)), registry)
    assert result.interest is not None and result.interest.cap is None


@pytest.mark.parametrize(
    "kind", ["bank", "credit_card_issuer", "consumer_finance", "online_microlender", "facilitation_platform"]
)
def test_licensed_lenders_get_the_24_percent_line(registry: Registry, kind: str) -> None:
    result = assess(case(kind=kind, contract=date(2025, 1, 1), rate="0.25"), registry)
    assert result.interest is not None
    assert result.interest.cap == Decimal("0.24") and result.interest.excess
    assert result.interest.cap_basis[0].status is not None
    assert (
        result.interest.cap_basis[0].status.value == "secondary"
    )  # the 2017 opinion, read in secondary sources


def test_credit_retention_is_null_while_unpaid(registry: Registry) -> None:
    result = assess(case(kind="online_microlender"), registry)
    assert result.credit is not None and result.credit.retained_until is None
    assert "no end date" in result.credit.rule.en


def test_credit_end_date_runs_from_repaid_on_never_from_payments(registry: Registry) -> None:
    """Credit Reporting Regulation art. 16: five years from the day the bad conduct ends.
    The case says that day in ``repaid_on``; payments that bring ``outstanding`` to zero
    (a settlement, a write-off?) say nothing of it, so no end date is guessed."""
    paid = (Payment(date(2026, 1, 5), Money("5000", "CNY")), Payment(date(2026, 2, 5), Money("15000", "CNY")))
    zero = Money("0", "CNY")
    guessed = assess(case(kind="online_microlender", outstanding=zero, payments=paid), registry)
    assert guessed.credit is not None and guessed.credit.retained_until is None
    told = assess(
        case(kind="online_microlender", outstanding=zero, payments=paid, repaid_on=date(2026, 2, 5)), registry
    )
    assert told.credit is not None and told.credit.retained_until == date(2031, 2, 5)


def test_private_lenders_are_not_said_to_report(registry: Registry) -> None:
    result = assess(case(), registry)
    assert result.credit is not None and not result.credit.reported
    assert "usually" not in result.credit.rule.en


def test_ordinary_default_has_no_criminal_exposure(registry: Registry) -> None:
    result = assess(case(kind="online_microlender", principal="900000"), registry)
    assert result.exposure is not None and not result.exposure.criminal_possible
    assert "not a crime" in result.exposure.conditions.en


def test_card_exposure_is_never_worded_as_arrest(registry: Registry) -> None:
    result = assess(case(kind="bank", product="credit_card", principal="80000", rate=None), registry)
    assert result.exposure is not None and not result.exposure.criminal_possible
    text = result.exposure.conditions.en
    assert "never inferred from non-payment alone" in text and "will be arrested" not in text


def test_limitation_before_the_civil_code_follows_the_law_then_in_force(registry: Registry) -> None:
    # 2020: the General Provisions of the Civil Law, 3 years (art. 188)
    result = assess(case(due=date(2020, 1, 1), as_of=datetime(2020, 6, 1, tzinfo=TZ)), registry)
    assert result.limitation is not None and result.limitation.period == "P3Y"
    assert {c.instrument for c in result.limitation.citations} == {"cn.general_provisions_civil_law_2017"}
    # 2016: the General Principles of the Civil Law, 2 years (art. 135)
    result = assess(case(due=date(2016, 1, 4), as_of=datetime(2016, 6, 1, tzinfo=TZ)), registry)
    assert result.limitation is not None and result.limitation.period == "P2Y"
    assert result.limitation.expires == date(2018, 1, 4)
    assert ("cn.general_principles_civil_law_1986", "135") in {
        (c.instrument, c.article) for c in result.limitation.citations
    }
    # before the General Principles (1987-01-01): not modelled
    result = assess(case(due=date(1986, 1, 1), as_of=datetime(1986, 6, 1, tzinfo=TZ)), registry)
    assert result.limitation is None


def test_limitation_note_says_expiry_is_a_defence(registry: Registry) -> None:
    result = assess(case(), registry)
    assert result.limitation is not None and result.limitation.note is not None
    assert "art. 193" in result.limitation.note.en and "art. 192" in result.limitation.note.en
    assert "第193条" in result.limitation.note.get("zh-CN")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(jurisdiction="CN", timezone="Asia/Shanghai", currency="CNY", max_events=12))
def test_any_case_is_assessed_and_rendered(registry: Registry, generated: Case) -> None:
    result = assess(generated, registry)
    for lang in ("en", "zh-CN"):
        doc = result.to_json(lang)
        assert doc == result.to_json(lang)
        assert "{" not in "".join(a.render_body(lang) for a in result.advice)
    assert all(f.rule.startswith("cn.") for f in result.findings)


@pytest.mark.parametrize(
    ("as_of", "instrument", "possible"),
    [
        (date(2009, 12, 15), None, False),  # before the 2009 text: not modelled
        (date(2009, 12, 16), "cn.credit_card_crime_interpretation_2009", True),
        (date(2018, 11, 30), "cn.credit_card_crime_interpretation_2009", True),
        (date(2018, 12, 1), "cn.credit_card_crime_interpretation", False),  # RMB 30,000 < 50,000
    ],
)
def test_card_exposure_is_judged_by_the_text_in_force_on_the_assessment_date(
    registry: Registry, as_of: date, instrument: str | None, possible: bool
) -> None:
    due = date(as_of.year - 1, 1, 5)
    calls = tuple(
        CollectionEvent(
            at=datetime(due.year, month, 10, 10, tzinfo=TZ),
            action="call",
            actor="lender",
            outcome="connected",
        )
        for month in (2, 3)
    )
    exposure = assess(
        case(
            kind="credit_card_issuer",
            product="credit_card",
            principal="30000",
            due=due,
            as_of=datetime(as_of.year, as_of.month, as_of.day, 10, tzinfo=TZ),
            events=calls,
        ),
        registry=registry,
    ).exposure
    assert exposure is not None
    assert exposure.criminal_possible is possible
    cited = {c.instrument for c in exposure.citations}
    card = {"cn.credit_card_crime_interpretation", "cn.credit_card_crime_interpretation_2009"}
    if instrument is None:
        assert cited == {"cn.criminal_law"}
        assert "Not modelled" in exposure.conditions.get("en")
    else:
        assert cited & card == {instrument}
