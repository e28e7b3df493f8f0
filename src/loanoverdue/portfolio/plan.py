"""The columnar plan: the registry's shaped rules compiled into numpy kernels over a
batch of a book's columns, and, for every other rule, the accounts the exact engine
must assess.

A shaped rule (:mod:`loanoverdue.law.shape`) is one statement of the law with two
executors: the engine calls the shape as the rule's check, and :func:`compile_plan`
turns the same filters and clauses into array operations -- enumerations as integer
codes, conduct as a bitmask, the borrower's local time from per-zone tables of UTC
offsets (``searchsorted`` on the zone's transitions, DST included), parameter values by
(jurisdiction, local day). Each finding's verdict, message key and parameters, and the
parameter values it lists, are those the engine gives (``tests/test_plan.py``).

A rule without a shape, a case rule or a platform's rule is ``exact``: :meth:`Plan.run`
says for which accounts of the batch it can apply (jurisdiction, platform, period and
the rule's declared event filters), so the engine runs only there.
:meth:`Plan.explain` says per rule which way and why.

Input is a batch as Arrow tables with the columns of a Parquet book
(``docs/reference/portfolio-tables.md``): accounts sorted by ``id``, each account's
events together. The plan does not validate: an account whose values it cannot read
(an unknown jurisdiction, zone or enumeration value, a missing time) or for which a
window parameter has no value on an event's day is marked for the exact path for every
rule, which reports it as a bad record or the pack's error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from importlib import import_module
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from loanoverdue.errors import LoanOverdueError
from loanoverdue.law.count import related_of
from loanoverdue.law.rule import Rule, Scope
from loanoverdue.law.shape import Clause
from loanoverdue.portfolio._arrow import pyarrow
from loanoverdue.registry import Registry
from loanoverdue.results import ParameterUse
from loanoverdue.vocabulary import Action, Actor, Conduct, Initiator, LenderKind, Place, Purpose, Target

__all__ = [
    "EXACT",
    "VECTORISED",
    "Plan",
    "PlanFindings",
    "PlanResult",
    "RulePlan",
    "ShapePlan",
    "compile_plan",
]

#: How a rule is screened: by a kernel over the batch's columns ...
VECTORISED = "vectorised"
#: ... or by the engine, account by account.
EXACT = "exact"

_DAY_US = 86_400_000_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_UTC = UTC


def numpy() -> ModuleType:
    """The ``numpy`` module (installed with pyarrow by the ``portfolio`` extra)."""
    pyarrow()  # names the extra when it is missing
    return import_module("numpy")


def np_array(values: Any) -> Any:
    """``values`` as a numpy array."""
    return numpy().asarray(values)


def _compute() -> ModuleType:
    pyarrow()
    return import_module("pyarrow.compute")


@attrs.frozen
class RulePlan:
    """How one rule is screened, and why."""

    rule: str
    method: str
    reason: str


# ------------------------------------------------------------------------ vocabularies

#: Each enumeration's members in a fixed order: a value's code is its position; the
#: code ``len(members)`` stands for "no value" (an event without a place or purpose).
_MEMBERS: dict[str, tuple[Any, ...]] = {
    "action": tuple(Action),
    "actor": tuple(Actor),
    "target": tuple(Target),
    "place": tuple(Place),
    "purpose": tuple(Purpose),
    "initiated_by": tuple(Initiator),
    "lender_kind": tuple(LenderKind),
}
#: The value an event has when its column is missing or null (the case file's defaults).
_DEFAULTS: dict[str, Any] = {
    "actor": Actor.UNKNOWN,
    "target": Target.BORROWER,
    "place": None,
    "purpose": None,
    "initiated_by": Initiator.COLLECTOR,
}
_CONDUCT = tuple(Conduct)
_BIT = {c: 1 << i for i, c in enumerate(_CONDUCT)}


def _mask(values: frozenset[Conduct] | None) -> int | None:
    if values is None:
        return None
    out = 0
    for c in values:
        out |= _BIT[c]
    return out


def _allowed(column: str, values: frozenset[Any] | None) -> Any:
    """A boolean table over the column's codes: which values pass (``None``: all)."""
    if values is None:
        return None
    members = _MEMBERS[column]
    np = numpy()
    return np.array([m in values for m in members] + [None in values], dtype=bool)


# ------------------------------------------------------------------------ local time


