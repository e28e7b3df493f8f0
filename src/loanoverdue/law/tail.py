"""``Tail``: a list that grows by appending, shared by the states of one history.

A :class:`~loanoverdue.Session` extends the engine's state of its history by one event
for every question, and keeps the history's state to answer the next one. A fact that
holds one entry per event (or per event of a kind) would be copied each time to grow by
one; a :class:`Tail` is the first :attr:`Tail.n` items of a list it shares with the
tails grown from it instead, and growing it appends to that list:

    held = Tail([a, b])        # n == 2
    asked = held.grown([c])    # n == 3, the same list: no copy
    again = held.grown([d])    # n == 3: c is dropped, d put in its place

A tail reads only its first ``n`` items, so growing one never changes what another
reads. Items past ``n`` belong to the tail grown last: growing a tail whose list holds
more than its ``n`` items drops them when no tail that reads them is alive any more (a
question's state, once answered) and copies the ``n`` items otherwise. Either way the
answer is the same; only the copy costs. Items below ``n`` may be set (:meth:`put`)
when every tail that reads them would set the same value (a fact about an event the
tails share, worked out when first asked for).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Generic, TypeVar, overload
from weakref import ref

__all__ = ["Layers", "Tail"]

T = TypeVar("T")
_new = object.__new__


class _Store(Generic[T]):
    """The list the tails grown from one another share, and the tails that read it."""

    __slots__ = ("items", "readers")

    def __init__(self, items: list[T]) -> None:
        self.items = items
        #: The tails grown from this list (weak: a tail no one holds reads nothing).
        self.readers: list[ref[Tail[T]]] = []

    def read_past(self, n: int) -> bool:
        """Whether a tail that is alive reads items past the first ``n`` (the dead
        ones are forgotten)."""
        alive = []
        past = False
        for r in self.readers:
            tail = r()
            if tail is not None:
                alive.append(r)
                if tail.n > n:
                    past = True
        self.readers = alive
        return past


class Tail(Sequence[T]):
    """The first :attr:`n` items of a list shared with the tails grown from this one
    (see the module). ``len()``, indexing with an ``int`` below :attr:`n`, iteration
    and :meth:`slice` read it; :attr:`items` is the shared list itself, of which only
    the first :attr:`n` items are this tail's (for ``bisect`` with ``hi=tail.n``)."""

    __slots__ = ("__weakref__", "_store", "items", "n")

    items: list[T]
    n: int

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.items = list(items)
        self.n = len(self.items)
        # not among the readers: every tail grown from it reads at least its items
        self._store: _Store[T] = _Store(self.items)

    def grown(self, more: Iterable[T]) -> Tail[T]:
        """This tail followed by ``more`` (this one reads what it read)."""
        store, n = self._store, self.n
        items = store.items
        if len(items) != n:  # another tail was grown from this one, or from one before
            if store.read_past(n):
                store = _Store(items[:n])
                items = store.items
            else:
                del items[n:]
        items += more
        tail: Tail[T] = _new(Tail)
        tail._store = store
        tail.items = items
        tail.n = len(items)
        store.readers.append(ref(tail))
        return tail

    def put(self, i: int, value: T) -> None:
        """Set item ``i`` (below :attr:`n`) to ``value``, which every tail reading it
        would set alike (see the module)."""
        if not 0 <= i < self.n:
            raise IndexError(i)
        self.items[i] = value

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        n = self.n
        if isinstance(i, slice):
            start, stop, step = i.indices(n)
            return self.items[start:stop:step]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return self.items[i]

    def __iter__(self) -> Iterator[T]:
        return islice(self.items, self.n)

    def __reversed__(self) -> Iterator[T]:
        items = self.items
        for i in range(self.n - 1, -1, -1):
            yield items[i]

    def __bool__(self) -> bool:
        return self.n > 0

    def __repr__(self) -> str:
        return f"Tail({self.slice(0, self.n)!r})"

    @property
    def last(self) -> T | None:
        """The last item, ``None`` for an empty tail."""
        return self.items[self.n - 1] if self.n else None

    def slice(self, lo: int, hi: int) -> list[T]:
        """Items ``lo`` to ``hi`` (bounded by :attr:`n`), as a list."""
        return self.items[max(lo, 0) : min(hi, self.n)]

    def count_up_to(self, x: Any, key: Callable[[T], Any] | None = None) -> int:
        """How many of the items (kept in the order of ``key``) are at most ``x``
        (``bisect_right`` over the first :attr:`n`)."""
        return bisect_right(self.items, x, 0, self.n, key=key)


K = TypeVar("K")
V = TypeVar("V")

#: How many maps a :class:`Layers` looks through before it is made one again.
_DEPTH = 8


class Layers(Generic[K, V]):
    """A map that grows without copies: the entries set on it (its own) over those of
    the map it was grown from (:meth:`grown`), which it never changes. Reading looks
    through at most a few layers: every few growths the layers are merged into one
    (a copy, once in so many). For a fact keyed by event or window that a state
    extended by events adds to: the state it extends keeps its own."""

    __slots__ = ("_base", "_depth", "own")

    def __init__(self, entries: dict[K, V] | None = None) -> None:
        #: The entries set on this map (those below are read through ``_base``).
        self.own: dict[K, V] = {} if entries is None else entries
        self._base: Layers[K, V] | None = None
        self._depth = 0

    def grown(self) -> Layers[K, V]:
        """A map that reads as this one and takes the entries set on it alone."""
        layers: Layers[K, V] = object.__new__(Layers)
        layers.own = {}
        if not self.own and self._base is not None:
            layers._base, layers._depth = self._base, self._depth
        elif self._depth >= _DEPTH:
            layers._base, layers._depth = Layers(self.merged()), 1
        else:
            layers._base, layers._depth = self, self._depth + 1
        return layers

    def empty(self) -> bool:
        """Whether no entry is set, here or below."""
        layer: Layers[K, V] | None = self
        while layer is not None:
            if layer.own:
                return False
            layer = layer._base
        return True

    def merged(self) -> dict[K, V]:
        """Every entry, as one dict."""
        chain = []
        layer: Layers[K, V] | None = self
        while layer is not None:
            chain.append(layer.own)
            layer = layer._base
        out: dict[K, V] = {}
        for own in reversed(chain):
            out.update(own)
        return out

    def get(self, key: K) -> V | None:
        found = self.own.get(key)
        if found is not None:
            return found
        layer = self._base
        while layer is not None:
            found = layer.own.get(key)
            if found is not None:
                return found
            layer = layer._base
        return None

    def __setitem__(self, key: K, value: V) -> None:
        self.own[key] = value
