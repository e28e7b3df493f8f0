"""The law goes on when a text is replaced: a rule of an amended or repealed instrument
(PSAPL 2012 -> 2025; 民法通则, 民法总则, 侵权责任法 -> Civil Code) that ends has a successor
rule starting the next day, or its note says why none exists; a rule that starts with the
replacing text names its predecessor, or says why none exists. And no finding of weight
``criminal`` is a mere ``info``: a reader takes the weight for the verdict."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from loanoverdue import Registry, assess, load_case
from loanoverdue.law import Instrument, Rule, Verdict, Weight
from loanoverdue.testing.scenarios import load_scenario

SCENARIOS = Path(__file__).resolve().parent / "scenarios"

_SUCCESSOR = re.compile(r"\bSuccessor: (cn\.[a-z0-9_.]+[a-z0-9_])")
_PREDECESSOR = re.compile(r"\bPredecessor: (cn\.[a-z0-9_.]+[a-z0-9_])")
_NONE_AFTER = re.compile(r"\bNo successor: \S")
_NONE_BEFORE = re.compile(r"\bNo predecessor: \S")


def _cn_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.id.startswith("cn.")]


def replaced(registry: Registry) -> dict[str, list[Instrument]]:
    """Instrument id -> the instruments it replaced: those of its jurisdiction and layer
    whose period ends the day before it starts (PSAPL 2025 replaced the 2012 text; the
    Civil Code replaced 民法通则, 民法总则 and 侵权责任法)."""
    out: dict[str, list[Instrument]] = {}
    instruments = [i for i in registry.instruments.values() if i.id.startswith("cn.")]
    for new in instruments:
        start = new.period.start
        if start is None:
            continue
        out[new.id] = [
            old
            for old in instruments
            if old.period.end == start - timedelta(days=1)
            and old.layer is new.layer
            and old.jurisdiction == new.jurisdiction
        ]
    return {k: v for k, v in out.items() if v}


def continuity_problems(registry: Registry) -> list[str]:
    """What breaks the chain of rules across a change of text (empty when none does)."""
    problems = []
    rules = {r.id: r for r in _cn_rules(registry)}
    for rule in rules.values():
        end = rule.period.end
        if end is None:
            continue
        note = rule.note or ""
        named = _SUCCESSOR.findall(note)
        if not named and not _NONE_AFTER.search(note):
            problems.append(f"{rule.id} ends on {end} with no 'Successor: <rule>' nor 'No successor: <why>'")
        for sid in named:
            successor = rules.get(sid)
            if successor is None:
                problems.append(f"{rule.id}: successor {sid} is not a rule")
            elif successor.period.start != end + timedelta(days=1):
                problems.append(
                    f"{rule.id} ends {end} but its successor {sid} starts {successor.period.start}"
                )
            elif successor.scope is not rule.scope:
                problems.append(f"{rule.id}: successor {sid} is a {successor.scope.value} rule")
    replacing = replaced(registry)
    for rule in rules.values():
        start = rule.period.start
        cited = {c.instrument for c in rule.citations}
        new = [i for i in cited if i in replacing and registry.instruments[i].period.start == start]
        if not new:
            continue
        note = rule.note or ""
        named = _PREDECESSOR.findall(note)
        if not named and not _NONE_BEFORE.search(note):
            problems.append(
                f"{rule.id} starts with {new[0]} on {start} with no 'Predecessor: <rule>' nor 'No predecessor: <why>'"
            )
        for pid in named:
            predecessor = rules.get(pid)
            if predecessor is None:
                problems.append(f"{rule.id}: predecessor {pid} is not a rule")
            elif start is None or predecessor.period.end != start - timedelta(days=1):
                problems.append(
                    f"{rule.id} starts {start} but its predecessor {pid} ends {predecessor.period.end}"
                )
    return problems


def test_the_replaced_texts_are_known(registry: Registry) -> None:
    found = {k: sorted(i.id for i in v) for k, v in replaced(registry).items()}
    assert found["cn.psapl_2025"] == ["cn.psapl_2012"]
    assert found["cn.credit_card_crime_interpretation"] == ["cn.credit_card_crime_interpretation_2009"]
    assert found["cn.civil_code"] == [
        "cn.general_principles_civil_law_1986",
        "cn.general_provisions_civil_law_2017",
        "cn.tort_liability_law_2009",
    ]


def test_every_rule_of_a_replaced_text_has_a_successor_or_says_why_not(registry: Registry) -> None:
    assert continuity_problems(registry) == []


def test_every_2012_rule_is_continued_by_a_2025_rule(registry: Registry) -> None:
    """The PSAPL in particular: no 2012 rule ends without a 2025 successor."""
    for rule in _cn_rules(registry):
        if any(c.instrument == "cn.psapl_2012" for c in rule.citations):
            (sid,) = _SUCCESSOR.findall(rule.note or "")
            successor = registry.rules[sid]
            assert successor.period.start == date(2026, 1, 1), rule.id
            assert all(c.instrument == "cn.psapl_2025" for c in successor.citations), sid


@pytest.mark.parametrize(
    ("rule_id", "note", "problem"),
    [
        ("cn.threat.psapl_2012", "Repeated threats.", "ends on 2025-12-31 with no 'Successor"),
        ("cn.threat.psapl_2012", "Successor: cn.no_such.rule.", "successor cn.no_such.rule is not a rule"),
        (
            "cn.threat.psapl_2012",
            "Successor: cn.reputation.civil.",
            "its successor cn.reputation.civil starts 2021",
        ),
        ("cn.privacy.tort_2017", "Tort.", "ends on 2020-12-31 with no 'Successor"),
        ("cn.threat.psapl_2025", "Threats.", "starts with cn.psapl_2025 on 2026-01-01 with no 'Predecessor"),
        (
            "cn.reputation.civil",
            "Reputation.",
            "starts with cn.civil_code on 2021-01-01 with no 'Predecessor",
        ),
        ("cn.contact.quiet_hours", "Night calls.", "starts with cn.civil_code on 2021-01-01"),
    ],
)
def test_the_continuity_check_fails_on_a_gap(
    registry: Registry, rule_id: str, note: str, problem: str
) -> None:
    broken = attrs.evolve(registry.rules[rule_id], note=note)
    rules = {**registry.rules, rule_id: broken}

    class View:
        """The registry with one rule's note replaced."""

        def __getattr__(self, name: str) -> object:
            return rules if name == "rules" else getattr(registry, name)

    assert any(problem in p for p in continuity_problems(View()))  # type: ignore[arg-type]


# -- weight criminal is never a mere info ------------------------------------------------


def test_no_criminal_rule_has_an_info_message(registry: Registry) -> None:
    for rule in _cn_rules(registry):
        if rule.weight is Weight.CRIMINAL:
            assert Verdict.INFO.value not in rule.messages, rule.id
            assert not any(k.startswith("info_") for k in rule.messages), rule.id


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.glob("*.scenario.toml")), ids=lambda p: p.name.split(".")[0]
)
def test_no_scenario_has_an_info_finding_of_weight_criminal(registry: Registry, path: Path) -> None:
    result = assess(load_case(load_scenario(path).case), registry)
    for f in result.findings:
        assert not (f.verdict is Verdict.INFO and f.weight is Weight.CRIMINAL), (path.name, f.rule, f.event)
