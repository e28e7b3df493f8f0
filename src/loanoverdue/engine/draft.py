"""The draft assessment advice contributors read: everything but the advice."""

from __future__ import annotations

import attrs

from loanoverdue.law.rule import Verdict
from loanoverdue.model.vocabulary import Action
from loanoverdue.results import (
    Credit,
    Exposure,
    Finding,
    Interest,
    Limitation,
    OutlookStatus,
    Prospect,
    Stage,
)

__all__ = ["Draft"]


@attrs.frozen
class Draft:
    """Findings, outlook and consequences of a case, before advice."""

    days_past_due: int
    stage: Stage
    findings: tuple[Finding, ...]
    outlook: tuple[Prospect, ...]
    limitation: Limitation | None
    credit: Credit | None
    interest: Interest | None
    exposure: Exposure | None

    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.verdict is Verdict.VIOLATION)

    def fired(self, prefix: str) -> tuple[Finding, ...]:
        """Findings of rules whose id starts with ``prefix``."""
        return tuple(f for f in self.findings if f.rule.startswith(prefix))

    def prospect(self, action: Action) -> Prospect | None:
        for p in self.outlook:
            if p.action is action:
                return p
        return None

    def status(self, action: Action) -> OutlookStatus | None:
        p = self.prospect(action)
        return None if p is None else p.status