@lru_cache(maxsize=512)
def _zone_year(name: str, year: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The UTC instants (seconds) from which each UTC offset (seconds) holds in zone
    ``name`` during the UTC year ``year``: its start and each transition in it."""
    zone = ZoneInfo(name)
    start = int(datetime(year, 1, 1, tzinfo=_UTC).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=_UTC).timestamp())

    def offset(t: int) -> int:
        delta = datetime.fromtimestamp(t, tz=zone).utcoffset()
        assert delta is not None
        return int(delta.total_seconds())

    step = 3 * 3600  # no zone has two transitions within three hours
    moments, offsets = [start], [offset(start)]
    t = start
    while t < end:
        nxt = min(t + step, end)
        if nxt < end and offset(nxt) != offsets[-1]:
            low, high = t, nxt  # offset(low) is the old one, offset(high) the new one
            while high - low > 1:
                mid = (low + high) // 2
                if offset(mid) == offsets[-1]:
                    low = mid
                else:
                    high = mid
            moments.append(high)
            offsets.append(offset(high))
        t = nxt
    return tuple(moments), tuple(offsets)


def _zone_table(name: str, first_us: int, last_us: int) -> tuple[Any, Any]:
    """Transition instants (microseconds) and offsets (microseconds) of zone ``name``
    covering ``[first_us, last_us]``."""
    np = numpy()
    moments: list[int] = []
    offsets: list[int] = []
    first = datetime.fromtimestamp(first_us // 1_000_000, tz=_UTC).year
    last = datetime.fromtimestamp(last_us // 1_000_000, tz=_UTC).year
    for year in range(first, last + 1):
        m, o = _zone_year(name, year)
        moments += m
        offsets += o
    return np.array(moments, dtype=np.int64) * 1_000_000, np.array(offsets, dtype=np.int64) * 1_000_000


def _local_us(ts: Any, zone_code: Any, zones: Sequence[str | None]) -> tuple[Any, Any]:
    """Local wall-clock microseconds since the epoch of each instant ``ts`` (UTC
    microseconds) in the zone named by ``zones[zone_code]``; and a mask of the instants
    whose zone is unknown (their local value is 0)."""
    np = numpy()
    local = np.zeros(len(ts), dtype=np.int64)
    bad = np.zeros(len(ts), dtype=bool)
    for code, name in enumerate(zones):
        sel = np.flatnonzero(zone_code == code)
        if not len(sel):
            continue
        if name is None:
            bad[sel] = True
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            bad[sel] = True
            continue
        at = ts[sel]
        moments, offsets = _zone_table(name, int(at.min()), int(at.max()))
        where = np.searchsorted(moments, at, side="right") - 1
        local[sel] = at + offsets[where]
    return local, bad


# ------------------------------------------------------------------------ columns


def _codes(column: Any, name: str, length: int) -> tuple[Any, Any]:
    """Integer codes of a string column (``None``: the column is missing, every row
    has the default), and a mask of rows whose value is not a member."""
    np = numpy()
    members = _MEMBERS[name]
    none = len(members)
    default = _DEFAULTS.get(name)
    fill = none if default is None else members.index(default)
    if column is None:
        return np.full(length, fill, dtype=np.int16), np.zeros(length, dtype=bool)
    encoded = column.dictionary_encode() if not pyarrow().types.is_dictionary(column.type) else column
    by_value = {m.value: i for i, m in enumerate(members)}
    table = np.array([by_value.get(v, -1) for v in encoded.dictionary.to_pylist()] + [fill], dtype=np.int16)
    idx = encoded.indices.fill_null(len(table) - 1).to_numpy(zero_copy_only=False)
    codes = table[idx]
    bad = codes < 0
    if default is None and name not in ("place", "purpose"):
        bad |= idx == len(table) - 1  # a required value is missing
    codes[bad] = fill
    return codes, bad


def _conduct_masks(column: Any, length: int) -> tuple[Any, Any]:
    """Each event's conduct flags as a bitmask, and a mask of events with an unknown flag."""
    np = numpy()
    masks = np.zeros(length, dtype=np.int64)
    bad = np.zeros(length, dtype=bool)
    if column is None:
        return masks, bad
    values = column.flatten()
    if not len(values):
        return masks, bad
    parents = _compute().list_parent_indices(column).to_numpy()
    encoded = values.dictionary_encode()
    bits = np.array([_bit(v) for v in encoded.dictionary.to_pylist()] + [-1], dtype=np.int64)
    idx = encoded.indices.fill_null(len(bits) - 1).to_numpy(zero_copy_only=False)
    per_value = bits[idx]
    unknown = per_value < 0
    bad[parents[unknown]] = True
    np.bitwise_or.at(masks, parents[~unknown], per_value[~unknown])
    return masks, bad


def _bit(value: str) -> int:
    """The bit of conduct flag ``value`` (-1: not a flag)."""
    try:
        return _BIT[Conduct(value)]
    except ValueError:
        return -1


def _column(table: Any, name: str) -> Any:
    """The column ``name`` as one Arrow array (``None`` when the table has none)."""
    if name not in table.column_names:
        return None
    column = table.column(name)
    return column.combine_chunks() if isinstance(column, pyarrow().ChunkedArray) else column


def _strings(column: Any) -> tuple[Any, list[str | None]]:
    """Codes of a string column over its distinct values, and those values."""
    encoded = column.dictionary_encode()
    values: list[str | None] = [*encoded.dictionary.to_pylist(), None]
    idx = encoded.indices.fill_null(len(values) - 1).to_numpy(zero_copy_only=False)
    return idx, values


@attrs.frozen
class _Batch:
    """A batch's columns as arrays: accounts (``a_*``) and events (``e_*``)."""

    ids: list[str]
    a_chain: Any  # per account: code of its jurisdiction
    chains: list[tuple[str, ...] | None]
    a_platform: Any
    platforms: list[str | None]
    a_kind: Any
    a_today: Any  # local as_of day (days since the epoch)
    a_bad: Any
    a_zone: Any  # per account: code of its zone in ``zones``
    zones: list[str | None]
    e_acc: Any
    e_index: Any
    e_ts: Any
    e_local: Any
    e_day: Any
    e_tod: Any
    e_codes: Mapping[str, Any]
    e_conduct: Any
    e_proposed: Any
    #: Signatures for the rules' filters, and for the clauses (a finer partition).
    sig: _Signatures
    clause_sig: _Signatures
    #: For each clause signature, its filter signature.
    coarse: Any


#: The columns of an event's signature for the rules' filters: the account's
#: jurisdiction and platform and whether it is unread, and the event's own values ...
_FILTERED = ("chain", "platform", "bad", "action", "actor", "target")
#: ... and, for the clauses, the rest of what a clause tests but the time.
_CLAUSED = (*_FILTERED, "lender_kind", "place", "purpose", "initiated_by")


@attrs.frozen
class _Signatures:
    """The distinct signatures of a batch's events (``names`` and the conduct mask):
    what a filter or clause tests is decided once per signature, then spread to the
    events by ``inverse``. ``columns[name]`` and ``conduct`` are per signature."""

    inverse: Any
    first: Any  # an event of each signature
    columns: Mapping[str, Any]
    conduct: Any

    @classmethod
    def of(cls, names: tuple[str, ...], columns: Mapping[str, Any], conduct: Any) -> _Signatures:
        np = numpy()
        if not len(conduct):
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, {k: empty for k in names}, conduct)
        parts = [np.asarray(columns[name], dtype=np.int64) for name in names] + [conduct]
        widths = [max(1, int(p.max()).bit_length()) for p in parts]
        if sum(widths) <= 63:
            key = np.zeros(len(conduct), dtype=np.int64)
            for part, width in zip(parts, widths, strict=True):
                key = (key << width) | part
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        else:  # too wide for one integer: rows of a matrix
            _, first, inverse = np.unique(
                np.stack(parts, axis=1), axis=0, return_index=True, return_inverse=True
            )
        return cls(
            inverse.reshape(-1), first, {k: np.asarray(columns[k])[first] for k in names}, conduct[first]
        )


