"""The escalation outlook: for each step the policies schedule, whether it happened,
how likely it is next, when at the earliest, and the factors behind that.

Factors, not probabilities: each factor raises or lowers a step's likelihood one notch
from its baseline (or blocks it), and every factor says why. The model is transparent
rather than predictive; see the explanation docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from loanoverdue.components import FactorProvider
from loanoverdue.engine.context import CaseState, EventView, owner_of
from loanoverdue.engine.platform import Conflict, excluded, find_conflicts, term_factors
from loanoverdue.errors import PluginError, raise_from_pack
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy, Likelihood, PolicyLevel, Step
from loanoverdue.law.rule import Basis
from loanoverdue.law.text import Text
from loanoverdue.model.limits import add_days
from loanoverdue.results import Direction, Factor, Finding, OutlookStatus, Prospect, TraceEntry
from loanoverdue.vocabulary import Action

__all__ = ["build_outlook"]

_BASE = {Likelihood.LIKELY: 2, Likelihood.POSSIBLE: 1, Likelihood.UNLIKELY: 0}
_ACTION_ORDER = {a: i for i, a in enumerate(Action)}

T_HAPPENED = Text({"en": "Happened on {date}.", "zh-CN": "已于 {date} 发生。"})
T_PROPOSED = Text({"en": "Announced or planned for {date}.", "zh-CN": "已通知或计划于 {date} 进行。"})
T_DAYS_REACHED = Text(
    {
        "en": "{dpd} days overdue; this step usually comes from day {days}.",
        "zh-CN": "已逾期 {dpd} 天；这一步通常在逾期第 {days} 天起出现。",
    }
)
T_DAYS_NOT_YET = Text(
    {
        "en": "{dpd} days overdue; this step usually comes from day {days} ({date}).",
        "zh-CN": "已逾期 {dpd} 天；这一步通常在逾期第 {days} 天（{date}）起出现。",
    }
)
T_AMOUNT_HIGH = Text(
    {
        "en": "Outstanding {amount} is at or above {threshold:,.2f} {currency}, where this step becomes worth its cost.",
        "zh-CN": "欠款 {amount} 达到或超过 {threshold:,.2f} {currency}，采取这一步对催收方而言更划算。",
    }
)
T_AMOUNT_LOW = Text(
    {
        "en": "Outstanding {amount} is below {threshold:,.2f} {currency}; this step is costly for so small a balance.",
        "zh-CN": "欠款 {amount} 低于 {threshold:,.2f} {currency}；对这样的金额，这一步成本较高，较少采用。",
    }
)
T_FAILED_MANY = Text(
    {
        "en": "{count} contact attempts went unanswered; collectors escalate when they cannot reach the borrower.",
        "zh-CN": "已有 {count} 次联系未能接通；联系不上借款人时，催收通常会升级。",
    }
)
T_FAILED_FEW = Text(
    {
        "en": "{count} unanswered contact attempts so far (escalation usually follows {threshold} or more).",
        "zh-CN": "目前有 {count} 次联系未接通（通常达到 {threshold} 次以上才会升级）。",
    }
)
T_REQUIRES = Text(
    {
        "en": "Comes only after: {missing}.",
        "zh-CN": "须先发生：{missing}。",
    }
)
T_POLICY = Text(
    {
        "en": "Timing from {policy}: {level}.",
        "zh-CN": "时间依据「{policy}」：{level}。",
    }
)
#: What each level of policy is, for people.
T_LEVEL = {
    PolicyLevel.JURISDICTION: Text(
        {"en": "the general default where no lender or platform policy applies", "zh-CN": "没有出借人或平台规定时的一般做法"}
    ),
    PolicyLevel.LENDER_KIND: Text({"en": "the usual practice of this kind of lender", "zh-CN": "此类出借人的通常做法"}),
    PolicyLevel.PLATFORM: Text({"en": "the platform's own policy", "zh-CN": "平台自己的规定"}),
}
T_NOT_OFFERED = Text(
    {
        "en": "{policy} says this step is not taken.",
        "zh-CN": "「{policy}」明确不采取这一步。",
    }
)
T_REPAID = Text({"en": "The loan was repaid on {date}.", "zh-CN": "借款已于 {date} 还清。"})


def _threshold(ctx: CaseState, pol: EscalationPolicy, value: int | Decimal | str | None) -> int | Decimal | None:
    """A step's threshold; a parameter it names with no value on the day is the fault of
    the pack that ships the policy (a :class:`PluginError` naming it), not the case's."""
    try:
        return ctx.threshold(value)
    except LookupError as exc:
        name, dist = owner_of(ctx.registry, pol.id, "policy")
        raise PluginError(name, dist, f"policy {pol.id!r}: {exc.args[0] if exc.args else exc}") from None


