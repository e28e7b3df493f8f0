"""The cyclic garbage collector paused while a registry is built (private).

A registry build makes tens of thousands of objects that live as long as the registry
(the packs' modules and classes, the law's value objects) and few that die in cycles;
the collector would examine the new ones again and again while they are made (about a
tenth of a cold start's time). It is paused for the build and resumed after it, also
when the build fails; if it was off before, it stays off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (reference counting
    still frees what is no longer used)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
