"""Validating what the packs contributed: unique ids, declared jurisdictions, citations
that resolve, parameters that exist; one function per kind of contribution.

:func:`validated` turns what :func:`loanoverdue.registry.load.load` collected into the
:class:`~loanoverdue.registry.snapshot.Contents` of a registry, or raises
:class:`~loanoverdue.errors.PluginError` (or :class:`~loanoverdue.errors.ConflictError`)
naming the plugin at fault.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

import attrs

from loanoverdue.components import (
    AdviceContributor,
    Calculator,
    Consequence,
    FactorProvider,
    LetterWriter,
    PackInfo,
)
from loanoverdue.errors import ConflictError, PluginError
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy
from loanoverdue.law.rule import Rule
from loanoverdue.law.source import Citation, Instrument, SourceStatus
from loanoverdue.registry.load import Collected, Origin, dist_version
from loanoverdue.registry.snapshot import Contents, Pack
from loanoverdue.vocabulary import Action

__all__ = [
    "Claims",
    "Contributions",
    "check_citations",
    "check_policy",
    "validate_advice",
    "validate_calculators",
    "validate_factors",
    "validate_instruments",
    "validate_jurisdictions",
    "validate_letters",
    "validate_parameters",
    "validate_platform_policies",
    "validate_policies",
    "validate_rules",
    "validated",
]


class Claims:
    """Which plugin declared each ``(kind, id)``; a second claim is a conflict."""

    def __init__(self) -> None:
        self.owner: dict[tuple[str, str], Origin] = {}
        #: The citation of each ``(instrument, article)`` with its status filled in,
        #: shared by every contribution that cites it.
        self.cited: dict[tuple[str, str], Citation] = {}

    def claim(self, kind: str, key: str, origin: Origin) -> None:
        """Record that ``origin`` declares ``kind`` ``key``; raise
        :class:`~loanoverdue.errors.ConflictError` if another plugin already did."""
        other = self.owner.get((kind, key))
        if other is not None:
            where = other.plugin + (f" (distribution {other.distribution!r})" if other.distribution else "")
            raise ConflictError(
                origin.plugin,
                origin.distribution,
                f"{kind} {key!r} is already declared by plugin {where}",
            )
        self.owner[(kind, key)] = origin


class Contributions(NamedTuple):
    """What the plugins' hooks returned, read hook by hook in plugin-name order."""

    collected: Collected
    origins: Mapping[str, Origin]

    def each(self, hook: str) -> Iterator[tuple[Origin, Any]]:
        """Each item of ``hook`` with the origin of the plugin that returned it."""
        for plugin in sorted(self.collected):
            for item in self.collected[plugin].get(hook, ()):
                yield self.origins[plugin], item


def check_citations(
    instruments: Mapping[str, Instrument],
    origin: Origin,
    what: str,
    cites: Iterable[Citation],
    filled: dict[tuple[str, str], Citation] | None = None,
) -> tuple[Citation, ...]:
    """Validate citations; return them with the article's status filled in (``cites``
    itself when it is a tuple that needs nothing filled in). ``filled`` keeps the
    filled-in citation of each article, to share one among the registry's contributions."""
    out = []
    changed = not isinstance(cites, tuple)
    for c in cites:
        inst = instruments.get(c.instrument)
        if inst is None:
            raise origin.error(f"{what} cites unknown instrument {c.instrument!r}")
        article = inst.articles.get(c.article)
        if article is None:
            raise origin.error(f"{what} cites article {c.article!r} of {c.instrument!r}, which its data does not list")
        if c.status is None:
            changed = True
            c = _filled(c, article.status, filled)
        out.append(c)
    return tuple(out) if changed else cites  # type: ignore[return-value]


