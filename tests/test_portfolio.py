"""Portfolio screening: books in (JSON lines, Parquet), Arrow tables out, bad records per
record, and every finding and account value equal to ``assess()`` account by account."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import loanoverdue
from loanoverdue.cli import main
from loanoverdue.portfolio import Account, BadRecord, generate_book, read_jsonl, screen_book
from loanoverdue.portfolio.book import read_parquet_book, write_parquet_book
from loanoverdue.portfolio.verify import differences, expected_rows

BOOK_SIZE = 160


@pytest.fixture(scope="module")
def book() -> list[dict[str, Any]]:
    return list(generate_book(BOOK_SIZE, seed=7))


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any] | str]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def table(out: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(out / name).to_pylist()
    return rows


def as_json(rows: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, default=str, sort_keys=True) for r in rows]


@pytest.mark.parametrize(("form", "workers"), [("jsonl", 1), ("parquet", 2)])
def test_screening_equals_assess_for_every_account(
    tmp_path: Path, book: list[dict[str, Any]], form: str, workers: int
) -> None:
    if form == "jsonl":
        source: Path = write_jsonl(tmp_path / "book.jsonl", book)
    else:
        source = tmp_path / "book"
        write_parquet_book(source, book, row_group_size=50)
    out = tmp_path / "out"
    summary = screen_book(source, out, workers=workers, batch_size=40)
    registry = loanoverdue.default_registry()
    want_findings: list[dict[str, Any]] = []
    want_accounts: list[dict[str, Any]] = []
    for data in book:
        f, a = expected_rows(Account(data["id"], data), registry)
        want_findings += f
        want_accounts.append(a)
    assert as_json(table(out, "accounts.parquet")) == as_json(want_accounts)
    assert as_json(table(out, "findings.parquet")) == as_json(want_findings)
    assert differences([Account(d["id"], d) for d in book], out) == []
    assert table(out, "bad_records.parquet") == []
    assert (summary.accounts, summary.bad_records) == (BOOK_SIZE, 0)
    assert sum(summary.findings.values()) == len(want_findings) > BOOK_SIZE
    # the book covers both big packs, every verdict, proposed events and several zones
    rules = {r for r, _ in summary.findings}
    assert any(r.startswith("cn.") for r in rules) and any(r.startswith("us.") for r in rules)
    assert {v for _, v in summary.findings} >= {"violation", "conditional", "info"}
    assert len({b["borrower"]["timezone"] for b in book}) >= 5


def test_every_rule_says_how_it_is_screened(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    summary = screen_book(write_jsonl(tmp_path / "b.jsonl", book[:3]), tmp_path / "out")
    registry = loanoverdue.default_registry()
    assert set(summary.rules) == set(registry.rules)
    assert set(summary.rules.values()) == {"exact"}  # JSON lines: every rule by the engine
    # a Parquet book: through the rules' shapes and counts by default
    parquet = tmp_path / "book"
    write_parquet_book(parquet, book[:3])
    columnar = screen_book(parquet, tmp_path / "out2")
    assert set(columnar.rules) == set(registry.rules)
    assert set(columnar.rules.values()) == {"exact", "vectorised"}
    assert columnar.rules["cn.contact.frequency.civil"] == "vectorised"


def test_bad_records_are_reported_and_the_run_goes_on(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    good, second = book[0], book[1]
    no_id = {k: v for k, v in book[2].items() if k != "id"}
    bad_action = json.loads(json.dumps(book[3]))
    bad_action["events"] = [{"at": "2026-01-01T10:00:00+08:00", "action": "visit"}]
    unknown_place = {**book[4], "borrower": {"jurisdiction": "ZZ", "timezone": "UTC"}}
    source = write_jsonl(
        tmp_path / "book.jsonl",
        [good, "{not json", "", "[1, 2]", second, {**second, "as_of": "x"}, no_id, bad_action, unknown_place],
    )
    out = tmp_path / "out"
    summary = screen_book(source, out)
    bad = {(r["id"], r["path"]): r["problem"] for r in table(out, "bad_records.parquet")}
    assert set(bad) == {
        ("2", ""),
        ("4", ""),
        (second["id"], "id"),
        (book[3]["id"], "events[0].action"),
        (book[4]["id"], "borrower.jurisdiction"),
    }
    assert "line 2 is not valid JSON" in bad[("2", "")]
    assert "repeats the id of the record on line 5" in bad[(second["id"], "id")]
    ids = [r["id"] for r in table(out, "accounts.parquet")]
    assert ids == [good["id"], second["id"], "7"]  # without an id, the line number names it
    assert (summary.accounts, summary.bad_records) == (3, 5)


def test_a_parquet_book_reports_orphan_events_and_disordered_accounts(
    tmp_path: Path, book: list[dict[str, Any]]
) -> None:
    a, b, c = (json.loads(json.dumps(x)) for x in book[5:8])
    stray = {"id": a["id"] + "-0", "events": [{"at": "2026-01-01T10:00:00+00:00", "action": "call"}]}
    root = tmp_path / "book"
    write_parquet_book(root, [a, stray, b, c])
    pa_ids = pq.read_table(root / "accounts.parquet").column("id").to_pylist()
    assert pa_ids == [a["id"], stray["id"], b["id"], c["id"]]
    # drop the stray account and swap the last two accounts: its events are orphans and
    # the swapped account comes out of order
    accounts = pq.read_table(root / "accounts.parquet")
    keep = pa.array([0, 3, 2])
    pq.write_table(accounts.take(keep), root / "accounts.parquet")
    records = list(read_parquet_book(root))
    bad = [r for r in records if isinstance(r, BadRecord)]
    good = [r.id for r in records if not isinstance(r, BadRecord)]
    assert good == [a["id"], c["id"]]
    # the events of b, passed by when c came first, are reported too: nothing is dropped
    assert [(r.id, r.path) for r in bad] == [(stray["id"], "events"), (b["id"], "events"), (b["id"], "id")]
    assert "sorted by id" in bad[2].problem


def test_a_parquet_book_reads_back_every_field(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    root = tmp_path / "book"
    write_parquet_book(root, book[:40])
    back = [r for r in read_parquet_book(root, batch_size=7)]
    assert all(not isinstance(r, BadRecord) for r in back)
    for original, record in zip(book[:40], back, strict=True):
        assert not isinstance(record, BadRecord)
        assert loanoverdue.load_case(record.data) == loanoverdue.load_case(original)


def test_an_unknown_column_is_an_input_error(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    root = tmp_path / "book"
    write_parquet_book(root, book[:2])
    accounts = pq.read_table(root / "accounts.parquet")
    pq.write_table(accounts.append_column("colour", pa.array(["red", "blue"])), root / "accounts.parquet")
    with pytest.raises(loanoverdue.InvalidInputError, match=r"accounts.parquet: colour: unknown column"):
        list(read_parquet_book(root))


def test_the_jsonl_reader_is_lazy(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    source = write_jsonl(tmp_path / "b.jsonl", [*book[:2], "{bad"])
    records = read_jsonl(source)
    assert next(records).id == book[0]["id"]  # read before the bad line is reached


def test_the_generator_is_deterministic() -> None:
    first = [json.dumps(c) for c in generate_book(50, seed=11)]
    assert first == [json.dumps(c) for c in generate_book(50, seed=11)]
    assert first != [json.dumps(c) for c in generate_book(50, seed=12)]
    ids = [json.loads(c)["id"] for c in first]
    assert ids == sorted(ids) and len(set(ids)) == 50


def test_the_cli_screens_a_book_with_progress_and_a_summary(
    tmp_path: Path, book: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "book.jsonl", [*book[:20], "{bad"])
    out = tmp_path / "out"
    assert main(["screen", str(source), "--out", str(out), "--batch-size", "8"]) == 0
    captured = capsys.readouterr()
    assert "21/21 records" in captured.err and "[" in captured.err
    assert "accounts screened: 20" in captured.out and "bad records: 1" in captured.out
    assert "rules: " in captured.out and " exact" in captured.out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["accounts"] == 20 and summary["bad_records"] == 1
    assert sum(n for by in summary["findings"].values() for n in by.values()) == len(
        table(out, "findings.parquet")
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["screen", "book.csv", "--out", "o"], "BOOK: "),
        (["screen", "book.jsonl", "--out", "o", "--workers", "0"], "--workers: must be at least 1"),
        (["screen", "missing.jsonl", "--out", "o"], "cannot read book"),
    ],
)
def test_the_cli_names_bad_arguments(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_core_imports_without_the_extra() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None; sys.modules['numpy'] = None\n"
        "import loanoverdue, loanoverdue.cli, loanoverdue.portfolio\n"
        "from loanoverdue.portfolio import MissingExtraError\n"
        "from loanoverdue.portfolio.book import accounts_schema\n"
        "try:\n    accounts_schema()\nexcept MissingExtraError as e:\n    print('missing:', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "missing: portfolio screening needs pyarrow" in done.stdout
    assert "loanoverdue[portfolio]" in done.stdout


def test_a_wrong_screen_shows_as_differences(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    accounts = [Account(d["id"], d) for d in book[:30]]
    out = tmp_path / "out"
    screen_book(write_jsonl(tmp_path / "b.jsonl", book[:30]), out)
    assert differences(accounts, out) == []
    findings = pq.read_table(out / "findings.parquet")
    first = findings.column("id")[0].as_py()
    pq.write_table(findings.slice(1), out / "findings.parquet")  # one finding lost
    values = pq.read_table(out / "accounts.parquet").to_pylist()
    values[-1]["days_past_due"] += 1
    pq.write_table(
        pa.Table.from_pylist(values, schema=pq.read_schema(out / "accounts.parquet")),
        out / "accounts.parquet",
    )
    assert differences(accounts, out) == [first, book[29]["id"]]


def test_workers_report_bad_parquet_records_as_one_process_does(
    tmp_path: Path, book: list[dict[str, Any]]
) -> None:
    """With workers, a Parquet book travels as Arrow tables, batch by batch: orphans at
    batch edges, disordered accounts and bad values are reported alike."""
    chosen = [json.loads(json.dumps(x)) for x in book[:30]]
    chosen[12]["loan"]["due_date"] = "2999-01-01"  # after as_of
    strays = [
        {"id": chosen[i]["id"] + "~", "events": [{"at": "2026-01-01T10:00:00+00:00", "action": "call"}]}
        for i in (4, 9, 29)  # 9 ends a batch of 10; 29 ends the book
    ]
    source = tmp_path / "book"
    cases = sorted([*chosen, *strays], key=lambda c: c["id"])
    write_parquet_book(source, cases, row_group_size=7)
    accounts = pq.read_table(source / "accounts.parquet")
    ids = accounts.column("id").to_pylist()
    order = [i for i, x in enumerate(ids) if not x.endswith("~")]
    order[20], order[21] = order[21], order[20]  # one account out of order
    pq.write_table(accounts.take(order), source / "accounts.parquet", row_group_size=7)
    one = screen_book(source, tmp_path / "one", batch_size=10)
    two = screen_book(source, tmp_path / "two", batch_size=10, workers=2)
    for name in ("findings.parquet", "accounts.parquet", "bad_records.parquet"):
        assert as_json(table(tmp_path / "two", name)) == as_json(table(tmp_path / "one", name)), name
    bad = [(r["id"], r["path"]) for r in table(tmp_path / "one", "bad_records.parquet")]
    assert sorted(bad) == sorted(
        [
            *((s["id"], "events") for s in strays),
            (chosen[12]["id"], "loan.due_date"),
            (ids[order[21]], "events"),
            (ids[order[21]], "id"),
        ]
    )
    assert (one.accounts, one.bad_records) == (two.accounts, two.bad_records) == (28, 6)


class HalfPlan:
    """A plan that answers some rules itself (from the engine, one rule at a time, as a
    columnar kernel would from columns) and leaves each pack's other rules exact only on
    that pack's accounts: the screen must still give exactly what ``assess()`` gives."""

    def __init__(self, registry: Any) -> None:
        self.registry = registry
        rules = sorted(registry.rules)
        self.vectorised = frozenset(rules[::2])
        self.exact = [r for r in rules if r not in self.vectorised]

    def methods(self) -> dict[str, str]:
        return {r: "vectorised" if r in self.vectorised else "exact" for r in self.registry.rules}

    def screen(self, batch: Any) -> Any:
        import numpy as np

        from loanoverdue.engine.screening import CONFLICT_RULE, assess_rules
        from loanoverdue.portfolio.output import finding_rows
        from loanoverdue.portfolio.seam import PlanOutcome

        found = []
        for i in range(len(batch.ids)):
            got = assess_rules(batch.case(i), self.registry, rules=self.vectorised, consequences=())
            rows = finding_rows(batch.ids[i], got)
            found.append([{k: v for k, v in r.items() if k != "id"} for r in reversed(rows)])
        packs = np.array([j.split("-")[0].lower() for j in batch.jurisdictions])
        exact: dict[str, Any] = {r: packs == r.split(".")[0] for r in self.exact}
        exact[CONFLICT_RULE] = None
        return PlanOutcome(found, exact)


