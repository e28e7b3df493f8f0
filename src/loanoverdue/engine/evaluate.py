"""``assess()``: one case in, one :class:`~loanoverdue.results.Assessment` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any

import attrs

from loanoverdue.components import Calculator, Consequence
from loanoverdue.engine.context import CaseState, owner_of
from loanoverdue.engine.findings import run_rules
from loanoverdue.engine.indexes import indexes_of
from loanoverdue.engine.letters import write_letters
from loanoverdue.engine.outlook import build_outlook
from loanoverdue.engine.overrides import resolve_overrides
from loanoverdue.engine.platform import Conflict, applicable_policy, find_conflicts
from loanoverdue.errors import InvalidInputError, PluginError, raise_from_pack
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.rule import Rule
from loanoverdue.law.source import Citation, Instrument
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.limits import check_date
from loanoverdue.registry import Registry, default_registry
from loanoverdue.results import (
    PENDING,
    Advice,
    Assessment,
    Credit,
    Exposure,
    Finding,
    Interest,
    Letter,
    Limitation,
    PackRef,
    TraceEntry,
)

__all__ = ["SCHEMA_VERSION", "assess", "check_event"]

#: Version of the assessment JSON contract.
SCHEMA_VERSION = "1.0"

_RESULT_TYPES: dict[Consequence, type] = {
    Consequence.LIMITATION: Limitation,
    Consequence.CREDIT: Credit,
    Consequence.INTEREST: Interest,
    Consequence.EXPOSURE: Exposure,
}


def assess(
    case: Case,
    registry: Registry | None = None,
    as_of: datetime | None = None,
    policies: Sequence[PlatformPolicy] = (),
    overrides: Mapping[str, object] | None = None,
) -> Assessment:
    """Assess ``case`` with the packs of ``registry`` (default: the installed packs).

    ``as_of`` re-dates the assessment: events after it are left out (and listed in the
    trace). ``policies`` are platform policies for this assessment (e.g. read with
    :func:`loanoverdue.load_policy`); one for the loan's platform takes precedence over a
    registered one. ``overrides`` sets parameter values for this assessment, by id (see
    :mod:`loanoverdue.engine.overrides`): an assumption of a pack is overridden without a
    pack of one's own. Pure and deterministic: no I/O, no clock, no randomness.

    Raises :class:`~loanoverdue.errors.UnknownJurisdictionError` when no pack covers the
    borrower's jurisdiction, :class:`~loanoverdue.errors.InvalidInputError` for a bad
    ``as_of`` or override, and :class:`~loanoverdue.errors.PluginError` when a pack's
    code fails.
    """
    if registry is None:
        registry = default_registry()
    trace: list[TraceEntry] = []
    if as_of is not None:
        if not isinstance(as_of, datetime) or as_of.utcoffset() is None:
            raise InvalidInputError("as_of", "must be a time-zone aware date-time")
        check_date(as_of, "as_of")
        left_out = [i for i, e in enumerate(case.events) if not e.proposed and e.at > as_of]
        if left_out:
            trace.append(TraceEntry("input", "events_after_as_of", {"events": tuple(left_out)}))
        case = case.with_as_of(as_of)
    chain = registry.chain(case.borrower.jurisdiction)
    ctx = state_for(case, registry, chain, overrides)

    platform = ctx.platform_policy = applicable_policy(ctx, policies)
    asked: dict[Rule, bool] = {}  # the preconditions' answers for the case
    findings, rule_trace = run_rules(ctx, preconditions=asked)
    # a step of the platform's schedule that the law forbids is a finding: found now
    conflicts = find_conflicts(ctx, platform, asked) if platform is not None else []
    if platform is not None:
        findings.extend(c.finding(platform) for c in conflicts)
    all_findings = tuple(findings)

    def rest() -> dict[str, object]:
        return _the_rest(ctx, platform, conflicts, case, chain, all_findings, trace + rule_trace)

    return Assessment(
        schema_version=SCHEMA_VERSION,
        case=case,
        jurisdiction=chain,
        days_past_due=ctx.dpd,
        stage=ctx.stage,
        findings=all_findings,
        outlook=PENDING,
        limitation=PENDING,
        credit=PENDING,
        interest=PENDING,
        exposure=PENDING,
        advice=PENDING,
        packs=PENDING,
        trace=PENDING,
        instruments=PENDING,
        letters=PENDING,
        rest=rest,
    )


def _the_rest(
    ctx: CaseState,
    platform: PlatformPolicy | None,
    conflicts: Sequence[Conflict],
    case: Case,
    chain: tuple[str, ...],
    findings: tuple[Finding, ...],
    trace: list[TraceEntry],
) -> dict[str, object]:
    """The parts of an assessment after its findings: outlook, consequences, advice,
    trace, packs and instruments (worked out when first read, in this order, from the
    case's state as the rules left it)."""
    registry = ctx.registry
    outlook, policy_trace, _ = build_outlook(ctx, platform, conflicts)

    results, calc_trace = compute_consequences(ctx)

    # advice contributors read the assessment as it stands without advice (a Draft)
    draft = Assessment(
        schema_version=SCHEMA_VERSION,
        case=case,
        jurisdiction=chain,
        days_past_due=ctx.dpd,
        stage=ctx.stage,
        findings=findings,
        outlook=tuple(outlook),
        limitation=results[Consequence.LIMITATION],
        credit=results[Consequence.CREDIT],
        interest=results[Consequence.INTEREST],
        exposure=results[Consequence.EXPOSURE],
        advice=(),
        packs=(),
        trace=(),
    )

    advice: dict[str, Advice] = {}
    advice_trace = []
    advice_memo = ctx.indexes.memo("loanoverdue.trace.advice")
    for contributor in ctx.indexes.advice_contributors(chain):
        try:
            items = list(contributor.advise(ctx, draft))
        except Exception as exc:
            owner = owner_of(registry, contributor.id, "advice")
            raise_from_pack(exc, *owner, f"advice contributor {contributor.id!r}")
        for item in items:
            if not isinstance(item, Advice):
                name, dist = owner_of(registry, contributor.id, "advice")
                raise PluginError(name, dist, f"advice contributor {contributor.id!r} returned {item!r}")
            if item.id in advice:
                name, dist = owner_of(registry, contributor.id, "advice")
                raise PluginError(name, dist, f"advice {item.id!r} was given twice")
            advice[item.id] = item
        key = (contributor.id, tuple(sorted(i.id for i in items)))
        given = advice_memo.get(key)
        if given is None:
            given = advice_memo[key] = TraceEntry("advice", contributor.id, {"items": key[1]})
        advice_trace.append(given)

    letters, letter_trace = write_letters(ctx, draft)
    params = ctx.params_trace()
    full_trace = tuple(trace + policy_trace + calc_trace + advice_trace + letter_trace + params)
    advice_items = tuple(sorted(advice.values(), key=lambda a: (a.priority, a.id)))
    return {
        "outlook": draft.outlook,
        "limitation": draft.limitation,
        "credit": draft.credit,
        "interest": draft.interest,
        "exposure": draft.exposure,
        "advice": advice_items,
        "packs": _packs_used(registry, chain, full_trace),
        "trace": full_trace,
        "instruments": _cited(registry, draft, advice_items, letters),
        "letters": letters,
    }


def compute_consequences(
    ctx: CaseState, wanted: frozenset[Consequence] | None = None
) -> tuple[dict[Consequence, Any], list[TraceEntry]]:
    """The consequences of the case (by the chain's calculators, from the state as the
    rules left it) and their trace entries; with ``wanted``, only those consequences."""
    registry = ctx.registry
    results: dict[Consequence, Any] = {}
    calc_trace = []
    for consequence, kind, calc, entry in _calculators(registry, ctx.chain):
        if wanted is not None and consequence not in wanted:
            continue
        calc_trace.append(entry)
        if calc is None:
            results[consequence] = None
            continue
        try:
            value = calc.compute(ctx)
        except Exception as exc:
            owner = owner_of(registry, calc.id, "calculators")
            raise_from_pack(exc, *owner, f"calculator {calc.id!r}")
        if value is not None and not isinstance(value, kind):
            name, dist = owner_of(registry, calc.id, "calculators")
            raise PluginError(
                name, dist, f"calculator {calc.id!r} returned {value!r}, expected {kind.__name__}"
            )
        results[consequence] = value
    return results, calc_trace


def check_event(
    case: Case,
    event: int | CollectionEvent,
    registry: Registry | None = None,
    policies: Sequence[PlatformPolicy] = (),
    overrides: Mapping[str, object] | None = None,
) -> tuple[Finding, ...]:
    """The findings about one event of ``case`` (an index), or about ``event`` added to
    the case as a proposal: "is this action lawful now?".

    Runs only the rules (no outlook, consequences or advice), so a dialler can ask it
    often; the findings are those :func:`assess` gives for the same event (with the same
    ``policies`` and ``overrides``)."""
    if isinstance(event, CollectionEvent):
        case = attrs.evolve(case, events=(*case.events, event))
        index = len(case.events) - 1
    else:
        index = event
        if not 0 <= index < len(case.events):
            raise InvalidInputError("event", f"no event {index}; the case has {len(case.events)}")
    if policies:  # a platform's rules and conflicts need the full assessment
        return assess(case, registry, policies=policies, overrides=overrides).findings_for(index)
    if registry is None:
        registry = default_registry()
    ctx = state_for(case, registry, registry.chain(case.borrower.jurisdiction), overrides)
    findings, _ = run_rules(ctx, only=index)
    return tuple(f for f in findings if f.event == index)


def state_for(
    case: Case, registry: Registry, chain: tuple[str, ...], overrides: Mapping[str, object] | None
) -> CaseState:
    """The engine's state of ``case``, with ``overrides`` checked and applied."""
    if not overrides:
        return CaseState(case, registry, chain)
    if not isinstance(overrides, Mapping):
        raise InvalidInputError("overrides", "expected a mapping of parameter id -> value")
    today = case.as_of.astimezone(case.borrower.tz).date()
    return CaseState(case, registry, chain, resolve_overrides(registry, chain, overrides, today))


def _calculators(
    registry: Registry, chain: tuple[str, ...]
) -> tuple[tuple[Consequence, type, Calculator | None, TraceEntry], ...]:
    """For each consequence: its result type, the chain's calculator and its trace
    entry (made once per registry and chain)."""
    memo = indexes_of(registry).memo("loanoverdue.calculators")
    found: tuple[tuple[Consequence, type, Calculator | None, TraceEntry], ...] | None = memo.get(chain)
    if found is None:
        rows = []
        for consequence, kind in _RESULT_TYPES.items():
            calc = registry.calculator(chain, consequence)
            detail: dict[str, object] = (
                {"calculator": None}
                if calc is None
                else {"calculator": calc.id, "jurisdiction": calc.jurisdiction}
            )
            rows.append((consequence, kind, calc, TraceEntry("calculator", consequence.value, detail)))
        found = memo[chain] = tuple(rows)
    return found


def _packs_used(
    registry: Registry, chain: tuple[str, ...], trace: tuple[TraceEntry, ...]
) -> tuple[PackRef, ...]:
    """The packs that covered the chain or contributed a rule, policy, calculator or
    advice that the trace shows."""
    key = (chain, *(t.id for t in trace if t.kind != "parameter" and t.kind != "input"))
    memo = indexes_of(registry).memo("loanoverdue.packs_used")
    found: tuple[PackRef, ...] | None = memo.get(key)
    if found is None:
        found = memo[key] = _find_packs_used(registry, chain, trace)
    return found


def _find_packs_used(
    registry: Registry, chain: tuple[str, ...], trace: tuple[TraceEntry, ...]
) -> tuple[PackRef, ...]:
    used = {registry.owner("jurisdiction", code) for code in chain}
    for t in trace:
        if t.kind == "calculator":
            if t.detail.get("calculator") is not None:
                used.add(registry.owner("calculator", str(t.detail["calculator"])))
        elif t.kind in ("rule", "policy", "advice"):
            used.add(registry.owner(t.kind, t.id))
        elif t.kind == "letter":
            used.add(registry.owner("letters", t.id))
    return tuple(PackRef(p.name, p.version, p.distribution) for p in registry.packs if p in used)


def _cited(
    registry: Registry, draft: Assessment, advice: tuple[Advice, ...], letters: tuple[Letter, ...] = ()
) -> Mapping[str, Instrument]:
    """The instruments cited anywhere in the assessment, by id."""
    groups: list[tuple[Citation, ...]] = [f.citations for f in draft.findings]
    for p in draft.outlook:
        groups.append(p.citations)
        groups.extend([factor.citations for factor in p.factors if factor.citations])
    for part in (draft.limitation, draft.credit, draft.exposure):
        if part is not None:
            groups.append(part.citations)
    if draft.interest is not None:
        groups.append(draft.interest.cap_basis)
    groups.extend([a.citations for a in advice])
    groups.extend([x.citations for x in letters])
    ids = frozenset([c.instrument for group in groups for c in group])
    memo = indexes_of(registry).memo("loanoverdue.cited")
    found: Mapping[str, Instrument] | None = memo.get(ids)
    if found is None:
        instruments = registry.instruments
        found = memo[ids] = MappingProxyType({i: instruments[i] for i in sorted(ids) if i in instruments})
    return found