def _days(ctx: CaseState, step: Step, pol: EscalationPolicy) -> int:
    return int(_threshold(ctx, pol, step.after_days) or 0)


def _resolve_steps(
    ctx: CaseState, policies: tuple[EscalationPolicy, ...], remember: bool
) -> list[tuple[Step, EscalationPolicy, int]]:
    """Each action's step from the most specific policy that schedules it, with the
    day it comes from, in order. The same policies on the same day give the same
    steps: with ``remember``, they are kept per registry (with the parameter values
    they read, which still go into this case's trace)."""
    key = (policies, ctx.chain, ctx.today)
    memo = ctx.indexes.memo("loanoverdue.outlook.steps") if remember and not ctx.overridden else {}
    found = memo.get(key)
    if found is None:
        saved = ctx._used
        ctx._used = {}
        try:
            chosen: dict[Action, tuple[Step, EscalationPolicy]] = {}
            for pol in policies:  # most specific first
                for step in pol.steps:
                    chosen.setdefault(step.action, (step, pol))
            steps = [(step, pol, _days(ctx, step, pol)) for step, pol in chosen.values()]
            steps.sort(key=_step_order)
        finally:
            read, ctx._used = ctx._used, saved
        saved.update(read)
        found = memo[key] = (tuple(steps), read)
    else:
        ctx._used.update(found[1])
    return list(found[0])


def _step_order(item: tuple[Step, EscalationPolicy, int]) -> tuple[int, int]:
    return item[2], _ACTION_ORDER[item[0].action]


def _provided(ctx: CaseState, providers: tuple[FactorProvider, ...], step: Step) -> list[Factor]:
    """The factors the packs' providers (those for ``step``'s action) add to ``step``."""
    out: list[Factor] = []
    for provider in providers:
        try:
            out.extend(provider.provide(ctx, step))
        except Exception as exc:
            owner = owner_of(ctx.registry, provider.id, "factors")
            raise_from_pack(exc, *owner, f"factor provider {provider.id!r}")
    return out


def _providers_by_action(ctx: CaseState) -> dict[Action, tuple[FactorProvider, ...]]:
    """The chain's factor providers for each action (made once per registry and chain)."""
    memo = ctx.indexes.memo("loanoverdue.outlook.providers")
    found: dict[Action, tuple[FactorProvider, ...]] | None = memo.get(ctx.chain)
    if found is None:
        providers = ctx.registry.factor_providers(ctx.chain)
        found = memo[ctx.chain] = {
            action: tuple(p for p in providers if p.actions is None or action in p.actions)
            for action in Action
        }
    return found


def _lawful_schedule(ctx: CaseState, platform: PlatformPolicy, barred: frozenset[Action]) -> EscalationPolicy:
    """``platform``'s schedule without the steps of ``barred`` actions (those the law
    forbids): one object per registry, policy and set of actions, so the steps resolved
    from it are remembered like those of the packs' policies. The memo holds the policy,
    so no other object can take its id."""
    schedule = platform.schedule
    memo = ctx.indexes.memo("loanoverdue.outlook.lawful")
    key = (id(schedule), barred)
    found: tuple[EscalationPolicy, EscalationPolicy] | None = memo.get(key)
    if found is None or found[0] is not schedule:
        lawful = tuple(step for step in schedule.steps if step.action not in barred)
        found = memo[key] = (schedule, attrs.evolve(schedule, steps=lawful))
    return found[1]


