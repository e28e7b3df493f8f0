"""The credit file's end date in the United States: FCRA 1681c(a)(4) and (c)(1) count the
seven years from 180 days after the delinquency began, whatever is paid later (the China
pack counts from ``repaid_on`` instead: Credit Reporting Regulation art. 16)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import loanoverdue_us

from loanoverdue import Registry, assess
from loanoverdue.model import Borrower, Case, Lender, Loan, Money, Payment

NY = ZoneInfo("America/New_York")


def _case(**loan: object) -> Case:
    return Case(
        as_of=datetime(2026, 6, 1, 10, tzinfo=NY),
        borrower=Borrower("US-NY", "America/New_York"),
        loan=Loan(
            product="credit_card",
            principal=Money("3000", "USD"),
            outstanding=loan.pop("outstanding", Money("3000", "USD")),  # type: ignore[arg-type]
            due_date=date(2025, 3, 1),
            lender=Lender(kind="credit_card_issuer"),
            **loan,  # type: ignore[arg-type]
        ),
    )


def test_payments_and_repayment_do_not_move_the_reporting_limit() -> None:
    registry = Registry.build([loanoverdue_us.PACK], entry_points=False)
    zero = Money("0", "USD")
    paid = (Payment(date(2025, 9, 1), Money("1000", "USD")), Payment(date(2026, 2, 1), Money("2000", "USD")))
    unpaid = assess(_case(), registry).credit
    repaid = assess(_case(outstanding=zero, payments=paid, repaid_on=date(2026, 2, 1)), registry).credit
    assert unpaid is not None and repaid is not None
    # 2025-03-01 + 180 days = 2025-08-28, seven years on
    assert unpaid.retained_until == repaid.retained_until == date(2032, 8, 28)
