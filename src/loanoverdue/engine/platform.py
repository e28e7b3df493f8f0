"""Platform policies in an assessment: which one applies, which of its scheduled steps
the law forbids (conflicts), and the outlook factors its contract terms give."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue.engine.context import CaseState, EventCursor, appended, rule_owner
from loanoverdue.engine.findings import grown_precondition, precondition_holds
from loanoverdue.errors import InvalidInputError, raise_from_pack
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import Step
from loanoverdue.law.rule import Basis, Hit, Rule, Verdict
from loanoverdue.law.text import Text
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.limits import LATEST_DATE, add_days, check_date
from loanoverdue.results import Direction, Factor, Finding
from loanoverdue.vocabulary import Action, Actor, Target

if TYPE_CHECKING:
    from loanoverdue.engine.indexes import Indexes

__all__ = ["Conflict", "applicable_policy", "find_conflicts", "term_factors"]

#: Steps an outsourced agency takes: outsourcing terms move their likelihood.
AGENCY_STEPS = frozenset(
    {Action.AGENCY_ASSIGNMENT, Action.HOME_VISIT, Action.WORKPLACE_VISIT, Action.THIRD_PARTY_CONTACT}
)
VISITS = frozenset({Action.HOME_VISIT, Action.WORKPLACE_VISIT})
REMINDERS = frozenset({Action.NOTICE, Action.SMS, Action.CALL, Action.INSTANT_MESSAGE, Action.EMAIL})

T_OUTSOURCE_NOW = Text(
    {
        "en": "The platform's agreement allows outsourced collection from day {days} ({source}); agencies call, contact third parties and visit.",
        "zh-CN": "平台协议允许自逾期第 {days} 天起委托第三方催收（{source}）；催收机构会打电话、联系第三人、上门。",
    }
)
T_OUTSOURCE_LATER = Text(
    {
        "en": "The platform's agreement allows outsourced collection only from day {days} ({source}).",
        "zh-CN": "平台协议仅允许自逾期第 {days} 天起委托第三方催收（{source}）。",
    }
)
T_NO_OUTSOURCE = Text(
    {
        "en": "The platform's agreement does not allow outsourced collection ({source}).",
        "zh-CN": "平台协议不允许委托第三方催收（{source}）。",
    }
)
T_NO_VISITS = Text(
    {
        "en": "The platform's agreement says it makes no visits ({source}).",
        "zh-CN": "平台协议称不会上门或到单位催收（{source}）。",
    }
)
T_VISITS = Text(
    {
        "en": "The platform's agreement provides for visits ({source}).",
        "zh-CN": "平台协议约定可以上门催收（{source}）。",
    }
)
T_NO_CONTACTS = Text(
    {
        "en": "The platform's agreement allows no contact with third parties ({source}).",
        "zh-CN": "平台协议不允许联系第三人（{source}）。",
    }
)
T_CONTACTS = Text(
    {
        "en": "The platform's agreement allows contacting only: {targets} ({source}).",
        "zh-CN": "平台协议仅允许联系：{targets}（{source}）。",
    }
)
T_GRACE = Text(
    {
        "en": "The agreement grants a grace period of {days} days ({source}).",
        "zh-CN": "协议约定 {days} 天宽限期（{source}）。",
    }
)
T_CONFLICT = Text(
    {
        "en": "{policy} schedules {action} from day {days}, which the law forbids ({rule}): the step is not applied.",
        "zh-CN": "「{policy}」安排自逾期第 {days} 天起{action}，但法律禁止这样做（{rule}）：该安排不予采用。",
    }
)


@attrs.frozen
class Conflict:
    """A scheduled step of a platform policy that the jurisdiction's rules forbid."""

    step: Step
    rule: Rule
    hit: Hit

    def finding(self, policy: PlatformPolicy) -> Finding:
        return Finding(
            rule="policy.conflict",
            verdict=Verdict.VIOLATION,
            weight=self.rule.weight,
            basis=Basis.PLATFORM_POLICY,
            citations=self.rule.citations,
            template=T_CONFLICT,
            params={
                "policy": policy.name,
                "action": self.step.action,
                "days": self.step.after_days,
                "rule": self.rule.id,
            },
        )

    def factor(self, policy: PlatformPolicy) -> Factor:
        return Factor(
            "policy_conflict",
            Direction.NEUTRAL,
            T_CONFLICT,
            {
                "policy": policy.name,
                "action": self.step.action,
                "days": self.step.after_days,
                "rule": self.rule.id,
            },
            self.rule.citations,
        )


