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
from pathlib import Path
from typing import Any

from loanoverdue._textfile import parse_toml, read_text
from loanoverdue.errors import InvalidInputError, shown
from loanoverdue.law.platform import Agreement, EntrySource, PlatformPolicy, Term, Terms
from loanoverdue.law.policy import EscalationPolicy, Likelihood, Step
from loanoverdue.law.text import Text
from loanoverdue.model.limits import DAYS_LIMIT, check_amount, check_date
from loanoverdue.model.money import to_decimal
from loanoverdue.model.vocabulary import Action, Target

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


_TOP = {"platform", "terms", "schedule"}
_PLATFORM = {"id", "name", "jurisdiction", "operator", "agreement"}
_AGREEMENT = {"title", "url", "date"}
_TERMS = {"grace_days", "penalty_rate", "outsourcing", "visits", "contacts"}
_STEP = {
    "action",
    "after_days",
    "min_amount",
    "failed_contacts",
    "baseline",
    "requires",
    "offered",
    "clause",
    "assumption",
    "note",
}


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, path: str, problem: str) -> PolicyFileError:
        return PolicyFileError(f"{self.name}: {path}" if path else self.name, problem)

    def table(self, value: Any, path: str, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected a table, got {shown(value)}")
        unknown = sorted(set(value) - keys)
        if unknown:
            raise self.error(
                f"{path}.{unknown[0]}" if path else unknown[0],
                f"unknown key (expected one of: {', '.join(sorted(keys))})",
            )
        return value

    def text(self, value: Any, path: str) -> Text:
        try:
            return Text(value)
        except ValueError as exc:
            raise self.error(path, str(exc)) from None

    def day(self, value: Any, path: str) -> date:
        day: date | None = None
        if isinstance(value, date) and not isinstance(value, datetime):
            day = value
        elif isinstance(value, str):
            with contextlib.suppress(ValueError):
                day = date.fromisoformat(value)
        if day is None:
            raise self.error(path, f"{shown(value)} is not a date (write 2025-06-01)")
        try:
            check_date(day, "")
        except InvalidInputError as exc:
            raise self.error(path, exc.problem) from None
        return day

    def int(self, value: Any, path: str, minimum: int = 0, maximum: int = DAYS_LIMIT) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            raise self.error(
                path, f"expected a whole number from {minimum} to {maximum:,}, got {shown(value)}"
            )
        return value

    def decimal(self, value: Any, path: str, money: bool = False) -> Decimal:
        """A non-negative decimal (an amount of money with ``money``: below 10^15, at most
        four decimal places)."""
        if isinstance(value, (float, bool)):
            raise self.error(path, f'{shown(value)}: write rates and amounts as decimal strings, e.g. "0.24"')
        try:
            result = to_decimal(value, path)
            if money:
                check_amount(result, path)
        except InvalidInputError as exc:
            raise self.error(path, exc.problem) from None
        if result < 0:
            raise self.error(path, f"{shown(value)} is not a non-negative number")
        return result

    def source(self, entry: dict[str, Any], path: str) -> EntrySource:
        clause = entry.get("clause")
        assumption = entry.get("assumption", False)
        if not isinstance(assumption, bool):
            raise self.error(f"{path}.assumption", "expected true or false")
        if clause is not None and not isinstance(clause, str):
            raise self.error(f"{path}.clause", f"expected the clause number as a string, got {shown(clause)}")
        if clause is None and not assumption:
            raise self.error(path, "states no source: give the agreement's `clause`, or `assumption = true`")
        if clause is not None and assumption:
            raise self.error(path, "gives both a clause and `assumption = true`; choose one")
        note = entry.get("note")
        if note is not None and not isinstance(note, str):
            raise self.error(f"{path}.note", "expected a string")
        return EntrySource(clause, note)


def parse_platform_policy(data: Mapping[str, Any], name: str = "<policy>") -> PlatformPolicy:
    """Build a :class:`PlatformPolicy` from parsed TOML; strict, with errors naming the
    file and the key path."""
    r = _Reader(name)
    top = r.table(dict(data), "", _TOP)
    if "platform" not in top:
        raise r.error("platform", "is required")
    p = r.table(top["platform"], "platform", _PLATFORM)
    for key in ("id", "name", "jurisdiction"):
        if key not in p:
            raise r.error(f"platform.{key}", "is required")
    platform_id = p["id"]
    if not isinstance(platform_id, str) or not platform_id.strip():
        raise r.error("platform.id", "expected a non-empty string")
    jurisdiction = p["jurisdiction"]
    if not isinstance(jurisdiction, str):
        raise r.error("platform.jurisdiction", "expected a jurisdiction code such as 'CN'")
    agreement = None
    if "agreement" in p:
        a = r.table(p["agreement"], "platform.agreement", _AGREEMENT)
        if "title" not in a:
            raise r.error("platform.agreement.title", "is required")
        url = a.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            raise r.error("platform.agreement.url", f"{shown(url)} is not an http(s) URL")
        agreement = Agreement(
            r.text(a["title"], "platform.agreement.title"),
            url,
            r.day(a["date"], "platform.agreement.date") if "date" in a else None,
        )
    sources: dict[str, EntrySource] = {}

    def term(key: str, keys: set[str]) -> tuple[dict[str, Any], EntrySource] | None:
        raw = terms_raw.get(key)
        if raw is None:
            return None
        entry = r.table(raw, f"terms.{key}", keys | {"clause", "assumption", "note"})
        src = r.source(entry, f"terms.{key}")
        sources[f"terms.{key}"] = src
        return entry, src

    terms_raw = r.table(top.get("terms", {}), "terms", _TERMS)
    grace = penalty = outsourcing = visits = contacts = None
    if (t := term("grace_days", {"value"})) is not None:
        grace = Term(r.int(t[0].get("value"), "terms.grace_days.value"), t[1])
    if (t := term("penalty_rate", {"value"})) is not None:
        penalty = Term(r.decimal(t[0].get("value"), "terms.penalty_rate.value"), t[1])
    if (t := term("outsourcing", {"allowed", "after_days"})) is not None:
        allowed = t[0].get("allowed")
        if not isinstance(allowed, bool):
            raise r.error("terms.outsourcing.allowed", "expected true or false")
        after = t[0].get("after_days")
        outsourcing = Term(
            allowed, t[1], None if after is None else r.int(after, "terms.outsourcing.after_days")
        )
    if (t := term("visits", {"allowed"})) is not None:
        allowed = t[0].get("allowed")
        if not isinstance(allowed, bool):
            raise r.error("terms.visits.allowed", "expected true or false")
        visits = Term(allowed, t[1])
    if (t := term("contacts", {"allowed"})) is not None:
        raw_targets = t[0].get("allowed")
        if not isinstance(raw_targets, list):
            raise r.error("terms.contacts.allowed", 'expected a list of targets, e.g. ["family"]')
        targets = []
        for i, value in enumerate(raw_targets):
            try:
                targets.append(Target(value))
            except (ValueError, TypeError):
                allowed_names = ", ".join(x.value for x in Target)
                raise r.error(
                    f"terms.contacts.allowed[{i}]",
                    f"unknown target {shown(value)} (expected one of: {allowed_names})",
                ) from None
        contacts = Term(frozenset(targets), t[1])

    steps: list[Step] = []
    previous = -1
    raw_steps = top.get("schedule", [])
    if not isinstance(raw_steps, list):
        raise r.error("schedule", "expected a list of [[schedule]] tables")
    seen: set[Action] = set()
    for i, raw in enumerate(raw_steps):
        path = f"schedule[{i}]"
        s = r.table(raw, path, _STEP)
        if "action" not in s:
            raise r.error(f"{path}.action", "is required")
        try:
            action = Action(s["action"])
        except (ValueError, TypeError):
            raise r.error(f"{path}.action", f"unknown action {shown(s['action'])}") from None
        if action in seen:
            raise r.error(f"{path}.action", f"{action.value!r} is scheduled twice")
        seen.add(action)
        days = r.int(s.get("after_days", 0), f"{path}.after_days")
        if days < previous:
            raise r.error(
                f"{path}.after_days", f"schedule out of order: day {days} comes after day {previous}"
            )
        previous = days
        src = r.source(s, path)
        sources[f"schedule.{action.value}"] = src
        requires = []
        raw_requires = s.get("requires", [])
        if not isinstance(raw_requires, list):
            raise r.error(
                f"{path}.requires", f'expected a list of actions, e.g. ["call"], got {shown(raw_requires)}'
            )
        for j, value in enumerate(raw_requires):
            try:
                requires.append(Action(value))
            except (ValueError, TypeError):
                raise r.error(f"{path}.requires[{j}]", f"unknown action {shown(value)}") from None
        try:
            baseline = Likelihood(s.get("baseline", "possible"))
        except (ValueError, TypeError):
            raise r.error(
                f"{path}.baseline", f"unknown value {shown(s.get('baseline'))} (likely, possible, unlikely)"
            ) from None
        offered = s.get("offered", True)
        if not isinstance(offered, bool):
            raise r.error(f"{path}.offered", "expected true or false")
        note_text = src.describe(agreement, "en")
        note_zh = src.describe(agreement, "zh-CN")
        if src.note:  # the writer's words: shown as written, never a template
            note_text += f" — {src.note}"
            note_zh += f" — {src.note}"
        steps.append(
            Step(
                action=action,
                after_days=days,
                baseline=baseline,
                basis=src.basis,
                min_amount=None
                if s.get("min_amount") is None
                else r.decimal(s["min_amount"], f"{path}.min_amount", money=True),
                failed_contacts=None
                if s.get("failed_contacts") is None
                else r.int(s["failed_contacts"], f"{path}.failed_contacts", maximum=_CONTACTS_LIMIT),
                requires=tuple(requires),
                offered=offered,
                note=Text.literal({"en": note_text, "zh-CN": note_zh}),
            )
        )
    name_text = r.text(p["name"], "platform.name")
    schedule = EscalationPolicy(
        id=f"platform:{platform_id}",
        jurisdiction=jurisdiction,
        title=name_text,
        steps=tuple(steps),
        platform=platform_id,
        source=agreement.title if agreement else None,
    )
    operator = p.get("operator")
    if operator is not None and not isinstance(operator, str):
        raise r.error("platform.operator", "expected a string")
    return PlatformPolicy(
        platform=platform_id,
        jurisdiction=jurisdiction,
        name=name_text,
        terms=Terms(grace, penalty, outsourcing, visits, contacts),
        schedule=schedule,
        sources=sources,
        agreement=agreement,
        operator=operator,
        origin=name,
    )


def load_platform_policy(path: str | Path | Any) -> PlatformPolicy:
    """Read a platform policy file (TOML, at most :data:`POLICY_FILE_LIMIT` bytes of
    UTF-8): a path, or a Traversable from a pack."""
    name = str(path)
    try:
        if isinstance(path, (str, Path)):
            text = read_text(Path(path), POLICY_FILE_LIMIT, "policy file")
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
