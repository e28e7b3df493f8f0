"""Escalation policies: which collection steps come at which point, and on what basis.

A policy belongs to a jurisdiction and may be narrowed to lender kinds or to one
platform. For each step the most specific policy wins: platform > lender kind >
jurisdiction default.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs

from loanoverdue.law.rule import Basis
from loanoverdue.law.source import Citation
from loanoverdue.law.text import Text
from loanoverdue.vocabulary import Action, Actor, LenderKind

__all__ = ["EscalationPolicy", "Likelihood", "PolicyLevel", "Step"]


class Likelihood(StrEnum):
    """A step's baseline likelihood once its time has come, before factors move it."""

    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


class PolicyLevel(StrEnum):
    """How specific a policy is; higher levels win."""

    JURISDICTION = "jurisdiction"
    LENDER_KIND = "lender_kind"
    PLATFORM = "platform"


#: A number of days, an amount or a count: literal, or the id of a parameter.
Threshold = int | Decimal | str


@attrs.frozen
class Step:
    """One step of an escalation schedule.

    ``after_days`` is the days past due from which the step usually comes;
    ``min_amount`` the outstanding amount below which it is uncommon; ``failed_contacts``
    the number of unanswered contact attempts that makes it more likely; ``requires``
    steps that must have happened first. Thresholds may name a parameter instead of a
    literal, so the trace shows where the figure came from. ``offered = False`` says the
    policy excludes the step (e.g. a platform that never visits). ``done_by``, when
    given, names the only actors whose events of the action make the step happen (a
    court's service of documents: an event by anyone else is not the step, whatever it
    is called); ``None`` counts every actor.
    """

    action: Action
    after_days: Threshold = 0
    baseline: Likelihood = Likelihood.POSSIBLE
    basis: Basis = Basis.ASSUMPTION
    min_amount: Threshold | None = None
    failed_contacts: Threshold | None = None
    requires: tuple[Action, ...] = ()
    offered: bool = True
    citations: tuple[Citation, ...] = ()
    note: Text | None = None
    done_by: frozenset[Actor] | None = None


@attrs.frozen(eq=False)
class EscalationPolicy:
    """A schedule of steps for a jurisdiction, optionally narrowed to lender kinds or to
    one platform."""

    id: str
    jurisdiction: str
    title: Text
    steps: tuple[Step, ...]
    lender_kinds: frozenset[LenderKind] | None = None
    platform: str | None = None
    source: Text | None = None

    @property
    def level(self) -> PolicyLevel:
        if self.platform is not None:
            return PolicyLevel.PLATFORM
        if self.lender_kinds is not None:
            return PolicyLevel.LENDER_KIND
        return PolicyLevel.JURISDICTION
