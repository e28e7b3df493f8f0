"""``assess_rules()``: the findings of chosen rules and the consequences, equal to what
``assess()`` gives for the same case, without outlook and advice."""

from __future__ import annotations

from typing import Any

import pytest

import loanoverdue
from loanoverdue.components import Consequence
from loanoverdue.engine.screening import CONFLICT_RULE, assess_rules
from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.portfolio import generate_book
from loanoverdue.results.json import plain


@pytest.fixture(scope="module")
def cases() -> list[Any]:
    return [load_case(d) for d in generate_book(120, seed=11)]


def test_every_rule_and_consequence_equals_assess(cases: list[Any]) -> None:
    registry = loanoverdue.default_registry()
    for case in cases:
        full = loanoverdue.assess(case, registry)
        got = assess_rules(case, registry)
        assert got.findings == full.findings
        assert (got.days_past_due, got.stage) == (full.days_past_due, full.stage)
        for name in ("limitation", "credit", "interest", "exposure"):
            assert plain(getattr(got, name)) == plain(getattr(full, name)), name


def test_a_subset_of_rules_gives_their_findings_alone(cases: list[Any]) -> None:
    registry = loanoverdue.default_registry()
    found = {f.rule for c in cases for f in loanoverdue.assess(c, registry).findings}
    chosen = frozenset(sorted(found)[::3])  # event rules and case rules of both packs
    assert any(r.startswith("cn.") for r in chosen) and any(r.startswith("us.") for r in chosen)
    checked = 0
    for case in cases:
        full = loanoverdue.assess(case, registry)
        got = assess_rules(case, registry, rules=chosen, consequences=())
        assert got.findings == tuple(f for f in full.findings if f.rule in chosen)
        assert (got.limitation, got.credit, got.interest, got.exposure) == (None, None, None, None)
        checked += len(got.findings)
    assert checked > len(cases)


def test_only_the_consequences_asked_for_are_computed(cases: list[Any]) -> None:
    registry = loanoverdue.default_registry()
    case = next(c for c in cases if c.borrower.jurisdiction.startswith("CN"))
    got = assess_rules(case, registry, rules=(), consequences=[Consequence.LIMITATION])
    assert got.findings == ()
    assert got.limitation is not None and got.credit is None and got.interest is None


def test_an_unknown_rule_is_an_input_error(cases: list[Any]) -> None:
    with pytest.raises(InvalidInputError, match=r"no rule 'cn\.no_such_rule'") as info:
        assess_rules(cases[0], rules=["cn.no_such_rule"])
    assert info.value.path == "rules"
    assess_rules(cases[0], rules=[CONFLICT_RULE])  # the platform conflicts are a rule here
