"""The pack API's one per-case memo (``ctx.once``) and its one way to record what a
check rests on: reads are recorded by the context, never by packs (``reads`` is the
engine's), and citations in force on a day come from the core (``ctx.cited_on``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import loanoverdue
from loanoverdue.engine.context import CaseState
from loanoverdue.pack import CaseContext
from loanoverdue.registry import default_registry
from loanoverdue.results import ParameterUse

ROOT = Path(__file__).resolve().parent.parent
START, END = "cn.contact.quiet_hours_start", "cn.contact.quiet_hours_end"


def _state() -> CaseState:
    registry = default_registry()
    case = loanoverdue.load_case(ROOT / "examples" / "cn-9000-online-loan.json")
    return CaseState(case, registry, registry.chain(case.borrower.jurisdiction))


def _running(ctx: CaseState) -> list[ParameterUse]:
    """Start a check's record of reads, as the engine does before each check."""
    reads: list[ParameterUse] = []
    ctx._reads = reads
    return reads


def test_reads_are_the_engines_not_the_packs() -> None:
    ctx = _state()
    assert not hasattr(ctx, "reads")
    assert not hasattr(CaseContext, "reads")
    assert not hasattr(CaseContext, "derived")


def test_once_computes_once_and_every_use_rests_on_its_reads() -> None:
    ctx = _state()
    calls: list[object] = []

    def compute(c: CaseContext) -> str:
        calls.append(c)
        return f"{c.param(START)}-{c.param(END)}"

    first = _running(ctx)
    value = ctx.once("test.window", compute)
    second = _running(ctx)
    assert ctx.once("test.window", compute) == value
    assert len(calls) == 1
    assert [u.id for u in first] == [START, END]
    assert second == first  # the check that did not compute it rests on the same values
    ctx._reads = None
    assert ctx.once("test.window", compute) == value  # outside a check: nothing to record


def test_quietly_and_rest_on_attribute_only_what_a_finding_rests_on() -> None:
    ctx = _state()
    reads = _running(ctx)
    value, uses = ctx.quietly(lambda c: (c.param(START), c.param(END), c.param(START)))
    assert value[0] == value[2]
    assert reads == []
    assert [u.id for u in uses] == [START, END]  # each once, in the order first read
    assert {pid for pid, _ in ctx.params_used()} == {START, END}  # but in the trace
    ctx.rest_on(uses[1:])
    assert [u.id for u in reads] == [END]


def test_reading_is_in_the_trace_with_its_span_but_not_in_the_check() -> None:
    ctx = _state()
    reads = _running(ctx)
    found = ctx.reading(START, ctx.today)
    assert reads == []
    assert found.raw == ctx.param(START)
    assert found.low <= ctx.today < found.high
    assert found.use.id == START and found.parameter.id == START
    assert [pid for pid, _ in ctx.params_used()] == [START]
    with pytest.raises(LookupError, match="no value"):
        ctx.reading("cn.no_such_parameter", ctx.today)


def test_cited_on_is_the_cores_citations_in_force() -> None:
    ctx = _state()
    registry = ctx.registry
    indexes = ctx.indexes
    # a US rule whose Regulation F citations came into force on 2021-11-30
    rule = registry.rules["us.call.frequency.seven_in_seven"]
    before, after = date(2020, 6, 1), date(2022, 6, 1)
    assert ctx.cited_on(rule.id, before) == indexes.citations_in_force(rule, before)
    assert ctx.cited_on(rule.id, after) == indexes.citations_in_force(rule, after)
    assert len(ctx.cited_on(rule.id, before)) < len(ctx.cited_on(rule.id, after)) == len(rule.citations)
    first = rule.citations[0]
    among = {(first.instrument, first.article)}
    assert ctx.cited_on(rule.id, after, among=among) == (first,)


def test_shared_is_built_once_per_registry_for_every_case() -> None:
    a, b = _state(), _state()
    built: list[int] = []

    def build() -> list[str]:
        built.append(1)
        return ["made"]

    first = a.shared(("test", "x"), build)
    assert b.shared(("test", "x"), build) is first  # another case of the same registry
    assert a.shared(("test", "y"), build) is not first
    assert len(built) == 2
