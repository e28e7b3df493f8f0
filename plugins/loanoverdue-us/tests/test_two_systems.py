"""One core, two legal systems: the US pack next to another country's pack, in one
process and one registry, each case assessed under its own law."""

from __future__ import annotations

from pathlib import Path

import loanoverdue_example
import loanoverdue_us
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue import Registry
from loanoverdue.testing.strategies import cases

ROOT = Path(__file__).resolve().parents[3]
US_CASE = ROOT / "examples" / "us-agency-calls.json"
CN_CASE = ROOT / "examples" / "cn-9000-online-loan.json"
XE_CASE = ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json"


def _both(other: object, other_case: Path, other_code: str) -> None:
    registry = Registry.build([loanoverdue_us.PACK, other], entry_points=False)
    us = loanoverdue.assess(loanoverdue.load_case(US_CASE), registry)
    them = loanoverdue.assess(loanoverdue.load_case(other_case), registry)
    assert us.jurisdiction == ("US-NY", "US")
    assert them.jurisdiction[-1] == other_code
    assert us.findings and all(f.rule.startswith("us.") for f in us.findings)
    assert not any(f.rule.startswith("us.") for f in them.findings)
    assert {p.name for p in us.packs} == {"us"}
    assert "us" not in {p.name for p in them.packs}
    assert us.limitation is not None and us.limitation.period == "P3Y"


def test_with_the_china_pack() -> None:
    cn = pytest.importorskip("loanoverdue_cn")
    _both(cn.PACK, CN_CASE, "CN")


def test_with_another_pack() -> None:
    _both(loanoverdue_example, XE_CASE, "XE")


def test_installed_packs_assess_us_cases() -> None:
    result = loanoverdue.assess(loanoverdue.load_case(US_CASE))
    assert any(p.name == "us" for p in result.packs)


REGISTRY = Registry.build([loanoverdue_us.PACK], entry_points=False)


@settings(max_examples=60, deadline=None)
@given(
    cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=12)
    | cases(jurisdiction="US", timezone="America/Chicago", currency="USD", max_events=12)
    | cases(jurisdiction="US-CA", timezone="America/Los_Angeles", currency="USD", max_events=12)
)
def test_any_case_is_assessed_with_resolving_citations(case: loanoverdue.Case) -> None:
    result = loanoverdue.assess(case, REGISTRY)
    for f in result.findings:
        for c in f.citations:
            assert c.article in REGISTRY.instruments[c.instrument].articles
        f.message("en")
    for a in result.advice:
        a.render_title("en")
        a.render_body("en")
    assert result.exposure is not None and not result.exposure.criminal_possible
    # the call-frequency presumption is a violation exactly when a window holds more than 7 calls
    for f in result.findings:
        if f.rule == "us.call.frequency.seven_in_seven":
            assert (f.verdict.value == "violation") == (len(f.related) > 7)


@given(st.sampled_from(["US-NY", "US-TX", "US-MD", "US-AZ", "US"]))
def test_every_declared_state_has_a_chain(code: str) -> None:
    assert REGISTRY.chain(code)[-1] == "US"
