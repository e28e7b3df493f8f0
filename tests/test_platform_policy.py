from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from loanoverdue import Action, OutlookStatus, Registry, assess, load_case, load_policy
from loanoverdue.cli import main
from loanoverdue.files.platform_policy import PolicyFileError, parse_platform_policy
from loanoverdue.law.platform import PlatformPolicy

DATA = Path(__file__).resolve().parent / "data"
POLICY = DATA / "xe-platform.toml"


@pytest.fixture
def policy() -> PlatformPolicy:
    return load_policy(POLICY)


@pytest.fixture
def policy_data() -> dict[str, Any]:
    return tomllib.loads(POLICY.read_text())


def factors(a: Any, action: Action) -> dict[str, str]:
    p = a.prospect(action)
    return {f.name: f.direction.value for f in p.factors}


def test_policy_changes_the_outlook_and_explains_why(
    registry: Registry, xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    case = load_case(xe_data)  # 64 days overdue, four unanswered calls
    default = assess(case, registry)
    under_policy = assess(case, registry, policies=[policy])
    before, after = default.prospect(Action.HOME_VISIT), under_policy.prospect(Action.HOME_VISIT)
    assert before is not None and after is not None
    assert before.status is OutlookStatus.UNLIKELY and before.policy == "xe.default"
    assert after.policy == "platform:xe-lend" and after.status is OutlookStatus.LIKELY_NEXT
    assert factors(under_policy, Action.HOME_VISIT)["platform_policy"] == "raises"
    outsourcing = [f for f in after.factors if f.name == "platform_policy"]
    assert "clause 7.3" in outsourcing[0].message("en") and "第7.3条" in outsourcing[0].message("zh-CN")
    assert after.basis.value == "assumption"  # the day of the visit is the writer's estimate
    trace = {t.id: t for t in under_policy.trace if t.kind == "policy"}
    assert trace["platform:xe-lend"].detail["level"] == "platform"
    assert "xe.default" in trace  # lower levels still fill the steps the platform does not schedule
    assert under_policy.prospect(Action.LAWSUIT).policy == "xe.default"  # type: ignore[union-attr]


def test_a_step_the_law_forbids_is_a_conflict_not_applied(
    registry: Registry, xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    xe_data["events"] = xe_data["events"][:5]  # no third-party contact has happened yet
    a = assess(load_case(xe_data), registry, policies=[policy])
    conflicts = [f for f in a.findings if f.rule == "policy.conflict"]
    assert len(conflicts) == 1
    assert conflicts[0].event is None and conflicts[0].verdict.value == "violation"
    assert "xe.disclosure" in conflicts[0].message("en")
    contact = a.prospect(Action.THIRD_PARTY_CONTACT)
    assert contact is not None and contact.status is OutlookStatus.NOT_PERMITTED


def test_platform_that_never_visits(
    registry: Registry, xe_data: dict[str, Any], policy_data: dict[str, Any]
) -> None:
    policy_data["terms"]["visits"] = {"allowed": False, "clause": "7.4"}
    policy_data["schedule"] = [s for s in policy_data["schedule"] if s["action"] != "home_visit"]
    policy = parse_platform_policy(policy_data, "test")
    a = assess(load_case(xe_data), registry, policies=[policy])
    visit = a.prospect(Action.HOME_VISIT)
    assert visit is not None and visit.status is OutlookStatus.NOT_APPLICABLE
    assert "makes no visits" in visit.factors[-1].message("en") or any(
        "makes no visits" in f.message("en") for f in visit.factors
    )


def test_registered_platform_policy_applies_to_its_loans(
    xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    import types

    import loanoverdue_example

    from loanoverdue import hookimpl

    pack = types.ModuleType("xe_lend_pack")
    pack.loanoverdue_platform_policies = hookimpl(lambda: [policy])  # type: ignore[attr-defined]
    pack.loanoverdue_platform_policies.__name__ = "loanoverdue_platform_policies"
    reg = Registry.build([loanoverdue_example, pack], entry_points=False)
    assert reg.platform_policies["xe-lend"].origin
    xe_data["loan"]["lender"]["platform"] = "xe-lend"
    a = assess(load_case(xe_data), reg)
    assert a.prospect(Action.HOME_VISIT).policy == "platform:xe-lend"  # type: ignore[union-attr]
    xe_data["loan"]["lender"]["platform"] = "other-app"
    assert assess(load_case(xe_data), reg).prospect(Action.HOME_VISIT).policy == "xe.default"  # type: ignore[union-attr]


def test_policy_for_another_platform_is_refused(
    registry: Registry, xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    from loanoverdue import InvalidInputError

    xe_data["loan"]["lender"]["platform"] = "other-app"
    with pytest.raises(
        InvalidInputError,
        match=r"policies\[0\]: policy is for platform 'xe-lend', the loan is on 'other-app'",
    ):
        assess(load_case(xe_data), registry, policies=[policy])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["terms"].update(colour="red"), r"terms.colour: unknown key"),
        (
            lambda d: d["platform"]["agreement"].update(date="2025-13-01"),
            r"platform.agreement.date: '2025-13-01' is not a date",
        ),
        (
            lambda d: d["schedule"][3].update(after_days=10),
            r"schedule\[3\].after_days: schedule out of order: day 10 comes after day 20",
        ),
        (lambda d: d["schedule"][0].pop("clause"), r"schedule\[0\]: states no source"),
        (lambda d: d["schedule"][0].update(action="knock"), r"schedule\[0\].action: unknown value 'knock' \(expected one of: notice,"),
        (
            lambda d: d["terms"]["penalty_rate"].update(value=0.18),
            r"terms.penalty_rate.value: 0.18: write rates",
        ),
        (
            lambda d: d["terms"].update(contacts={"allowed": ["cousin"], "clause": "7.5"}),
            r"terms.contacts.allowed\[0\]: unknown value 'cousin' \(expected one of: borrower,",
        ),
        (lambda d: d.pop("platform"), r"platform: is required"),
    ],
)
def test_bad_policy_files_name_the_key(policy_data: dict[str, Any], change: Any, message: str) -> None:
    change(policy_data)
    with pytest.raises(PolicyFileError, match=r"^policy.toml: " + message):
        parse_platform_policy(policy_data, "policy.toml")


def test_cli_policy_option_and_explain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    xe_case = (
        Path(__file__).resolve().parent.parent
        / "plugins"
        / "loanoverdue-example"
        / "examples"
        / "xe-case.json"
    )
    code = main(["assess", str(xe_case), "--policy", str(POLICY), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    visit = next(p for p in data["outlook"] if p["action"] == "home_visit")
    assert visit["policy"] == "platform:xe-lend"
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[platform]\nid = "x"\nname = "X"\njurisdiction = "XE"\n[terms]\nvisits = { allowed = true }\n'
    )
    code = main(["assess", str(xe_case), "--policy", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "terms.visits: states no source" in err


def test_a_check_that_raises_on_a_probed_step_names_its_pack(
    xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    import types

    import loanoverdue_example

    from loanoverdue import PluginError, hookimpl
    from loanoverdue.law import Basis, Rule, Scope, Text, Weight

    def broken(ctx: Any) -> None:
        raise ZeroDivisionError("boom")

    rule = Rule(
        "xe.a_broken",  # sorts before xe.disclosure, which the probe would stop at
        "XE",
        Scope.EVENT,
        Text("Broken"),
        Weight.CIVIL,
        Basis.ASSUMPTION,
        (),
        {"violation": Text("V")},
        broken,
        actions=frozenset({Action.THIRD_PARTY_CONTACT}),
    )
    pack = types.ModuleType("zz")
    pack.loanoverdue_rules = hookimpl(lambda: [rule])  # type: ignore[attr-defined]
    registry = Registry.build([loanoverdue_example, pack], entry_points=False)
    xe_data["events"] = xe_data["events"][:5]  # no third-party contact: only the probe meets the rule
    with pytest.raises(
        PluginError, match=r"zz.*probing the platform's third_party_contact step.*ZeroDivisionError"
    ):
        assess(load_case(xe_data), registry, policies=[policy])




def test_what_is_remembered_of_a_policy_does_not_change_an_assessment(
    xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    # the lawful schedule, the terms' factors (per action and whether outsourcing has
    # begun) and the exclusions are remembered per registry and policy: a case with
    # fewer days past due first, and the other way round
    import copy

    import loanoverdue_example

    def fresh() -> Registry:
        return Registry.build([loanoverdue_example], entry_points=False)

    young = copy.deepcopy(xe_data)  # 30 days past due: outsourcing (from day 60) not begun
    young["as_of"], young["events"] = "2026-02-04T12:00:00+08:00", young["events"][:4]
    cases = [load_case(d) for d in (xe_data, young)]
    alone = [assess(c, fresh(), policies=[policy]) for c in cases]
    assert [a.days_past_due >= 60 for a in alone] == [True, False]
    for order in (cases, cases[::-1]):
        shared = fresh()
        got = {id(c): assess(c, shared, policies=[policy]).to_json() for c in order}
        assert [got[id(c)] for c in cases] == [a.to_json() for a in alone]


def test_the_lawful_schedule_is_one_object_per_policy_and_steps_barred(
    registry: Registry, xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    from loanoverdue.engine.context import CaseState
    from loanoverdue.engine.outlook import _lawful_schedule

    case = load_case(xe_data)
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    none, contact = frozenset(), frozenset({Action.THIRD_PARTY_CONTACT})
    everything = _lawful_schedule(ctx, policy, none)
    without = _lawful_schedule(ctx, policy, contact)
    assert everything.steps == policy.schedule.steps
    assert [s.action for s in without.steps] == [
        s.action for s in policy.schedule.steps if s.action is not Action.THIRD_PARTY_CONTACT
    ]
    assert _lawful_schedule(ctx, policy, none) is everything
    assert _lawful_schedule(ctx, policy, contact) is without


def test_a_probe_is_the_event_the_step_stands_for() -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from loanoverdue import Actor, CollectionEvent, InvalidInputError, Target
    from loanoverdue.engine.indexes import indexes_of
    from loanoverdue.engine.platform import _probe

    tz = ZoneInfo("Asia/Shanghai")
    fresh = indexes_of(Registry.build([], entry_points=False))
    first = datetime(2026, 1, 5, 10, tzinfo=tz)
    for i, action in enumerate((Action.CALL, Action.CALL, Action.HOME_VISIT, Action.CALL)):
        at = first + timedelta(days=37 * i)
        made = _probe(fresh, action, Actor.COLLECTION_AGENCY, Target.BORROWER, at)
        assert made == CollectionEvent(
            at=at, action=action, actor=Actor.COLLECTION_AGENCY, target=Target.BORROWER, proposed=True
        )
        assert made.at is at
    with pytest.raises(InvalidInputError, match="outside the dates"):
        _probe(fresh, Action.CALL, Actor.COLLECTION_AGENCY, Target.BORROWER, datetime(1800, 1, 1, tzinfo=tz))


def _guarded_registry(
    precondition: Callable[[Any], bool],
    *,
    keeps: tuple[bool, ...] = (),
    grows: Callable[[Any, Any], bool] | None = None,
) -> Registry:
    """The example pack and a pack of one call rule, ``xe.a_guarded``, behind
    ``precondition`` (declaring ``keeps`` or ``grows``), whose check finds a violation
    for a proposed event alone: a platform step conflicts, the case's events do not."""
    import types

    import loanoverdue_example

    from loanoverdue import Hit, Verdict, hookimpl
    from loanoverdue.checks import checks_registry
    from loanoverdue.law import Basis, Rule, Scope, Text, Weight

    checks, check = checks_registry()
    declared: dict[str, Any] = {"keeps": keeps} if grows is None else {"grows": grows}

    @check("xe.a_guarded", applies=precondition, **declared)
    def guarded(ctx: Any) -> Hit | None:
        return Hit(Verdict.VIOLATION) if ctx.event.proposed else None

    rule = Rule(
        "xe.a_guarded",
        "XE",
        Scope.EVENT,
        Text("Guarded"),
        Weight.CIVIL,
        Basis.ASSUMPTION,
        (),
        {"violation": Text("V")},
        guarded,
        actions=frozenset({Action.CALL}),
        applies=precondition,
        applies_keeps=checks.keeps.get("xe.a_guarded", frozenset()),
        applies_grows=checks.grows.get("xe.a_guarded"),
    )
    pack = types.ModuleType("zz")
    pack.loanoverdue_rules = hookimpl(lambda: [rule])  # type: ignore[attr-defined]
    return Registry.build([loanoverdue_example, pack], entry_points=False)


@pytest.mark.parametrize(
    ("keeps", "answer", "kept"),
    [
        ((), False, False),  # nothing kept: asked again of each step's case
        ((True, False), False, True),  # reads no event: the case's answer, either way
        ((True, False), True, True),
        ((True,), True, True),  # stays true once true
        ((True,), False, False),  # but a false one is asked again
    ],
)
def test_a_probed_step_takes_the_cases_precondition_answer_where_its_event_keeps_it(
    xe_data: dict[str, Any], policy: PlatformPolicy, keeps: tuple[bool, ...], answer: bool, kept: bool
) -> None:
    asked: list[int] = []

    def precondition(ctx: Any) -> bool:
        asked.append(len(ctx.case.events))
        return answer

    registry = _guarded_registry(precondition, keeps=keeps)
    case = load_case(xe_data)
    assert any(e.action is Action.CALL for e in case.events)  # the run asks it of the case
    assert any(s.action is Action.CALL and s.offered for s in policy.schedule.steps)
    a = assess(case, registry, policies=[policy])
    n = len(case.events)
    assert asked == ([n] if kept else [n, n + 1])  # the case; the call step's case, if not kept
    conflicts = [f for f in a.findings if f.rule == "policy.conflict" and f.params["rule"] == "xe.a_guarded"]
    assert len(conflicts) == (1 if answer else 0)


def test_a_step_is_judged_only_by_rules_that_can_find_a_violation(
    xe_data: dict[str, Any], policy: PlatformPolicy
) -> None:
    import types

    import loanoverdue_example

    from loanoverdue import Verdict, hookimpl
    from loanoverdue.engine.platform import can_violate
    from loanoverdue.law import Basis, Rule, Scope, Text, Weight
    from loanoverdue.law.shape import Clause, Shape

    judged: list[tuple[str, bool]] = []

    def shaped(rule_id: str, *verdicts: Verdict) -> Rule:
        shape = Shape(tuple(Clause(v, actions=frozenset({Action.CALL})) for v in verdicts))

        def check(ctx: Any) -> Any:
            judged.append((rule_id, ctx.event.proposed))
            return shape(ctx)

        messages = {v.value: Text(v.value) for v in verdicts}
        return Rule(
            rule_id,
            "XE",
            Scope.EVENT,
            Text("T"),
            Weight.CIVIL,
            Basis.ASSUMPTION,
            (),
            messages,
            check,
            actions=frozenset({Action.CALL}),
            shape=shape,
        )

    rules = [
        shaped("xe.a_noted", Verdict.CONDITIONAL, Verdict.INFO),
        shaped("xe.b_forbidden", Verdict.VIOLATION),
    ]
    assert [can_violate(r) for r in rules] == [False, True]
    pack = types.ModuleType("zz")
    pack.loanoverdue_rules = hookimpl(lambda: rules)  # type: ignore[attr-defined]
    registry = Registry.build([loanoverdue_example, pack], entry_points=False)
    case = load_case(xe_data)
    a = assess(case, registry, policies=[policy])
    calls = sum(1 for e in case.events if e.action is Action.CALL)
    assert judged.count(("xe.a_noted", False)) == calls  # the case's calls: every rule
    assert ("xe.a_noted", True) not in judged  # the call step: not by a rule with no violation
    assert judged.count(("xe.b_forbidden", True)) == 1
    conflicts = {f.params["rule"] for f in a.findings if f.rule == "policy.conflict"}
    assert "xe.b_forbidden" in conflicts and "xe.a_noted" not in conflicts


@pytest.mark.parametrize("turns_true", [False, True])
def test_a_probed_step_takes_a_false_precondition_grown_by_its_event(
    xe_data: dict[str, Any], policy: PlatformPolicy, turns_true: bool
) -> None:
    """``grows``: where the case's answer is false, a step takes the declared answer for
    its probe event instead of asking the precondition of the case with the step's
    event; what that reads stays out of the case's trace."""
    import loanoverdue_example

    asked: list[int] = []
    grown: list[tuple[int, int, bool]] = []

    def precondition(ctx: Any) -> bool:
        asked.append(len(ctx.case.events))
        return False

    def grows(ctx: Any, view: Any) -> bool:
        grown.append((len(ctx.case.events), view.index, view.event.proposed))
        ctx.param("xe.outlook.agency_after_days")  # read, but not the case's: not in the trace
        return turns_true

    registry = _guarded_registry(precondition, grows=grows)
    case = load_case(xe_data)
    without = Registry.build([loanoverdue_example], entry_points=False)
    a = assess(case, registry, policies=[policy])
    n = len(case.events)
    assert asked == [n]  # the case only: never the case with a step's event
    assert grown == [(n, n, True)]  # the call step's probe, given the case's state
    conflicts = [f for f in a.findings if f.rule == "policy.conflict" and f.params["rule"] == "xe.a_guarded"]
    assert len(conflicts) == (1 if turns_true else 0)
    # the trace's values are the ones the packs give without the rule
    params = [t.id for t in a.trace if t.kind == "parameter"]
    assert "xe.outlook.agency_after_days" not in params
    assert params == [t.id for t in assess(case, without, policies=[policy]).trace if t.kind == "parameter"]


def test_a_grown_precondition_leaves_the_cases_state_as_it_was(xe_data: dict[str, Any]) -> None:
    """What ``grows`` reads or derives in the case's state is the grown case's: no
    parameter read in the trace or counted for the running check, no fact kept."""
    import loanoverdue_example

    from loanoverdue.engine.context import CaseState, appended
    from loanoverdue.engine.findings import grown_precondition

    registry = Registry.build([loanoverdue_example], entry_points=False)
    case = load_case(xe_data)
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    ctx.param("xe.limitation.years")
    ctx.once("zz.kept", lambda c: 1)
    reads: list[Any] = []
    ctx._reads = reads
    used, derived = dict(ctx._used), dict(ctx._derived)
    probe = attrs.evolve(case.events[0], proposed=True)
    view = ctx.extended(appended(case, probe)).all_events[-1]

    def grows(c: Any, v: Any) -> bool:
        assert c is ctx and v is view
        c.param("xe.outlook.agency_after_days")
        return bool(c.once("zz.grown", lambda s: s.param("xe.credit.retention_years")))

    rule = next(iter(registry.rules.values()))
    assert grown_precondition(ctx, rule, grows, view) is True
    assert ctx._reads is reads and reads == []
    assert ctx._used == used and ctx._derived == derived
