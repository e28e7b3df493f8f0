"""The columnar reader: the cases it builds are those of ``load_case``, and each bad
value is reported with the case-file path and the case-file reader's own words."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.portfolio import BadRecord, generate_book
from loanoverdue.portfolio.book import table_batches, write_parquet_book
from loanoverdue.portfolio.columns import ColumnBatch, read_batch


def batches(directory: Path, size: int = 64) -> list[ColumnBatch]:
    return [read_batch(*item) for item in table_batches(directory, batch_size=size)]


def sparse(book: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The book with optional event fields left out here and there, and every other
    optional event field given somewhere."""
    out = copy.deepcopy(book)
    for n, case in enumerate(out):
        for k, event in enumerate(case["events"]):
            if (n + k) % 3 == 0:
                for key in ("actor", "target", "outcome"):
                    event.pop(key, None)
            if (n + k) % 5 == 1:
                event["place"] = "home"
                event["purpose"] = "payment_demand"
                event["note"] = f"note {n}.{k}"
            if (n + k) % 7 == 2:
                event["conduct"] = ["threat", "insult"]
    return out


@pytest.mark.parametrize("shape", ["as generated", "sparse"])
def test_cases_are_those_of_load_case(tmp_path: Path, shape: str) -> None:
    book = list(generate_book(150, seed=5))
    if shape == "sparse":
        book = sparse(book)
    write_parquet_book(tmp_path, book, row_group_size=40)
    got = [b.case(i) for b in batches(tmp_path) for i in range(len(b.ids))]
    assert [c.id for c in got] == [d["id"] for d in book]
    assert got == [load_case(d) for d in book]
    if shape == "sparse":
        assert any(e.place is not None and e.note for c in got for e in c.events)


def test_columns_of_the_batch_are_typed(tmp_path: Path) -> None:
    book = list(generate_book(30, seed=2))
    write_parquet_book(tmp_path, book)
    (batch,) = batches(tmp_path)
    assert str(batch.today.dtype) == "datetime64[D]" and str(batch.due_date.dtype) == "datetime64[D]"
    assert batch.events.column("account").to_pylist() == [
        i for i, d in enumerate(book) for _ in d["events"]
    ]
    for i, d in enumerate(book):
        assert int(batch.event_stop[i] - batch.event_start[i]) == len(d["events"])


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set the field at ``path``; ``None`` leaves it out (a null in a Parquet book)."""

    def change(case: dict[str, Any]) -> None:
        node: Any = case
        *parents, last = path.split(".")
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        if value is None:
            del node[last]
        else:
            node[last] = value

    return change


CORRUPTIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown action": _set("events.1.action", "carrier_pigeon"),
    "unknown actor": _set("events.0.actor", "robot"),
    "unknown target": _set("events.2.target", "cat"),
    "unknown outcome": _set("events.1.outcome", "maybe"),
    "unknown place": _set("events.0.place", "moon"),
    "unknown purpose": _set("events.0.purpose", "fun"),
    "unknown conduct item": _set("events.1.conduct", ["threat", "rudeness"]),
    "blank note": _set("events.2.note", "   "),
    "missing action": _set("events.1.action", None),
    "missing time": _set("events.0.at", None),
    "event after as_of": _set("events.2.at", "2199-01-01T00:00:00+00:00"),
    "bad jurisdiction": _set("borrower.jurisdiction", "cn"),
    "bad time zone": _set("borrower.timezone", "Mars/Olympus"),
    "unknown product": _set("loan.product", "loan_shark"),
    "negative principal": _set("loan.principal", "-5"),
    "bad currency": _set("loan.currency", "yuan"),
    "due after as_of": _set("loan.due_date", "2199-01-01"),
    "unknown lender kind": _set("loan.lender.kind", "pawnshop"),
    "bad rate": _set("loan.annual_rate", "a lot"),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_bad_value_is_reported_as_the_case_file_reader_words_it(tmp_path: Path, name: str) -> None:
    book = [d for d in generate_book(40, seed=3) if len(d["events"]) >= 3][:6]
    broken = copy.deepcopy(book[2])
    CORRUPTIONS[name](broken)
    with pytest.raises(InvalidInputError) as info:
        load_case(broken)
    book[2] = broken
    write_parquet_book(tmp_path, book)
    (batch,) = batches(tmp_path)
    assert batch.bad == (BadRecord.of(broken["id"], info.value),)
    # the run goes on: every other account is read, and read right
    assert batch.ids == tuple(d["id"] for i, d in enumerate(book) if i != 2)
    assert [batch.case(i) for i in range(5)] == [load_case(d) for i, d in enumerate(book) if i != 2]


def test_a_column_of_the_wrong_type_is_an_input_error(tmp_path: Path) -> None:
    import pyarrow as pa

    book = list(generate_book(5, seed=1))
    write_parquet_book(tmp_path, book)
    ((accounts, events, after),) = list(table_batches(tmp_path))
    events = events.set_column(
        events.schema.get_field_index("proposed"), "proposed", pa.array([[1]] * len(events))
    )
    with pytest.raises(InvalidInputError, match="expected bool") as info:
        read_batch(accounts, events, after)
    assert info.value.path == "events.parquet: proposed"
