"""attrs validators that raise :class:`~loanoverdue.errors.InvalidInputError` naming the
field. Private: the model modules use them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
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


def to_member(enum: type[StrEnum]) -> Callable[[Any], Any]:
    """The converter of a field of ``enum``: the string value of a member becomes the
    member; anything else passes unchanged to the field's validator, which names the
    field. (mypy's attrs plugin reads only named converters; a field using this one
    says ``# type: ignore[misc]`` and takes ``Any``, as a named converter of ``Any`` did.)"""

    def convert(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, enum):
            try:
                return enum(value)
            except ValueError:
                return value
        return value

    return convert


def to_optional_member(enum: type[StrEnum]) -> Callable[[Any], Any]:
    """:func:`to_member` for a field that may be ``None``."""
    inner = to_member(enum)

    def convert(value: Any) -> Any:
        return None if value is None else inner(value)

    return convert
