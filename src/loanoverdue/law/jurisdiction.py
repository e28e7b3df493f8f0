"""Jurisdictions: the codes a pack covers and the chain they form (``US-NY`` -> ``US``)."""

from __future__ import annotations

import attrs

from loanoverdue.law.text import Text

__all__ = ["Jurisdiction"]


@attrs.frozen
class Jurisdiction:
    """A jurisdiction a pack covers. ``parent`` builds the chain (``US-NY`` -> ``US``);
    ``currency`` and ``timezone`` are defaults for cases built without them (the
    ``quick`` command)."""

    code: str
    name: Text
    parent: str | None = None
    currency: str | None = None
    timezone: str | None = None