def applicable_policy(ctx: CaseState, extra: Sequence[PlatformPolicy]) -> PlatformPolicy | None:
    """The platform policy of the case: one passed in for this assessment, else the one
    a pack registered for ``loan.lender.platform``."""
    platform = ctx.case.loan.lender.platform
    chosen = None
    for i, policy in enumerate(extra):
        if policy.jurisdiction not in ctx.chain:
            raise InvalidInputError(
                f"policies[{i}]",
                f"policy for {policy.platform!r} is for {policy.jurisdiction}, not the case's jurisdiction {ctx.jurisdiction}",
            )
        if platform is not None and policy.platform != platform:
            raise InvalidInputError(
                f"policies[{i}]", f"policy is for platform {policy.platform!r}, the loan is on {platform!r}"
            )
        if chosen is not None:
            raise InvalidInputError(f"policies[{i}]", f"a second policy for platform {policy.platform!r}")
        chosen = policy
    if chosen is not None or platform is None:
        return chosen
    registered = ctx.registry.platform_policies.get(platform)
    if registered is not None and registered.jurisdiction in ctx.chain:
        return registered
    return None


def _source(policy: PlatformPolicy, key: str, lang_neutral: bool = True) -> Text:
    src = policy.sources.get(key)
    if src is None:
        return Text("")
    return Text(
        {"en": src.describe(policy.agreement, "en"), "zh-CN": src.describe(policy.agreement, "zh-CN")}
    )


