"""The question as a person asks it, through the command line: `quick` and `assess` on the
project's demo case, in Chinese and English, with the JSON contract."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from loanoverdue import Registry, assess, load_case
from loanoverdue.cli import main
from loanoverdue.testing import contract_problems

PACK = Path(__file__).resolve().parent.parent
EXAMPLE = PACK.parent.parent / "examples" / "cn-9000-online-loan.json"
SCENARIO = PACK / "tests" / "scenarios" / "example-cn-9000-online-loan.scenario.toml"
QUICK = ("quick", "--jurisdiction", "CN", "--amount", "9000", "--days-overdue", "60")
AS_OF = ("--as-of", "2026-03-01T12:00:00+08:00")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def check_contract(doc: dict[str, Any]) -> None:
    """The assessment JSON contract, and what this pack adds to it."""
    assert contract_problems(doc) == []
    for f in doc["findings"]:
        for c in f["citations"]:
            assert c["title"]
    for p in doc["outlook"]:
        for x in p["factors"]:
            assert x["explanation"]
    if doc["limitation"] is not None:
        assert {"period", "starts", "interrupted_by", "expires", "expired"} <= set(doc["limitation"])
    if doc["credit"] is not None:  # null before the credit-reporting regulation (2013-03-15)
        assert {"reported", "retained_until", "rule"} <= set(doc["credit"])
    assert {"annual_rate", "cap", "cap_basis", "excess"} <= set(doc["interest"])
    assert {"criminal_possible", "conditions", "citations"} <= set(doc["exposure"])
    for a in doc["advice"]:
        assert a["title"] and a["body"] and "{" not in a["body"]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_quick_answers_the_question(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    # the text wrapped back into one line: where a line breaks is not what is tested
    out = re.sub(r"\n +", "" if lang == "zh-CN" else " ", run(capsys, *QUICK, *AS_OF, "--lang", lang))
    if lang == "zh-CN":
        for needle in (
            "上门催收: 不太可能",
            "法院送达",
            "不开门",
            "110",
            "12368",
            "永久保留",
            "不是犯罪",
            "《民法典》",
        ):
            assert needle in out, needle
    else:
        for needle in ("home visit: unlikely", "court service of documents", "need not open the door", "110"):
            assert needle in out, needle
        assert "not a crime" in out and "Civil Code" in out


def test_quick_json_has_the_home_visit_and_court_service_prospects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = json.loads(run(capsys, *QUICK, *AS_OF, "--format", "json", "--lang", "zh-CN"))
    check_contract(doc)
    outlook = {p["action"]: p for p in doc["outlook"]}
    home = outlook["home_visit"]
    assert home["status"] == "unlikely" and home["basis"] == "assumption" and home["earliest"] == "2026-03-31"
    names = {x["name"] for x in home["factors"]}
    assert {"days_overdue", "amount_overdue", "failed_contacts", "platform_policy"} <= names
    court = outlook["court_service"]
    assert court["basis"] == "law" and any(x["name"] == "requires" for x in court["factors"])
    ids = [a["id"] for a in doc["advice"]]
    assert ids[:2] == ["cn.advice.next", "cn.advice.door"]


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
    doc = json.loads(run(capsys, *QUICK, *AS_OF, "--lender-kind", kind, "--format", "json"))
    check_contract(doc)


def test_the_demo_case_and_its_scenario_are_the_same() -> None:
    with open(SCENARIO, "rb") as f:
        scenario = tomllib.load(f)["case"]
    demo = json.loads(EXAMPLE.read_text())

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    assert norm(scenario) == norm(demo)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_demo_reads_well(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    out = run(capsys, "assess", str(EXAMPLE), "--lang", lang)
    assert "{" not in out.replace("{}", "")  # no unfilled placeholder
    assert "art. general" not in out and "第general条" not in out
    if lang == "zh-CN":
        assert "向家人透露" in out and "上门" in out
        assert "《个人信息保护法》第6条" in out
    else:
        assert "Personal Information Protection" in out or "PIPL" in out


def test_the_demo_json_is_the_contract_and_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "assess", str(EXAMPLE), "--format", "json", "--lang", "zh-CN")
    second = run(capsys, "assess", str(EXAMPLE), "--format", "json", "--lang", "zh-CN")
    assert first == second
    doc = json.loads(first)
    check_contract(doc)
    assert doc["jurisdiction"] == ["CN-BJ", "CN"]
    assert doc["limitation"]["interrupted_by"] == [0, 1, 3]
    assert doc["credit"]["retained_until"] is None and doc["credit"]["rule"]
    assert doc["interest"]["cap"] == "0.24" and doc["interest"]["excess"] is False
    assert doc["exposure"]["criminal_possible"] is False


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "rules", "--jurisdiction", "CN-GD")
    assert "cn.illegal_debt.collection.criminal" in out
    out = run(capsys, "explain", "cn.illegal_debt.collection.criminal", "--lang", "zh-CN")
    assert "第293条之一" in out and "2021年3月1日" in out  # Chinese output writes both the Chinese way


def test_the_demo_with_the_china_pack_alone(registry: Registry) -> None:
    """Without a platform policy for example-app, the visit rests on this pack's assumptions."""
    result = assess(load_case(EXAMPLE), registry)
    assert {(f.rule, f.verdict.value, f.event) for f in result.findings} == {
        ("cn.contact.quiet_hours", "conditional", 5),
        ("cn.contact.quiet_hours.self_regulatory", "conditional", 5),
        ("cn.third_party.disclosure.civil", "violation", 6),
        ("cn.third_party.disclosure.pipl", "violation", 6),
        ("cn.privacy.disclosure.psapl_2025", "conditional", 6),
        ("cn.soft_violence.criminal", "conditional", 6),
        ("cn.home_visit.peaceful", "conditional", 7),
    }
    home = result.prospect("home_visit")
    # the visit is announced for 2026-03-25: the likeliest next step, on that day
    assert home is not None and home.status.value == "likely_next" and home.basis.value == "assumption"
    assert home.earliest is not None and home.earliest.isoformat() == "2026-03-25"
    assert {f.name for f in home.factors} >= {
        "days_overdue",
        "amount_overdue",
        "failed_contacts",
        "platform_policy",
        "proposed",
    }


