"""Freezing helpers for attrs converters (private)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any


def frozen_mapping(m: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of ``m`` (``m`` itself when it is already read-only)."""
    if type(m) is MappingProxyType:
        return m
    return MappingProxyType(dict(m))
