"""The event filters of the China rules (``conduct``, ``targets``, ``actors`` in
rules.toml) and their preconditions on the case (``applies`` in checks.py).

Filters, and the preconditions that state a rule's scope (the lender or the debt the
measures govern), are part of the rule's statement: the engine calls a check only where
they admit it (the core's tests/test_engine_calls.py), and the check does not test them
again. The other preconditions are shortcuts: when one is false, its check returns
nothing for any event of the case that the rule's filters admit, and an assessment reads
as it would without the shortcuts (findings, their parameter values, the trace)."""

from __future__ import annotations

import copy
import itertools
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib.resources import files
from zoneinfo import ZoneInfo

import attrs
import loanoverdue_cn
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loanoverdue import Assessment, Registry, assess
from loanoverdue.engine.context import CaseState, EventCursor, as_hits
from loanoverdue.law import Rule, Scope
from loanoverdue.law.data import load_parameters
from loanoverdue.model import (
    Action,
    Actor,
    Borrower,
    Case,
    CollectionEvent,
    Conduct,
    Lender,
    LenderKind,
    Loan,
    Money,
    Outcome,
    Product,
    Purpose,
    Target,
)
from loanoverdue.pack import Checks
from loanoverdue.testing.strategies import cases

#: The collector side the China rules list: every actor but the court and an enforcement
#: agent (who acts for a court once a judgment is enforced).
COLLECTOR_SIDE = frozenset(Actor) - {Actor.COURT, Actor.ENFORCEMENT_AGENT}


def _cn_event_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.id.startswith("cn.") and r.scope is Scope.EVENT]


def _admits(rule: Rule, event: CollectionEvent) -> bool:
    """Whether the rule's filters admit ``event`` (the events the engine calls it for)."""
    return (
        (rule.actions is None or event.action in rule.actions)
        and (rule.conduct is None or not event.conduct.isdisjoint(rule.conduct))
        and (rule.targets is None or event.target in rule.targets)
        and (rule.actors is None or event.actor in rule.actors)
    )


def test_rules_that_skip_court_events_say_so(registry: Registry) -> None:
    filtered = [r for r in _cn_event_rules(registry) if r.actors is not None]
    assert len(filtered) >= 30
    for rule in filtered:
        if rule.id in {"cn.court_service.genuine", "cn.judgment.enforcement"}:
            assert rule.actors == frozenset({Actor.COURT}), rule.id
        else:
            assert rule.actors == COLLECTOR_SIDE, rule.id


# -- preconditions on the case -----------------------------------------------------------

#: Rules whose precondition on the case is their scope: the lender or the debt the
#: measures govern (checks.py ``applies=``, or the lender kinds of a shape's clauses).
SCOPED = {
    "cn.contact.frequency.bank_consumer_protection",
    "cn.contact.frequency.consumer_finance",
    "cn.improper_means.bank_consumer_protection",
    "cn.improper_means.card_measures",
    "cn.improper_means.consumer_finance",
    "cn.third_party.bank_consumer_protection",
    "cn.third_party.card_measures",
    "cn.third_party.consumer_finance",
}
#: Rules whose precondition is a shortcut: false only where the check finds nothing.
SHORTCUTS = {
    "cn.illegal_debt.collection.criminal",
    "cn.illegal_debt.demand",
    "cn.illegal_debt.demand.financial",
    "cn.impersonation.court_service",
}


_PARAMETERS = {p.id: p for p in load_parameters(files("loanoverdue_cn") / "data" / "parameters.toml")}
_STEP = Decimal("0.0001")


def _value_on(pid: str, day: date) -> Decimal | None:
    """The pack's value of ``pid`` on ``day`` (the latest that started by then)."""
    found = None
    for v in _PARAMETERS[pid].values:
        if (v.start is None or v.start <= day) and (v.end is None or day <= v.end):
            found = Decimal(str(v.value))
    return found


