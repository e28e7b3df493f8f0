"""The output side: findings, outlook, consequences, advice, trace and the assessment
that holds them. All frozen value classes; localised text is rendered on output."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue._frozen import frozen_mapping
from loanoverdue.law.rule import Basis, Verdict, Weight
from loanoverdue.law.source import Citation, Instrument, SourceStatus
from loanoverdue.law.text import Text
from loanoverdue.vocabulary import Action

if TYPE_CHECKING:
    from loanoverdue.model.case import Case

__all__ = [
    "Advice",
    "Assessment",
    "Assumption",
    "Credit",
    "Direction",
    "Exposure",
    "Factor",
    "Finding",
    "Interest",
    "Letter",
    "Limitation",
    "OutlookStatus",
    "PackRef",
    "ParameterUse",
    "Prospect",
    "Stage",
    "TraceEntry",
]


_label: Callable[[Any, str], str] | None = None


def _labeller() -> Callable[[Any, str], str]:
    global _label
    if _label is None:
        from loanoverdue.labels import label

        _label = label
    return _label


#: What a parameter value of each type is to :func:`_localised`: 0 shown as it is, 1 a
#: vocabulary value, 2 a text, 3 a tuple (of vocabulary values, or shown as it is).
_KINDS: dict[type, int] = {str: 0, int: 0, bool: 0, type(None): 0, Decimal: 0, date: 0}


def _kind(t: type) -> int:
    kind = 1 if issubclass(t, StrEnum) else 2 if issubclass(t, Text) else 3 if issubclass(t, tuple) else 0
    if len(_KINDS) < 256:  # types, not values: a handful
        _KINDS[t] = kind
    return kind


def _localised(params: Mapping[str, object], lang: str) -> Mapping[str, object]:
    """Parameters with vocabulary values replaced by their labels in ``lang`` (``params``
    itself when nothing is to be replaced)."""
    out: dict[str, object] | None = None
    kinds = _KINDS
    for k, v in params.items():
        t = type(v)
        kind = kinds.get(t)
        if kind is None:
            kind = _kind(t)
        if kind == 0:
            continue
        if kind == 1:
            v = (_label or _labeller())(v, lang)
        elif kind == 2:
            v = v.get(lang)  # type: ignore[attr-defined]
        elif v and all(isinstance(x, StrEnum) for x in v):  # type: ignore[attr-defined]
            label = _label or _labeller()
            v = ("、" if lang == "zh-CN" else ", ").join(label(x, lang) for x in v)  # type: ignore[attr-defined]
        else:
            continue
        if out is None:
            out = dict(params)
        out[k] = v
    return params if out is None else out


#: Filled templates by the identity of their template and parameters (which the packs
#: and the engine share between findings, factors and advice of many assessments: a
#: rule's fixed hit, a remembered factor, a prebuilt advice item), per language. The
#: entry holds both objects, so no other object can take their ids; bounded: emptied
#: when full, and small: an entry of a finding made for one assessment only holds it
#: (and its parameters) for the garbage collector to walk until the memo is emptied.
_FILLED: dict[tuple[int, int, str], tuple[Text, Mapping[str, object], str]] = {}
_FILLED_SIZE = 1024


def _filled(template: Text, params: Mapping[str, object], lang: str) -> str:
    """``template`` in ``lang`` filled from ``params`` (vocabulary as labels), worked out
    once per template, parameters and language."""
    key = (id(template), id(params), lang)
    found = _FILLED.get(key)
    if found is not None and found[0] is template and found[1] is params:
        return found[2]
    out = template.format(lang, _localised(params, lang))
    if len(_FILLED) >= _FILLED_SIZE:
        _FILLED.clear()
    _FILLED[key] = (template, params, out)
    return out


class Stage(StrEnum):
    """How far a loan is past due (the industry's month buckets; a convention, not law).

    ``current`` 0 days, ``early`` 1–30, ``middle`` 31–90, ``late`` 91–180,
    ``severe`` over 180; ``repaid`` once ``repaid_on`` is set.
    """

    CURRENT = "current"
    EARLY = "early"
    MIDDLE = "middle"
    LATE = "late"
    SEVERE = "severe"
    REPAID = "repaid"


class OutlookStatus(StrEnum):
    """Where a collection step stands for this case."""

    HAPPENED = "happened"
    LIKELY_NEXT = "likely_next"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"
    NOT_PERMITTED = "not_permitted"
    NOT_APPLICABLE = "not_applicable"


class Direction(StrEnum):
    """Which way a factor moves a step's likelihood."""

    RAISES = "raises"
    LOWERS = "lowers"
    NEUTRAL = "neutral"
    #: The step may not lawfully be taken (status becomes ``not_permitted``).
    BLOCKS = "blocks"


@attrs.frozen(cache_hash=True)
class ParameterUse:
    """A parameter value a finding rests on, with what it rests on in turn."""

    id: str
    jurisdiction: str
    value: object
    basis: Basis
    status: SourceStatus
    #: The value was set for this assessment (``assess(..., overrides=...)``, ``--set``)
    #: instead of taken from the pack's data.
    overridden: bool = False

    @property
    def is_firm(self) -> bool:
        """Whether the value is law (or regulation) from a verified source."""
        return self.basis in (Basis.LAW, Basis.REGULATION) and self.status is SourceStatus.VERIFIED


@attrs.frozen
class Finding:
    """A rule's conclusion about one event (``event`` is its index in the case) or about
    the whole case (``event`` is ``None``)."""

    rule: str
    verdict: Verdict
    weight: Weight
    basis: Basis
    citations: tuple[Citation, ...]
    template: Text
    params: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)
    event: int | None = None
    #: Other events the finding rests on: at most ``RELATED_LIMIT`` (20) indexes, the
    #: first ones and the last (see :data:`loanoverdue.law.rule.RELATED_LIMIT`).
    related: tuple[int, ...] = ()
    proposed: bool = False
    #: The parameter values the check read (e.g. quiet hours): where one is an
    #: assumption or unverified, so is the finding's threshold.
    parameters: tuple[ParameterUse, ...] = ()
    #: How many events the finding rests on in all (``related`` may list only some).
    related_count: int = attrs.field(default=attrs.Factory(lambda self: len(self.related), takes_self=True))

    def message(self, lang: str = "en") -> str:
        """The finding's message in ``lang``."""
        return _filled(self.template, self.params, lang)


