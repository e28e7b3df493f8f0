"""Reading a platform policy file (TOML) into a :class:`~loanoverdue.law.platform.PlatformPolicy`.

Strict: every key must be known, every value of its kind and within its limits; an
error names the file and the key (:class:`PolicyFileError`). The value classes are in
:mod:`loanoverdue.law.platform`; the file format is described in
``docs/how-to/platform-policy.md``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue._textfile import parse_toml, read_text
from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.law.platform import Agreement, EntrySource, PlatformPolicy, Term, Terms
from loanoverdue.law.policy import EscalationPolicy, Likelihood, Step
from loanoverdue.law.text import Text
from loanoverdue.model.limits import DAYS_LIMIT, check_amount, check_date
from loanoverdue.model.money import to_decimal
from loanoverdue.strict import Reader, Record, ShownWording, field
from loanoverdue.vocabulary import Action, Target

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "POLICY_FILE_LIMIT",
    "PolicyFileError",
    "load_platform_policy",
    "parse_platform_policy",
]


#: The largest policy file read, in bytes.
POLICY_FILE_LIMIT = 2**20
#: The most unanswered contacts a step may wait for.
_CONTACTS_LIMIT = 100_000


class PolicyFileError(InvalidInputError):
    """A platform policy file is malformed; the message names the file and the key."""


# -- the format of the file, as the strict reader reads it ------------------------------
#
# Each ``_…Entry`` class is one table of the file as written; the hooks below say what a
# value of each key may be, in the words a platform operator reads.


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError("", "expected true or false")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", "expected a string")
    return value


def _clause(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", f"expected the clause number as a string, got {shown(value)}")
    return value


def _text(value: Any) -> Text:
    try:
        return Text(value)
    except ValueError as exc:
        raise InvalidInputError("", str(exc)) from None


def _day(value: Any) -> date:
    day: date | None = None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = date.fromisoformat(value)
    if day is None:
        raise InvalidInputError("", f"{shown(value)} is not a date (write 2025-06-01)")
    check_date(day, "")
    return day


def _whole(maximum: int = DAYS_LIMIT) -> Any:
    """A whole number from 0 to ``maximum``."""

    def structure(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
            raise InvalidInputError("", f"expected a whole number from 0 to {maximum:,}, got {shown(value)}")
        return value

    return structure


def _decimal(money: bool = False) -> Any:
    """A non-negative decimal (an amount of money with ``money``: below 10^15, at most
    four decimal places)."""

    def structure(value: Any) -> Decimal:
        if isinstance(value, (float, bool)):
            raise InvalidInputError("", f'{shown(value)}: write rates and amounts as decimal strings, e.g. "0.24"')
        result = to_decimal(value, "")
        if money:
            check_amount(result, "")
        if result < 0:
            raise InvalidInputError("", f"{shown(value)} is not a non-negative number")
        return result

    return structure


def _platform_id(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError("", "expected a non-empty string")
    return value


def _jurisdiction(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("", "expected a jurisdiction code such as 'CN'")
    return value


def _url(value: Any) -> str:
    if not (isinstance(value, str) and value.startswith(("http://", "https://"))):
        raise InvalidInputError("", f"{shown(value)} is not an http(s) URL")
    return value


def _field(hook: Any, default: Any = attrs.NOTHING) -> Any:
    """A field read by ``hook``; optional with a ``default``."""
    return field(default=default, hook=hook)


class _Sourced(Record):
    """The keys that say where an entry comes from."""

    clause: str | None = _field(_clause, None)
    assumption: bool = _field(_flag, False)
    note: str | None = _field(_string, None)

    def source(self) -> EntrySource:
        if self.clause is None and not self.assumption:
            raise InvalidInputError("", "states no source: give the agreement's `clause`, or `assumption = true`")
        if self.clause is not None and self.assumption:
            raise InvalidInputError("", "gives both a clause and `assumption = true`; choose one")
        return EntrySource(self.clause, self.note)


class _GraceEntry(_Sourced):
    value: int = _field(_whole())


class _RateEntry(_Sourced):
    value: Decimal = _field(_decimal())


class _OutsourcingEntry(_Sourced):
    allowed: bool = _field(_flag)
    after_days: int | None = _field(_whole(), None)


class _AllowedEntry(_Sourced):
    allowed: bool = _field(_flag)


class _ContactsEntry(_Sourced):
    allowed: tuple[Target, ...]


class _TermsEntry(Record):
    grace_days: _GraceEntry | None = None
    penalty_rate: _RateEntry | None = None
    outsourcing: _OutsourcingEntry | None = None
    visits: _AllowedEntry | None = None
    contacts: _ContactsEntry | None = None


class _StepEntry(_Sourced):
    action: Action
    after_days: int = _field(_whole(), 0)
    min_amount: Decimal | None = _field(_decimal(money=True), None)
    failed_contacts: int | None = _field(_whole(_CONTACTS_LIMIT), None)
    baseline: Likelihood = Likelihood.POSSIBLE
    requires: tuple[Action, ...] = ()
    offered: bool = _field(_flag, True)


class _AgreementEntry(Record):
    title: Text
    url: str | None = _field(_url, None)
    date: Any = _field(_day, None)  # a date; named as the file names it


class _PlatformEntry(Record):
    id: str = _field(_platform_id)
    name: Text
    jurisdiction: str = _field(_jurisdiction)
    operator: str | None = _field(_string, None)
    agreement: _AgreementEntry | None = None


class _PolicyFile(Record):
    platform: _PlatformEntry
    terms: _TermsEntry | None = None
    schedule: tuple[_StepEntry, ...] = ()


class _PolicyWording(ShownWording):
    lists = {  # noqa: RUF012 (read only)
        Action: 'a list of actions, e.g. ["call"]',
        Target: 'a list of targets, e.g. ["family"]',
        _StepEntry: "a list of [[schedule]] tables",
    }


_READER = Reader({Text: _text}, _PolicyWording(list_keys=True))


def _schedule(steps: tuple[_StepEntry, ...], agreement: Agreement | None, sources: dict[str, EntrySource]) -> list[Step]:
    out: list[Step] = []
    previous = -1
    seen: set[Action] = set()
    for i, s in enumerate(steps):
        path = f"schedule[{i}]"
        if s.action in seen:
            raise InvalidInputError(f"{path}.action", f"{s.action.value!r} is scheduled twice")
        seen.add(s.action)
        if s.after_days < previous:
            raise InvalidInputError(
                f"{path}.after_days", f"schedule out of order: day {s.after_days} comes after day {previous}"
            )
        previous = s.after_days
        try:
            src = s.source()
        except InvalidInputError as exc:
            raise exc.within(path) from None
        sources[f"schedule.{s.action.value}"] = src
        note_text = src.describe(agreement, "en")
        note_zh = src.describe(agreement, "zh-CN")
        if src.note:  # the writer's words: shown as written, never a template
            note_text += f" — {src.note}"
            note_zh += f" — {src.note}"
        out.append(
            Step(
                action=s.action,
                after_days=s.after_days,
                baseline=s.baseline,
                basis=src.basis,
                min_amount=s.min_amount,
                failed_contacts=s.failed_contacts,
                requires=s.requires,
                offered=s.offered,
                note=Text.literal({"en": note_text, "zh-CN": note_zh}),
            )
        )
    return out


def _terms(t: _TermsEntry | None, sources: dict[str, EntrySource]) -> Terms:
    if t is None:
        return Terms()
    def term(key: str, value: Any, after_days: int | None = None) -> Term | None:
        entry: _Sourced | None = getattr(t, key)
        if entry is None:
            return None
        try:
            src = entry.source()
        except InvalidInputError as exc:
            raise exc.within(f"terms.{key}") from None
        sources[f"terms.{key}"] = src
        return Term(value(entry), src, after_days)

    # in this order: the sources keep it
    grace = term("grace_days", lambda e: e.value)
    penalty = term("penalty_rate", lambda e: e.value)
    after = None if t.outsourcing is None else t.outsourcing.after_days
    outsourcing = term("outsourcing", lambda e: e.allowed, after)
    visits = term("visits", lambda e: e.allowed)
    contacts = term("contacts", lambda e: frozenset(e.allowed))
    return Terms(grace, penalty, outsourcing, visits, contacts)


def parse_platform_policy(data: Mapping[str, Any], name: str = "<policy>") -> PlatformPolicy:
    """Build a :class:`PlatformPolicy` from parsed TOML; strict, with errors naming the
    file and the key path."""
    try:
        return _policy(_READER.structure(dict(data), _PolicyFile), name)
    except InvalidInputError as exc:
        raise PolicyFileError(f"{name}: {exc.path}" if exc.path else name, exc.problem) from None


def _policy(f: _PolicyFile, name: str) -> PlatformPolicy:
    p = f.platform
    agreement = None
    if p.agreement is not None:
        agreement = Agreement(p.agreement.title, p.agreement.url, p.agreement.date)
    sources: dict[str, EntrySource] = {}
    terms = _terms(f.terms, sources)
    steps = _schedule(f.schedule, agreement, sources)
    schedule = EscalationPolicy(
        id=f"platform:{p.id}",
        jurisdiction=p.jurisdiction,
        title=p.name,
        steps=tuple(steps),
        platform=p.id,
        source=agreement.title if agreement else None,
    )
    return PlatformPolicy(
        platform=p.id,
        jurisdiction=p.jurisdiction,
        name=p.name,
        terms=terms,
        schedule=schedule,
        sources=sources,
        agreement=agreement,
        operator=p.operator,
        origin=name,
    )


def load_platform_policy(path: str | Path | Any) -> PlatformPolicy:
    """Read a platform policy file (TOML, at most :data:`POLICY_FILE_LIMIT` bytes of
    UTF-8): a path, or a Traversable from a pack."""
    name = str(path)
    try:
        import pathlib  # not needed to build a registry

        if isinstance(path, (str, pathlib.Path)):
            text = read_text(pathlib.Path(path), POLICY_FILE_LIMIT, "policy file")
        else:
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except OSError as exc:
                raise InvalidInputError(
                    "", f"cannot read policy file {name!r}: {exc.strerror or exc}"
                ) from None
            except UnicodeDecodeError as exc:
                raise InvalidInputError("", f"{name}: not UTF-8 text (byte {exc.start})") from None
        data = parse_toml(text, name)
    except InvalidInputError as exc:
        raise PolicyFileError(exc.path, exc.problem) from None
    return parse_platform_policy(data, name)
