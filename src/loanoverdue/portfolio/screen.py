"""Screening a book: every account assessed, its findings and values written as Arrow
tables, bad records reported, a summary at the end.

The book is streamed in batches of accounts: a reader yields records lazily, a batch is
screened (in this process or by one of ``workers`` processes, each with its own
registry) and written as one row group of each output table before the next is held,
so memory is bounded by the batch (and the ``2 * workers`` batches in flight), not the
book. Results keep the book's order whatever the number of workers.

Every rule runs through the exact engine (:func:`loanoverdue.assess`) for every account:
:func:`rule_methods` says so per rule, and the summary carries it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

import attrs

from loanoverdue.engine import assess
from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.portfolio.output import ResultWriter, account_row, finding_rows, result_tables
from loanoverdue.portfolio.records import BadRecord, Record, read_jsonl
from loanoverdue.registry import Registry, default_registry

__all__ = [
    "BatchResult",
    "Progress",
    "Summary",
    "open_book",
    "rule_methods",
    "screen_batch",
    "screen_book",
    "screen_records",
]

#: How a rule is screened: ``"exact"`` -- by the engine, account by account.
EXACT = "exact"

#: Called after each batch with (records done, records in the book or None, summary so far).
Progress = Callable[[int, "int | None", "Summary"], None]


@attrs.frozen
class BatchResult:
    """The rows of one screened batch (plain values: they cross process boundaries)."""

    findings: list[dict[str, Any]]
    accounts: list[dict[str, Any]]
    bad: list[BadRecord]


@attrs.frozen
class Summary:
    """What a screening run did: accounts screened, findings by (rule, verdict), bad
    records, wall time, and how each rule of the registry was screened."""

    accounts: int = 0
    bad_records: int = 0
    findings: Mapping[tuple[str, str], int] = attrs.field(factory=dict)
    seconds: float = 0.0
    rules: Mapping[str, str] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (findings as ``{rule: {verdict: n}}``)."""
        by_rule: dict[str, dict[str, int]] = {}
        for (rule, verdict), n in sorted(self.findings.items()):
            by_rule.setdefault(rule, {})[verdict] = n
        return {
            "accounts": self.accounts,
            "bad_records": self.bad_records,
            "findings": by_rule,
            "seconds": round(self.seconds, 3),
            "rules": dict(sorted(self.rules.items())),
        }


def rule_methods(registry: Registry) -> dict[str, str]:
    """How each rule of ``registry`` is screened, by rule id."""
    return {rule_id: EXACT for rule_id in registry.rules}


def screen_batch(records: Iterable[Record], registry: Registry) -> BatchResult:
    """Screen a batch of records with ``registry``: each good record's case is assessed
    by the engine; a record whose case is invalid becomes a bad record."""
    findings: list[dict[str, Any]] = []
    accounts: list[dict[str, Any]] = []
    bad: list[BadRecord] = []
    for record in records:
        if isinstance(record, BadRecord):
            bad.append(record)
            continue
        try:
            assessment = assess(load_case(record.data), registry)
        except InvalidInputError as error:
            bad.append(BadRecord.of(record.id, error))
            continue
        findings.extend(finding_rows(record.id, assessment))
        accounts.append(account_row(record.id, assessment))
    return BatchResult(findings, accounts, bad)


