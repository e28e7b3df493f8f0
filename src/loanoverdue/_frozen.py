"""Read-only mappings for frozen value classes and the registry's snapshot (private)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


def frozen_mapping(m: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of ``m`` (``m`` itself when it is already read-only)."""
    if type(m) is MappingProxyType:
        return m
    return MappingProxyType(dict(m))
