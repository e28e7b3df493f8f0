"""example-app's policy changes the outlook of the 9,000-yuan case, and says why."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest

from loanoverdue import Action, OutlookStatus, Registry, assess, load_case, load_policy
from loanoverdue.cli import main

CASE = Path(__file__).resolve().parents[3] / "examples" / "cn-9000-online-loan.json"
POLICY = files("loanoverdue_platform_example") / "policies" / "example-app.toml"


@pytest.fixture(scope="module")
def law_only() -> Registry:
    return Registry.build(only=["cn"])


@pytest.fixture(scope="module")
def with_platform() -> Registry:
    return Registry.build(only=["cn", "example-app"])


def test_policy_raises_the_home_visit_and_the_trace_shows_it(
    law_only: Registry, with_platform: Registry
) -> None:
    data = json.loads(CASE.read_text())
    data["events"] = [e for e in data["events"] if not e.get("proposed")]  # no visit announced yet
    case = load_case(data)
    default = assess(case, law_only)
    platform = assess(case, with_platform)
    before, after = default.prospect(Action.HOME_VISIT), platform.prospect(Action.HOME_VISIT)
    assert before is not None and after is not None
    assert before.policy == "cn.default" and after.policy == "platform:example-app"
    order = list(OutlookStatus)
    assert order.index(after.status) < order.index(before.status)  # likelier under the policy
    raising = [f for f in after.factors if f.name == "platform_policy" and f.direction.value == "raises"]
    assert any("clause 7.3" in f.message("en") for f in raising)  # outsourcing allowed from day 60
    assert any(t.kind == "policy" and t.id == "platform:example-app" for t in platform.trace)
    assert not any(t.kind == "policy" and t.id == "platform:example-app" for t in default.trace)


def test_the_agreement_rule_applies_only_to_the_platform_loans(with_platform: Registry) -> None:
    data = json.loads(CASE.read_text())
    found = {f.rule for f in assess(load_case(data), with_platform).findings}
    assert "example-app.contact.hours" in found
    data["loan"]["lender"]["platform"] = "another-app"
    found = {f.rule for f in assess(load_case(data), with_platform).findings}
    assert "example-app.contact.hours" not in found


def test_the_policy_file_works_without_the_pack(law_only: Registry, with_platform: Registry) -> None:
    case = load_case(CASE)
    from_file = assess(case, law_only, policies=[load_policy(POLICY)])
    from_pack = assess(case, with_platform)
    assert [(p.action, p.status, p.policy) for p in from_file.outlook] == [
        (p.action, p.status, p.policy) for p in from_pack.outlook
    ]


def test_explain_shows_terms_and_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "platform:example-app"]) == 0
    out = capsys.readouterr().out
    assert "term outsourcing: True from day 60 — example-app Loan Service Agreement, clause 7.3" in out
    assert "assumption of the policy's writer" in out


def test_a_shipped_policy_is_named_by_package_not_by_install_path(with_platform: Registry) -> None:
    """The trace reads the same wherever the pack is installed."""
    doc = json.loads(assess(load_case(CASE), with_platform).to_json())
    sources = [t["detail"]["source"] for t in doc["trace"] if t["kind"] == "policy" and "source" in t["detail"]]
    assert sources == ["loanoverdue_platform_example/policies/example-app.toml"]
