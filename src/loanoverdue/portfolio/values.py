"""Account values of a batch: days past due and stage for the whole batch at once, the
consequences from the engine's calculators, account by account.

Days past due is plain arithmetic on the batch's date columns (the engine's own
definition, :func:`~loanoverdue.engine.context.days_past_due`: from the due date to the
local day of ``as_of`` or to repayment, never below 0); the stage is the engine's
:func:`~loanoverdue.engine.context.stage_for`, asked once per distinct (days, repaid)
pair of the batch. Limitation, credit retention, the interest cap and criminal exposure
are the packs' calculators (law with periods, interruptions and regimes): they run
through :func:`~loanoverdue.engine.screening.assess_rules`, never restated here. Both
are tested equal to ``assess()`` for every account of a generated book.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any

from loanoverdue.engine.context import stage_for

if TYPE_CHECKING:
    from loanoverdue.engine.screening import RulesAssessment
    from loanoverdue.portfolio.columns import ColumnBatch

__all__ = ["batch_days_past_due", "batch_stages", "values_row"]


def batch_days_past_due(batch: ColumnBatch) -> Any:
    """Days past due of each good account of ``batch`` (an int32 numpy array)."""
    np = import_module("numpy")
    repaid = batch.repaid_on
    end = np.where(np.isnat(repaid), batch.today, repaid)
    return np.maximum(0, (end - batch.due_date).astype(np.int64)).astype(np.int32)


def batch_stages(batch: ColumnBatch, dpd: Any) -> list[str]:
    """The stage of each good account of ``batch`` (its value, e.g. ``"early"``)."""
    np = import_module("numpy")
    repaid = ~np.isnat(batch.repaid_on)
    pairs = dpd.astype(np.int64) * 2 + repaid
    distinct, where = np.unique(pairs, return_inverse=True)
    names = np.array([stage_for(int(p) // 2, bool(p % 2)).value for p in distinct.tolist()], dtype=object)
    out: list[str] = names[where].tolist() if len(pairs) else []
    return out


def values_row(
    account_id: str,
    jurisdiction: str,
    days_past_due: int,
    stage: str,
    exact: RulesAssessment,
    findings: Sequence[Mapping[str, Any]],
    next_contact: datetime | None = None,
) -> dict[str, Any]:
    """The account-values row (``docs/reference/portfolio-tables.md``) of an account:
    the batch's ``days_past_due`` and ``stage``, the consequences of ``exact``, the
    counts of its findings rows and the next lawful contact time where it was asked."""
    lim, credit, interest, exposure = exact.limitation, exact.credit, exact.interest, exact.exposure
    return {
        "id": account_id,
        "jurisdiction": jurisdiction,
        "days_past_due": days_past_due,
        "stage": stage,
        "limitation_expires": lim.expires if lim else None,
        "limitation_expired": lim.expired if lim else None,
        "credit_reported": credit.reported if credit else None,
        "credit_retained_until": credit.retained_until if credit else None,
        "annual_rate": None if interest is None or interest.annual_rate is None else str(interest.annual_rate),
        "interest_cap": None if interest is None or interest.cap is None else str(interest.cap),
        "interest_excess": interest.excess if interest else None,
        "criminal_possible": exposure.criminal_possible if exposure else None,
        "findings": len(findings),
        "violations": sum(1 for f in findings if f["verdict"] == "violation"),
        "next_contact": next_contact,
    }