def _read_batch(registry: Registry, accounts: Any, events: Any) -> _Batch:
    np = numpy()
    pa = pyarrow()
    pc = _compute()
    n = accounts.num_rows
    ids = _column(accounts, "id").to_pylist()
    a_bad = np.zeros(n, dtype=bool)
    jur, codes = _strings(_column(accounts, "jurisdiction"))
    chains: list[tuple[str, ...] | None] = []
    for code in codes:
        try:
            chains.append(None if code is None else registry.chain(code))
        except LoanOverdueError:
            chains.append(None)
    a_bad |= np.array([chains[c] is None for c in jur], dtype=bool) if n else a_bad
    zone_code, zones = _strings(_column(accounts, "timezone"))
    plat = _column(accounts, "lender_platform")
    platforms: list[str | None]
    if plat is None:
        a_platform, platforms = np.full(n, 0, dtype=np.int64), [None]
    else:
        a_platform, platforms = _strings(plat)
    a_kind, kind_bad = _codes(_column(accounts, "lender_kind"), "lender_kind", n)
    a_bad |= kind_bad
    as_of = _column(accounts, "as_of")
    as_of_us = pc.cast(as_of, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    a_bad |= as_of.is_null().to_numpy(zero_copy_only=False)
    a_bad |= _time_consents(_column(accounts, "protections"), n)
    a_local, zone_bad = _local_us(as_of_us, zone_code, zones)
    a_bad |= zone_bad
    a_today = a_local // _DAY_US

    m = events.num_rows
    e_acc = pc.index_in(_column(events, "id"), value_set=_column(accounts, "id")).to_numpy(
        zero_copy_only=False
    )
    e_acc = np.asarray(e_acc, dtype=np.float64)
    orphan = np.isnan(e_acc)
    e_acc = np.where(orphan, 0, e_acc).astype(np.int64)
    keep = ~orphan
    # each account's events together, in the case file's order: index within the account
    first = np.full(n, -1, dtype=np.int64)
    rows = np.arange(m, dtype=np.int64)
    if m:
        starts = np.flatnonzero(np.r_[True, e_acc[1:] != e_acc[:-1]])
        first[e_acc[starts[::-1]]] = starts[::-1]
    e_index = rows - first[e_acc]
    at = _column(events, "at")
    e_ts = pc.cast(at, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    e_bad = at.is_null().to_numpy(zero_copy_only=False).copy()
    e_zone = zone_code[e_acc] if m else np.zeros(0, dtype=np.int64)
    e_local, ebad = _local_us(e_ts, e_zone, zones)
    e_bad |= ebad
    e_day = e_local // _DAY_US
    e_tod = e_local - e_day * _DAY_US
    e_codes: dict[str, Any] = {}
    for name in ("action", "actor", "target", "place", "purpose", "initiated_by"):
        codes_, bad = _codes(_column(events, name), name, m)
        e_codes[name] = codes_
        e_bad |= bad
    e_conduct, cbad = _conduct_masks(_column(events, "conduct"), m)
    e_bad |= cbad
    proposed = _column(events, "proposed")
    e_proposed = (
        np.zeros(m, dtype=bool)
        if proposed is None
        else proposed.fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
    )
    if m:
        a_bad[e_acc[e_bad & keep]] = True
    e_acc_kept = e_acc[keep]
    signature_columns = {
        "chain": jur[e_acc_kept],
        "platform": a_platform[e_acc_kept],
        "lender_kind": a_kind[e_acc_kept],
        "bad": a_bad[e_acc_kept],
        **{k: v[keep] for k, v in e_codes.items()},
    }
    return _Batch(
        ids,
        jur,
        chains,
        a_platform,
        platforms,
        a_kind,
        a_today,
        a_bad,
        zone_code,
        zones,
        e_acc[keep],
        e_index[keep],
        e_ts[keep],
        e_local[keep],
        e_day[keep],
        e_tod[keep],
        {k: v[keep] for k, v in e_codes.items()},
        e_conduct[keep],
        e_proposed[keep],
        *_signatures(signature_columns, e_conduct[keep]),
    )


def _time_consents(column: Any, n: int) -> Any:
    """Accounts with a ``contact_consent`` that names hours (a column of protections
    with an ``hours`` field): a count that leaves consented contacts out
    (``unconsented``) is the engine's to run for them, and so is every rule."""
    np = numpy()
    out = np.zeros(n, dtype=bool)
    if column is None or "hours" not in [f.name for f in column.type.value_type]:
        return out  # the book's protections (kind, since) name no hours
    for i, items in enumerate(column.to_pylist()):
        out[i] = any(p and p.get("kind") == "contact_consent" and p.get("hours") is not None for p in items or ())
    return out


def _signatures(columns: Mapping[str, Any], conduct: Any) -> tuple[_Signatures, _Signatures, Any]:
    filtered = _Signatures.of(_FILTERED, columns, conduct)
    claused = _Signatures.of(_CLAUSED, columns, conduct)
    return filtered, claused, filtered.inverse[claused.first]


# ------------------------------------------------------------------------ the plan


@attrs.frozen
class _Compiled:
    """A rule's filters as lookup tables and masks."""

    rule: Rule
    low: int  # first and last local day in force (days since the epoch)
    high: int
    action: Any
    actor: Any
    target: Any
    conduct: int | None


def _day_number(day: date | None, default: int) -> int:
    return default if day is None else day.toordinal() - _EPOCH_ORDINAL


def _compiled(rule: Rule) -> _Compiled:
    return _Compiled(
        rule,
        _day_number(rule.period.start, -(10**9)),
        _day_number(rule.period.end, 10**9),
        _allowed("action", rule.actions),
        _allowed("actor", rule.actors),
        _allowed("target", rule.targets),
        _mask(rule.conduct),
    )


@attrs.frozen
class PlanFindings:
    """The findings of the vectorised rules for one batch, as columns: one row per
    finding, in (account, event, rule) order. ``parameters[k]`` are the parameter
    values the finding rests on, one tuple per distinct set (``params_of[k]``)."""

    account: Any  # row of the account in the batch
    event: Any  # index of the event in its account
    rule: Any  # position in Plan.vectorised
    clause: Any  # position of the clause that held
    proposed: Any
    uses: Any  # position in ``parameters``
    parameters: list[tuple[ParameterUse, ...]]
    #: The values of ``parameters[k]`` as the check reads them (a window's start and end).
    values: list[tuple[object, ...]]
    local: Any  # the event's local wall-clock microseconds (for message parameters)
    action: Any
    target: Any
    #: Counting rules (clause -1): the count, the limit and the days read, and the
    #: number of the window in ``groups`` (-1 for a shaped rule's finding).
    count: Any
    limit: Any
    days: Any
    group: Any
    #: Per window of a counting rule: the related events (indexes in the account), the
    #: instants (UTC microseconds) of its first and last event, and the account's zone.
    groups: list[tuple[tuple[int, ...], int, int, str]]

    def __len__(self) -> int:
        return len(self.account)


#: Fields of PlanFindings that are not one value per finding.
_WHOLE = frozenset({"parameters", "values", "groups"})


@attrs.frozen
class PlanResult:
    """What :meth:`Plan.run` gives for a batch: the vectorised rules' findings, and for
    each exact rule the mask of the batch's accounts the engine must assess for it."""

    ids: list[str]
    findings: PlanFindings
    exact: Mapping[str, Any]
    #: Accounts the plan could not read: every rule is exact for them.
    unread: Any
    plan: Plan

    def with_unread(self, more: Any) -> PlanResult:
        """This result with the accounts ``more`` (a boolean mask) unread too: their
        findings dropped, every rule exact for them."""
        np = numpy()
        unread = self.unread | more
        f = self.findings
        keep = ~unread[f.account]
        findings = PlanFindings(
            *(getattr(f, a.name)[keep] if a.name not in _WHOLE else getattr(f, a.name) for a in attrs.fields(PlanFindings))
        )
        exact = {rule: np.asarray(mask) | more for rule, mask in self.exact.items()}
        return PlanResult(self.ids, findings, exact, unread, self.plan)

    def exact_accounts(self) -> Any:
        """The mask of accounts some exact rule must be run for."""
        np = numpy()
        out = self.unread.copy()
        for mask in self.exact.values():
            out |= mask
        return np.asarray(out)

    def rows(self) -> Iterator[dict[str, Any]]:
        """The findings as rows: ``id``, ``rule``, ``verdict``, ``event``, ``weight``,
        ``proposed``, ``parameters`` (as the screen's findings table has them), and
        ``message`` (the message key) and ``params`` (the message parameters, the
        values the engine's finding holds)."""
        f = self.findings
        rules = self.plan.vectorised
        for k in range(len(f)):
            rule = rules[int(f.rule[k])]
            related: tuple[int, ...] = ()
            related_count = 0
            if rule.count is not None:
                count = rule.count
                related, first, last, zone = f.groups[int(f.group[k])]
                related_count = int(f.count[k])
                verdict, message = count.verdict, count.message
                params = _count_params(count.params, f, k, first, last, zone)
            else:
                assert rule.shape is not None
                clause = rule.shape.clauses[int(f.clause[k])]
                verdict, message = clause.verdict, clause.message
                params = _message_params(clause, f, k)
            row = {
                "id": self.ids[int(f.account[k])],
                "rule": rule.id,
                "verdict": verdict.value,
                "event": int(f.event[k]),
                "weight": rule.weight.value,
                "proposed": bool(f.proposed[k]),
                "parameters": f.parameters[int(f.uses[k])],
                "message": message or verdict.value,
                "params": params,
                "related": related,
                "related_count": related_count,
            }
            yield row

    def table_rows(self) -> Iterator[dict[str, Any]]:
        """The findings as rows of the screen's findings table (the columns of
        :func:`~loanoverdue.portfolio.output.finding_rows`, parameter values as text),
        in (account, event, rule) order. Within an account the engine orders findings
        by event time, then rule id: merge with the exact rules' rows by that key."""
        from loanoverdue.portfolio.output import _text

        shown: dict[int, list[dict[str, Any]]] = {}
        for row in self.rows():
            uses = row.pop("parameters")
            key = id(uses)
            found = shown.get(key)
            if found is None:
                found = shown[key] = [
                    {
                        "id": u.id,
                        "jurisdiction": u.jurisdiction,
                        "value": _text(u.value),
                        "overridden": u.overridden,
                    }
                    for u in uses
                ]
            del row["message"], row["params"], row["related"], row["related_count"]
            row["parameters"] = found
            yield row


def _message_params(clause: Clause, f: PlanFindings, k: int) -> dict[str, object]:
    out: dict[str, object] = {}
    local = int(f.local[k])
    values = f.values[int(f.uses[k])]
    for name in clause.params:
        if name == "action":
            out[name] = _MEMBERS["action"][int(f.action[k])]
        elif name == "target":
            out[name] = _MEMBERS["target"][int(f.target[k])]
        elif name == "date":
            out[name] = date.fromordinal(local // _DAY_US + _EPOCH_ORDINAL)
        elif name == "local_time":
            out[name] = _time_of(local % _DAY_US)
        elif name == "start":
            out[name] = values[0]
        else:
            out[name] = values[1]
    return out


def _count_params(
    names: tuple[str, ...], f: PlanFindings, k: int, first: int, last: int, zone: str
) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in names:
        if name == "count":
            out[name] = int(f.count[k])
        elif name == "limit":
            out[name] = int(f.limit[k])
        elif name == "days":
            out[name] = int(f.days[k])
        else:
            us = first if name == "start" else last
            out[name] = (_EPOCH + timedelta(microseconds=us)).astimezone(_zone(zone))
    return out


_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)


@lru_cache(maxsize=256)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _time_of(us: int) -> time:
    return (datetime.min + timedelta(microseconds=us)).time()


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


class _Sets:
    """The distinct sets of parameter values findings rest on, numbered from 0 (none),
    with the values a check reads from them."""

    def __init__(self) -> None:
        self.index: dict[tuple[ParameterUse, ...], int] = {(): 0}
        self.values: list[tuple[object, ...]] = [()]

    def number(self, uses: tuple[ParameterUse, ...], values: tuple[object, ...]) -> int:
        found = self.index.get(uses)
        if found is None:
            found = self.index[uses] = len(self.values)
            self.values.append(values)
        return found


@attrs.frozen(eq=False)
class Plan:
    """The registry's rules, each vectorised (its shape compiled) or exact."""

    registry: Registry
    methods: tuple[RulePlan, ...]
    vectorised: tuple[Rule, ...]
    exact_rules: tuple[Rule, ...]
    _compiled: Mapping[str, _Compiled]

    def explain(self) -> list[RulePlan]:
        """Per rule, by id: vectorised or exact, and why."""
        return list(self.methods)

    def method_of(self) -> dict[str, str]:
        """Rule id -> ``vectorised`` or ``exact``."""
        return {m.rule: m.method for m in self.methods}

    def run(self, accounts: Any, events: Any) -> PlanResult:
        """The vectorised rules' findings for a batch (Arrow tables with the columns of
        a Parquet book), and the accounts each exact rule must be run for."""
        b = _read_batch(self.registry, accounts, events)
        parts: list[tuple[Any, ...]] = []
        counted: list[tuple[Any, ...]] = []
        groups: list[tuple[tuple[int, ...], int, int, str]] = []
        sets = _Sets()
        for position, rule in enumerate(self.vectorised):
            passing = self._passing_signatures(self._compiled[rule.id], b)
            if not passing.any():
                continue
            if rule.count is not None:
                counted.extend(self._counts(position, rule, b, passing, sets, groups))
            else:
                parts.extend(self._clauses(position, rule, b, passing, sets))
        exact = {rule.id: self._exact_accounts(self._compiled[rule.id], b) for rule in self.exact_rules}
        return PlanResult(b.ids, self._findings(parts, counted, groups, b, sets), exact, b.a_bad.copy(), self)

    # -- kernels -------------------------------------------------------------------------

    def _chain_ok(self, rule: Rule, b: _Batch) -> Any:
        """Per jurisdiction code of the batch: whether the rule is in its chain."""
        np = numpy()
        return np.array([chain is not None and rule.jurisdiction in chain for chain in b.chains], dtype=bool)

    def _passing_signatures(self, c: _Compiled, b: _Batch) -> Any:
        """Signatures the rule's filters pass, of read accounts it applies to (the
        period is the events' to pass: see :meth:`_in_period`)."""
        np = numpy()
        sig = b.sig
        cols = sig.columns
        ok = self._chain_ok(c.rule, b)[cols["chain"]] & ~cols["bad"].astype(bool)
        if c.rule.platform is not None:
            ok &= np.array([p == c.rule.platform for p in b.platforms], dtype=bool)[cols["platform"]]
        for name, table in (("action", c.action), ("actor", c.actor), ("target", c.target)):
            if table is not None:
                ok &= table[cols[name]]
        if c.conduct is not None:
            ok &= (sig.conduct & c.conduct) != 0
        return ok

    def _in_period(self, c: _Compiled, b: _Batch, events: Any) -> Any:
        """Whether each of ``events`` (rows) lies, by local date, in the rule's period."""
        np = numpy()
        day = b.e_day[events]
        if not len(day) or (c.low <= int(day.min()) and int(day.max()) <= c.high):
            return np.ones(len(day), dtype=bool)
        return (day >= c.low) & (day <= c.high)

    def _clauses(
        self, position: int, rule: Rule, b: _Batch, passing: Any, sets: _Sets
    ) -> Iterator[tuple[Any, ...]]:
        """The findings of one shaped rule: (event rows, rule, clause, parameter sets)."""
        np = numpy()
        assert rule.shape is not None
        c = self._compiled[rule.id]
        inverse = b.clause_sig.inverse
        passing = passing[b.coarse]  # per clause signature
        # the first clause that holds, per signature, for clauses that need no time
        remaining = passing.copy()
        first = np.full(len(passing), -1, dtype=np.int64)
        clauses = rule.shape.clauses
        timed = next((k for k, clause in enumerate(clauses) if clause.local_time is not None), len(clauses))
        for k in range(timed):
            held = remaining & _clause_mask(clauses[k], b.clause_sig)
            first[held] = k
            remaining &= ~held
        if timed == len(clauses):
            rows = np.flatnonzero(first[inverse] >= 0)
            rows = rows[self._in_period(c, b, rows)]
            if len(rows):
                yield (
                    rows,
                    np.full(len(rows), position),
                    first[inverse[rows]],
                    np.zeros(len(rows), dtype=np.int64),
                )
            return
        # from the first clause with a time window on, the events decide, clause by clause
        candidates = np.flatnonzero(passing[inverse])
        candidates = candidates[self._in_period(c, b, candidates)]
        clause_of = first[inverse[candidates]]
        uses = np.zeros(len(candidates), dtype=np.int64)
        open_ = clause_of < 0
        for k in range(timed, len(clauses)):
            if not open_.any():
                break
            clause = clauses[k]
            held = open_ & _clause_mask(clause, b.clause_sig)[inverse[candidates]]
            if clause.local_time is not None and held.any():
                inside, found = self._window(clause, b, candidates, held, sets)
                held &= inside
                uses[held] = found[held]
            clause_of[held] = k
            open_ &= ~held
        done = clause_of >= 0
        rows = candidates[done]
        if len(rows):
            yield rows, np.full(len(rows), position), clause_of[done], uses[done]

    def _window(self, clause: Clause, b: _Batch, rows: Any, held: Any, sets: _Sets) -> tuple[Any, Any]:
        """For the events ``rows[held]``: whether each one's local time lies in the
        clause's window on its day, and the parameter values (start, end) that say so,
        as numbers of ``sets``; over all of ``rows`` (False and 0 elsewhere)."""
        np = numpy()
        assert clause.local_time is not None
        window = clause.local_time
        inside = np.zeros(len(rows), dtype=bool)
        found = np.zeros(len(rows), dtype=np.int64)
        picked = rows[held]
        where = np.flatnonzero(held)
        chain_of = b.sig.columns["chain"][b.sig.inverse[picked]]
        days = b.e_day[picked]
        tod = b.e_tod[picked]
        for code in np.unique(chain_of).tolist():
            chain = b.chains[code]
            assert chain is not None
            mine = np.flatnonzero(chain_of == code)
            order = mine[np.argsort(days[mine], kind="stable")]
            sorted_days = days[order]
            i = 0
            while i < len(order):  # one span of unchanged values at a time
                day = date.fromordinal(int(sorted_days[i]) + _EPOCH_ORDINAL)
                s = self.registry.parameter_span(window.start, chain, day)
                e = self.registry.parameter_span(window.end, chain, day)
                if (
                    s is None
                    or e is None
                    or not isinstance(s.value.value, time)
                    or not isinstance(e.value.value, time)
                ):
                    # no value (or not a time) that day: the engine says what is wrong, for
                    # every rule of those accounts
                    j = int(np.searchsorted(sorted_days, sorted_days[i], side="right"))
                    b.a_bad[b.e_acc[picked[order[i:j]]]] = True
                    i = j
                    continue
                start, end = s.value.value, e.value.value
                high = min(s.high, e.high).toordinal() - _EPOCH_ORDINAL
                j = int(np.searchsorted(sorted_days, high, side="left"))
                span = order[i:j]
                lo, hi = _us_of(start), _us_of(end)
                t = tod[span]
                inside[where[span]] = (lo <= t) & (t < hi) if lo <= hi else (t >= lo) | (t < hi)
                found[where[span]] = sets.number((s.use, e.use), (start, end))
                i = j
        return inside, found

    def _exact_accounts(self, c: _Compiled, b: _Batch) -> Any:
        """Accounts of the batch the exact rule can apply to: in its chain (and
        platform), and for an event rule with an event its filters and period pass;
        for a case rule, assessed on or after its first day. Unread accounts too."""
        np = numpy()
        rule = c.rule
        if rule.scope is Scope.CASE:
            ok = self._chain_ok(rule, b)[b.a_chain]
            if rule.platform is not None:
                ok &= np.array([p == rule.platform for p in b.platforms], dtype=bool)[b.a_platform]
            return (ok & (b.a_today >= c.low)) | b.a_bad
        hit = np.zeros(len(b.ids), dtype=bool)
        passing = self._passing_signatures(c, b)
        if passing.any():
            rows = np.flatnonzero(passing[b.sig.inverse])
            rows = rows[self._in_period(c, b, rows)]
            hit[b.e_acc[rows]] = True
        return hit | b.a_bad

    def _findings(
        self,
        parts: list[tuple[Any, ...]],
        counted: list[tuple[Any, ...]],
        groups: list[tuple[tuple[int, ...], int, int, str]],
        b: _Batch,
        sets: _Sets,
    ) -> PlanFindings:
        np = numpy()
        zero = np.zeros(0, dtype=np.int64)
        columns: list[list[Any]] = [[] for _ in range(8)]
        for p in parts:  # rows, rule, clause, uses; no count
            n = len(p[0])
            for j in range(4):
                columns[j].append(np.asarray(p[j], dtype=np.int64))
            for j in range(4, 8):
                columns[j].append(np.full(n, -1 if j == 7 else 0, dtype=np.int64))
        for p in counted:  # rows, rule, uses, count, limit, days, group
            n = len(p[0])
            columns[0].append(p[0])
            columns[1].append(p[1])
            columns[2].append(np.full(n, -1, dtype=np.int64))
            for j, q in zip(range(3, 8), p[2:], strict=True):
                columns[j].append(np.asarray(q, dtype=np.int64))
        rows, rule, clause, uses, count, limit, days, group = (
            np.concatenate(c) if c else zero for c in columns
        )
        keep = ~b.a_bad[b.e_acc[rows]]  # accounts found unreadable on the way: exact
        order = np.flatnonzero(keep)
        order = order[np.lexsort((rule[order], b.e_index[rows[order]], b.e_acc[rows[order]]))]
        rows, rule, clause, uses = rows[order], rule[order], clause[order], uses[order]
        count, limit, days, group = count[order], limit[order], days[order], group[order]
        return PlanFindings(
            b.e_acc[rows],
            b.e_index[rows],
            rule,
            clause,
            b.e_proposed[rows],
            uses,
            list(sets.index),
            sets.values,
            b.e_local[rows],
            b.e_codes["action"][rows],
            b.e_codes["target"][rows],
            count,
            limit,
            days,
            group,
            groups,
        )

    def _counts(
        self,
        position: int,
        rule: Rule,
        b: _Batch,
        passing: Any,
        sets: _Sets,
        groups: list[tuple[tuple[int, ...], int, int, str]],
    ) -> Iterator[tuple[Any, ...]]:
        """The findings of one counting rule: (event rows, rule, parameter sets, count,
        limit, days, window numbers in ``groups``)."""
        np = numpy()
        count = rule.count
        assert count is not None
        c = self._compiled[rule.id]
        held = (passing[b.coarse] & _clause_mask(count.events, b.clause_sig))[b.clause_sig.inverse]
        rows = np.flatnonzero(held)
        rows = rows[self._in_period(c, b, rows)]
        rows = rows[b.a_today[b.e_acc[rows]] >= c.low]  # the rule runs from its first day
        if not len(rows):
            return
        # in time order within each account (ties in the case's order)
        rows = rows[np.lexsort((b.e_index[rows], b.e_ts[rows], b.e_acc[rows]))]
        chain_of = b.a_chain[b.e_acc[rows]]
        for code in np.unique(chain_of).tolist():
            chain = b.chains[code]
            assert chain is not None
            mine = rows[chain_of == code]
            yield from self._count_chain(position, count, chain, b, mine, sets, groups)

    def _count_chain(
        self,
        position: int,
        count: Any,
        chain: tuple[str, ...],
        b: _Batch,
        rows: Any,
        sets: _Sets,
        groups: list[tuple[tuple[int, ...], int, int, str]],
    ) -> Iterator[tuple[Any, ...]]:
        np = numpy()
        acc = b.e_acc[rows]
        day = b.e_day[rows]
        days, day_use, uses = self._values_on(count.days, chain, day, b, acc, positive=True)
        if count.window == "calendar":
            # windows of `days` local days: date.toordinal() // days
            bucket = (day + _EPOCH_ORDINAL) // np.maximum(days, 1)
            key = np.stack([acc, days, bucket], axis=1)
            _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
            inverse = inverse.reshape(-1)
            sizes = np.bincount(inverse)
            limit_w, limit_use_w, uses = self._values_on(count.limit, chain, day[first], b, acc[first], uses)
            over = sizes >= limit_w if count.at_least else sizes > limit_w
            windows = np.flatnonzero(over & ~b.a_bad[acc[first]])
            if not len(windows):
                return
            # members of each window in time order: rows are, so a stable sort keeps it
            members = np.argsort(inverse, kind="stable")
            starts = np.r_[0, np.cumsum(sizes)[:-1]]
            back = 1 if count.at_least else 0
            at = starts[windows] + np.maximum(limit_w[windows] - back, 0)
            event_rows = members[at]
            limit_use_row = np.full(len(rows), -1, dtype=np.int64)
            limit_use_row[first] = limit_use_w
            out_rows, out_uses, out_group = [], [], []
            account_uses: dict[int, int] = {}
            for w, event_row in zip(windows.tolist(), event_rows.tolist(), strict=True):
                picked = members[starts[w] : starts[w] + sizes[w]]
                a = int(acc[picked[0]])
                number = account_uses.get(a)
                if number is None:
                    number = account_uses[a] = self._account_uses(
                        acc, a, day_use, limit_use_row, first, inverse, uses, sets
                    )
                related = related_of(b.e_index[rows[picked]].tolist())
                zone = b.zones[int(b.a_zone[a])]
                assert zone is not None
                groups.append((related, int(b.e_ts[rows[picked[0]]]), int(b.e_ts[rows[picked[-1]]]), zone))
                out_rows.append(rows[event_row])
                out_uses.append(number)
                out_group.append(len(groups) - 1)
            yield (
                np.asarray(out_rows, dtype=np.int64),
                np.full(len(out_rows), position, dtype=np.int64),
                np.asarray(out_uses, dtype=np.int64),
                sizes[windows],
                limit_w[windows],
                days[first[windows]],
                np.asarray(out_group, dtype=np.int64),
            )
            return
        # rolling: the counted events of the `days` before each one's instant, its own included
        limit, limit_use, uses = self._values_on(count.limit, chain, day, b, acc, uses)
        ts = b.e_ts[rows]
        distinct, rank = np.unique(ts, return_inverse=True)
        rank = rank.reshape(-1)
        width = len(distinct) + 1
        keys = acc * width + rank
        low = np.searchsorted(distinct, ts - days * _DAY_US, side="right")
        lo = np.searchsorted(keys, acc * width + low, side="left")
        hi = np.searchsorted(keys, keys, side="right")
        sizes = hi - lo
        over = sizes >= limit if count.at_least else sizes > limit
        hits = np.flatnonzero(over & ~b.a_bad[acc])
        if not len(hits):
            return
        out_uses, out_group = [], []
        account_uses = {}
        first_of: dict[int, int] = {}
        for i in hits.tolist():
            a = int(acc[i])
            number = account_uses.get(a)
            if number is None:
                mine = np.flatnonzero(acc == a)
                first_of[a] = int(mine[0])
                number = account_uses[a] = sets.number(
                    _ordered(uses, day_use[mine]) + _ordered(uses, limit_use[mine]), ()
                )
            picked = np.arange(lo[i], hi[i])
            related = related_of(b.e_index[rows[picked]].tolist())
            zone = b.zones[int(b.a_zone[a])]
            assert zone is not None
            groups.append((related, int(ts[lo[i]]), int(ts[hi[i] - 1]), zone))
            out_uses.append(number)
            out_group.append(len(groups) - 1)
        yield (
            rows[hits],
            np.full(len(hits), position, dtype=np.int64),
            np.asarray(out_uses, dtype=np.int64),
            sizes[hits],
            limit[hits],
            days[hits],
            np.asarray(out_group, dtype=np.int64),
        )

    def _account_uses(
        self,
        acc: Any,
        a: int,
        day_use: Any,
        limit_use_row: Any,
        first: Any,
        inverse: Any,
        uses: list[ParameterUse],
        sets: _Sets,
    ) -> int:
        """The number in ``sets`` of what account ``a``'s count rests on: the days
        values of its events in time order, then the limits of its windows in the order
        they were made, each once."""
        np = numpy()
        mine = np.flatnonzero(acc == a)
        made = np.sort(first[np.unique(inverse[mine])])
        return sets.number(_ordered(uses, day_use[mine]) + _ordered(uses, limit_use_row[made]), ())

    def _values_on(
        self,
        pid: str,
        chain: tuple[str, ...],
        day: Any,
        b: _Batch,
        acc: Any,
        uses: list[ParameterUse] | None = None,
        *,
        positive: bool = False,
    ) -> tuple[Any, Any, list[ParameterUse]]:
        """The integer value of parameter ``pid`` on each of ``day`` along ``chain``, and
        the number of its use in ``uses`` (extended); accounts of a day with no integer
        value are marked unread (the engine reports them)."""
        np = numpy()
        uses = [] if uses is None else uses
        numbers: dict[ParameterUse, int] = {u: i for i, u in enumerate(uses)}
        values = np.zeros(len(day), dtype=np.int64)
        found = np.full(len(day), -1, dtype=np.int64)
        order = np.argsort(day, kind="stable")
        sorted_days = day[order]
        i = 0
        while i < len(order):
            on = date.fromordinal(int(sorted_days[i]) + _EPOCH_ORDINAL)
            span = self.registry.parameter_span(pid, chain, on)
            value = None if span is None else span.value.value
            if (
                span is None
                or isinstance(value, bool)
                or not isinstance(value, int)
                or (positive and value <= 0)
            ):
                j = int(np.searchsorted(sorted_days, sorted_days[i], side="right"))
                b.a_bad[acc[order[i:j]]] = True
                i = j
                continue
            high = span.high.toordinal() - _EPOCH_ORDINAL
            j = max(int(np.searchsorted(sorted_days, high, side="left")), i + 1)
            number = numbers.get(span.use)
            if number is None:
                number = numbers[span.use] = len(uses)
                uses.append(span.use)
            values[order[i:j]] = value
            found[order[i:j]] = number
            i = j
        return values, found, uses


def _ordered(uses: list[ParameterUse], numbers: Any) -> tuple[ParameterUse, ...]:
    """The uses numbered ``numbers`` (-1: none), each once, in the order first met."""
    seen: dict[int, None] = {}
    for n in numbers.tolist():
        if n >= 0:
            seen.setdefault(n, None)
    return tuple(uses[n] for n in seen)


def _clause_mask(clause: Clause, sig: _Signatures) -> Any:
    """Signatures for which the clause's conditions other than its time window hold."""
    np = numpy()
    cols = sig.columns
    ok = np.ones(len(sig.conduct), dtype=bool)
    for name, values in (
        ("action", clause.actions),
        ("actor", clause.actors),
        ("target", clause.targets),
        ("place", clause.places),
        ("purpose", clause.purposes),
        ("initiated_by", clause.initiated_by),
        ("lender_kind", clause.lender_kinds),
    ):
        table = _allowed(name, values)
        if table is not None:
            ok &= table[cols[name]]
    if clause.conduct is not None:
        ok &= (sig.conduct & _mask(clause.conduct)) != 0
    if clause.without_conduct is not None:
        ok &= (sig.conduct & _mask(clause.without_conduct)) == 0
    return ok


def _reason(rule: Rule) -> tuple[str, str]:
    if rule.count is not None and rule.platform is None:
        count = rule.count
        window = "per window of local days" if count.window == "calendar" else "in a rolling window"
        return VECTORISED, f"count of events {window} against {count.limit}, over the event columns"
    if rule.shape is None:
        check = getattr(rule.check, "__qualname__", type(rule.check).__name__)
        module = getattr(rule.check, "__module__", "?")
        kind = "case rule" if rule.scope is Scope.CASE else "event rule"
        return EXACT, f"{kind} without a shape: its check is Python ({module}.{check})"
    if rule.platform is not None:
        return EXACT, f"a rule of platform {rule.platform!r}: the plan runs rules of law only"
    clauses = len(rule.shape.clauses)
    return VECTORISED, f"shape of {clauses} clause{'s' if clauses != 1 else ''} over the event columns"


def compile_plan(registry: Registry) -> Plan:
    """The plan of ``registry``: every rule, vectorised or exact (see :class:`Plan`)."""
    methods: list[RulePlan] = []
    vectorised: list[Rule] = []
    exact: list[Rule] = []
    for rule_id in sorted(registry.rules):
        rule = registry.rules[rule_id]
        method, reason = _reason(rule)
        methods.append(RulePlan(rule_id, method, reason))
        (vectorised if method == VECTORISED else exact).append(rule)
    compiled = {r.id: _compiled(r) for r in (*vectorised, *exact)}
    return Plan(registry, tuple(methods), tuple(vectorised), tuple(exact), compiled)


class ShapePlan:
    """The plan as the screen's columnar plan (:class:`~loanoverdue.portfolio.seam.ColumnarPlan`):
    ``screen_book(book, out, plan=ShapePlan)`` runs the shaped rules as kernels and the
    engine only on the accounts x rules left exact (platform-policy conflicts always)."""

    def __init__(self, registry: Registry) -> None:
        self.plan = compile_plan(registry)

    def methods(self) -> Mapping[str, str]:
        return self.plan.method_of()

    def screen(self, batch: Any) -> Any:
        from loanoverdue.engine.screening import CONFLICT_RULE
        from loanoverdue.portfolio.seam import PlanOutcome

        pa = pyarrow()
        parts = batch._accounts  # the good accounts' parts, as the reader checked them
        accounts = pa.table(
            {
                "id": pa.array(list(batch.ids), pa.string()),
                "as_of": pa.array([p.as_of for p in parts], pa.timestamp("us", tz="UTC")),
                "jurisdiction": pa.array([p.borrower.jurisdiction for p in parts], pa.string()),
                "timezone": pa.array([p.borrower.timezone for p in parts], pa.string()),
                "lender_kind": pa.array([p.loan.lender.kind.value for p in parts], pa.string()),
                "lender_platform": pa.array([p.loan.lender.platform for p in parts], pa.string()),
            }
        )
        events = batch.events
        owner = events.column("account")
        ids = pa.array(list(batch.ids), pa.string())
        with_ids = events.drop_columns(["id"]) if "id" in events.column_names else events
        with_ids = with_ids.append_column("id", _compute().take(ids, owner))
        result = self.plan.run(accounts, with_ids)
        # a consent naming hours takes contacts out of a count: the engine's to judge
        consents = [part.borrower.consents_to_times for part in parts]
        if any(consents):
            result = result.with_unread(np_array(consents))
        found: list[list[dict[str, Any]]] = [[] for _ in batch.ids]
        position = {account_id: i for i, account_id in enumerate(batch.ids)}
        for row in result.table_rows():
            found[position[row.pop("id")]].append(row)
        exact: dict[str, Any] = {rule: mask | result.unread for rule, mask in result.exact.items()}
        if result.unread.any():  # the plan gave nothing for them: every rule by the engine
            for rule in self.plan.vectorised:
                exact[rule.id] = result.unread
        exact[CONFLICT_RULE] = None
        return PlanOutcome(found, exact)
