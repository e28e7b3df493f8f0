"""The registry's snapshot: the validated contributions of the loaded packs, and the
plain lookups over them.

A :class:`Registry` is built by :meth:`Registry.build` (loading in
:mod:`loanoverdue.registry.load`, validation in :mod:`loanoverdue.registry.validate`)
and never changes afterwards, so it is safe to share across threads. The engine keeps
its indexes and caches of a registry elsewhere (:mod:`loanoverdue.engine.indexes`); the
snapshot holds data, and one store of values derived from it alone (:meth:`Registry.memo`:
the packs' memos and the parameter timelines behind :meth:`Registry.parameter_span`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

import attrs

from loanoverdue._collector import collector_paused
from loanoverdue._frozen import frozen_mapping
from loanoverdue.components import (
    AdviceContributor,
    Calculator,
    Consequence,
    FactorProvider,
    LetterWriter,
    PackInfo,
)
from loanoverdue.errors import UnknownJurisdictionError
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Rule, Scope
from loanoverdue.law.source import Citation, Instrument
from loanoverdue.registry.memo import Memo
from loanoverdue.results import ParameterUse
from loanoverdue.vocabulary import Action, LenderKind

__all__ = ["Pack", "ParameterSpan", "ParameterTimeline", "Registry", "parameter_detail"]


@attrs.frozen(eq=False)
class Pack:
    """A loaded rule pack and what it contributed."""

    name: str
    version: str
    distribution: str | None
    info: PackInfo
    jurisdictions: tuple[str, ...]
    rules: tuple[str, ...]
    instruments: tuple[str, ...]
    parameters: tuple[str, ...]
    policies: tuple[str, ...]
    calculators: tuple[str, ...]
    advice: tuple[str, ...]
    factors: tuple[str, ...]
    platforms: tuple[str, ...] = ()
    #: The letter writers' ids.
    letters: tuple[str, ...] = ()


class ParameterSpan(NamedTuple):
    """A parameter value with the dates ``[low, high)`` it holds for along a chain."""

    low: date
    high: date
    parameter: Parameter
    value: ParameterValue
    use: ParameterUse
    detail: Mapping[str, object]


#: The days a parameter's winning value along a chain may change on, and its span from
#: each of them on (``None``: no value in force).
ParameterTimeline = tuple[tuple[date, ...], tuple[ParameterSpan | None, ...]]


def parameter_detail(param: Parameter, value: ParameterValue) -> tuple[ParameterUse, Mapping[str, object]]:
    """How a finding and the trace describe ``param`` holding ``value``: its use and
    the trace entry's detail."""
    status = value.status or param.status
    use = ParameterUse(param.id, param.jurisdiction, value.value, param.basis, status)
    detail = frozen_mapping(
        {
            "jurisdiction": param.jurisdiction,
            "value": value.value,
            "from": value.start,  # None: in force since a date the sources do not give
            "to": value.end,
            "basis": param.basis.value,
            "status": status.value,
            "citations": param.citations,
        }
    )
    return use, detail


class Contents(NamedTuple):
    """What a registry is made of, as validation leaves it (see
    :func:`loanoverdue.registry.validate.validated`)."""

    packs: tuple[Pack, ...]
    jurisdictions: Mapping[str, Jurisdiction]
    instruments: Mapping[str, Instrument]
    rules: Mapping[str, Rule]
    parameters: Mapping[tuple[str, str], Parameter]
    policies: Mapping[str, EscalationPolicy]
    platform_policies: Mapping[str, PlatformPolicy]
    owners: Mapping[tuple[str, str], Pack]
    chains: Mapping[str, tuple[str, ...]]
    calculators: Mapping[tuple[str, Consequence], Calculator]
    factors: tuple[FactorProvider, ...]
    advice: tuple[AdviceContributor, ...]
    letters: tuple[LetterWriter, ...]


