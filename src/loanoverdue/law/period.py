"""Effective periods: the dates between which a rule, an instrument or a parameter
value is in force."""

from __future__ import annotations

from datetime import date

import attrs

__all__ = ["Period"]


@attrs.frozen
class Period:
    """A closed interval of dates; ``None`` at either end means unbounded."""

    start: date | None = None
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start} – {end}"
