"""Loaders for a pack's law data files (TOML): instruments, parameters, rules and
escalation policies. The formats are documented in ``docs/reference/pack-data.md``.

Loading is strict: an unknown key, a missing key, a bad date or an unknown enumeration
value raises :class:`DataError` naming the file and the key path. The registry turns it
into a :class:`~loanoverdue.errors.PluginError` naming the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from loanoverdue.errors import LoanOverdueError
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.period import Period
from loanoverdue.law.policy import EscalationPolicy, Likelihood, Step
from loanoverdue.law.rule import Basis, Rule, Scope, Weight
from loanoverdue.law.source import Article, Citation, Instrument, Layer, SourceStatus
from loanoverdue.law.text import Text
from loanoverdue.model.vocabulary import Action, Actor, Conduct, LenderKind, Target

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "DataError",
    "load_instruments",
    "load_jurisdictions",
    "load_parameters",
    "load_policies",
    "load_rules",
    "read_toml",
]

E = TypeVar("E", bound=StrEnum)
#: A data file: a path, or a resource of a pack (see :func:`pack_data`).
DataFile: TypeAlias = "Traversable | Path | str"


class DataError(LoanOverdueError):
    """A pack data file is malformed. ``file`` and ``path`` locate the problem."""

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        super().__init__(f"{file}: {path}: {problem}" if path else f"{file}: {problem}")


def read_toml(source: DataFile) -> tuple[str, dict[str, Any]]:
    """Read a TOML file; return its display name and contents.

    Parsed files are kept in the user's cache directory as JSON, keyed by the file's
    size and checksums (see :mod:`loanoverdue.law.cache`): parsing the law of a large
    pack costs more than the rest of a registry build.
    """
    name = str(source)
    if isinstance(source, str):
        source = Path(source)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise DataError(name, "", f"cannot be read: {exc}") from None
    from loanoverdue.law import cache

    cached = cache.load(raw)
    if cached is not None:
        return name, cached
    import tomllib  # only when a file is parsed, not read from the cache

    try:
        data = tomllib.loads(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataError(name, "", f"is not valid TOML: {exc}") from None
    cache.store(raw, data)
    return name, data


class _Table:
    """Strict access to one TOML table: every key must be read or it is an error."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise DataError(file, path, f"expected a table, got {type(data).__name__}")
        self.file, self.path, self.data = file, path, data
        self.seen: set[str] = set()

    def error(self, key: str, problem: str) -> DataError:
        return DataError(self.file, f"{self.path}.{key}" if key else self.path, problem)

    def get(self, key: str, default: Any = ..., kind: type | tuple[type, ...] | None = None) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is ...:
                raise self.error(key, "is required")
            return default
        value = self.data[key]
        if kind is not None and (not isinstance(value, kind) or (isinstance(value, bool) and kind is int)):
            raise self.error(key, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def text(self, key: str, required: bool = True, literal: bool = False) -> Text | None:
        value = self.get(key, ... if required else None)
        if value is None:
            return None
        try:
            return Text(value, is_literal=literal)
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    def enum(self, key: str, enum: type[E], default: Any = ...) -> E:
        value = self.get(key, default)
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise self.error(key, f"unknown value {value!r} (expected one of: {allowed})") from None

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.get(key, ... if required else None)
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.error(key, f"expected a date such as 2021-03-01, got {value!r}")
        return value

    def period(self) -> Period:
        try:
            return Period(self.day("effective_from"), self.day("effective_to"))
        except ValueError as exc:
            raise self.error("effective_to", str(exc)) from None

    def sub(self, key: str, value: Any) -> _Table:
        return _Table(self.file, f"{self.path}.{key}", value)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self.error(unknown[0], "unknown key")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(
        {
            "str": "a string",
            "int": "an integer",
            "list": "a list",
            "dict": "a table",
            "bool": "true or false",
        }.get(k.__name__, k.__name__)
        for k in kinds
    )


def _records(source: DataFile, key: str) -> tuple[str, list[_Table]]:
    name, data = read_toml(source)
    top = _Table(name, "", data)
    items = top.get(key, [], list)
    top.done()
    return name, [_Table(name, f"{key}[{i}]", item) for i, item in enumerate(items)]


def _citations(table: _Table, key: str = "citations") -> tuple[Citation, ...]:
    out = []
    for i, raw in enumerate(table.get(key, [], list)):
        c = table.sub(f"{key}[{i}]", raw)
        raw_status = c.get("status", None)
        status = None if raw_status is None else c.enum("status", SourceStatus)
        out.append(Citation(c.get("instrument", kind=str), str(c.get("article", kind=(str, int))), status))
        c.done()
    return tuple(out)


def _quote(article: _Table) -> str | None:
    """An article's ``quote``: its own wording, a non-empty string."""
    quote: str | None = article.get("quote", None, str)
    if quote is not None and not quote.strip():
        raise article.error("quote", "is empty")
    return quote


def load_instruments(source: DataFile) -> tuple[Instrument, ...]:
    """Read the ``[[instrument]]`` tables of an ``instruments.toml``."""
    _, tables = _records(source, "instrument")
    out = []
    for t in tables:
        articles: dict[str, Article] = {}
        for key, raw in t.get("articles", {}, dict).items():
            a = t.sub(f"articles.{key}", raw)
            articles[str(key)] = Article(
                key=str(key),
                status=a.enum("status", SourceStatus),
                summary=a.text("summary", required=False),
                period=a.period(),
                quote=_quote(a),
            )
            a.done()
        number_status = t.get("number_status", None)
        out.append(
            Instrument(
                id=t.get("id", kind=str),
                layer=t.enum("layer", Layer),
                title=t.text("title"),  # type: ignore[arg-type]
                jurisdiction=t.get("jurisdiction", kind=str),
                period=t.period(),
                status=t.enum("status", SourceStatus),
                articles=articles,
                short_title=t.text("short_title", required=False),
                number=t.get("number", None, str),
                number_status=None if number_status is None else t.enum("number_status", SourceStatus),
                issuer=t.text("issuer", required=False),
                adopted=t.day("adopted"),
                url=t.get("url", None, str),
                note=t.get("note", None, str),
                citation=t.text("citation", required=False),
            )
        )
        t.done()
    return tuple(out)


def load_jurisdictions(source: DataFile) -> tuple[Jurisdiction, ...]:
    """Read the ``[[jurisdiction]]`` tables of a ``jurisdictions.toml``.

    Example::

        [[jurisdiction]]
        code = "US-NY"
        parent = "US"
        name = { en = "New York", "zh-CN" = "纽约州" }
        currency = "USD"                 # optional
        timezone = "America/New_York"    # optional
    """
    _, tables = _records(source, "jurisdiction")
    out = []
    for t in tables:
        out.append(
            Jurisdiction(
                code=t.get("code", kind=str),
                name=t.text("name"),  # type: ignore[arg-type]
                parent=t.get("parent", None, str),
                currency=t.get("currency", None, str),
                timezone=t.get("timezone", None, str),
            )
        )
        t.done()
    return tuple(out)


def _parse_value(t: _Table, kind: str, raw: Any) -> object:
    try:
        if kind == "decimal":
            if isinstance(raw, float):
                raise ValueError('write decimals as strings, e.g. "0.0385"')
            return Decimal(str(raw))
        if kind == "int":
            if not isinstance(raw, int) or isinstance(raw, bool):
                raise ValueError(f"expected an integer, got {raw!r}")
            return raw
        if kind == "bool":
            if not isinstance(raw, bool):
                raise ValueError(f"expected true or false, got {raw!r}")
            return raw
        if kind == "time":
            if isinstance(raw, time):
                return raw
            return time.fromisoformat(str(raw))
        if kind == "date":
            if isinstance(raw, date) and not isinstance(raw, datetime):
                return raw
            return date.fromisoformat(str(raw))
        if kind == "text":
            if not isinstance(raw, str):
                raise ValueError(f"expected a string, got {raw!r}")
            return raw
    except (ValueError, InvalidOperation) as exc:
        raise t.error("value", str(exc)) from None
    raise t.error("type", f"unknown parameter type {kind!r} (decimal, int, bool, time, date, text)")


def load_parameters(source: DataFile) -> tuple[Parameter, ...]:
    """Read the ``[[parameter]]`` tables of a ``parameters.toml``."""
    _, tables = _records(source, "parameter")
    out = []
    for t in tables:
        kind = t.get("type", kind=str)
        values = []
        for i, raw in enumerate(t.get("values", kind=list)):
            v = t.sub(f"values[{i}]", raw)
            start = v.get("from", None) if i == 0 else v.get("from")
            if start is not None and (isinstance(start, datetime) or not isinstance(start, date)):
                raise v.error("from", f"expected a date, got {start!r}")
            end = v.day("to")
            status = v.get("status", None)
            values.append(
                ParameterValue(
                    start=start,
                    value=_parse_value(v, kind, v.get("value")),
                    end=end,
                    status=None if status is None else v.enum("status", SourceStatus),
                )
            )
            v.done()
        basis = t.enum("basis", Basis)
        citations = _citations(t)
        if not citations and basis is not Basis.ASSUMPTION:
            raise t.error("citations", 'only a parameter with basis = "assumption" may cite nothing')
        try:
            param = Parameter(
                id=t.get("id", kind=str),
                jurisdiction=t.get("jurisdiction", kind=str),
                title=t.text("title"),  # type: ignore[arg-type]
                basis=basis,
                status=t.enum("status", SourceStatus),
                values=tuple(values),
                citations=citations,
                type=kind,
                unit=t.get("unit", None, str),
                note=t.get("note", None, str),
            )
        except ValueError as exc:
            raise t.error("values", str(exc)) from None
        out.append(param)
        t.done()
    return tuple(out)


def load_rules(source: DataFile, checks: Mapping[str, Callable[[Any], Any]]) -> tuple[Rule, ...]:
    """Read the ``[[rule]]`` tables of a ``rules.toml`` and join each with its check
    function from ``checks`` (rule id -> function). A rule without a check, or a check
    without a rule, is an error: nothing is silently left out."""
    name, tables = _records(source, "rule")
    conditions: Mapping[str, Callable[[Any], bool]] = getattr(checks, "conditions", {})
    out = []
    for t in tables:
        rule_id = t.get("id", kind=str)
        if rule_id not in checks:
            raise t.error("id", f"no check function is registered for rule {rule_id!r}")
        scope = t.enum("scope", Scope)
        actions_raw = t.get("actions", None, list)
        actions: frozenset[Action] | None = None
        if actions_raw is not None:
            if scope is Scope.CASE:
                raise t.error("actions", "only event rules list actions")
            acts = []
            for i, a in enumerate(actions_raw):
                try:
                    acts.append(Action(a))
                except ValueError:
                    raise t.error(f"actions[{i}]", f"unknown action {a!r}") from None
            actions = frozenset(acts)
        messages: dict[str, Text] = {}
        for key, raw in t.get("messages", kind=dict).items():
            try:
                messages[key] = Text(raw)
            except ValueError as exc:
                raise t.error(f"messages.{key}", str(exc)) from None
            holes = messages[key].placeholders()
            if len(set(holes.values())) > 1:
                raise t.error(f"messages.{key}", f"languages use different placeholders: {holes}")
        out.append(
            Rule(
                id=rule_id,
                jurisdiction=t.get("jurisdiction", kind=str),
                scope=scope,
                title=t.text("title"),  # type: ignore[arg-type]
                weight=t.enum("weight", Weight),
                basis=t.enum("basis", Basis),
                citations=_citations(t),
                messages=messages,
                check=checks[rule_id],
                actions=actions,
                period=t.period(),
                parameters=tuple(t.get("parameters", [], list)),
                note=t.get("note", None, str),
                platform=t.get("platform", None, str),
                conduct=_enum_set(t, "conduct", Conduct, scope),
                targets=_enum_set(t, "targets", Target, scope),
                actors=_enum_set(t, "actors", Actor, scope),
                applies=conditions.get(rule_id),
            )
        )
        t.done()
    extra = sorted(set(checks) - {r.id for r in out})
    if extra:
        raise DataError(name, "", f"check functions without a rule: {', '.join(extra)}")
    return tuple(out)


def _enum_set(t: _Table, key: str, enum: type[E], scope: Scope) -> frozenset[E] | None:
    raw = t.get(key, None, list)
    if raw is None:
        return None
    if scope is Scope.CASE:
        raise t.error(key, "only event rules filter events")
    found = []
    for i, value in enumerate(raw):
        try:
            found.append(enum(value))
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            raise t.error(f"{key}[{i}]", f"unknown value {value!r} (expected one of: {allowed})") from None
    return frozenset(found)


def _actors(t: _Table, key: str) -> frozenset[Actor] | None:
    raw = t.get(key, None, list)
    if raw is None:
        return None
    found = []
    for i, value in enumerate(raw):
        try:
            found.append(Actor(value))
        except ValueError:
            allowed = ", ".join(m.value for m in Actor)
            raise t.error(f"{key}[{i}]", f"unknown value {value!r} (expected one of: {allowed})") from None
    if not found:
        raise t.error(key, "names no actor (leave it out to count every actor)")
    return frozenset(found)


def _threshold(t: _Table, key: str, default: Any = None) -> int | Decimal | str | None:
    value = t.get(key, default)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        # a decimal literal, or the id of a parameter
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    raise t.error(key, f"expected a number, a decimal string or a parameter id, got {value!r}")


def load_policies(source: DataFile) -> tuple[EscalationPolicy, ...]:
    """Read the ``[[policy]]`` tables of a ``policies.toml``."""
    _, tables = _records(source, "policy")
    out = []
    for t in tables:
        steps = []
        for i, raw in enumerate(t.get("steps", kind=list)):
            s = t.sub(f"steps[{i}]", raw)
            requires = []
            for j, a in enumerate(s.get("requires", [], list)):
                try:
                    requires.append(Action(a))
                except ValueError:
                    raise s.error(f"requires[{j}]", f"unknown action {a!r}") from None
            steps.append(
                Step(
                    action=s.enum("action", Action),
                    after_days=_threshold(s, "after_days", 0),  # type: ignore[arg-type]
                    baseline=s.enum("baseline", Likelihood, Likelihood.POSSIBLE.value),
                    basis=s.enum("basis", Basis, Basis.ASSUMPTION.value),
                    min_amount=_threshold(s, "min_amount"),
                    failed_contacts=_threshold(s, "failed_contacts"),
                    requires=tuple(requires),
                    offered=s.get("offered", True, bool),
                    citations=_citations(s),
                    note=s.text("note", required=False, literal=True),  # shown as written
                    done_by=_actors(s, "done_by"),
                )
            )
            s.done()
        kinds_raw = t.get("lender_kinds", None, list)
        kinds = None
        if kinds_raw is not None:
            try:
                kinds = frozenset(LenderKind(k) for k in kinds_raw)
            except ValueError as exc:
                raise t.error("lender_kinds", str(exc)) from None
        out.append(
            EscalationPolicy(
                id=t.get("id", kind=str),
                jurisdiction=t.get("jurisdiction", kind=str),
                title=t.text("title"),  # type: ignore[arg-type]
                steps=tuple(steps),
                lender_kinds=kinds,
                platform=t.get("platform", None, str),
                source=t.text("source", required=False),
            )
        )
        t.done()
    return tuple(out)
