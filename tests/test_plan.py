"""The columnar plan: every vectorised rule's findings equal to ``assess()`` per account
(on a generated book, and on generated cases as a property), local time equal to
zoneinfo's, and every other rule left to the exact engine for the accounts it can
apply to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue.io import case_to_dict, load_case
from loanoverdue.model import Case
from loanoverdue.portfolio import generate_book
from loanoverdue.portfolio.book import ACCOUNT_COLUMNS, EVENT_COLUMNS, accounts_schema, events_schema
from loanoverdue.portfolio.plan import EXACT, VECTORISED, Plan, _local_us, compile_plan
from loanoverdue.registry import Registry
from loanoverdue.testing.strategies import cases

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return loanoverdue.default_registry()


@pytest.fixture(scope="module")
def plan(registry: Registry) -> Plan:
    return compile_plan(registry)


def _tables(records: Iterable[dict[str, Any]], initiated_by: bool = False) -> tuple[Any, Any]:
    """A batch as Arrow tables with the book's columns (and ``initiated_by``)."""
    from loanoverdue.portfolio.book import _get, _to_column

    accounts, events = [], []
    for record in records:
        accounts.append({c: _to_column(t, _get(record, p)) for c, p, t, _ in ACCOUNT_COLUMNS})
        for event in record.get("events", ()):
            row = {c: _to_column(t, event.get(f)) for c, f, t, _ in EVENT_COLUMNS[1:]}
            row["id"] = record["id"]
            if initiated_by:
                row["initiated_by"] = event.get("initiated_by")
            events.append(row)
    e_schema = events_schema()
    if initiated_by:
        e_schema = e_schema.append(pa.field("initiated_by", pa.string()))
    return pa.Table.from_pylist(accounts, schema=accounts_schema()), pa.Table.from_pylist(
        events, schema=e_schema
    )


def _key(
    rule: str,
    event: int | None,
    verdict: str,
    message: Any,
    params: dict[str, Any],
    parameters: Any,
    related: tuple[int, ...],
    related_count: int,
) -> str:
    return repr(
        (
            rule,
            event,
            verdict,
            message,
            list((k, repr(v)) for k, v in params.items()),
            [(u.id, u.jurisdiction, repr(u.value), u.overridden) for u in parameters],
            related,
            related_count,
        )
    )


def _compare(
    plan: Plan, registry: Registry, records: list[dict[str, Any]], initiated_by: bool = False
) -> int:
    """Findings of the vectorised rules, plan vs assess(), per account; return how many
    exact-rule findings there were (each for an account the plan sends to the engine)."""
    result = plan.run(*_tables(records, initiated_by))
    vectorised = {r.id for r in plan.vectorised}
    got: dict[str, list[str]] = {}
    for row in result.rows():
        rule = registry.rules[row["rule"]]
        key = _key(
            row["rule"],
            row["event"],
            row["verdict"],
            rule.message(row["message"]),
            row["params"],
            row["parameters"],
            row["related"],
            row["related_count"],
        )
        got.setdefault(row["id"], []).append(key)
    exact_findings = 0
    for i, record in enumerate(records):
        assessment = loanoverdue.assess(load_case(record), registry)
        want = []
        for f in assessment.findings:
            if f.rule in vectorised:
                want.append(
                    _key(
                        f.rule,
                        f.event,
                        f.verdict.value,
                        f.template,
                        dict(f.params),
                        f.parameters,
                        f.related,
                        f.related_count,
                    )
                )
            else:
                exact_findings += 1
                assert result.exact[f.rule][i], (record["id"], f.rule)  # the engine runs it there
        assert sorted(got.get(record["id"], [])) == sorted(want), record["id"]
    return exact_findings


def test_plan_equals_assess_on_a_generated_book(plan: Plan, registry: Registry) -> None:
    records = list(generate_book(240, seed=5))
    assert _compare(plan, registry, records) > 0
    result = plan.run(*_tables(records))
    rows = list(result.rows())
    assert len({r["rule"] for r in rows}) >= 20  # the book exercises most shaped rules
    assert {r["rule"] for r in rows} <= {r.id for r in plan.vectorised}
    # the exact path is not every account for every rule: the prefilter spares most
    share = sum(int(m.sum()) for m in result.exact.values()) / (len(result.exact) * len(records))
    assert share < 0.5


def test_the_plan_gives_the_rows_in_account_event_rule_order(plan: Plan) -> None:
    records = list(generate_book(60, seed=2))
    rows = list(plan.run(*_tables(records)).rows())
    order = [(r["id"], r["event"], r["rule"]) for r in rows]
    assert order == sorted(order)