SCENARIOS = sorted((PACK / "tests" / "scenarios").glob("*.scenario.toml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name.removesuffix(".scenario.toml"))
def test_every_scenario_meets_the_json_contract_in_both_languages(path: Path, registry: Registry) -> None:
    from loanoverdue.testing.scenarios import load_scenario

    result = assess(load_case(load_scenario(path).case), registry)
    for lang in ("zh-CN", "en"):
        doc = json.loads(result.to_json(lang))
        check_contract(doc)
        assert doc["lang"] == lang


def test_every_citation_given_anywhere_resolves(registry: Registry) -> None:
    """Advice, factors and consequences cite only articles the data lists."""
    from loanoverdue.testing.scenarios import load_scenario

    for path in SCENARIOS:
        result = assess(load_case(load_scenario(path).case), registry)
        cites = [c for a in result.advice for c in a.citations]
        cites += [c for p in result.outlook for c in p.citations]
        cites += [c for p in result.outlook for x in p.factors for c in x.citations]
        for part in (result.limitation, result.credit, result.exposure):
            if part is not None:
                cites += part.citations
        if result.interest is not None:
            cites += result.interest.cap_basis
        for c in cites:
            assert c.article in registry.instruments[c.instrument].articles, (path.name, c)
            assert c.status is not None, (path.name, c)


#: The rules added for the 2025 PSAPL, its 2012 counterparts, the civil layer before the
#: Civil Code and the 2019 soft-violence opinion: explain shows each one's law verbatim.
NEW_RULES = (
    "cn.threat.psapl_2025",
    "cn.insult.psapl_2025",
    "cn.violence.psapl_2012",
    "cn.violence.psapl_2025",
    "cn.detention.psapl_2025",
    "cn.home.entry.psapl_2025",
    "cn.home.refused_to_leave.psapl_2025",
    "cn.home.photographed.psapl_2025",
    "cn.public_shaming.psapl_2025",
    "cn.privacy.disclosure.psapl_2012",
    "cn.privacy.disclosure.psapl_2025",
    "cn.impersonation.psapl_2012",
    "cn.impersonation.psapl_2025",
    "cn.forged_document.psapl_2012",
    "cn.forged_document.psapl_2025",
    "cn.privacy.tort_2010",
    "cn.privacy.tort_2017",
    "cn.reputation.general_principles",
    "cn.reputation.tort_2010",
    "cn.reputation.tort_2017",
    "cn.reputation.civil",
    "cn.soft_violence.criminal",
    "cn.violence.criminal",
)


@pytest.mark.parametrize("rule_id", NEW_RULES)
def test_explain_shows_the_quoted_article_its_status_and_period(
    capsys: pytest.CaptureFixture[str], registry: Registry, rule_id: str
) -> None:
    rule = registry.rules[rule_id]
    out = run(capsys, "explain", rule_id)
    assert f"in force:     {rule.period}" in out
    for c in rule.citations:
        inst = registry.instruments[c.instrument]
        article = inst.articles[c.article]
        assert article.quote, (rule_id, c)
        assert f"text: “{article.quote}”" in out
        assert f"{inst.cite_text(c.article)} [{c.status.value}]" in out if c.status else False
        assert str(inst.period) in out
