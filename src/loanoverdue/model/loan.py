"""The loan: product, amounts, dates and price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError
from loanoverdue.model import _checks
from loanoverdue.model.money import Money, to_decimal
from loanoverdue.model.parties import Lender
from loanoverdue.model.vocabulary import Product

__all__ = ["Loan"]


def _rate(value: Any) -> Decimal | None:
    if value is None:
        return None
    rate = to_decimal(value, "annual_rate")
    if rate < 0:
        raise InvalidInputError("annual_rate", f"{rate} is negative")
    if rate > 100:
        raise InvalidInputError(
            "annual_rate", f'{rate} is not a plausible annual rate (write 24 % as "0.24")'
        )
    return rate


@attrs.frozen
class Loan:
    """A loan. ``due_date`` is the first missed due date (for an instalment loan, the
    first instalment missed); ``annual_rate`` is a fraction (``0.24`` is 24 % a year)."""

    product: Product = attrs.field(converter=_checks.to_product, validator=_checks.enum_member(Product))
    principal: Money = attrs.field(validator=_checks.instance_of(Money, "Money"))
    outstanding: Money = attrs.field(validator=_checks.instance_of(Money, "Money"))
    due_date: date = attrs.field(validator=_checks.plain_date)
    lender: Lender = attrs.field(validator=_checks.instance_of(Lender, "a Lender"))
    contract_date: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    annual_rate: Decimal | None = attrs.field(default=None, converter=_rate)
    last_payment_date: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    #: The last written acknowledgment of the debt signed by the borrower (or the
    #: borrower's agent), where the law lets one restart the limitation period.
    last_acknowledgment_date: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    #: When the loan was fully repaid, if it was.
    repaid_on: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    #: Due date of the last instalment, where it differs from ``due_date``.
    final_due_date: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)

    def __attrs_post_init__(self) -> None:
        if self.outstanding.currency != self.principal.currency:
            raise InvalidInputError("outstanding", "currency differs from principal's")
        if self.contract_date is not None and self.contract_date > self.due_date:
            raise InvalidInputError("contract_date", "after due_date")
        if self.final_due_date is not None and self.final_due_date < self.due_date:
            raise InvalidInputError("final_due_date", "before due_date")
        if self.repaid_on is not None and self.outstanding.amount != 0:
            raise InvalidInputError("outstanding", "must be 0 when repaid_on is given")

    @property
    def currency(self) -> str:
        return self.principal.currency
