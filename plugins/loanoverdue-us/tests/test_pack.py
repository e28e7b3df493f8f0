"""The US pack as data: it builds on its own, every citation resolves to an article of
its own instruments, every rule and every state row is covered by a scenario, and each
scenario's JSON output matches the assessment contract of the design."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import loanoverdue_us
import pytest

import loanoverdue
from loanoverdue import Registry
from loanoverdue.law import Citation, Instrument
from loanoverdue.law.data import load_instruments, load_parameters, load_policies
from loanoverdue.render import render_markdown
from loanoverdue.testing import contract_problems, load_scenario

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.scenario.toml"))
DATA = Path(loanoverdue_us.__file__).resolve().parent / "data"
EXAMPLE = HERE.parents[2] / "examples" / "us-agency-calls.json"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.build([loanoverdue_us.PACK], entry_points=False)


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {i.id: i for i in load_instruments(DATA / "instruments.toml")}


def _resolves(c: Citation, instruments: dict[str, Instrument]) -> bool:
    inst = instruments.get(c.instrument)
    return inst is not None and c.article in inst.articles


def test_builds_alone(registry: Registry) -> None:
    (pack,) = registry.packs
    assert pack.name == "us"
    assert "US" in registry.jurisdictions
    assert registry.chain("US-NY") == ("US-NY", "US")
    assert len(registry.rules) == 32
    assert all(r.jurisdiction.startswith("US") for r in registry.rules.values())


def test_every_citation_resolves_to_the_packs_own_instruments(
    registry: Registry, instruments: dict[str, Instrument]
) -> None:
    bad: list[str] = []
    for rule in registry.rules.values():
        assert rule.citations, rule.id
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


def test_citations_carry_the_articles_status(registry: Registry, instruments: dict[str, Instrument]) -> None:
    for rule in registry.rules.values():
        for c in rule.citations:
            assert c.status is instruments[c.instrument].articles[c.article].status, (rule.id, c)


def test_rule_notes_and_messages(registry: Registry) -> None:
    for rule in registry.rules.values():
        assert rule.note, rule.id
        for key, text in rule.messages.items():
            assert text.en.strip(), (rule.id, key)


def test_presumption_messages_say_rebuttable(registry: Registry) -> None:
    for rid in ("us.call.frequency.seven_in_seven", "us.call.frequency.after_conversation"):
        for text in registry.rules[rid].messages.values():
            assert "rebuttable" in text.en


def test_every_instrument_says_how_it_is_cited(instruments: dict[str, Instrument]) -> None:
    for inst in instruments.values():
        assert inst.citation is not None, inst.id
        for article in inst.articles:
            text = inst.cite_text(article)
            assert article in text and ", art." not in text and "§ comment" not in text, text
    fdcpa, reg_f = instruments["us.fdcpa"], instruments["us.reg_f"]
    assert fdcpa.cite_text("1692c(a)(1)") == "15 U.S.C. § 1692c(a)(1)"
    assert reg_f.cite_text("1006.14(b)(2)(i)") == "12 C.F.R. § 1006.14(b)(2)(i)"
    comments = instruments["us.reg_f.interpretations"]
    assert comments.period == reg_f.period
    assert comments.cite_text("comment 6(b)(1)(i)-2") == "12 C.F.R. pt. 1006, Supp. I, comment 6(b)(1)(i)-2"
    assert instruments["us.ny.cplr"].cite_text("214-i") == "N.Y. C.P.L.R. 214-i"


def _night_calls(*days: str) -> dict[str, Any]:
    return {
        "as_of": "2023-01-10T12:00:00-05:00",
        "borrower": {"jurisdiction": "US-NY", "timezone": "America/New_York"},
        "loan": {
            "product": "credit_card",
            "principal": "3100",
            "outstanding": "3480.12",
            "currency": "USD",
            "due_date": "2021-01-05",
            "lender": {"kind": "bank", "name": "Example Bank N.A."},
        },
        "events": [
            {
                "at": f"{day}T22:30:00-04:00",
                "action": "call",
                "actor": "collection_agency",
                "outcome": "connected",
            }
            for day in days
        ],
    }


def test_findings_before_regulation_f_cite_only_the_fdcpa(registry: Registry) -> None:
    case = loanoverdue.load_case(_night_calls("2021-06-01", "2022-06-01"))
    result = loanoverdue.assess(case, registry)
    before, after = (
        next(f for f in result.findings if f.rule == "us.time.inconvenient" and f.event == i) for i in (0, 1)
    )
    assert before.verdict.value == after.verdict.value == "violation"
    assert [(c.instrument, c.article) for c in before.citations] == [("us.fdcpa", "1692c(a)(1)")]
    assert after.citations == registry.rules["us.time.inconvenient"].citations
    # the case-level duty is judged by the law in force at the first communication (2021-06-01)
    timing = next(f for f in result.findings if f.rule == "us.validation.notice_timing")
    assert timing.event == 0 and {c.instrument for c in timing.citations} == {"us.fdcpa"}
    shown = render_markdown(result)
    assert "15 U.S.C. § 1692c(a)(1)" in shown and "12 C.F.R. pt. 1006, Supp. I, comment 6(b)(1)(i)-2" in shown


def _expected_findings() -> Iterator[tuple[str, dict[str, Any]]]:
    for path in SCENARIOS:
        scenario = load_scenario(path)
        for item in scenario.expect.get("findings", []):
            yield path.name, item


def test_every_rule_has_a_scenario(registry: Registry) -> None:
    covered = {item["rule"] for _, item in _expected_findings()}
    assert set(registry.rules) - covered == set()


def test_every_violation_rule_has_a_violation_scenario(registry: Registry) -> None:
    seen = {(item["rule"], item.get("verdict", "violation")) for _, item in _expected_findings()}
    for rule in registry.rules.values():
        if "violation" in rule.messages:
            assert (rule.id, "violation") in seen, rule.id


def test_every_state_row_has_a_scenario() -> None:
    states = {
        p.jurisdiction
        for p in load_parameters(DATA / "parameters.toml")
        if p.id.startswith("us.limitation.") and p.jurisdiction != "US"
    }
    with_limitation: set[str] = set()
    for path in SCENARIOS:
        s = load_scenario(path)
        code = s.case["borrower"]["jurisdiction"]
        if "limitation" in s.expect or "limitation" in s.expect.get("none", []):
            with_limitation.add(code)
    assert states - with_limitation == set()
    assert len(states) == 13


def test_shared_example_is_a_scenario() -> None:
    scenario = load_scenario(HERE / "scenarios" / "example-agency-calls.scenario.toml")
    assert loanoverdue.load_case(scenario.case) == loanoverdue.load_case(EXAMPLE)


# -- the JSON contract -------------------------------------------------------------------

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date(value: Any) -> bool:
    return isinstance(value, str) and bool(ISO_DATE.match(value)) and date.fromisoformat(value) is not None


def _citation(c: dict[str, Any], instruments: dict[str, Instrument]) -> None:
    assert c["instrument"] in instruments, c
    assert c["article"] in instruments[c["instrument"]].articles, c
    assert c["status"] in {"verified", "secondary", "unverified"}
    assert "title" in c and "effective_from" in c
    assert c["effective_from"] is None or _date(c["effective_from"])


def check_contract(data: dict[str, Any], n_events: int, instruments: dict[str, Instrument]) -> None:
    """Assert that ``data`` keeps the assessment contract, and what this pack adds to it."""
    assert contract_problems(data) == []
    assert data["jurisdiction"][-1] == "US"
    for f in data["findings"]:
        assert f["event"] is None or 0 <= f["event"] < n_events
        assert f["rule"].startswith("us.") and f["message"] and "{" not in f["message"]
        assert f["citations"]
        for c in f["citations"]:
            _citation(c, instruments)
    for p in data["outlook"]:
        for x in p["factors"]:
            assert x["explanation"] and "{" not in x["explanation"]
        for c in p["citations"]:
            _citation(c, instruments)
    lim = data["limitation"]
    if lim is not None:
        assert re.match(r"^P\d+Y$", lim["period"])
        assert _date(lim["starts"]) and _date(lim["expires"]) and isinstance(lim["expired"], bool)
        assert all(0 <= i < n_events for i in lim["interrupted_by"])
        assert lim["citations"]
    credit = data["credit"]
    assert isinstance(credit["reported"], bool) and _date(credit["retained_until"]) and credit["rule"]
    assert data["interest"] is None
    exposure = data["exposure"]
    assert exposure["criminal_possible"] is False and exposure["conditions"] and exposure["citations"]
    for a in data["advice"]:
        assert a["id"].startswith("us.advice.") and isinstance(a["priority"], int)
        assert a["title"] and a["body"]
        for c in a["citations"]:
            _citation(c, instruments)
    assert [a["priority"] for a in data["advice"]] == sorted(a["priority"] for a in data["advice"])
    assert any(p["name"] == "us" for p in data["packs"])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name.removesuffix(".scenario.toml"))
def test_scenario_output_matches_the_contract(
    path: Path, registry: Registry, instruments: dict[str, Instrument]
) -> None:
    scenario = load_scenario(path)
    case = loanoverdue.load_case(scenario.case)
    result = loanoverdue.assess(case, registry)
    text = result.to_json()
    assert text == loanoverdue.assess(case, registry).to_json()  # deterministic to the byte
    check_contract(json.loads(text), len(case.events), instruments)


def test_scenario_files_are_valid_toml() -> None:
    assert len(SCENARIOS) >= 60
    for path in SCENARIOS:
        data = tomllib.loads(path.read_text())
        assert data["title"]


def test_advice_counts_years_in_the_plural_when_the_period_is_longer() -> None:
    """The FDCPA gives one year to sue; a state rule of two years must not read "2 year"."""
    import types

    from loanoverdue import hookimpl
    from loanoverdue.law import Basis, Parameter, ParameterValue, SourceStatus, Text

    longer = types.ModuleType("longer")
    longer.loanoverdue_parameters = hookimpl(  # type: ignore[attr-defined]
        lambda: [
            Parameter(
                "us.damages.claim_limitation_years",
                "US-NY",
                Text("A longer time to sue (a test value)"),
                Basis.ASSUMPTION,
                SourceStatus.UNVERIFIED,
                (ParameterValue(None, 2),),
                type="int",
            )
        ]
    )
    case = loanoverdue.load_case(
        {
            "as_of": "2026-03-20T09:00:00-04:00",
            "borrower": {"jurisdiction": "US-NY", "timezone": "America/New_York"},
            "loan": {
                "product": "credit_card",
                "principal": "900",
                "outstanding": "950.00",
                "currency": "USD",
                "due_date": "2026-01-10",
                "lender": {"kind": "bank"},
            },
            "events": [],
        }
    )
    bodies = {
        a.id: a.render_body("en")
        for a in loanoverdue.assess(
            case, Registry.build([loanoverdue_us.PACK, longer], entry_points=False)
        ).advice
    }
    assert "2 years from a violation" in bodies["us.advice.records"]
    default = {
        a.id: a.render_body("en")
        for a in loanoverdue.assess(case, Registry.build([loanoverdue_us.PACK], entry_points=False)).advice
    }
    assert "1 year from a violation" in default["us.advice.records"]


def test_a_suit_ban_without_a_period_cites_the_states_law(registry: Registry) -> None:
    """Maryland forbids suits on expired debts, but the pack has no Maryland period: the
    lawsuit's ``time_barred`` factor cites the parameter's own law (read through the
    context, with one trace entry for the value)."""
    scenario = load_scenario(HERE / "scenarios" / "time-barred-maryland.scenario.toml")
    result = loanoverdue.assess(loanoverdue.load_case(scenario.case), registry)
    (suit,) = [p for p in result.outlook if p.action == "lawsuit"]
    (factor,) = [f for f in suit.factors if f.name == "time_barred"]
    assert factor.citations == (Citation("us.md.cjp", "5-1202", factor.citations[0].status),)
    trace = [t for t in result.trace if t.kind == "parameter" and t.id == "us.limitation.suit_barred"]
    assert len(trace) == 1 and trace[0].detail["jurisdiction"] == "US-MD"
