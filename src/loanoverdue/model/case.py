"""A case: one loan, one borrower, what has happened so far, and the moment of the
assessment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import _checks
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.loan import Loan
from loanoverdue.model.parties import Borrower

__all__ = ["Case"]


def _events(value: Any) -> tuple[CollectionEvent, ...]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise InvalidInputError("events", "expected a list of events")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, CollectionEvent):
            raise InvalidInputError(f"events[{i}]", f"expected a CollectionEvent, got {shown(item)}")
    return items


@attrs.frozen
class Case:
    """The input of an assessment. Events keep the order given; findings refer to them by
    index. Events after ``as_of`` must be marked ``proposed``. ``id`` is the account's
    reference in a book, carried through unchanged."""

    as_of: datetime = attrs.field(validator=_checks.aware_datetime)
    borrower: Borrower = attrs.field(validator=_checks.instance_of(Borrower, "a Borrower"))
    loan: Loan = attrs.field(validator=_checks.instance_of(Loan, "a Loan"))
    events: tuple[CollectionEvent, ...] = attrs.field(default=(), converter=_events)
    #: The account's reference in a book (a lender's account number); ``None`` when the
    #: case stands alone. It names the case in batch output and changes no assessment.
    id: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def __attrs_post_init__(self) -> None:
        today = self.as_of.astimezone(self.borrower.tz).date()
        loan = self.loan
        if loan.due_date > today:
            raise InvalidInputError("loan.due_date", f"{loan.due_date} is after as_of ({today})")
        for name in ("contract_date", "last_payment_date", "last_acknowledgment_date", "repaid_on"):
            value = getattr(loan, name)
            if value is not None and value > today:
                raise InvalidInputError(f"loan.{name}", f"{value} is after as_of ({today})")
        for i, payment in enumerate(loan.payments):
            if payment.paid_on > today:
                raise InvalidInputError(
                    f"loan.payments[{i}].date", f"{payment.paid_on} is after as_of ({today})"
                )
        for i, p in enumerate(self.borrower.protections):
            if p.since > today:
                raise InvalidInputError(
                    f"borrower.protections[{i}].since", f"{p.since} is after as_of ({today})"
                )
            if p.until is not None and p.until > today:
                raise InvalidInputError(
                    f"borrower.protections[{i}].until", f"{p.until} is after as_of ({today})"
                )
        tz = self.borrower.tz
        for i, event in enumerate(self.events):
            if not event.proposed and event.at > self.as_of:
                raise InvalidInputError(
                    f"events[{i}].at",
                    f'{event.at.isoformat()} is after as_of; mark planned events "proposed": true',
                )
            for name in ("received_on", "returned_on"):
                value = getattr(event, name)
                if value is None:
                    continue
                sent = event.at.astimezone(tz).date()
                if value < sent:
                    raise InvalidInputError(
                        f"events[{i}].{name}", f"{value} is before the day it was sent ({sent}, local date)"
                    )
                if value > today:
                    raise InvalidInputError(f"events[{i}].{name}", f"{value} is after as_of ({today})")

    def with_as_of(self, as_of: datetime) -> Case:
        """The case as it stood at ``as_of``: events that had not happened by then are
        left out (they are reported in the assessment's trace)."""
        kept = tuple(e for e in self.events if e.proposed or e.at <= as_of)
        return attrs.evolve(self, as_of=as_of, events=kept)
