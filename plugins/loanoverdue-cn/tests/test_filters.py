"""The event filters of the China rules (``conduct``, ``targets``, ``actors`` in
rules.toml) only spare the engine calls that cannot matter: for an event a rule's filters
exclude, its check returns nothing and reads no parameter (so the trace is the same as
without the filters)."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import Registry
from loanoverdue.engine.context import CaseContext, EventContext
from loanoverdue.law import Rule, Scope
from loanoverdue.model import Actor, Case, CollectionEvent, Purpose
from loanoverdue.results import ParameterUse
from loanoverdue.testing.strategies import cases

COLLECTOR_SIDE = frozenset(Actor) - {Actor.COURT}


def _varied(case: Case) -> st.SearchStrategy[Case]:
    """``case`` with a purpose and the proposed flag drawn for each event (the core's
    strategy leaves them at their defaults)."""
    extra = st.tuples(st.none() | st.sampled_from(list(Purpose)), st.booleans())
    n = len(case.events)
    return st.lists(extra, min_size=n, max_size=n).map(
        lambda drawn: attrs.evolve(
            case,
            events=tuple(
                attrs.evolve(e, purpose=purpose, proposed=proposed)
                for e, (purpose, proposed) in zip(case.events, drawn, strict=True)
            ),
        )
    )


def _cn_event_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.id.startswith("cn.") and r.scope is Scope.EVENT]


def _excludes(rule: Rule, event: CollectionEvent) -> bool:
    return (
        (rule.conduct is not None and event.conduct.isdisjoint(rule.conduct))
        or (rule.targets is not None and event.target not in rule.targets)
        or (rule.actors is not None and event.actor not in rule.actors)
    )


def test_rules_that_skip_court_events_say_so(registry: Registry) -> None:
    filtered = [r for r in _cn_event_rules(registry) if r.actors is not None]
    assert len(filtered) >= 30
    for rule in filtered:
        if rule.id in {"cn.court_service.genuine", "cn.judgment.enforcement"}:
            assert rule.actors == frozenset({Actor.COURT}), rule.id
        else:
            assert rule.actors == COLLECTOR_SIDE, rule.id


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    (
        cases(jurisdiction="CN", timezone="Asia/Shanghai", currency="CNY", max_events=12)
        | cases(jurisdiction="CN-GD", timezone="Asia/Shanghai", currency="CNY", max_events=12)
    ).flatmap(_varied)
)
def test_a_check_finds_nothing_for_an_event_its_filters_exclude(registry: Registry, case: Case) -> None:
    ctx = CaseContext(case, registry, registry.chain(case.borrower.jurisdiction))
    rules = [r for r in _cn_event_rules(registry) if (r.conduct, r.targets, r.actors) != (None, None, None)]
    assert rules
    for view in ctx.all_events:
        ectx = EventContext(ctx, view)
        for rule in rules:
            if not _excludes(rule, view.event):
                continue
            reads: list[ParameterUse] = []
            ctx.reads = reads
            used = len(ctx.params_used())
            result = rule.check(ectx)
            assert result is None, (rule.id, view.event)
            assert not reads and len(ctx.params_used()) == used, (rule.id, view.event)
            ctx.reads = None
