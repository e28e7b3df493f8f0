"""The event filters of the US rules (``actions``, ``conduct``, ``targets``, ``actors`` in
rules.toml) say which events a rule is about: the engine calls a check only for the events
they admit (the core's tests/test_engine_calls.py), and the checks rely on them instead of
testing them again. Here: the filters the rules declare."""

from __future__ import annotations

import loanoverdue_us
import pytest
from loanoverdue_us.checks import HARASSING, MAYBE_HARASSING, THIRD_PARTIES
from loanoverdue_us.facts import CONSUMER_TARGETS

from loanoverdue import Registry
from loanoverdue.law import Rule, Scope
from loanoverdue.model import Actor, Conduct, Target

#: The actors the federal rules list: every one but the court and an enforcement agent (an
#: officer enforcing a judgment), for whom this pack has no rules.
COVERED = frozenset(Actor) - {Actor.COURT, Actor.ENFORCEMENT_AGENT}

_REGISTRY: list[Registry] = []


@pytest.fixture(scope="module")
def registry() -> Registry:
    if not _REGISTRY:
        _REGISTRY.append(Registry.build([loanoverdue_us.PACK], entry_points=False))
    return _REGISTRY[0]


def _event_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.scope is Scope.EVENT]


def test_filters_declared(registry: Registry) -> None:
    rules = {r.id: r for r in _event_rules(registry)}
    assert rules["us.attorney.represented"].targets == frozenset(Target) - {Target.ATTORNEY}
    for rule in rules.values():
        if rule.actors is not None and not rule.id.startswith("us.tx."):
            assert rule.actors == COVERED, rule.id
    assert [r for r in rules.values() if (r.conduct, r.targets, r.actors) == (None, None, None)] == []


def test_the_filters_the_checks_rely_on(registry: Registry) -> None:
    """What the checks take from their rules' filters instead of testing it again."""
    rules = registry.rules
    borrower = frozenset({Target.BORROWER})
    for rule_id in ("us.time.designated", "us.place.designated", "us.medium.refused"):
        assert rules[rule_id].targets == borrower, rule_id
    assert rules["us.third_party.communication"].targets == THIRD_PARTIES | {Target.FAMILY}
    assert rules["us.third_party.location_inquiry"].targets == (
        frozenset(Target) - CONSUMER_TARGETS - {Target.ATTORNEY, Target.GUARANTOR}
    )
    assert rules["us.conduct.harassment"].conduct == HARASSING | MAYBE_HARASSING
    assert rules["us.misrep.threatened_action"].conduct == frozenset({Conduct.THREAT})
    for rule_id in ("us.ca.limitation.suit_barred", "us.md.limitation.suit_barred"):
        assert rules[rule_id].actors == COVERED, rule_id
    assert rules["us.tx.limitation.debt_buyer_suit_barred"].actors == frozenset(
        {Actor.DEBT_BUYER, Actor.LENDER, Actor.LAW_FIRM}
    )
