"""Reading a batch of a Parquet book as columns: events validated column by column,
cases built only when the exact engine needs them.

:func:`read_batch` takes the Arrow tables of a batch of accounts and of their events
(see :func:`~loanoverdue.portfolio.book.table_batches`) and gives a
:class:`ColumnBatch`:

- **events** are checked a column at a time: each distinct value of an enumeration
  column (``action``, ``actor``, ``target``, ``outcome``, ``place``, ``purpose``, the
  items of ``conduct``) and of ``note`` is checked once per batch, by the case-file
  reader itself on a one-event case, so the problem is worded exactly as
  :func:`~loanoverdue.load_case` words it; time stamps are typed columns (a null or an
  out-of-range one is found with numpy), and so is the check that an event after
  ``as_of`` is ``proposed``. A bad value makes its account a bad record with the
  case-file path (``events[3].action``), and the run goes on.
- **accounts** are checked row by row by the case-file reader (one account without its
  events costs about a sixth of a whole case), so every account-level problem is named
  as the case file's own.
- a :class:`~loanoverdue.Case` is built only when asked for (:meth:`ColumnBatch.case`),
  from the checked values: its events are made without checking again.

Where a record has several faults, the one named may differ from the first the case-file
reader names (an account's own fault is named before its events').
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.limits import EARLIEST_DATE, LATEST_DATE
from loanoverdue.portfolio._arrow import pyarrow
from loanoverdue.portfolio.book import EVENT_COLUMNS, _account_mapping
from loanoverdue.portfolio.records import BadRecord
from loanoverdue.vocabulary import (
    Action,
    Actor,
    Conduct,
    Initiator,
    Outcome,
    Place,
    Purpose,
    Target,
)

__all__ = ["ColumnBatch", "read_batch"]

#: Enumeration columns of events: (column, enumeration, value where null).
_EVENT_ENUMS: tuple[tuple[str, type[StrEnum], StrEnum | None], ...] = (
    ("action", Action, None),
    ("actor", Actor, Actor.UNKNOWN),
    ("target", Target, Target.BORROWER),
    ("outcome", Outcome, Outcome.UNKNOWN),
    ("place", Place, None),
    ("purpose", Purpose, None),
)
#: The order the case-file reader checks an event's fields in (attrs field order).
_FIELD_ORDER = {name: i for i, name in enumerate(("at", "action", "actor", "target", "outcome", "place", "conduct", "proposed", "purpose", "note"))}

_TEMPLATE_AS_OF = "2200-12-31T00:00:00+00:00"
_TEMPLATE_EVENT_AT = "2000-01-01T00:00:00+00:00"

#: Problems of single values, by (field, value): ``None`` where the value is good.
_VALUE_PROBLEMS: dict[tuple[str, object], str | None] = {}
_VALUE_MEMO_LIMIT = 100_000


def _event_value_problem(field: str, value: object) -> str | None:
    """What the case-file reader says of ``value`` as the event field ``field`` (in a
    case that is otherwise good), or ``None``; one check per distinct value."""
    key = (field, value)
    if key in _VALUE_PROBLEMS:
        return _VALUE_PROBLEMS[key]
    event: dict[str, Any] = {"at": _TEMPLATE_EVENT_AT, "action": "call"}
    event[field] = [value] if field == "conduct" else value
    case = {
        "as_of": _TEMPLATE_AS_OF,
        "borrower": {"jurisdiction": "CN", "timezone": "UTC"},
        "loan": {
            "product": "other",
            "principal": "1",
            "outstanding": "1",
            "currency": "CNY",
            "due_date": "2000-01-01",
            "lender": {"kind": "other"},
        },
        "events": [event],
    }
    problem: str | None = None
    try:
        load_case(case)
    except InvalidInputError as error:
        problem = error.problem
    if len(_VALUE_PROBLEMS) >= _VALUE_MEMO_LIMIT:
        _VALUE_PROBLEMS.clear()
    _VALUE_PROBLEMS[key] = problem
    return problem


_EVENT_FIELDS = tuple(a.name for a in attrs.fields(CollectionEvent))
_new_event = object.__new__
_set = object.__setattr__


def _make_event(values: Sequence[object]) -> CollectionEvent:
    """A :class:`CollectionEvent` of values already checked (in field order), without
    running the checks again."""
    event: CollectionEvent = _new_event(CollectionEvent)
    (at, action, actor, target, outcome, place, conduct, proposed, purpose, initiated_by, threatened, note,
     debt, received_on, returned_on) = values
    _set(event, "at", at)
    _set(event, "action", action)
    _set(event, "actor", actor)
    _set(event, "target", target)
    _set(event, "outcome", outcome)
    _set(event, "place", place)
    _set(event, "conduct", conduct)
    _set(event, "proposed", proposed)
    _set(event, "purpose", purpose)
    _set(event, "initiated_by", initiated_by)
    _set(event, "threatened", threatened)
    _set(event, "note", note)
    _set(event, "debt", debt)
    _set(event, "received_on", received_on)
    _set(event, "returned_on", returned_on)
    return event


if _EVENT_FIELDS != (
    "at", "action", "actor", "target", "outcome", "place", "conduct", "proposed", "purpose", "initiated_by", "threatened", "note",
    "debt", "received_on", "returned_on",
):  # pragma: no cover - a new event field must be read (or defaulted) here too
    raise ImportError(f"CollectionEvent's fields changed: {_EVENT_FIELDS}; update portfolio/columns.py")


#: Time stamps are read in UTC (as pyarrow gives them: a ``zoneinfo`` UTC zone).
_EPOCH = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))


def _micro(us: int) -> timedelta:
    return timedelta(microseconds=us)


_NO_CONDUCT: frozenset[Conduct] = frozenset()
_NO_THREATS: frozenset[Any] = frozenset()


@attrs.frozen
class ColumnBatch:
    """A batch of a book, checked: the good accounts (``ids``, in book order), the bad
    records (in book order), and the columns the account values and a columnar plan
    read, as numpy arrays over the good accounts and over their events.

    ``events`` is the Arrow table of the good accounts' events (book order) with a
    column ``account``: the position of its account in ``ids``; ``event_start`` and
    ``event_stop`` delimit each account's events in it."""

    ids: tuple[str, ...]
    bad: tuple[BadRecord, ...]
    records: int
    jurisdictions: tuple[str, ...]
    #: The local date of ``as_of`` in the borrower's zone, the due date and the
    #: repayment date (``NaT`` where not repaid), as ``datetime64[D]`` arrays.
    today: Any
    due_date: Any
    repaid_on: Any
    event_start: Any
    event_stop: Any
    events: Any
    _accounts: tuple[Case, ...] = attrs.field(repr=False)
    _event_values: tuple[tuple[object, ...], ...] = attrs.field(repr=False)
    _cases: dict[int, Case] = attrs.field(factory=dict, repr=False, eq=False)

    def case(self, i: int) -> Case:
        """The case of the ``i``-th good account (built on first use, then kept)."""
        found = self._cases.get(i)
        if found is None:
            account = self._accounts[i]
            values = self._event_values
            events = tuple(
                [_make_event(values[k]) for k in range(int(self.event_start[i]), int(self.event_stop[i]))]
            )
            found = self._cases[i] = Case(account.as_of, account.borrower, account.loan, events, account.id)
        return found


