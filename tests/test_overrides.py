"""Overrides: a parameter value set for one assessment, marked as such everywhere."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

import pytest

from loanoverdue import InvalidInputError, Registry, assess, check_event, load_case
from loanoverdue.cli import main

from .conftest import XE_CASE


def _trace(a: Any, pid: str) -> list[dict[str, Any]]:
    return [t for t in json.loads(a.to_json())["trace"] if t["kind"] == "parameter" and t["id"] == pid]


def test_an_override_changes_the_finding_and_is_marked(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    plain = assess(case, registry)
    night = [f for f in plain.findings if f.rule == "xe.contact.quiet_hours"]
    assert night, "the example case has a call in quiet hours"
    # quiet hours from 23:59: the night call is no longer in them
    moved = assess(case, registry, overrides={"xe.contact.quiet_start": "23:59"})
    assert not [f for f in moved.findings if f.rule == "xe.contact.quiet_hours" and f.event == night[0].event]
    (entry,) = _trace(moved, "xe.contact.quiet_start")
    assert entry["detail"]["overridden"] is True
    assert entry["detail"]["value"] == "23:59:00"
    assert entry["detail"]["pack_value"] == "20:00:00"
    assert entry["detail"]["basis"] == "assumption"
    (original,) = _trace(plain, "xe.contact.quiet_start")
    assert "overridden" not in original["detail"]


def test_a_finding_on_an_overridden_value_lists_it(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    moved = assess(case, registry, overrides={"xe.contact.quiet_start": time(19, 0)})
    doc = json.loads(moved.to_json())
    rested = [
        p
        for f in doc["findings"]
        if f["rule"] == "xe.contact.quiet_hours"
        for p in f["parameters"]
        if p["id"] == "xe.contact.quiet_start"
    ]
    assert rested and all(p["overridden"] is True and p["basis"] == "assumption" for p in rested)
    plain = json.loads(assess(case, registry).to_json())
    assert all("overridden" not in p for f in plain["findings"] for p in f["parameters"])


def test_check_event_agrees_with_assess_under_overrides(registry: Registry, xe_data: dict[str, Any]) -> None:
    case = load_case(xe_data)
    overrides = {"xe.contact.quiet_start": "19:00", "xe.contact.quiet_end": "09:00"}
    full = assess(case, registry, overrides=overrides)
    for i in range(len(case.events)):
        assert check_event(case, i, registry, overrides=overrides) == full.findings_for(i)


def test_an_override_does_not_leak_into_later_assessments(
    registry: Registry, xe_data: dict[str, Any]
) -> None:
    case = load_case(xe_data)
    before = assess(case, registry).to_json()
    changed = assess(case, registry, overrides={"xe.outlook.agency_after_days": 1}).to_json()
    assert changed != before
    assert assess(case, registry).to_json() == before


@pytest.mark.parametrize(
    ("overrides", "path", "problem"),
    [
        ({"xe.nope": "1"}, "overrides.xe.nope", "no parameter"),
        ({"xe.contact.quiet_start": "late"}, "overrides.xe.contact.quiet_start", "type time"),
        ({"xe.outlook.agency_after_days": "3.5"}, "overrides.xe.outlook.agency_after_days", "type int"),
        ({"xe.outlook.agency_after_days": True}, "overrides.xe.outlook.agency_after_days", "type int"),
    ],
)
def test_bad_overrides_name_the_parameter(
    registry: Registry, xe_data: dict[str, Any], overrides: dict[str, object], path: str, problem: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        assess(load_case(xe_data), registry, overrides=overrides)
    assert info.value.path == path
    assert problem in info.value.problem


@pytest.mark.parametrize(
    "option",
    ["xe.contact.quiet_start", "=21:00", "xe.nope=1"],
)
def test_cli_set_errors_are_one_line(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    import loanoverdue_example

    from loanoverdue.registry import set_default_registry

    previous = set_default_registry(Registry.build([loanoverdue_example], entry_points=False))
    try:
        assert main(["assess", str(XE_CASE), "--set", option]) == 2
    finally:
        set_default_registry(previous)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_set_overrides(capsys: pytest.CaptureFixture[str]) -> None:
    import loanoverdue_example

    from loanoverdue.registry import set_default_registry

    previous = set_default_registry(Registry.build([loanoverdue_example], entry_points=False))
    try:
        assert (
            main(["assess", str(XE_CASE), "--format", "json", "--set", "xe.contact.quiet_start=23:59"]) == 0
        )
    finally:
        set_default_registry(previous)
    doc = json.loads(capsys.readouterr().out)
    assert any(t["detail"].get("overridden") for t in doc["trace"] if t["kind"] == "parameter")
