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

A book can also be given as two dask DataFrames (:func:`screen_frames`), e.g. Parquet
datasets read with ``dask.dataframe.read_parquet``: each accounts partition is screened
whole, with its events gathered from every events partition in order.

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
from loanoverdue.portfolio._arrow import MissingExtraError, pyarrow, pyarrow_parquet
from loanoverdue.portfolio.book import (
    ACCOUNT_COLUMNS,
    ACCOUNTS_FILE,
    EVENT_COLUMNS,
    EVENTS_FILE,
    accounts_schema,
    check_columns,
    events_schema,
)
from loanoverdue.portfolio.columns import read_batch
from loanoverdue.portfolio.output import ResultWriter
from loanoverdue.portfolio.plan import ShapePlan
from loanoverdue.portfolio.records import BadRecord
from loanoverdue.portfolio.screen import BatchResult, Progress, Summary, rule_methods, screen_columns
from loanoverdue.portfolio.seam import ColumnarPlan, PlanFactory
from loanoverdue.registry import Registry, default_registry

__all__ = ["Partition", "partitions", "screen_frames", "screen_on_cluster", "screen_partition"]

#: A partition: (row group of accounts.parquet, lowest event id or None, id above its events or None).
Partition = tuple[int, str | None, str | None]

_REGISTRIES: dict[tuple[Callable[[], Registry], PlanFactory], tuple[Registry, ColumnarPlan]] = {}


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


def _plan_for(factory: Callable[[], Registry], plan: PlanFactory) -> tuple[Registry, ColumnarPlan]:
    """The registry and plan of this worker for ``factory`` and ``plan`` (built once)."""
    found = _REGISTRIES.get((factory, plan))
    if found is None:
        registry = factory()
        found = _REGISTRIES[(factory, plan)] = (registry, plan(registry))
    return found


def _screen_tables(
    accounts: Any,
    events: Any,
    high: str | None,
    out: str,
    part: str,
    factory: Callable[[], Registry],
    plan: PlanFactory,
    next_contact: bool = False,
) -> tuple[int, int, list[tuple[str, str, int]]]:
    """Screen one partition given as Arrow tables and write its part of each output."""
    registry, built = _plan_for(factory, plan)
    batch = read_batch(accounts, events)
    result = screen_columns(batch, registry, built, next_contact=next_contact)
    bad = list(result.bad)
    if high is not None:  # an account that belongs after the next partition's first id
        late = {i for i in batch.ids if i >= high}
        if late:
            bad += [
                BadRecord(
                    i, "id", f"accounts must be sorted by id: {i!r} is not below {high!r}, which starts a later partition"
                )
                for i in batch.ids
                if i in late
            ]
            result = BatchResult(
                [f for f in result.findings if f["id"] not in late],
                [a for a in result.accounts if a["id"] not in late],
                bad,
            )
    with ResultWriter(out, part=part) as writer:
        writer.write(result.findings, result.accounts, result.bad)
    counts = Counter((f["rule"], f["verdict"]) for f in result.findings)
    return len(result.accounts), len(result.bad), [(r, v, n) for (r, v), n in sorted(counts.items())]


def screen_partition(
    directory: str,
    partition: Partition,
    out: str,
    factory: Callable[[], Registry] = default_registry,
    plan: PlanFactory = ShapePlan,
    next_contact: bool = False,
) -> tuple[int, int, list[tuple[str, str, int]]]:
    """Screen one partition of a Parquet book (run on a worker): (accounts, bad
    records, findings counts)."""
    pq = pyarrow_parquet()
    index, low, high = partition
    root = Path(directory)
    accounts = pq.ParquetFile(root / ACCOUNTS_FILE).read_row_group(index)
    filters: list[tuple[str, str, str]] = []
    if low is not None:
        filters.append(("id", ">=", low))
    if high is not None:
        filters.append(("id", "<", high))
    events = pq.read_table(root / EVENTS_FILE, filters=filters or None, use_threads=False)
    return _screen_tables(accounts, events, high, out, f"part-{index:05d}", factory, plan, next_contact)


def _collect(
    futures: list[Any], total: int, start: float, methods: dict[str, str], progress: Progress | None
) -> Summary:
    distributed = import_module("distributed")
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
    return Summary(accounts, bad, dict(findings), time.perf_counter() - start, methods)


def screen_on_cluster(
    source: str | Path,
    out: str | Path,
    client: Any,
    *,
    registry: Callable[[], Registry] | None = None,
    plan: PlanFactory | None = None,
    progress: Progress | None = None,
    next_contact: bool = False,
) -> Summary:
    """Screen the Parquet book ``source`` on a Dask cluster into the directory ``out``.

    ``client`` is a ``distributed.Client`` or a scheduler address; ``registry`` a
    function each worker calls once to build its registry (default: the installed
    packs), ``plan`` one that builds the columnar plan from it (default:
    :class:`~loanoverdue.portfolio.plan.ShapePlan`)."""
    start = time.perf_counter()
    factory = default_registry if registry is None else registry
    chosen: PlanFactory = ShapePlan if plan is None else plan
    parts = partitions(source)
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    methods = rule_methods(factory(), chosen)
    book = Path(source).resolve()
    metadata = pyarrow_parquet().ParquetFile(book / ACCOUNTS_FILE).metadata
    total = sum(metadata.row_group(p[0]).num_rows for p in parts)
    dask_client, owned = _client(client)
    try:
        futures = [
            dask_client.submit(
                screen_partition, str(book), p, str(out_dir), factory, chosen, next_contact, pure=False
            )
            for p in parts
        ]
        return _collect(futures, total, start, methods, progress)
    finally:
        if owned:
            dask_client.close()


