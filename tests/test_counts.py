"""Counting shapes: ``[rule.count]`` in rules.toml, loaded strictly, run by the engine as
the rule's check (windows of local days, rolling windows), extended by a session's
events, and compiled by the columnar plan to the same findings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue import PluginError, Registry, Session, assess, check_event, default_registry
from loanoverdue.datapack import DataPack
from loanoverdue.engine.context import CaseState
from loanoverdue.io import load_case
from loanoverdue.law import Clause, Count, Rule, Scope, Text, Verdict
from loanoverdue.law.count import related_of
from loanoverdue.law.data import DataError, load_rules
from loanoverdue.law.rule import Basis, Weight
from loanoverdue.vocabulary import Action, Initiator

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HEAD = (
    'id = "zz.count"\njurisdiction = "XE"\nweight = "civil"\nbasis = "law"\ntitle = "T"\n'
    'parameters = ["xe.days", "xe.limit"]\nmessages = { violation = "{count} in {days}" }\n'
)
COUNT = '[rule.count]\nverdict = "violation"\nwindow = "calendar"\ndays = "xe.days"\nlimit = "xe.limit"\n'
FREQUENCY = "cn.contact.frequency.civil"


def rules_file(tmp_path: Path, scope: str, count: str) -> Path:
    f = tmp_path / "rules.toml"
    f.write_text(f'[[rule]]\nscope = "{scope}"\n{HEAD}{count}')
    return f


@pytest.mark.parametrize(
    ("scope", "count", "where", "problem"),
    [
        ("event", COUNT, r"rule\[0\]\.count", "only case rules count events"),
        ("case", COUNT.replace('"calendar"', '"weekly"'), r"rule\[0\]\.count\.window", "unknown value 'weekly'"),
        ("case", COUNT + 'params = ["mood"]\n', r"rule\[0\]\.count\.params\[0\]", "unknown value 'mood'"),
        ("case", COUNT + 'params = ["count", "count"]\n', r"rule\[0\]\.count\.params", "named twice"),
        ("case", COUNT + "targets = []\n", r"rule\[0\]\.count\.targets", "is empty"),
        ("case", COUNT + 'actors = ["nobody"]\n', r"rule\[0\]\.count\.actors\[0\]", "unknown value 'nobody'"),
        ("case", COUNT + "colour = 1\n", r"rule\[0\]\.count\.colour", "unknown key"),
        ("case", COUNT.replace('limit = "xe.limit"\n', ""), r"rule\[0\]\.count\.limit", "is required"),
        (
            "case",
            COUNT.replace('"xe.limit"', '"xe.other"'),
            r"rule\[0\]\.count\.limit",
            "not among the rule's parameters",
        ),
        ("case", COUNT + "at_least = 3\n", r"rule\[0\]\.count\.at_least", ""),
    ],
)
def test_a_bad_count_is_named_by_file_and_key(
    tmp_path: Path, scope: str, count: str, where: str, problem: str
) -> None:
    with pytest.raises(DataError, match=rf"rules\.toml: {where}: .*{problem}"):
        load_rules(rules_file(tmp_path, scope, count), {})


def test_a_counting_rule_has_no_check_function(tmp_path: Path) -> None:
    f = rules_file(tmp_path, "case", COUNT)
    with pytest.raises(DataError, match=r"rule\[0\]\.count: rule 'zz.count' has a count and a check function"):
        load_rules(f, {"zz.count": lambda ctx: []})
    (rule,) = load_rules(f, {})
    assert rule.count is not None and rule.check is rule.count and rule.shape is None
    assert rule.count.window == "calendar" and not rule.count.at_least


def test_a_pack_with_a_bad_count_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "zz_counting_pack"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    rules_file(package / "data", "case", COUNT + 'places = ["moon"]\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(
        PluginError, match=r"zz_counting_pack.*rules\.toml: rule\[0\]\.count\.places\[0\]: unknown value 'moon'"
    ):
        Registry.build([DataPack("zz_counting_pack")], entry_points=False)


def test_related_lists_the_first_and_the_last() -> None:
    assert related_of(list(range(5))) == (0, 1, 2, 3, 4)
    many = related_of(list(range(30)))
    assert len(many) == 20 and many[:19] == tuple(range(19)) and many[-1] == 29


# -- the engine runs a count as the rule's check -----------------------------------------


def _cn_case(events: list[dict[str, Any]], kind: str = "bank") -> dict[str, Any]:
    return {
        "as_of": "2025-06-30T12:00:00+08:00",
        "borrower": {"jurisdiction": "CN", "timezone": "Asia/Shanghai"},
        "loan": {
            "product": "installment",
            "principal": "10000",
            "outstanding": "8000",
            "currency": "CNY",
            "due_date": "2025-01-10",
            "lender": {"kind": kind},
        },
        "events": events,
    }


def _calls(day: str, hours: list[int], **extra: Any) -> list[dict[str, Any]]:
    return [
        {"at": f"{day}T{h:02d}:15:00+08:00", "action": "call", "actor": "collection_agency", **extra}
        for h in hours
    ]


def test_a_window_over_the_limit_gives_one_finding_about_the_first_event_over_it() -> None:
    # 5 calls on 2025-03-01 (the limit is 3 a day), 2 on 2025-03-02, and the borrower's own
    # calls, which are not counted; the case file lists them out of time order
    events = [
        *_calls("2025-03-01", [18, 9, 10]),
        *_calls("2025-03-01", [11, 12, 13], initiated_by="borrower"),
        *_calls("2025-03-01", [14, 15]),
        *_calls("2025-03-02", [9, 10]),
    ]
    registry = default_registry()
    (finding,) = [f for f in assess(load_case(_cn_case(events)), registry).findings if f.rule == FREQUENCY]
    zone = loanoverdue.load_case(_cn_case(events)).borrower.tz
    assert finding.verdict is Verdict.VIOLATION
    # in time order: 09, 10, 14, 15, 18 -> the fourth (15:15, index 7) is over the limit
    assert finding.event == 7
    assert finding.related == (1, 2, 6, 7, 0) and finding.related_count == 5
    assert dict(finding.params) == {
        "count": 5,
        "start": datetime(2025, 3, 1, 9, 15, tzinfo=zone),
        "end": datetime(2025, 3, 1, 18, 15, tzinfo=zone),
        "limit": 3,
        "days": 1,
    }
    assert [u.id for u in finding.parameters] == [
        "cn.contact.frequency_window_days",
        "cn.contact.frequency_limit_per_day",
    ]
    assert "5 contact attempts" in finding.message("en")
    # at the limit: nothing
    quiet = [*_calls("2025-03-01", [9, 10, 11])]
    assert [f for f in assess(load_case(_cn_case(quiet)), registry).findings if f.rule == FREQUENCY] == []


def test_only_events_inside_the_rule_s_period_are_counted() -> None:
    # the civil rule is in force from 2021-01-01: calls of 2020-12-31 are not counted
    events = _calls("2020-12-31", [9, 10, 11, 12, 13])
    case = _cn_case(events)
    assert [f for f in assess(load_case(case)).findings if f.rule == FREQUENCY] == []
    assert [f for f in assess(load_case(_cn_case(_calls("2021-01-01", [9, 10, 11, 12])))).findings if f.rule == FREQUENCY]


def _rolling(at_least: bool = True) -> Rule:
    count = Count(
        "zz.rolling",
        Verdict.VIOLATION,
        Clause(
            Verdict.VIOLATION,
            actions=frozenset({Action.CALL, Action.SMS}),
            initiated_by=frozenset({Initiator.COLLECTOR}),
        ),
        "rolling",
        "cn.contact.frequency_window_days",
        "cn.contact.frequency_limit_per_day",
        at_least=at_least,
        params=("count", "days", "limit", "start", "end"),
    )
    return Rule(
        id="zz.rolling",
        jurisdiction="CN",
        scope=Scope.CASE,
        title=Text({"en": "T"}),
        weight=Weight.CIVIL,
        basis=Basis.ASSUMPTION,
        citations=(),
        messages={"violation": Text({"en": "{count}"})},
        check=count,
        parameters=count.parameters(),
        count=count,
    )


def _run(rule: Rule, case: Any, registry: Registry) -> tuple[list[Any], list[Any]]:
    """The rule's hits on ``case`` and the parameter values they rest on."""
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction)).within(rule.period)
    reads: list[Any] = []
    ctx._reads = reads
    hits = list(rule.check(ctx) or ())
    return hits, list(dict.fromkeys(reads))