@attrs.frozen
class Factor:
    """One reason a step is more or less likely (or not permitted)."""

    name: str
    direction: Direction
    explanation: Text
    params: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)
    citations: tuple[Citation, ...] = ()

    def message(self, lang: str = "en") -> str:
        return _filled(self.explanation, self.params, lang)


@attrs.frozen
class Prospect:
    """The outlook for one collection step."""

    action: Action
    status: OutlookStatus
    earliest: date | None
    factors: tuple[Factor, ...]
    basis: Basis
    policy: str | None = None
    citations: tuple[Citation, ...] = ()
    #: The policy step's note (e.g. where a step's figure comes from).
    note: Text | None = None


@attrs.frozen
class Limitation:
    """The limitation period for court claims on the debt."""

    period: str  # ISO 8601 duration, e.g. "P3Y"
    starts: date
    interrupted_by: tuple[int, ...]
    expires: date
    expired: bool
    citations: tuple[Citation, ...] = ()
    note: Text | None = None


@attrs.frozen
class Credit:
    """The credit-report consequence: reported or not, and until when retained."""

    reported: bool
    retained_until: date | None
    rule: Text
    citations: tuple[Citation, ...] = ()


@attrs.frozen
class Interest:
    """The annual rate against the highest rate the law protects for this loan."""

    annual_rate: Decimal | None
    cap: Decimal | None
    cap_basis: tuple[Citation, ...]
    excess: bool
    note: Text | None = None


@attrs.frozen
class Exposure:
    """Whether the borrower could face criminal liability, and on what conditions."""

    criminal_possible: bool
    conditions: Text
    citations: tuple[Citation, ...] = ()


@attrs.frozen
class Advice:
    """One item of advice. Lower ``priority`` comes first; ``because`` names the rules,
    findings or outlook entries that prompted it."""

    id: str
    priority: int
    title: Text
    body: Text
    params: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)
    citations: tuple[Citation, ...] = ()
    because: tuple[str, ...] = ()
    basis: Basis = attrs.field(default=Basis.LAW, converter=Basis)

    def render_title(self, lang: str = "en") -> str:
        return _filled(self.title, self.params, lang)

    def render_body(self, lang: str = "en") -> str:
        return _filled(self.body, self.params, lang)


