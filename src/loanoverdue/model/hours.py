"""A daily window of local clock times (:class:`Hours`): when a borrower consented to be
contacted, or said contact is inconvenient."""

from __future__ import annotations

from datetime import time
from typing import Any

import attrs

from loanoverdue.errors import InvalidInputError, shown

__all__ = ["Hours", "clock_text"]


def _clock(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, time):
        raise InvalidInputError(attribute.name, f"expected a time of day, got {shown(value)}")
    if value.microsecond:
        raise InvalidInputError(
            attribute.name, f"{value.isoformat()}: give hours, minutes and at most seconds"
        )
    if value.tzinfo is not None:
        raise InvalidInputError(attribute.name, f"{value.isoformat()} is local time: give no UTC offset")


@attrs.frozen
class Hours:
    """Local clock times from ``start`` (included) to ``end`` (excluded), every day the
    window applies. An ``end`` before ``start`` runs past midnight (``22:00``–``07:00``);
    the two are never equal."""

    start: time = attrs.field(validator=_clock)
    end: time = attrs.field(validator=_clock)

    def __attrs_post_init__(self) -> None:
        if self.start == self.end:
            raise InvalidInputError("end", f"{self.end:%H:%M} is start too: the window would be empty")

    def contains(self, clock: time) -> bool:
        """Whether the local time ``clock`` lies in the window."""
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def __str__(self) -> str:
        return f"{clock_text(self.start)}–{clock_text(self.end)}"


def clock_text(clock: time) -> str:
    """``clock`` as the case file writes it: ``"15:00"``, or ``"15:00:30"`` with seconds."""
    return clock.isoformat(timespec="minutes" if clock.second == 0 else "seconds")