def _filled(c: Citation, status: SourceStatus, filled: dict[tuple[str, str], Citation] | None) -> Citation:
    """``c`` with the article's ``status``."""
    if type(c) is not Citation:  # a subclass may hold more: evolve keeps it
        return attrs.evolve(c, status=status)
    if filled is None:
        return Citation(c.instrument, c.article, status)
    key = (c.instrument, c.article)
    found = filled.get(key)
    if found is None:
        found = filled[key] = Citation(c.instrument, c.article, status)
    return found


def _check_jurisdiction(jurisdictions: Mapping[str, Jurisdiction], origin: Origin, what: str, code: str) -> None:
    if code not in jurisdictions:
        raise origin.error(f"{what} belongs to undeclared jurisdiction {code!r}")


def validate_jurisdictions(found: Contributions, claims: Claims) -> dict[str, Jurisdiction]:
    """The declared jurisdictions by code; each parent must be declared too."""
    jurisdictions: dict[str, Jurisdiction] = {}
    for origin, j in found.each("loanoverdue_jurisdictions"):
        claims.claim("jurisdiction", j.code, origin)
        jurisdictions[j.code] = j
    for origin, j in found.each("loanoverdue_jurisdictions"):
        if j.parent is not None and j.parent not in jurisdictions:
            raise origin.error(f"jurisdiction {j.code!r} has unknown parent {j.parent!r}")
    return jurisdictions


def validate_instruments(found: Contributions, claims: Claims) -> dict[str, Instrument]:
    """The instruments by id."""
    instruments: dict[str, Instrument] = {}
    for origin, inst in found.each("loanoverdue_instruments"):
        claims.claim("instrument", inst.id, origin)
        instruments[inst.id] = inst
    return instruments


def validate_parameters(
    found: Contributions,
    claims: Claims,
    jurisdictions: Mapping[str, Jurisdiction],
    instruments: Mapping[str, Instrument],
) -> dict[tuple[str, str], Parameter]:
    """The parameters by ``(id, jurisdiction)``, their citations' statuses filled in."""
    parameters: dict[tuple[str, str], Parameter] = {}
    for origin, p in found.each("loanoverdue_parameters"):
        claims.claim("parameter", f"{p.id}@{p.jurisdiction}", origin)
        _check_jurisdiction(jurisdictions, origin, f"parameter {p.id!r}", p.jurisdiction)
        cites = check_citations(instruments, origin, f"parameter {p.id!r}", p.citations, claims.cited)
        if cites is not p.citations:
            p = attrs.evolve(p, citations=cites)
        parameters[(p.id, p.jurisdiction)] = p
    return parameters


def validate_rules(
    found: Contributions,
    claims: Claims,
    jurisdictions: Mapping[str, Jurisdiction],
    instruments: Mapping[str, Instrument],
    param_ids: set[str],
) -> dict[str, Rule]:
    """The rules by id: each cites something (or is an assumption), reads declared
    parameters, has messages and a callable check."""
    rules: dict[str, Rule] = {}
    for origin, r in found.each("loanoverdue_rules"):
        claims.claim("rule", r.id, origin)
        _check_jurisdiction(jurisdictions, origin, f"rule {r.id!r}", r.jurisdiction)
        cites = check_citations(instruments, origin, f"rule {r.id!r}", r.citations, claims.cited)
        if cites is not r.citations:
            r = attrs.evolve(r, citations=cites)
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
    return rules


def check_policy(
    origin: Origin,
    pol: EscalationPolicy,
    param_ids: set[str],
    instruments: Mapping[str, Instrument],
    cited: dict[tuple[str, str], Citation] | None = None,
) -> EscalationPolicy:
    """``pol`` with its steps' citations checked (and their statuses filled in, see
    :func:`check_citations`): no action scheduled twice, thresholds that name declared
    parameters."""
    seen: set[Action] = set()
    steps = []
    changed = False
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
        cites = check_citations(instruments, origin, f"policy {pol.id!r}", step.citations, cited)
        if cites is not step.citations:
            changed = True
            step = attrs.evolve(step, citations=cites)
        steps.append(step)
    return attrs.evolve(pol, steps=tuple(steps)) if changed else pol