def _caps(contract: date | None) -> list[Decimal]:
    """The caps a loan made on ``contract`` may be held to: 4 x LPR on that day, the
    2015 lines and the financial-loan line."""
    found = [
        _value_on(pid, date.max if contract is None else contract)
        for pid in (
            "cn.interest.private_lending_2015_supported",
            "cn.interest.private_lending_2015_void_above",
        )
    ]
    found.append(_value_on("cn.interest.financial_loan_cap", date.max))
    if contract is not None:
        lpr = _value_on("cn.interest.lpr_1y", contract)
        multiple = _value_on("cn.interest.private_lending_cap_multiple", contract)
        if lpr is not None and multiple is not None:
            found.append(lpr * multiple)
    return [c for c in found if c is not None] or [Decimal("0.24")]


@st.composite
def _guarded_cases(draw: st.DrawFn) -> Case:
    """CN cases for the preconditions: any lender kind and product (from the core's
    strategy), rates on, just around or away from the caps or unknown, contract dates
    from before the 2015 provisions to the due date or unknown, purposes, proposed
    events (some after ``as_of``), and often no conduct at all (so that most
    preconditions are false)."""
    code = draw(st.sampled_from(["CN", "CN-GD"]))
    case = draw(cases(jurisdiction=code, timezone="Asia/Shanghai", currency="CNY", max_events=12))
    loan = case.loan
    back = draw(st.none() | st.integers(0, 2 * 365) | st.integers(0, 12 * 365))
    contract = None if back is None else loan.due_date - timedelta(days=back)
    kind = draw(st.sampled_from(list(LenderKind)))
    rate = draw(
        st.none()
        | st.integers(0, 60).map(lambda p: Decimal(p) / 100)
        | st.tuples(st.sampled_from(_caps(contract)), st.sampled_from([-_STEP, Decimal(0), _STEP])).map(sum)
    )
    loan = attrs.evolve(
        loan, annual_rate=rate, contract_date=contract, lender=attrs.evolve(loan.lender, kind=kind)
    )
    quiet = draw(st.booleans())
    events = []
    for e in case.events:
        purpose = draw(st.none() | st.sampled_from(list(Purpose)))
        proposed = draw(st.booleans())
        at = e.at
        if proposed and draw(st.booleans()):
            at = case.as_of + timedelta(seconds=draw(st.integers(0, 60 * 86400)))
        conduct = frozenset() if quiet else e.conduct
        threatened = frozenset() if quiet else e.threatened
        events.append(
            attrs.evolve(
                e,
                at=at,
                purpose=purpose,
                proposed=proposed,
                conduct=conduct,
                threatened=threatened,
                received_on=None,
                returned_on=None,
            )
        )
    return attrs.evolve(case, loan=loan, events=tuple(events))


def test_the_rules_that_declare_a_precondition(registry: Registry) -> None:
    guarded = {r.id for r in registry.rules.values() if r.id.startswith("cn.") and r.applies is not None}
    assert guarded == SCOPED | SHORTCUTS


def _outcomes(registry: Registry, case: Case) -> dict[str, tuple[bool, bool]]:
    """For each rule with a shortcut: whether it holds for ``case``, and whether the
    check reports anything (a case check for the case, an event check for any event of
    it that the rule's filters admit, whatever the event's date)."""
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    found = {}
    for rule_id in SHORTCUTS:
        rule = registry.rules[rule_id]
        assert rule.applies is not None
        applies = bool(rule.applies(ctx))
        if rule.scope is Scope.CASE:
            hit = bool(list(as_hits(rule.check(ctx))))
        else:
            hit = any(
                rule.check(EventCursor(ctx, view)) is not None for view in ctx.all_events if _admits(rule, view.event)
            )
        found[rule.id] = (applies, hit)
    return found


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_guarded_cases())
def test_a_shortcut_is_false_only_where_its_check_finds_nothing(registry: Registry, case: Case) -> None:
    for rule_id, (applies, hit) in _outcomes(registry, case).items():
        assert applies or not hit, (rule_id, case)


