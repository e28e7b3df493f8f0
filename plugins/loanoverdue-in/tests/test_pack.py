"""The India pack as data: it builds on its own, every citation resolves to an article of its
own instruments, every rule has a scenario, findings cite the text in force on the event's
day and for the kind of lender, and the door question is answered on the command line."""

from __future__ import annotations

import json
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

import loanoverdue_in
import pytest
from hypothesis import given, settings
from loanoverdue_in import advice, facts

import loanoverdue
from loanoverdue import Registry
from loanoverdue.cli import main
from loanoverdue.law import Citation, Instrument
from loanoverdue.law.data import load_instruments, load_parameters, load_policies
from loanoverdue.testing.strategies import cases

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.scenario.toml"))
DATA = Path(loanoverdue_in.__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_in.PACK], entry_points=False)


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {i.id: i for i in load_instruments(DATA / "instruments.toml")}


def test_builds_alone_with_every_state_and_union_territory(registry: Registry) -> None:
    (pack,) = registry.packs
    assert pack.name == "in"
    subdivisions = [c for c in registry.jurisdictions if c.startswith("IN-")]
    assert len(subdivisions) == 36  # 28 states and 8 union territories
    for code in subdivisions:
        assert registry.chain(code) == (code, "IN")
        assert registry.jurisdictions[code].timezone == "Asia/Kolkata"
    india = registry.jurisdictions["IN"]
    assert (india.currency, india.timezone) == ("INR", "Asia/Kolkata")
    assert {"IN-CG", "IN-OD", "IN-TS", "IN-UK", "IN-DH", "IN-LA"} <= set(subdivisions)
    assert not {"IN-CT", "IN-OR", "IN-TG", "IN-UT", "IN-DD", "IN-DN"} & set(subdivisions)


def _resolves(c: Citation, instruments: dict[str, Instrument]) -> bool:
    inst = instruments.get(c.instrument)
    return inst is not None and c.article in inst.articles


def test_every_citation_resolves_to_the_packs_own_instruments(
    registry: Registry, instruments: dict[str, Instrument]
) -> None:
    bad: list[str] = []
    for rule in registry.rules.values():
        assert rule.citations and rule.note, rule.id
        bad += [f"rule {rule.id}: {c}" for c in rule.citations if not _resolves(c, instruments)]
    for param in load_parameters(DATA / "parameters.toml"):
        bad += [f"parameter {param.id}: {c}" for c in param.citations if not _resolves(c, instruments)]
    for policy in load_policies(DATA / "policies.toml"):
        for step in policy.steps:
            bad += [
                f"policy {policy.id}/{step.action}: {c}"
                for c in step.citations
                if not _resolves(c, instruments)
            ]
    assert not bad


def test_nothing_claims_to_be_verified(instruments: dict[str, Instrument]) -> None:
    # every text this pack read was a public copy, not the official publication
    for inst in instruments.values():
        assert inst.status.value != "verified", inst.id
        assert all(a.status.value != "verified" for a in inst.articles.values()), inst.id


def test_every_rule_has_a_scenario(registry: Registry) -> None:
    named: set[str] = set()
    for path in SCENARIOS:
        expect = tomllib.loads(path.read_text(encoding="utf-8"))["expect"]
        named |= {f["rule"] for f in expect.get("findings", [])}
    assert set(registry.rules) <= named, set(registry.rules) - named


def test_code_dates_match_the_instruments(instruments: dict[str, Instrument]) -> None:
    assert instruments["in.rbi.cb_rbc_2025"].period.start == facts.CONSOLIDATED_FROM
    assert instruments["in.rbi.nbfc_rbc_2025"].period.start == facts.CONSOLIDATED_FROM
    end = instruments["in.rbi.recovery_agents_2022"].period.end
    assert end is not None and (facts.CONSOLIDATED_FROM - end).days == 1
    assert instruments["in.rbi.digital_lending_2025"].period.start == facts.DIGITAL_LENDING_FROM
    assert instruments["in.rbi.ios_2026"].period.start == advice.IOS_2026_FROM


def _case(day: str, kind: str, conduct: list[str], target: str = "borrower", **lender: str) -> dict[str, Any]:
    return {
        "as_of": "2027-08-01T12:00:00+05:30",
        "borrower": {"jurisdiction": "IN-KA", "timezone": "Asia/Kolkata"},
        "loan": {
            "product": "installment",
            "principal": "90000",
            "outstanding": "90000",
            "currency": "INR",
            "due_date": "2022-09-01",
            "lender": {"kind": kind, **lender},
        },
        "events": [
            {
                "at": f"{day}T21:15:00+05:30",
                "action": "call",
                "actor": "collection_agency",
                "target": target,
                "conduct": conduct,
            }
        ],
    }