def test_a_plan_s_findings_merge_with_the_engine_s_in_assess_order(
    tmp_path: Path, book: list[dict[str, Any]]
) -> None:
    source = tmp_path / "book"
    write_parquet_book(source, book, row_group_size=50)
    out = tmp_path / "out"
    summary = screen_book(source, out, plan=HalfPlan, batch_size=40)
    assert differences([Account(d["id"], d) for d in book], out) == []
    assert set(summary.rules.values()) == {"vectorised", "exact"}
    registry = loanoverdue.default_registry()
    want = [row for d in book for row in expected_rows(Account(d["id"], d), registry)[0]]
    assert as_json(table(out, "findings.parquet")) == as_json(want)


def test_the_next_lawful_contact_is_the_engine_s_first_lawful_instant(
    tmp_path: Path, book: list[dict[str, Any]]
) -> None:
    from datetime import datetime, timedelta

    from loanoverdue.portfolio.contact import next_lawful_contact
    from loanoverdue.portfolio.verify import first_lawful_contact

    sample = [dict(d) for d in book[:24]]
    # late at night in New York: the first lawful call is hours away, not the next quarter hour
    night = next(i for i, d in enumerate(sample) if d["borrower"]["timezone"] == "America/New_York")
    sample[night]["as_of"] = sample[night]["as_of"][:10] + "T23:10:00-05:00"
    source = tmp_path / "book"
    write_parquet_book(source, sample)
    out = tmp_path / "out"
    screen_book(source, out, next_contact=True)
    assert differences([Account(d["id"], d) for d in sample], out, next_contact=True) == []
    got = {r["id"]: r["next_contact"] for r in table(out, "accounts.parquet")}
    case = loanoverdue.load_case(sample[night])
    at = got[sample[night]["id"]]
    assert at is not None and at - case.as_of > timedelta(hours=1)
    assert at == next_lawful_contact(case) == first_lawful_contact(case, loanoverdue.default_registry())
    assert sum(v is not None for v in got.values()) > len(sample) // 2
    # not asked: the column is there, empty
    screen_book(source, tmp_path / "plain")
    assert {r["next_contact"] for r in table(tmp_path / "plain", "accounts.parquet")} == {None}
    assert isinstance(at, datetime)


def test_the_cli_fills_the_next_contact_when_asked(tmp_path: Path, book: list[dict[str, Any]]) -> None:
    source = tmp_path / "book"
    write_parquet_book(source, book[:6])
    assert main(["screen", str(source), "--out", str(tmp_path / "out"), "--quiet", "--next-contact"]) == 0
    assert any(r["next_contact"] is not None for r in table(tmp_path / "out", "accounts.parquet"))
