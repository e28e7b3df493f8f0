"""Rule shapes: an event rule's whole test declared as data (``[[rule.shape]]`` tables of
a pack's ``rules.toml``), so that one statement of the law has two executors -- the
scalar engine, which calls :meth:`Shape.__call__` as the rule's check, and the columnar
plan (:mod:`loanoverdue.portfolio.plan`), which compiles the same clauses into array
operations.

A shape is an ordered list of :class:`Clause`: for an event that passes the rule's own
filters (``actions``, ``conduct``, ``targets``, ``actors``) and lies in its period, the
first clause whose conditions all hold gives the finding (its verdict, message key and
message parameters); when none holds, the rule reports nothing for the event. The
format is in ``docs/reference/pack-data.md`` ("Rule shapes").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

import attrs

from loanoverdue.law.rule import Hit, Verdict
from loanoverdue.vocabulary import Action, Actor, Conduct, Initiator, LenderKind, Place, Purpose, Target

__all__ = ["PARAMS", "Clause", "LocalTime", "Shape", "in_window"]

#: The message parameters a clause can name, each taken from the event judged:
#: ``action`` and ``target`` (the event's), ``date`` and ``local_time`` (its local date
#: and time of day), ``start`` and ``end`` (the bounds of the clause's local-time window).
PARAMS = ("action", "target", "date", "local_time", "start", "end")


def in_window(t: time, start: time, end: time) -> bool:
    """Whether ``t`` lies in ``[start, end)``; a window with ``start > end`` wraps
    midnight (21:00-08:00 holds 23:00 and 07:59, not 08:00)."""
    if start <= end:
        return start <= t < end
    return t >= start or t < end


@attrs.frozen
class LocalTime:
    """A window of local time of day, ``[start, end)``, whose bounds are the values of
    two ``time`` parameters in force on the event's local date (wrapping midnight when
    ``start`` is later than ``end``). Both values are read for every event the clause
    tests this way, and a finding of the clause lists them (start, then end). A clause
    with a window is the last clause of its shape."""

    start: str
    end: str


@attrs.frozen
class Clause:
    """One case of a shaped rule: conditions on the event (and on the loan's lender),
    and the finding they give. Every condition left ``None`` holds for any event.

    ``conduct``: the event has at least one of these flags; ``without_conduct``: it has
    none of them; ``actions``, ``actors``, ``targets``, ``places``, ``initiated_by``: the event's
    value is one of them (``places`` holds no event without a place);
    ``lender_kinds``: the loan's lender is of one of these kinds; ``local_time``: the
    event's local time of day lies in the window. ``params`` names the message
    parameters (see :data:`PARAMS`), in the order the message lists them.
    """

    verdict: Verdict
    message: str | None = None
    params: tuple[str, ...] = ()
    conduct: frozenset[Conduct] | None = None
    without_conduct: frozenset[Conduct] | None = None
    actions: frozenset[Action] | None = None
    actors: frozenset[Actor] | None = None
    targets: frozenset[Target] | None = None
    places: frozenset[Place] | None = None
    purposes: frozenset[Purpose] | None = None
    initiated_by: frozenset[Initiator] | None = None
    lender_kinds: frozenset[LenderKind] | None = None
    local_time: LocalTime | None = None
    #: The hit of a clause whose finding has no per-event parameter (one value, shared).
    fixed: Hit | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        unknown = [p for p in self.params if p not in PARAMS]
        if unknown:
            raise ValueError(
                f"unknown message parameter {unknown[0]!r} (expected one of: {', '.join(PARAMS)})"
            )
        if self.local_time is None and ("start" in self.params or "end" in self.params):
            raise ValueError("parameters start and end need a local_time window")
        if len(set(self.params)) != len(self.params):
            raise ValueError("a message parameter is named twice")
        object.__setattr__(self, "fixed", None if self.params else Hit(self.verdict, message=self.message))

    def describe(self) -> str:
        """The clause in one line: its conditions, then the finding they give."""
        parts = []
        for key in (
            "conduct",
            "without_conduct",
            "actions",
            "targets",
            "places",
            "purposes",
            "initiated_by",
            "lender_kinds",
        ):
            values = getattr(self, key)
            if values is not None:
                parts.append(f"{key} {', '.join(sorted(v.value for v in values))}")
        if self.local_time is not None:
            parts.append(f"local time in [{self.local_time.start}, {self.local_time.end})")
        finding = self.verdict.value + (f" ({self.message})" if self.message else "")
        if self.params:
            finding += f" with {', '.join(self.params)}"
        return f"{'; '.join(parts) or 'any event'} -> {finding}"

    def event_holds(self, event: Any, lender_kind: LenderKind) -> bool:
        """Whether the conditions other than the local-time window hold for ``event``."""
        conduct = event.conduct
        if self.conduct is not None and conduct.isdisjoint(self.conduct):
            return False
        if self.without_conduct is not None and not conduct.isdisjoint(self.without_conduct):
            return False
        if self.actions is not None and event.action not in self.actions:
            return False
        if self.actors is not None and event.actor not in self.actors:
            return False
        if self.targets is not None and event.target not in self.targets:
            return False
        if self.places is not None and event.place not in self.places:
            return False
        if self.purposes is not None and event.purpose not in self.purposes:
            return False
        if self.initiated_by is not None and event.initiated_by not in self.initiated_by:
            return False
        return self.lender_kinds is None or lender_kind in self.lender_kinds


@attrs.frozen
class Shape:
    """A shaped event rule's test: its clauses, first match wins. Calling a shape with
    an :class:`~loanoverdue.protocols.EventContext` is the rule's check in the scalar
    engine: it returns the hit of the first clause that holds, or ``None``."""

    clauses: tuple[Clause, ...]

    def __attrs_post_init__(self) -> None:
        if not self.clauses:
            raise ValueError("a shape has at least one clause")
        if any(c.local_time is not None for c in self.clauses[:-1]):
            # the values a window reads are the check's reads: a later clause's finding
            # would list them too
            raise ValueError("a clause with a local_time window must be the shape's last clause")

    def parameters(self) -> tuple[str, ...]:
        """The parameter ids the shape reads, each once, in order."""
        found: dict[str, None] = {}
        for c in self.clauses:
            if c.local_time is not None:
                found[c.local_time.start] = None
                found[c.local_time.end] = None
        return tuple(found)

    def lender_kinds(self) -> frozenset[LenderKind] | None:
        """The lender kinds some clause can hold for, when every clause names some
        (the rule's precondition on the case: no finding for other lenders); else
        ``None``."""
        kinds: set[LenderKind] = set()
        for c in self.clauses:
            if c.lender_kinds is None:
                return None
            kinds |= c.lender_kinds
        return frozenset(kinds)

    def precondition(self) -> Callable[[Any], bool] | None:
        """The rule's precondition on the case (see :attr:`~loanoverdue.law.Rule.applies`)
        when :meth:`lender_kinds` restricts it: the loan's lender is of one of them."""
        kinds = self.lender_kinds()
        if kinds is None:
            return None

        def lender_is(ctx: Any) -> bool:
            return ctx.case.loan.lender.kind in kinds

        return lender_is

    def __call__(self, ctx: Any) -> Hit | None:
        event = ctx.event
        kind = ctx.case.loan.lender.kind
        for clause in self.clauses:
            if not clause.event_holds(event, kind):
                continue
            window = clause.local_time
            start = end = None
            if window is not None:  # the last clause (see __attrs_post_init__)
                start, end = ctx.param(window.start), ctx.param(window.end)
                if not in_window(ctx.local.time(), start, end):
                    return None
            if clause.fixed is not None:
                return clause.fixed
            return Hit(clause.verdict, _params(clause.params, ctx, start, end), clause.message)
        return None


def _params(names: tuple[str, ...], ctx: Any, start: object, end: object) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in names:
        if name == "action":
            out[name] = ctx.event.action
        elif name == "target":
            out[name] = ctx.event.target
        elif name == "date":
            out[name] = ctx.view.day
        elif name == "local_time":
            out[name] = ctx.local.time()
        elif name == "start":
            out[name] = start
        else:
            out[name] = end
    return out
