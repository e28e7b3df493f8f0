"""Screening a book: every account assessed, its findings and values written as Arrow
tables, bad records reported, a summary at the end.

The book is streamed in batches of accounts: a reader yields records lazily, a batch is
screened (in this process or by one of ``workers`` processes, each with its own
registry) and written as one row group of each output table before the next is held,
so memory is bounded by the batch (and the ``2 * workers`` batches in flight), not the
book. Results keep the book's order whatever the number of workers.

A Parquet book is read as columns (:mod:`loanoverdue.portfolio.columns`) and screened
through a columnar plan (:mod:`loanoverdue.portfolio.seam`): the plan's vectorised
rules for the whole batch, then the engine (:func:`~loanoverdue.engine.screening.assess_rules`:
rules and consequences, no outlook or advice) for the accounts x rules the plan leaves
exact. A JSON-lines book is read record by record and every rule runs through the engine.
:func:`rule_methods` says per rule how it is screened, and the summary carries it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import import_module
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue.engine.screening import CONFLICT_RULE, RulesAssessment, assess_rules
from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.portfolio.contact import next_lawful_contact
from loanoverdue.portfolio.output import ResultWriter, finding_rows, result_tables
from loanoverdue.portfolio.plan import ShapePlan
from loanoverdue.portfolio.records import BadRecord, Record, read_jsonl
from loanoverdue.portfolio.seam import EXACT, ColumnarPlan, ExactPlan, PlanFactory
from loanoverdue.portfolio.values import batch_days_past_due, batch_stages, values_row
from loanoverdue.registry import Registry, default_registry

if TYPE_CHECKING:
    from loanoverdue.portfolio.columns import ColumnBatch

__all__ = [
    "BatchResult",
    "Progress",
    "Summary",
    "open_book",
    "rule_methods",
    "screen_batch",
    "screen_book",
    "screen_columns",
    "screen_records",
]

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


def rule_methods(registry: Registry, plan: PlanFactory | None = None) -> dict[str, str]:
    """How each rule of ``registry`` is screened in a Parquet book with ``plan``
    (default: :class:`~loanoverdue.portfolio.plan.ShapePlan`), by rule id."""
    methods = dict((plan or ShapePlan)(registry).methods())
    return {rule_id: methods.get(rule_id, EXACT) for rule_id in registry.rules}


def _values(
    account_id: str, exact: RulesAssessment, rows: list[dict[str, Any]], registry: Registry, next_contact: bool
) -> dict[str, Any]:
    contact = next_lawful_contact(exact.case, registry) if next_contact else None
    return values_row(
        account_id, exact.case.borrower.jurisdiction, exact.days_past_due, exact.stage.value, exact, rows, contact
    )


def screen_batch(records: Iterable[Record], registry: Registry, *, next_contact: bool = False) -> BatchResult:
    """Screen a batch of records with ``registry``: each good record's case is run
    through the engine (every rule and the consequences); a record whose case is
    invalid becomes a bad record. With ``next_contact``, the account values include
    the next lawful contact time (:func:`~loanoverdue.portfolio.contact.next_lawful_contact`)."""
    findings: list[dict[str, Any]] = []
    accounts: list[dict[str, Any]] = []
    bad: list[BadRecord] = []
    for record in records:
        if isinstance(record, BadRecord):
            bad.append(record)
            continue
        try:
            exact = assess_rules(load_case(record.data), registry)
        except InvalidInputError as error:
            bad.append(BadRecord.of(record.id, error))
            continue
        rows = finding_rows(record.id, exact)
        findings.extend(rows)
        accounts.append(_values(record.id, exact, rows, registry, next_contact))
    return BatchResult(findings, accounts, bad)


def _merged(
    exact: list[dict[str, Any]], vectorised: list[dict[str, Any]], event_us: Any, first: int
) -> list[dict[str, Any]]:
    """An account's findings rows from the engine and from the plan, in the order
    ``assess()`` lists findings: about events by the event's time, rule, verdict and
    index; then about the case by rule and verdict; then the platform conflicts."""
    if not vectorised:
        return exact

    def order(row: dict[str, Any]) -> tuple[object, ...]:
        if row["rule"] == CONFLICT_RULE:
            return (2, 0, "", "", 0)
        event = row["event"]
        if event is None:
            return (1, 0, row["rule"], row["verdict"], -1)
        return (0, int(event_us[first + event]), row["rule"], row["verdict"], event)

    return sorted(exact + vectorised, key=order)


def screen_columns(
    batch: ColumnBatch, registry: Registry, plan: ColumnarPlan | None = None, *, next_contact: bool = False
) -> BatchResult:
    """Screen a batch read as columns: the vectorised rules of ``plan`` (default: a
    :class:`~loanoverdue.portfolio.plan.ShapePlan` of ``registry``) for the whole batch, the engine for each account on the rules left exact for it
    and for the consequences; days past due and stage for the batch at once (and, with
    ``next_contact``, the next lawful contact time, from the engine)."""
    np = import_module("numpy")
    outcome = (plan or ShapePlan(registry)).screen(batch)
    days = batch_days_past_due(batch)
    dpd = days.tolist()
    stages = batch_stages(batch, days)
    every = frozenset(registry.rules) | {CONFLICT_RULE}
    everywhere = frozenset(r for r, m in outcome.exact.items() if m is None)
    masked = [(r, np.asarray(m, dtype=bool)) for r, m in outcome.exact.items() if m is not None]
    event_us = np.asarray(batch.events.column("at").cast("int64")) if len(batch.events) else None
    findings: list[dict[str, Any]] = []
    accounts: list[dict[str, Any]] = []
    bad = list(batch.bad)
    for i, account_id in enumerate(batch.ids):
        rules = everywhere | {r for r, m in masked if m[i]} if masked else everywhere
        try:
            exact = assess_rules(batch.case(i), registry, rules=None if rules >= every else rules)
        except InvalidInputError as error:
            bad.append(BadRecord.of(account_id, error))
            continue
        vectorised = [{"id": account_id, **row} for row in outcome.findings[i]]
        rows = _merged(finding_rows(account_id, exact), vectorised, event_us, int(batch.event_start[i]))
        findings.extend(rows)
        contact = next_lawful_contact(exact.case, registry) if next_contact else None
        accounts.append(
            values_row(account_id, batch.jurisdictions[i], int(dpd[i]), stages[i], exact, rows, contact)
        )
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


def _screen_item(item: WorkItem, registry: Registry, plan: ColumnarPlan, next_contact: bool) -> _Done:
    if isinstance(item, tuple):
        from loanoverdue.portfolio.columns import read_batch

        batch = read_batch(*item)
        records = batch.records
        result = screen_columns(batch, registry, plan, next_contact=next_contact)
    else:
        records = len(item)
        result = screen_batch(item, registry, next_contact=next_contact)
    counts = Counter((f["rule"], f["verdict"]) for f in result.findings)
    return _Done(
        records,
        len(result.accounts),
        len(result.bad),
        tuple((r, v, n) for (r, v), n in sorted(counts.items())),
        result_tables(result.findings, result.accounts, result.bad),
    )


_WORKER: tuple[Registry, ColumnarPlan, bool] | None = None


def _init_worker(factory: Callable[[], Registry], plan: PlanFactory, next_contact: bool) -> None:
    global _WORKER
    registry = factory()
    _WORKER = (registry, plan(registry), next_contact)


def _screen_in_worker(item: WorkItem) -> _Done:
    assert _WORKER is not None
    return _screen_item(item, *_WORKER)


def _results(
    items: Iterator[WorkItem],
    registry: Registry | Callable[[], Registry],
    plan: PlanFactory,
    workers: int,
    next_contact: bool,
) -> Iterator[_Done]:
    """Each screened item, in the book's order."""
    if workers <= 1:
        reg = registry if isinstance(registry, Registry) else registry()
        built = plan(reg)
        for item in items:
            yield _screen_item(item, reg, built, next_contact)
        return
    if isinstance(registry, Registry):
        raise ValueError(
            "with workers > 1, pass a function that builds the registry (each process builds its own)"
        )
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(registry, plan, next_contact)
    ) as pool:
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
    plan: PlanFactory | None,
    workers: int,
    total: int | None,
    progress: Progress | None,
    columnar: bool,
    next_contact: bool,
) -> Summary:
    start = time.perf_counter()
    chosen: Registry | Callable[[], Registry] = default_registry if registry is None else registry
    factory: PlanFactory = ShapePlan if plan is None else plan
    reg = chosen if isinstance(chosen, Registry) else chosen()
    # a JSON-lines book runs every rule through the engine
    methods = rule_methods(reg, factory if columnar else ExactPlan)
    accounts = bad = done = 0
    findings: Counter[tuple[str, str]] = Counter()
    with ResultWriter(out) as writer:
        for result in _results(items, reg if workers <= 1 else chosen, factory, workers, next_contact):
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
    next_contact: bool = False,
) -> Summary:
    """Screen ``records`` and write ``findings.parquet``, ``accounts.parquet`` and
    ``bad_records.parquet`` into the directory ``out``; the run's :class:`Summary`.

    ``registry`` is a registry or a function that builds one (default: the installed
    packs); with ``workers`` > 1 it must be such a function, called once in each worker
    process. A :class:`~loanoverdue.PluginError` (a faulty pack) stops the run. With
    ``next_contact``, the account values include the next lawful contact time
    (:mod:`loanoverdue.portfolio.contact`; up to 768 engine checks an account)."""
    items = iter(_batches(records, batch_size))
    return _screen_items(
        items, out, registry, None, workers, total, progress, columnar=False, next_contact=next_contact
    )


