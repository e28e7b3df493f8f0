"""A payment the borrower made on the loan: its date and amount."""

from __future__ import annotations

from datetime import date

import attrs

from loanoverdue.errors import InvalidInputError
from loanoverdue.model import _checks
from loanoverdue.model.money import Money

__all__ = ["Payment"]


def _check_amount(_inst: Payment, _attr: attrs.Attribute[Money], value: Money) -> None:
    if not isinstance(value, Money):
        raise InvalidInputError("amount", f"expected Money, got {value!r}")
    if value.amount == 0:
        raise InvalidInputError("amount", "a payment of 0 is no payment")


@attrs.frozen
class Payment:
    """A payment towards the loan on ``paid_on`` (the borrower's local date; ``date`` in
    the case file), of ``amount`` in the loan's currency. A payment made at any time counts: an instalment before
    the due date as much as a part payment of the overdue debt."""

    paid_on: date = attrs.field(validator=_checks.plain_date)
    amount: Money = attrs.field(validator=_check_amount)
