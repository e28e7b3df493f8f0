"""A collection event: something a collector did, or proposes to do."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import _checks
from loanoverdue.vocabulary import (
    FAILED_OUTCOMES,
    INITIATED_ACTIONS,
    WRITTEN_ACTIONS,
    Action,
    Actor,
    Conduct,
    Initiator,
    Outcome,
    Place,
    Purpose,
    Target,
    Threatened,
)

__all__ = ["CollectionEvent"]


def _conduct(value: Any) -> frozenset[Conduct]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidInputError("conduct", f"expected a list of conduct values, got {shown(value)}")
    items = []
    for i, item in enumerate(value):
        try:
            items.append(Conduct(item))
        except ValueError:
            allowed = ", ".join(c.value for c in Conduct)
            raise InvalidInputError(
                f"conduct[{i}]", f"unknown value {shown(item)} (expected one of: {allowed})"
            ) from None
    return frozenset(items)


def _threatened(value: Any) -> frozenset[Threatened]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidInputError("threatened", f"expected a list of what was threatened, got {value!r}")
    items = []
    for i, item in enumerate(value):
        try:
            items.append(Threatened(item))
        except ValueError:
            allowed = ", ".join(t.value for t in Threatened)
            raise InvalidInputError(
                f"threatened[{i}]", f"unknown value {item!r} (expected one of: {allowed})"
            ) from None
    return frozenset(items)


@attrs.frozen
class CollectionEvent:
    """One collection event. ``at`` is time-zone aware; ``proposed`` marks a planned
    event that has not happened (rules judge it as if it happened at ``at``).

    ``initiated_by`` says who started the contact: the collector's side (the default:
    ``actor`` did something to ``target``) or the borrower, who called or wrote to the
    collector ``actor``; then ``target`` is the borrower, ``action`` one of
    :data:`~loanoverdue.model.INITIATED_ACTIONS`, and ``conduct`` still says
    how the collector behaved in the contact."""

    at: datetime = attrs.field(validator=_checks.aware_datetime)
    action: Action = attrs.field(converter=_checks.to_member(Action), validator=_checks.enum_member(Action))  # type: ignore[misc]
    actor: Actor = attrs.field(
        default=Actor.UNKNOWN,
        converter=_checks.to_member(Actor),  # type: ignore[misc]
        validator=_checks.enum_member(Actor),
    )
    target: Target = attrs.field(
        default=Target.BORROWER,
        converter=_checks.to_member(Target),  # type: ignore[misc]
        validator=_checks.enum_member(Target),
    )
    outcome: Outcome = attrs.field(
        default=Outcome.UNKNOWN,
        converter=_checks.to_member(Outcome),  # type: ignore[misc]
        validator=_checks.enum_member(Outcome),
    )
    place: Place | None = attrs.field(
        default=None,
        converter=_checks.to_optional_member(Place),  # type: ignore[misc]
        validator=_checks.optional_enum_member(Place),
    )
    conduct: frozenset[Conduct] = attrs.field(default=frozenset(), converter=_conduct)
    proposed: bool = attrs.field(default=False, validator=_checks.instance_of(bool, "true or false"))
    purpose: Purpose | None = attrs.field(
        default=None,
        converter=_checks.to_optional_member(Purpose),  # type: ignore[misc]
        validator=_checks.optional_enum_member(Purpose),
    )
    initiated_by: Initiator = attrs.field(
        default=Initiator.COLLECTOR,
        converter=_checks.to_member(Initiator),  # type: ignore[misc]
        validator=_checks.enum_member(Initiator),
    )
    #: What the threat threatened (with conduct ``threat``); empty: not said.
    threatened: frozenset[Threatened] = attrs.field(default=frozenset(), converter=_threatened)
    #: Free text for the record (never read by rules).
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: The collector's reference of another debt of the borrower this event was about
    #: (and counted toward), instead of the case's loan; ``None``: the case's loan
    #: (perhaps among others).
    debt: str | None = attrs.field(default=None, validator=_checks.optional_text)
    #: For a letter or message: the day the borrower received it, where known.
    received_on: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)
    #: For a letter or message: the day the collector learned it came back undelivered.
    returned_on: date | None = attrs.field(default=None, validator=_checks.optional_plain_date)

    def __attrs_post_init__(self) -> None:
        if self.received_on is not None or self.returned_on is not None:
            self._check_delivery()
        if self.threatened and Conduct.THREAT not in self.conduct:
            raise InvalidInputError(
                "threatened", 'says what a threat threatened: conduct must include "threat"'
            )
        if self.initiated_by is Initiator.BORROWER:
            if self.action not in INITIATED_ACTIONS:
                allowed = ", ".join(sorted(a.value for a in INITIATED_ACTIONS))
                raise InvalidInputError(
                    "initiated_by",
                    f"a borrower initiates only a contact ({allowed}), not {self.action.value!r}",
                )
            if self.target is not Target.BORROWER:
                raise InvalidInputError(
                    "initiated_by",
                    f'a contact the borrower initiated has target "borrower", not {self.target.value!r}',
                )

    def _check_delivery(self) -> None:
        field = "received_on" if self.received_on is not None else "returned_on"
        if self.action not in WRITTEN_ACTIONS:
            allowed = ", ".join(sorted(a.value for a in WRITTEN_ACTIONS))
            raise InvalidInputError(
                field, f"says the delivery of a letter or message ({allowed}), not of {self.action.value!r}"
            )
        if self.initiated_by is Initiator.BORROWER:
            raise InvalidInputError(
                field, "says the delivery of the collector's letter or message, not the borrower's"
            )
        if self.received_on is not None and self.returned_on is not None:
            raise InvalidInputError("returned_on", "a letter or message is received or returned, not both")
        if self.received_on is not None and self.outcome in FAILED_OUTCOMES:
            raise InvalidInputError(
                "received_on", f"a letter or message with outcome {self.outcome.value!r} was not received"
            )
        if self.returned_on is not None and self.outcome in (Outcome.DELIVERED, Outcome.CONNECTED):
            raise InvalidInputError(
                "returned_on", f"a letter or message with outcome {self.outcome.value!r} did not come back"
            )

    @property
    def returned(self) -> bool:
        """Whether the letter or message came back undelivered: ``returned_on`` is given."""
        return self.returned_on is not None

    @property
    def by_borrower(self) -> bool:
        """Whether the borrower initiated this contact (``initiated_by`` is ``borrower``)."""
        return self.initiated_by is Initiator.BORROWER

    def has(self, *conduct: Conduct) -> bool:
        """Whether any of ``conduct`` was part of this event."""
        return not self.conduct.isdisjoint(conduct)
