"""The registry is a data snapshot; the engine's indexes of it live in
``loanoverdue.engine.indexes`` and must agree with the snapshot's plain lookups."""

from __future__ import annotations

import gc
from datetime import date, timedelta

import loanoverdue_example
import pytest

from loanoverdue import Registry, default_registry
from loanoverdue.engine.indexes import Indexes, indexes_of
from loanoverdue.vocabulary import Action, LenderKind

ENGINE_CACHES = ("_indexes", "_timelines", "_held", "_policy_memo", "_citations", "_cite_periods")


def example() -> Registry:
    return Registry.build([loanoverdue_example], entry_points=False)


def test_the_registry_holds_no_engine_caches() -> None:
    registry = example()
    assert not any(hasattr(registry, name) for name in ENGINE_CACHES)
    for name in ("event_dispatch", "event_index", "citations_in_force", "hold", "held_values"):
        assert not hasattr(registry, name)


def test_one_indexes_per_registry_dropped_with_it() -> None:
    a, b = example(), example()
    assert indexes_of(a) is indexes_of(a)
    assert indexes_of(a) is not indexes_of(b)
    assert isinstance(indexes_of(a), Indexes) and indexes_of(a).registry is a
    from loanoverdue.engine import indexes as module

    count = len(module._BY_REGISTRY)
    del a
    gc.collect()
    assert len(module._BY_REGISTRY) == count - 1


@pytest.mark.parametrize("code", ["XE", "XE-N"])
def test_the_index_agrees_with_the_snapshot(code: str) -> None:
    registry = example()
    indexes = indexes_of(registry)
    for action in Action:
        assert indexes.event_rules(code, action) == registry.event_rules(code, action)
    assert indexes.case_rules(code) == registry.case_rules(code)
    chain = registry.chain(code)
    for kind in LenderKind:
        assert indexes.policies_for(chain, kind, None) == registry.policies_for(chain, kind, None)
    assert indexes.advice_contributors(chain) == registry.advice_contributors(chain)
    assert indexes.letter_writers(chain) == registry.letter_writers(chain)


def test_parameter_spans_agree_on_every_day_a_value_changes() -> None:
    registry = default_registry()
    indexes = indexes_of(registry)
    checked = 0
    for (pid, code), _ in sorted(registry.parameters.items()):
        chain = registry.chain(code)
        for change in registry.parameter_changes(pid, chain):
            for day in {change, change - timedelta(days=1) if change > date.min else change}:
                assert indexes.parameter_span(pid, chain, day) == registry.parameter_span(pid, chain, day)
                checked += 1
    assert checked > 100


def test_citations_in_force_are_made_from_the_instruments() -> None:
    registry = default_registry()
    indexes = indexes_of(registry)
    for rule in registry.rules.values():
        for day in (date(2000, 1, 1), date(2021, 1, 1), date(2026, 1, 1)):
            cited = indexes.citations_in_force(rule, day)
            assert set(cited) <= set(rule.citations) and cited