def test_a_rolling_window_counts_the_days_before_each_event() -> None:
    # a window of 1 day (24 hours) before each call, its instant included, the limit 3:
    # reached (at_least) at the third call within 24 hours
    events = [
        *_calls("2025-03-01", [20, 22]),
        *_calls("2025-03-02", [19, 21]),  # 19:15 holds 20:15 and 22:15 of the day before
        *_calls("2025-03-04", [9]),
    ]
    registry = default_registry()
    case = load_case(_cn_case(events))
    hits, uses = _run(_rolling(), case, registry)
    assert [(h.event, h.related, h.related_count) for h in hits] == [(2, (0, 1, 2), 3), (3, (1, 2, 3), 3)]
    assert hits[0].params["days"] == 1 and hits[0].params["limit"] == 3
    assert hits[0].params["start"] == case.events[0].at.astimezone(case.borrower.tz)
    assert [u.id for u in uses] == ["cn.contact.frequency_window_days", "cn.contact.frequency_limit_per_day"]
    over, _ = _run(_rolling(at_least=False), case, registry)
    assert over == []  # never more than 3


def test_a_session_extends_the_count_instead_of_counting_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    from loanoverdue.law import count as count_module

    made = []
    real = count_module._State.of.__func__  # type: ignore[attr-defined]

    def counting(cls: Any, count: Any, ctx: Any) -> Any:
        made.append(count.rule)
        return real(cls, count, ctx)

    monkeypatch.setattr(count_module._State, "of", classmethod(counting))
    case = load_case(_cn_case(_calls("2025-03-01", [8])))
    session = Session(case)
    for h in (9, 10):
        call = load_case(_cn_case(_calls("2025-03-01", [h]))).events[0]
        asked = session.check(call)
        want = [f for f in check_event(session.case, call) if f.rule == FREQUENCY]
        assert [f for f in asked if f.rule == FREQUENCY] == want
        session.record(call)
    made.clear()
    call = load_case(_cn_case(_calls("2025-03-01", [13]))).events[0]
    found = [f for f in session.check(call) if f.rule == FREQUENCY]  # the fourth call that day
    assert FREQUENCY not in made  # the count held for the history, extended by one call
    assert found and [f for f in check_event(session.case, call) if f.rule == FREQUENCY] == found