def _grid_events(flagged: bool) -> tuple[CollectionEvent, ...]:
    """Events that let every rule with a precondition report something when the case
    allows it: contacts over the daily limit, repeated night calls, a threat at home, a
    disclosure to family, a letter, a court's service, a planned call and (``flagged``)
    a demand flagged illegal_debt_demand."""
    tz = ZoneInfo("Asia/Shanghai")

    def at(day: int, hour: int) -> datetime:
        return datetime(2025, 5, day, hour, 15, tzinfo=tz)

    agency, borrower = Actor.COLLECTION_AGENCY, Target.BORROWER
    found = [
        CollectionEvent(at(1, h), Action.CALL, agency, borrower, Outcome.NO_ANSWER) for h in range(10, 14)
    ]
    found += [CollectionEvent(at(d, 22), Action.CALL, agency, borrower, Outcome.CONNECTED) for d in (2, 3)]
    found += [
        CollectionEvent(
            at(5, 15),
            Action.HOME_VISIT,
            Actor.LENDER,
            borrower,
            Outcome.CONNECTED,
            conduct=frozenset({Conduct.THREAT}),
        ),
        CollectionEvent(
            at(6, 15),
            Action.SMS,
            agency,
            Target.FAMILY,
            Outcome.DELIVERED,
            conduct=frozenset({Conduct.DISCLOSURE}),
            purpose=Purpose.PAYMENT_DEMAND,
        ),
        CollectionEvent(at(7, 15), Action.LETTER, Actor.LENDER, borrower, Outcome.DELIVERED),
        CollectionEvent(at(8, 15), Action.COURT_SERVICE, Actor.COURT, borrower, Outcome.DELIVERED),
        CollectionEvent(
            datetime(2025, 6, 10, 10, tzinfo=tz),
            Action.CALL,
            agency,
            borrower,
            Outcome.NO_ANSWER,
            proposed=True,
        ),
    ]
    if flagged:
        found.append(
            CollectionEvent(
                at(9, 15),
                Action.INSTANT_MESSAGE,
                agency,
                borrower,
                Outcome.DELIVERED,
                conduct=frozenset({Conduct.ILLEGAL_DEBT_DEMAND}),
            )
        )
    return tuple(found)


def _grid_cases() -> list[Case]:
    """Every lender kind, a credit card or not, contract dates on either side of the
    2015 provisions and of the 4 x LPR rule or unknown, and rates on and just around
    each cap that may apply (or unknown), with and without a flagged demand."""
    as_of = datetime(2025, 6, 2, 12, tzinfo=ZoneInfo("Asia/Shanghai"))
    due = date(2025, 1, 10)
    contracts = [
        None,
        date(2014, 6, 1),
        date(2019, 6, 1),
        date(2020, 8, 19),
        date(2020, 8, 20),
        date(2023, 7, 1),
        due,
    ]
    found = []
    for contract in contracts:
        caps = set(_caps(contract))
        today = _value_on("cn.interest.lpr_1y", as_of.date())
        assert today is not None
        caps.add(today * 4)  # the lower line of a contract before 2020-08-20
        rates = {None, Decimal(0), Decimal("0.6")} | {
            c + d for c in caps for d in (-_STEP, Decimal(0), _STEP)
        }
        for kind, product, rate, flagged in itertools.product(
            LenderKind, (Product.CREDIT_CARD, Product.INSTALLMENT), sorted(rates, key=str), (False, True)
        ):
            loan = Loan(
                product=product,
                principal=Money(Decimal(60000), "CNY"),
                outstanding=Money(Decimal(65000), "CNY"),
                due_date=due,
                contract_date=contract,
                annual_rate=rate,
                lender=Lender(kind=kind),
            )
            borrower = Borrower("CN", "Asia/Shanghai")
            found.append(Case(as_of=as_of, borrower=borrower, loan=loan, events=_grid_events(flagged)))
    return found


