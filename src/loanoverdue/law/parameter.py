"""Time-versioned parameters: named values with one value per effective period."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from datetime import date

import attrs

from loanoverdue.law.rule import Basis
from loanoverdue.law.source import Citation, SourceStatus
from loanoverdue.law.text import Text

__all__ = ["Parameter", "ParameterValue"]


@attrs.frozen
class ParameterValue:
    """One value of a parameter, in force from ``start`` until ``end`` (inclusive) or,
    when ``end`` is ``None``, until the next value starts. ``start`` is ``None`` for a
    first value whose start date the sources do not give ("in force since before any
    date the pack knows of")."""

    start: date | None
    value: object
    end: date | None = None
    status: SourceStatus | None = None


def _sorted_values(values: Iterable[ParameterValue]) -> tuple[ParameterValue, ...]:
    ordered = tuple(sorted(values, key=lambda v: v.start or date.min))
    for i, v in enumerate(ordered):
        if v.start is None and i > 0:
            raise ValueError("only the first value may have no start date")
    for before, after in itertools.pairwise(ordered):
        if before.start == after.start:
            raise ValueError(f"two values start on {after.start}")
        if before.end is not None and after.start is not None and before.end >= after.start:
            raise ValueError(f"value from {before.start} overlaps the one from {after.start}")
    return ordered


@attrs.frozen(eq=False)
class Parameter:
    """A named parameter of one jurisdiction, e.g. the one-year LPR or a quiet-hours
    start. For a jurisdiction chain the most specific jurisdiction's parameter wins."""

    id: str
    jurisdiction: str
    title: Text
    basis: Basis
    status: SourceStatus
    values: tuple[ParameterValue, ...] = attrs.field(converter=_sorted_values)
    citations: tuple[Citation, ...] = ()
    type: str = "text"
    unit: str | None = None
    note: str | None = None
    _starts: tuple[date, ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"parameter {self.id!r} has no values")
        object.__setattr__(self, "_starts", tuple(v.start or date.min for v in self.values))

    def value_on(self, day: date) -> ParameterValue | None:
        """The value in force on ``day``, or ``None`` if none is."""
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        found = self.values[i]
        if found.end is not None and day > found.end:
            return None
        return found