# -- the plan runs the same counts ------------------------------------------------------


class _WithRule:
    """A registry with one more rule (for the plan)."""

    def __init__(self, registry: Registry, rule: Rule) -> None:
        self._registry = registry
        self.rules = {**registry.rules, rule.id: rule}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._registry, name)


_ZONES = ["Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe"]


def _dense_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    records = []
    for i in range(draw(st.integers(1, 4))):
        zone = draw(st.sampled_from(_ZONES))
        as_of = datetime(2025, 6, 30, 4, tzinfo=UTC)
        # a few after as_of: proposed contacts (counted like the others)
        offsets = draw(st.lists(st.integers(-86400, 6 * 86400), min_size=0, max_size=30))
        events = []
        for s in offsets:
            at = as_of - timedelta(seconds=s)
            target = draw(st.sampled_from(["borrower", "borrower", "borrower", "family"]))
            event = {
                "at": at.isoformat(),
                "action": draw(st.sampled_from(["call", "call", "sms", "instant_message", "email"])),
                "actor": draw(st.sampled_from(["collection_agency", "lender", "court"])),
                "target": target,
            }
            if target == "borrower" and event["action"] != "email" and draw(st.integers(0, 3)) == 0:
                event["initiated_by"] = "borrower"
            if at > as_of:
                event["proposed"] = True
            events.append(event)
        case = _cn_case(events, draw(st.sampled_from(["bank", "consumer_finance", "private_individual"])))
        case["borrower"]["timezone"] = zone
        case["as_of"] = as_of.isoformat()
        case["id"] = f"d{i:03d}"
        records.append(case)
    return records


