"""``assess_rules()``: the findings of chosen rules and the consequences of a case,
without the outlook, advice, letters and trace of a full assessment.

A screen of a whole book reads only findings and account values; the outlook and the
advice are about a third of :func:`~loanoverdue.assess`'s time and are not in its
output. ``assess_rules`` runs the same rules, in the same engine state, in the same
order, so its findings are those ``assess()`` gives for those rules, and each
consequence is the one ``assess()`` gives (tested in ``tests/test_engine_screening.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from loanoverdue.components import Consequence
from loanoverdue.engine.evaluate import compute_consequences, state_for
from loanoverdue.engine.findings import run_rules
from loanoverdue.engine.platform import applicable_policy, find_conflicts
from loanoverdue.errors import InvalidInputError
from loanoverdue.model.case import Case
from loanoverdue.registry import Registry, default_registry
from loanoverdue.results import Credit, Exposure, Finding, Interest, Limitation, Stage

__all__ = ["CONFLICT_RULE", "RulesAssessment", "assess_rules"]

#: The rule id of the findings about a platform policy's step that the law forbids.
CONFLICT_RULE = "policy.conflict"


@attrs.frozen
class RulesAssessment:
    """What :func:`assess_rules` found: the findings of the chosen rules (in the order
    ``assess()`` lists them) and the consequences asked for (``None`` where not asked,
    or where the chain has no calculator for it)."""

    case: Case
    jurisdiction: tuple[str, ...]
    today: date
    days_past_due: int
    stage: Stage
    findings: tuple[Finding, ...]
    limitation: Limitation | None = None
    credit: Credit | None = None
    interest: Interest | None = None
    exposure: Exposure | None = None


def assess_rules(
    case: Case,
    registry: Registry | None = None,
    *,
    rules: Iterable[str] | None = None,
    consequences: Iterable[Consequence] | None = None,
    overrides: Mapping[str, object] | None = None,
) -> RulesAssessment:
    """Run the rules ``rules`` (ids; default: every rule of the case's chain) on
    ``case``, and the calculators of ``consequences`` (default: all four).

    ``rules`` may name ``"policy.conflict"``: then a registered platform policy's steps
    are judged as :func:`~loanoverdue.assess` judges them (by every event rule). An id
    that is no rule of ``registry`` is an :class:`~loanoverdue.errors.InvalidInputError`
    (path ``rules``), so a misspelt rule is not silently screened as "no findings"."""
    if registry is None:
        registry = default_registry()
    chosen: frozenset[str] | None = None
    if rules is not None:
        chosen = frozenset(rules)
        unknown = sorted(chosen - registry.rules.keys() - {CONFLICT_RULE})
        if unknown:
            raise InvalidInputError("rules", f"no rule {unknown[0]!r} in the registry")
    wanted = None if consequences is None else frozenset(consequences)
    chain = registry.chain(case.borrower.jurisdiction)
    ctx = state_for(case, registry, chain, overrides)
    platform = ctx.platform_policy = applicable_policy(ctx, ())
    findings, _ = run_rules(ctx, rules=chosen)
    if platform is not None and (chosen is None or CONFLICT_RULE in chosen):
        findings.extend(c.finding(platform) for c in find_conflicts(ctx, platform))
    values, _ = compute_consequences(ctx, wanted)
    return RulesAssessment(
        case,
        chain,
        ctx.today,
        ctx.dpd,
        ctx.stage,
        tuple(findings),
        values.get(Consequence.LIMITATION),
        values.get(Consequence.CREDIT),
        values.get(Consequence.INTEREST),
        values.get(Consequence.EXPOSURE),
    )