def validate_policies(
    found: Contributions,
    claims: Claims,
    jurisdictions: Mapping[str, Jurisdiction],
    instruments: Mapping[str, Instrument],
    param_ids: set[str],
) -> dict[str, EscalationPolicy]:
    """The escalation policies by id."""
    policies: dict[str, EscalationPolicy] = {}
    for origin, pol in found.each("loanoverdue_escalation_policies"):
        claims.claim("policy", pol.id, origin)
        _check_jurisdiction(jurisdictions, origin, f"policy {pol.id!r}", pol.jurisdiction)
        policies[pol.id] = check_policy(origin, pol, param_ids, instruments, claims.cited)
    return policies


def validate_platform_policies(
    found: Contributions,
    claims: Claims,
    jurisdictions: Mapping[str, Jurisdiction],
    instruments: Mapping[str, Instrument],
    param_ids: set[str],
) -> dict[str, PlatformPolicy]:
    """The platform policies by platform id, each schedule checked like a policy (and
    claiming its policy id)."""
    platform_policies: dict[str, PlatformPolicy] = {}
    for origin, pp in found.each("loanoverdue_platform_policies"):
        claims.claim("platform policy", pp.platform, origin)
        claims.claim("policy", pp.schedule.id, origin)
        _check_jurisdiction(jurisdictions, origin, f"platform policy {pp.platform!r}", pp.jurisdiction)
        pp = attrs.evolve(
            pp,
            schedule=check_policy(origin, pp.schedule, param_ids, instruments, claims.cited),
            origin=pp.origin or origin.plugin,
        )
        platform_policies[pp.platform] = pp
    return platform_policies


def validate_calculators(
    found: Contributions, claims: Claims, jurisdictions: Mapping[str, Jurisdiction]
) -> dict[tuple[str, Consequence], Calculator]:
    """The calculators by ``(jurisdiction, consequence)``: one each."""
    calculators: dict[tuple[str, Consequence], Calculator] = {}
    for origin, calc in found.each("loanoverdue_calculators"):
        claims.claim("calculator", f"{calc.consequence.value}@{calc.jurisdiction}", origin)
        _check_jurisdiction(jurisdictions, origin, f"calculator {calc.id!r}", calc.jurisdiction)
        calculators[(calc.jurisdiction, calc.consequence)] = calc
    return calculators


def _claimed_by_id(
    found: Contributions, claims: Claims, jurisdictions: Mapping[str, Jurisdiction], hook: str, kind: str
) -> list[Any]:
    """The items of ``hook``, each claiming its ``id`` as a ``kind`` and declaring a
    jurisdiction of the registry."""
    items = []
    for origin, item in found.each(hook):
        claims.claim(kind, item.id, origin)
        _check_jurisdiction(jurisdictions, origin, f"{kind} {item.id!r}", item.jurisdiction)
        items.append(item)
    return items


def validate_factors(
    found: Contributions, claims: Claims, jurisdictions: Mapping[str, Jurisdiction]
) -> list[FactorProvider]:
    """The outlook factor providers."""
    return _claimed_by_id(found, claims, jurisdictions, "loanoverdue_outlook_factors", "factor provider")


def validate_advice(
    found: Contributions, claims: Claims, jurisdictions: Mapping[str, Jurisdiction]
) -> list[AdviceContributor]:
    """The advice contributors."""
    return _claimed_by_id(found, claims, jurisdictions, "loanoverdue_advice", "advice contributor")


def validate_letters(
    found: Contributions, claims: Claims, jurisdictions: Mapping[str, Jurisdiction]
) -> list[LetterWriter]:
    """The letter writers: each declares its letter kinds, and a kind of a jurisdiction
    has one writer."""
    letters = []
    kinds_at: dict[tuple[str, str], str] = {}
    for origin, lw in found.each("loanoverdue_letters"):
        claims.claim("letter writer", lw.id, origin)
        _check_jurisdiction(jurisdictions, origin, f"letter writer {lw.id!r}", lw.jurisdiction)
        if not lw.kinds or not all(isinstance(k, str) and k.isidentifier() for k in lw.kinds):
            raise origin.error(f"letter writer {lw.id!r} must declare its letter kinds (identifiers), got {lw.kinds!r}")
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
    return letters


