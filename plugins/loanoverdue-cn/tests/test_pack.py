"""The China pack's data: every citation resolves, every instrument is described, every
rule is exercised, and time versioning is consistent."""

from __future__ import annotations

import re
import string
import tomllib
import types
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import loanoverdue_cn
import pytest
from loanoverdue_cn.texts import texts

from loanoverdue import Registry, assess, load_case
from loanoverdue.errors import PluginError
from loanoverdue.hooks import hookimpl
from loanoverdue.law import Citation, Verdict
from loanoverdue.law.source import SourceStatus
from loanoverdue.model import LenderKind
from loanoverdue.testing.scenarios import load_scenario

PACK = Path(__file__).resolve().parent.parent
DATA = PACK / "src" / "loanoverdue_cn" / "data"
SCENARIOS = PACK / "tests" / "scenarios"
_RANK = {SourceStatus.VERIFIED: 0, SourceStatus.SECONDARY: 1, SourceStatus.UNVERIFIED: 2}


def data(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as f:
        return tomllib.load(f)


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.glob("*.scenario.toml"))


def all_citations(registry: Registry) -> list[tuple[str, Citation]]:
    """Every citation the pack's data makes, with where it is made."""
    out: list[tuple[str, Citation]] = []
    for rule in registry.rules.values():
        out += [(f"rule {rule.id}", c) for c in rule.citations]
    for p in registry.parameters.values():
        out += [(f"parameter {p.id}", c) for c in p.citations]
    for pol in registry.policies.values():
        for step in pol.steps:
            out += [(f"policy {pol.id} {step.action}", c) for c in step.citations]
    return out


def test_the_registry_builds_with_the_pack_alone(registry: Registry) -> None:
    pack = next(p for p in registry.packs if p.name == "cn")
    assert len(pack.rules) == len(data("rules.toml")["rule"])
    assert len(pack.instruments) == len(data("instruments.toml")["instrument"])
    assert "cn.default" in pack.policies


def test_every_citation_resolves_to_an_article_in_the_data(registry: Registry) -> None:
    found = all_citations(registry)
    assert found
    for where, c in found:
        inst = registry.instruments.get(c.instrument)
        assert inst is not None, f"{where} cites unknown instrument {c.instrument}"
        assert c.article in inst.articles, f"{where} cites {c.instrument} art. {c.article}, not in the data"
        assert c.status is not None, f"{where}: the registry did not fill in the status"


def test_a_rule_citing_a_missing_article_is_refused(registry: Registry) -> None:
    rule = registry.rules["cn.home.entry.criminal"]
    bad = attrs.evolve(rule, id="cn.test.bad", citations=(Citation("cn.criminal_law", "9999"),))

    bad_pack = types.ModuleType("bad_pack")
    bad_pack.loanoverdue_rules = hookimpl(lambda: [bad])  # type: ignore[attr-defined]
    with pytest.raises(PluginError, match="9999"):
        Registry.build([loanoverdue_cn.PACK, bad_pack], entry_points=False)


def test_explicit_citation_status_only_where_weaker_than_the_article(registry: Registry) -> None:
    for name in ("rules.toml", "parameters.toml", "policies.toml"):
        text = (DATA / name).read_text()
        for m in re.finditer(r'instrument = "([^"]+)", article = "([^"]+)", status = "([^"]+)"', text):
            inst, art, status = m.groups()
            article = registry.instruments[inst].articles[art]
            assert _RANK[SourceStatus(status)] > _RANK[article.status], (name, inst, art)


def test_every_instrument_is_described(registry: Registry) -> None:
    for inst in (i for i in registry.instruments.values() if i.id.startswith("cn.")):
        assert set(inst.title.languages) >= {"en", "zh-CN"}, inst.id
        assert inst.title.get("zh-CN") != inst.title.en, inst.id
        assert inst.issuer is not None and set(inst.issuer.languages) >= {"en", "zh-CN"}, inst.id
        if inst.period.start is None:
            # an open start must be explained
            assert inst.note and "effective_from" in inst.note, inst.id
        assert inst.articles, inst.id
        for key, art in inst.articles.items():
            assert art.summary is not None and set(art.summary.languages) >= {"en", "zh-CN"}, (inst.id, key)


