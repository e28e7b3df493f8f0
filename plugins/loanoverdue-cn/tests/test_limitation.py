"""Properties of the China pack's limitation calculator over generated cases: no revival
by demand after expiry (Civil Code art. 192, SPC limitation provisions art. 19), revival by
a payment, and an end that is never a statutory rest day (art. 203)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import loanoverdue_cn
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loanoverdue_cn.restdays import calendar

from loanoverdue import Registry, assess
from loanoverdue.model import Action, Actor, Borrower, Case, CollectionEvent, Lender, Loan, Money, Outcome
from loanoverdue.testing.strategies import cases

TZ = ZoneInfo("Asia/Shanghai")
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_cn.PACK], entry_points=False)


@st.composite
def late_cases(draw: st.DrawFn) -> Case:
    """CN cases assessed up to six years after their events, so that many have expired."""
    case = draw(cases(jurisdiction="CN", timezone="Asia/Shanghai", currency="CNY", max_events=8))
    later = case.as_of + timedelta(days=draw(st.integers(0, 6 * 365)))
    return attrs.evolve(case, as_of=later)


def _key(case: Case, registry: Registry) -> tuple[object, ...]:
    lim = assess(case, registry).limitation
    assert lim is not None
    return (lim.period, lim.starts, lim.expires, lim.expired, lim.interrupted_by)


@_SETTINGS
@given(
    late_cases(), st.sampled_from([Action.SMS, Action.LETTER, Action.CALL, Action.LAWSUIT, Action.DEBT_SALE])
)
def test_nothing_the_creditor_does_after_expiry_restarts_the_period(
    registry: Registry, case: Case, action: Action
) -> None:
    lim = assess(case, registry).limitation
    assert lim is not None
    if not lim.expired or case.loan.last_payment_date is not None:
        return
    # a step that would interrupt a running period, the day after expiry
    at = datetime.combine(lim.expires + timedelta(days=1), datetime.min.time(), tzinfo=TZ) + timedelta(
        hours=10
    )
    if at > case.as_of:
        return
    outcome = Outcome.CONNECTED if action is Action.CALL else Outcome.DELIVERED
    late = CollectionEvent(at=at, action=action, actor=Actor.LENDER, outcome=outcome)
    after = attrs.evolve(case, events=(*case.events, late))
    assert _key(after, registry) == _key(case, registry)


@_SETTINGS
@given(late_cases())
def test_a_payment_after_expiry_starts_a_new_period(registry: Registry, case: Case) -> None:
    lim = assess(case, registry).limitation
    assert lim is not None
    if not lim.expired or case.loan.last_payment_date is not None:
        return
    paid = lim.expires + timedelta(days=1)
    if paid > case.as_of.astimezone(TZ).date():
        return
    after = attrs.evolve(case, loan=attrs.evolve(case.loan, last_payment_date=paid))
    found = assess(after, registry).limitation
    assert found is not None and found.starts >= paid
    assert found.note is not None and "after the period had expired" in found.note.en


@_SETTINGS
@given(late_cases())
def test_the_period_never_ends_on_a_statutory_rest_day(registry: Registry, case: Case) -> None:
    lim = assess(case, registry).limitation
    assert lim is not None
    cal = calendar()
    end = lim.expires
    assert end not in cal.days_off
    assert end.weekday() < 5 or end in cal.working_days  # weekends count, by default


def _saturday_case(due: date) -> Case:
    money = Money("5000", "CNY")
    return Case(
        as_of=datetime(2026, 3, 1, 10, tzinfo=TZ),
        borrower=Borrower("CN-SH", "Asia/Shanghai"),
        loan=Loan(
            product="installment", principal=money, outstanding=money, due_date=due, lender=Lender("bank")
        ),
    )


def test_the_weekend_assumption_is_traced_only_when_a_weekend_day_is_the_last(registry: Registry) -> None:
    saturday = assess(_saturday_case(date(2025, 3, 4)), registry)  # 2028-03-04 is a Saturday
    ids = {t.id for t in saturday.trace if t.kind == "parameter"}
    assert "cn.limitation.weekends_are_rest_days" in ids
    assert saturday.limitation is not None and saturday.limitation.expires == date(2028, 3, 6)
    plain = assess(_saturday_case(date(2025, 3, 6)), registry)  # 2028-03-06, a Monday
    assert "cn.limitation.weekends_are_rest_days" not in {t.id for t in plain.trace if t.kind == "parameter"}


@_SETTINGS
@given(late_cases())
def test_a_note_shared_between_cases_reads_as_its_own(registry: Registry, case: Case) -> None:
    """The note and citations made once per registry and parts (many cases' notes say
    the same) are those the case's own parts make."""
    from loanoverdue_cn import limitation as lim_module
    from loanoverdue_cn.texts import sentences

    real = lim_module._note
    seen: list[bool] = []

    def checked(ctx: object, notes: list[object]) -> object:
        out = real(ctx, notes)  # type: ignore[arg-type]
        assert out == sentences(*notes)  # type: ignore[arg-type]
        seen.append(True)
        return out

    with pytest.MonkeyPatch.context() as m:
        m.setattr(lim_module, "_note", checked)
        lim = assess(case, registry).limitation
    assert lim is not None and seen == [True]
    cited = {(c.instrument, c.article) for c in lim.citations}
    assert lim.citations == tuple(registry.cite(i, a) for i, a in lim_module._ORDER if (i, a) in cited)


def test_equal_notes_are_one_object_and_unequal_values_are_told_apart(registry: Registry) -> None:
    import json
    from decimal import Decimal
    from pathlib import Path

    from loanoverdue_cn.limitation import _part_key, _Unkeyed
    from loanoverdue_cn.texts import Fill

    from loanoverdue import load_case

    example = Path(__file__).resolve().parents[3] / "examples" / "cn-9000-online-loan.json"
    first, second = (assess(load_case(json.loads(example.read_text())), registry).limitation for _ in range(2))
    assert first is not None and second is not None and first is not second
    assert first.note is second.note and first.citations is second.citations
    day = date(2026, 3, 1)
    assert _part_key(Fill("k", {"date": day})) == _part_key(Fill("k", {"date": day}))
    assert _part_key(Fill("k", {"n": 1})) != _part_key(Fill("k", {"n": True}))
    with pytest.raises(_Unkeyed):  # equal decimals may be written differently
        _part_key(Fill("k", {"amount": Decimal("1.0")}))
