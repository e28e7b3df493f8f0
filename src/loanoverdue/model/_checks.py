"""attrs validators that raise :class:`~loanoverdue.errors.InvalidInputError` naming the
field. Private: the model modules use them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import vocabulary
from loanoverdue.model.limits import check_date

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def enum_member(enum: type[StrEnum]) -> Validator:
    """The value is a member of ``enum``."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum):
            allowed = ", ".join(m.value for m in enum)
            raise InvalidInputError(
                attribute.name, f"unknown value {shown(value)} (expected one of: {allowed})"
            )

    return check


def optional_enum_member(enum: type[StrEnum]) -> Validator:
    inner = enum_member(enum)

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(inst, attribute, value)

    return check


def aware_datetime(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, datetime):
        raise InvalidInputError(attribute.name, f"expected a date-time, got {shown(value)}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInputError(
            attribute.name, f"time stamp {value.isoformat()} has no UTC offset or time zone"
        )
    check_date(value, attribute.name)


def plain_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInputError(attribute.name, f"expected a date, got {shown(value)}")
    check_date(value, attribute.name)


def optional_plain_date(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        plain_date(inst, attribute, value)


def text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(attribute.name, f"expected a non-empty string, got {shown(value)}")


def optional_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        text(inst, attribute, value)


def optional_bool(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidInputError(attribute.name, f"expected true or false, got {value!r}")


def instance_of(kind: type[Any], what: str) -> Validator:
    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise InvalidInputError(attribute.name, f"expected {what}, got {shown(value)}")

    return check


def _member(enum: type[StrEnum], value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, enum):
        try:
            return enum(value)
        except ValueError:
            return value
    return value


def _optional_member(enum: type[StrEnum], value: Any) -> Any:
    return None if value is None else _member(enum, value)


def to_action(value: Any) -> Any:
    """Convert the string value of a Action to the member (other values pass to the validator)."""
    return _member(vocabulary.Action, value)


def to_actor(value: Any) -> Any:
    """Convert the string value of a Actor to the member (other values pass to the validator)."""
    return _member(vocabulary.Actor, value)


def to_initiator(value: Any) -> Any:
    """Convert the string value of an Initiator to the member (other values pass to the validator)."""
    return _member(vocabulary.Initiator, value)


def to_lender_kind(value: Any) -> Any:
    """Convert the string value of a LenderKind to the member (other values pass to the validator)."""
    return _member(vocabulary.LenderKind, value)


def to_outcome(value: Any) -> Any:
    """Convert the string value of a Outcome to the member (other values pass to the validator)."""
    return _member(vocabulary.Outcome, value)


def to_place(value: Any) -> Any:
    """Convert the string value of a Place to the member (other values pass to the validator)."""
    return _member(vocabulary.Place, value)


def to_product(value: Any) -> Any:
    """Convert the string value of a Product to the member (other values pass to the validator)."""
    return _member(vocabulary.Product, value)


def to_protection_kind(value: Any) -> Any:
    """Convert the string value of a ProtectionKind to the member (other values pass to the validator)."""
    return _member(vocabulary.ProtectionKind, value)


def to_purpose(value: Any) -> Any:
    """Convert the string value of a Purpose to the member (other values pass to the validator)."""
    return _member(vocabulary.Purpose, value)


def to_target(value: Any) -> Any:
    """Convert the string value of a Target to the member (other values pass to the validator)."""
    return _member(vocabulary.Target, value)


def to_optional_place(value: Any) -> Any:
    return _optional_member(vocabulary.Place, value)


def to_optional_purpose(value: Any) -> Any:
    return _optional_member(vocabulary.Purpose, value)
