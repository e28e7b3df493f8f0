"""The borrower's express consent to contact at a time (Civil Code art. 1033: "除法律另有
规定或者权利人明确同意外"), as the China civil contact rules read the case's
``contact_consent`` protections: a contact within such a consent intrudes on no one, so
``cn.contact.quiet_hours`` does not judge it and neither it nor ``cn.contact.frequency.civil``
counts it.

Only the borrower's own contacts can be consented to here: a ``contact_consent`` is what
the borrower told the collector, and the right-holder of a third party's peace is that
third party. A consent that names no ``hours`` is not an express consent to contact at a
time (the same reading as the United States pack's of 1006.6(b)(4)(i))."""

from __future__ import annotations

from loanoverdue.pack import Borrower, EventView, Protection, Target

__all__ = ["consent_covering"]


def consent_covering(borrower: Borrower, view: EventView) -> Protection | None:
    """The borrower's consent, given on or before the contact's local day, that covers
    the contact ``view`` to the borrower: its hours (and weekdays, where named) hold the
    local time, its media (where named) the action, and it was not withdrawn (``until``)
    by that day. ``None`` for contacts to anyone else, or the borrower's own."""
    event = view.event
    if event.target is not Target.BORROWER or event.by_borrower:
        return None
    return borrower.consent_at(view.local, event.action)
