"""The door question through the command line: `loanoverdue quick --jurisdiction GB
--amount 900 --currency GBP --days-overdue 60`, in text and JSON, for each part of Great
Britain and each lender kind; every scenario's JSON meets the assessment contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from loanoverdue import Registry, assess, load_case
from loanoverdue.cli import main
from loanoverdue.testing import contract_problems, load_scenario

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.scenario.toml"))
QUICK = ("quick", "--amount", "900", "--currency", "GBP", "--days-overdue", "60")
AS_OF = ("--as-of", "2026-03-10T12:00:00+00:00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def quick_json(capsys: pytest.CaptureFixture[str], code: str, *more: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(run(capsys, *QUICK, "--jurisdiction", code, *AS_OF, "--format", "json", *more))
    assert contract_problems(doc) == []
    return doc


def test_quick_answers_the_door_question(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, *QUICK, "--jurisdiction", "GB", *AS_OF)
    for needle in (
        "home visit: unlikely",
        "enforcement: unlikely",
        "Comes only after: judgment.",
        "do not have to open the door",
        "Enforcement agents (bailiffs) come only to enforce a court judgment",
        "StepChange",
        "Breathing Space",
        "How to reply to a letter of claim",
        "GBP",
    ):
        assert needle in out, needle
    assert "{" not in out  # no unfilled placeholder


def test_quick_json_for_the_uk_part_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    doc = quick_json(capsys, "GB")
    assert doc["jurisdiction"] == ["GB"]
    assert doc["limitation"] is None  # it depends on the part of the UK
    outlook = {p["action"]: p for p in doc["outlook"]}
    assert outlook["home_visit"]["status"] == "unlikely"
    assert outlook["home_visit"]["basis"] == "assumption"
    assert {f["name"] for f in outlook["home_visit"]["factors"]} >= {"days_overdue", "amount_overdue", "doorstep"}
    assert outlook["enforcement"]["status"] == "unlikely" and outlook["enforcement"]["basis"] == "law"
    assert any(f["name"] == "requires" for f in outlook["enforcement"]["factors"])
    for step in ("arrears_notice", "default_notice", "letter_of_claim", "lawsuit", "judgment", "enforcement"):
        assert step in outlook, step
    ids = [a["id"] for a in doc["advice"]]
    assert ids[:2] == ["gb.advice.door", "gb.advice.free_debt_advice"]
    assert doc["exposure"]["criminal_possible"] is False
    assert doc["interest"] is None


def test_quick_in_england_and_in_scotland(capsys: pytest.CaptureFixture[str]) -> None:
    england = quick_json(capsys, "GB-ENG")
    assert england["limitation"]["period"] == "P6Y" and england["limitation"]["expires"] == "2032-01-09"
    assert {f["name"] for p in england["outlook"] if p["action"] == "enforcement" for f in p["factors"]} >= {
        "enforcement_agents"
    }
    scotland = quick_json(capsys, "GB-SCT")
    assert scotland["limitation"]["period"] == "P5Y" and scotland["limitation"]["expires"] == "2031-01-09"
    outlook = {p["action"]: p["status"] for p in scotland["outlook"]}
    assert outlook["letter_of_claim"] == "not_applicable"
    assert "gb.advice.breathing_space" not in [a["id"] for a in scotland["advice"]]


@pytest.mark.parametrize(
    "kind",
    [
        "bank",
        "credit_card_issuer",
        "consumer_finance",
        "online_microlender",
        "facilitation_platform",
        "private_individual",
        "debt_buyer",
        "other",
    ],
)
def test_quick_for_every_lender_kind(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    doc = quick_json(capsys, "GB-ENG", "--lender-kind", kind)
    credit = {p["action"]: p["status"] for p in doc["outlook"]}["credit_report"]
    assert credit == ("not_applicable" if kind == "private_individual" else "likely_next")


def test_bad_currency_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*QUICK[:3], "--currency", "pounds", "--days-overdue", "60", "--jurisdiction", "GB"])
    _, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and "--currency" in err


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "rules", "--jurisdiction", "GB-ENG")
    assert "gb.pap.letter_of_claim" in out and "gb.contact.unreasonable_time" in out
    out = run(capsys, "rules", "--jurisdiction", "GB-SCT")
    assert "gb.pap.letter_of_claim" not in out and "gb.contact.unreasonable_time" in out
    out = run(capsys, "explain", "gb.enforcement_agent.notice")
    assert "SI 2013/1894, reg. 6" in out and "2014-04-06" in out


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name.removesuffix(".scenario.toml"))
def test_every_scenario_meets_the_json_contract(path: Path, registry: Registry) -> None:
    result = assess(load_case(load_scenario(path).case), registry)
    first = result.to_json("en")
    assert first == assess(load_case(load_scenario(path).case), registry).to_json("en")
    doc = json.loads(first)
    assert contract_problems(doc) == []
    for a in doc["advice"]:
        assert a["title"] and a["body"] and "{" not in a["body"], a["id"]
    for f in doc["findings"]:
        assert "{" not in f["message"], f["rule"]


def test_every_citation_given_anywhere_resolves(registry: Registry) -> None:
    """Advice, factors and consequences cite only articles the data lists, with a status."""
    for path in SCENARIOS:
        result = assess(load_case(load_scenario(path).case), registry)
        cites = [c for a in result.advice for c in a.citations]
        cites += [c for p in result.outlook for c in p.citations]
        cites += [c for p in result.outlook for x in p.factors for c in x.citations]
        for part in (result.limitation, result.credit, result.exposure):
            if part is not None:
                cites += part.citations
        for f in result.findings:
            cites += f.citations
            assert set(f.citations) <= set(registry.rules[f.rule].citations), (path.name, f.rule)
        for c in cites:
            assert c.article in registry.instruments[c.instrument].articles, (path.name, c)
            assert c.status is not None, (path.name, c)