@cache
def _plan(rolling: bool | None) -> Any:
    """The plan of the installed packs (with a rolling count, at least or over its limit)."""
    from loanoverdue.portfolio.plan import compile_plan

    registry = default_registry()
    if rolling is None:
        return compile_plan(registry)
    return compile_plan(_WithRule(registry, _rolling(rolling)))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_property_the_plan_counts_as_the_engine(data: st.DataObject) -> None:
    from tests.test_plan import _compare, _tables

    registry = default_registry()
    records = _dense_records(data.draw)
    _compare(_plan(None), registry, records, initiated_by=True)
    # and a rolling count, against its scalar executor
    for at_least in (True, False):
        rule = _rolling(at_least)
        plan = _plan(at_least)
        rows = [r for r in plan.run(*_tables(records, initiated_by=True)).rows() if r["rule"] == rule.id]
        got = sorted(
            (r["id"], r["event"], r["related"], r["related_count"], repr(r["params"]), r["parameters"]) for r in rows
        )
        want = []
        for record in records:
            hits, uses = _run(rule, load_case(record), registry)
            want += [
                (record["id"], h.event, h.related, h.related_count, repr(dict(h.params)), tuple(uses)) for h in hits
            ]
        assert got == sorted(want)


def test_a_dense_book_has_windows_over_the_limit_and_the_plan_finds_them() -> None:
    from loanoverdue.portfolio.plan import compile_plan
    from tests.test_plan import _compare

    registry = default_registry()
    records = [
        {**_cn_case([*_calls("2025-03-01", [9, 10, 11, 12, 13]), *_calls("2025-03-02", [9, 10, 11, 12])]), "id": "x1"},
        {**_cn_case(_calls("2025-03-05", [1, 2, 3, 4, 5, 6, 7, 8, 9])), "id": "x2"},
    ]
    plan = compile_plan(registry)
    _compare(plan, registry, records)
    from tests.test_plan import _tables

    rows = [r for r in plan.run(*_tables(records)).rows() if r["rule"] == FREQUENCY]
    assert [(r["id"], r["event"], r["related_count"]) for r in rows] == [("x1", 3, 5), ("x1", 8, 4), ("x2", 3, 9)]
    assert date(2025, 3, 1) == rows[0]["params"]["start"].date()


def test_the_plan_s_rolling_window_leaves_out_the_instant_a_window_before() -> None:
    from tests.test_plan import _tables

    rule = _rolling()
    registry = default_registry()
    # 20:15 on the 1st is exactly one day before 20:15 on the 2nd: outside its window
    record = {**_cn_case([*_calls("2025-03-01", [20, 21]), *_calls("2025-03-02", [20, 20])]), "id": "r1"}
    hits, uses = _run(rule, load_case(record), registry)
    rows = [r for r in _plan(True).run(*_tables([record])).rows() if r["rule"] == rule.id]
    assert [(h.event, h.related_count) for h in hits] == [(2, 3), (3, 3)]
    assert [(r["event"], r["related"], r["related_count"]) for r in rows] == [
        (h.event, h.related, h.related_count) for h in hits
    ]
    assert all(r["parameters"] == tuple(uses) for r in rows)


def test_contacts_the_borrower_consented_to_are_not_counted() -> None:
    calls = _calls("2025-03-01", [9, 10, 11, 20, 21])
    case = _cn_case(calls)
    assert [f.related_count for f in assess(load_case(case)).findings if f.rule == FREQUENCY] == [5]
    consent = {"kind": "contact_consent", "since": "2025-02-01", "hours": {"start": "20:00", "end": "22:00"}}
    case["borrower"]["protections"] = [consent]
    assert [f for f in assess(load_case(case)).findings if f.rule == FREQUENCY] == []  # 3 counted
    # a consent that names no hours is no consent to contact at a time: all five count
    case["borrower"]["protections"] = [{"kind": "contact_consent", "since": "2025-02-01"}]
    assert [f.related_count for f in assess(load_case(case)).findings if f.rule == FREQUENCY] == [5]


def test_an_account_the_plan_leaves_to_the_engine_loses_its_plan_findings() -> None:
    import numpy as np

    from tests.test_plan import _tables

    records = [
        {**_cn_case(_calls("2025-03-01", [9, 10, 11, 12])), "id": "c1"},
        {**_cn_case(_calls("2025-03-01", [9, 10, 11, 12])), "id": "c2"},
    ]
    result = _plan(None).run(*_tables(records))
    assert {r["id"] for r in result.rows() if r["rule"] == FREQUENCY} == {"c1", "c2"}
    less = result.with_unread(np.array([True, False]))
    assert {r["id"] for r in less.rows()} == {"c2"}
    assert all(mask[0] for mask in less.exact.values()) and less.unread.tolist() == [True, False]
