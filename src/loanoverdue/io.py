"""Case files in: JSON or TOML, strictly structured into a :class:`~loanoverdue.Case`.

Unknown fields and enumeration values are errors naming the field path
(``events[2].action``); nothing is dropped or guessed. A file is read up to
:data:`FILE_LIMIT` bytes, UTF-8 with or without a byte-order mark; a JSON object may
not give a key twice. cattrs is imported on first use, so importing loanoverdue stays
cheap.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue._textfile import parse_json, parse_toml, read_text
from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model.case import Case
from loanoverdue.model.hours import Hours, clock_text
from loanoverdue.model.limits import check_date
from loanoverdue.model.loan import Loan
from loanoverdue.model.money import Money
from loanoverdue.model.parties import Lender
from loanoverdue.model.payment import Payment
from loanoverdue.model.vocabulary import (
    Action,
    Actor,
    Conduct,
    Initiator,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
    Weekday,
)

if TYPE_CHECKING:
    import cattrs

__all__ = ["FILE_LIMIT", "case_to_dict", "dump_case", "load_case"]

#: The largest case file read, in bytes (64 MB: some 200,000 events).
FILE_LIMIT = 64 * 2**20

_ENUMS: tuple[type[StrEnum], ...] = (
    Action,
    Actor,
    Conduct,
    Initiator,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
)

_LOAN_KEYS = {
    "product",
    "principal",
    "outstanding",
    "currency",
    "due_date",
    "lender",
    "contract_date",
    "annual_rate",
    "last_payment_date",
    "last_acknowledgment_date",
    "repaid_on",
    "final_due_date",
    "payments",
}
_LOAN_REQUIRED = ("product", "principal", "outstanding", "currency", "due_date", "lender")


def kind_of(value: Any) -> str:
    """What a value of a case file is, in the file's terms: "a string", "a list", …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return f"the string {shown(value, 40)}"
    if isinstance(value, (int, float)):
        return f"the number {shown(value, 40)}"
    if isinstance(value, Mapping):
        return "a table (JSON object)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return shown(value, 40)


_PAYMENT_KEYS = ("date", "amount")


def _payments(value: Any, currency: Any) -> tuple[Payment, ...]:
    """``loan.payments``: a list of ``{"date", "amount"}`` tables (errors name the path
    below ``payments``)."""
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list of payments, got {value!r}")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise InvalidInputError(f"[{i}]", f'expected a table {{"date", "amount"}}, got {item!r}')
        unknown = sorted(set(item) - set(_PAYMENT_KEYS))
        if unknown:
            raise InvalidInputError(f"[{i}].{unknown[0]}", "unknown field")
        for key in _PAYMENT_KEYS:
            if key not in item:
                raise InvalidInputError(f"[{i}].{key}", "is required")
        try:
            day = _date(item["date"], date)
        except InvalidInputError as exc:
            raise exc.within(f"[{i}].date") from None
        try:
            amount = Money(item["amount"], currency)
        except InvalidInputError as exc:
            raise InvalidInputError(f"[{i}].amount", exc.problem) from None
        try:
            out.append(Payment(day, amount))
        except InvalidInputError as exc:
            raise exc.within(f"[{i}]") from None
    return tuple(out)


def _enum_hook(enum: type[StrEnum]) -> Any:
    def structure(value: Any, _type: Any) -> StrEnum:
        if not isinstance(value, str):
            raise InvalidInputError("", f"expected a string, got {kind_of(value)}")
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise InvalidInputError(
                "", f"unknown value {shown(value)} (expected one of: {allowed})"
            ) from None

    return structure


def _datetime(value: Any, _type: Any) -> datetime:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInputError("", f"{shown(value)} is not an ISO 8601 date-time") from None
    else:
        raise InvalidInputError("", f"expected an ISO 8601 date-time string, got {kind_of(value)}")
    if result.utcoffset() is None:
        raise InvalidInputError("", f"time stamp {shown(value)} has no UTC offset (e.g. +08:00)")
    check_date(result, "")
    return result


