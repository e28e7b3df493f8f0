"""What the borrower told the collector about times, places and consent to contact
(Regulation F 1006.6(b)(1), (b)(4)(i)): the ``inconvenient_time``, ``inconvenient_place``
and ``contact_consent`` protections, as the US time and place rules read them."""

from __future__ import annotations

from datetime import date, datetime

from loanoverdue.pack import Action, Borrower, CollectionEvent, Place, Protection, ProtectionKind, Weekday

__all__ = ["event_place", "inconvenient_places", "said_inconvenient", "time_phrase"]

_CONSENT = ProtectionKind.CONTACT_CONSENT
_TIMES = ProtectionKind.INCONVENIENT_TIME
_PLACES = ProtectionKind.INCONVENIENT_PLACE


def said_inconvenient(borrower: Borrower, local: datetime) -> Protection | None:
    """The first ``inconvenient_time`` in effect whose weekdays and hours cover the local
    date-time ``local``."""
    for p in borrower.protections:
        if p.kind is _TIMES and p.covers(local):
            return p
    return None


def inconvenient_places(borrower: Borrower, day: date) -> tuple[frozenset[Place], date | None]:
    """The places the borrower said are inconvenient, in effect on ``day``, and since when
    the first of them was said."""
    places: set[Place] = set()
    since: date | None = None
    for p in borrower.protections:
        if p.kind is _PLACES and p.in_effect(day):
            places |= p.places
            since = since or p.since
    return frozenset(places), since


_VISIT_PLACES = {Action.HOME_VISIT: Place.HOME, Action.WORKPLACE_VISIT: Place.WORKPLACE}


def event_place(event: CollectionEvent) -> Place | None:
    """Where the event reached the borrower: its ``place``, or the place of a visit."""
    return event.place or _VISIT_PLACES.get(event.action)


_DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def time_phrase(p: Protection) -> str:
    """The times of ``p`` in English words: "Saturdays and Sundays", "15:00–17:00 on
    Mondays", "15:00–17:00"."""
    days = [name for d, name in zip(Weekday, _DAY_NAMES, strict=True) if d in p.weekdays]
    day_text = " and ".join([", ".join(days[:-1]), days[-1]] if len(days) > 1 else days)
    if p.hours is None:
        return day_text
    return f"{p.hours} on {day_text}" if day_text else str(p.hours)
