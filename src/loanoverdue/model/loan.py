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
from loanoverdue.model.payment import Payment
from loanoverdue.vocabulary import Product

__all__ = ["Loan"]


def _payments(value: Any) -> tuple[Payment, ...]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidInputError("payments", "expected a list of payments")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, Payment):
            raise InvalidInputError(f"payments[{i}]", f"expected a Payment, got {item!r}")
    return items


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

    product: Product = attrs.field(converter=_checks.to_member(Product), validator=_checks.enum_member(Product))  # type: ignore[misc]
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
    #: Payments the borrower made, in the order given (see :attr:`payments_by_date`).
    #: ``last_payment_date`` keeps its meaning: the day of the last payment, which may be
    #: given alone, or with some or all of the payments (then on or after each of them).
    payments: tuple[Payment, ...] = attrs.field(default=(), converter=_payments)

    def __attrs_post_init__(self) -> None:
        if self.outstanding.currency != self.principal.currency:
            raise InvalidInputError("outstanding", "currency differs from principal's")
        if self.contract_date is not None and self.contract_date > self.due_date:
            raise InvalidInputError("contract_date", "after due_date")
        if self.final_due_date is not None and self.final_due_date < self.due_date:
            raise InvalidInputError("final_due_date", "before due_date")
        if self.repaid_on is not None and self.outstanding.amount != 0:
            raise InvalidInputError("outstanding", "must be 0 when repaid_on is given")
        for i, p in enumerate(self.payments):
            if p.amount.currency != self.principal.currency:
                raise InvalidInputError(f"payments[{i}].amount", "currency differs from principal's")
            if self.last_payment_date is not None and p.paid_on > self.last_payment_date:
                raise InvalidInputError(
                    f"payments[{i}].date",
                    f"{p.paid_on} is after last_payment_date ({self.last_payment_date}), the last payment",
                )
            if self.repaid_on is not None and p.paid_on > self.repaid_on:
                raise InvalidInputError(
                    f"payments[{i}].date", f"{p.paid_on} is after repaid_on ({self.repaid_on})"
                )

    @property
    def payments_by_date(self) -> tuple[Payment, ...]:
        """The payments, earliest first (payments of one day in the order given)."""
        return tuple(sorted(self.payments, key=lambda p: p.paid_on))

    @property
    def last_paid_on(self) -> date | None:
        """The day of the last payment known: ``last_payment_date``, or else the latest of
        ``payments``; ``None`` when neither is given."""
        if self.last_payment_date is not None or not self.payments:
            return self.last_payment_date
        return max(p.paid_on for p in self.payments)

    @property
    def currency(self) -> str:
        return self.principal.currency
