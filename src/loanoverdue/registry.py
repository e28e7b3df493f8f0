"""The registry: rule packs discovered, validated and frozen into one snapshot.

Building a registry loads the packs (entry-point group ``loanoverdue`` and/or plugins
passed in), calls each hook once per plugin, validates what they return (unique ids,
citations that resolve, parameters that exist) and indexes rules by jurisdiction chain
and action. The result is immutable and safe to share across threads; evaluating a
case is then plain function calls over the indexes.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

import attrs

from loanoverdue._frozen import frozen_mapping
from loanoverdue.components import (
    AdviceContributor,
    Calculator,
    Consequence,
    FactorProvider,
    LetterWriter,
    PackInfo,
)
from loanoverdue.errors import ConflictError, PluginError, UnknownJurisdictionError
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Rule, Scope
from loanoverdue.law.source import Citation, Instrument
from loanoverdue.model.vocabulary import Action, Actor, Conduct, LenderKind, Target
from loanoverdue.results import ParameterUse, TraceEntry

__all__ = [
    "EXCLUDE_VARIABLE",
    "MEMO_LIMIT",
    "Memo",
    "Pack",
    "Registry",
    "build_skipping_broken",
    "default_registry",
    "excluded_packs",
    "installed_pack_names",
    "reset_default_registry",
    "set_default_registry",
]

#: The environment variable that names installed packs to leave out of the default
#: registry (separated by commas or spaces), e.g. ``LOANOVERDUE_EXCLUDE_PACKS=broken``.
EXCLUDE_VARIABLE = "LOANOVERDUE_EXCLUDE_PACKS"

_HOOKS: dict[str, type | None] = {
    "loanoverdue_platform_policies": PlatformPolicy,
    "loanoverdue_jurisdictions": Jurisdiction,
    "loanoverdue_instruments": Instrument,
    "loanoverdue_parameters": Parameter,
    "loanoverdue_rules": Rule,
    "loanoverdue_escalation_policies": EscalationPolicy,
    "loanoverdue_outlook_factors": FactorProvider,
    "loanoverdue_calculators": Calculator,
    "loanoverdue_advice": AdviceContributor,
    "loanoverdue_letters": LetterWriter,
}


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


class HeldValue:
    """A parameter's winning value along one chain over the days ``[low, high)``, as the
    engine keeps it: built once per registry, compared by identity (so an assessment
    can record which values it used at the cost of a set insertion)."""

    __slots__ = ("detail", "high", "low", "order", "parameter", "raw", "trace", "use", "value")

    def __init__(
        self,
        low: date,
        high: date,
        parameter: Parameter,
        value: ParameterValue,
        use: ParameterUse,
        detail: Mapping[str, object],
    ) -> None:
        self.low = low
        self.high = high
        self.parameter = parameter
        self.value = value
        #: The value itself (what ``ctx.param`` returns).
        self.raw: Any = value.value
        self.use = use
        self.detail = detail
        #: Trace order: parameter id, jurisdiction, start of the value.
        self.order = (use.id, parameter.jurisdiction, value.start or date.min)
        self.trace = TraceEntry("parameter", use.id, detail)

    def __repr__(self) -> str:
        return f"<HeldValue {self.use.id}={self.raw!r} [{self.low}, {self.high})>"


_Timeline = tuple[tuple[date, ...], tuple[HeldValue | None, ...]]


class ParameterSpan(NamedTuple):
    """A parameter value with the dates ``[low, high)`` it holds for along a chain."""

    low: date
    high: date
    parameter: Parameter
    value: ParameterValue
    use: ParameterUse
    detail: Mapping[str, object]


#: An event rule in the engine's index: the rule, its first and last day in force, and
#: its event filters (conduct, targets, actors) or ``None``.
_Bounded = tuple[
    Rule,
    date,
    date,
    "tuple[frozenset[Conduct] | None, frozenset[Target] | None, frozenset[Actor] | None] | None",
]
#: An event rule as the engine runs it: the rule and its first and last day in force.
_Dated = tuple[Rule, date, date]
#: What an event is matched on: action, target, actor and conduct flags.
EventSignature = tuple[Action, Target, Actor, frozenset[Conduct]]
_Index = tuple[
    Mapping[Action, tuple[Rule, ...]],
    Mapping[Action, tuple[_Bounded, ...]],
    tuple[Rule, ...],
    "Memo",
]

#: Entries kept per memo before it starts afresh (the memos hold derived values only,
#: so dropping them costs time, never correctness).
MEMO_LIMIT = 8192


class Memo(dict[Any, Any]):
    """A dict of derived values that starts afresh when it holds :data:`MEMO_LIMIT`
    entries, so keys made from the cases seen cannot grow it without bound. Reads are
    plain dict reads."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= MEMO_LIMIT and key not in self:
            self.clear()
        dict.__setitem__(self, key, value)


