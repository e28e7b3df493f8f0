"""The command line explains itself: help in both languages with units and choices,
strict rates and currencies, standard input, proposed events, JSON errors, "did you
mean", and the letter command."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from loanoverdue.cli import main
from loanoverdue.cli_text import help_lang, parse_proposal
from loanoverdue.errors import InvalidInputError
from loanoverdue.quick import parse_rate

ROOT = Path(__file__).resolve().parent.parent
XE_CASE = str(ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json")
QUICK = ("quick", "--jurisdiction", "XE", "--amount", "9000", "--days-overdue", "64", "--as-of", "2026-03-10")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # --help and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("value", "rate"), [("36%", "0.36"), ("0.36", "0.36"), ("18 %", "0.18"), ("0", "0"), ("0%", "0")]
)
def test_rates_are_read_as_people_write_them(value: str, rate: str) -> None:
    assert str(parse_rate(value)) == rate


@pytest.mark.parametrize("value", ["36", "1", "2.5", "-0.1", "abc", "36%%"])
def test_ambiguous_or_bad_rates_are_refused(value: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_rate(value)
    assert info.value.path == "--annual-rate"


def test_a_bare_36_is_not_3600_percent(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *QUICK, "--annual-rate", "36")
    assert code == 2 and "'36' is ambiguous: write 36% for 36 percent a year" in err
    code, out, _ = run(capsys, *QUICK, "--annual-rate", "36%", "--format", "json")
    assert code == 0 and json.loads(out)["interest"]["annual_rate"] == "0.36"


def test_currency_must_be_the_jurisdictions(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *QUICK, "--currency", "USD")
    assert code == 2 and "--currency: USD is not the currency of XE" in err
    assert run(capsys, *QUICK, "--currency", "exd")[0] == 0


def test_lower_case_jurisdictions_and_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "quick", "--jurisdiction", "xe-n", "--amount", "9000", "--days-overdue", "5")
    assert code == 0 and "XE-N → XE" in out
    code, _, err = run(capsys, "quick", "--jurisdiction", "XF", "--amount", "9000", "--days-overdue", "5")
    assert code == 2 and "did you mean 'XE'" in err
    code, _, err = run(capsys, "rules", "--jurisdiction", "xe-m")
    assert code == 2 and "did you mean 'XE-N'" in err
    code, _, err = run(capsys, "explain", "xe.contact.quiet_hour")
    assert code == 2 and "did you mean 'xe.contact.quiet_hours'" in err


def test_assess_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(Path(XE_CASE).read_text()))
    code, out, _ = run(capsys, "assess", "-", "--format", "json")
    assert code == 0 and json.loads(out)["days_past_due"] == 64
    monkeypatch.setattr("sys.stdin", io.StringIO('as_of = "x"'))
    code, _, err = run(capsys, "assess", "-")
    assert code == 2 and "loanoverdue: error:" in err


def test_check_a_proposed_action(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        XE_CASE,
        "--propose",
        "action=call at=2026-03-10T21:30+08:00 target=borrower actor=collection_agency",
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["event"] == 6 and doc["verdict"] == "violation"
    assert {f["rule"] for f in doc["findings"]} >= {"xe.contact.quiet_hours"}
    code, _, err = run(capsys, "check", XE_CASE, "--propose", "action=call at=soon")
    assert code == 2 and "--propose.at:" in err


def test_parse_proposal() -> None:
    assert parse_proposal("action=call at=2026-03-16T21:30+08:00 conduct=threat,insult") == {
        "action": "call",
        "at": "2026-03-16T21:30+08:00",
        "conduct": ["threat", "insult"],
        "proposed": True,
    }
    for spec, path in [("action=call", "--propose.at"), ("color=red", "--propose.color"), ("call", "--propose")]:
        with pytest.raises(InvalidInputError) as info:
            parse_proposal(spec)
        assert info.value.path == path


def test_check_on_a_case_without_events_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads(Path(XE_CASE).read_text())
    data["events"] = []
    path = tmp_path / "no-events.json"
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, "check", str(path), "--event", "0")
    assert code == 2 and "the case has no events" in err and "--propose" in err


def test_errors_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *QUICK, "--annual-rate", "36", "--format", "json")
    assert code == 2 and err == ""
    assert json.loads(out)["error"]["path"] == "--annual-rate"
    code, out, _ = run(capsys, "check", XE_CASE, "--event", "42", "--format", "json")
    assert code == 2 and json.loads(out) == {
        "error": {"path": "--event", "problem": "no event 42; the case has 6 (0–5)"}
    }


def test_letter_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "letter", XE_CASE, "--kind", "complaint", "--lang", "zh-CN")
    assert code == 0 and out.startswith("致催收监察专员的投诉信")
    code, out, _ = run(capsys, "letter", XE_CASE, "--kind", "complaint", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    code, _, err = run(capsys, "letter", XE_CASE, "--kind", "complain")
    assert code == 2 and "did you mean 'complaint'" in err and "its letters: complaint" in err


@pytest.mark.parametrize("command", ["assess", "quick", "check", "letter", "rules", "explain", "packs", "serve"])
def test_every_option_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    from loanoverdue.cli import build_parser

    parser = build_parser("en")
    sub = next(a for a in parser._actions if a.dest == "command")
    for action in sub.choices[command]._actions:  # type: ignore[attr-defined]
        assert action.help, (command, action.dest)
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "usage: loanoverdue" in out


def test_help_texts_give_units_and_choices(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "quick", "--help")
    flat = " ".join(out.split())
    assert "a percentage (36%) or a fraction below 1 (0.36)" in flat
    assert "ISO 4217 currency" in flat and "days since the first missed due date" in flat
    assert "private_individual" in flat


@pytest.mark.parametrize("args", [("--help",), ("quick", "--help"), ("letter", "--help")])
def test_chinese_help_is_chinese(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, *args, "--lang", "zh-CN")
    assert code == 0 and out.startswith("用法：")
    assert "show this help" not in out and "options:" not in out and "选项" in out
    prose = re.sub(r"[-A-Za-z0-9_.,/|:{}()'\[\]…%]+", "", out)  # what is left once options and values are gone
    assert _CJK.search(prose)


def test_help_language_from_the_locale() -> None:
    assert help_lang(["--help"], {"LANG": "zh_CN.UTF-8"}) == "zh-CN"
    assert help_lang(["--help"], {"LANG": "en_US.UTF-8"}) == "en"
    assert help_lang(["--lang=zh-CN"], {}) == "zh-CN" and help_lang(["--lang", "en"], {"LANG": "zh_CN"}) == "en"


@pytest.mark.parametrize(
    "args",
    [("rules", "--lang", "zh-CN"), ("explain", "xe.contact.quiet_hours", "--lang", "zh-CN"), ("packs", "--lang", "zh-CN")],
)
def test_chinese_output_is_chinese(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, *args)
    assert code == 0
    for word in ("pack:", "jurisdiction:", "weight:", "in force:", "rules:", "from day", "since a date"):
        assert word not in out, word


def test_quick_shows_what_it_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, *QUICK, "--format", "json")
    doc: dict[str, Any] = json.loads(out)
    assert [x["field"] for x in doc["assumptions"]] == [
        "loan.lender.kind",
        "loan.product",
        "loan.due_date",
        "borrower.timezone",
    ]
    _, out, _ = run(capsys, *QUICK, "--lender-kind", "bank", "--product", "installment", "--timezone", "Asia/Shanghai", "--format", "json")
    assert [x["field"] for x in json.loads(out)["assumptions"]] == ["loan.due_date"]
