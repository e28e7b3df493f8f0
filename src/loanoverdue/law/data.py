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
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from loanoverdue.errors import InvalidInputError, LoanOverdueError, shown
from loanoverdue.law.count import COUNT_PARAMS, WINDOWS, Count
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.period import Period
from loanoverdue.law.policy import EscalationPolicy, Likelihood, Step
from loanoverdue.law.rule import Basis, Rule, Scope, Verdict, Weight
from loanoverdue.law.shape import PARAMS, Clause, LocalTime, Shape
from loanoverdue.law.source import Article, Citation, Instrument, Layer, SourceStatus
from loanoverdue.law.text import Text
from loanoverdue.strict import EMPTY, Reader, Record, ShownWording, field
from loanoverdue.vocabulary import Action, Actor, Conduct, Initiator, LenderKind, Place, Purpose, Target

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

__all__ = [
    "DataError",
    "load_instruments",
    "load_jurisdictions",
    "load_parameters",
    "load_policies",
    "load_rules",
    "read_built",
    "read_toml",
]

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
    name, raw = _read_bytes(source)
    return name, _parsed(name, raw)


def _read_bytes(source: DataFile) -> tuple[str, bytes]:
    """A data file's display name and bytes."""
    name = str(source)
    try:
        if isinstance(source, str):
            with open(source, "rb") as f:
                return name, f.read()
        return name, source.read_bytes()
    except OSError as exc:
        raise DataError(name, "", f"cannot be read: {exc}") from None


