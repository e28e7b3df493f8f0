"""Case files in: JSON or TOML, strictly structured into a :class:`~loanoverdue.Case`.

Unknown fields and enumeration values are errors naming the field path
(``events[2].action``); nothing is dropped or guessed. cattrs is imported on first use,
so importing loanoverdue stays cheap.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loanoverdue.errors import InvalidInputError
from loanoverdue.model.case import Case
from loanoverdue.model.loan import Loan
from loanoverdue.model.money import Money
from loanoverdue.model.parties import Lender
from loanoverdue.model.vocabulary import (
    Action,
    Actor,
    Conduct,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
)

if TYPE_CHECKING:
    import cattrs

__all__ = ["case_to_dict", "dump_case", "load_case"]

_ENUMS: tuple[type[StrEnum], ...] = (
    Action,
    Actor,
    Conduct,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
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
}
_LOAN_REQUIRED = ("product", "principal", "outstanding", "currency", "due_date", "lender")


def _enum_hook(enum: type[StrEnum]) -> Any:
    def structure(value: Any, _type: Any) -> StrEnum:
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise InvalidInputError("", f"unknown value {value!r} (expected one of: {allowed})") from None

    return structure


def _datetime(value: Any, _type: Any) -> datetime:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInputError("", f"{value!r} is not an ISO 8601 date-time") from None
    else:
        raise InvalidInputError("", f"expected an ISO 8601 date-time string, got {value!r}")
    if result.utcoffset() is None:
        raise InvalidInputError("", f"time stamp {value!r} has no UTC offset (e.g. +08:00)")
    return result


def _date(value: Any, _type: Any) -> date:
    if isinstance(value, datetime):
        raise InvalidInputError("", f"expected a date, got the date-time {value.isoformat()!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidInputError("", f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    raise InvalidInputError("", f"expected a date string YYYY-MM-DD, got {value!r}")


def _bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError("", f"expected true or false, got {value!r}")
    return value


def _str(value: Any, _type: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", f"expected a string, got {value!r}")
    return value


def _conduct_list(value: Any, _type: Any) -> frozenset[Conduct]:
    if not isinstance(value, list):
        raise InvalidInputError("", f"expected a list, got {value!r}")
    hook = _enum_hook(Conduct)
    out = []
    for i, item in enumerate(value):
        try:
            out.append(hook(item, Conduct))
        except InvalidInputError as exc:
            raise exc.within(f"[{i}]") from None
    return frozenset(out)


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

    def loan(value: Any, _type: Any) -> Loan:
        if not isinstance(value, Mapping):
            raise InvalidInputError("", "expected a table of loan fields")
        unknown = sorted(set(value) - _LOAN_KEYS)
        if unknown:
            raise InvalidInputError(unknown[0], "unknown field")
        for key in _LOAN_REQUIRED:
            if key not in value:
                raise InvalidInputError(key, "is required")
        currency = value["currency"]
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
    return InvalidInputError(_path(parts), str(exc) or type(exc).__name__)


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
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError("", f"cannot read case file {str(path)!r}: {exc.strerror}") from None
    suffix = path.suffix.lower()
    try:
        text = raw.decode("utf-8")
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
    except UnicodeDecodeError:
        raise InvalidInputError("", f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError("", f"{path}: not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InvalidInputError("", f"{path}: not valid JSON: {exc}") from None
    raise InvalidInputError("", f"{path}: unknown case file type {suffix!r} (use .json or .toml)")


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
    borrower: dict[str, Any] = {
        "jurisdiction": case.borrower.jurisdiction,
        "timezone": case.borrower.timezone,
    }
    if case.borrower.protections:
        borrower["protections"] = [
            {"kind": p.kind.value, "since": p.since.isoformat()} for p in case.borrower.protections
        ]
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