def test_criminal_law_start_is_open_and_art_293_1_starts_2021_03_01(registry: Registry) -> None:
    law = registry.instruments["cn.criminal_law"]
    assert law.period.start is None
    assert law.articles["293-1"].period.start == date(2021, 3, 1)
    assert registry.rules["cn.illegal_debt.collection.criminal"].period.start == date(2021, 3, 1)
    for rid in ("cn.detention.criminal", "cn.home.entry.criminal"):
        assert registry.rules[rid].period.start is None, rid
    # violence is judged against the 2013 interpretation's "vile circumstances"
    assert registry.rules["cn.violence.criminal"].period.start == date(2013, 7, 22)


def test_psapl_versions_meet_without_gap_or_overlap(registry: Registry) -> None:
    old = registry.instruments["cn.psapl_2012"].period
    new = registry.instruments["cn.psapl_2025"].period
    assert old.end == date(2025, 12, 31) and new.start == date(2026, 1, 1)
    for rule in registry.rules.values():
        instruments = {c.instrument for c in rule.citations}
        if "cn.psapl_2012" in instruments:
            assert rule.period.end == date(2025, 12, 31), rule.id
        if "cn.psapl_2025" in instruments:
            assert rule.period.start == date(2026, 1, 1), rule.id


def test_no_rule_applies_before_the_law_it_cites(registry: Registry) -> None:
    """A rule's period lies inside the period of every article it cites, where known."""
    for rule in registry.rules.values():
        for c in rule.citations:
            inst = registry.instruments[c.instrument]
            art = inst.articles[c.article]
            start = art.period.start or inst.period.start
            end = art.period.end or inst.period.end
            if start is not None:
                assert rule.period.start is not None and rule.period.start >= start, (rule.id, c)
            if end is not None:
                assert rule.period.end is not None and rule.period.end <= end, (rule.id, c)


def test_every_rule_has_both_languages_and_the_same_placeholders(registry: Registry) -> None:
    for rule in (r for r in registry.rules.values() if r.id.startswith("cn.")):
        assert set(rule.title.languages) == {"en", "zh-CN"}, rule.id
        assert rule.note, f"{rule.id} has no note saying when it fires"
        for key, message in rule.messages.items():
            assert set(message.languages) == {"en", "zh-CN"}, (rule.id, key)
            holes = message.placeholders()
            assert holes["en"] == holes["zh-CN"], (rule.id, key)


def test_pack_texts_have_both_languages_and_the_same_placeholders() -> None:
    for key, text in texts().items():
        assert set(text.languages) == {"en", "zh-CN"}, key
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(text.get(lang)) if f} for lang in ("en", "zh-CN")
        ]
        assert fields[0] == fields[1], key


def test_english_texts_contain_no_chinese_characters(registry: Registry) -> None:
    """Chinese in an English paragraph breaks the terminal renderer's wrapping."""
    han = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    for key, text in texts().items():
        assert not han.search(text.en), key
    for rule in (r for r in registry.rules.values() if r.id.startswith("cn.")):
        for key, message in rule.messages.items():
            assert not han.search(message.en), (rule.id, key)


def test_assumption_parameters_are_labelled(registry: Registry) -> None:
    for p in (p for p in registry.parameters.values() if p.id.startswith("cn.")):
        if p.basis.value == "assumption":
            assert p.status is not SourceStatus.VERIFIED, p.id
            assert p.note, p.id
        if p.id.startswith("cn.outlook."):
            assert p.basis.value == "assumption" and p.status is SourceStatus.UNVERIFIED, p.id


