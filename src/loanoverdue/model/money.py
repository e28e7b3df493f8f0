"""Money: a non-negative :class:`~decimal.Decimal` amount in an ISO 4217 currency,
below 10^15 and with at most four decimal places (see :mod:`loanoverdue.model.limits`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model.limits import NUMBER_LENGTH, check_amount

__all__ = ["Money", "to_decimal"]


def to_decimal(value: Any, path: str = "amount") -> Decimal:
    """Convert a decimal string, an int or a Decimal to a finite Decimal.

    Floats are refused: a binary fraction is not an amount of money. So are numbers of
    more than ``NUMBER_LENGTH`` characters or digits, and exponents beyond that many
    places. ``path`` names the field in the error.
    """
    if isinstance(value, (bool, float)):
        raise InvalidInputError(
            path, f'{shown(value)} is a float; write money and rates as decimal strings, e.g. "9000.00"'
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if value.bit_length() > 4 * NUMBER_LENGTH:  # beyond any amount, and slow to print
            raise InvalidInputError(
                path, f"a number of about {value.bit_length() * 3 // 10:,} digits is too large"
            )
        result = Decimal(value)
    elif isinstance(value, str):
        if len(value) > NUMBER_LENGTH:
            raise InvalidInputError(
                path,
                f"{shown(value)} is too long for a number ({len(value):,} characters; at most {NUMBER_LENGTH})",
            )
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidInputError(path, f"{shown(value)} is not a decimal number") from None
    else:
        raise InvalidInputError(path, f"expected a decimal string, got {shown(value)}")
    if not result.is_finite():
        raise InvalidInputError(path, f"{shown(value)} is not a finite number")
    if result and result.adjusted() > NUMBER_LENGTH:
        raise InvalidInputError(path, f"{shown(value)} is too large")
    if result.as_tuple().exponent < -NUMBER_LENGTH:  # type: ignore[operator]
        raise InvalidInputError(path, f"{shown(value)} has too many decimal places")
    return result


def _amount(value: Any) -> Decimal:
    return to_decimal(value, "amount")


def _check_amount(_inst: Money, _attr: attrs.Attribute[Decimal], value: Decimal) -> None:
    check_amount(value, "amount")


def _check_currency(_inst: Money, _attr: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()):
        raise InvalidInputError("currency", f"{shown(value)} is not an ISO 4217 code such as 'CNY'")


@attrs.frozen(order=False)
class Money:
    """An amount of money. ``Money("9000", "CNY")``; never a float."""

    amount: Decimal = attrs.field(converter=_amount, validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
