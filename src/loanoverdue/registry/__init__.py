"""The registry: rule packs discovered, validated and frozen into one snapshot.

Building a registry loads the packs (entry-point group ``loanoverdue`` and/or plugins
passed in, :mod:`~loanoverdue.registry.load`), calls each hook once per plugin,
validates what they return (unique ids, citations that resolve, parameters that exist,
:mod:`~loanoverdue.registry.validate`) and freezes it into a :class:`Registry`
(:mod:`~loanoverdue.registry.snapshot`), immutable and safe to share across threads.
:func:`default_registry` (:mod:`~loanoverdue.registry.default`) is the process-wide
registry of the installed packs. The engine's indexes of a registry live in
:mod:`loanoverdue.engine.indexes`.
"""

from __future__ import annotations

from loanoverdue.registry.default import default_registry, reset_default_registry, set_default_registry
from loanoverdue.registry.load import (
    EXCLUDE_VARIABLE,
    build_skipping_broken,
    excluded_packs,
    installed_pack_names,
)
from loanoverdue.registry.memo import MEMO_LIMIT, Memo
from loanoverdue.registry.snapshot import Pack, ParameterSpan, Registry

__all__ = [
    "EXCLUDE_VARIABLE",
    "MEMO_LIMIT",
    "Memo",
    "Pack",
    "ParameterSpan",
    "Registry",
    "build_skipping_broken",
    "default_registry",
    "excluded_packs",
    "installed_pack_names",
    "reset_default_registry",
    "set_default_registry",
]