def test_shortcuts_on_a_grid_of_case_facts(registry: Registry) -> None:
    """Exhaustively over the case-level facts the shortcuts read: none is false for a
    case its check reports on; and each is false for some cases and true for some cases
    its check reports on (so the grid exercises it)."""
    seen: dict[str, set[tuple[bool, bool]]] = {}
    for case in _grid_cases():
        for rule_id, (applies, hit) in _outcomes(registry, case).items():
            assert applies or not hit, (rule_id, case.loan, case.events[-1])
            seen.setdefault(rule_id, set()).add((applies, hit))
    for rule_id, outcomes in seen.items():
        if rule_id == "cn.impersonation.court_service":  # depends on the events alone
            continue
        assert (True, True) in outcomes and any(not a for a, _ in outcomes), (rule_id, outcomes)


@pytest.fixture(scope="module")
def unguarded() -> Registry:
    """The China pack without its shortcuts (its checks, and the preconditions that are
    a rule's scope)."""
    pack = copy.copy(loanoverdue_cn.PACK)
    given = loanoverdue_cn.PACK.checks
    assert isinstance(given, Checks)
    checks = Checks()
    checks.update(given)
    checks.conditions.update({k: f for k, f in given.conditions.items() if k not in SHORTCUTS})
    pack.checks = checks
    registry = Registry.build([pack], entry_points=False)
    assert {r.id for r in registry.rules.values() if r.applies is not None} == SCOPED
    return registry


def _without_idle_rules(a: Assessment) -> object:
    """``a`` as JSON, without the trace entries of rules that found nothing (a rule
    whose shortcut is false does not run, so has none)."""
    d = json.loads(a.to_json())
    d["trace"] = [t for t in d["trace"] if t["kind"] != "rule" or t["detail"]["hits"]]
    return d


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(_guarded_cases())
def test_shortcuts_change_no_assessment(registry: Registry, unguarded: Registry, case: Case) -> None:
    """Findings, their parameter values and the trace (the parameter values read
    included) are the same with and without the shortcuts."""
    assert _without_idle_rules(assess(case, registry)) == _without_idle_rules(assess(case, unguarded))


def test_the_filters_the_checks_rely_on(registry: Registry) -> None:
    """What the checks take from their rules' filters instead of testing it again."""
    from loanoverdue_cn.facts import ABUSIVE, IMPROPER, INTIMIDATING, SOFT_VIOLENCE, THIRD_PARTIES

    rules = registry.rules
    by_conduct = {
        INTIMIDATING: ("cn.threat.psapl_2012", "cn.threat.psapl_2025"),
        ABUSIVE: ("cn.insult.psapl_2012", "cn.insult.psapl_2025"),
        IMPROPER: ("cn.improper_means.card_measures", "cn.improper_means.consumer_finance"),
        SOFT_VIOLENCE: ("cn.soft_violence.criminal",),
        frozenset({Conduct.FALSE_LEGAL_CLAIM}): (
            "cn.false_legal_claim.criminal",
            "cn.false_legal_claim.criminal_2009",
            "cn.false_legal_claim.no_crime",
            "cn.false_legal_claim.no_crime_2009",
        ),
    }
    for conduct, ids in by_conduct.items():
        for rule_id in ids:
            assert rules[rule_id].conduct == conduct, rule_id
    for rule_id in ("cn.third_party.card_measures", "cn.third_party.consumer_finance"):
        assert rules[rule_id].targets == THIRD_PARTIES, rule_id
    for rule_id in (
        "cn.third_party.disclosure.civil",
        "cn.third_party.disclosure.pipl",
        "cn.privacy.tort_2010",
        "cn.privacy.tort_2017",
    ):
        assert rules[rule_id].targets == THIRD_PARTIES | {Target.BORROWER}, rule_id
    for rule_id in (
        "cn.contact.quiet_hours",
        "cn.illegal_debt.collection.criminal",
        "cn.illegal_debt.demand",
        "cn.illegal_debt.demand.financial",
        *(i for ids in by_conduct.values() for i in ids),
    ):
        assert rules[rule_id].actors == COLLECTOR_SIDE, rule_id
    assert rules["cn.judgment.enforcement"].actors == frozenset({Actor.COURT})
