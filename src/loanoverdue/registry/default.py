"""The process-wide default registry: the installed packs, built on first use and shared."""

from __future__ import annotations

import os
import threading

from loanoverdue.registry.load import EXCLUDE_VARIABLE, excluded_packs
from loanoverdue.registry.snapshot import Registry

__all__ = ["default_registry", "reset_default_registry", "set_default_registry"]

_default: Registry | None = None
_lock = threading.Lock()


def default_registry() -> Registry:
    """The registry of the installed packs, built on first use and shared. Packs named
    in the environment variable :data:`~loanoverdue.registry.EXCLUDE_VARIABLE` are left
    out."""
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