def find_conflicts(
    ctx: CaseState, policy: PlatformPolicy, held: Mapping[Rule, bool] | None = None
) -> list[Conflict]:
    """Judge each scheduled step of ``policy`` with the jurisdiction's event rules, as
    a proposed event on the day it is scheduled (at 10:00 local, by the lender or, where
    the agreement allows outsourcing by then, an agency). Violations are conflicts.

    ``held``: preconditions already asked of ``ctx`` (:func:`run_rules` fills them); a
    step takes an answer that added events keep (:attr:`Rule.applies_keeps`) instead of
    asking the precondition of the case with the step's event again, and where the
    case's answer is false and the rule declares how it grows
    (:attr:`Rule.applies_grows`), that answer for the step's event, as a session's
    question does."""
    terms = policy.terms
    registry = ctx.registry
    platform = ctx.case.loan.lender.platform
    index = ctx.indexes.event_index(ctx.jurisdiction, platform)
    dispatch, resolve = ctx.indexes.event_dispatch(ctx.jurisdiction, platform)
    # the rules an event of each signature dispatches to that can find a violation: a
    # step conflicts only by a violation, so a shaped rule whose clauses give none is
    # not run for it (per registry, chain and platform)
    violating = ctx.indexes.memo("loanoverdue.platform.violating")
    conflicts = []
    # answers the probe's event cannot change: the case's own (with overrides, a step is
    # judged by the packs' own values, so the case's answers are not its own)
    kept: dict[Rule, bool] = (
        {}
        if held is None or ctx.overridden
        else {rule: found for rule, found in held.items() if found in rule.applies_keeps}
    )
    # false answers of the case that the probe's event grows (Rule.applies_grows)
    grown: dict[Rule, Callable[[Any, Any], bool]] = (
        {}
        if held is None or ctx.overridden
        else {
            rule: grows
            for rule, found in held.items()
            if not found and rule not in kept
            for grows in (rule.applies_grows,)
            if grows is not None
        }
    )
    for step in policy.schedule.steps:
        if not step.offered:
            continue
        rules = index[step.action]
        if not rules:  # nothing to judge the step by (and no parameter to read for it)
            continue
        days = int(ctx.threshold(step.after_days) or 0)
        # on the day it is scheduled, within the dates a case may hold
        day = min(add_days(ctx.case.loan.due_date, days), LATEST_DATE)
        at = datetime.combine(max(day, ctx.today), time(10, 0), tzinfo=ctx.tz)
        outsourced = (
            terms.outsourcing is not None
            and terms.outsourcing.value
            and days >= (terms.outsourcing.after_days or 0)
        )
        target = Target.BORROWER
        if step.action is Action.THIRD_PARTY_CONTACT:
            allowed = terms.contacts.value if terms.contacts is not None else frozenset({Target.CONTACT})
            target = sorted(allowed)[0] if allowed else Target.CONTACT
        probe = _probe(ctx.indexes, step.action, Actor.COLLECTION_AGENCY if outsourced else Actor.LENDER, target, at)
        probe_case = appended(ctx.case, probe)
        # the case's state extended by the probe: the events' views are shared, and the
        # derived facts the assessment found grow by the probe where they can; with
        # overrides, steps are judged by the packs' own values, in a state of their own
        pctx = CaseState(probe_case, registry, ctx.chain) if ctx.overridden else ctx.extended(probe_case)
        ectx = EventCursor(pctx, pctx.all_events[-1])
        sig = (probe.action, probe.target, probe.actor, probe.conduct)
        key = (ctx.jurisdiction, platform, sig)
        matched: tuple[tuple[Rule, date, date], ...] | None = violating.get(key)
        if matched is None:
            every = dispatch.get(sig)
            if every is None:
                every = resolve(sig)
            matched = violating[key] = tuple(item for item in every if can_violate(item[0]))
        preconditions = dict(kept)
        answers: dict[object, bool] = {}  # the grown answers, by grows function
        on = ectx.day
        for rule, low, high in matched:
            if on < low or on > high:
                continue
            if rule.applies is not None:
                grows = grown.get(rule) if grown else None
                if grows is None:
                    if not precondition_holds(pctx, rule, preconditions):
                        continue
                else:
                    found = answers.get(grows)
                    if found is None:
                        found = answers[grows] = grown_precondition(ctx, rule, grows, ectx.view)
                    if not found:
                        continue
            try:
                result = rule.check(ectx)
                if result is None:
                    continue
                hits = (result,) if isinstance(result, Hit) else tuple(result)
            except Exception as exc:
                what = f"check of rule {rule.id!r} (probing the platform's {step.action.value} step)"
                raise_from_pack(exc, *rule_owner(registry, rule.id), what)
            violation = next((h for h in hits if h.verdict is Verdict.VIOLATION), None)
            if violation is not None:
                conflicts.append(Conflict(step, rule, violation))
                break
    return conflicts


def can_violate(rule: Rule) -> bool:
    """Whether a check of ``rule`` can find a violation: any check but a shape (the
    rule's test as data) whose clauses give no violation."""
    shape = rule.shape
    return shape is None or any(c.verdict is Verdict.VIOLATION for c in shape.clauses)


def _probe(indexes: Indexes, action: Action, actor: Actor, target: Target, at: datetime) -> CollectionEvent:
    """The proposed event that stands for a scheduled step at ``at``. The first of each
    action, actor and target is made (and checked) as any event is and kept in the
    registry's ``indexes``; the others are copies of it with their own time, checked as the model
    checks a time (the step's day is already held within the dates a case may hold)."""
    memo = indexes.memo("loanoverdue.platform.probe")
    key = (action, actor, target)
    template: CollectionEvent | None = memo.get(key)
    if template is None:
        template = memo[key] = CollectionEvent(at=at, action=action, actor=actor, target=target, proposed=True)
        return template
    check_date(at, "at")
    event: CollectionEvent = object.__new__(CollectionEvent)
    for name in _EVENT_FIELDS:
        object.__setattr__(event, name, getattr(template, name))
    object.__setattr__(event, "at", at)
    return event


