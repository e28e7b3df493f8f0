"""A policy step that only some actors can take (``done_by``): an event of the action by
anyone else does not make the outlook say the step happened, nor satisfy a later step's
``requires``, nor announce it."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import loanoverdue_example
import pytest

from loanoverdue import Action, OutlookStatus, Registry, assess, hookimpl, load_case
from loanoverdue.law.data import DataError, load_policies

POLICY = """
[[policy]]
id = "zz.courts"
jurisdiction = "XE"
title = { en = "Only courts serve" }
lender_kinds = ["online_microlender"]

[[policy.steps]]
action = "court_service"
after_days = 120
requires = ["lawsuit"]
basis = "law"
done_by = {done_by}

[[policy.steps]]
action = "judgment"
after_days = 150
requires = ["court_service"]
basis = "law"
done_by = ["court"]
"""


def _policies(tmp_path: Path, done_by: str = '["court"]') -> Any:
    path = tmp_path / "policies.toml"
    path.write_text(POLICY.replace("{done_by}", done_by), encoding="utf-8")
    return load_policies(path)


def _registry(tmp_path: Path) -> Registry:
    module = types.ModuleType("courts_only")
    policies = _policies(tmp_path)
    module.loanoverdue_escalation_policies = hookimpl(lambda: policies)  # type: ignore[attr-defined]
    return Registry.build([loanoverdue_example, module], entry_points=False)


def test_done_by_is_read(tmp_path: Path) -> None:
    (policy,) = _policies(tmp_path)
    assert [s.done_by for s in policy.steps] == [frozenset({"court"}), frozenset({"court"})]


@pytest.mark.parametrize(
    ("value", "problem"),
    [('["bailiff"]', r"done_by\[0\]: unknown value 'bailiff'"), ("[]", "done_by: names no actor")],
)
def test_a_bad_done_by_is_an_error(tmp_path: Path, value: str, problem: str) -> None:
    with pytest.raises(DataError, match=r"policy\[0\]\.steps\[0\]\." + problem):
        _policies(tmp_path, value)


def _with_service(xe_data: dict[str, Any], actor: str, proposed: bool = False) -> Any:
    event = {
        "at": "2026-03-01T10:00:00+08:00",
        "action": "court_service",
        "actor": actor,
        "target": "borrower",
        "outcome": "delivered",
    }
    if proposed:
        event["at"] = "2026-03-20T10:00:00+08:00"
        event["proposed"] = True
    xe_data["events"].append(event)
    return load_case(xe_data)


def test_service_by_someone_else_has_not_happened(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    registry = _registry(tmp_path)
    fake = assess(_with_service(xe_data, "collection_agency"), registry)
    service = fake.prospect(Action.COURT_SERVICE)
    assert service is not None and service.status is not OutlookStatus.HAPPENED
    judgment = fake.prospect(Action.JUDGMENT)
    assert judgment is not None
    assert any(f.name == "requires" for f in judgment.factors)  # the fake service satisfies nothing


def test_service_by_the_court_has_happened(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    registry = _registry(tmp_path)
    real = assess(_with_service(xe_data, "court"), registry)
    service = real.prospect(Action.COURT_SERVICE)
    assert service is not None and service.status is OutlookStatus.HAPPENED
    judgment = real.prospect(Action.JUDGMENT)
    assert judgment is not None and not any(f.name == "requires" for f in judgment.factors)


def test_a_proposed_step_by_someone_else_announces_nothing(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    registry = _registry(tmp_path)
    fake = assess(_with_service(xe_data, "collection_agency", proposed=True), registry)
    service = fake.prospect(Action.COURT_SERVICE)
    assert service is not None and not any(f.name == "proposed" for f in service.factors)


def test_without_done_by_every_actor_counts(xe_data: dict[str, Any]) -> None:
    registry = Registry.build([loanoverdue_example], entry_points=False)
    found = assess(_with_service(xe_data, "collection_agency"), registry)
    service = found.prospect(Action.COURT_SERVICE)
    assert service is not None and service.status is OutlookStatus.HAPPENED