def test_practice_steps_are_assumptions_and_court_steps_follow_the_law(registry: Registry) -> None:
    default = registry.policies["cn.default"]
    steps = {s.action.value: s for s in default.steps}
    assert {"home_visit", "court_service", "lawsuit", "payment_order", "judgment", "enforcement"} <= set(
        steps
    )
    assert steps["court_service"].requires == (steps["lawsuit"].action,)
    assert steps["judgment"].requires == (steps["lawsuit"].action,)
    assert steps["enforcement"].requires == (steps["judgment"].action,)
    assert not steps["payment_order"].requires
    for action in ("court_service", "judgment", "enforcement"):
        assert steps[action].basis.value == "law" and steps[action].citations
    for action in (
        "notice",
        "sms",
        "call",
        "home_visit",
        "workplace_visit",
        "agency_assignment",
        "debt_sale",
    ):
        assert steps[action].basis.value == "assumption"
    home = steps["home_visit"]
    assert home.min_amount and home.failed_contacts and home.after_days  # the factors the question turns on


def test_jurisdictions(registry: Registry) -> None:
    codes = [c for c in registry.jurisdictions if c.startswith("CN")]
    assert len(codes) == 32
    cn = registry.jurisdictions["CN"]
    assert cn.currency == "CNY" and cn.timezone == "Asia/Shanghai" and cn.parent is None
    for code in codes:
        j = registry.jurisdictions[code]
        assert set(j.name.languages) == {"en", "zh-CN"}
        if code != "CN":
            assert re.fullmatch(r"CN-[A-Z]{2}", code) and j.parent == "CN"
            assert registry.chain(code) == (code, "CN")
    assert registry.jurisdictions["CN-BJ"].name.get("zh-CN") == "北京市"
    assert registry.jurisdictions["CN-GD"].name.get("zh-CN") == "广东省"


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.name.removesuffix(".scenario.toml"))
def test_scenarios_load(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario.description, "a scenario says why it expects what it expects"


def test_every_rule_fires_in_some_scenario(registry: Registry) -> None:
    fired: dict[str, set[Verdict]] = {}
    for path in scenario_files():
        result = assess(load_case(load_scenario(path).case), registry)
        for f in result.findings:
            fired.setdefault(f.rule, set()).add(f.verdict)
    missing = sorted(set(registry.rules) - set(fired))
    assert not missing, f"rules no scenario exercises: {missing}"
    # a conditional or violation twin where the rule has one
    for rule in registry.rules.values():
        for key in rule.messages:
            if key in {v.value for v in Verdict} and key != "permitted":
                assert Verdict(key) in fired[rule.id], (rule.id, key)


def test_every_lender_kind_has_a_scenario() -> None:
    kinds = {load_scenario(p).case["loan"]["lender"]["kind"] for p in scenario_files()}
    assert kinds >= {k.value for k in LenderKind}


def test_pre_2020_demand_names_both_lines_of_art_31(registry: Registry) -> None:
    """A private loan made before 2020-08-20 is held to the 2015 line and the later one;
    the message names both and never calls the 24% line 'four times the LPR'."""
    scenario = load_scenario(SCENARIOS / "illegal-debt-demand-pre-2020.scenario.toml")
    found = assess(load_case(scenario.case), registry).findings_for(0)
    demand = next(f for f in found if f.rule == "cn.illegal_debt.demand")
    text = demand.message("en")
    assert "24.00%" in text and "12.00%" in text and "(the LPR of 2026-03-02" in text
    assert "four times the one-year LPR when the contract was made" not in text
    assert {u.id for u in demand.parameters} >= {
        "cn.interest.lpr_1y",
        "cn.interest.private_lending_2015_supported",
    }


def test_consumer_finance_findings_cite_art_57_only_for_an_agency(registry: Registry) -> None:
    """Art. 56 bars improper collection; art. 57 (the company answers for the agencies it
    hires) is cited only where a collection agency acted."""
    scenario = load_scenario(SCENARIOS / "consumer-finance-art-56-57.scenario.toml")
    result = assess(load_case(scenario.case), registry)
    cited = {
        (f.rule, f.event): {
            c.article for c in f.citations if c.instrument == "cn.consumer_finance_measures_2024"
        }
        for f in result.findings
        if f.rule.endswith(".consumer_finance")
    }
    assert cited[("cn.improper_means.consumer_finance", 0)] == {"56"}  # the company's own call
    assert cited[("cn.improper_means.consumer_finance", 1)] == {"56", "57"}
    assert cited[("cn.third_party.consumer_finance", 2)] == {"56", "57"}
