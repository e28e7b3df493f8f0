"""The renderers against golden files, in both languages: the example pack's case as
text, Markdown and JSON, and the one-line question (no events) as text. Accept a
deliberate change with ``LOANOVERDUE_UPDATE_GOLDEN=1`` and review the diff."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from loanoverdue import Registry, assess, load_case
from loanoverdue.quick import quick_case
from loanoverdue.render import render_markdown, render_text
from loanoverdue.testing.golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ["en", "zh-CN"]
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("lang", LANGS)
def test_text(registry: Registry, xe_data: dict[str, Any], lang: str) -> None:
    assert_golden(GOLDEN / f"xe-case.{lang}.txt", render_text(assess(load_case(xe_data), registry), lang))


@pytest.mark.parametrize("lang", LANGS)
def test_markdown(registry: Registry, xe_data: dict[str, Any], lang: str) -> None:
    assert_golden(GOLDEN / f"xe-case.{lang}.md", render_markdown(assess(load_case(xe_data), registry), lang))


@pytest.mark.parametrize("lang", LANGS)
def test_json(registry: Registry, xe_data: dict[str, Any], lang: str) -> None:
    assert_golden(GOLDEN / f"xe-case.{lang}.json", assess(load_case(xe_data), registry).to_json(lang))


def _quick(registry: Registry) -> Any:
    case, assumed = quick_case(
        registry, "xe", Decimal("9000"), 64, as_of=datetime.fromisoformat("2026-03-10T10:00:00+08:00")
    )
    return attrs.evolve(assess(case, registry), assumptions=assumed)


@pytest.mark.parametrize("lang", LANGS)
def test_quick_text(registry: Registry, lang: str) -> None:
    assert_golden(GOLDEN / f"xe-quick.{lang}.txt", render_text(_quick(registry), lang))


def test_english_stays_english_and_chinese_is_chinese(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    for out in (render_text(a, "en"), render_markdown(a, "en"), render_text(_quick(registry), "en")):
        assert not _CJK.search(out), _CJK.search(out)
    zh = render_text(a, "zh-CN")
    # no ISO dates or durations left for a person to decode
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", zh) and "P3Y" not in zh


def test_the_answer_comes_first_and_says_what_was_assumed(registry: Registry) -> None:
    out = render_text(_quick(registry), "en")
    lines = out.splitlines()
    assert lines[5] == "Will collectors come to your door?"
    assert lines[7] == "A home visit is unlikely for now."
    assert "The lender is assumed to be an online microlender" in out
    assert "To change it: --lender-kind (bank, credit_card_issuer," in out
    assert "No collection events were given, so none was checked." in out
    assert "No collection event raised a legal issue." not in out