def screen_book(
    source: str | Path,
    out: str | Path,
    *,
    registry: Registry | Callable[[], Registry] | None = None,
    plan: PlanFactory | None = None,
    workers: int = 1,
    batch_size: int = 1024,
    progress: Progress | None = None,
    next_contact: bool = False,
) -> Summary:
    """Screen the book at ``source`` (see :func:`open_book`) into the directory ``out``
    (see :func:`screen_records`). A Parquet book is read as columns, a batch of
    ``batch_size`` accounts at a time (sent to the workers as Arrow tables), and
    screened with ``plan`` (a function building a
    :class:`~loanoverdue.portfolio.seam.ColumnarPlan` from the registry, in each
    process; default: :class:`~loanoverdue.portfolio.plan.ShapePlan`, the rules'
    shapes and counts as kernels; :class:`~loanoverdue.portfolio.seam.ExactPlan` runs
    every rule through the engine)."""
    records, total = open_book(source, batch_size=batch_size)
    if Path(source).is_dir():
        from loanoverdue.portfolio.book import table_batches

        items: Iterator[WorkItem] = iter(table_batches(source, batch_size=batch_size))
        return _screen_items(
            items, out, registry, plan, workers, total, progress, columnar=True, next_contact=next_contact
        )
    return screen_records(
        records,
        out,
        registry=registry,
        workers=workers,
        batch_size=batch_size,
        total=total,
        progress=progress,
        next_contact=next_contact,
    )
