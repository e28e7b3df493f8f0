"""The command line with the inputs that once crashed it: exit status 2 and one line
on stderr naming what is wrong, never a traceback (a byte-order mark and braces in a
policy note are fine, and work)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loanoverdue.cli import main

ROOT = Path(__file__).resolve().parent.parent
CN_CASE = ROOT / "examples" / "cn-9000-online-loan.json"
POLICY = (
    ROOT / "plugins/loanoverdue-platform-example/src/loanoverdue_platform_example/policies/example-app.toml"
)


def case_file(tmp_path: Path, change: Callable[[dict[str, Any]], str | None], suffix: str = ".json") -> str:
    data = json.loads(CN_CASE.read_text())
    text = change(data)
    path = tmp_path / f"case{suffix}"
    path.write_text(json.dumps(data) if text is None else text, encoding="utf-8")
    return str(path)


def policy_file(tmp_path: Path, old: str, new: str) -> str:
    text = POLICY.read_text()
    assert old in text
    path = tmp_path / "policy.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def _due_9999(d: dict[str, Any]) -> None:
    d["as_of"] = "9999-12-31T00:00:00+08:00"
    d["loan"]["due_date"] = "9999-12-30"
    d["events"] = []


CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "huge integer": (
        lambda t: ["assess", case_file(t, lambda d: json.dumps(d).replace('"9000"', "9" * 5000, 1))],
        "loan.principal: an integer of 5,000 digits is too long",
    ),
    "deep JSON": (
        lambda t: ["assess", case_file(t, lambda d: '{"events": ' + "[" * 100_000 + "]" * 100_000 + "}")],
        "nested too deeply",
    ),
    "deep TOML": (
        lambda t: ["assess", case_file(t, lambda d: "events = " + "[" * 5000 + "]" * 5000 + "\n", ".toml")],
        "nested too deeply",
    ),
    "event in year 1": (
        lambda t: ["assess", case_file(t, lambda d: d["events"][0].update(at="0001-01-01T00:00:00+14:00"))],
        "events[0].at: 0001-01-01T00:00:00+14:00 is outside the dates accepted",
    ),
    "as_of in 9999": (
        lambda t: ["assess", case_file(t, lambda d: d.update(as_of="9999-12-31T00:00:00+08:00"))],
        "as_of: 9999-12-31T00:00:00+08:00 is outside the dates accepted",
    ),
    "--as-of 9999": (
        lambda t: ["assess", str(CN_CASE), "--as-of", "9999-12-31"],
        "--as-of: 9999-12-31T23:59:59 is outside the dates accepted",
    ),
    "due in 9999 with a policy": (
        lambda t: ["assess", case_file(t, _due_9999), "--policy", str(POLICY)],
        "is outside the dates accepted",
    ),
    "quick --days-overdue 99999999": (
        lambda t: ["quick", "--jurisdiction", "CN", "--amount", "9000", "--days-overdue", "99999999"],
        "--days-overdue: 99,999,999 days before",
    ),
    "amount 1e9999999": (
        lambda t: ["assess", case_file(t, lambda d: d["loan"].update(outstanding="1e9999999"))],
        "loan.outstanding: '1e9999999' is too large",
    ),
    "amount 1e999999999": (
        lambda t: ["assess", case_file(t, lambda d: d["loan"].update(outstanding="1e999999999"))],
        "loan.outstanding: '1e999999999' is too large",
    ),
    "quick --amount 1e999999999": (
        lambda t: ["quick", "--jurisdiction", "CN", "--amount", "1e999999999", "--days-overdue", "9"],
        "--amount: '1e999999999' is not an amount",
    ),
    "policy after_days": (
        lambda t: [
            "assess",
            str(CN_CASE),
            "--policy",
            policy_file(t, "after_days = 120", "after_days = 3000000"),
        ],
        "schedule[5].after_days: expected a whole number from 0 to 36,525",
    ),
    "policy requires": (
        lambda t: [
            "assess",
            str(CN_CASE),
            "--policy",
            policy_file(t, 'min_amount = "3000"', 'min_amount = "3000"\nrequires = 5'),
        ],
        "schedule[5].requires: expected a list of actions",
    ),
    "policy nested arrays": (
        lambda t: [
            "assess",
            str(CN_CASE),
            "--policy",
            policy_file(t, 'clause = "9.1"', 'clause = "9.1"\nnote = ' + "[" * 5000 + "]" * 5000),
        ],
        "nested too deeply",
    ),
    "key given twice": (
        lambda t: ["assess", case_file(t, lambda d: json.dumps(d)[:-1] + ', "loan": {}}')],
        "loan: the key is given twice",
    ),
    "event not a table": (
        lambda t: ["assess", case_file(t, lambda d: d.update(events=["x"]))],
        "events[0]: expected a table (JSON object) of event fields, got the string 'x'",
    ),
    "lender not a table": (
        lambda t: ["assess", case_file(t, lambda d: d["loan"].update(lender="x"))],
        "loan.lender: expected a table (JSON object) of lender fields",
    ),
    "long time zone": (
        lambda t: ["assess", case_file(t, lambda d: d["borrower"].update(timezone="A" * 100_000))],
        "borrower.timezone: unknown IANA time zone 'AAA",
    ),
    "check --event of a bad file": (
        lambda t: ["check", case_file(t, lambda d: d.update(events=[[]])), "--event", "0"],
        "events[0]: expected a table (JSON object) of event fields, got a list",
    ),
}
if Path("/dev/zero").exists():
    CASES["policy /dev/zero"] = (
        lambda t: ["assess", str(CN_CASE), "--policy", "/dev/zero"],
        "/dev/zero: larger than the 1 MB a policy file may have",
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_exits_2_with_one_short_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = CASES[name]
    code = main(make(tmp_path))
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.startswith("loanoverdue: error: ") and err.count("\n") == 1, err[:300]
    assert message in err, err[:300]
    assert len(err) < 700
    assert "Traceback" not in err and "site-packages" not in err and "Errno" not in err


def test_a_byte_order_mark_and_braces_in_a_note_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + CN_CASE.read_bytes())
    policy = policy_file(
        tmp_path, "Clause 7.4 allows visits but sets no day; day 75 is the writer's estimate.", "{x}{0}}{"
    )
    for fmt in ("text", "markdown", "json"):
        code = main(["assess", str(bom), "--policy", policy, "--format", fmt])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert "{x}{0}}{" in (out if fmt != "json" else json.dumps(json.loads(out), ensure_ascii=False))


def test_no_traceback_from_a_fresh_process(tmp_path: Path) -> None:
    """The same in a process of its own (nothing printed before main() runs)."""
    deep = case_file(tmp_path, lambda d: '{"events": ' + "[" * 100_000 + "]" * 100_000 + "}")
    for args in (
        ["assess", deep],
        ["quick", "--jurisdiction", "CN", "--amount", "9", "--days-overdue", "99999999"],
    ):
        done = subprocess.run([sys.executable, "-m", "loanoverdue", *args], capture_output=True, text=True)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
