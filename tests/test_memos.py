"""What the registry remembers between assessments (rule dispatch, parameter values,
trace entries, factors) must never change an assessment: only make it faster."""

from __future__ import annotations

import types
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import loanoverdue_example
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loanoverdue import Borrower, Case, Lender, LenderKind, Loan, Money, Product, Registry, assess, hookimpl
from loanoverdue.engine import context
from loanoverdue.engine.context import CaseState
from loanoverdue.engine.indexes import indexes_of
from loanoverdue.law import Basis, Parameter, ParameterValue, SourceStatus, Text
from loanoverdue.testing.strategies import cases

XE = cases(jurisdiction="XE-N", timezone="Asia/Shanghai", currency="EXD", max_events=15)


def fresh() -> Registry:
    return Registry.build([loanoverdue_example], entry_points=False)


def test_memo_is_one_dict_per_name_and_registry() -> None:
    a, b = fresh(), fresh()
    assert a.memo("x.one") is a.memo("x.one")
    assert a.memo("x.one") is not a.memo("x.two")
    assert a.memo("x.one") is not b.memo("x.one")


@settings(max_examples=25, deadline=None)
@given(st.lists(XE, min_size=2, max_size=6))
def test_assessments_do_not_depend_on_what_was_assessed_before(batch: list[Case]) -> None:
    alone = [assess(case, fresh()).to_json() for case in batch]
    shared = fresh()
    for case in reversed(batch):  # fill the memos with the others first
        assess(case, shared)
    assert [assess(case, shared).to_json() for case in batch] == alone


@settings(max_examples=15, deadline=None)
@given(st.lists(XE, min_size=8, max_size=12))
def test_full_memos_start_afresh_and_results_stay_the_same(batch: list[Case]) -> None:
    limit = 3
    alone = [assess(case, fresh()).to_json() for case in batch]
    shared = fresh()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loanoverdue_registry(), "MEMO_LIMIT", limit)
        got = [assess(case, shared).to_json() for case in batch]
        for name in ("loanoverdue.trace.rule", "loanoverdue.trace.advice", "loanoverdue.packs_used"):
            assert len(indexes_of(shared).memo(name)) <= limit
        assert len(indexes_of(shared).memo("loanoverdue.outlook.factor")) <= limit + 64
    assert got == alone


def loanoverdue_registry() -> types.ModuleType:
    import loanoverdue.registry.memo

    return loanoverdue.registry.memo


def _parameter_pack() -> types.ModuleType:
    """A pack whose ``xe.test.level`` holds 1 in XE throughout and 2 in XE-N for 2024
    only: the XE value is in force on both sides of the XE-N value."""

    def values(jurisdiction: str, *vals: ParameterValue) -> Parameter:
        return Parameter(
            "xe.test.level",
            jurisdiction,
            Text("A level"),
            Basis.ASSUMPTION,
            SourceStatus.UNVERIFIED,
            vals,
            type="int",
        )

    module = types.ModuleType("levels")

    def loanoverdue_parameters() -> Any:
        return [
            values("XE", ParameterValue(date(2020, 1, 1), 1)),
            values("XE-N", ParameterValue(date(2024, 1, 1), 2, date(2024, 12, 31))),
        ]

    module.loanoverdue_parameters = hookimpl(loanoverdue_parameters)  # type: ignore[attr-defined]
    return module


def test_a_value_read_on_both_sides_of_a_more_specific_one_is_traced_once() -> None:
    registry = Registry.build([loanoverdue_example, _parameter_pack()], entry_points=False)
    tz = ZoneInfo("Asia/Shanghai")
    case = Case(
        as_of=datetime(2025, 6, 1, 9, 0, tzinfo=tz),
        borrower=Borrower("XE-N", "Asia/Shanghai"),
        loan=Loan(
            product=Product.INSTALLMENT,
            principal=Money("100", "EXD"),
            outstanding=Money("100", "EXD"),
            due_date=date(2023, 1, 1),
            lender=Lender(kind=LenderKind.BANK),
        ),
    )
    ctx = CaseState(case, registry, registry.chain("XE-N"))
    read = [ctx.param("xe.test.level", day) for day in (date(2023, 6, 1), date(2024, 6, 1), date(2025, 6, 1))]
    assert read == [1, 2, 1]
    traced = [(t.id, t.detail["jurisdiction"], t.detail["value"]) for t in ctx.params_trace()]
    assert traced == [("xe.test.level", "XE", 1), ("xe.test.level", "XE-N", 2)]
    # the engine now holds the value last read, for the next case on this chain
    assert indexes_of(registry).held_values(("XE-N", "XE"))["xe.test.level"].raw == 1
    assert context.CaseState(case, registry, ("XE-N", "XE")).param("xe.test.level") == 1

