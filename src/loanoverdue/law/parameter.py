"""Time-versioned parameters: named values with one value per effective period."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal

import attrs

from loanoverdue.law.rule import Basis
from loanoverdue.law.source import Citation, SourceStatus
from loanoverdue.law.text import Text

__all__ = ["Parameter", "ParameterValue"]

_EXAMPLES = {"decimal": '"0.24"', "int": "3", "bool": "true", "time": "21:00", "date": "2026-01-01"}


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

    def coerce(self, raw: object) -> object:
        """``raw`` as a value of this parameter's type (``decimal``, ``int``, ``bool``,
        ``time``, ``date`` or ``text``), from a value of that type or its text (as a
        command line gives it); :class:`ValueError` saying what is expected otherwise."""
        kind = self.type
        try:
            if kind == "decimal":
                if isinstance(raw, Decimal):
                    return raw
                if isinstance(raw, (str, int)) and not isinstance(raw, bool):
                    found = Decimal(str(raw).strip())
                    if found.is_finite():
                        return found
            elif kind == "int":
                if isinstance(raw, int) and not isinstance(raw, bool):
                    return raw
                if isinstance(raw, str) and raw.strip().lstrip("-").isdigit() and len(raw.strip()) < 19:
                    return int(raw.strip())
            elif kind == "bool":
                if isinstance(raw, bool):
                    return raw
                if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
                    return raw.strip().lower() == "true"
            elif kind == "time":
                if isinstance(raw, time):
                    return raw
                if isinstance(raw, str):
                    return time.fromisoformat(raw.strip())
            elif kind == "date":
                if isinstance(raw, date) and not isinstance(raw, datetime):
                    return raw
                if isinstance(raw, str):
                    return date.fromisoformat(raw.strip())
            elif isinstance(raw, str):
                return raw
        except (ValueError, ArithmeticError):
            pass
        shown = repr(raw) if len(repr(raw)) <= 60 else repr(raw)[:57] + "..."
        raise ValueError(f"{shown} is not a value of type {kind} (e.g. {_EXAMPLES.get(kind, 'text')})")

    def value_on(self, day: date) -> ParameterValue | None:
        """The value in force on ``day``, or ``None`` if none is."""
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            return None
        found = self.values[i]
        if found.end is not None and day > found.end:
            return None
        return found
