"""The hook specifications: the API of a rule pack.

A rule pack is a module (or any object) with functions named after the hooks below,
each decorated with :data:`hookimpl`. It is found through the entry-point group
``loanoverdue``::

    # pyproject.toml of the pack
    [project.entry-points.loanoverdue]
    cn = "loanoverdue_cn"

or registered programmatically with :meth:`loanoverdue.Registry.build`
(``plugins=[module]``) for tests and embedding applications.

When the hooks are called
    Every hook is called **once per plugin, when a registry is built**
    (:func:`loanoverdue.default_registry` or :meth:`loanoverdue.Registry.build`), never per
    case. Hooks take no arguments and return data: value objects the registry validates,
    indexes and freezes. Functions inside those objects (rule checks, calculators, factor
    providers, advice contributors) are what the engine calls per case, as plain calls.

What a hook may return
    An iterable (a list, a tuple, a generator) of the documented type, or ``None`` to
    contribute nothing. Anything else, an exception raised by the hook, or invalid data
    (a rule citing an article no instrument lists, a rule id another pack already uses)
    makes :class:`~loanoverdue.errors.PluginError` naming the plugin and its
    distribution.

Loading law from data files
    Packs keep instruments, parameters, rule metadata and policies in TOML files and
    load them with :mod:`loanoverdue.law.data`; see ``docs/reference/pack-data.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from loanoverdue.components import AdviceContributor, Calculator, FactorProvider, LetterWriter, PackInfo
    from loanoverdue.law.jurisdiction import Jurisdiction
    from loanoverdue.law.parameter import Parameter
    from loanoverdue.law.platform import PlatformPolicy
    from loanoverdue.law.policy import EscalationPolicy
    from loanoverdue.law.rule import Rule
    from loanoverdue.law.source import Instrument

__all__ = ["PROJECT", "hookimpl", "hookspec"]

#: The pluggy project name, and the entry-point group packs register under.
PROJECT = "loanoverdue"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Decorate a pack's hook functions with this marker.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def loanoverdue_pack_info() -> PackInfo | None:
    """Return the pack's identity (:class:`~loanoverdue.components.PackInfo`).

    Optional: without it the registry names the pack after its entry point and takes
    the version from its distribution.
    """


@hookspec
def loanoverdue_jurisdictions() -> Iterable[Jurisdiction] | None:
    """Return the jurisdictions the pack covers (:class:`~loanoverdue.law.jurisdiction.Jurisdiction`).

    A case whose ``borrower.jurisdiction`` no pack declares is refused with
    :class:`~loanoverdue.errors.UnknownJurisdictionError`. A pack may declare a
    jurisdiction below another pack's (``parent="CN"``) to add local rules. Two packs
    declaring the same code is a conflict. A pack's functions look one up with
    ``ctx.jurisdiction_by_code(code)``.
    """


@hookspec
def loanoverdue_instruments() -> Iterable[Instrument] | None:
    """Return the legal instruments the pack's rules cite
    (:class:`~loanoverdue.law.source.Instrument`), usually
    ``loanoverdue.law.data.load_instruments(...)`` over the pack's ``instruments.toml``.

    Instrument ids are global: a pack may cite another pack's instruments. A pack's
    functions cite an article with ``ctx.cite(instrument, article)`` and look an
    instrument up (its period in force, say) with ``ctx.instrument(id)``.
    """


@hookspec
def loanoverdue_parameters() -> Iterable[Parameter] | None:
    """Return time-versioned parameters (:class:`~loanoverdue.law.parameter.Parameter`).

    A parameter id may be declared once per jurisdiction; a lookup along a jurisdiction
    chain takes the most specific one in force on the date asked. A pack's functions
    read values with ``ctx.param(id)`` (recorded in the trace and the running check's
    finding), or see when a value changes with ``ctx.parameter_span(id)``.
    """


@hookspec
def loanoverdue_rules() -> Iterable[Rule] | None:
    """Return the pack's rules (:class:`~loanoverdue.law.rule.Rule`).

    Every citation must resolve to an article of a registered instrument, every
    parameter a rule names must exist, and rule ids must be unique across all packs.
    Use ``loanoverdue.law.data.load_rules(file, checks)`` to join ``rules.toml`` with
    the pack's check functions.
    """


@hookspec
def loanoverdue_escalation_policies() -> Iterable[EscalationPolicy] | None:
    """Return escalation policies (:class:`~loanoverdue.law.policy.EscalationPolicy`).

    Per step, a platform's policy beats a lender-kind policy, which beats the
    jurisdiction default; each outlook entry names the policy that set it. A factor
    provider sees the policies that apply to its case with ``ctx.policies()``.
    """


@hookspec
def loanoverdue_platform_policies() -> Iterable[PlatformPolicy] | None:
    """Return platform policies (:class:`~loanoverdue.law.platform.PlatformPolicy`),
    usually ``load_platform_policy(files(__name__) / "policies" / "x.toml")``.

    A platform policy's schedule takes precedence over lender-kind and jurisdiction
    policies for loans whose ``lender.platform`` is the policy's platform; its terms
    (outsourcing, visits, contacts, grace period) become outlook factors. One policy per
    platform id across all packs.
    """


@hookspec
def loanoverdue_outlook_factors() -> Iterable[FactorProvider] | None:
    """Return factor providers (:class:`~loanoverdue.components.FactorProvider`) that add
    jurisdiction-specific reasons to outlook entries, including blocking ones."""


@hookspec
def loanoverdue_calculators() -> Iterable[Calculator] | None:
    """Return consequence calculators (:class:`~loanoverdue.components.Calculator`) for the
    limitation period, credit reporting, interest cap and criminal exposure."""


@hookspec
def loanoverdue_advice() -> Iterable[AdviceContributor] | None:
    """Return advice contributors (:class:`~loanoverdue.components.AdviceContributor`), called
    per case after findings, outlook and consequences are known."""


@hookspec
def loanoverdue_letters() -> Iterable[LetterWriter] | None:
    """Return letter writers (:class:`~loanoverdue.pack.LetterWriter`), called per case
    after findings, outlook and consequences are known, like advice contributors.

    Each writer returns :class:`~loanoverdue.results.Letter` values filled with the
    facts of the case: a request to the lender, a complaint to a regulator, a demand
    to stop contact. The assessment carries them in ``letters`` (beside, not inside,
    the advice), and ``loanoverdue letter CASE --kind KIND`` renders one as text,
    Markdown or a printable HTML document. A letter cites its basis like advice does;
    the engine rejects a letter whose kind its writer did not declare, and the registry
    two writers of one jurisdiction declaring the same kind. Along a chain
    (``CN-BJ`` -> ``CN``) the most specific jurisdiction's letter of a kind wins.
    """