#: The fields of an event (a probe's copy carries each, so a field the model gains too).
_EVENT_FIELDS = tuple(f.name for f in attrs.fields(CollectionEvent))


def excluded(policy: PlatformPolicy, action: Action) -> Factor | None:
    """A factor saying the agreement rules the step out, if it does (one per policy and
    action)."""
    key = (id(policy), action)
    found = _EXCLUDED.get(key)
    if found is None or found[0] is not policy:
        if len(_EXCLUDED) >= 4096:
            _EXCLUDED.clear()
        found = _EXCLUDED[key] = (policy, _excluded(policy, action))
    return found[1]


#: Factors of :func:`excluded`, by policy and action (the entry holds the policy).
_EXCLUDED: dict[tuple[int, Action], tuple[PlatformPolicy, Factor | None]] = {}


def _excluded(policy: PlatformPolicy, action: Action) -> Factor | None:
    terms = policy.terms
    if action in VISITS and terms.visits is not None and not terms.visits.value:
        return Factor(
            "platform_policy", Direction.BLOCKS, T_NO_VISITS, {"source": _source(policy, "terms.visits")}
        )
    if action is Action.THIRD_PARTY_CONTACT and terms.contacts is not None and not terms.contacts.value:
        return Factor(
            "platform_policy", Direction.BLOCKS, T_NO_CONTACTS, {"source": _source(policy, "terms.contacts")}
        )
    return None


def term_factors(ctx: CaseState, policy: PlatformPolicy, action: Action) -> list[Factor]:
    """The outlook factors the agreement's terms give for ``action``: values of the
    policy, the action and whether outsourcing has begun, made once per registry (the
    memo holds the policy, so no other object can take its id)."""
    terms = policy.terms
    begun = terms.outsourcing is not None and ctx.dpd >= (terms.outsourcing.after_days or 0)
    memo = ctx.indexes.memo("loanoverdue.platform.term_factors")
    key = (id(policy), action, begun)
    found: tuple[PlatformPolicy, tuple[Factor, ...]] | None = memo.get(key)
    if found is None or found[0] is not policy:
        found = memo[key] = (policy, tuple(_term_factors(ctx, policy, action)))
    return list(found[1])


def _term_factors(ctx: CaseState, policy: PlatformPolicy, action: Action) -> list[Factor]:
    terms = policy.terms
    out: list[Factor] = []
    if action in AGENCY_STEPS and terms.outsourcing is not None:
        src = _source(policy, "terms.outsourcing")
        if not terms.outsourcing.value:
            out.append(Factor("platform_policy", Direction.LOWERS, T_NO_OUTSOURCE, {"source": src}))
        else:
            days = terms.outsourcing.after_days or 0
            if ctx.dpd >= days:
                out.append(
                    Factor(
                        "platform_policy", Direction.RAISES, T_OUTSOURCE_NOW, {"days": days, "source": src}
                    )
                )
            else:
                out.append(
                    Factor(
                        "platform_policy", Direction.NEUTRAL, T_OUTSOURCE_LATER, {"days": days, "source": src}
                    )
                )
    if action in VISITS and terms.visits is not None and terms.visits.value:
        out.append(
            Factor("platform_policy", Direction.RAISES, T_VISITS, {"source": _source(policy, "terms.visits")})
        )
    if action is Action.THIRD_PARTY_CONTACT and terms.contacts is not None and terms.contacts.value:
        out.append(
            Factor(
                "platform_policy",
                Direction.NEUTRAL,
                T_CONTACTS,
                {"targets": tuple(sorted(terms.contacts.value)), "source": _source(policy, "terms.contacts")},
            )
        )
    if action in REMINDERS and terms.grace_days is not None and terms.grace_days.value:
        out.append(
            Factor(
                "platform_policy",
                Direction.NEUTRAL,
                T_GRACE,
                {"days": terms.grace_days.value, "source": _source(policy, "terms.grace_days")},
            )
        )
    return out
