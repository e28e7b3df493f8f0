"""Scenario tests: a case and the results expected of it, in one TOML file.

pytest collects every ``*.scenario.toml`` file (this module is registered as a pytest
plugin by the ``loanoverdue`` distribution). A scenario file::

    title = "Night call and disclosure to family"
    description = "..."            # optional
    packs = ["example"]             # optional: assess with only these installed packs
                                    # (entry-point names); default: every installed pack

    [case]                          # the case, in the case-file format (TOML)
    as_of = 2026-03-10T10:00:00+08:00
    ...

    [expect]
    days_past_due = 64              # optional, each
    stage = "middle"
    findings = [                    # must be present (rule, verdict, event)
      { rule = "xe.contact.quiet_hours", verdict = "violation", event = 1 },
    ]
    only_listed_findings = false    # true: no other finding may appear
    absent = ["xe.threat"]          # rules that must not fire at all
    absent_findings = [             # (rule, event) pairs that must not appear
      { rule = "xe.contact.quiet_hours", event = 0 },
    ]
    none = ["interest"]             # consequences that must be null
    outlook = { home_visit = "unlikely", lawsuit = "possible" }
    advice = ["xe.advice.complain"] # advice ids that must be given
    no_advice = []                  # advice ids that must not be given
    letters = ["complaint"]         # letter kinds that must be written
    no_letters = []                 # letter kinds that must not be
    limitation = { expires = 2029-02-05, expired = false, interrupted_by = [0, 5] }
    credit = { reported = true }
    interest = { cap = "0.12", excess = true }
    exposure = { criminal_possible = false }
    messages_contain = { "zh-CN" = ["禁止时段"] }   # text that must appear in messages

Each scenario runs the installed packs through :func:`loanoverdue.assess`, renders the
JSON in English and in every language of ``messages_contain``, and checks it against the
assessment contract (:mod:`loanoverdue.testing.contract`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from loanoverdue.errors import InvalidInputError, LoanOverdueError
from loanoverdue.law.data import read_toml
from loanoverdue.strict import EMPTY, Reader, Record, ShownWording

__all__ = ["Scenario", "ScenarioFailure", "load_scenario", "run_scenario"]


class _Finding(Record):
    """An expected finding: ``{rule, verdict, event}``."""

    rule: str
    verdict: str = "violation"
    event: int | None = None


class _Absent(Record):
    """A finding that must not appear: ``{rule, event}``, optionally with ``verdict``."""

    rule: str
    event: int | None = None
    verdict: str | None = None


class _Expect(Record):
    """The ``[expect]`` table: every expectation is optional."""

    days_past_due: int | None = None
    stage: str | None = None
    findings: tuple[_Finding, ...] = ()
    only_listed_findings: bool = False
    absent: tuple[str, ...] = ()
    absent_findings: tuple[_Absent, ...] = ()
    none: tuple[str, ...] = ()
    outlook: Mapping[str, str] = EMPTY
    advice: tuple[str, ...] = ()
    no_advice: tuple[str, ...] = ()
    letters: tuple[str, ...] = ()
    no_letters: tuple[str, ...] = ()
    limitation: Mapping[str, Any] = EMPTY
    credit: Mapping[str, Any] = EMPTY
    interest: Mapping[str, Any] = EMPTY
    exposure: Mapping[str, Any] = EMPTY
    messages_contain: Mapping[str, tuple[str, ...]] = EMPTY


class _ScenarioFile(Record):
    """A scenario file as written (the case is read when the scenario runs)."""

    title: str
    case: Mapping[str, Any]
    expect: _Expect
    description: str | None = None
    packs: tuple[str, ...] | None = None


_READER = Reader(wording=ShownWording(list_keys=True))


class ScenarioFailure(AssertionError):
    """A scenario's expectations were not met; the message lists every mismatch."""


