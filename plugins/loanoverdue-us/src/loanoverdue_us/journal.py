"""Append-only columns that the facts of a history share with the facts extended from
it (a dialler session's questions and records), so that a question adds what its one
event adds, and copies nothing the history holds.

A :class:`Column` holds entries (one per event of a kind, in time order) with each
entry's event index, time stamp and local date. The facts of a state read a column only
about the state's own events (what comes before one of them, a position one of them
has): an extended state's events come after the history's in time and in the case's
order, so the entries a longer state added are never among those answers.

A :class:`Journal` records what an extension wrote, so that the next extension from the
same history takes it back first (a question after a question: the first one's event is
not part of the second's case). It takes writes back only when no state that holds them
is alive (the facts of a finished question are gone; a state still held, such as a
history a record left behind and someone kept, keeps its writes, and the extension is
then worked out afresh). A journal belongs to the thread that made it: an extension in
another thread is worked out afresh, so questions asked from several threads at once
never share a column. What a long session recorded is forgotten now and then
(:meth:`Journal.begin`), so the journal stays small.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left
from datetime import date
from typing import Any, Generic, TypeVar

__all__ = ["Column", "Journal"]

T = TypeVar("T")

#: A position no column reaches (a column whose dates never go back).
_NEVER = 1 << 62
#: Forget what the extensions wrote when the journal holds this many writes.
_FORGET_AT = 1024
#: Drop the finished extensions from the record of them when it holds this many.
_PRUNE_AT = 64


class Column(Generic[T]):
    """Entries in time order (ties: in the case's order), each with the event's index,
    time stamp and local date. Written only through a :class:`Journal` (or while the
    facts holding it are first made)."""

    __slots__ = ("broke", "days", "index", "items", "ts")

    def __init__(self) -> None:
        self.items: list[T] = []
        self.index: list[int] = []
        self.ts: list[float] = []
        self.days: list[date] = []
        #: The position of the first entry whose date is earlier than the one before it
        #: (a clock falling back past midnight), :data:`_NEVER` for none.
        self.broke = _NEVER

    def add(self, item: T, index: int, ts: float, day: date) -> None:
        days = self.days
        if days and day < days[-1] and self.broke == _NEVER:
            self.broke = len(days)
        self.items.append(item)
        self.index.append(index)
        self.ts.append(ts)
        days.append(day)

    def pop(self) -> None:
        """Take back the last entry."""
        self.items.pop()
        self.index.pop()
        self.ts.pop()
        self.days.pop()
        if self.broke >= len(self.days):
            self.broke = _NEVER

    def rising(self, hi: int) -> bool:
        """Whether the dates of the first ``hi`` entries never decrease."""
        return self.broke >= hi

    def before(self, ts: float, index: int, hi: int) -> int:
        """How many of the first ``hi`` entries come before the event at ``ts`` with
        ``index`` in time order (ties: in the case's order)."""
        stamps = self.ts
        k = bisect_left(stamps, ts, 0, hi)
        positions = self.index
        while k < hi and stamps[k] == ts and positions[k] < index:
            k += 1
        return k


class Journal:
    """What the extensions of one history wrote to its columns and maps, and which of
    those extensions may still be read (see the module's docstring)."""

    __slots__ = ("_floor", "_log", "_owners", "_thread")

    def __init__(self) -> None:
        #: (event index, column or map, key or ``_COLUMN``), in the order written.
        self._log: list[tuple[int, Any, object]] = []
        #: (events held, the facts that hold them) for each extension, in order.
        self._owners: list[tuple[int, weakref.ref[object]]] = []
        #: No extension from fewer events can take its writes back (see :meth:`begin`).
        self._floor = 0
        self._thread = threading.get_ident()

    def begin(self, start: int, end: int, owner: object) -> bool:
        """Make the columns hold the events below ``start`` only, for ``owner`` (the
        facts of a state of ``end`` events) to write those from ``start`` on. ``False``
        when it cannot: a state holding events from ``start`` on is still alive, or
        this is another thread, or the journal no longer knows what was written from
        ``start`` on (then nothing changed).

        The journal keeps its writes until it holds :data:`_FORGET_AT`; it then forgets
        those below ``start`` (all it holds, once the later ones are taken back), so that
        a session that records for long holds no more than that: an extension from fewer
        events (a state kept from before) is then worked out afresh."""
        if start < self._floor or threading.get_ident() != self._thread:
            return False
        owners = self._owners
        k = len(owners)
        while k and owners[k - 1][0] > start:
            if owners[k - 1][1]() is not None:
                return False
            k -= 1
        del owners[k:]
        log = self._log
        while log and log[-1][0] >= start:
            _, where, key = log.pop()
            if key is _COLUMN:
                where.pop()
            else:
                del where[key]
        if len(log) >= _FORGET_AT:
            # every write left is below ``start``: none can be taken back from here on
            log.clear()
            owners.clear()
            self._floor = start
        elif len(owners) >= _PRUNE_AT:
            owners[:] = [o for o in owners if o[1]() is not None]
        owners.append((end, weakref.ref(owner)))
        return True

    def add(self, column: Column[T], item: T, index: int, ts: float, day: date) -> None:
        """Add an entry to ``column``, to be taken back with the event ``index``."""
        days = column.days  # Column.add, inlined: a question's hottest write
        if days and day < days[-1] and column.broke == _NEVER:
            column.broke = len(days)
        column.items.append(item)
        column.index.append(index)
        column.ts.append(ts)
        days.append(day)
        self._log.append((index, column, _COLUMN))

    def put(self, found: dict[int, T], index: int, value: T) -> None:
        """Set ``found[index]`` (a map by event index), to be taken back with it."""
        found[index] = value
        self._log.append((index, found, index))


#: A log entry's key for an entry added to a column.
_COLUMN = object()
