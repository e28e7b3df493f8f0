from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from loanoverdue import (
    Action,
    CollectionEvent,
    Conduct,
    OutlookStatus,
    PluginError,
    Registry,
    Session,
    Stage,
    Verdict,
    assess,
    check_event,
    load_case,
)

UTC8 = timezone(timedelta(hours=8))


def findings(a: Any) -> set[tuple[str, str, int | None]]:
    return {(f.rule, f.verdict.value, f.event) for f in a.findings}


def test_example_case(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    assert a.days_past_due == 64
    assert a.stage is Stage.MIDDLE
    assert a.jurisdiction == ("XE-N", "XE")
    assert findings(a) == {
        ("xe.contact.quiet_hours", "violation", 1),  # 20:30 is quiet in XE-N (from 20:00)
        ("xe.call.frequency", "violation", 4),
        ("xe.threat", "violation", 4),
        ("xe.disclosure", "violation", 5),
    }
    freq = next(f for f in a.findings if f.rule == "xe.call.frequency")
    assert freq.related == (1, 2, 3, 4)
    assert freq.message("en") == "4 calls within 7 days; at most 3 are allowed."


def test_most_specific_parameter_changes_the_finding(registry: Registry, xe_data: dict[str, Any]) -> None:
    xe_data["borrower"]["jurisdiction"] = "XE"  # national quiet hours start at 21:00
    a = assess(load_case(xe_data), registry)
    assert ("xe.contact.quiet_hours", "violation", 1) not in findings(a)


def test_rule_applies_only_to_events_in_its_period(registry: Registry, xe_data: dict[str, Any]) -> None:
    # the threat article took effect on 2024-01-01: the same threat in 2023 is not judged by it
    xe_data["as_of"] = "2023-12-31T10:00:00+08:00"
    xe_data["loan"]["due_date"] = "2023-10-01"
    xe_data["loan"]["contract_date"] = "2023-01-01"
    for i, e in enumerate(xe_data["events"]):
        e["at"] = f"2023-11-0{i + 1}T10:00:00+08:00"
    a = assess(load_case(xe_data), registry)
    assert "xe.threat" not in {f.rule for f in a.findings}
    assert any(t.id == "xe.threat" for t in a.trace) is False


def test_trace_names_rules_parameters_and_policies(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    kinds = {(t.kind, t.id) for t in a.trace}
    assert ("rule", "xe.contact.quiet_hours") in kinds
    assert ("policy", "xe.default") in kinds
    param = next(t for t in a.trace if t.kind == "parameter" and t.id == "xe.contact.quiet_start")
    assert param.detail["jurisdiction"] == "XE-N" and str(param.detail["value"]) == "20:00:00"
    rate = next(t for t in a.trace if t.kind == "parameter" and t.id == "xe.interest.reference_rate")
    assert str(rate.detail["value"]) == "0.03"  # contract 2025-06-01 -> the 2025 value


def test_consequences(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    assert a.limitation is not None and a.limitation.interrupted_by == (0, 5)
    assert str(a.limitation.expires) == "2029-02-05"
    assert a.interest is not None and str(a.interest.cap) == "0.12" and a.interest.excess
    assert a.exposure is not None and not a.exposure.criminal_possible
    assert [x.id for x in a.advice] == ["xe.advice.complain", "xe.advice.talk_to_lender"]


def test_outlook_factors_and_prerequisites(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    assert a.prospect("call").status is OutlookStatus.HAPPENED  # type: ignore[union-attr]
    agency = a.prospect(Action.AGENCY_ASSIGNMENT)
    assert agency is not None and agency.status is OutlookStatus.LIKELY_NEXT
    assert {f.name for f in agency.factors} >= {"days_overdue", "failed_contacts", "policy"}
    service = a.prospect(Action.COURT_SERVICE)
    assert service is not None and service.status is OutlookStatus.UNLIKELY
    lawsuit = a.prospect(Action.LAWSUIT)
    assert service.earliest is not None and lawsuit is not None and lawsuit.earliest is not None
    assert service.earliest > lawsuit.earliest


def test_repaid_loan(registry: Registry, xe_data: dict[str, Any]) -> None:
    xe_data["loan"]["repaid_on"] = "2026-03-01"
    xe_data["loan"]["outstanding"] = "0"
    a = assess(load_case(xe_data), registry)
    assert a.stage is Stage.REPAID and a.days_past_due == 55
    assert a.credit is not None and str(a.credit.retained_until) == "2031-03-01"
    assert a.prospect(Action.LAWSUIT).status is OutlookStatus.NOT_APPLICABLE  # type: ignore[union-attr]


def test_as_of_leaves_later_events_out_and_says_so(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    a = assess(case, registry, as_of=datetime(2026, 2, 2, 12, tzinfo=UTC8))
    assert len(a.case.events) == 3
    note = next(t for t in a.trace if t.kind == "input")
    assert note.detail["events"] == (3, 4, 5)


def test_check_a_proposed_event(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    night = CollectionEvent(at=datetime(2026, 3, 10, 23, 0, tzinfo=UTC8), action=Action.CALL, proposed=True)
    found = check_event(case, night, registry)
    assert {f.rule for f in found} >= {"xe.contact.quiet_hours"}
    assert all(f.proposed for f in found)
    day = CollectionEvent(at=datetime(2026, 3, 10, 11, 0, tzinfo=UTC8), action=Action.SMS, proposed=True)
    assert check_event(case, day, registry) == ()
    assert {f.verdict for f in check_event(case, 4, registry)} == {Verdict.VIOLATION}


def test_json_contract_shape(registry: Registry, xe_data: dict[str, Any]) -> None:
    import json

    data = json.loads(assess(load_case(xe_data), registry).to_json("en"))
    assert list(data)[:3] == ["schema_version", "as_of", "lang"]
    for key in (
        "jurisdiction",
        "days_past_due",
        "stage",
        "findings",
        "outlook",
        "limitation",
        "credit",
        "interest",
        "exposure",
        "advice",
        "packs",
        "trace",
    ):
        assert key in data
    f = data["findings"][0]
    assert set(f) >= {"rule", "verdict", "event", "weight", "citations", "message"}
    assert set(f["citations"][0]) >= {"instrument", "article", "effective_from"}
    o = data["outlook"][0]
    assert set(o) >= {"action", "status", "earliest", "factors", "basis"}
    assert set(o["factors"][0]) == {"name", "direction", "explanation"}
    assert set(data["limitation"]) >= {"period", "starts", "interrupted_by", "expires", "expired"}
    assert set(data["interest"]) >= {"annual_rate", "cap", "cap_basis", "excess"}
    assert set(data["exposure"]) >= {"criminal_possible", "conditions", "citations"}
    assert data["packs"] == [{"name": "example", "version": "0.1.0", "distribution": None}]


def test_scenario_expectations_can_fail(registry: Registry, xe_data: dict[str, Any]) -> None:
    from loanoverdue.testing import Scenario, run_scenario

    expect = {
        "stage": "late",
        "findings": [{"rule": "xe.threat", "verdict": "violation", "event": 0}],
        "absent_findings": [{"rule": "xe.threat", "event": 4}],
        "none": ["interest"],
        "outlook": {"home_visit": "likely_next"},
        "advice": ["xe.advice.nothing"],
    }
    problems = run_scenario(Scenario("t", "t", xe_data, expect), registry)
    assert len(problems) == 6, problems
    good = {
        "stage": "middle",
        "findings": [{"rule": "xe.threat", "event": 4}],
        "absent_findings": [{"rule": "xe.threat", "event": 0}],
    }
    assert run_scenario(Scenario("t", "t", xe_data, good), registry) == []


def test_hit_may_narrow_citations_but_not_invent_them(xe_data: dict[str, Any]) -> None:
    import types

    import loanoverdue_example
    import pytest

    from loanoverdue import Hit, PluginError, hookimpl
    from loanoverdue.law import Basis, Citation, Rule, Scope, Text, Weight

    def rule(check: Any) -> Rule:
        return Rule(
            "zz.narrow",
            "XE",
            Scope.EVENT,
            Text("Narrow"),
            Weight.CIVIL,
            Basis.LAW,
            (Citation("xe.fair_collection_act", "4"), Citation("xe.fair_collection_act", "5")),
            {"violation": Text("x")},
            check,
            actions=frozenset({Action.SMS}),
        )

    def build(check: Any) -> Registry:
        pack = types.ModuleType("narrow_pack")
        impl = hookimpl(lambda: [rule(check)])
        impl.__name__ = "loanoverdue_rules"
        pack.loanoverdue_rules = impl  # type: ignore[attr-defined]
        return Registry.build([loanoverdue_example, pack], entry_points=False)

    ok = build(lambda ctx: Hit(Verdict.VIOLATION, citations=(Citation("xe.fair_collection_act", "5"),)))
    found = [f for f in assess(load_case(xe_data), ok).findings if f.rule == "zz.narrow"]
    assert [c.article for c in found[0].citations] == ["5"] and found[0].citations[0].status is not None
    bad = build(lambda ctx: Hit(Verdict.VIOLATION, citations=(Citation("xe.fair_collection_act", "9"),)))
    with pytest.raises(PluginError, match="does not cite"):
        assess(load_case(xe_data), bad)
    # an event check judges its own event: a hit about another one is the pack's error
    same = build(lambda ctx: Hit(Verdict.VIOLATION, event=ctx.index))
    assert [f.event for f in assess(load_case(xe_data), same).findings if f.rule == "zz.narrow"]
    other = build(lambda ctx: Hit(Verdict.VIOLATION, event=ctx.index + 1))
    with pytest.raises(PluginError, match=r"narrow_pack.*hit about event \d+ from the check of event \d+"):
        assess(load_case(xe_data), other)
    # the same errors on a dialler session's question path
    case = load_case(xe_data)
    sms = next(e for e in case.events if e.action is Action.SMS)
    with pytest.raises(PluginError, match=r"narrow_pack.*hit about event \d+ from the check of event \d+"):
        Session(case, other).check(sms)
    broken = build(lambda ctx: 1 // 0)
    with pytest.raises(PluginError, match=r"narrow_pack.*check of rule 'zz.narrow' raised ZeroDivisionError"):
        Session(case, broken).check(sms)


def test_findings_say_which_parameters_they_rest_on(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    night = next(f for f in a.findings if f.rule == "xe.contact.quiet_hours")
    uses = {u.id: u for u in night.parameters}
    assert set(uses) == {"xe.contact.quiet_start", "xe.contact.quiet_end"}
    assert uses["xe.contact.quiet_start"].jurisdiction == "XE-N"
    assert not uses["xe.contact.quiet_start"].is_firm and uses["xe.contact.quiet_end"].is_firm
    threat = next(f for f in a.findings if f.rule == "xe.threat")
    assert threat.parameters == ()


def test_check_event_agrees_with_assess(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    full = assess(case, registry)
    for i in range(len(case.events)):
        assert check_event(case, i, registry) == full.findings_for(i)


def test_default_registry_can_be_set() -> None:
    import loanoverdue_example

    from loanoverdue.registry import default_registry, set_default_registry

    mine = Registry.build([loanoverdue_example], entry_points=False)
    previous = set_default_registry(mine)
    try:
        assert default_registry() is mine
    finally:
        set_default_registry(previous)


def test_event_findings_cite_the_law_in_force_on_their_day(xe_data: dict[str, Any]) -> None:
    import types

    import loanoverdue_example

    from loanoverdue import Hit, hookimpl
    from loanoverdue.law import Basis, Citation, Rule, Scope, Text, Weight

    both = Rule(
        "zz.both",
        "XE",
        Scope.EVENT,
        Text("Both"),
        Weight.CIVIL,
        Basis.LAW,
        (Citation("xe.fair_collection_act", "4"), Citation("xe.fair_collection_act", "6a")),
        {"violation": Text("x")},
        lambda ctx: Hit(Verdict.VIOLATION),
        actions=frozenset({Action.SMS}),
    )
    pack = types.ModuleType("both_pack")
    impl = hookimpl(lambda: [both])
    impl.__name__ = "loanoverdue_rules"
    pack.loanoverdue_rules = impl  # type: ignore[attr-defined]
    reg = Registry.build([loanoverdue_example, pack], entry_points=False)
    after = next(f for f in assess(load_case(xe_data), reg).findings if f.rule == "zz.both")
    assert [c.article for c in after.citations] == ["4", "6a"]
    xe_data["events"][0]["at"] = "2023-06-01T10:00:00+08:00"  # before art. 6a took effect
    before = next(f for f in assess(load_case(xe_data), reg).findings if f.rule == "zz.both")
    assert [c.article for c in before.citations] == ["4"]


def test_contract_checker_accepts_our_output_and_names_departures(
    registry: Registry, xe_data: dict[str, Any]
) -> None:
    import json

    from loanoverdue.testing import contract_problems

    doc = json.loads(assess(load_case(xe_data), registry).to_json("zh-CN"))
    assert contract_problems(doc) == []
    doc["findings"][0]["verdict"] = "naughty"
    doc["outlook"][0]["earliest"] = "soon"
    doc["limitation"]["period"] = "3 years"
    problems = contract_problems(doc)
    assert any("findings[0]: verdict 'naughty'" in p for p in problems)
    assert any("outlook[0].earliest" in p for p in problems)
    assert any("limitation.period" in p for p in problems)


def test_event_filters_spare_the_check_and_keep_the_findings(
    registry: Registry, xe_data: dict[str, Any]
) -> None:
    a = assess(load_case(xe_data), registry)
    threat = next(t for t in a.trace if t.kind == "rule" and t.id == "xe.threat")
    assert threat.detail["evaluated"] == 1 and threat.detail["hits"] == 1  # only the flagged event
    assert registry.rules["xe.threat"].conduct == {Conduct.THREAT}


def test_event_filters_are_checked_when_loaded(tmp_path: Any) -> None:
    import pytest

    from loanoverdue.law.data import DataError, load_rules

    f = tmp_path / "rules.toml"
    base = 'id = "zz"\njurisdiction = "XE"\nweight = "civil"\nbasis = "law"\ntitle = "T"\nmessages = { violation = "V" }\n'
    f.write_text('[[rule]]\nscope = "event"\nconduct = ["rudeness"]\n' + base)
    with pytest.raises(DataError, match=r"rule\[0\].conduct\[0\]: unknown value 'rudeness'"):
        load_rules(f, {"zz": lambda ctx: None})
    f.write_text('[[rule]]\nscope = "case"\ntargets = ["family"]\n' + base)
    with pytest.raises(DataError, match=r"rule\[0\].targets: only event rules filter events"):
        load_rules(f, {"zz": lambda ctx: None})


def test_a_rule_precondition_is_asked_once_and_spares_every_check(
    tmp_path: Any, xe_data: dict[str, Any]
) -> None:
    import types

    import loanoverdue_example
    import pytest

    from loanoverdue import PluginError, Registry, hookimpl
    from loanoverdue.checks import checks_registry
    from loanoverdue.law.data import load_rules

    calls = {"asked": 0, "checked": 0}
    answer = {"applies": False}
    checks, check = checks_registry()

    def precondition(ctx: Any) -> bool:
        calls["asked"] += 1
        if answer["applies"] is None:
            raise RuntimeError("no answer")
        return bool(answer["applies"])

    @check("zz.lawyer", applies=precondition)
    def lawyer(ctx: Any) -> Any:
        calls["checked"] += 1
        return None

    f = tmp_path / "rules.toml"
    f.write_text(
        '[[rule]]\nid = "zz.lawyer"\njurisdiction = "XE"\nscope = "event"\nweight = "civil"\n'
        'basis = "assumption"\ntitle = "T"\nmessages = { violation = "V" }\n'
    )
    (rule,) = load_rules(f, checks)
    assert rule.applies is precondition
    pack = types.ModuleType("zz")
    pack.loanoverdue_rules = hookimpl(lambda: [rule])  # type: ignore[attr-defined]
    registry = Registry.build([loanoverdue_example, pack], entry_points=False)
    case = load_case(xe_data)
    events = len(case.events)

    a = assess(case, registry)
    assert calls == {"asked": 1, "checked": 0}
    assert all(t.id != "zz.lawyer" for t in a.trace if t.kind == "rule")

    answer["applies"] = True
    a = assess(case, registry)
    assert calls == {"asked": 2, "checked": events}
    assert next(t for t in a.trace if t.id == "zz.lawyer").detail["evaluated"] == events

    answer["applies"] = None
    with pytest.raises(PluginError, match=r"precondition of rule 'zz.lawyer' raised RuntimeError: no answer"):
        assess(case, registry)


def test_a_contact_the_borrower_initiated_is_no_collection_step() -> None:
    """happened() and failed_contacts() list the collector's steps: the borrower's own
    calls and messages are in of() only."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import loanoverdue_example

    from loanoverdue import (
        Borrower,
        Case,
        CollectionEvent,
        Lender,
        LenderKind,
        Loan,
        Money,
        Product,
        Registry,
    )
    from loanoverdue.engine.context import CaseState

    registry = Registry.build([loanoverdue_example], entry_points=False)
    tz = ZoneInfo("Asia/Shanghai")
    own = CollectionEvent(at=datetime(2025, 3, 1, 9, tzinfo=tz), action="call", outcome="no_answer")
    theirs = CollectionEvent(
        at=datetime(2025, 3, 2, 9, tzinfo=tz), action="call", outcome="no_answer", initiated_by="borrower"
    )
    mail = CollectionEvent(at=datetime(2025, 3, 3, 9, tzinfo=tz), action="email", initiated_by="borrower")
    case = Case(
        as_of=datetime(2025, 6, 1, 9, tzinfo=tz),
        borrower=Borrower("XE-N", "Asia/Shanghai"),
        loan=Loan(
            product=Product.INSTALLMENT,
            principal=Money("100", "EXD"),
            outstanding=Money("100", "EXD"),
            due_date=date(2025, 1, 1),
            lender=Lender(kind=LenderKind.BANK),
        ),
        events=(own, theirs, mail),
    )
    ctx = CaseState(case, registry, registry.chain("XE-N"))
    assert [v.index for v in ctx.of(Action.CALL)] == [0, 1]
    assert [v.index for v in ctx.happened(Action.CALL)] == [0]
    assert [v.index for v in ctx.happened(Action.CALL, Action.EMAIL)] == [0]
    assert ctx.happened(Action.EMAIL) == ()
    assert [v.index for v in ctx.failed_contacts()] == [0]


def test_a_policy_parameter_without_a_value_on_the_day_names_the_pack(
    registry: Registry, xe_data: dict[str, Any]
) -> None:
    """A case dated before the example pack's law: the outlook's step thresholds have no
    value, which is the pack's gap (a PluginError naming it), not a bare LookupError."""
    data = {**xe_data, "as_of": "2019-06-01T10:00:00+08:00", "events": []}
    data["loan"] = {k: v for k, v in xe_data["loan"].items() if k not in ("contract_date", "last_payment_date")}
    data["loan"]["due_date"] = "2019-03-01"
    result = assess(load_case(data), registry)
    with pytest.raises(PluginError) as info:
        result.outlook  # noqa: B018
    assert "xe.outlook" in str(info.value)
