"""A book as an Arrow/Parquet pair of tables: ``accounts.parquet`` (one row per account)
and ``events.parquet`` (one row per collection event), joined by ``id``.

Both tables are sorted by ``id`` (plain string order), each account's events in the
order the case file would list them; that lets a reader stream both files together, one
batch at a time, so memory holds a batch of accounts, never the book. The columns are in
``docs/reference/portfolio-tables.md``; each row becomes a case-file mapping, so the
rules for every value are those of the case file and a bad value is reported with its
case-file path (``loan.due_date``, ``events[2].action``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from loanoverdue.errors import InvalidInputError
from loanoverdue.portfolio._arrow import pyarrow, pyarrow_parquet
from loanoverdue.portfolio.records import Account, BadRecord, Record

__all__ = [
    "ACCOUNTS_FILE",
    "ACCOUNT_COLUMNS",
    "EVENTS_FILE",
    "EVENT_COLUMNS",
    "accounts_count",
    "accounts_schema",
    "check_columns",
    "events_schema",
    "merge_records",
    "read_parquet_book",
    "table_batches",
    "write_parquet_book",
]

ACCOUNTS_FILE = "accounts.parquet"
EVENTS_FILE = "events.parquet"

#: Account columns: (column, case-file path, Arrow type name, required).
ACCOUNT_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("id", "id", "string", True),
    ("as_of", "as_of", "timestamp", True),
    ("jurisdiction", "borrower.jurisdiction", "string", True),
    ("timezone", "borrower.timezone", "string", True),
    ("product", "loan.product", "string", True),
    ("principal", "loan.principal", "string", True),
    ("outstanding", "loan.outstanding", "string", True),
    ("currency", "loan.currency", "string", True),
    ("due_date", "loan.due_date", "date", True),
    ("lender_kind", "loan.lender.kind", "string", True),
    ("lender_name", "loan.lender.name", "string", False),
    ("lender_platform", "loan.lender.platform", "string", False),
    ("lender_funder", "loan.lender.funder", "string", False),
    ("contract_date", "loan.contract_date", "date", False),
    ("annual_rate", "loan.annual_rate", "string", False),
    ("last_payment_date", "loan.last_payment_date", "date", False),
    ("last_acknowledgment_date", "loan.last_acknowledgment_date", "date", False),
    ("repaid_on", "loan.repaid_on", "date", False),
    ("final_due_date", "loan.final_due_date", "date", False),
    ("protections", "borrower.protections", "protections", False),
)
#: Event columns: (column, field of the event, Arrow type name, required).
EVENT_COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("id", "", "string", True),
    ("at", "at", "timestamp", True),
    ("action", "action", "string", True),
    ("actor", "actor", "string", False),
    ("target", "target", "string", False),
    ("outcome", "outcome", "string", False),
    ("place", "place", "string", False),
    ("conduct", "conduct", "list<string>", False),
    ("proposed", "proposed", "bool", False),
    ("purpose", "purpose", "string", False),
    ("note", "note", "string", False),
)


def _type(name: str) -> Any:
    pa = pyarrow()
    return {
        "string": pa.string(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "protections": pa.list_(pa.struct([("kind", pa.string()), ("since", pa.date32())])),
    }[name]


def accounts_schema() -> Any:
    """The Arrow schema of ``accounts.parquet`` as :func:`write_parquet_book` writes it
    (every column but ``id`` nullable: a missing required value is reported per record)."""
    pa = pyarrow()
    return pa.schema([pa.field(c, _type(t), nullable=c != "id") for c, _, t, _ in ACCOUNT_COLUMNS])


def events_schema() -> Any:
    """The Arrow schema of ``events.parquet`` as :func:`write_parquet_book` writes it."""
    pa = pyarrow()
    return pa.schema([pa.field(c, _type(t), nullable=c != "id") for c, _, t, _ in EVENT_COLUMNS])


# ----------------------------------------------------------------------------- writing


def _put(out: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = out
    for p in parents:
        node = node.setdefault(p, {})
    node[last] = value


def _get(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for p in path.split("."):
        if not isinstance(node, Mapping) or p not in node:
            return None
        node = node[p]
    return node


def _to_column(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "timestamp":
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "protections":
        return [
            {
                "kind": p["kind"],
                "since": date.fromisoformat(p["since"]) if isinstance(p["since"], str) else p["since"],
            }
            for p in value
        ]
    return value


def write_parquet_book(
    directory: str | Path, cases: Iterable[Mapping[str, Any]], *, row_group_size: int = 8192
) -> int:
    """Write case-file mappings (each with a string ``id``, in ascending id order) as
    ``accounts.parquet`` and ``events.parquet`` in ``directory``; the number of accounts.

    The mappings are written as they are, not validated: a book may hold bad records,
    which the screener reports."""
    pa, pq = pyarrow(), pyarrow_parquet()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    a_schema, e_schema = accounts_schema(), events_schema()
    count = 0
    last: str | None = None
    with (
        pq.ParquetWriter(out / ACCOUNTS_FILE, a_schema) as a_writer,
        pq.ParquetWriter(out / EVENTS_FILE, e_schema) as e_writer,
    ):
        a_rows: list[dict[str, Any]] = []
        e_rows: list[dict[str, Any]] = []

        def flush() -> None:
            if a_rows:
                a_writer.write_table(pa.Table.from_pylist(a_rows, schema=a_schema))
                a_rows.clear()
            if e_rows:
                e_writer.write_table(pa.Table.from_pylist(e_rows, schema=e_schema))
                e_rows.clear()

        for case in cases:
            account_id = case.get("id")
            if not isinstance(account_id, str) or (last is not None and account_id <= last):
                raise InvalidInputError(
                    "id", f"accounts must have string ids in ascending order, got {account_id!r}"
                )
            last = account_id
            a_rows.append({c: _to_column(t, _get(case, p)) for c, p, t, _ in ACCOUNT_COLUMNS})
            for event in case.get("events", ()):
                row = {c: _to_column(t, event.get(f)) for c, f, t, _ in EVENT_COLUMNS[1:]}
                row["id"] = account_id
                e_rows.append(row)
            count += 1
            if len(a_rows) >= row_group_size:
                flush()
        flush()
    return count


# ----------------------------------------------------------------------------- reading


def check_columns(path: Path, schema: Any, columns: tuple[tuple[str, str, str, bool], ...]) -> None:
    """Refuse a table with a column not in ``columns`` or without a required one."""
    known = {c for c, *_ in columns}
    for name in schema.names:
        if name not in known:
            raise InvalidInputError(f"{path.name}: {name}", "unknown column")
    for c, _, _, required in columns:
        if required and c not in schema.names:
            raise InvalidInputError(f"{path.name}: {c}", "required column is missing")


def _account_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    """The case-file mapping of an account row (a null column is an absent field)."""
    data: dict[str, Any] = {}
    for column, path, _, _ in ACCOUNT_COLUMNS:
        value = row.get(column)
        if value is not None:
            _put(data, path, value)
    return data


def _event_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    return {f: v for c, f, _, _ in EVENT_COLUMNS[1:] if (v := row.get(c)) is not None}


def _rows(
    path: Path, columns: tuple[tuple[str, str, str, bool], ...], batch_size: int
) -> Iterator[dict[str, Any]]:
    pq = pyarrow_parquet()
    try:
        f = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InvalidInputError("", f"cannot read {str(path)!r}: {exc}") from None
    check_columns(path, f.schema_arrow, columns)
    for batch in f.iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()


def table_batches(directory: str | Path, *, batch_size: int = 4096) -> Iterator[tuple[Any, Any, str | None]]:
    """The Parquet book in ``directory`` as (accounts, events, after) triples: Arrow
    tables of a batch of accounts and of their events, and the id of the account before
    the batch, for :func:`merge_records` to join elsewhere (a worker process).

    Each event row goes into exactly one pair: the first pair whose last account id is
    not below the event's id (the last pair takes the rest), so in a sorted book an
    account's events travel with it, and in an unsorted one a stray event is reported
    as an orphan where it lands, never dropped."""
    pa, pq = pyarrow(), pyarrow_parquet()
    pc = import_module("pyarrow.compute")
    root = Path(directory)
    files = []
    for name, columns in ((ACCOUNTS_FILE, ACCOUNT_COLUMNS), (EVENTS_FILE, EVENT_COLUMNS)):
        try:
            f = pq.ParquetFile(root / name)
        except (OSError, ValueError) as exc:
            raise InvalidInputError("", f"cannot read {str(root / name)!r}: {exc}") from None
        check_columns(root / name, f.schema_arrow, columns)
        files.append(f)
    accounts_file, events_file = files
    event_batches = events_file.iter_batches(batch_size=batch_size * 8)
    buffer = pa.Table.from_batches([], schema=events_file.schema_arrow)
    exhausted = False
    pending = None
    after: str | None = None
    for batch in accounts_file.iter_batches(batch_size=batch_size):
        if pending is not None:
            yield pending
        accounts = pa.Table.from_batches([batch])
        ids = [i for i in accounts.column("id").to_pylist() if isinstance(i, str)]
        last = max(ids) if ids else None
        while last is not None and not exhausted and (len(buffer) == 0 or _max_id(buffer) <= last):
            more = next(event_batches, None)
            if more is None:
                exhausted = True
            else:
                buffer = pa.concat_tables([buffer, pa.Table.from_batches([more])])
        if last is None:
            take = pa.Table.from_batches([], schema=buffer.schema)
        else:
            mask = pc.fill_null(pc.less_equal(buffer.column("id"), last), True)
            take, buffer = buffer.filter(mask), buffer.filter(pc.invert(mask))
        pending = (accounts, take, after)
        after = ids[-1] if ids else after
    rest = [buffer, *(pa.Table.from_batches([b]) for b in event_batches)]
    events_left = pa.concat_tables(rest)
    if pending is not None:
        yield pending[0], pa.concat_tables([pending[1], events_left]), pending[2]
    elif len(events_left):
        yield pa.Table.from_batches([], schema=accounts_file.schema_arrow), events_left, None


def _max_id(events: Any) -> str:
    pc = import_module("pyarrow.compute")
    value = pc.max(events.column("id")).as_py()
    return value if isinstance(value, str) else ""


def read_parquet_book(directory: str | Path, *, batch_size: int = 4096) -> Iterator[Record]:
    """The records of a Parquet book in ``directory``, streamed batch by batch.

    An account whose id is empty or not above the previous one, and events whose id
    names no account at that place, are :class:`BadRecord` values (see
    :func:`merge_records`)."""
    root = Path(directory)
    return merge_records(
        _rows(root / ACCOUNTS_FILE, ACCOUNT_COLUMNS, batch_size),
        _rows(root / EVENTS_FILE, EVENT_COLUMNS, batch_size * 8),
    )


def merge_records(
    accounts: Iterable[Mapping[str, Any]], events: Iterable[Mapping[str, Any]], after: str | None = None
) -> Iterator[Record]:
    """Join account rows and event rows, both in ascending id order, into records.

    An account whose id is empty or not above the previous one is a bad record (path
    ``id``); so are the events of an id with no account at that place (path ``events``,
    one record per id). Nothing is dropped without a record saying so. ``after`` is the
    id of the account before ``accounts`` when they are a batch of a larger book."""
    event_rows = iter(events)
    pending: Mapping[str, Any] | None = next(event_rows, None)
    last: str | None = after  # the id of the account before these, if any

    def orphans(below: str | None) -> Iterator[BadRecord]:
        nonlocal pending
        while pending is not None and (below is None or _event_id(pending) < below):
            orphan = _event_id(pending)
            while pending is not None and _event_id(pending) == orphan:
                pending = next(event_rows, None)
            yield BadRecord(
                orphan, "events", "events of an account that is not in the accounts table (or out of order)"
            )

    for number, row in enumerate(accounts, start=1):
        account_id = row.get("id")
        if not isinstance(account_id, str) or not account_id.strip():
            yield BadRecord(f"row {number}", "id", f"expected a non-empty string, got {account_id!r}")
            continue
        if last is not None and account_id <= last:
            yield BadRecord(
                account_id, "id", f"accounts must be sorted by id: {account_id!r} follows {last!r}"
            )
            continue
        yield from orphans(account_id)
        own: list[dict[str, Any]] = []
        while pending is not None and _event_id(pending) == account_id:
            own.append(_event_mapping(pending))
            pending = next(event_rows, None)
        last = account_id
        data = _account_mapping(row)
        data["events"] = own
        yield Account(account_id, data)
    yield from orphans(None)


def _event_id(row: Mapping[str, Any]) -> str:
    value = row.get("id")
    return value if isinstance(value, str) else "(no id)"


def accounts_count(directory: str | Path) -> int:
    """The number of account rows of the Parquet book in ``directory`` (from its metadata)."""
    pq = pyarrow_parquet()
    return int(pq.ParquetFile(Path(directory) / ACCOUNTS_FILE).metadata.num_rows)