@attrs.frozen(eq=False)
class _Origin:
    plugin: str
    distribution: str | None

    def error(self, problem: str) -> PluginError:
        return PluginError(self.plugin, self.distribution, problem)


def _cited_by_day(
    rule: Rule, spans: Sequence[tuple[Citation, date, date]]
) -> tuple[tuple[date, ...], tuple[tuple[Citation, ...], ...]]:
    """The days on which the set of ``rule``'s citations in force changes (``spans``:
    each citation with its first and last day), and the set before the first change
    and from each change on (all citations where none is in force)."""
    changes = sorted(
        {low for _, low, _ in spans if low != date.min}
        | {high + timedelta(days=1) for _, _, high in spans if high != date.max}
    )
    cited = []
    for day in (date.min, *changes):
        found = tuple(c for c, low, high in spans if low <= day <= high)
        cited.append(found or rule.citations)
    return tuple(changes), tuple(cited)


class Registry:
    """An immutable snapshot of the installed rule packs. Build it with
    :meth:`build` (or take the shared :func:`default_registry`)."""

    __slots__ = (
        "__weakref__",
        "_advice",
        "_calculators",
        "_chains",
        "_citations",
        "_cite_periods",
        "_factors",
        "_held",
        "_indexes",
        "_letters",
        "_memos",
        "_ordered",
        "_owners",
        "_params",
        "_platforms_with_rules",
        "_policies",
        "_policy_memo",
        "_timelines",
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
    _ordered: tuple[Rule, ...]
    #: Per rule whose citations are not all open-ended: the days its cited set changes
    #: on, and the set cited before the first change, then from each change on.
    _cite_periods: Mapping[str, tuple[tuple[date, ...], tuple[tuple[Citation, ...], ...]]]
    #: Memo of cite(); idempotent writes, safe to share across threads.
    _citations: dict[tuple[str, str], Citation]
    _platforms_with_rules: frozenset[str]
    #: (code, platform) -> (event rules by action, bounded event rules by action, case rules);
    #: filled on first use (idempotent writes: safe to share across threads).
    _indexes: dict[tuple[str, str | None], _Index]
    _chains: Mapping[str, tuple[str, ...]]
    _params: Mapping[str, Mapping[str, Parameter]]
    _policies: tuple[EscalationPolicy, ...]
    #: Memo of policies_for; filling it is idempotent, so sharing across threads is safe.
    _timelines: dict[tuple[str, tuple[str, ...]], _Timeline]
    #: chain -> parameter id -> the value last looked up (any valid one will do).
    _held: dict[tuple[str, ...], dict[str, HeldValue]]
    _memos: dict[str, Memo]
    _policy_memo: dict[tuple[tuple[str, ...], LenderKind, str | None], tuple[EscalationPolicy, ...]]
    _calculators: Mapping[tuple[str, Consequence], Calculator]
    _factors: tuple[FactorProvider, ...]
    _advice: tuple[AdviceContributor, ...]
    _letters: tuple[LetterWriter, ...]

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
        import pluggy

        from loanoverdue import hooks

        pm = pluggy.PluginManager(hooks.PROJECT)
        pm.add_hookspecs(hooks)
        origins: dict[str, _Origin] = {}
        skip = set(exclude)
        if only is not None:
            from loanoverdue.discovery import entry_points as installed

            wanted = set(only)
            names = {ep.name for ep in installed(hooks.PROJECT)}
            missing = sorted(wanted - names)
            if missing:
                raise PluginError(
                    missing[0],
                    None,
                    f"no installed pack of this name (installed: {', '.join(sorted(names))})",
                )
            skip |= names - wanted
        if entry_points:
            for name, dist, plugin in _load_entry_points(skip):
                origins[name] = _Origin(name, dist)
                _register(pm, plugin, name, origins[name])
        for plugin in plugins:
            name = getattr(plugin, "__name__", None) or type(plugin).__name__
            if name in origins:
                raise ConflictError(name, None, "a plugin of this name is already registered")
            origins[name] = _Origin(name, None)
            _register(pm, plugin, name, origins[name])
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            origin = origins.get(exc.plugin_name if hasattr(exc, "plugin_name") else "")
            raise PluginError(
                getattr(exc, "plugin_name", "?"), origin.distribution if origin else None, str(exc)
            ) from None
        return cls._from_manager(pm, origins)

    @classmethod
    def _from_manager(cls, pm: Any, origins: dict[str, _Origin]) -> Registry:
        self = object.__new__(cls)
        collected: dict[str, dict[str, list[Any]]] = {}
        infos: dict[str, PackInfo | None] = {}
        for impl in pm.hook.loanoverdue_pack_info.get_hookimpls():
            origin = origins[impl.plugin_name]
            infos[impl.plugin_name] = _call(
                origin, impl.function, "loanoverdue_pack_info", PackInfo, single=True
            )
        for hook, kind in _HOOKS.items():
            for impl in getattr(pm.hook, hook).get_hookimpls():
                origin = origins[impl.plugin_name]
                items = _call(origin, impl.function, hook, kind)
                collected.setdefault(impl.plugin_name, {}).setdefault(hook, []).extend(items)

        def each(hook: str) -> Iterable[tuple[_Origin, Any]]:
            for plugin in sorted(collected):
                for item in collected[plugin].get(hook, ()):
                    yield origins[plugin], item

        owner: dict[tuple[str, str], _Origin] = {}

        def claim(kind: str, key: str, origin: _Origin) -> None:
            other = owner.get((kind, key))
            if other is not None:
                where = other.plugin + (
                    f" (distribution {other.distribution!r})" if other.distribution else ""
                )
                raise ConflictError(
                    origin.plugin,
                    origin.distribution,
                    f"{kind} {key!r} is already declared by plugin {where}",
                )
            owner[(kind, key)] = origin

        jurisdictions: dict[str, Jurisdiction] = {}
        for origin, j in each("loanoverdue_jurisdictions"):
            claim("jurisdiction", j.code, origin)
            jurisdictions[j.code] = j
        for origin, j in each("loanoverdue_jurisdictions"):
            if j.parent is not None and j.parent not in jurisdictions:
                raise origin.error(f"jurisdiction {j.code!r} has unknown parent {j.parent!r}")

        instruments: dict[str, Instrument] = {}
        for origin, inst in each("loanoverdue_instruments"):
            claim("instrument", inst.id, origin)
            instruments[inst.id] = inst

        def check_citations(origin: _Origin, what: str, cites: Iterable[Citation]) -> tuple[Citation, ...]:
            """Validate citations; return them with the article's status filled in."""
            out = []
            for c in cites:
                inst = instruments.get(c.instrument)
                if inst is None:
                    raise origin.error(f"{what} cites unknown instrument {c.instrument!r}")
                article = inst.articles.get(c.article)
                if article is None:
                    raise origin.error(
                        f"{what} cites article {c.article!r} of {c.instrument!r}, which its data does not list"
                    )
                out.append(c if c.status is not None else attrs.evolve(c, status=article.status))
            return tuple(out)

        def check_jurisdiction(origin: _Origin, what: str, code: str) -> None:
            if code not in jurisdictions:
                raise origin.error(f"{what} belongs to undeclared jurisdiction {code!r}")

        parameters: dict[tuple[str, str], Parameter] = {}
        for origin, p in each("loanoverdue_parameters"):
            claim("parameter", f"{p.id}@{p.jurisdiction}", origin)
            check_jurisdiction(origin, f"parameter {p.id!r}", p.jurisdiction)
            p = attrs.evolve(p, citations=check_citations(origin, f"parameter {p.id!r}", p.citations))
            parameters[(p.id, p.jurisdiction)] = p
        param_ids = {pid for pid, _ in parameters}

        rules: dict[str, Rule] = {}
        for origin, r in each("loanoverdue_rules"):
            claim("rule", r.id, origin)
            check_jurisdiction(origin, f"rule {r.id!r}", r.jurisdiction)
            r = attrs.evolve(r, citations=check_citations(origin, f"rule {r.id!r}", r.citations))
            if not r.citations and r.basis.value != "assumption":
                raise origin.error(f'rule {r.id!r} cites nothing; label it basis = "assumption"')
            for pid in r.parameters:
                if pid not in param_ids:
                    raise origin.error(f"rule {r.id!r} reads unknown parameter {pid!r}")
            if not r.messages:
                raise origin.error(f"rule {r.id!r} has no messages")
            if not callable(r.check):
                raise origin.error(f"rule {r.id!r} has no callable check")
            rules[r.id] = r

        policies: dict[str, EscalationPolicy] = {}
        for origin, pol in each("loanoverdue_escalation_policies"):
            claim("policy", pol.id, origin)
            check_jurisdiction(origin, f"policy {pol.id!r}", pol.jurisdiction)
            pol = _check_policy(origin, pol, param_ids, check_citations)
            policies[pol.id] = pol

        platform_policies: dict[str, PlatformPolicy] = {}
        for origin, pp in each("loanoverdue_platform_policies"):
            claim("platform policy", pp.platform, origin)
            claim("policy", pp.schedule.id, origin)
            check_jurisdiction(origin, f"platform policy {pp.platform!r}", pp.jurisdiction)
            pp = attrs.evolve(
                pp,
                schedule=_check_policy(origin, pp.schedule, param_ids, check_citations),
                origin=pp.origin or origin.plugin,
            )
            platform_policies[pp.platform] = pp
            policies[pp.schedule.id] = pp.schedule

        calculators: dict[tuple[str, Consequence], Calculator] = {}
        for origin, calc in each("loanoverdue_calculators"):
            claim("calculator", f"{calc.consequence.value}@{calc.jurisdiction}", origin)
            check_jurisdiction(origin, f"calculator {calc.id!r}", calc.jurisdiction)
            calculators[(calc.jurisdiction, calc.consequence)] = calc
        factors = []
        for origin, fp in each("loanoverdue_outlook_factors"):
            claim("factor provider", fp.id, origin)
            check_jurisdiction(origin, f"factor provider {fp.id!r}", fp.jurisdiction)
            factors.append(fp)
        advice = []
        for origin, ac in each("loanoverdue_advice"):
            claim("advice contributor", ac.id, origin)
            check_jurisdiction(origin, f"advice contributor {ac.id!r}", ac.jurisdiction)
            advice.append(ac)
        letters = []
        kinds_at: dict[tuple[str, str], str] = {}
        for origin, lw in each("loanoverdue_letters"):
            claim("letter writer", lw.id, origin)
            check_jurisdiction(origin, f"letter writer {lw.id!r}", lw.jurisdiction)
            if not lw.kinds or not all(isinstance(k, str) and k.isidentifier() for k in lw.kinds):
                raise origin.error(
                    f"letter writer {lw.id!r} must declare its letter kinds (identifiers), got {lw.kinds!r}"
                )
            if not callable(lw.write):
                raise origin.error(f"letter writer {lw.id!r} has no callable write")
            for kind in lw.kinds:
                other = kinds_at.setdefault((lw.jurisdiction, kind), lw.id)
                if other != lw.id:
                    raise ConflictError(
                        origin.plugin,
                        origin.distribution,
                        f"letter kind {kind!r} of {lw.jurisdiction} is already written by {other!r}",
                    )
            letters.append(lw)

        packs = []
        by_plugin: dict[str, Pack] = {}
        for name in sorted(origins):
            origin = origins[name]
            info = infos.get(name) or PackInfo(name=name, version=_dist_version(origin.distribution))
            got = collected.get(name, {})

            def ids(hook: str, attr: str = "id", got: dict[str, list[Any]] = got) -> tuple[str, ...]:
                return tuple(sorted({str(getattr(i, attr)) for i in got.get(hook, ())}))

            packs.append(
                Pack(
                    name=info.name,
                    version=info.version,
                    distribution=origin.distribution,
                    info=info,
                    jurisdictions=ids("loanoverdue_jurisdictions", "code"),
                    rules=ids("loanoverdue_rules"),
                    instruments=ids("loanoverdue_instruments"),
                    parameters=ids("loanoverdue_parameters"),
                    policies=ids("loanoverdue_escalation_policies"),
                    calculators=ids("loanoverdue_calculators"),
                    advice=ids("loanoverdue_advice"),
                    factors=ids("loanoverdue_outlook_factors"),
                    platforms=ids("loanoverdue_platform_policies", "platform"),
                    letters=ids("loanoverdue_letters"),
                )
            )
            by_plugin[name] = packs[-1]

        self.packs = tuple(packs)
        self.jurisdictions = frozen_mapping(jurisdictions)
        self.instruments = frozen_mapping(instruments)
        self.rules = frozen_mapping(dict(sorted(rules.items())))
        self.parameters = frozen_mapping(parameters)
        self.policies = frozen_mapping(policies)
        self.platform_policies = frozen_mapping(platform_policies)
        kinds = {
            "rule": "rule",
            "policy": "policy",
            "platform policy": "platform",
            "calculator": "calculator",
            "factor provider": "factors",
            "advice contributor": "advice",
            "letter writer": "letters",
            "jurisdiction": "jurisdiction",
        }
        owners: dict[tuple[str, str], Pack] = {}
        for (what, key), origin in owner.items():
            if what == "calculator":
                continue  # keyed by consequence@jurisdiction; calculators are mapped by id below
            if what in kinds:
                owners[(kinds[what], key)] = by_plugin[origin.plugin]
        for plugin, got in collected.items():
            for calc in got.get("loanoverdue_calculators", ()):
                owners[("calculator", calc.id)] = by_plugin[plugin]
        self._owners = frozen_mapping(owners)

        chains = {code: _chain(code, jurisdictions) for code in jurisdictions}
        self._chains = frozen_mapping(chains)
        # Rules are indexed per jurisdiction chain (and platform) on first use: a process
        # that assesses cases of three jurisdictions need not index eighty.
        self._ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
        cite_periods: dict[str, tuple[tuple[date, ...], tuple[tuple[Citation, ...], ...]]] = {}
        for r in self._ordered:
            spans = []
            for c in r.citations:
                inst = instruments[c.instrument]
                art = inst.articles[c.article].period
                low = max(inst.period.start or date.min, art.start or date.min)
                high = min(inst.period.end or date.max, art.end or date.max)
                spans.append((c, low, high))
            if any(low != date.min or high != date.max for _, low, high in spans):
                cite_periods[r.id] = _cited_by_day(r, spans)
        self._cite_periods = frozen_mapping(cite_periods)
        self._citations = {}
        self._platforms_with_rules = frozenset(r.platform for r in self._ordered if r.platform is not None)
        self._indexes = {}
        params_by_id: dict[str, dict[str, Parameter]] = {}
        for (pid, code), p in parameters.items():
            params_by_id.setdefault(pid, {})[code] = p
        self._params = frozen_mapping({k: frozen_mapping(v) for k, v in params_by_id.items()})
        self._policies = tuple(sorted(policies.values(), key=lambda p: p.id))
        self._policy_memo = {}
        self._timelines = {}
        self._held = {}
        self._memos = {}
        self._calculators = frozen_mapping(calculators)
        self._factors = tuple(sorted(factors, key=lambda f: f.id))
        self._advice = tuple(sorted(advice, key=lambda a: a.id))
        self._letters = tuple(sorted(letters, key=lambda w: w.id))
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

    def _index(self, code: str, platform: str | None) -> _Index:
        if platform is not None and platform not in self._platforms_with_rules:
            platform = None
        key = (code, platform)
        found = self._indexes.get(key)
        if found is None:
            chain = self.chain(code)
            in_chain = [
                r for r in self._ordered if r.jurisdiction in chain and r.platform in (None, platform)
            ]
            event = [r for r in in_chain if r.scope is Scope.EVENT]
            plain: dict[Action, tuple[Rule, ...]] = {}
            bounded: dict[Action, tuple[_Bounded, ...]] = {}
            for action in Action:
                rules = tuple(r for r in event if r.actions is None or action in r.actions)
                plain[action] = rules
                bounded[action] = tuple(
                    (
                        r,
                        r.period.start or date.min,
                        r.period.end or date.max,
                        None
                        if r.conduct is None and r.targets is None and r.actors is None
                        else (r.conduct, r.targets, r.actors),
                    )
                    for r in rules
                )
            case = tuple(r for r in in_chain if r.scope is Scope.CASE)
            found = self._indexes[key] = (frozen_mapping(plain), frozen_mapping(bounded), case, Memo())
        return found

    def citations_in_force(self, rule: Rule, day: date) -> tuple[Citation, ...]:
        """The rule's citations whose instrument and article were in force on ``day``
        (all of them when none was, so a finding never cites nothing)."""
        periods = self._cite_periods.get(rule.id)
        if periods is None:  # every citation is open-ended
            return rule.citations
        changes, cited = periods
        return cited[bisect.bisect_right(changes, day)]

    def event_rules(self, code: str, action: Action) -> tuple[Rule, ...]:
        """Event rules of the law along ``code``'s chain that apply to ``action``, by id."""
        return self._index(code, None)[0][action]

    def event_index(self, code: str, platform: str | None = None) -> Mapping[Action, tuple[_Bounded, ...]]:
        """For ``code``'s chain (and the loan's platform): action -> the event rules that
        apply, by id, each with its first and last day in force and its event filters."""
        return self._index(code, platform)[1]

    def event_dispatch(
        self, code: str, platform: str | None = None
    ) -> tuple[Memo, Callable[[EventSignature], tuple[_Dated, ...]]]:
        """For ``code``'s chain (and the loan's platform): a memo from an event's
        signature (action, target, actor, conduct) to the event rules whose filters it
        passes, each with its first and last day in force; and the function that fills
        the memo for a signature not yet in it. The engine looks an event up once
        instead of testing every rule's filters."""
        index = self._index(code, platform)
        memo = index[3]
        bounded = index[1]

        def resolve(sig: EventSignature) -> tuple[_Dated, ...]:
            action, target, actor, conduct = sig
            found = tuple(
                (rule, low, high)
                for rule, low, high, only in bounded[action]
                if only is None
                or not (
                    (only[0] is not None and conduct.isdisjoint(only[0]))
                    or (only[1] is not None and target not in only[1])
                    or (only[2] is not None and actor not in only[2])
                )
            )
            memo[sig] = found
            return found

        return memo, resolve

    def case_rules(self, code: str, platform: str | None = None) -> tuple[Rule, ...]:
        """Case rules along ``code``'s chain (and for the loan's platform), by id."""
        return self._index(code, platform)[2]

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

    def parameter_span(self, pid: str, chain: Sequence[str], day: date) -> ParameterSpan | None:
        """Like :meth:`parameter_value`, with the dates ``[low, high)`` around ``day``
        during which the answer stays the same (so a caller can reuse it), and the
        value's description for findings and the trace, made once per registry."""
        held = self._held_on(pid, tuple(chain), day)
        if held is None:
            return None
        return ParameterSpan(held.low, held.high, held.parameter, held.value, held.use, held.detail)

    def _held_on(self, pid: str, chain: tuple[str, ...], day: date) -> HeldValue | None:
        key = (pid, chain)
        timeline = self._timelines.get(key)
        if timeline is None:
            timeline = self._timelines[key] = self._timeline(pid, chain)
        starts, winners = timeline
        i = bisect.bisect_right(starts, day) - 1
        return winners[i] if i >= 0 else None

    def held_values(self, chain: tuple[str, ...]) -> dict[str, HeldValue]:
        """The engine's shared memo for ``chain``: parameter id -> the value last looked
        up, valid over its ``[low, high)`` days (see :meth:`hold`)."""
        found = self._held.get(chain)
        if found is None:
            found = self._held[chain] = {}
        return found

    def hold(self, pid: str, chain: tuple[str, ...], day: date) -> HeldValue | None:
        """The value of ``pid`` along ``chain`` on ``day`` (``None`` if none is in
        force), remembered in :meth:`held_values` for the next lookup."""
        held = self._held_on(pid, chain, day)
        if held is not None:
            self.held_values(chain)[pid] = held
        return held

    def memo(self, name: str) -> Memo:
        """A dict that lives as long as this registry, for values derived from the
        registry's data alone (prebuilt results, lookup tables): packs and the engine
        compute such a value once per registry instead of once per case. Use the pack's
        prefix in ``name`` (``"cn.hits"``). Writes must be idempotent (the same key
        always gets an equal value), which makes sharing across threads safe. The memo
        starts afresh when it holds :data:`MEMO_LIMIT` entries, so keys made from the
        cases seen cannot grow it without bound."""
        found = self._memos.get(name)
        if found is None:
            found = self._memos.setdefault(name, Memo())
        return found

    def _timeline(self, pid: str, chain: Sequence[str]) -> _Timeline:
        """The dates where the winning value of ``pid`` along ``chain`` may change, and
        the winner from each of them on."""
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
        starts = tuple(sorted(bounds))
        winners: list[HeldValue | None] = []
        for i, d in enumerate(starts):
            found = self.parameter_value(pid, chain, d)
            if found is None:
                winners.append(None)
                continue
            param, value = found
            status = value.status or param.status
            use = ParameterUse(pid, param.jurisdiction, value.value, param.basis, status)
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
            high = starts[i + 1] if i + 1 < len(starts) else date.max
            winners.append(HeldValue(d, high, param, value, use, detail))
        return starts, tuple(winners)

    def policies_for(
        self, chain: Sequence[str], lender_kind: LenderKind, platform: str | None
    ) -> tuple[EscalationPolicy, ...]:
        """The policies that apply, most specific first: platform, lender kind, then the
        jurisdiction default; within a level, the more specific jurisdiction first."""
        key = (tuple(chain), lender_kind, platform)
        cached = self._policy_memo.get(key)
        if cached is None:
            cached = self._policy_memo[key] = self._policies_for(chain, lender_kind, platform)
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
        memo = self.memo("loanoverdue.advice_contributors")
        key = tuple(chain)
        found: tuple[AdviceContributor, ...] | None = memo.get(key)
        if found is None:
            found = memo[key] = tuple(a for a in self._advice if a.jurisdiction in chain)
        return found

    def letter_writers(self, chain: Sequence[str]) -> tuple[LetterWriter, ...]:
        """The letter writers of the packs along ``chain``, most specific jurisdiction
        first (then by id): for a letter kind, the first writer's letter wins."""
        memo = self.memo("loanoverdue.letter_writers")
        key = tuple(chain)
        found: tuple[LetterWriter, ...] | None = memo.get(key)
        if found is None:
            rank = {code: i for i, code in enumerate(key)}
            found = memo[key] = tuple(
                sorted((w for w in self._letters if w.jurisdiction in rank), key=lambda w: (rank[w.jurisdiction], w.id))
            )
        return found

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
        """A citation of a registered instrument's article (with its status)."""
        key = (instrument, article)
        found = self._citations.get(key)
        if found is None:
            found = self._citations[key] = self.instruments[instrument].cite(article)
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


def _chain(code: str, jurisdictions: Mapping[str, Jurisdiction]) -> tuple[str, ...]:
    chain = []
    seen = set()
    current: str | None = code
    while current is not None:
        if current in seen:
            raise PluginError("?", None, f"jurisdiction {code!r} has a cycle in its parents")
        seen.add(current)
        chain.append(current)
        current = jurisdictions[current].parent
    return tuple(chain)


def _check_policy(
    origin: _Origin,
    pol: EscalationPolicy,
    param_ids: set[str],
    check_citations: Callable[[_Origin, str, Iterable[Citation]], tuple[Citation, ...]],
) -> EscalationPolicy:
    seen: set[Action] = set()
    steps = []
    for step in pol.steps:
        if step.action in seen:
            raise origin.error(f"policy {pol.id!r} schedules {step.action.value!r} twice")
        seen.add(step.action)
        for name in ("after_days", "min_amount", "failed_contacts"):
            value = getattr(step, name)
            if isinstance(value, str) and value not in param_ids:
                raise origin.error(
                    f"policy {pol.id!r} step {step.action.value!r}: {name} names unknown parameter {value!r}"
                )
        steps.append(
            attrs.evolve(step, citations=check_citations(origin, f"policy {pol.id!r}", step.citations))
        )
    return attrs.evolve(pol, steps=tuple(steps))


def _call(origin: _Origin, fn: Callable[[], Any], hook: str, kind: type | None, single: bool = False) -> Any:
    try:
        result = fn()
    except Exception as exc:
        raise origin.error(f"hook {hook} raised {type(exc).__name__}: {exc}") from exc
    if single:
        if result is not None and kind is not None and not isinstance(result, kind):
            raise origin.error(f"hook {hook} returned {result!r}, expected {kind.__name__} or None")
        return result
    if result is None:
        return []
    if isinstance(result, (str, bytes)) or not hasattr(result, "__iter__"):
        raise origin.error(f"hook {hook} returned {type(result).__name__}, expected an iterable")
    try:
        items = list(result)
    except Exception as exc:
        raise origin.error(f"hook {hook} raised {type(exc).__name__}: {exc}") from exc
    for item in items:
        if kind is not None and not isinstance(item, kind):
            raise origin.error(f"hook {hook} returned {item!r}, expected {kind.__name__}")
    return items


def _register(pm: Any, plugin: object, name: str, origin: _Origin) -> None:
    import pluggy

    try:
        pm.register(plugin, name=name)
    except (pluggy.PluginValidationError, ValueError) as exc:
        raise origin.error(f"cannot be registered: {exc}") from None


def _load_entry_points(skip: set[str]) -> list[tuple[str, str | None, object]]:
    from loanoverdue.discovery import entry_points

    found: list[tuple[str, str | None, object]] = []
    for ep in entry_points("loanoverdue"):
        if ep.name in skip:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(
                ep.name, ep.distribution, f"failed to load {ep.value!r}: {type(exc).__name__}: {exc}"
            ) from exc
        _VERSIONS[ep.distribution] = ep.version
        found.append((ep.name, ep.distribution, plugin))
    return found


_VERSIONS: dict[str, str] = {}


def _dist_version(dist: str | None) -> str:
    if dist is None:
        return "0+unknown"
    return _VERSIONS.get(dist, "0+unknown")


_default: Registry | None = None
_lock = threading.Lock()


def installed_pack_names() -> tuple[str, ...]:
    """The names of the installed packs (their entry points of group ``loanoverdue``),
    loadable or not."""
    from loanoverdue import hooks
    from loanoverdue.discovery import entry_points

    return tuple(sorted({ep.name for ep in entry_points(hooks.PROJECT)}))


def excluded_packs(names: Iterable[str] = (), *, source: str = EXCLUDE_VARIABLE) -> tuple[str, ...]:
    """The packs to leave out: those the environment variable :data:`EXCLUDE_VARIABLE`
    names, and ``names``. A name that is not installed is an
    :class:`~loanoverdue.errors.InvalidInputError` (naming ``source`` for the option's
    names): a misspelt exclusion must not pass unnoticed."""
    from loanoverdue.errors import InvalidInputError, shown

    from_env = os.environ.get(EXCLUDE_VARIABLE, "").replace(",", " ").split()
    wanted = [*from_env, *names]
    if not wanted:
        return ()
    installed = installed_pack_names()
    for i, name in enumerate(wanted):
        if name not in installed:
            where = EXCLUDE_VARIABLE if i < len(from_env) else source
            raise InvalidInputError(
                where,
                f"no installed pack is named {shown(name)} (installed: {', '.join(installed) or 'none'})",
            )
    return tuple(dict.fromkeys(wanted))


def build_skipping_broken(exclude: Iterable[str] = ()) -> tuple[Registry, tuple[PluginError, ...]]:
    """The registry of the installed packs that load and validate, and the error of each
    that does not (in the order found). For listing what is installed; an assessment
    should use :meth:`Registry.build`, which fails on a faulty pack."""
    skip = set(exclude)
    installed = set(installed_pack_names())
    broken: list[PluginError] = []
    while True:
        try:
            return Registry.build(exclude=skip), tuple(broken)
        except PluginError as exc:
            if exc.plugin not in installed or exc.plugin in skip:
                raise
            broken.append(exc)
            skip.add(exc.plugin)


def default_registry() -> Registry:
    """The registry of the installed packs, built on first use and shared. Packs named
    in the environment variable :data:`EXCLUDE_VARIABLE` are left out."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                exclude = excluded_packs() if os.environ.get(EXCLUDE_VARIABLE) else ()
                _default = Registry.build(exclude=exclude)
    return _default


def reset_default_registry() -> None:
    """Forget the shared registry (e.g. after installing a pack at run time)."""
    set_default_registry(None)


def set_default_registry(registry: Registry | None) -> Registry | None:
    """Make ``registry`` the shared one (``None``: build it again on next use) and
    return the previous one, e.g. to run the command line over chosen packs."""
    global _default
    with _lock:
        previous, _default = _default, registry
    return previous