def build_outlook(
    ctx: CaseState, platform: PlatformPolicy | None = None, found: Sequence[Conflict] | None = None
) -> tuple[list[Prospect], list[TraceEntry], list[Finding]]:
    """The outlook of the case under the policies that apply to it, with ``platform``'s
    policy (if any) first. Returns prospects, trace entries and conflict findings: steps
    of the platform's schedule that the law forbids are reported, not applied. ``found``
    are the platform's conflicts if already found (:func:`find_conflicts`)."""
    lender = ctx.case.loan.lender
    policies = [
        p
        for p in ctx.indexes.policies_for(ctx.chain, lender.kind, lender.platform)
        if platform is None or p.platform is None
    ]
    conflicts: dict[Action, Conflict] = {}
    findings: list[Finding] = []
    if platform is not None:
        for conflict in find_conflicts(ctx, platform) if found is None else found:
            conflicts[conflict.step.action] = conflict
            findings.append(conflict.finding(platform))
        policies.insert(0, _lawful_schedule(ctx, platform, frozenset(conflicts)))
    memo = ctx.indexes.memo("loanoverdue.trace.policy")
    trace = []
    for pol in policies:
        # the platform's policy names where it was read from (None: passed without a file)
        sourced = platform is not None and pol.platform is not None
        source = platform.origin if platform is not None and sourced else None
        conflicted = (
            tuple(sorted(a.value for a in conflicts)) if pol.platform is not None and conflicts else None
        )
        pkey = (pol.id, pol.level, pol.jurisdiction, sourced, source, conflicted)
        entry = memo.get(pkey)
        if entry is None:
            detail: dict[str, object] = {"level": pol.level.value, "jurisdiction": pol.jurisdiction}
            if sourced:
                detail["source"] = source
            if conflicted is not None:
                detail["conflicts"] = conflicted
            entry = memo[pkey] = TraceEntry("policy", pol.id, detail)
        trace.append(entry)
    # a platform's lawful schedule is one object per registry and set of conflicts
    steps = _resolve_steps(ctx, tuple(policies), remember=True)
    scheduled = {step.action for step, _, _ in steps}
    for action, conflict in sorted(conflicts.items()):
        if action not in scheduled and platform is not None:  # no lawful policy has it: barred
            barred = attrs.evolve(conflict.step, offered=False)
            steps.append((barred, platform.schedule, _days(ctx, conflict.step, platform.schedule)))
    steps.sort(key=_step_order)
    providers_for = _providers_by_action(ctx)
    due = ctx.case.loan.due_date
    outstanding = ctx.case.loan.outstanding
    failed = len(ctx.failed_contacts())
    earliest_of: dict[Action, date | None] = {}
    prospects: list[Prospect] = []

    # factors are values: the same reason with the same figures is one object per registry
    memo = ctx.indexes.memo("loanoverdue.outlook.factor")
    today = ctx.today
    dpd = ctx.dpd
    repaid_on = ctx.case.loan.repaid_on
    done_by = {step.action: step.done_by for step, _, _ in steps if step.done_by is not None}

    def done_events(action: Action) -> tuple[EventView, ...]:
        """The events that make ``action``'s step happen: by the actors it names."""
        views = ctx.happened(action)
        actors = done_by.get(action)
        if actors is None or not views:
            return views
        return tuple([v for v in views if v.event.actor in actors])

    for step, pol, days in steps:
        action = step.action
        happened = done_events(action)
        if happened:
            first = happened[0].day
            earliest_of[action] = first
            key: tuple[object, ...] = ("happened", first)
            done = memo.get(key)
            if done is None:
                done = memo[key] = Factor("happened", Direction.NEUTRAL, T_HAPPENED, {"date": first})
            prospects.append(
                Prospect(
                    action,
                    OutlookStatus.HAPPENED,
                    first,
                    # what the law says about doing it again is still worth knowing
                    (done, *_provided(ctx, providers_for[action], step)),
                    step.basis,
                    pol.id,
                    step.citations,
                    step.note,
                )
            )
            continue
        if repaid_on is not None:
            repaid = repaid_on.isoformat()
            prospects.append(
                Prospect(
                    action,
                    OutlookStatus.NOT_APPLICABLE,
                    None,
                    (Factor("repaid", Direction.BLOCKS, T_REPAID, {"date": repaid}),),
                    step.basis,
                    pol.id,
                    step.citations,
                )
            )
            continue
        if action_conflict := conflicts.get(action):
            assert platform is not None
            if pol is platform.schedule:
                prospects.append(
                    Prospect(
                        action,
                        OutlookStatus.NOT_PERMITTED,
                        None,
                        (attrs.evolve(action_conflict.factor(platform), direction=Direction.BLOCKS),),
                        Basis.LAW,
                        pol.id,
                        action_conflict.rule.citations,
                    )
                )
                continue
        if not step.offered:
            prospects.append(
                Prospect(
                    action,
                    OutlookStatus.NOT_APPLICABLE,
                    None,
                    (Factor("policy", Direction.BLOCKS, T_NOT_OFFERED, {"policy": pol.title}),),
                    step.basis,
                    pol.id,
                    step.citations,
                )
            )
            continue

        factors: list[Factor] = []
        start = add_days(due, days)  # held at the calendar's end for a pack's huge figure
        earliest = start if start > today else today
        key = ("days", dpd, days, dpd >= days or start)
        factor = memo.get(key)
        if factor is None:
            if dpd >= days:
                factor = Factor("days_overdue", Direction.RAISES, T_DAYS_REACHED, {"dpd": dpd, "days": days})
            else:
                factor = Factor(
                    "days_overdue",
                    Direction.LOWERS,
                    T_DAYS_NOT_YET,
                    {"dpd": dpd, "days": days, "date": start},
                )
            memo[key] = factor
        factors.append(factor)
        if step.min_amount is not None:
            min_amount = _threshold(ctx, pol, step.min_amount)
            key = ("amount", outstanding, min_amount)
            factor = memo.get(key)
            if factor is None:
                params = {
                    "amount": outstanding,  # rendered as "9,450.00 CNY"
                    "threshold": min_amount,
                    "currency": outstanding.currency,
                }
                assert min_amount is not None
                if outstanding.amount >= min_amount:
                    factor = Factor("amount_overdue", Direction.RAISES, T_AMOUNT_HIGH, params)
                else:
                    factor = Factor("amount_overdue", Direction.LOWERS, T_AMOUNT_LOW, params)
                memo[key] = factor
            factors.append(factor)
        if step.failed_contacts is not None:
            threshold = _threshold(ctx, pol, step.failed_contacts)
            assert threshold is not None
            key = ("failed", failed, threshold if failed < threshold else None)
            factor = memo.get(key)
            if factor is None:
                if failed >= threshold:
                    factor = Factor("failed_contacts", Direction.RAISES, T_FAILED_MANY, {"count": failed})
                else:
                    factor = Factor(
                        "failed_contacts",
                        Direction.NEUTRAL,
                        T_FAILED_FEW,
                        {"count": failed, "threshold": threshold},
                    )
                memo[key] = factor
            factors.append(factor)
        if step.requires:
            missing = [a for a in step.requires if not done_events(a)]
            if missing:
                factors.append(Factor("requires", Direction.LOWERS, T_REQUIRES, {"missing": tuple(missing)}))
                for a in missing:
                    before = earliest_of.get(a)
                    if before is not None and before >= earliest:
                        earliest = add_days(before, 1)
        # an announced or planned step is the likeliest of all: its date is known
        planned = ctx.proposed(action)
        by = done_by.get(action)
        if by is not None and planned:
            planned = tuple([v for v in planned if v.event.actor in by])
        announced = planned[0].day if planned else None
        if announced is not None:
            factors.append(Factor("proposed", Direction.RAISES, T_PROPOSED, {"date": announced}))
        key = ("policy", pol)
        factor = memo.get(key)
        if factor is None:
            factor = memo[key] = Factor(
                "policy", Direction.NEUTRAL, T_POLICY, {"policy": pol.title, "level": T_LEVEL[pol.level]}
            )
        factors.append(factor)
        if platform is not None:
            excluded_by = excluded(platform, action)
            if excluded_by is not None:
                factors.append(excluded_by)
            factors.extend(term_factors(ctx, platform, action))
            if action in conflicts:
                factors.append(conflicts[action].factor(platform))
        factors.extend(_provided(ctx, providers_for[action], step))

        score = _BASE[step.baseline]
        blocked = False
        for f in factors:
            direction = f.direction
            if direction is Direction.RAISES:
                score += 1
            elif direction is Direction.LOWERS:
                score -= 1
            elif direction is Direction.BLOCKS:
                blocked = True
        if blocked:
            # blocked by the law (a factor provider) or ruled out by the platform's own terms
            by_law = any(f.direction is Direction.BLOCKS and f.name != "platform_policy" for f in factors)
            status = OutlookStatus.NOT_PERMITTED if by_law else OutlookStatus.NOT_APPLICABLE
            earliest_out: date | None = None
        else:
            status = (
                OutlookStatus.LIKELY_NEXT
                if score >= 3 or announced is not None
                else OutlookStatus.POSSIBLE
                if score >= 1
                else OutlookStatus.UNLIKELY
            )
            earliest_out = max(announced, ctx.today) if announced is not None else earliest
        earliest_of[step.action] = earliest_out
        prospects.append(
            Prospect(
                step.action,
                status,
                earliest_out,
                tuple(factors),
                step.basis,
                pol.id,
                step.citations,
                step.note,
            )
        )
    return prospects, trace, findings
