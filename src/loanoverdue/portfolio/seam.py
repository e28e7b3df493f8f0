"""Where a columnar plan meets the screen: which rules a plan answers for a batch
itself, and which accounts x rules are left to the exact engine.

A plan is built once per process from the registry (``plan(registry)``) and asked once
per batch (:meth:`ColumnarPlan.screen`) with the batch's columns
(:class:`~loanoverdue.portfolio.columns.ColumnBatch`). It answers a
:class:`PlanOutcome`: the findings rows of the rules it ran vectorised (rows of the
findings table, ``docs/reference/portfolio-tables.md``, without ``id``), per account;
and for each rule left exact, the accounts whose cases the engine must run it on. The
screen runs :func:`~loanoverdue.engine.screening.assess_rules` on exactly those
accounts and rules, merges both in the order ``assess()`` lists findings, and builds a
case only for an account that needs the engine.

:class:`ExactPlan` is the plan with no vectorised rule: every rule exact on every
account.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from loanoverdue.engine.screening import CONFLICT_RULE
from loanoverdue.registry import Registry

if TYPE_CHECKING:
    from loanoverdue.portfolio.columns import ColumnBatch

__all__ = ["EXACT", "VECTORISED", "ColumnarPlan", "ExactPlan", "PlanFactory", "PlanOutcome"]

#: How a rule is screened: by the engine, account by account.
EXACT = "exact"
#: How a rule is screened: by a columnar plan, a batch at a time.
VECTORISED = "vectorised"


@attrs.frozen
class PlanOutcome:
    """What a plan found in a batch.

    ``findings[i]``: the findings rows of the vectorised rules about the ``i``-th good
    account of the batch (any order; keys as in the findings table, ``id`` left out).
    ``exact``: rule id -> the accounts the engine must run it on, a boolean numpy
    array over the batch's good accounts, or ``None`` for all of them."""

    findings: Sequence[Sequence[Mapping[str, Any]]]
    exact: Mapping[str, Any]


class ColumnarPlan(Protocol):
    """A plan compiled from a registry's rules (see the module's text)."""

    def methods(self) -> Mapping[str, str]:
        """How each rule of the registry is screened (:data:`EXACT` or
        :data:`VECTORISED`), by rule id."""
        ...

    def screen(self, batch: ColumnBatch) -> PlanOutcome:
        """The vectorised findings of ``batch`` and what is left exact."""
        ...


#: What the screen is given to build a plan in each process.
PlanFactory = Callable[[Registry], ColumnarPlan]


class ExactPlan:
    """The plan that vectorises nothing: every rule (and the platform conflicts) is run
    by the engine on every account."""

    def __init__(self, registry: Registry) -> None:
        self._rules = tuple(sorted(registry.rules))

    def methods(self) -> Mapping[str, str]:
        return dict.fromkeys(self._rules, EXACT)

    def screen(self, batch: ColumnBatch) -> PlanOutcome:
        return PlanOutcome(
            [()] * len(batch.ids), dict.fromkeys((*self._rules, CONFLICT_RULE), None)
        )
