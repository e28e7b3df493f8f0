"""``assess()`` works out the findings at once and the rest when first read; platform
steps are judged in the assessment's own state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import loanoverdue
from loanoverdue.engine import context, evaluate

ROOT = Path(__file__).resolve().parent.parent
CN_CASE = ROOT / "examples" / "cn-9000-online-loan.json"


def _case() -> loanoverdue.Case:
    return loanoverdue.load_case(json.loads(CN_CASE.read_text()))


def test_the_rest_is_worked_out_once_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = evaluate._the_rest

    def counted(*args: Any) -> dict[str, object]:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(evaluate, "_the_rest", counted)
    result = loanoverdue.assess(_case())
    assert result.findings and calls == []
    outlook = result.outlook
    assert len(calls) == 1
    assert result.advice and result.trace and result.packs and result.instruments
    assert result.outlook is outlook and len(calls) == 1
    assert result.limitation is not None


def test_lazy_and_worked_out_assessments_write_the_same_json() -> None:
    first = loanoverdue.assess(_case())
    _ = first.trace  # worked out before the JSON is asked for
    assert first.to_json() == loanoverdue.assess(_case()).to_json()


def test_platform_steps_share_the_assessments_state(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    real = context.CaseState.__init__

    def counted(self: context.CaseState, *args: Any, **kwargs: Any) -> None:
        made.append(args[0])
        real(self, *args, **kwargs)

    monkeypatch.setattr(context.CaseState, "__init__", counted)
    result = loanoverdue.assess(_case())
    assert result.case.loan.lender.platform == "example-app"
    assert len(made) == 1  # one state for the case; each step extends it
