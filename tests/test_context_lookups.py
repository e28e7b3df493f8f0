"""What a pack asks the case context about the registry's data instead of reading the
registry: when a parameter's value changes (``parameter_span``), the escalation policies
of the case (``policies``), an instrument (``instrument``) and a jurisdiction
(``jurisdiction_by_code``). None of them records a parameter read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import loanoverdue
from loanoverdue.engine.context import CaseState
from loanoverdue.engine.overrides import resolve_overrides
from loanoverdue.pack import CaseContext
from loanoverdue.registry import default_registry
from loanoverdue.results import ParameterUse

ROOT = Path(__file__).resolve().parent.parent
#: A China parameter with one value, from 2017-08-04.
CAP = "cn.interest.financial_loan_cap"
#: A China parameter with a value per month or so from 2019-08-20.
LPR = "cn.interest.lpr_1y"


def _state(overrides: dict[str, object] | None = None) -> CaseState:
    registry = default_registry()
    case = loanoverdue.load_case(ROOT / "examples" / "cn-9000-online-loan.json")
    chain = registry.chain(case.borrower.jurisdiction)
    held = resolve_overrides(registry, chain, overrides, case.as_of.date()) if overrides else None
    return CaseState(case, registry, chain, held)


def test_the_protocol_offers_the_lookups_and_no_registry() -> None:
    for name in ("parameter_span", "policies", "instrument", "jurisdiction_by_code"):
        assert callable(getattr(CaseContext, name))
    assert not hasattr(CaseContext, "registry")


def test_parameter_span_is_the_registrys_span_and_records_nothing() -> None:
    ctx = _state()
    reads: list[ParameterUse] = []
    ctx._reads = reads  # as while a check runs
    registry = ctx.registry
    spans = set()
    for day in (date(2019, 8, 20), date(2019, 9, 19), date(2019, 9, 20), date(2020, 3, 1)):
        span = registry.parameter_span(LPR, ctx.chain, day)
        assert span is not None
        assert ctx.parameter_span(LPR, day) == (span.low, span.high)
        assert span.low <= day < span.high
        spans.add((span.low, span.high))
    assert len(spans) >= 3
    assert ctx.parameter_span(CAP) == ctx.parameter_span(CAP, ctx.today)  # default: today
    assert ctx.parameter_span(CAP, date(2017, 8, 4)) == (date(2017, 8, 4), date.max)
    assert ctx.parameter_span(CAP, date(2017, 8, 3)) is None  # no value in force yet
    assert ctx.parameter_span("cn.no_such_parameter") is None
    assert reads == [] and ctx.params_used() == []  # neither in the check nor in the trace


def test_parameter_span_of_an_overridden_value_is_every_day() -> None:
    ctx = _state({CAP: "0.3"})
    assert ctx.parameter_span(CAP, date(2010, 1, 1)) == (date.min, date.max)
    assert ctx.param(CAP, date(2010, 1, 1)) == ctx.param(CAP)  # as the span says


def test_policies_are_the_registrys_for_the_case() -> None:
    ctx = _state()
    lender = ctx.case.loan.lender
    found = ctx.policies()
    assert found == ctx.registry.policies_for(ctx.chain, lender.kind, lender.platform)
    assert found and all(p.jurisdiction in ctx.chain for p in found)
    assert ctx.params_used() == []


def test_instrument_and_jurisdiction_by_code_are_the_registered_ones() -> None:
    ctx = _state()
    registry = ctx.registry
    assert ctx.instrument("cn.civil_code") is registry.instruments["cn.civil_code"]
    assert ctx.instrument("cn.no_such_law") is None
    assert ctx.jurisdiction_by_code("CN") is registry.jurisdictions["CN"]
    assert ctx.jurisdiction_by_code("US-MD") is registry.jurisdictions["US-MD"]
    assert ctx.jurisdiction_by_code("ZZ") is None
