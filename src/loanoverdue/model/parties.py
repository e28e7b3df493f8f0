"""The parties: who lent (:class:`Lender`) and who owes (:class:`Borrower`)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import _checks
from loanoverdue.model.vocabulary import LenderKind, ProtectionKind

__all__ = ["Borrower", "Lender", "Protection", "zone"]

_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


@lru_cache(maxsize=512)
def zone(key: str) -> ZoneInfo:
    """The IANA time zone ``key`` (cached); :class:`InvalidInputError` if unknown."""
    # a key is a relative path into the time-zone database: refuse what cannot be one
    # before the file system is asked (the error would name the installation)
    if not isinstance(key, str) or not 0 < len(key) <= 64 or "\0" in key:
        raise InvalidInputError("timezone", f"unknown IANA time zone {shown(key)}")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInputError("timezone", f"unknown IANA time zone {shown(key)}") from None


@attrs.frozen
class Lender:
    """Who lent the money and, where it differs, who runs the app the borrower used."""

    kind: LenderKind = attrs.field(
        converter=_checks.to_lender_kind, validator=_checks.enum_member(LenderKind)
    )
    name: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: Identifier of the platform (the app) the borrower used, as platform packs name it.
    platform: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: The institution that funded the loan when a platform facilitated it.
    funder: str | None = attrs.field(default=None, validator=_checks.optional_text)


@attrs.frozen
class Protection:
    """A protection the borrower invoked; ``since`` is when the collector was told."""

    kind: ProtectionKind = attrs.field(
        converter=_checks.to_protection_kind, validator=_checks.enum_member(ProtectionKind)
    )
    since: date = attrs.field(validator=_checks.plain_date)


def _check_jurisdiction(_inst: Any, _attr: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str) or not _JURISDICTION.match(value):
        raise InvalidInputError(
            "jurisdiction",
            f"{shown(value)} is not an ISO 3166-1 or ISO 3166-2 code such as 'CN' or 'US-NY'",
        )


def _check_timezone(_inst: Any, _attr: attrs.Attribute[str], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidInputError("timezone", f"expected an IANA time zone name, got {shown(value)}")
    zone(value)


def _protections(value: Any) -> tuple[Protection, ...]:
    if not isinstance(value, (list, tuple)):
        raise InvalidInputError("protections", "expected a list")
    for i, item in enumerate(value):
        if not isinstance(item, Protection):
            raise InvalidInputError(f"protections[{i}]", f"expected a Protection, got {shown(item)}")
    return tuple(sorted(value, key=lambda p: (p.since, p.kind.value)))


@attrs.frozen
class Borrower:
    """The person who owes: where they live (jurisdiction and time zone) and what
    protections they have invoked."""

    jurisdiction: str = attrs.field(validator=_check_jurisdiction)
    timezone: str = attrs.field(validator=_check_timezone)
    protections: tuple[Protection, ...] = attrs.field(default=(), converter=_protections)

    @property
    def tz(self) -> ZoneInfo:
        """The borrower's time zone; "local time" in every rule means this zone."""
        return zone(self.timezone)

    def protection(self, kind: ProtectionKind, on: date) -> Protection | None:
        """The earliest protection of ``kind`` in effect on ``on``, if any."""
        for p in self.protections:
            if p.kind is kind and p.since <= on:
                return p
        return None