class Registry:
    """An immutable snapshot of the installed rule packs. Build it with
    :meth:`build` (or take the shared :func:`default_registry`)."""

    __slots__ = (
        "__weakref__",
        "_advice",
        "_calculators",
        "_chains",
        "_factors",
        "_letters",
        "_memos",
        "_owners",
        "_params",
        "_policies",
        "instruments",
        "jurisdictions",
        "packs",
        "parameters",
        "platform_policies",
        "policies",
        "rules",
    )

    packs: tuple[Pack, ...]
    jurisdictions: Mapping[str, Jurisdiction]
    instruments: Mapping[str, Instrument]
    rules: Mapping[str, Rule]
    parameters: Mapping[tuple[str, str], Parameter]
    policies: Mapping[str, EscalationPolicy]
    #: Platform policies by platform id.
    platform_policies: Mapping[str, PlatformPolicy]
    _owners: Mapping[tuple[str, str], Pack]
    _chains: Mapping[str, tuple[str, ...]]
    #: parameter id -> jurisdiction -> parameter
    _params: Mapping[str, Mapping[str, Parameter]]
    #: every escalation policy, by id
    _policies: tuple[EscalationPolicy, ...]
    _calculators: Mapping[tuple[str, Consequence], Calculator]
    _factors: tuple[FactorProvider, ...]
    _advice: tuple[AdviceContributor, ...]
    _letters: tuple[LetterWriter, ...]
    #: The packs' memos (see :meth:`memo`).
    _memos: dict[str, Memo]

    def __init__(self) -> None:  # use Registry.build
        raise TypeError("use Registry.build(...) or loanoverdue.default_registry()")

    # -- building ---------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        plugins: Sequence[object] = (),
        *,
        entry_points: bool = True,
        exclude: Iterable[str] = (),
        only: Iterable[str] | None = None,
    ) -> Registry:
        """Build a registry.

        ``plugins`` are pack objects (modules or instances with hook functions) to
        register programmatically; ``entry_points`` also loads the installed packs of
        the ``loanoverdue`` entry-point group, except those named in ``exclude`` (or
        only those named in ``only``; a name that is not installed is an error).
        Raises :class:`~loanoverdue.errors.PluginError` (naming the plugin and its
        distribution) if a pack fails to load, raises in a hook or returns invalid data,
        and :class:`~loanoverdue.errors.ConflictError` if two packs claim one id.
        """
        from loanoverdue.registry.load import load
        from loanoverdue.registry.validate import validated

        with collector_paused():
            return cls._of(validated(*load(plugins, entry_points=entry_points, exclude=exclude, only=only)))

    @classmethod
    def _of(cls, contents: Contents) -> Registry:
        """The registry holding ``contents``."""
        self = object.__new__(cls)
        self.packs = contents.packs
        self.jurisdictions = frozen_mapping(contents.jurisdictions)
        self.instruments = frozen_mapping(contents.instruments)
        self.rules = frozen_mapping(dict(sorted(contents.rules.items())))
        self.parameters = frozen_mapping(contents.parameters)
        self.policies = frozen_mapping(contents.policies)
        self.platform_policies = frozen_mapping(contents.platform_policies)
        self._owners = frozen_mapping(contents.owners)
        self._chains = frozen_mapping(contents.chains)
        params_by_id: dict[str, dict[str, Parameter]] = {}
        for (pid, code), p in contents.parameters.items():
            params_by_id.setdefault(pid, {})[code] = p
        self._params = frozen_mapping({k: frozen_mapping(v) for k, v in params_by_id.items()})
        self._policies = tuple(sorted(contents.policies.values(), key=lambda p: p.id))
        self._calculators = frozen_mapping(contents.calculators)
        self._factors = tuple(sorted(contents.factors, key=lambda f: f.id))
        self._advice = tuple(sorted(contents.advice, key=lambda a: a.id))
        self._letters = tuple(sorted(contents.letters, key=lambda w: w.id))
        self._memos = {}
        return self

    # -- lookups ------------------------------------------------------------------------

    def chain(self, code: str) -> tuple[str, ...]:
        """The jurisdiction chain of ``code``, most specific first (``US-NY``, ``US``).

        Raises :class:`~loanoverdue.errors.UnknownJurisdictionError` listing what the
        installed packs cover.
        """
        try:
            return self._chains[code]
        except KeyError:
            covered = ", ".join(
                f"{p.name} {p.version} ({', '.join(_summarise(p.jurisdictions))})"
                for p in self.packs
                if p.jurisdictions
            )
            raise UnknownJurisdictionError(
                "borrower.jurisdiction",
                f"no installed rule pack covers {code!r}; installed packs: {covered or 'none'}",
            ) from None

    def event_rules(self, code: str, action: Action) -> tuple[Rule, ...]:
        """Event rules of the law along ``code``'s chain that apply to ``action``, by id."""
        chain = self.chain(code)
        return tuple(
            r
            for r in self.rules.values()
            if r.scope is Scope.EVENT
            and r.jurisdiction in chain
            and r.platform is None
            and (r.actions is None or action in r.actions)
        )

    def case_rules(self, code: str, platform: str | None = None) -> tuple[Rule, ...]:
        """Case rules along ``code``'s chain (and for the loan's platform), by id."""
        chain = self.chain(code)
        return tuple(
            r
            for r in self.rules.values()
            if r.scope is Scope.CASE and r.jurisdiction in chain and r.platform in (None, platform)
        )

    def parameter(self, pid: str, chain: Sequence[str]) -> Parameter | None:
        """The most specific parameter ``pid`` along ``chain``."""
        by_code = self._params.get(pid)
        if by_code is None:
            return None
        for code in chain:
            p = by_code.get(code)
            if p is not None:
                return p
        return None

    def parameter_value(
        self, pid: str, chain: Sequence[str], day: date
    ) -> tuple[Parameter, ParameterValue] | None:
        """The value of ``pid`` on ``day``: the most specific jurisdiction that has a
        value in force that day wins."""
        by_code = self._params.get(pid)
        if by_code is None:
            return None
        for p in (by_code[c] for c in chain if c in by_code):
            v = p.value_on(day)
            if v is not None:
                return p, v
        return None

    def parameter_changes(self, pid: str, chain: Sequence[str]) -> tuple[date, ...]:
        """The days on which the winning value of ``pid`` along ``chain`` may change
        (``date.min`` first), sorted: between two of them the answer of
        :meth:`parameter_value` stays the same."""
        bounds = {date.min}
        by_code = self._params.get(pid, {})
        for code in chain:
            p = by_code.get(code)
            if p is None:
                continue
            for v in p.values:
                if v.start is not None:
                    bounds.add(v.start)
                if v.end is not None and v.end < date.max:
                    bounds.add(v.end + timedelta(days=1))
        return tuple(sorted(bounds))

    def parameter_timeline(self, pid: str, chain: Sequence[str]) -> ParameterTimeline:
        """The days on which the winning value of ``pid`` along ``chain`` may change
        (:meth:`parameter_changes`), and the value from each of them on (``None`` where
        none is in force); worked out once per registry and chain."""
        memo = self.memo("loanoverdue.parameter_timelines")
        key = (pid, tuple(chain))
        found: ParameterTimeline | None = memo.get(key)
        if found is None:
            starts = self.parameter_changes(pid, chain)
            spans: list[ParameterSpan | None] = []
            for i, day in enumerate(starts):
                value = self.parameter_value(pid, chain, day)
                if value is None:
                    spans.append(None)
                    continue
                use, detail = parameter_detail(*value)
                high = starts[i + 1] if i + 1 < len(starts) else date.max
                spans.append(ParameterSpan(day, high, value[0], value[1], use, detail))
            found = memo[key] = (starts, tuple(spans))
        return found

    def parameter_span(self, pid: str, chain: Sequence[str], day: date) -> ParameterSpan | None:
        """Like :meth:`parameter_value`, with the dates ``[low, high)`` around ``day``
        during which the answer stays the same (so a caller can reuse it), and the
        value's description for findings and the trace, made once per registry."""
        starts, spans = self.parameter_timeline(pid, chain)
        i = bisect.bisect_right(starts, day) - 1
        return spans[i] if i >= 0 else None

    def policies_for(
        self, chain: Sequence[str], lender_kind: LenderKind, platform: str | None
    ) -> tuple[EscalationPolicy, ...]:
        """The policies that apply, most specific first: platform, lender kind, then the
        jurisdiction default; within a level, the more specific jurisdiction first
        (worked out once per registry and question)."""
        memo = self.memo("loanoverdue.policies_for")
        key = (tuple(chain), lender_kind, platform)
        cached: tuple[EscalationPolicy, ...] | None = memo.get(key)
        if cached is None:
            cached = memo[key] = self._policies_for(chain, lender_kind, platform)
        return cached

    def _policies_for(
        self, chain: Sequence[str], lender_kind: LenderKind, platform: str | None
    ) -> tuple[EscalationPolicy, ...]:
        depth = {code: i for i, code in enumerate(chain)}
        found = []
        for pol in self._policies:
            if pol.jurisdiction not in depth:
                continue
            if pol.platform is not None and pol.platform != platform:
                continue
            if pol.lender_kinds is not None and lender_kind not in pol.lender_kinds:
                continue
            level = 2 if pol.platform is not None else 1 if pol.lender_kinds is not None else 0
            found.append((-level, depth[pol.jurisdiction], pol.id, pol))
        return tuple(item[-1] for item in sorted(found, key=lambda x: x[:3]))

    def calculator(self, chain: Sequence[str], consequence: Consequence) -> Calculator | None:
        """The most specific calculator of ``consequence`` along ``chain``."""
        for code in chain:
            calc = self._calculators.get((code, consequence))
            if calc is not None:
                return calc
        return None

    def factor_providers(self, chain: Sequence[str]) -> tuple[FactorProvider, ...]:
        """The outlook factor providers of the packs along ``chain``, by id."""
        return tuple(f for f in self._factors if f.jurisdiction in chain)

    def advice_contributors(self, chain: Sequence[str]) -> tuple[AdviceContributor, ...]:
        """The advice contributors of the packs along ``chain``, by id."""
        return tuple(a for a in self._advice if a.jurisdiction in chain)

    def letter_writers(self, chain: Sequence[str]) -> tuple[LetterWriter, ...]:
        """The letter writers of the packs along ``chain``, most specific jurisdiction
        first (then by id): for a letter kind, the first writer's letter wins."""
        rank = {code: i for i, code in enumerate(chain)}
        return tuple(
            sorted((w for w in self._letters if w.jurisdiction in rank), key=lambda w: (rank[w.jurisdiction], w.id))
        )

    def letter_kinds(self, chain: Sequence[str]) -> tuple[str, ...]:
        """The letter kinds the packs along ``chain`` can write, sorted."""
        return tuple(sorted({k for w in self.letter_writers(chain) for k in w.kinds}))

    def rules_for(self, code: str | None = None) -> tuple[Rule, ...]:
        """All rules, or those along ``code``'s chain, by id."""
        if code is None:
            return tuple(self.rules.values())
        chain = self.chain(code)
        return tuple(r for r in self.rules.values() if r.jurisdiction in chain)

    def pack_of_rule(self, rule_id: str) -> Pack:
        """The pack that declared ``rule_id``."""
        return self._owners[("rule", rule_id)]

    def owner(self, kind: str, component_id: str) -> Pack | None:
        """The pack that contributed a component: ``kind`` is ``rule``, ``policy``,
        ``calculator``, ``factors``, ``advice``, ``letters`` or ``jurisdiction``."""
        return self._owners.get((kind, component_id))

    def cite(self, instrument: str, article: str) -> Citation:
        """A citation of a registered instrument's article (with its status), made once
        per registry."""
        memo = self.memo("loanoverdue.citations")
        key = (instrument, article)
        found: Citation | None = memo.get(key)
        if found is None:
            found = memo[key] = self.instruments[instrument].cite(article)
        return found

    def memo(self, name: str) -> Memo:
        """A dict that lives as long as this registry, for values a pack derives from
        the registry's data alone (prebuilt results, lookup tables), computed once per
        registry instead of once per case. Use the pack's prefix in ``name``
        (``"cn.hits"``). Writes must be idempotent (the same key always gets an equal
        value), which makes sharing across threads safe. The memo starts afresh when it
        holds :data:`~loanoverdue.registry.MEMO_LIMIT` entries, so keys made from the
        cases seen cannot grow it without bound."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos.setdefault(name, Memo())
        return found

    def __repr__(self) -> str:
        names = ", ".join(f"{p.name} {p.version}" for p in self.packs)
        return f"<Registry packs=[{names}] rules={len(self.rules)}>"


def _summarise(codes: Sequence[str]) -> list[str]:
    tops = sorted({c for c in codes if "-" not in c})
    subs = [c for c in codes if "-" in c]
    out = list(tops)
    if subs:
        out.append(f"{len(subs)} subdivision" + ("s" if len(subs) > 1 else ""))
    return out