@attrs.frozen
class Letter:
    """A letter the borrower can send, filled with the facts of the case.

    ``kind`` names what the letter is for (``repayment_plan``, ``cease_communication``,
    …; the ``--kind`` of ``loanoverdue letter``), ``id`` is the pack's stable id of it.
    ``to``, ``subject``, the ``body`` paragraphs, the ``sender`` lines and ``sign_off``
    are templates filled from ``params``; what the case does not know (the borrower's
    name, the account number) stays a bracketed blank to fill in. ``particulars`` are
    indexes into the assessment's findings that the letter lists as its particulars
    (e.g. the collection events a complaint is about); ``note`` says whom to send it to
    and how, and is not part of the letter. ``citations`` are the letter's basis."""

    id: str
    kind: str
    title: Text
    to: Text
    subject: Text
    body: tuple[Text, ...]
    params: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)
    sender: tuple[Text, ...] = ()
    sign_off: Text | None = None
    particulars: tuple[int, ...] = ()
    note: Text | None = None
    citations: tuple[Citation, ...] = ()
    because: tuple[str, ...] = ()
    basis: Basis = attrs.field(default=Basis.LAW, converter=Basis)
    #: The day the letter is dated (the assessment's day in the borrower's time zone).
    day: date | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the letter is written in (those its title, addressee, subject
        and every paragraph have)."""
        first = self.title.languages
        found: set[str] | None = None
        for part in (self.to, self.subject, *self.body):
            langs = part.languages
            if langs != first:  # most letters are written in their title's languages
                found = set(langs) if found is None else found & set(langs)
        if found is None:
            return first  # a Text's languages are sorted and unique
        return tuple(sorted(found & set(first)))

    def fill(self, template: Text, lang: str = "en") -> str:
        """``template`` (one of the letter's parts) in ``lang``, filled from ``params``
        (dates written out: ``March 3, 2026``, ``2026年3月3日``)."""
        return _letter_fills(self, lang).fill(template)

    def filling(self, lang: str = "en") -> Mapping[str, object]:
        """The values :meth:`fill` fills the letter's parts with in ``lang`` (vocabulary
        as labels, dates written out): to fill several parts, work them out once."""
        from loanoverdue.dates import long_date

        params = dict(_localised(self.params, lang))
        for key, value in params.items():
            if isinstance(value, date):
                params[key] = long_date(value, lang)
        return params


class _LetterFills:
    """A letter's parts filled in one language from one set of values: each part once
    (the parts are the packs' templates, shared by the letters of many assessments)."""

    __slots__ = ("lang", "params", "parts")

    def __init__(self, params: Mapping[str, object], lang: str) -> None:
        self.params = params
        self.lang = lang
        #: Filled parts by the identity of their template (the entry holds it).
        self.parts: dict[int, tuple[Text, str]] = {}

    def fill(self, template: Text) -> str:
        found = self.parts.get(id(template))
        if found is not None and found[0] is template:
            return found[1]
        out = template.format(self.lang, self.params)
        if len(self.parts) >= 256:
            self.parts.clear()
        self.parts[id(template)] = (template, out)
        return out


#: Types of a letter's values that fill a template the same whenever they are equal and
#: of the same type (a Decimal is not among them: 1.0 and 1.00 are equal, and are
#: written differently).
_SAME_WHEN_EQUAL = frozenset({str, int, bool, type(None), date, Text})

#: The fills of letters with equal values (type and value of each) in a language: what
#: letters of many assessments share (the lender, the amounts, the day). Bounded: emptied
#: when full.
_LETTER_FILLS: dict[tuple[object, ...], _LetterFills] = {}


def _letter_fills(letter: Letter, lang: str) -> _LetterFills:
    """The fills of ``letter``'s parts in ``lang``, shared by the letters whose values
    are equal."""
    items: list[object] = [lang]
    for key, value in letter.params.items():
        kind = type(value)
        if kind not in _SAME_WHEN_EQUAL and not isinstance(value, StrEnum):
            return _LetterFills(letter.filling(lang), lang)  # made for this letter alone
        items.append((key, kind, value))
    found_key = tuple(items)
    found = _LETTER_FILLS.get(found_key)
    if found is None:
        if len(_LETTER_FILLS) >= 1024:
            _LETTER_FILLS.clear()
        found = _LETTER_FILLS[found_key] = _LetterFills(letter.filling(lang), lang)
    return found


@attrs.frozen
class Assumption:
    """Something the caller assumed to build the case (e.g. the ``quick`` command's
    default lender kind): ``field`` is the case field, ``value`` what was assumed,
    ``explanation`` what it decides, ``change`` how to give the real value."""

    field: str
    value: str
    explanation: Text
    change: str | None = None


@attrs.frozen
class TraceEntry:
    """One line of the trace: a rule that ran, a parameter value used, a policy or
    calculator chosen, or a note about the input."""

    kind: str  # "rule" | "parameter" | "policy" | "calculator" | "advice" | "letter" | "input"
    id: str
    detail: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)


@attrs.frozen
class PackRef:
    """A pack that took part in an assessment."""

    name: str
    version: str
    distribution: str | None = None