@attrs.frozen
class Scenario:
    """A scenario file's contents."""

    path: str
    title: str
    case: Mapping[str, Any]
    expect: Mapping[str, Any]
    description: str | None = None
    packs: tuple[str, ...] | None = None


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file: an unknown key, a missing one or a value of the
    wrong type anywhere is an :class:`~loanoverdue.errors.InvalidInputError` naming the
    file and the key path (``expect.findings[0].rule``), so a typo cannot silently
    disable a check. The case is read when the scenario runs."""
    name, data = read_toml(Path(path))
    try:
        _READER.structure(data, _ScenarioFile)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{name}: {exc.path}" if exc.path else name, exc.problem) from None
    packs = data.get("packs")
    return Scenario(
        name,
        data["title"],
        data["case"],
        data["expect"],
        data.get("description"),
        None if packs is None else tuple(packs),
    )


_REGISTRIES: dict[tuple[str, ...], Any] = {}


def _registry_for(packs: tuple[str, ...]) -> Any:
    from loanoverdue.registry import Registry

    found = _REGISTRIES.get(packs)
    if found is None:
        found = _REGISTRIES[packs] = Registry.build(only=packs)
    return found


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, Decimal):
        return Decimal(expected) == actual
    if isinstance(expected, date) and isinstance(actual, date):
        return expected == actual
    if isinstance(expected, list) and isinstance(actual, tuple):
        return list(actual) == expected
    return bool(expected == actual)


def run_scenario(scenario: Scenario, registry: Any = None) -> list[str]:
    """Assess the scenario's case; return the list of mismatches (empty when it passes)."""
    from loanoverdue import assess, load_case

    case = load_case(scenario.case)
    if registry is None and scenario.packs is not None:
        registry = _registry_for(scenario.packs)
    result = assess(case, registry)
    exp = scenario.expect
    problems: list[str] = []
    if "days_past_due" in exp and exp["days_past_due"] != result.days_past_due:
        problems.append(f"days_past_due: expected {exp['days_past_due']}, got {result.days_past_due}")
    if "stage" in exp and exp["stage"] != result.stage.value:
        problems.append(f"stage: expected {exp['stage']}, got {result.stage.value}")
    got = {(f.rule, f.verdict.value, f.event) for f in result.findings}
    listed = set()
    for item in exp.get("findings", []):
        key = (item["rule"], item.get("verdict", "violation"), item.get("event"))
        listed.add(key)
        if key not in got:
            problems.append(f"finding missing: {key}")
    if exp.get("only_listed_findings"):
        for key in sorted(got - listed, key=str):
            problems.append(f"unexpected finding: {key}")
    fired = {f.rule for f in result.findings}
    for rule in exp.get("absent", []):
        if rule in fired:
            problems.append(f"rule {rule} fired but should not")
    for item in exp.get("absent_findings", []):
        hits = [f for f in result.findings if f.rule == item["rule"] and f.event == item.get("event")]
        if "verdict" in item:
            hits = [f for f in hits if f.verdict.value == item["verdict"]]
        if hits:
            problems.append(f"finding should be absent: {item}")
    for part in exp.get("none", []):
        if part not in ("limitation", "credit", "interest", "exposure"):
            problems.append(f"none: {part!r} is not a consequence")
        elif getattr(result, part) is not None:
            problems.append(f"{part}: expected none, got {getattr(result, part)!r}")
    for action, status in exp.get("outlook", {}).items():
        p = result.prospect(action)
        actual = None if p is None else p.status.value
        if actual != status:
            problems.append(f"outlook {action}: expected {status}, got {actual}")
    given = {a.id for a in result.advice}
    for advice_id in exp.get("advice", []):
        if advice_id not in given:
            problems.append(f"advice missing: {advice_id}")
    for advice_id in exp.get("no_advice", []):
        if advice_id in given:
            problems.append(f"advice given but should not be: {advice_id}")
    written = {x.kind for x in result.letters}
    for kind in exp.get("letters", []):
        if kind not in written:
            problems.append(f"letter missing: {kind} (written: {', '.join(sorted(written)) or 'none'})")
    for kind in exp.get("no_letters", []):
        if kind in written:
            problems.append(f"letter written but should not be: {kind}")
    for part in ("limitation", "credit", "interest", "exposure"):
        if part not in exp:
            continue
        value = getattr(result, part)
        if value is None:
            problems.append(f"{part}: expected a result, got none")
            continue
        for key, expected in exp[part].items():
            actual = getattr(value, key)
            if not _same(expected, actual):
                problems.append(f"{part}.{key}: expected {expected!r}, got {actual!r}")
    import json

    from loanoverdue.testing.contract import contract_problems

    for lang in sorted({"en", *exp.get("messages_contain", {})}):
        text = result.to_json(lang)
        problems.extend(f"contract ({lang}): {p}" for p in contract_problems(json.loads(text)))
        for needle in exp.get("messages_contain", {}).get(lang, ()):
            if needle not in text:
                problems.append(f"{lang} output lacks {needle!r}")
    return problems


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        problems = run_scenario(self.scenario)
        if problems:
            raise ScenarioFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (ScenarioFailure, LoanOverdueError)):
            return f"scenario {self.scenario.title!r} ({self.scenario.path}):\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.scenario.title}"


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[ScenarioItem]:
        scenario = load_scenario(self.path)
        yield ScenarioItem.from_parent(
            self, name=self.path.name.removesuffix(".scenario.toml"), scenario=scenario
        )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> ScenarioFile | None:
    """Collect ``*.scenario.toml`` files as scenario tests."""
    if file_path.name.endswith(".scenario.toml"):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None
