"""Loading the packs: entry points, the pluggy manager, one call of each hook per
plugin, the packs to leave out, and building around the broken ones."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from loanoverdue.components import (
    AdviceContributor,
    Calculator,
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
from loanoverdue.law.source import Instrument

if TYPE_CHECKING:
    from loanoverdue.registry.snapshot import Registry

__all__ = [
    "EXCLUDE_VARIABLE",
    "HOOKS",
    "Collected",
    "Origin",
    "build_skipping_broken",
    "dist_version",
    "excluded_packs",
    "installed_pack_names",
    "load",
]

#: The environment variable that names installed packs to leave out of the default
#: registry (separated by commas or spaces), e.g. ``LOANOVERDUE_EXCLUDE_PACKS=broken``.
EXCLUDE_VARIABLE = "LOANOVERDUE_EXCLUDE_PACKS"

#: The hooks that return many items, and the type of each item.
HOOKS: dict[str, type | None] = {
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


class Origin(NamedTuple):
    """Where a contribution comes from: the plugin's name and its distribution (a named
    tuple: cheaper to define at every start than a generated class)."""

    plugin: str
    distribution: str | None

    def error(self, problem: str) -> PluginError:
        return PluginError(self.plugin, self.distribution, problem)


#: plugin name -> hook name -> the items the plugin's hook returned.
Collected = dict[str, dict[str, list[Any]]]


def load(
    plugins: Sequence[object] = (),
    *,
    entry_points: bool = True,
    exclude: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> tuple[Collected, dict[str, PackInfo | None], dict[str, Origin]]:
    """Register the packs (see :meth:`~loanoverdue.registry.Registry.build`) and call
    each hook once per plugin: what each plugin returned, each plugin's pack info, and
    each plugin's origin."""
    import pluggy

    from loanoverdue import hooks

    pm = pluggy.PluginManager(hooks.PROJECT)
    pm.add_hookspecs(hooks)
    origins: dict[str, Origin] = {}
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
            origins[name] = Origin(name, dist)
            _register(pm, plugin, name, origins[name])
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if name in origins:
            raise ConflictError(name, None, "a plugin of this name is already registered")
        origins[name] = Origin(name, None)
        _register(pm, plugin, name, origins[name])
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        origin = origins.get(exc.plugin_name if hasattr(exc, "plugin_name") else "")
        raise PluginError(
            getattr(exc, "plugin_name", "?"), origin.distribution if origin else None, str(exc)
        ) from None
    collected, infos = _collect(pm, origins)
    return collected, infos, origins


def _collect(pm: Any, origins: dict[str, Origin]) -> tuple[Collected, dict[str, PackInfo | None]]:
    """Call every hook of every plugin once."""
    collected: Collected = {}
    infos: dict[str, PackInfo | None] = {}
    for impl in pm.hook.loanoverdue_pack_info.get_hookimpls():
        origin = origins[impl.plugin_name]
        infos[impl.plugin_name] = _call(origin, impl.function, "loanoverdue_pack_info", PackInfo, single=True)
    for hook, kind in HOOKS.items():
        for impl in getattr(pm.hook, hook).get_hookimpls():
            origin = origins[impl.plugin_name]
            items = _call(origin, impl.function, hook, kind)
            collected.setdefault(impl.plugin_name, {}).setdefault(hook, []).extend(items)
    return collected, infos


def _call(origin: Origin, fn: Callable[[], Any], hook: str, kind: type | None, single: bool = False) -> Any:
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


def _register(pm: Any, plugin: object, name: str, origin: Origin) -> None:
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


def dist_version(dist: str | None) -> str:
    """The version of an installed distribution whose entry point was loaded."""
    if dist is None:
        return "0+unknown"
    return _VERSIONS.get(dist, "0+unknown")


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
    from loanoverdue.registry.snapshot import Registry

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
