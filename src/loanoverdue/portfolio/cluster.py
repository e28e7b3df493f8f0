"""Screening a Parquet book on a Dask cluster: partitions of whole accounts, each
screened by one worker and written as one part of each output table.

A partition is one row group of ``accounts.parquet`` and the events whose ids fall from
its first account's id up to the next row group's first id (the first and last
partitions are open below and above, so every event row belongs to exactly one
partition and orphans are reported where they fall). Each worker builds its registry once
(the first task it runs) and keeps it for the others; a task reads its partition from
the shared files, screens it with :func:`~loanoverdue.portfolio.screen.screen_batch`, and
writes ``findings/part-NNNNN.parquet``, ``accounts/part-NNNNN.parquet`` and
``bad_records/part-NNNNN.parquet`` into the output directory (Parquet datasets:
``pyarrow.parquet.read_table(out / "findings")`` reads one back whole, in id order).

Needs the ``loanoverdue[dask]`` extra. Workers must see the book and the output
directory at the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from importlib import import_module
from itertools import pairwise
from pathlib import Path
from typing import Any

from loanoverdue.errors import InvalidInputError
from loanoverdue.portfolio._arrow import MissingExtraError, pyarrow_parquet
from loanoverdue.portfolio.book import (
    ACCOUNT_COLUMNS,
    ACCOUNTS_FILE,
    EVENT_COLUMNS,
    EVENTS_FILE,
    check_columns,
    merge_records,
)
from loanoverdue.portfolio.output import ResultWriter
from loanoverdue.portfolio.records import Account, BadRecord
from loanoverdue.portfolio.screen import Progress, Summary, rule_methods, screen_batch
from loanoverdue.registry import Registry, default_registry

__all__ = ["Partition", "partitions", "screen_on_cluster", "screen_partition"]

#: A partition: (row group of accounts.parquet, lowest event id or None, id above its events or None).
Partition = tuple[int, str | None, str | None]

_REGISTRIES: dict[Callable[[], Registry], Registry] = {}


def _client(address: Any) -> tuple[Any, bool]:
    """A ``distributed.Client`` for ``address`` (or ``address`` itself when it is one),
    and whether it was made here (and so is to be closed here)."""
    try:
        distributed = import_module("distributed")
    except ImportError:
        raise MissingExtraError(
            "screening on a Dask cluster needs: pip install 'loanoverdue[dask]'"
        ) from None
    if isinstance(address, distributed.Client):
        return address, False
    try:
        return distributed.Client(address, timeout=30), True
    except OSError as exc:
        raise InvalidInputError("--dask", f"cannot reach the Dask scheduler at {address!r}: {exc}") from None


def partitions(directory: str | Path) -> list[Partition]:
    """The partitions of the Parquet book in ``directory``, one per accounts row group."""
    pq = pyarrow_parquet()
    root = Path(directory)
    for name, columns in ((ACCOUNTS_FILE, ACCOUNT_COLUMNS), (EVENTS_FILE, EVENT_COLUMNS)):
        if not (root / name).is_file():
            raise InvalidInputError("BOOK", f"{str(root)!r} has no {name}")
        check_columns(root / name, pq.read_schema(root / name), columns)
    accounts = pq.ParquetFile(root / ACCOUNTS_FILE)
    firsts: list[str | None] = []
    for i in range(accounts.num_row_groups):
        ids = accounts.read_row_group(i, columns=["id"]).column("id")
        firsts.append(ids[0].as_py() if len(ids) else None)
    present = [f for f in firsts if f is not None]
    for before, after in pairwise(present):
        if after <= before:
            raise InvalidInputError(
                f"{ACCOUNTS_FILE}: id",
                f"row groups are not in id order: one starts with {after!r} after {before!r}",
            )
    out: list[Partition] = []
    for i, first in enumerate(firsts):
        upper = next((f for f in firsts[i + 1 :] if f is not None), None)
        out.append((i, None if i == 0 else first, upper))
    return out


def screen_partition(
    directory: str, partition: Partition, out: str, factory: Callable[[], Registry] = default_registry
) -> tuple[int, int, list[tuple[str, str, int]]]:
    """Screen one partition (run on a worker): (accounts, bad records, findings counts)."""
    pq = pyarrow_parquet()
    index, low, high = partition
    root = Path(directory)
    registry = _REGISTRIES.get(factory)
    if registry is None:
        registry = _REGISTRIES[factory] = factory()
    accounts = pq.ParquetFile(root / ACCOUNTS_FILE).read_row_group(index).to_pylist()
    filters: list[tuple[str, str, str]] = []
    if low is not None:
        filters.append(("id", ">=", low))
    if high is not None:
        filters.append(("id", "<", high))
    events = pq.read_table(root / EVENTS_FILE, filters=filters or None, use_threads=False).to_pylist()
    records = list(merge_records(accounts, events))
    if high is not None:  # an account that belongs after the next row group's first id
        records = [
            BadRecord(
                r.id,
                "id",
                f"accounts must be sorted by id: {r.id!r} is not below {high!r}, which starts a later row group",
            )
            if isinstance(r, Account) and r.id >= high
            else r
            for r in records
        ]
    result = screen_batch(records, registry)
    with ResultWriter(out, part=f"part-{index:05d}") as writer:
        writer.write(result.findings, result.accounts, result.bad)
    counts = Counter((f["rule"], f["verdict"]) for f in result.findings)
    return len(result.accounts), len(result.bad), [(r, v, n) for (r, v), n in sorted(counts.items())]


def screen_on_cluster(
    source: str | Path,
    out: str | Path,
    client: Any,
    *,
    registry: Callable[[], Registry] | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Screen the Parquet book ``source`` on a Dask cluster into the directory ``out``.

    ``client`` is a ``distributed.Client`` or a scheduler address; ``registry`` a
    function each worker calls once to build its registry (default: the installed
    packs)."""
    start = time.perf_counter()
    factory = default_registry if registry is None else registry
    parts = partitions(source)
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    methods = rule_methods(factory())
    book = Path(source).resolve()
    metadata = pyarrow_parquet().ParquetFile(book / ACCOUNTS_FILE).metadata
    total = sum(metadata.row_group(p[0]).num_rows for p in parts)
    dask_client, owned = _client(client)
    try:
        distributed = import_module("distributed")
        futures = [
            dask_client.submit(screen_partition, str(book), p, str(out_dir), factory, pure=False)
            for p in parts
        ]
        accounts = bad = done = 0
        findings: Counter[tuple[str, str]] = Counter()
        for future in distributed.as_completed(futures):
            n_accounts, n_bad, counts = future.result()
            accounts += n_accounts
            bad += n_bad
            done += n_accounts + n_bad
            findings.update({(r, v): n for r, v, n in counts})
            if progress is not None:
                summary = Summary(accounts, bad, findings, time.perf_counter() - start, methods)
                progress(min(done, total), total, summary)
    finally:
        if owned:
            dask_client.close()
    return Summary(accounts, bad, dict(findings), time.perf_counter() - start, methods)
