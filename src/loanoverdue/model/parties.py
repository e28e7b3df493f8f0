"""The parties: who lent (:class:`Lender`) and who owes (:class:`Borrower`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import _checks
from loanoverdue.model.hours import Hours
from loanoverdue.vocabulary import MEDIA, Action, LenderKind, Place, ProtectionKind, Weekday

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
        converter=_checks.to_member(LenderKind), validator=_checks.enum_member(LenderKind)  # type: ignore[misc]
    )
    name: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: Identifier of the platform (the app) the borrower used, as platform packs name it.
    platform: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: The institution that funded the loan when a platform facilitated it.
    funder: str | None = attrs.field(default=None, validator=_checks.optional_text)


def _media(value: Any) -> frozenset[Action]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidInputError("media", f"expected a list of media (actions), got {value!r}")
    items = []
    allowed = ", ".join(sorted(a.value for a in MEDIA))
    for i, item in enumerate(value):
        try:
            action = Action(item)
        except ValueError:
            raise InvalidInputError(
                f"media[{i}]", f"unknown value {item!r} (expected one of: {allowed})"
            ) from None
        if action not in MEDIA:
            raise InvalidInputError(
                f"media[{i}]", f"{action.value!r} is not a medium (expected one of: {allowed})"
            )
        items.append(action)
    return frozenset(items)


def _members(name: str, enum: type[Weekday] | type[Place], what: str) -> Any:
    def convert(value: Any) -> frozenset[Any]:
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            raise InvalidInputError(name, f"expected a list of {what}, got {shown(value)}")
        items = []
        for i, item in enumerate(value):
            try:
                member = enum(item)
            except ValueError:
                allowed = ", ".join(m.value for m in enum)
                raise InvalidInputError(
                    f"{name}[{i}]", f"unknown value {shown(item)} (expected one of: {allowed})"
                ) from None
            if member in items:
                raise InvalidInputError(f"{name}[{i}]", f"{member.value!r} is given twice")
            items.append(member)
        return frozenset(items)

    return convert


def _weekdays(value: Any) -> frozenset[Weekday]:
    return _members("weekdays", Weekday, "days of the week")(value)  # type: ignore[no-any-return]


def _places(value: Any) -> frozenset[Place]:
    return _members("places", Place, "places")(value)  # type: ignore[no-any-return]


def _check_hours(_inst: Any, _attr: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Hours):
        raise InvalidInputError("hours", f"expected Hours, got {shown(value)}")


#: The protections whose form (written or oral) the law turns on.
_FORM_KINDS = frozenset({ProtectionKind.DISPUTED, ProtectionKind.CEASE_REQUESTED})
#: The kinds that may name media (required for ``medium_refused``).
_MEDIA_KINDS = frozenset({ProtectionKind.MEDIUM_REFUSED, ProtectionKind.CONTACT_CONSENT})
#: The kinds that may name times (hours, weekdays), and those that may name places.
_TIME_KINDS = frozenset({ProtectionKind.CONTACT_CONSENT, ProtectionKind.INCONVENIENT_TIME})
_PLACE_KINDS = frozenset({ProtectionKind.INCONVENIENT_PLACE})


@attrs.frozen
class Protection:
    """A protection the borrower invoked; ``since`` is when the collector was told, and
    ``until``, where given, the day it was withdrawn (from then on it no longer applies).
    A ``medium_refused`` protection names the ``media`` the collector must not use.

    ``contact_consent`` is the borrower's prior consent, given directly to the collector on
    ``since``, to contact by ``media`` (any medium when empty) at ``hours`` on ``weekdays``
    (any time, any day when not given); ``inconvenient_time`` names the ``hours`` and/or
    ``weekdays`` the borrower said are inconvenient, ``inconvenient_place`` the
    ``places``."""

    kind: ProtectionKind = attrs.field(
        converter=_checks.to_member(ProtectionKind), validator=_checks.enum_member(ProtectionKind)  # type: ignore[misc]
    )
    since: date = attrs.field(validator=_checks.plain_date)
    media: frozenset[Action] = attrs.field(default=frozenset(), converter=_media)
    until: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    #: For ``disputed`` and ``cease_requested``: whether the borrower did it in writing
    #: (``True``) or only orally (``False``); ``None`` when the case does not say.
    in_writing: bool | None = attrs.field(default=None, validator=_checks.optional_bool)
    #: For ``contact_consent`` and ``inconvenient_time``: the local clock times concerned.
    hours: Hours | None = attrs.field(default=None, validator=_check_hours)
    #: For ``contact_consent`` and ``inconvenient_time``: the days of the week concerned
    #: (every day when empty).
    weekdays: frozenset[Weekday] = attrs.field(
        default=frozenset(), converter=_weekdays
    )
    #: For ``inconvenient_place``: the places the borrower said are inconvenient.
    places: frozenset[Place] = attrs.field(default=frozenset(), converter=_places)

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        if (self.hours is not None or self.weekdays) and kind not in _TIME_KINDS:
            field = "hours" if self.hours is not None else "weekdays"
            raise InvalidInputError(
                field, f"only contact_consent and inconvenient_time name times, not {kind.value!r}"
            )
        if self.places and kind not in _PLACE_KINDS:
            raise InvalidInputError(
                "places", f"only an inconvenient_place protection names places, not {kind.value!r}"
            )
        if kind is ProtectionKind.INCONVENIENT_TIME and self.hours is None and not self.weekdays:
            raise InvalidInputError("hours", "an inconvenient_time protection names hours, weekdays or both")
        if kind is ProtectionKind.INCONVENIENT_PLACE and not self.places:
            raise InvalidInputError("places", "an inconvenient_place protection names the places")
        if self.in_writing is not None and self.kind not in _FORM_KINDS:
            raise InvalidInputError(
                "in_writing", f"says the form of a dispute or cease request, not of {self.kind.value!r}"
            )
        if self.kind is ProtectionKind.MEDIUM_REFUSED and not self.media:
            raise InvalidInputError("media", "a medium_refused protection names the media refused")
        if self.kind not in _MEDIA_KINDS and self.media:
            raise InvalidInputError(
                "media",
                f"only medium_refused and contact_consent protections name media, not {self.kind.value!r}",
            )
        if self.until is not None and self.until <= self.since:
            raise InvalidInputError("until", f"{self.until} is not after since ({self.since})")

    def in_effect(self, on: date) -> bool:
        """Whether the protection applies on ``on``: from ``since``, until withdrawn."""
        return self.since <= on and (self.until is None or on < self.until)

    def covers(self, when: datetime) -> bool:
        """Whether the local date-time ``when`` falls in the protection's ``weekdays`` and
        ``hours`` (every time when neither is given), on a day it is in effect."""
        day = when.date()
        if not self.in_effect(day):
            return False
        if self.weekdays and Weekday.of(day) not in self.weekdays:
            return False
        return self.hours is None or self.hours.contains(when.time())


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


def _other_timezones(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise InvalidInputError("other_timezones", f"expected a list of IANA time zone names, got {value!r}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise InvalidInputError(f"other_timezones[{i}]", f"expected an IANA time zone name, got {item!r}")
        try:
            zone(item)
        except InvalidInputError as exc:
            raise InvalidInputError(f"other_timezones[{i}]", exc.problem) from None
        if item in value[:i]:
            raise InvalidInputError(f"other_timezones[{i}]", f"{item!r} is given twice")
    return tuple(value)


def _protections(value: Any) -> tuple[Protection, ...]:
    if not isinstance(value, (list, tuple)):
        raise InvalidInputError("protections", "expected a list")
    for i, item in enumerate(value):
        if not isinstance(item, Protection):
            raise InvalidInputError(f"protections[{i}]", f"expected a Protection, got {shown(item)}")
    return tuple(sorted(value, key=_protection_order))


def _protection_order(p: Protection) -> tuple[Any, ...]:
    hours = (p.hours.start, p.hours.end) if p.hours is not None else ()
    return (
        p.since,
        p.kind.value,
        sorted(p.media),
        p.until or date.max,
        hours,
        sorted(d.value for d in p.weekdays),
        sorted(p.places),
    )


@attrs.frozen
class Borrower:
    """The person who owes: where they live (jurisdiction and time zone) and what
    protections they have invoked."""

    jurisdiction: str = attrs.field(validator=_check_jurisdiction)
    timezone: str = attrs.field(validator=_check_timezone)
    protections: tuple[Protection, ...] = attrs.field(default=(), converter=_protections)
    #: Other time zones the borrower may be in, where the collector's information is
    #: conflicting or ambiguous (a telephone area code in one zone, an address in
    #: another). Local dates and times stay those of ``timezone``; rules that need a time
    #: convenient wherever the borrower may be check these too.
    other_timezones: tuple[str, ...] = attrs.field(default=(), converter=_other_timezones)

    def __attrs_post_init__(self) -> None:
        if self.timezone in self.other_timezones:
            i = self.other_timezones.index(self.timezone)
            raise InvalidInputError(f"other_timezones[{i}]", f"{self.timezone!r} is the borrower's timezone")

    @property
    def other_tzs(self) -> tuple[ZoneInfo, ...]:
        """The zones of ``other_timezones``."""
        return tuple(zone(name) for name in self.other_timezones)

    @property
    def tz(self) -> ZoneInfo:
        """The borrower's time zone; "local time" in every rule means this zone."""
        return zone(self.timezone)

    @property
    def consents_to_times(self) -> bool:
        """Whether any ``contact_consent`` of the borrower names hours (only such a
        consent is consent to contact at a time: :meth:`consent_at`)."""
        return any(p.kind is ProtectionKind.CONTACT_CONSENT and p.hours is not None for p in self.protections)

    def consent_at(self, local: datetime, action: Action) -> Protection | None:
        """The borrower's prior consent to be contacted by ``action`` at the local
        date-time ``local``: the first ``contact_consent`` in effect then whose ``hours``
        hold it, on one of its ``weekdays`` and through one of its ``media`` where it names
        them. A consent that names no hours is no consent to contact at a time."""
        for p in self.protections:
            if (
                p.kind is ProtectionKind.CONTACT_CONSENT
                and p.hours is not None
                and (not p.media or action in p.media)
                and p.covers(local)
            ):
                return p
        return None

    def protection(self, kind: ProtectionKind, on: date) -> Protection | None:
        """The earliest protection of ``kind`` in effect on ``on``, if any."""
        for p in self.protections:
            if p.kind is kind and p.since <= on and (p.until is None or on < p.until):
                return p
        return None