def _date(value: Any, _type: Any) -> date:
    if isinstance(value, datetime):
        raise InvalidInputError("", f"expected a date, got the date-time {value.isoformat()!r}")
    if isinstance(value, date):
        result = value
    elif isinstance(value, str):
        try:
            result = date.fromisoformat(value)
        except ValueError:
            raise InvalidInputError("", f"{shown(value)} is not an ISO 8601 date (YYYY-MM-DD)") from None
    else:
        raise InvalidInputError("", f"expected a date string YYYY-MM-DD, got {kind_of(value)}")
    check_date(result, "")
    return result


def _bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError("", f"expected true or false, got {kind_of(value)}")
    return value


def _str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", f"expected a string, got {kind_of(value)}")
    return value


#: What the fields of each table of a case file describe, for messages.
_TABLES: dict[type, str] = {}


def _tables() -> dict[type, str]:
    if not _TABLES:
        from loanoverdue.model import Borrower, CollectionEvent, Protection

        _TABLES.update(
            {
                Case: "case fields",
                Borrower: "borrower fields",
                Lender: "lender fields",
                CollectionEvent: "event fields",
                Protection: "protection fields (kind, since)",
            }
        )
    return _TABLES


def _table_hook(cls: type, conv: cattrs.Converter) -> Any:
    """cattrs' structuring of an attrs class, after a check that the value is a table."""
    from cattrs.gen import make_dict_structure_fn

    inner: Any = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    what = _tables().get(cls, "fields")

    def structure(value: Any, _type: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidInputError("", f"expected a table (JSON object) of {what}, got {kind_of(value)}")
        return inner(value, _type)

    return structure


def _list_hook(cls: type, what: str) -> Any:
    """Structuring of a list of tables (``events``, ``protections``): a list, each item
    structured as ``cls`` with its index in the path."""

    def structure(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise InvalidInputError("", f"expected a list of {what}, got {kind_of(value)}")
        out = []
        for i, item in enumerate(value):
            try:
                out.append(_structure(item, cls))
            except InvalidInputError as exc:
                raise exc.within(f"[{i}]") from None
        return tuple(out)

    return structure


def _conduct_list(value: Any, _type: Any) -> frozenset[Conduct]:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {kind_of(value)}")
    hook = _enum_hook(Conduct)
    out = []
    for i, item in enumerate(value):
        try:
            out.append(hook(item, Conduct))
        except InvalidInputError as exc:
            raise exc.within(f"[{i}]") from None
    return frozenset(out)


def _media_list(value: Any, _type: Any) -> Any:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {value!r}")
    return value  # Protection checks each item is a medium, naming media[i]


def _threatened_list(value: Any, _type: Any) -> frozenset[Threatened]:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {value!r}")
    hook = _enum_hook(Threatened)
    out = []
    for i, item in enumerate(value):
        try:
            out.append(hook(item, Threatened))
        except InvalidInputError as exc:
            raise exc.within(f"[{i}]") from None
    return frozenset(out)


def _members_list(value: Any, _type: Any) -> Any:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {kind_of(value)}")
    return value  # Protection checks each item, naming weekdays[i] or places[i]


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str) and len(value) in (5, 8) and value[2] == ":":
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInputError("", f'expected a local time of day such as "15:00", got {kind_of(value)}')


_HOURS_KEYS = ("start", "end")


def _hours(value: Any, _type: Any) -> Hours | None:
    """``hours``: a table ``{"start": "HH:MM", "end": "HH:MM"}`` of local times."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            "", f'expected a table {{"start", "end"}} of local times, got {kind_of(value)}'
        )
    unknown = sorted(set(value) - set(_HOURS_KEYS))
    if unknown:
        raise InvalidInputError(unknown[0], "unknown field")
    clocks = []
    for key in _HOURS_KEYS:
        if key not in value:
            raise InvalidInputError(key, "is required")
        try:
            clocks.append(_clock(value[key]))
        except InvalidInputError as exc:
            raise exc.within(key) from None
    return Hours(clocks[0], clocks[1])


def _name_list(value: Any, _type: Any) -> Any:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {value!r}")
    return tuple(value)  # the model checks each name, naming its index


@lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    import cattrs

    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for enum in _ENUMS:
        conv.register_structure_hook(enum, _enum_hook(enum))
    conv.register_structure_hook(datetime, _datetime)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook_func(lambda t: t == frozenset[Conduct], _conduct_list)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _table_hook(cls, conv))
    from loanoverdue.model import CollectionEvent, Protection

    lists: dict[Any, Any] = {
        tuple[CollectionEvent, ...]: _list_hook(CollectionEvent, "events (JSON objects)"),
        tuple[Protection, ...]: _list_hook(Protection, "protections (JSON objects)"),
    }
    conv.register_structure_hook_func(lambda t: t in lists, lambda value, t: lists[t](value, t))
    conv.register_structure_hook_func(lambda t: t == frozenset[Action], _media_list)
    conv.register_structure_hook_func(lambda t: t == frozenset[Threatened], _threatened_list)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _name_list)
    conv.register_structure_hook_func(lambda t: t in (frozenset[Weekday], frozenset[Place]), _members_list)
    conv.register_structure_hook_func(lambda t: t == Hours | None, _hours)

    def loan(value: Any, _type: Any) -> Loan:
        if not isinstance(value, Mapping):
            raise InvalidInputError(
                "", f"expected a table (JSON object) of loan fields, got {kind_of(value)}"
            )
        unknown = sorted(set(value) - _LOAN_KEYS)
        if unknown:
            raise InvalidInputError(unknown[0], "unknown field")
        for key in _LOAN_REQUIRED:
            if key not in value:
                raise InvalidInputError(key, "is required")
        currency = value["currency"]
        if not isinstance(currency, str):
            raise InvalidInputError("currency", f"expected a string such as 'CNY', got {kind_of(currency)}")
        fields: dict[str, Any] = {}
        for key in ("principal", "outstanding"):
            try:
                fields[key] = Money(value[key], currency)
            except InvalidInputError as exc:
                raise InvalidInputError("currency" if exc.path == "currency" else key, exc.problem) from None
        try:
            fields["product"] = _enum_hook(Product)(value["product"], Product)
        except InvalidInputError as exc:
            raise exc.within("product") from None
        for key in (
            "due_date",
            "contract_date",
            "last_payment_date",
            "last_acknowledgment_date",
            "repaid_on",
            "final_due_date",
        ):
            if key in value:
                try:
                    fields[key] = _date(value[key], date)
                except InvalidInputError as exc:
                    raise exc.within(key) from None
        if "annual_rate" in value:
            fields["annual_rate"] = value["annual_rate"]
        if "payments" in value:
            try:
                fields["payments"] = _payments(value["payments"], currency)
            except InvalidInputError as exc:
                raise exc.within("payments") from None
        try:
            fields["lender"] = _structure(value["lender"], Lender)
        except InvalidInputError as exc:
            raise exc.within("lender") from None
        return Loan(**fields)

    conv.register_structure_hook(Loan, loan)
    return conv


def _path(parts: list[str | int]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else p
    return out


def _first_error(exc: BaseException, parts: list[str | int]) -> InvalidInputError:
    """Walk cattrs' exception groups down to the first leaf; build the field path from
    the notes cattrs attaches (attribute names, list indexes)."""
    from cattrs.errors import AttributeValidationNote, ForbiddenExtraKeysError, IterableValidationNote

    if isinstance(exc, ForbiddenExtraKeysError):
        return InvalidInputError(_path([*parts, sorted(exc.extra_fields)[0]]), "unknown field")
    if isinstance(exc, BaseExceptionGroup):
        sub = exc.exceptions[0]
        step: str | int | None = None
        for note in getattr(sub, "__notes__", ()):
            if isinstance(note, AttributeValidationNote):
                step = note.name
            elif isinstance(note, IterableValidationNote):
                step = note.index
        return _first_error(sub, parts if step is None else [*parts, step])
    if isinstance(exc, InvalidInputError):
        return exc.within(_path(parts))
    if isinstance(exc, KeyError) and exc.args:
        key = str(exc.args[0])
        return InvalidInputError(_path(parts if parts and parts[-1] == key else [*parts, key]), "is required")
    # not expected of a case file: say where, and what kind of problem, not Python's words
    return InvalidInputError(_path(parts), "this value cannot be read here (check its type)")


def _structure(data: Any, cls: type) -> Any:
    import cattrs

    try:
        return _converter().structure(data, cls)
    except InvalidInputError:
        raise
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        raise _first_error(exc, []) from None


def load_case(source: str | Path | Mapping[str, Any]) -> Case:
    """Read a case from a JSON or TOML file (by extension), or from a mapping.

    Raises :class:`~loanoverdue.errors.InvalidInputError` naming the field path and the
    problem for anything wrong: a missing or unknown field, an unknown enumeration
    value, a naive time stamp, a float or negative amount, a due date after ``as_of``.
    """
    if isinstance(source, Mapping):
        data: Any = source
    else:
        data = _read(Path(source))
    if not isinstance(data, Mapping):
        raise InvalidInputError("", "a case must be a table (JSON object) at the top level")
    return _structure(dict(data), Case)  # type: ignore[no-any-return]


def _read(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidInputError("", f"{path}: unknown case file type {shown(suffix)} (use .json or .toml)")
    text = read_text(path, FILE_LIMIT, "case file")
    if suffix == ".toml":
        return parse_toml(text, str(path))
    return parse_json(text, str(path))


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case in the case-file format (JSON-ready): ``load_case(case_to_dict(c)) == c``."""
    loan = case.loan
    loan_d: dict[str, Any] = {
        "product": loan.product.value,
        "principal": str(loan.principal.amount),
        "outstanding": str(loan.outstanding.amount),
        "currency": loan.currency,
        "due_date": loan.due_date.isoformat(),
        "lender": {
            k: v
            for k, v in (
                ("kind", loan.lender.kind.value),
                ("name", loan.lender.name),
                ("platform", loan.lender.platform),
                ("funder", loan.lender.funder),
            )
            if v is not None
        },
    }
    for key in (
        "contract_date",
        "last_payment_date",
        "last_acknowledgment_date",
        "repaid_on",
        "final_due_date",
    ):
        value = getattr(loan, key)
        if value is not None:
            loan_d[key] = value.isoformat()
    if loan.annual_rate is not None:
        loan_d["annual_rate"] = str(loan.annual_rate)
    if loan.payments:
        loan_d["payments"] = [
            {"date": p.paid_on.isoformat(), "amount": str(p.amount.amount)} for p in loan.payments
        ]
    borrower: dict[str, Any] = {
        "jurisdiction": case.borrower.jurisdiction,
        "timezone": case.borrower.timezone,
    }
    if case.borrower.other_timezones:
        borrower["other_timezones"] = list(case.borrower.other_timezones)
    if case.borrower.protections:
        protections = []
        for p in case.borrower.protections:
            pd: dict[str, Any] = {"kind": p.kind.value, "since": p.since.isoformat()}
            if p.media:
                pd["media"] = sorted(a.value for a in p.media)
            if p.until is not None:
                pd["until"] = p.until.isoformat()
            if p.in_writing is not None:
                pd["in_writing"] = p.in_writing
            if p.hours is not None:
                pd["hours"] = {"start": clock_text(p.hours.start), "end": clock_text(p.hours.end)}
            if p.weekdays:
                pd["weekdays"] = [d.value for d in Weekday if d in p.weekdays]
            if p.places:
                pd["places"] = sorted(pl.value for pl in p.places)
            protections.append(pd)
        borrower["protections"] = protections
    events = []
    for e in case.events:
        d: dict[str, Any] = {
            "at": e.at.isoformat(),
            "action": e.action.value,
            "actor": e.actor.value,
            "target": e.target.value,
            "outcome": e.outcome.value,
        }
        if e.place is not None:
            d["place"] = e.place.value
        if e.conduct:
            d["conduct"] = sorted(c.value for c in e.conduct)
        if e.proposed:
            d["proposed"] = True
        if e.purpose is not None:
            d["purpose"] = e.purpose.value
        if e.threatened:
            d["threatened"] = sorted(t.value for t in e.threatened)
        if e.initiated_by is not Initiator.COLLECTOR:
            d["initiated_by"] = e.initiated_by.value
        if e.debt is not None:
            d["debt"] = e.debt
        if e.received_on is not None:
            d["received_on"] = e.received_on.isoformat()
        if e.returned_on is not None:
            d["returned_on"] = e.returned_on.isoformat()
        if e.note is not None:
            d["note"] = e.note
        events.append(d)
    out: dict[str, Any] = {}
    if case.id is not None:
        out["id"] = case.id
    out.update({"as_of": case.as_of.isoformat(), "borrower": borrower, "loan": loan_d, "events": events})
    return out


def dump_case(case: Case) -> str:
    """The case as case-file JSON text."""
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n"
