"""Money: a non-negative :class:`~decimal.Decimal` amount in an ISO 4217 currency."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError

__all__ = ["Money", "to_decimal"]


def to_decimal(value: Any, path: str = "amount") -> Decimal:
    """Convert a decimal string, an int or a Decimal to a finite Decimal.

    Floats are refused: a binary fraction is not an amount of money. ``path`` names the
    field in the error.
    """
    if isinstance(value, (bool, float)):
        raise InvalidInputError(
            path, f'{value!r} is a float; write money and rates as decimal strings, e.g. "9000.00"'
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInputError(path, f"{value!r} is not a decimal number") from None
    else:
        raise InvalidInputError(path, f"expected a decimal string, got {value!r}")
    if not result.is_finite():
        raise InvalidInputError(path, f"{value!r} is not a finite number")
    return result


def _amount(value: Any) -> Decimal:
    return to_decimal(value, "amount")


def _check_amount(_inst: Money, _attr: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value < 0:
        raise InvalidInputError("amount", f"{value} is negative")


def _check_currency(_inst: Money, _attr: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()):
        raise InvalidInputError("currency", f"{value!r} is not an ISO 4217 code such as 'CNY'")


@attrs.frozen(order=False)
class Money:
    """An amount of money. ``Money("9000", "CNY")``; never a float."""

    amount: Decimal = attrs.field(converter=_amount, validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