#: Cases for the property: CN and a province, zones with and without DST (the CN rules
#: read the borrower's zone), borrower-initiated contacts among them.
_CN_CASES = st.sampled_from(["CN", "CN-GD"]).flatmap(
    lambda code: st.sampled_from(
        ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"]
    ).flatmap(
        lambda zone: cases(
            jurisdiction=code,
            timezone=zone,
            currency="CNY",
            max_events=10,
            as_of=None,
        )
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_CN_CASES, min_size=1, max_size=4))
def test_property_kernel_equals_engine_for_every_shaped_rule(
    plan: Plan, registry: Registry, drawn: list[Case]
) -> None:
    records = []
    for i, case in enumerate(drawn):
        data = case_to_dict(case)
        data["id"] = f"a{i:03d}"
        records.append(data)
    _compare(plan, registry, records, initiated_by=True)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Urumqi", "America/Phoenix"]
    ),
    st.lists(st.integers(0, 60 * 365 * 86400), min_size=1, max_size=30),
)
def test_local_time_equals_zoneinfo(zone: str, seconds: list[int]) -> None:
    import numpy as np

    start = datetime(1990, 1, 1, tzinfo=UTC)
    instants = [start + timedelta(seconds=s, microseconds=s % 7) for s in seconds]
    ts = np.array([int(t.timestamp()) * 1_000_000 + t.microsecond for t in instants], dtype=np.int64)
    local, bad = _local_us(ts, np.zeros(len(ts), dtype=np.int64), [zone])
    assert not bad.any()
    for t, us in zip(instants, local.tolist(), strict=True):
        wall = t.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        assert datetime(1970, 1, 1) + timedelta(microseconds=us) == wall


def test_explain_says_per_rule_which_way_and_why(plan: Plan, registry: Registry) -> None:
    explained = {m.rule: m for m in plan.explain()}
    assert set(explained) == set(registry.rules)
    for rule_id, m in explained.items():
        rule = registry.rules[rule_id]
        if rule.shape is not None and rule.platform is None:
            assert m.method == VECTORISED and "shape" in m.reason
        elif rule.count is not None and rule.platform is None:
            assert m.method == VECTORISED and "count of events" in m.reason
        else:
            assert m.method == EXACT and m.reason
    assert "Python" in explained["cn.contact.quiet_hours"].reason
    assert plan.method_of()["cn.reputation.civil"] == VECTORISED
    assert plan.method_of()["cn.contact.frequency.civil"] == VECTORISED


def test_an_account_the_plan_cannot_read_goes_to_the_engine_for_every_rule(plan: Plan) -> None:
    records = list(generate_book(6, seed=3))
    broken = next(r for r in records if r.get("events"))
    broken["events"][0]["action"] = "carrier_pigeon"
    records[1]["borrower"]["timezone"] = "Mars/Olympus"
    result = plan.run(*_tables(records))
    bad = [records.index(broken), 1]
    assert result.unread[bad].all()
    assert all(mask[bad].all() for mask in result.exact.values())
    assert not any(row["id"] in {records[i]["id"] for i in bad} for row in result.rows())


def test_table_rows_are_the_screen_s_findings_rows(plan: Plan, registry: Registry) -> None:
    from loanoverdue.portfolio.output import finding_rows

    records = list(generate_book(40, seed=9))
    got = list(plan.run(*_tables(records)).table_rows())
    vectorised = {r.id for r in plan.vectorised}
    want = []
    for record in records:
        rows = finding_rows(record["id"], loanoverdue.assess(load_case(record), registry))
        want += [r for r in rows if r["rule"] in vectorised]
    assert got and sorted(map(repr, got)) == sorted(map(repr, want))


def test_an_account_whose_window_has_no_value_goes_to_the_engine(
    plan: Plan,
) -> None:
    records = list(generate_book(60, seed=4))
    result = plan.run(*_tables(records))
    windowed = [r for r in result.rows() if r["rule"] == "cn.contact.quiet_hours.self_regulatory"]
    assert windowed

    real = plan.registry

    class NoQuietHours:
        """The registry, without a value of the quiet hours' start on any day."""

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def parameter_span(self, pid: str, chain: Any, day: Any) -> Any:
            return None if pid == "cn.contact.quiet_hours_start" else real.parameter_span(pid, chain, day)

    plan = attrs.evolve(plan, registry=NoQuietHours())
    result = plan.run(*_tables(records))
    ids = [r["id"] for r in records]
    for row in windowed:
        i = ids.index(row["id"])
        assert result.unread[i] and all(mask[i] for mask in result.exact.values())
        assert not any(r["id"] == row["id"] for r in result.rows())


def test_the_screen_through_the_shape_plan_equals_assess(tmp_path: Any) -> None:
    from loanoverdue.portfolio import Account, screen_book
    from loanoverdue.portfolio.book import write_parquet_book
    from loanoverdue.portfolio.plan import ShapePlan
    from loanoverdue.portfolio.verify import differences

    records = list(generate_book(120, seed=6))
    source = tmp_path / "book"
    write_parquet_book(source, records, row_group_size=50)
    out = tmp_path / "out"
    summary = screen_book(source, out, plan=ShapePlan, batch_size=40)
    assert differences([Account(d["id"], d) for d in records], out) == []
    assert (
        summary.rules["cn.reputation.civil"] == VECTORISED
        and summary.rules["cn.contact.quiet_hours"] == EXACT
    )