def _cited(data: dict[str, Any], rule: str) -> set[tuple[str, str]]:
    result = loanoverdue.assess(loanoverdue.load_case(data))
    (finding,) = [f for f in result.findings if f.rule == rule and f.event == 0]
    return {(c.instrument, c.article) for c in finding.citations}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-06-30", {("in.ipc", "503"), ("in.ipc", "506")}),
        ("2024-07-01", {("in.bns", "351")}),
    ],
)
def test_threats_cite_the_penal_law_of_their_day(day: str, expected: set[tuple[str, str]]) -> None:
    assert _cited(_case(day, "nbfc", ["threat"]), "in.criminal.intimidation") == expected


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        ("2025-11-27", "bank", {("in.rbi.recovery_agents_2022", "2")}),
        ("2025-11-27", "nbfc", {("in.rbi.recovery_agents_2022", "2")}),
        ("2025-11-28", "bank", {("in.rbi.cb_rbc_2025", "445")}),
        ("2025-11-28", "credit_card_issuer", {("in.rbi.cb_rbc_2025", "445")}),
        ("2025-11-28", "nbfc", {("in.rbi.nbfc_rbc_2025", facts.NBFC_ARTICLE)}),
        ("2026-05-01", "online_microlender", {("in.rbi.nbfc_rbc_2025", facts.NBFC_ARTICLE)}),
    ],
)
def test_recovery_rules_cite_the_direction_for_the_day_and_lender(
    day: str, kind: str, expected: set[tuple[str, str]]
) -> None:
    assert _cited(_case(day, kind, []), "in.recovery.call_hours") == expected


def test_harassment_of_a_bank_cites_the_fair_practices_code_too() -> None:
    cited = _cited(_case("2026-02-02", "bank", ["insult"]), "in.recovery.harassment")
    assert cited == {("in.rbi.cb_rbc_2025", "343"), ("in.rbi.cb_rbc_2025", "445")}


@pytest.mark.parametrize(
    ("day", "dpdp"),
    [("2027-05-12", False), ("2027-05-13", True)],
)
def test_data_sharing_cites_the_dpdp_act_only_once_in_force(day: str, dpdp: bool) -> None:
    data = _case(day, "nbfc", ["disclosure"], target="family", platform="example-app")
    data["events"][0]["proposed"] = True
    data["as_of"] = "2027-05-01T12:00:00+05:30"
    cited = _cited(data, "in.digital.data_sharing")
    assert ("in.rbi.digital_lending_2025", "12(iv)") in cited
    assert (
        {("in.dpdp_act", "4"), ("in.dpdp_act", "6")} <= cited
        if dpdp
        else not any(i == "in.dpdp_act" for i, _ in cited)
    )


def test_the_ombudsman_scheme_is_the_one_in_force_today() -> None:
    def ombudsman(as_of: str) -> set[str]:
        data = _case("2026-02-02", "nbfc", ["threat"])
        data["as_of"] = as_of
        result = loanoverdue.assess(loanoverdue.load_case(data))
        (item,) = [a for a in result.advice if a.id == "in.advice.ombudsman"]
        return {c.instrument for c in item.citations}

    assert ombudsman("2026-06-30T12:00:00+05:30") == {"in.rbi.ios_2021"}
    assert ombudsman("2026-07-01T12:00:00+05:30") == {"in.rbi.ios_2026"}


@settings(max_examples=60, deadline=None, database=None)
@given(cases(jurisdiction="IN-MH", timezone="Asia/Kolkata", currency="INR", as_of=None))
def test_call_hours_fire_only_outside_the_window(case: loanoverdue.Case) -> None:
    result = loanoverdue.assess(case)
    for f in result.findings:
        if f.rule == "in.recovery.call_hours":
            assert f.event is not None
            event = case.events[f.event]
            local = event.at.astimezone(case.borrower.tz).time()
            assert event.action == "call" and event.target == "borrower"
            assert local < time(8) or local > time(19)
            assert case.loan.lender.kind != "private_individual"
            assert event.at.astimezone(case.borrower.tz).date() >= date(2022, 8, 12)
    assert loanoverdue.assess(case).to_json() == result.to_json()


def test_quick_answers_the_door_question(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["quick", "--jurisdiction", "IN", "--amount", "90000", "--currency", "INR", "--days-overdue", "60"]
    assert main(args) == 0
    out, _ = capsys.readouterr()
    assert "home visit: possible" in out and "90,000.00 INR" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    assert data["jurisdiction"] == ["IN"] and data["days_past_due"] == 60
    visit = next(p for p in data["outlook"] if p["action"] == "home_visit")
    assert visit["status"] == "possible" and visit["basis"] == "assumption"
    assert data["limitation"]["period"] == "P3Y"