def open_book(source: str | Path, *, batch_size: int = 4096) -> tuple[Iterator[Record], int | None]:
    """The records of a book and their number where known: a ``.jsonl`` file (JSON
    lines), or a directory holding ``accounts.parquet`` and ``events.parquet``."""
    path = Path(source)
    if path.is_dir():
        from loanoverdue.portfolio.book import ACCOUNTS_FILE, EVENTS_FILE, accounts_count, read_parquet_book

        for name in (ACCOUNTS_FILE, EVENTS_FILE):
            if not (path / name).is_file():
                raise InvalidInputError("BOOK", f"{str(path)!r} has no {name}")

        return read_parquet_book(path, batch_size=batch_size), accounts_count(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        records = read_jsonl(path)  # opens the file, or names why it cannot
        with open(path, encoding="utf-8") as f:
            total = sum(1 for line in f if line.strip())
        return records, total
    raise InvalidInputError(
        "BOOK",
        f"{str(path)!r} is neither a .jsonl file nor a directory with accounts.parquet and events.parquet",
    )


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while batch := list(islice(it, size)):
        yield batch


#: What a worker screens: a batch of records, or (accounts, events, after) Arrow tables
#: of a Parquet book (see :func:`~loanoverdue.portfolio.book.table_batches`).
WorkItem = list[Record] | tuple[Any, Any, "str | None"]


@attrs.frozen
class _Done:
    """A screened batch as it comes back from a worker: Arrow tables and counts."""

    records: int
    accounts: int
    bad: int
    findings: tuple[tuple[str, str, int], ...]
    tables: tuple[Any, Any, Any]


def _screen_item(item: WorkItem, registry: Registry) -> _Done:
    if isinstance(item, tuple):
        from loanoverdue.portfolio.book import merge_records

        accounts, events, after = item
        records: list[Record] = list(merge_records(accounts.to_pylist(), events.to_pylist(), after))
    else:
        records = item
    result = screen_batch(records, registry)
    counts = Counter((f["rule"], f["verdict"]) for f in result.findings)
    return _Done(
        len(records),
        len(result.accounts),
        len(result.bad),
        tuple((r, v, n) for (r, v), n in sorted(counts.items())),
        result_tables(result.findings, result.accounts, result.bad),
    )


_WORKER_REGISTRY: Registry | None = None


def _init_worker(factory: Callable[[], Registry]) -> None:
    global _WORKER_REGISTRY
    _WORKER_REGISTRY = factory()


def _screen_in_worker(item: WorkItem) -> _Done:
    assert _WORKER_REGISTRY is not None
    return _screen_item(item, _WORKER_REGISTRY)


def _results(
    items: Iterator[WorkItem], registry: Registry | Callable[[], Registry], workers: int
) -> Iterator[_Done]:
    """Each screened item, in the book's order."""
    if workers <= 1:
        reg = registry if isinstance(registry, Registry) else registry()
        for item in items:
            yield _screen_item(item, reg)
        return
    if isinstance(registry, Registry):
        raise ValueError(
            "with workers > 1, pass a function that builds the registry (each process builds its own)"
        )
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(registry,)) as pool:
        window: list[Future[_Done]] = []
        for item in items:
            window.append(pool.submit(_screen_in_worker, item))
            if len(window) >= 2 * workers:
                yield window.pop(0).result()
        for future in window:
            yield future.result()


def _screen_items(
    items: Iterator[WorkItem],
    out: str | Path,
    registry: Registry | Callable[[], Registry] | None,
    workers: int,
    total: int | None,
    progress: Progress | None,
) -> Summary:
    start = time.perf_counter()
    chosen: Registry | Callable[[], Registry] = default_registry if registry is None else registry
    methods = rule_methods(chosen if isinstance(chosen, Registry) else chosen())
    accounts = bad = done = 0
    findings: Counter[tuple[str, str]] = Counter()
    with ResultWriter(out) as writer:
        for result in _results(items, chosen, workers):
            writer.write_tables(result.tables)
            accounts += result.accounts
            bad += result.bad
            done += result.records
            findings.update({(r, v): n for r, v, n in result.findings})
            if progress is not None:
                summary = Summary(accounts, bad, findings, time.perf_counter() - start, methods)
                progress(done if total is None else min(done, total), total, summary)
    return Summary(accounts, bad, dict(findings), time.perf_counter() - start, methods)


def screen_records(
    records: Iterable[Record],
    out: str | Path,
    *,
    registry: Registry | Callable[[], Registry] | None = None,
    workers: int = 1,
    batch_size: int = 1024,
    total: int | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Screen ``records`` and write ``findings.parquet``, ``accounts.parquet`` and
    ``bad_records.parquet`` into the directory ``out``; the run's :class:`Summary`.

    ``registry`` is a registry or a function that builds one (default: the installed
    packs); with ``workers`` > 1 it must be such a function, called once in each worker
    process. A :class:`~loanoverdue.PluginError` (a faulty pack) stops the run."""
    return _screen_items(iter(_batches(records, batch_size)), out, registry, workers, total, progress)


def screen_book(
    source: str | Path,
    out: str | Path,
    *,
    registry: Registry | Callable[[], Registry] | None = None,
    workers: int = 1,
    batch_size: int = 1024,
    progress: Progress | None = None,
) -> Summary:
    """Screen the book at ``source`` (see :func:`open_book`) into the directory ``out``
    (see :func:`screen_records`). With workers, a Parquet book travels to them as Arrow
    tables, joined into records there."""
    records, total = open_book(source, batch_size=batch_size)
    if workers > 1 and Path(source).is_dir():
        from loanoverdue.portfolio.book import table_batches

        items: Iterator[WorkItem] = iter(table_batches(source, batch_size=batch_size))
        return _screen_items(items, out, registry, workers, total, progress)
    return screen_records(
        records,
        out,
        registry=registry,
        workers=workers,
        batch_size=batch_size,
        total=total,
        progress=progress,
    )
