"""Case files in: JSON or TOML, strictly structured into a :class:`~loanoverdue.Case`.

Unknown fields and enumeration values are errors naming the field path
(``events[2].action``); nothing is dropped or guessed. A file is read up to
:data:`FILE_LIMIT` bytes, UTF-8 with or without a byte-order mark; a JSON object may
not give a key twice. The file is structured by :mod:`loanoverdue.strict`, the reader of
every file the library reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from loanoverdue._textfile import parse_json, parse_toml, read_text
from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.model.case import Case
from loanoverdue.model.hours import Hours, clock_text
from loanoverdue.model.limits import check_date
from loanoverdue.model.loan import Loan
from loanoverdue.model.money import Money
from loanoverdue.model.parties import Lender
from loanoverdue.model.payment import Payment
from loanoverdue.strict import Reader, Record, Wording, field, kind_of
from loanoverdue.vocabulary import Action, Initiator, Place, Product, Weekday

__all__ = ["FILE_LIMIT", "case_to_dict", "dump_case", "load_case"]

#: The largest case file read, in bytes (64 MB: some 200,000 events).
FILE_LIMIT = 64 * 2**20


def _datetime(value: Any) -> datetime:
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


def _date(value: Any) -> date:
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


def _raw_list(value: Any) -> Any:
    """A list whose items the model checks itself, naming each by its index (a
    protection's ``media``, the borrower's ``other_timezones``)."""
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {kind_of(value)}")
    return tuple(value)


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


def _hours(value: Any) -> Hours:
    """``hours``: a table ``{"start": "HH:MM", "end": "HH:MM"}`` of local times."""
    if not isinstance(value, Mapping):
        raise InvalidInputError("", f'expected a table {{"start", "end"}} of local times, got {kind_of(value)}')
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


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", f"expected a string such as 'CNY', got {kind_of(value)}")
    return value


def _optional_date() -> Any:
    """An optional date of the loan: left out, or a date (``null`` is not one)."""
    return field(default=None, hook=_date)


class _PaymentFile(Record):
    """A payment as the case file writes it: ``{"date", "amount"}`` (the amount in the
    loan's currency)."""

    paid_on: date = field(key="date")
    amount: Any


class _LoanFile(Record):
    """The loan as the case file writes it: amounts as numbers beside one ``currency``.
    The order of the fields is the order in which problems are reported."""

    product: Product
    principal: Any
    outstanding: Any
    currency: str = field(hook=_currency)
    due_date: date = field(hook=_date)
    lender: Lender
    contract_date: date | None = _optional_date()
    annual_rate: Any = None
    last_payment_date: date | None = _optional_date()
    last_acknowledgment_date: date | None = _optional_date()
    repaid_on: date | None = _optional_date()
    final_due_date: date | None = _optional_date()
    payments: tuple[_PaymentFile, ...] = ()

    def loan(self) -> Loan:
        fields: dict[str, Any] = {}
        for key in ("principal", "outstanding"):
            try:
                fields[key] = Money(getattr(self, key), self.currency)
            except InvalidInputError as exc:
                raise InvalidInputError("currency" if exc.path == "currency" else key, exc.problem) from None
        payments = []
        for i, p in enumerate(self.payments):
            try:
                amount = Money(p.amount, self.currency)
            except InvalidInputError as exc:
                raise InvalidInputError(f"payments[{i}].amount", exc.problem) from None
            try:
                payments.append(Payment(p.paid_on, amount))
            except InvalidInputError as exc:
                raise exc.within(f"payments[{i}]") from None
        return Loan(
            product=self.product,
            due_date=self.due_date,
            lender=self.lender,
            contract_date=self.contract_date,
            annual_rate=self.annual_rate,
            last_payment_date=self.last_payment_date,
            last_acknowledgment_date=self.last_acknowledgment_date,
            repaid_on=self.repaid_on,
            final_due_date=self.final_due_date,
            payments=tuple(payments),
            **fields,
        )


class _CaseWording(Wording):
    """The case file's words: what each table and list holds."""

    def __init__(self) -> None:
        from loanoverdue.model import Borrower, CollectionEvent, Protection

        self.tables = {
            Case: "case fields",
            Borrower: "borrower fields",
            Lender: "lender fields",
            _LoanFile: "loan fields",
            CollectionEvent: "event fields",
            Protection: "protection fields (kind, since)",
            _PaymentFile: "payment fields (date, amount)",
        }
        self.lists = {
            CollectionEvent: "a list of events (JSON objects)",
            Protection: "a list of protections (JSON objects)",
            _PaymentFile: "a list of payments (JSON objects)",
        }


@lru_cache(maxsize=1)
def _reader() -> Reader:
    reader = Reader(
        {
            datetime: _datetime,
            date: _date,
            frozenset[Action]: _raw_list,  # a protection's media: the model names a non-medium
            tuple[str, ...]: _raw_list,  # the borrower's other time zones
            frozenset[Weekday]: _raw_list,  # a protection's weekdays: the model names a repeat
            frozenset[Place]: _raw_list,  # a protection's places
            Hours: _hours,  # a protection's hours: local times "HH:MM"
        },
        _CaseWording(),
    )
    loan_file = reader.hook(_LoanFile)
    reader.register(Loan, lambda value: loan_file(value).loan())
    return reader


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
    return _reader().structure(dict(data), Case)


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
