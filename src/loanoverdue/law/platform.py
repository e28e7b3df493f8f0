"""Platform policies: what a lending platform's own agreement says about collection.

A platform policy is data a platform operator or a consumer app can write without Python
(a TOML file, see ``docs/how-to/platform-policy.md``, read by
:mod:`loanoverdue.files.platform_policy`): the escalation schedule the platform follows,
and the contractual terms that matter to the outlook — grace period, penalty rate,
whether collection may be outsourced and from when, whether visits are made, which third
parties may be contacted. Every entry states its source (a clause of the platform's
published agreement) or is marked as the writer's assumption.

A policy can only narrow what the law permits: the engine judges each scheduled step
with the jurisdiction's own rules and reports a step the law forbids as a conflict
instead of applying it. This module holds the value classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Basis
from loanoverdue.law.text import Text

__all__ = [
    "Agreement",
    "EntrySource",
    "PlatformPolicy",
    "Term",
    "Terms",
]


@attrs.frozen
class Agreement:
    """The platform's published agreement that clauses are cited from."""

    title: Text
    url: str | None = None
    date: date | None = None


@attrs.frozen
class EntrySource:
    """Where a policy entry comes from: a clause of the agreement, or the writer's
    assumption (``clause`` is ``None``)."""

    clause: str | None = None
    note: str | None = None

    @property
    def is_assumption(self) -> bool:
        return self.clause is None

    @property
    def basis(self) -> Basis:
        return Basis.ASSUMPTION if self.clause is None else Basis.PLATFORM_POLICY

    def describe(self, agreement: Agreement | None, lang: str = "en") -> str:
        if self.clause is None:
            return "assumption of the policy's writer" if lang == "en" else "政策编写者的假设"
        title = agreement.title.get(lang) if agreement else "agreement"
        return f"{title}, clause {self.clause}" if lang == "en" else f"《{title}》第{self.clause}条"


@attrs.frozen
class Term:
    """One contractual term with its source."""

    value: Any
    source: EntrySource
    after_days: int | None = None


@attrs.frozen
class Terms:
    """The contractual terms that matter to collection. ``None`` means the policy says
    nothing about the term."""

    grace_days: Term | None = None
    penalty_rate: Term | None = None  # Decimal, per year
    outsourcing: Term | None = None  # bool; after_days from when an agency may be used
    visits: Term | None = None  # bool
    contacts: Term | None = None  # frozenset[Target] that may be contacted


@attrs.frozen(eq=False)
class PlatformPolicy:
    """A platform's policy: identity, agreement, terms and escalation schedule."""

    platform: str
    jurisdiction: str
    name: Text
    terms: Terms
    schedule: EscalationPolicy
    sources: Mapping[str, EntrySource]
    agreement: Agreement | None = None
    operator: str | None = None
    origin: str | None = None  # the file it was read from, or the pack that shipped it

    @property
    def id(self) -> str:
        return self.schedule.id