class _Pending:
    """The value of a part of an assessment not worked out yet."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not worked out yet>"


#: Stands for a part of an assessment that is worked out when first read.
PENDING: Any = _Pending()


def _instruments(value: object) -> Any:
    return value if value is PENDING else frozen_mapping(value)  # type: ignore[arg-type]


@attrs.frozen(eq=False)
class Assessment:
    """The result of :func:`loanoverdue.assess`. Deterministic: the same case and packs
    give an equal assessment and byte-identical JSON.

    The findings are worked out by :func:`~loanoverdue.assess` itself; the outlook, the
    consequences, the advice, the trace and the instruments cited when one of them is
    first read (the same values, in the same order, as if worked out at once: a pack's
    failure in one of them surfaces then, as a :class:`~loanoverdue.errors.PluginError`)."""

    schema_version: str
    case: Case
    jurisdiction: tuple[str, ...]
    days_past_due: int
    stage: Stage
    findings: tuple[Finding, ...]
    _outlook: tuple[Prospect, ...] = attrs.field(alias="outlook")
    _limitation: Limitation | None = attrs.field(alias="limitation")
    _credit: Credit | None = attrs.field(alias="credit")
    _interest: Interest | None = attrs.field(alias="interest")
    _exposure: Exposure | None = attrs.field(alias="exposure")
    _advice: tuple[Advice, ...] = attrs.field(alias="advice")
    _packs: tuple[PackRef, ...] = attrs.field(alias="packs")
    _trace: tuple[TraceEntry, ...] = attrs.field(alias="trace")
    #: The instruments the assessment cites, by id (to render titles, links and dates).
    _instruments: Mapping[str, Instrument] = attrs.field(
        factory=dict, converter=_instruments, alias="instruments"
    )
    #: Letters the borrower can send, written by the packs from the facts of the case.
    _letters: tuple[Letter, ...] = attrs.field(default=(), alias="letters")
    #: What the caller assumed to build the case (empty for a case file).
    assumptions: tuple[Assumption, ...] = ()
    #: Works out the parts given as ``PENDING``: returns them by name.
    _rest: Callable[[], Mapping[str, object]] | None = attrs.field(
        default=None, alias="rest", repr=False, kw_only=True
    )

    def _worked_out(self) -> None:
        rest = self._rest
        if rest is None:
            return
        for name, value in rest().items():
            object.__setattr__(self, "_" + name, value)
        object.__setattr__(self, "_rest", None)

    @property
    def outlook(self) -> tuple[Prospect, ...]:
        """The outlook: each collection step the policies schedule, and where it stands."""
        self._worked_out()
        return self._outlook

    @property
    def limitation(self) -> Limitation | None:
        self._worked_out()
        return self._limitation

    @property
    def credit(self) -> Credit | None:
        self._worked_out()
        return self._credit

    @property
    def interest(self) -> Interest | None:
        self._worked_out()
        return self._interest

    @property
    def exposure(self) -> Exposure | None:
        self._worked_out()
        return self._exposure

    @property
    def advice(self) -> tuple[Advice, ...]:
        self._worked_out()
        return self._advice

    @property
    def packs(self) -> tuple[PackRef, ...]:
        self._worked_out()
        return self._packs

    @property
    def trace(self) -> tuple[TraceEntry, ...]:
        self._worked_out()
        return self._trace

    @property
    def instruments(self) -> Mapping[str, Instrument]:
        """The instruments the assessment cites, by id (to render titles, links and dates)."""
        self._worked_out()
        return self._instruments

    @property
    def letters(self) -> tuple[Letter, ...]:
        """Letters the borrower can send, written by the packs from the facts of the case."""
        self._worked_out()
        return self._letters

    def findings_for(self, event: int) -> tuple[Finding, ...]:
        """The findings about event ``event``."""
        return tuple(f for f in self.findings if f.event == event)

    def violations(self) -> tuple[Finding, ...]:
        """The findings whose verdict is ``violation``."""
        return tuple(f for f in self.findings if f.verdict is Verdict.VIOLATION)

    def fired(self, prefix: str) -> tuple[Finding, ...]:
        """Findings of rules whose id starts with ``prefix``."""
        return tuple(f for f in self.findings if f.rule.startswith(prefix))

    def letter(self, kind: str) -> Letter | None:
        """The letter of ``kind`` (or with the id ``kind``), if the packs wrote one."""
        for x in self.letters:
            if x.kind == kind or x.id == kind:
                return x
        return None

    def prospect(self, action: Action | str) -> Prospect | None:
        """The outlook entry for ``action``, if the policies schedule it."""
        for p in self.outlook:
            if p.action == action:
                return p
        return None

    def status(self, action: Action | str) -> OutlookStatus | None:
        """The outlook status of ``action``, if the policies schedule it."""
        p = self.prospect(action)
        return None if p is None else p.status

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """The assessment as the JSON contract's mapping, messages in ``lang``."""
        from loanoverdue.results.json import assessment_to_dict

        return assessment_to_dict(self, lang)

    def to_json(self, lang: str = "en", *, indent: int | None = 2) -> str:
        """The assessment as JSON (the contract in the design), byte-deterministic."""
        from loanoverdue.results.json import assessment_to_json

        return assessment_to_json(self, lang, indent=indent)