def _parsed(name: str, raw: bytes) -> dict[str, Any]:
    """The TOML text ``raw`` of the file ``name`` parsed (through the parsed-data cache)."""
    from loanoverdue.law import cache

    cached = cache.load(raw)
    if cached is not None:
        return cached
    import tomllib  # only when a file is parsed, not read from the cache

    try:
        data = tomllib.loads(raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataError(name, "", f"is not valid TOML: {exc}") from None
    cache.store(raw, data)
    return data


# -- the formats of the files, as the strict reader reads them -------------------------
#
# Each ``_…Entry`` class is one table of a file as written (the keys, their types and
# defaults); the loaders below turn entries into the law's value classes, checking what
# depends on more than one key. The order of the fields is the order in which problems
# are reported.


def _day(value: Any) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInputError("", f"expected a date such as 2021-03-01, got {shown(value)}")
    return value


def _text(value: Any, literal: bool = False) -> Text:
    try:
        return Text(value, is_literal=literal)
    except ValueError as exc:
        raise InvalidInputError("", str(exc)) from None


def _literal_text(value: Any) -> Text:
    """A text shown as written (a policy step's ``note``), never a template."""
    return _text(value, literal=True)


def _article_key(value: Any) -> str:
    """A citation's ``article``: a string, or an integer written without quotes."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidInputError("", f"expected a string or an integer, got {shown(value)}")
    return str(value)


def _quote(value: Any) -> str:
    """An article's ``quote``: its own wording, a non-empty string."""
    if not isinstance(value, str):
        raise InvalidInputError("", f"expected a string, got {shown(value)}")
    if not value.strip():
        raise InvalidInputError("", "is empty")
    return value


def _threshold(value: Any) -> int | Decimal | str:
    """A step's threshold: an integer, a decimal string, or the id of a parameter."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    raise InvalidInputError("", f"expected a number, a decimal string or a parameter id, got {shown(value)}")


def _threshold_field(default: Any = None) -> Any:
    return field(default=default, hook=_threshold)


class _CitationEntry(Record):
    instrument: str
    article: str = field(hook=_article_key)
    status: SourceStatus | None = None

    def citation(self) -> Citation:
        return Citation(self.instrument, self.article, self.status)


class _ArticleEntry(Record):
    status: SourceStatus
    summary: Text | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    quote: str | None = field(default=None, hook=_quote)


class _InstrumentEntry(Record):
    id: str
    layer: Layer
    title: Text
    jurisdiction: str
    effective_from: date | None = None
    effective_to: date | None = None
    status: SourceStatus
    articles: Mapping[str, _ArticleEntry] = EMPTY
    short_title: Text | None = None
    number: str | None = None
    number_status: SourceStatus | None = None
    issuer: Text | None = None
    adopted: date | None = None
    url: str | None = None
    note: str | None = None
    citation: Text | None = None


class _JurisdictionEntry(Record):
    code: str
    name: Text
    parent: str | None = None
    currency: str | None = None
    timezone: str | None = None


class _ValueEntry(Record):
    start: date | None = field(default=None, key="from")
    to: date | None = None
    value: Any
    status: SourceStatus | None = None


class _ParameterEntry(Record):
    id: str
    jurisdiction: str
    title: Text
    type: str
    values: tuple[_ValueEntry, ...]
    basis: Basis
    status: SourceStatus
    citations: tuple[_CitationEntry, ...] = ()
    unit: str | None = None
    note: str | None = None


class _RuleEntry(Record):
    id: str
    jurisdiction: str
    scope: Scope
    title: Text
    weight: Weight
    basis: Basis
    citations: tuple[_CitationEntry, ...] = ()
    messages: Mapping[str, Text]
    actions: tuple[Action, ...] | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    parameters: tuple[str, ...] = ()
    note: str | None = None
    platform: str | None = None
    conduct: tuple[Conduct, ...] | None = None
    targets: tuple[Target, ...] | None = None
    actors: tuple[Actor, ...] | None = None
    shape: tuple[_ClauseEntry, ...] | None = None
    count: _CountEntry | None = None
    about: tuple[Action, ...] | None = None


class _LocalTimeEntry(Record):
    start: str
    end: str


class _EventConditions(Record):
    """The conditions on an event that a clause of a shape and a count share (each a
    list of one enumeration's values; absent: any)."""

    conduct: tuple[Conduct, ...] | None = None
    without_conduct: tuple[Conduct, ...] | None = None
    actions: tuple[Action, ...] | None = None
    actors: tuple[Actor, ...] | None = None
    targets: tuple[Target, ...] | None = None
    places: tuple[Place, ...] | None = None
    purposes: tuple[Purpose, ...] | None = None
    initiated_by: tuple[Initiator, ...] | None = None
    lender_kinds: tuple[LenderKind, ...] | None = None


class _ClauseEntry(_EventConditions):
    verdict: Verdict
    message: str | None = None
    params: tuple[str, ...] = ()
    local_time: _LocalTimeEntry | None = None


class _CountEntry(_EventConditions):
    verdict: Verdict
    window: str
    days: str
    limit: str
    at_least: bool = False
    unconsented: bool = False
    message: str | None = None
    params: tuple[str, ...] = ()


#: The conditions of a clause: each a list of one enumeration's values.
_CONDITIONS = (
    "conduct",
    "without_conduct",
    "actions",
    "actors",
    "targets",
    "places",
    "purposes",
    "initiated_by",
    "lender_kinds",
)


class _StepEntry(Record):
    action: Action
    after_days: int | Decimal | str = _threshold_field(0)
    baseline: Likelihood = Likelihood.POSSIBLE
    basis: Basis = Basis.ASSUMPTION
    min_amount: int | Decimal | str | None = _threshold_field()
    failed_contacts: int | Decimal | str | None = _threshold_field()
    requires: tuple[Action, ...] = ()
    offered: bool = True
    citations: tuple[_CitationEntry, ...] = ()
    note: Text | None = field(default=None, hook=_literal_text)
    done_by: tuple[Actor, ...] | None = None


class _PolicyEntry(Record):
    id: str
    jurisdiction: str
    title: Text
    steps: tuple[_StepEntry, ...]
    lender_kinds: tuple[LenderKind, ...] | None = None
    platform: str | None = None
    source: Text | None = None


class _InstrumentsFile(Record):
    instrument: tuple[_InstrumentEntry, ...] = ()


class _JurisdictionsFile(Record):
    jurisdiction: tuple[_JurisdictionEntry, ...] = ()


class _ParametersFile(Record):
    parameter: tuple[_ParameterEntry, ...] = ()


class _RulesFile(Record):
    rule: tuple[_RuleEntry, ...] = ()


class _PoliciesFile(Record):
    policy: tuple[_PolicyEntry, ...] = ()


_READER = Reader({date: _day, Text: _text}, ShownWording())
F = TypeVar("F")
R = TypeVar("R")


def read_built(
    source: DataFile, kind: str, build: Callable[[str, dict[str, Any]], list[R]], about: str = ""
) -> tuple[str, list[R], bool]:
    """What ``build`` makes of a TOML file (from its display name and parsed data),
    through the cache of built law (:mod:`loanoverdue.law.built`): the file's name, what
    was built, and whether it came from the cache. ``kind`` names the builder and
    ``about`` what else the result depends on (it is built afresh when that differs)."""
    from loanoverdue.law import built

    try:
        name, raw = _read_bytes(source)
    except DataError:  # read_toml says why
        name, data = read_toml(source)
        return name, build(name, data), False
    found = built.load(raw, kind, about)
    if found is not None:
        return name, found, True
    out = build(name, _parsed(name, raw))
    built.store(raw, kind, out, about)
    return name, out, False


def _built(source: DataFile, file: type[F], key: str, build: Callable[[Any], R]) -> tuple[str, list[R], bool]:
    """Like :func:`_entries`, through the cache of built law: the file's name, what was
    built, and whether it came from the cache."""
    return read_built(source, key, lambda name, data: _structured(name, data, file, key, build))


def _entries(source: DataFile, file: type[F], key: str, build: Callable[[Any], R]) -> tuple[str, list[R]]:
    """Read ``source`` as a ``file``; each entry of its ``key`` list built by ``build``
    (problems named by file and path, ``rule[2].effective_to``)."""
    name, data = read_toml(source)
    return name, _structured(name, data, file, key, build)


def _structured(name: str, data: dict[str, Any], file: type[F], key: str, build: Callable[[Any], R]) -> list[R]:
    """The parsed data of the file ``name`` read as a ``file``, each entry of its ``key``
    list built by ``build``."""
    try:
        entries = getattr(_READER.structure(data, file), key)
    except InvalidInputError as exc:
        raise DataError(name, exc.path, exc.problem) from None
    out = []
    for i, entry in enumerate(entries):
        try:
            out.append(build(entry))
        except InvalidInputError as exc:
            raise DataError(name, exc.within(f"{key}[{i}]").path, exc.problem) from None
    return out


def _period(start: date | None, end: date | None) -> Period:
    try:
        return Period(start, end)
    except ValueError as exc:
        raise InvalidInputError("effective_to", str(exc)) from None


def _citations(entries: tuple[_CitationEntry, ...]) -> tuple[Citation, ...]:
    return tuple(c.citation() for c in entries)


def _instrument(t: _InstrumentEntry) -> Instrument:
    articles: dict[str, Article] = {}
    for key, a in t.articles.items():
        try:
            period = _period(a.effective_from, a.effective_to)
        except InvalidInputError as exc:
            raise exc.within(f"articles.{key}") from None
        articles[key] = Article(key=key, status=a.status, summary=a.summary, period=period, quote=a.quote)
    return Instrument(
        id=t.id,
        layer=t.layer,
        title=t.title,
        jurisdiction=t.jurisdiction,
        period=_period(t.effective_from, t.effective_to),
        status=t.status,
        articles=articles,
        short_title=t.short_title,
        number=t.number,
        number_status=t.number_status,
        issuer=t.issuer,
        adopted=t.adopted,
        url=t.url,
        note=t.note,
        citation=t.citation,
    )


def load_instruments(source: DataFile) -> tuple[Instrument, ...]:
    """Read the ``[[instrument]]`` tables of an ``instruments.toml``."""
    return tuple(_built(source, _InstrumentsFile, "instrument", _instrument)[1])


def _jurisdiction(t: _JurisdictionEntry) -> Jurisdiction:
    return Jurisdiction(code=t.code, name=t.name, parent=t.parent, currency=t.currency, timezone=t.timezone)


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
    return tuple(_built(source, _JurisdictionsFile, "jurisdiction", _jurisdiction)[1])


def _parse_value(kind: str, raw: Any) -> object:
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
        raise InvalidInputError("value", str(exc)) from None
    raise InvalidInputError("type", f"unknown parameter type {kind!r} (decimal, int, bool, time, date, text)")


def _parameter(t: _ParameterEntry) -> Parameter:
    values = []
    for i, v in enumerate(t.values):
        if v.start is None and i > 0:
            raise InvalidInputError(f"values[{i}].from", "is required")
        try:
            value = _parse_value(t.type, v.value)
        except InvalidInputError as exc:
            raise (exc if exc.path == "type" else exc.within(f"values[{i}]")) from None
        values.append(ParameterValue(start=v.start, value=value, end=v.to, status=v.status))
    if not t.citations and t.basis is not Basis.ASSUMPTION:
        raise InvalidInputError("citations", 'only a parameter with basis = "assumption" may cite nothing')
    try:
        return Parameter(
            id=t.id,
            jurisdiction=t.jurisdiction,
            title=t.title,
            basis=t.basis,
            status=t.status,
            values=tuple(values),
            citations=_citations(t.citations),
            type=t.type,
            unit=t.unit,
            note=t.note,
        )
    except ValueError as exc:
        raise InvalidInputError("values", str(exc)) from None


def load_parameters(source: DataFile) -> tuple[Parameter, ...]:
    """Read the ``[[parameter]]`` tables of a ``parameters.toml``."""
    return tuple(_built(source, _ParametersFile, "parameter", _parameter)[1])


def _filter(t: _RuleEntry, key: str) -> frozenset[Any] | None:
    """An event rule's filter (``conduct``, ``targets``, ``actors``, ``actions``)."""
    values: tuple[Any, ...] | None = getattr(t, key)
    if values is None:
        return None
    if t.scope is Scope.CASE:
        raise InvalidInputError(key, "only event rules list actions" if key == "actions" else "only event rules filter events")
    return frozenset(values)


#: Both answers of a precondition that reads no event.
_BOTH = frozenset({True, False})


def _about(t: _RuleEntry) -> frozenset[Action] | None:
    """A case rule's ``about``: the actions of the events its findings can be about."""
    if t.about is None:
        return None
    if t.scope is not Scope.CASE:
        raise InvalidInputError("about", "only case rules declare what their findings are about")
    return frozenset(t.about)


def _shape(t: _RuleEntry) -> Shape | None:
    """A rule's ``[[rule.shape]]`` clauses (``None`` without any)."""
    if t.shape is None:
        return None
    if t.scope is not Scope.EVENT:
        raise InvalidInputError("shape", "only event rules have a shape")
    if not t.shape:
        raise InvalidInputError("shape", "has no clause (leave it out, or give at least one)")
    clauses = []
    for i, c in enumerate(t.shape):
        for j, p in enumerate(c.params):
            if p not in PARAMS:
                raise InvalidInputError(
                    f"shape[{i}].params[{j}]", f"unknown value {p!r} (expected one of: {', '.join(PARAMS)})"
                )
        sets: dict[str, Any] = {}
        for key in _CONDITIONS:
            values = getattr(c, key)
            if values is not None and not values:
                raise InvalidInputError(f"shape[{i}].{key}", "is empty (leave it out to hold for any value)")
            sets[key] = None if values is None else frozenset(values)
        window = None if c.local_time is None else LocalTime(c.local_time.start, c.local_time.end)
        try:
            clauses.append(Clause(c.verdict, c.message, c.params, local_time=window, **sets))
        except ValueError as exc:
            raise InvalidInputError(f"shape[{i}].params", str(exc)) from None
    try:
        return Shape(tuple(clauses))
    except ValueError as exc:
        raise InvalidInputError("shape", str(exc)) from None


def _count(t: _RuleEntry) -> Count | None:
    """A rule's ``[rule.count]`` (``None`` without one)."""
    c = t.count
    if c is None:
        return None
    if t.scope is not Scope.CASE:
        raise InvalidInputError("count", "only case rules count events (scope = \"case\")")
    if t.shape is not None:
        raise InvalidInputError("count", "a rule has a shape or a count, not both")
    if c.window not in WINDOWS:
        raise InvalidInputError("count.window", f"unknown value {c.window!r} (expected one of: {', '.join(WINDOWS)})")
    for j, p in enumerate(c.params):
        if p not in COUNT_PARAMS:
            raise InvalidInputError(
                f"count.params[{j}]", f"unknown value {p!r} (expected one of: {', '.join(COUNT_PARAMS)})"
            )
    for key in ("days", "limit"):
        pid = getattr(c, key)
        if pid not in t.parameters:
            raise InvalidInputError(f"count.{key}", f"parameter {pid!r} is not among the rule's parameters")
    sets: dict[str, Any] = {}
    for key in _CONDITIONS:
        values = getattr(c, key)
        if values is not None and not values:
            raise InvalidInputError(f"count.{key}", "is empty (leave it out to hold for any value)")
        sets[key] = None if values is None else frozenset(values)
    try:
        return Count(
            t.id,
            c.verdict,
            Clause(c.verdict, **sets),
            c.window,
            c.days,
            c.limit,
            at_least=c.at_least,
            unconsented=c.unconsented,
            message=c.message,
            params=c.params,
        )
    except ValueError as exc:
        raise InvalidInputError("count.params", str(exc)) from None


def load_rules(source: DataFile, checks: Mapping[str, Callable[[Any], Any]]) -> tuple[Rule, ...]:
    """Read the ``[[rule]]`` tables of a ``rules.toml`` and join each with its check:
    its declared shape (``[[rule.shape]]``, see :mod:`loanoverdue.law.shape`), or else
    its check function from ``checks`` (rule id -> function). A rule without a check, a
    check without a rule, or a rule with both a shape and a check function is an error:
    nothing is silently left out, and the law is written once."""
    conditions: Mapping[str, Callable[[Any], bool]] = getattr(checks, "conditions", {})
    keeps: Mapping[str, frozenset[bool]] = getattr(checks, "keeps", {})
    grows: Mapping[str, Callable[[Any, Any], bool]] = getattr(checks, "grows", {})

    def rule(t: _RuleEntry) -> Rule:
        shape = _shape(t)
        count = _count(t)
        check, applies, applies_keeps, applies_grows = _joined(t.id, shape, count, checks, conditions, keeps, grows)
        for key, message in t.messages.items():
            holes = message.placeholders()
            if len(set(holes.values())) > 1:
                raise InvalidInputError(f"messages.{key}", f"languages use different placeholders: {holes}")
        return Rule(
            id=t.id,
            jurisdiction=t.jurisdiction,
            scope=t.scope,
            title=t.title,
            weight=t.weight,
            basis=t.basis,
            citations=_citations(t.citations),
            messages=t.messages,
            check=check,
            actions=_filter(t, "actions"),
            period=_period(t.effective_from, t.effective_to),
            parameters=t.parameters,
            note=t.note,
            platform=t.platform,
            conduct=_filter(t, "conduct"),
            targets=_filter(t, "targets"),
            actors=_filter(t, "actors"),
            applies=applies,
            applies_keeps=applies_keeps,
            applies_grows=applies_grows,
            shape=shape,
            count=count,
            about=_about(t),
        )

    name, out, cached = _built(source, _RulesFile, "rule", rule)
    if cached:  # the data was read before: join each rule with this pack's checks
        for i, r in enumerate(out):
            try:
                joined = _joined(r.id, r.shape, r.count, checks, conditions, keeps, grows)
            except InvalidInputError as exc:
                raise DataError(name, exc.within(f"rule[{i}]").path, exc.problem) from None
            # the rule was just made from the entry, and no one else holds it: its four
            # fields are set as its constructor would set them (they have no converters)
            for field_name, value in zip(_JOINED, joined, strict=True):
                object.__setattr__(r, field_name, value)
    extra = sorted(set(checks) - {r.id for r in out})
    if extra:
        raise DataError(name, "", f"check functions without a rule: {', '.join(extra)}")
    return tuple(out)


#: The fields of a rule that :func:`_joined` gives.
_JOINED = ("check", "applies", "applies_keeps", "applies_grows")


def _joined(
    rule_id: str,
    shape: Shape | None,
    count: Count | None,
    checks: Mapping[str, Callable[[Any], Any]],
    conditions: Mapping[str, Callable[[Any], bool]],
    keeps: Mapping[str, frozenset[bool]],
    grows: Mapping[str, Callable[[Any, Any], bool]],
) -> tuple[
    Callable[[Any], Any], Callable[[Any], bool] | None, frozenset[bool], Callable[[Any, Any], bool] | None
]:
    """A rule's check, precondition, the precondition's kept answers and how a false one
    grows: its declared shape or count, or else its check function (and precondition)
    from ``checks``."""
    check: Callable[[Any], Any]
    declared = shape if shape is not None else count
    if declared is not None:
        key = "shape" if shape is not None else "count"
        if rule_id in checks:
            raise InvalidInputError(key, f"rule {rule_id!r} has a {key} and a check function (keep one)")
        if rule_id in conditions:
            raise InvalidInputError(
                key, f"rule {rule_id!r} has a {key} and a precondition (state it in a {'clause' if shape else 'condition'})"
            )
        check = declared
        applies = _precondition(shape, count)
        # a shape's or a count's precondition is on the lender's kind: it reads no event
        return check, applies, _BOTH if applies is not None else frozenset(), None
    if rule_id not in checks:
        raise InvalidInputError("id", f"no check function is registered for rule {rule_id!r}")
    return checks[rule_id], conditions.get(rule_id), keeps.get(rule_id, frozenset()), grows.get(rule_id)


def _precondition(shape: Shape | None, count: Count | None) -> Callable[[Any], bool] | None:
    """The precondition of a declared test: its lender kinds, where it names them."""
    if shape is not None:
        return shape.precondition()
    assert count is not None
    return count.precondition()


def _step(s: _StepEntry) -> Step:
    if s.done_by is not None and not s.done_by:
        raise InvalidInputError("done_by", "names no actor (leave it out to count every actor)")
    return Step(
        action=s.action,
        after_days=s.after_days,
        baseline=s.baseline,
        basis=s.basis,
        min_amount=s.min_amount,
        failed_contacts=s.failed_contacts,
        requires=s.requires,
        offered=s.offered,
        citations=_citations(s.citations),
        note=s.note,
        done_by=None if s.done_by is None else frozenset(s.done_by),
    )


def _policy(t: _PolicyEntry) -> EscalationPolicy:
    steps = []
    for i, s in enumerate(t.steps):
        try:
            steps.append(_step(s))
        except InvalidInputError as exc:
            raise exc.within(f"steps[{i}]") from None
    return EscalationPolicy(
        id=t.id,
        jurisdiction=t.jurisdiction,
        title=t.title,
        steps=tuple(steps),
        lender_kinds=None if t.lender_kinds is None else frozenset(t.lender_kinds),
        platform=t.platform,
        source=t.source,
    )


def load_policies(source: DataFile) -> tuple[EscalationPolicy, ...]:
    """Read the ``[[policy]]`` tables of a ``policies.toml``."""
    return tuple(_built(source, _PoliciesFile, "policy", _policy)[1])
