"""A collection event: something a collector did, or proposes to do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model import _checks
from loanoverdue.model.vocabulary import Action, Actor, Conduct, Outcome, Place, Purpose, Target

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


@attrs.frozen
class CollectionEvent:
    """One collection event. ``at`` is time-zone aware; ``proposed`` marks a planned
    event that has not happened (rules judge it as if it happened at ``at``)."""

    at: datetime = attrs.field(validator=_checks.aware_datetime)
    action: Action = attrs.field(converter=_checks.to_action, validator=_checks.enum_member(Action))
    actor: Actor = attrs.field(
        default=Actor.UNKNOWN,
        converter=_checks.to_actor,
        validator=_checks.enum_member(Actor),
    )
    target: Target = attrs.field(
        default=Target.BORROWER,
        converter=_checks.to_target,
        validator=_checks.enum_member(Target),
    )
    outcome: Outcome = attrs.field(
        default=Outcome.UNKNOWN,
        converter=_checks.to_outcome,
        validator=_checks.enum_member(Outcome),
    )
    place: Place | None = attrs.field(
        default=None,
        converter=_checks.to_optional_place,
        validator=_checks.optional_enum_member(Place),
    )
    conduct: frozenset[Conduct] = attrs.field(default=frozenset(), converter=_conduct)
    proposed: bool = attrs.field(default=False, validator=_checks.instance_of(bool, "true or false"))
    purpose: Purpose | None = attrs.field(
        default=None,
        converter=_checks.to_optional_purpose,
        validator=_checks.optional_enum_member(Purpose),
    )
    #: Free text for the record (never read by rules).
    note: str | None = attrs.field(default=None, validator=_checks.optional_text)

    def has(self, *conduct: Conduct) -> bool:
        """Whether any of ``conduct`` was part of this event."""
        return not self.conduct.isdisjoint(conduct)