def _np() -> Any:
    return import_module("numpy")


def _column(table: Any, name: str, kind: Any) -> Any:
    """The column ``name`` of ``table`` as ``kind`` (a null column where absent); a
    column of another type that cannot be cast is an input error naming it."""
    pa = pyarrow()
    if name not in table.schema.names:
        return pa.nulls(len(table), type=kind)
    column = table.column(name)
    if column.type != kind:
        try:
            column = column.cast(kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise InvalidInputError(
                f"events.parquet: {name}", f"expected {kind}, got {column.type}: {exc}"
            ) from None
    return column.combine_chunks() if hasattr(column, "combine_chunks") else column


def _merge(
    account_ids: Sequence[object], event_ids: Sequence[object], after: str | None
) -> tuple[list[tuple[int, str, int, int] | BadRecord], int]:
    """Join account ids and event ids as :func:`~loanoverdue.portfolio.book.merge_records`
    does: for each accepted account (row, id, first event, end of its events) or a bad
    record, in book order; and the number of records."""
    out: list[tuple[int, str, int, int] | BadRecord] = []
    n_events = len(event_ids)
    k = 0
    last = after

    def eid(j: int) -> str:
        value = event_ids[j]
        return value if isinstance(value, str) else "(no id)"

    def orphans(below: str | None) -> None:
        nonlocal k
        while k < n_events and (below is None or eid(k) < below):
            orphan = eid(k)
            while k < n_events and eid(k) == orphan:
                k += 1
            out.append(
                BadRecord(orphan, "events", "events of an account that is not in the accounts table (or out of order)")
            )

    for number, account_id in enumerate(account_ids, start=1):
        if not isinstance(account_id, str) or not account_id.strip():
            out.append(BadRecord(f"row {number}", "id", f"expected a non-empty string, got {account_id!r}"))
            continue
        if last is not None and account_id <= last:
            out.append(BadRecord(account_id, "id", f"accounts must be sorted by id: {account_id!r} follows {last!r}"))
            continue
        orphans(account_id)
        start = k
        while k < n_events and eid(k) == account_id:
            k += 1
        last = account_id
        out.append((number - 1, account_id, start, k))
    orphans(None)
    return out, len(out)


def _event_problems(events: Any) -> tuple[dict[int, tuple[int, str, str]], list[list[object]]]:
    """Each event row's first problem (field rank, path below ``events[i]``, problem)
    and the checked values of every event, in :class:`CollectionEvent` field order."""
    pa, np = pyarrow(), _np()
    pc = import_module("pyarrow.compute")
    n = len(events)
    problems: dict[int, tuple[int, str, str]] = {}

    def flag(rows: Any, field: str, path: str, problem: str) -> None:
        rank = _FIELD_ORDER[field]
        for r in rows:
            r = int(r)
            if r not in problems or problems[r][0] > rank:
                problems[r] = (rank, path, problem)

    # at: typed, required, within the accepted dates
    at = _column(events, "at", pa.timestamp("us", tz="UTC"))
    at_us = np.asarray(pc.fill_null(at.cast(pa.int64()), 0))
    # pyarrow's own conversion to datetime objects takes ~10 us an event; this ~2
    at_values: list[Any] = [_EPOCH + _micro(x) for x in at_us.tolist()]
    for r in np.flatnonzero(np.asarray(at.is_null())).tolist():
        at_values[r] = None
    flag(np.flatnonzero(np.asarray(at.is_null())), "at", "at", "is required")
    low = (np.datetime64(EARLIEST_DATE, "us") - np.datetime64(0, "us")).astype(np.int64)
    high = (np.datetime64(LATEST_DATE, "D") + 1 - np.datetime64(0, "D")).astype(np.int64) * 86_400_000_000
    outside = np.flatnonzero(np.asarray(at.is_valid()) & ((at_us < low) | (at_us >= high)))
    for r in outside:
        problem = _event_value_problem("at", at_values[int(r)].isoformat())
        flag([r], "at", "at", problem or "is outside the dates accepted")

    columns: dict[str, list[object]] = {}
    for name, enum, default in _EVENT_ENUMS:
        column = _column(events, name, pa.string())
        encoded = column.dictionary_encode()
        members: list[object] = []
        bad_codes = []
        for code, value in enumerate(encoded.dictionary.to_pylist()):
            problem = _event_value_problem(name, value)
            members.append(enum(value) if problem is None else problem)
            if problem is not None:
                bad_codes.append(code)
        members.append(default)  # where null
        codes = np.asarray(pc.fill_null(encoded.indices, len(members) - 1))
        table = np.empty(len(members), dtype=object)
        table[:] = members
        columns[name] = table[codes].tolist()
        if name == "action":
            flag(np.flatnonzero(codes == len(members) - 1), name, name, "is required")
        for code in bad_codes:
            flag(np.flatnonzero(codes == code), name, name, str(members[code]))

    conduct = _column(events, "conduct", pa.list_(pa.string()))
    conduct_sets: list[frozenset[Conduct]] = [_NO_CONDUCT] * n
    flat = pc.list_flatten(conduct)
    if len(flat):
        parents = np.asarray(pc.list_parent_indices(conduct))
        offsets = np.asarray(conduct.offsets)
        encoded = flat.dictionary_encode()
        members = []
        for value in encoded.dictionary.to_pylist():
            problem = _event_value_problem("conduct", value)
            members.append(Conduct(value) if problem is None else problem)
        codes = encoded.indices.to_pylist()
        items: dict[int, list[Conduct]] = {}
        for j, code in enumerate(codes):
            r = int(parents[j])
            if code is None:
                flag([r], "conduct", f"conduct[{j - int(offsets[r])}]", "expected a string, got null")
                continue
            member = members[code]
            if isinstance(member, Conduct):
                items.setdefault(r, []).append(member)
            else:
                flag([r], "conduct", f"conduct[{j - int(offsets[r])}]", str(member))
        for r, found in items.items():
            conduct_sets[r] = frozenset(found)

    proposed = _column(events, "proposed", pa.bool_())
    proposed_values = [bool(v) for v in pc.fill_null(proposed, False).to_pylist()]

    note = _column(events, "note", pa.string())
    note_encoded = note.dictionary_encode()
    note_problems = [_event_value_problem("note", v) for v in note_encoded.dictionary.to_pylist()]
    note_values: list[object] = note.to_pylist()
    for r, code in enumerate(note_encoded.indices.to_pylist()):
        if code is not None and note_problems[code] is not None:
            flag([r], "note", "note", str(note_problems[code]))

    rows = [
        [
            at_values[r],
            columns["action"][r],
            columns["actor"][r],
            columns["target"][r],
            columns["outcome"][r],
            columns["place"][r],
            conduct_sets[r],
            proposed_values[r],
            columns["purpose"][r],
            Initiator.COLLECTOR,
            _NO_THREATS,
            note_values[r],
            None,  # debt: the event columns have none (the case's loan)
            None,  # received_on
            None,  # returned_on
        ]
        for r in range(n)
    ]
    return problems, rows


def _after(values: Sequence[object], as_of: datetime) -> bool:
    """Whether an event (its checked values) happened after ``as_of``: only a
    ``proposed`` event may be later."""
    at = values[0]
    return not values[7] and isinstance(at, datetime) and at > as_of


def read_batch(accounts: Any, events: Any, after: str | None = None) -> ColumnBatch:
    """Check a batch given as Arrow tables of accounts and of their events (both in id
    order; ``after`` is the id of the account before the batch) and give it as columns."""
    pa, np = pyarrow(), _np()
    unknown = [n for n in events.schema.names if n not in {c for c, *_ in EVENT_COLUMNS}]
    if unknown:
        raise InvalidInputError(f"events.parquet: {unknown[0]}", "unknown column")
    account_rows: list[Mapping[str, Any]] = accounts.to_pylist()
    event_ids = events.column("id").to_pylist() if len(events) else []
    merged, records = _merge([r.get("id") for r in account_rows], event_ids, after)
    problems, event_values = _event_problems(events)

    ids: list[str] = []
    bad: list[BadRecord] = []
    parts: list[Case] = []
    today: list[date] = []
    due: list[date] = []
    repaid: list[date | None] = []
    starts: list[int] = []
    stops: list[int] = []
    keep: list[int] = []  # event rows of the good accounts, in book order
    for item in merged:
        if isinstance(item, BadRecord):
            bad.append(item)
            continue
        row, account_id, start, stop = item
        data = _account_mapping(account_rows[row])
        data["events"] = []
        try:
            part = load_case(data)
        except InvalidInputError as error:
            bad.append(BadRecord.of(account_id, error))
            continue
        first = min(
            ((i, problems[start + i]) for i in range(stop - start) if start + i in problems),
            default=None,
            key=lambda x: x[0],
        )
        if first is not None:
            i, (_, path, problem) = first
            bad.append(BadRecord(account_id, f"events[{i}].{path}", problem))
            continue
        late = next(
            (i for i in range(stop - start) if _after(event_values[start + i], part.as_of)),
            None,
        )
        if late is not None:
            at = event_values[start + late][0]
            assert isinstance(at, datetime)
            bad.append(
                BadRecord(
                    account_id,
                    f"events[{late}].at",
                    f'{at.isoformat()} is after as_of; mark planned events "proposed": true',
                )
            )
            continue
        ids.append(account_id)
        parts.append(part)
        today.append(part.as_of.astimezone(part.borrower.tz).date())
        due.append(part.loan.due_date)
        repaid.append(part.loan.repaid_on)
        starts.append(len(keep))
        keep.extend(range(start, stop))
        stops.append(len(keep))

    kept = np.asarray(keep, dtype=np.int64)
    owner = np.repeat(np.arange(len(ids), dtype=np.int32), np.asarray(stops, dtype=np.int64) - np.asarray(starts, dtype=np.int64))
    good_events = events.take(pa.array(kept)) if len(events) else events
    good_events = good_events.append_column("account", pa.array(owner, type=pa.int32()))
    return ColumnBatch(
        tuple(ids),
        tuple(bad),
        records,
        tuple(p.borrower.jurisdiction for p in parts),
        np.array(today, dtype="datetime64[D]"),
        np.array(due, dtype="datetime64[D]"),
        np.array([np.datetime64("NaT") if d is None else d for d in repaid], dtype="datetime64[D]"),
        np.asarray(starts, dtype=np.int64),
        np.asarray(stops, dtype=np.int64),
        good_events,
        tuple(parts),
        tuple(tuple(event_values[int(k)]) for k in kept),
    )