# ----------------------------------------------------------------------------- DataFrames


def _first_id(frame: Any) -> list[str]:
    ids = frame["id"]
    return [str(ids.iloc[0])] if len(ids) else []


def _as_table(frame: Any, schema: Any, what: str) -> Any:
    """A pandas partition as an Arrow table of the book's columns (types as the book's)."""
    pa = pyarrow()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for name in table.schema.names:
        if name not in schema.names:
            raise InvalidInputError(f"{what}: {name}", "unknown column")
        fields.append(schema.field(name))
    try:
        return table.cast(pa.schema(fields))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise InvalidInputError(what, f"a column cannot be read as the book's type: {exc}") from None


def _split_events(frame: Any, bounds: list[str]) -> list[Any]:
    """An events partition as one Arrow table per accounts partition (by id ranges
    ``bounds``: the first id of each accounts partition), rows in their order."""
    np = import_module("numpy")
    table = _as_table(frame, events_schema(), "events")
    ids = np.asarray(table.column("id").to_pylist(), dtype=object)
    where = np.searchsorted(np.asarray(bounds, dtype=object), ids, side="right") - 1
    where = np.maximum(where, 0)  # ids below the first partition's go to the first (orphans)
    return [table.filter(pyarrow().array(where == k)) for k in range(len(bounds))]


def _screen_frame(
    accounts: Any,
    high: str | None,
    pieces: list[Any],
    k: int,
    out: str,
    factory: Callable[[], Registry],
    plan: PlanFactory,
    next_contact: bool,
) -> tuple[int, int, list[tuple[str, str, int]]]:
    """Screen the ``k``-th accounts partition with its events (``pieces``: the part of
    each events partition in its id range, in partition order)."""
    pa = pyarrow()
    table = _as_table(accounts, accounts_schema(), "accounts")
    events = pa.concat_tables(pieces) if pieces else events_schema().empty_table()
    return _screen_tables(table, events, high, out, f"part-{k:05d}", factory, plan, next_contact)


def _piece(pieces: list[Any], k: int) -> Any:
    return pieces[k]


def screen_frames(
    accounts: Any,
    events: Any,
    out: str | Path,
    client: Any,
    *,
    registry: Callable[[], Registry] | None = None,
    plan: PlanFactory | None = None,
    progress: Progress | None = None,
    next_contact: bool = False,
) -> Summary:
    """Screen a book given as two dask DataFrames (the columns of ``accounts.parquet``
    and ``events.parquet``, ``docs/reference/portfolio-tables.md``; accounts in id order
    across and within partitions, each account's events in their order) on the cluster
    of ``client``, into the directory ``out`` (one part per accounts partition).

    Each accounts partition is screened whole, with its events: each events partition
    is split by the accounts partitions' id ranges on the cluster, and the pieces of one
    range are joined in partition order, so an account's events keep their order
    wherever they lie. Read a Parquet dataset with ``dask.dataframe.read_parquet``."""
    start = time.perf_counter()
    factory = default_registry if registry is None else registry
    chosen: PlanFactory = ShapePlan if plan is None else plan
    methods = rule_methods(factory(), chosen)
    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    dask_client, owned = _client(client)
    try:
        account_parts = accounts.to_delayed()
        firsts = dask_client.gather(dask_client.compute([_delayed(_first_id)(p) for p in account_parts]))
        kept = [(p, f[0]) for p, f in zip(account_parts, firsts, strict=True) if f]
        bounds = [first for _, first in kept]
        for before, after in pairwise(bounds):
            if after <= before:
                raise InvalidInputError(
                    "accounts: id", f"partitions are not in id order: one starts with {after!r} after {before!r}"
                )
        if not kept:
            return Summary(0, 0, {}, time.perf_counter() - start, methods)
        pieces = dask_client.compute([_delayed(_split_events)(p, bounds) for p in events.to_delayed()])
        futures = []
        for k, (part, _) in enumerate(kept):
            high = bounds[k + 1] if k + 1 < len(bounds) else None
            (frame,) = dask_client.compute([part])
            mine = [dask_client.submit(_piece, p, k, pure=False) for p in pieces]
            futures.append(
                dask_client.submit(
                    _screen_frame, frame, high, mine, k, str(out_dir), factory, chosen, next_contact, pure=False
                )
            )
        total = int(sum(dask_client.gather(dask_client.compute([_delayed(len)(p) for p, _ in kept]))))
        return _collect(futures, total, start, methods, progress)
    finally:
        if owned:
            dask_client.close()


def _delayed(function: Callable[..., Any]) -> Any:
    return import_module("dask").delayed(function, pure=True)
