"""An article's quoted wording: read from the pack data, shown by ``loanoverdue explain``,
kept out of the assessment JSON."""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import loanoverdue_example
import pytest

from loanoverdue import Registry, assess, hookimpl, load_case
from loanoverdue.law.data import DataError, load_instruments

INSTRUMENT = """
[[instrument]]
id = "zz.act"
layer = "law"
title = { en = "Act" }
issuer = { en = "Parliament" }
jurisdiction = "XE"
effective_from = 2020-01-01
status = "verified"

[instrument.articles."1"]
status = "secondary"
summary = { en = "No threats." }
{quote}
"""


def _load(tmp_path: Path, quote: str) -> Any:
    path = tmp_path / "instruments.toml"
    path.write_text(INSTRUMENT.replace("{quote}", quote), encoding="utf-8")
    return load_instruments(path)


def test_the_quote_is_read_verbatim(tmp_path: Path) -> None:
    (act,) = _load(tmp_path, 'quote = "写恐吓信或者以其他方法威胁他人人身安全的"')
    assert act.articles["1"].quote == "写恐吓信或者以其他方法威胁他人人身安全的"
    (plain,) = _load(tmp_path, "")
    assert plain.articles["1"].quote is None


@pytest.mark.parametrize(
    ("line", "problem"),
    [('quote = "  "', "quote: is empty"), ("quote = 3", "quote: expected a string, got 3")],
)
def test_a_bad_quote_names_the_article(tmp_path: Path, line: str, problem: str) -> None:
    with pytest.raises(DataError, match=r"instrument\[0\]\.articles\.1\." + problem):
        _load(tmp_path, line)


QUOTE = "No collector may threaten a borrower, by word or by deed."
EXAMPLE_INSTRUMENTS = Path(loanoverdue_example.__file__).parent / "data" / "instruments.toml"


def _example_with_quotes(tmp_path: Path) -> types.ModuleType:
    """The example pack, every article of its instruments quoted (:data:`QUOTE`)."""
    text = EXAMPLE_INSTRUMENTS.read_text(encoding="utf-8")
    quoted = re.sub(r'(\[instrument\.articles\."[^"]+"\]\n)', rf'\1quote = "{QUOTE}"\n', text)
    path = tmp_path / "instruments.toml"
    path.write_text(quoted, encoding="utf-8")
    module = types.ModuleType("example_quoted")
    for name in dir(loanoverdue_example):
        if name.startswith("loanoverdue_") and name != "loanoverdue_instruments":
            setattr(module, name, getattr(loanoverdue_example, name))
    module.loanoverdue_instruments = hookimpl(lambda: load_instruments(path))  # type: ignore[attr-defined]
    return module


def test_explain_shows_the_quote_status_and_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from loanoverdue import registry as registry_module
    from loanoverdue.cli import main

    reg = Registry.build([_example_with_quotes(tmp_path)], entry_points=False)
    monkeypatch.setattr(registry_module, "default_registry", lambda: reg)
    assert main(["explain", "xe.threat"]) == 0
    out = capsys.readouterr().out
    assert f"text: “{QUOTE}”" in out
    assert "[verified]" in out and "article in force: 2024-01-01 – …" in out


def test_the_quote_stays_out_of_the_assessment_json(tmp_path: Path, xe_data: dict[str, Any]) -> None:
    plain = Registry.build([loanoverdue_example], entry_points=False)
    quoting = Registry.build([_example_with_quotes(tmp_path)], entry_points=False)
    assert quoting.instruments["xe.fair_collection_act"].articles["4"].quote == QUOTE
    case = load_case(xe_data)
    assert assess(case, quoting).to_json() == assess(case, plain).to_json()
