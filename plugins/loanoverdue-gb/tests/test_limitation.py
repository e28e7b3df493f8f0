"""The limitation period and the day counts, unit by unit: where the period starts, what
restarts it in England and Wales and in Scotland, what does not revive it, and how clear
days and working days are counted around bank holidays."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from loanoverdue_gb.daycount import clear_days, part_of_uk, working_day_after
from loanoverdue_gb.limitation import add_years, limitation_on

from loanoverdue import Registry, load_case
from loanoverdue.engine.context import CaseState


def _ctx(registry: Registry, code: str, *, events: list[dict[str, Any]] = (), **loan: Any) -> CaseState:  # type: ignore[assignment]
    data: dict[str, Any] = {
        "as_of": "2026-03-01T12:00:00+00:00",
        "borrower": {"jurisdiction": code, "timezone": "Europe/London"},
        "loan": {
            "product": "installment",
            "principal": "1000",
            "outstanding": "1000",
            "currency": "GBP",
            "due_date": "2019-05-01",
            "lender": {"kind": "bank"},
            **loan,
        },
        "events": list(events),
    }
    case = load_case(data)
    return CaseState(case, registry, registry.chain(code))


def test_no_period_without_the_part_of_the_uk(registry: Registry) -> None:
    assert limitation_on(_ctx(registry, "GB"), date(2026, 3, 1)) is None


@pytest.mark.parametrize(("code", "years"), [("GB-ENG", 6), ("GB-WLS", 6), ("GB-EAW", 6), ("GB-SCT", 5)])
def test_the_period_of_each_system(registry: Registry, code: str, years: int) -> None:
    lim = limitation_on(_ctx(registry, code), date(2026, 3, 1))
    assert lim is not None and lim.years == years and lim.scotland is (code == "GB-SCT")
    assert lim.starts == date(2019, 5, 1) and lim.expires == date(2019 + years, 5, 1)
    assert lim.start_basis == "due_date"


def test_a_payment_restarts_only_while_the_period_runs(registry: Registry) -> None:
    ctx = _ctx(registry, "GB-ENG", last_payment_date="2022-03-15")
    lim = limitation_on(ctx, date(2026, 3, 1))
    assert lim is not None and lim.starts == date(2022, 3, 15) and lim.start_basis == "payment"
    assert [c.article for c in lim.citations] == ["5", "29(5)"]
    # seen from a day before the payment, it has not happened yet
    before = limitation_on(ctx, date(2022, 3, 14))
    assert before is not None and before.starts == date(2019, 5, 1)
    late = limitation_on(_ctx(registry, "GB-ENG", due_date="2015-01-10", last_payment_date="2022-06-01"), date(2026, 3, 1))
    assert late is not None and late.starts == date(2015, 1, 10) and late.late_payment == date(2022, 6, 1)
    assert late.expired_on(date(2026, 3, 1)) and [c.article for c in late.citations] == ["5", "29(7)"]


def test_a_default_notice_moves_the_start_to_the_end_of_its_14_days(registry: Registry) -> None:
    notice = {"at": "2024-04-10T09:00:00+01:00", "action": "default_notice", "actor": "lender"}
    lim = limitation_on(_ctx(registry, "GB-ENG", due_date="2024-01-05", events=[notice]), date(2026, 3, 1))
    assert lim is not None and lim.starts == date(2024, 4, 24) and lim.default_notice == date(2024, 4, 10)
    # a notice from someone outside the creditor side, or a planned one, does not count
    court = {**notice, "actor": "court"}
    planned = {**notice, "at": "2026-04-10T09:00:00+01:00", "proposed": True}
    # a notice served after the period had run revives nothing
    stale = {**notice, "at": "2022-06-01T09:00:00+01:00"}
    barred = limitation_on(_ctx(registry, "GB-ENG", due_date="2015-01-10", events=[stale]), date(2026, 3, 1))
    assert barred is not None and barred.starts == date(2015, 1, 10) and barred.default_notice is None
    for event in (court, planned):
        other = limitation_on(_ctx(registry, "GB-ENG", due_date="2024-01-05", events=[event]), date(2026, 3, 1))
        assert other is not None and other.starts == date(2024, 1, 5)


def test_in_scotland_a_court_claim_interrupts_and_nothing_revives_a_prescribed_debt(registry: Registry) -> None:
    claim = {"at": "2023-06-01T10:00:00+01:00", "action": "lawsuit", "actor": "law_firm"}
    lim = limitation_on(_ctx(registry, "GB-SCT", due_date="2019-02-01", events=[claim]), date(2026, 3, 1))
    assert lim is not None and lim.interrupted_by == (0,) and lim.starts == date(2023, 6, 1)
    assert [c.article for c in lim.citations] == ["s. 6", "s. 9"]
    # the same claim after five years comes too late: the debt was extinguished
    late = {**claim, "at": "2024-06-01T10:00:00+01:00"}
    gone = limitation_on(_ctx(registry, "GB-SCT", due_date="2019-02-01", events=[late]), date(2026, 3, 1))
    assert gone is not None and gone.interrupted_by == () and gone.expires == date(2024, 2, 1)
    # in England a claim stops nothing: it was brought in time, or it was not
    england = limitation_on(_ctx(registry, "GB-ENG", due_date="2019-02-01", events=[claim]), date(2026, 3, 1))
    assert england is not None and england.interrupted_by == () and england.claim_in_time == date(2023, 6, 1)


def test_add_years_on_29_february() -> None:
    assert add_years(date(2024, 2, 29), 6) == date(2030, 2, 28)
    assert add_years(date(2024, 2, 28), 6) == date(2030, 2, 28)


def test_clear_days_leave_out_sundays_and_bank_holidays() -> None:
    # Monday to Monday: Tuesday to Sunday lie between, the Sunday does not count
    assert clear_days(date(2026, 2, 2), date(2026, 2, 9)) == 5
    # Easter 2026: Good Friday 3 April and Easter Monday 6 April do not count
    assert clear_days(date(2026, 3, 30), date(2026, 4, 9)) == 6
    assert clear_days(date(2026, 3, 30), date(2026, 4, 10)) == 7
    # Christmas Day counts out even on a Saturday (2027), as does the substitute Monday
    assert clear_days(date(2027, 12, 23), date(2027, 12, 29)) == 1  # 24th; 25 (Sat), 26 (Sun), 27, 28 out
    assert clear_days(date(2026, 2, 2), date(2026, 2, 3)) == 0


def test_working_days_follow_the_part_of_the_uk() -> None:
    # 12 working days from 1 May 2025, the May Day bank holiday (5 May) not counted
    assert working_day_after(date(2025, 5, 1), 12) == date(2025, 5, 20)
    # 2 January is a bank holiday in Scotland only
    assert working_day_after(date(2025, 12, 31), 1, part_of_uk(("GB-ENG", "GB-EAW", "GB"))) == date(2026, 1, 2)
    assert working_day_after(date(2025, 12, 31), 1, part_of_uk(("GB-SCT", "GB"))) == date(2026, 1, 5)
