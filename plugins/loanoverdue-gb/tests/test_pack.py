"""The England & Wales pack as data: it builds on its own, every citation resolves to an
article of its own instruments and carries that article's status, the rule conventions of
``data/rules.toml`` hold, and the scenarios cover every rule (firing and not), every lender
kind and every actor."""

from __future__ import annotations

from pathlib import Path

import loanoverdue_gb
import pytest
from loanoverdue_gb.parties import CREDITOR_SIDE

from loanoverdue import Registry
from loanoverdue.law import Basis, Citation, Instrument, Scope, SourceStatus
from loanoverdue.law.data import load_instruments, load_parameters, load_policies
from loanoverdue.model import Actor, LenderKind
from loanoverdue.testing import load_scenario

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted((HERE / "scenarios").glob("*.scenario.toml"))
DATA = Path(loanoverdue_gb.__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def instruments() -> dict[str, Instrument]:
    return {i.id: i for i in load_instruments(DATA / "instruments.toml")}


def _resolves(c: Citation, instruments: dict[str, Instrument]) -> bool:
    inst = instruments.get(c.instrument)
    return inst is not None and c.article in inst.articles


def test_builds_alone(registry: Registry) -> None:
    (pack,) = registry.packs
    assert pack.name == "gb"
    assert registry.chain("GB-ENG") == ("GB-ENG", "GB-EAW", "GB")
    assert registry.chain("GB-WLS") == ("GB-WLS", "GB-EAW", "GB")
    assert registry.chain("GB-SCT") == ("GB-SCT", "GB")
    assert registry.jurisdictions["GB"].currency == "GBP"
    assert len(registry.rules) == 21
    assert all(r.jurisdiction in ("GB", "GB-EAW") for r in registry.rules.values())


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
            bad += [f"policy {policy.id}/{step.action}: {c}" for c in step.citations if not _resolves(c, instruments)]
    assert not bad


def test_citations_carry_the_articles_status(registry: Registry, instruments: dict[str, Instrument]) -> None:
    for rule in registry.rules.values():
        for c in rule.citations:
            assert c.status is instruments[c.instrument].articles[c.article].status, (rule.id, c)


def test_articles_whose_number_was_not_read_say_so(instruments: dict[str, Instrument]) -> None:
    """A rule read without its number is keyed by section and topic, never by a number."""
    conc = instruments["gb.fca.conc"]
    unnumbered = [key for key in conc.articles if "(" in key]
    assert unnumbered == ["7.9 (contact times)", "7.9 (third-party disclosure)", "7.9 (visits)"]
    for key in unnumbered:
        summary = conc.articles[key].summary
        assert summary is not None and "number" in summary.en, key
    for fact in ("7.9.4", "7.9.6", "7.9.14"):  # numbers believed but not read: not cited
        assert fact not in conc.articles


def test_every_instrument_says_how_it_is_cited(instruments: dict[str, Instrument]) -> None:
    for inst in instruments.values():
        assert inst.citation is not None, inst.id
    assert instruments["gb.fca.conc"].cite_text("7.9.12") == "CONC 7.9.12"
    assert instruments["gb.cca_1974"].cite_text("87(1)") == "Consumer Credit Act 1974, s. 87(1)"
    assert instruments["gb.tcg_regs_2013"].cite_text("6") == "SI 2013/1894, reg. 6"
    assert instruments["gb.breathing_space_regs_2020"].cite_text("11") == "SI 2020/1311, reg. 11"
    assert instruments["gb.limitation_act_1980"].cite_text("29(7)") == "Limitation Act 1980, s. 29(7)"
    assert (
        instruments["gb.sct.prescription_1973"].cite_text("s. 6")
        == "Prescription and Limitation (Scotland) Act 1973, s. 6"
    )


def test_credit_file_periods_are_practice_not_law(instruments: dict[str, Instrument], registry: Registry) -> None:
    cra = instruments["gb.cra_retention"]
    assert cra.layer.value == "self_regulatory" and cra.status is SourceStatus.SECONDARY
    (param,) = [p for p in load_parameters(DATA / "parameters.toml") if p.id == "gb.credit.retention_years"]
    assert param.basis is Basis.SELF_REGULATORY


def test_the_contact_hours_are_an_overridable_assumption() -> None:
    params = {p.id: p for p in load_parameters(DATA / "parameters.toml")}
    for pid in ("gb.contact.reasonable_start", "gb.contact.reasonable_end", "gb.contact.frequency_max_7d"):
        assert params[pid].basis is Basis.ASSUMPTION, pid
        assert params[pid].status is SourceStatus.UNVERIFIED, pid
    # the enforcement agents' hours are law
    for pid in ("gb.enforcement.hours_start", "gb.enforcement.hours_end"):
        assert params[pid].basis is Basis.LAW, pid


def test_rule_notes_and_messages(registry: Registry) -> None:
    for rule in registry.rules.values():
        assert rule.note, rule.id
        for key, text in rule.messages.items():
            assert text.en.strip(), (rule.id, key)


def test_actor_filters_follow_the_conventions(registry: Registry) -> None:
    """CONC and court rules list the creditor side; Breathing Space adds enforcement
    agents; the Taking Control of Goods rules concern enforcement agents only."""
    agents = frozenset({Actor.ENFORCEMENT_AGENT})
    for rule in registry.rules.values():
        if rule.scope is Scope.CASE:
            continue
        assert rule.actors is not None, rule.id
        if rule.id.startswith("gb.breathing_space."):
            assert rule.actors == CREDITOR_SIDE | agents, rule.id
        elif rule.id.startswith("gb.enforcement_agent."):
            assert rule.actors == agents, rule.id
        else:
            assert rule.actors == CREDITOR_SIDE, rule.id


def test_england_and_wales_law_is_not_applied_to_scotland_or_plain_gb(registry: Registry) -> None:
    eaw = {r.id for r in registry.rules.values() if r.jurisdiction == "GB-EAW"}
    assert eaw == {
        "gb.pap.letter_of_claim",
        "gb.breathing_space.contact",
        "gb.breathing_space.enforcement",
        "gb.enforcement_agent.hours",
        "gb.enforcement_agent.notice",
        "gb.enforcement_agent.judgment",
    }
    for code in ("GB", "GB-SCT"):
        chain = registry.chain(code)
        assert not eaw & {r.id for r in registry.rules.values() if r.jurisdiction in chain}


# -- scenario coverage -----------------------------------------------------------------


def _scenarios() -> list[tuple[str, dict[str, object], dict[str, object]]]:
    out = []
    for path in SCENARIOS:
        scenario = load_scenario(path)
        assert scenario.packs == ("gb",), path.name
        out.append((path.name, dict(scenario.case), dict(scenario.expect)))
    return out


def test_every_rule_fires_in_a_scenario_and_is_quiet_in_another(registry: Registry) -> None:
    fired: set[str] = set()
    quiet: set[str] = set()
    for _name, _case, expect in _scenarios():
        listed = {f["rule"] for f in expect.get("findings", [])}  # type: ignore[attr-defined]
        fired |= {
            f["rule"]
            for f in expect.get("findings", [])  # type: ignore[attr-defined]
            if f.get("verdict", "violation") != "permitted"
        }
        quiet |= set(expect.get("absent", []))  # type: ignore[arg-type]
        quiet |= {f["rule"] for f in expect.get("absent_findings", [])}  # type: ignore[attr-defined]
        if expect.get("only_listed_findings"):
            quiet |= set(registry.rules) - listed
    assert set(registry.rules) - fired == set()
    assert set(registry.rules) - quiet == {"gb.coverage.conc"}  # it always speaks


def test_every_lender_kind_and_actor_has_a_scenario() -> None:
    kinds: set[str] = set()
    actors: set[str] = set()
    for _name, case, _expect in _scenarios():
        kinds.add(case["loan"]["lender"]["kind"])  # type: ignore[index]
        actors |= {e.get("actor", "unknown") for e in case.get("events", [])}  # type: ignore[attr-defined]
    assert kinds == {k.value for k in LenderKind}
    assert actors == {a.value for a in Actor}


def test_the_limitation_of_each_system_has_a_scenario() -> None:
    seen = set()
    for _name, case, expect in _scenarios():
        if "limitation" in expect:
            seen.add(case["borrower"]["jurisdiction"])  # type: ignore[index]
    assert {"GB-ENG", "GB-WLS", "GB-SCT"} <= seen


def test_the_rule_catalogue_has_a_gb_page_in_its_toctree(registry: Registry) -> None:
    import importlib.util
    import sys

    extension = HERE.parents[2] / "docs" / "_ext" / "rule_catalogue.py"
    spec = importlib.util.spec_from_file_location("rule_catalogue", extension)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rule_catalogue"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    (page,) = module.collect_catalogue(registry)
    assert page.code == "GB" and page.slug == "gb"
    assert page.codes == ["GB", "GB-EAW", "GB-SCT", "GB-ENG", "GB-WLS"]
    assert {r.jurisdiction for r in page.rules} == {"GB", "GB-EAW"}
    assert len(page.rules) == len(registry.rules)
    index = module._index_source([page])
    assert ".. toctree::" in index and "\n   gb\n" in index
    source = module._page_source(page)
    assert ".. catalogue-rules:: GB-EAW" in source and ".. catalogue-parameters:: GB-SCT" in source
