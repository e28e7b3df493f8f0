from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from loanoverdue.cli import main

ROOT = Path(__file__).resolve().parent.parent
XE_CASE = str(ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_text_json_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", XE_CASE)
    assert code == 0 and "What the collectors did, against the law" in out
    code, out, _ = run(capsys, "assess", XE_CASE, "--format", "json", "--lang", "zh-CN")
    assert code == 0 and json.loads(out)["lang"] == "zh-CN"
    code, out, _ = run(capsys, "assess", XE_CASE, "--format", "markdown")
    assert code == 0 and out.startswith("# Assessment of an overdue loan")


def test_assess_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", XE_CASE, "--format", "json", "--as-of", "2026-02-02")
    assert code == 0 and json.loads(out)["days_past_due"] == 28


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("assess", "/no/such.json"), "cannot read case file"),
        (("assess", XE_CASE, "--as-of", "yesterday"), "--as-of: 'yesterday' is not an ISO 8601"),
        (
            ("quick", "--jurisdiction", "FR", "--amount", "9000", "--days-overdue", "60"),
            "no installed rule pack covers 'FR'",
        ),
        (
            ("quick", "--jurisdiction", "XE", "--amount", "-5", "--days-overdue", "60"),
            "--amount: -5 is negative",
        ),
        (
            ("quick", "--jurisdiction", "XE", "--amount", "9000", "--days-overdue", "-1"),
            "--days-overdue: must not be negative",
        ),
        (
            (
                "quick",
                "--jurisdiction",
                "XE",
                "--amount",
                "9000",
                "--days-overdue",
                "9",
                "--lender-kind",
                "loan_shark",
            ),
            "kind: unknown value 'loan_shark'",
        ),
        (("check", XE_CASE, "--event", "42"), "--event: no event 42"),
        (("explain", "no.such.rule"), "no installed pack declares rule or policy 'no.such.rule'"),
        (("assess",), "the following arguments are required: CASE"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2  # argparse adds a usage line; ours is one line


def test_quick_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "quick",
        "--jurisdiction",
        "XE",
        "--amount",
        "9000",
        "--days-overdue",
        "60",
        "--as-of",
        "2026-03-10T10:00:00+08:00",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["days_past_due"] == 60 and data["stage"] == "middle"


def test_check_rules_explain_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", XE_CASE, "--event", "4", "--format", "json")
    assert code == 0 and json.loads(out)["verdict"] == "violation"
    assert run(capsys, "check", XE_CASE, "--event", "4", "--strict")[0] == 1
    code, out, _ = run(capsys, "check", XE_CASE, "--event", "0")
    assert code == 0 and "permitted" in out
    code, out, _ = run(capsys, "rules", "--jurisdiction", "XE", "--format", "json")
    assert {r["id"] for r in json.loads(out)} >= {"xe.threat", "xe.disclosure"}
    code, out, _ = run(capsys, "explain", "xe.contact.quiet_hours")
    assert code == 0 and "XE-N (assumption, unverified)" in out
    code, out, _ = run(capsys, "packs")
    assert code == 0 and "example 0.1.0 (loanoverdue-example)" in out


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "loanoverdue", "rules", "--jurisdiction", "XE"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "xe.threat" in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "loanoverdue", "assess", "missing.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_explain_shows_the_source_of_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    """The law and the code that applies it, side by side: where the check is defined and
    its lines, named by module (never by install path)."""
    code, out, _ = run(capsys, "explain", "xe.contact.quiet_hours")
    assert code == 0
    assert "loanoverdue_example.checks.quiet_hours (line " in out
    assert '    | @check("xe.contact.quiet_hours")' in out
    assert "    | def quiet_hours(ctx: EventContext) -> Hit | None:" in out
    assert "/plugins/" not in out and "site-packages" not in out


def test_explain_shows_a_shaped_rule_s_clauses(capsys: pytest.CaptureFixture[str]) -> None:
    """A rule whose test is data shows its clauses, in order, instead of a function."""
    code, out, _ = run(capsys, "explain", "cn.home.photographed.psapl_2012")
    assert code == 0
    assert "shape in rules.toml (the first clause that holds gives the finding)" in out
    assert "    | 1. conduct disclosure, public_shaming -> violation" in out
    assert "    | 2. any event -> conditional" in out


def test_explain_shows_a_counting_rule_s_count(capsys: pytest.CaptureFixture[str]) -> None:
    """A rule whose test is a count shows the count instead of a function."""
    code, out, _ = run(capsys, "explain", "cn.contact.frequency.civil")
    assert code == 0
    assert "count in rules.toml (events counted against a limit)" in out
    assert (
        "count events (actions call, instant_message, sms; actors collection_agency, debt_buyer, "
        "enforcement_agent, law_firm, lender, unknown; targets borrower; initiated_by collector) "
        "per window of cn.contact.frequency_window_days local days; "
        "count > cn.contact.frequency_limit_per_day -> violation with count, start, end, limit, days"
    ) in out
