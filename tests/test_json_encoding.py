"""The assessment JSON is the same text whichever encoder writes it (orjson from the
``fast`` extra, or the standard library), and ``to_dict()`` hands out independent dicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loanoverdue
from loanoverdue.results import json as result_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def _stdlib(mapping: Any) -> str:
    return json.dumps(mapping, ensure_ascii=False, indent=2)


def test_the_fast_encoder_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("orjson")
    assert result_json._fast_encode is not None
    calls: list[object] = []
    real = result_json._fast_encode

    def spy(value: Any) -> str:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(result_json, "_fast_encode", spy)
    case = loanoverdue.load_case(json.loads(EXAMPLES[0].read_text()))
    loanoverdue.assess(case).to_json()
    assert len(calls) == 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_fast_and_standard_encoders_write_the_same_bytes(
    path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("orjson")
    assessment = loanoverdue.assess(loanoverdue.load_case(json.loads(path.read_text())))
    fast = assessment.to_json(lang)
    monkeypatch.setattr(result_json, "_fast_encode", None)
    slow = assessment.to_json(lang)
    assert fast == slow
    assert slow == _stdlib(assessment.to_dict(lang)) + "\n"


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_json_values)
def test_fast_encoder_matches_the_standard_library_or_refuses(value: Any) -> None:
    """Any text (control characters, U+2028, lone surrogates), any integer: orjson gives
    the standard library's bytes, or refuses with a TypeError (then the fallback writes)."""
    encode = result_json._fast_encode
    if encode is None:
        pytest.skip("orjson is not installed")
    try:
        got = encode(value)
    except TypeError:
        return
    assert got == _stdlib(value) + "\n"  # the document with its final newline


def test_to_dict_citations_are_independent_copies() -> None:
    case = loanoverdue.load_case(json.loads((ROOT / "examples" / "cn-9000-online-loan.json").read_text()))
    doc = loanoverdue.assess(case).to_dict()
    seen = [c for f in doc["findings"] for c in f["citations"]]  # type: ignore[index, union-attr]
    assert len(seen) > len({json.dumps(c, sort_keys=True) for c in seen})  # some cited twice
    assert len({id(c) for c in seen}) == len(seen)