def describe_packs(found: Contributions, infos: Mapping[str, PackInfo | None]) -> dict[str, Pack]:
    """Each plugin's :class:`Pack` (what it contributed), by plugin name, sorted."""
    by_plugin: dict[str, Pack] = {}
    for name in sorted(found.origins):
        origin = found.origins[name]
        info = infos.get(name) or PackInfo(name=name, version=dist_version(origin.distribution))
        got = found.collected.get(name, {})

        def ids(hook: str, attr: str = "id", got: dict[str, list[Any]] = got) -> tuple[str, ...]:
            return tuple(sorted({str(getattr(i, attr)) for i in got.get(hook, ())}))

        by_plugin[name] = Pack(
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
    return by_plugin


#: The kinds of claim that :meth:`~loanoverdue.registry.Registry.owner` answers for,
#: by the name it knows them by.
_OWNED = {
    "rule": "rule",
    "policy": "policy",
    "platform policy": "platform",
    "factor provider": "factors",
    "advice contributor": "advice",
    "letter writer": "letters",
    "jurisdiction": "jurisdiction",
}


def owners(found: Contributions, claims: Claims, by_plugin: Mapping[str, Pack]) -> dict[tuple[str, str], Pack]:
    """``(kind, id)`` -> the pack that contributed it; calculators by their id."""
    out: dict[tuple[str, str], Pack] = {}
    for (what, key), origin in claims.owner.items():
        if what in _OWNED:
            out[(_OWNED[what], key)] = by_plugin[origin.plugin]
    for plugin, got in found.collected.items():
        for calc in got.get("loanoverdue_calculators", ()):
            out[("calculator", calc.id)] = by_plugin[plugin]
    return out


def chain_of(code: str, jurisdictions: Mapping[str, Jurisdiction]) -> tuple[str, ...]:
    """``code`` and its ancestors, most specific first."""
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


def validated(
    collected: Collected, infos: Mapping[str, PackInfo | None], origins: Mapping[str, Origin]
) -> Contents:
    """The contents of a registry made of what the plugins returned (see
    :func:`loanoverdue.registry.load.load`), validated."""
    found = Contributions(collected, origins)
    claims = Claims()
    jurisdictions = validate_jurisdictions(found, claims)
    instruments = validate_instruments(found, claims)
    parameters = validate_parameters(found, claims, jurisdictions, instruments)
    param_ids = {pid for pid, _ in parameters}
    rules = validate_rules(found, claims, jurisdictions, instruments, param_ids)
    policies = validate_policies(found, claims, jurisdictions, instruments, param_ids)
    platform_policies = validate_platform_policies(found, claims, jurisdictions, instruments, param_ids)
    for pp in platform_policies.values():
        policies[pp.schedule.id] = pp.schedule
    calculators = validate_calculators(found, claims, jurisdictions)
    factors = validate_factors(found, claims, jurisdictions)
    advice = validate_advice(found, claims, jurisdictions)
    letters = validate_letters(found, claims, jurisdictions)
    by_plugin = describe_packs(found, infos)
    return Contents(
        packs=tuple(by_plugin.values()),
        jurisdictions=jurisdictions,
        instruments=instruments,
        rules=rules,
        parameters=parameters,
        policies=policies,
        platform_policies=platform_policies,
        owners=owners(found, claims, by_plugin),
        chains={code: chain_of(code, jurisdictions) for code in jurisdictions},
        calculators=calculators,
        factors=tuple(factors),
        advice=tuple(advice),
        letters=tuple(letters),
    )
