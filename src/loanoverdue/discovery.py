"""Finding the installed rule packs: the entry points of group ``loanoverdue``.

A small reader of ``*.dist-info/entry_points.txt`` along ``sys.path``, used instead of
:mod:`importlib.metadata` because importing that (and its e-mail parser) costs more
than the rest of a registry build. It follows the same precedence: the first
distribution of a name on ``sys.path`` wins, a distribution being named, as
:mod:`importlib.metadata` names it, by its folder (``Some_Pack-1.0.dist-info``:
``some-pack``). Only the distributions whose ``entry_points.txt`` has the group have
their ``METADATA`` read (for the name and version an entry point carries).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["EntryPoint", "entry_points"]

_NORMALISE = re.compile(r"[-_.]+")


class EntryPoint(NamedTuple):
    """An entry point: ``name = module:attribute`` of distribution ``distribution``."""

    name: str
    value: str
    distribution: str
    version: str

    def load(self) -> object:
        """Import the module and return the attribute (or the module itself)."""
        import importlib

        module_name, _, attr = self.value.partition(":")
        obj: object = importlib.import_module(module_name.strip())
        for part in attr.strip().split(".") if attr.strip() else ():
            obj = getattr(obj, part)
        return obj


def _metadata(path: str) -> tuple[str, str] | None:
    """Name and version from a METADATA or PKG-INFO header."""
    for candidate in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(path, candidate), encoding="utf-8") as f:
                name = version = None
                for line in f:
                    if not line.strip():
                        break
                    if line.startswith("Name:"):
                        name = line[5:].strip()
                    elif line.startswith("Version:"):
                        version = line[8:].strip()
                if name:
                    return name, version or "0+unknown"
        except OSError:
            continue
    return None


def _parse(text: str, group: str) -> Iterator[tuple[str, str]]:
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of every distribution on ``sys.path``, by name."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for entry in sys.path:
        directory = entry or os.getcwd()
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                stem = name[: -len(".dist-info")]
            elif name.endswith(".egg-info"):
                stem = name[: -len(".egg-info")]
            else:
                continue
            key = _NORMALISE.sub("-", stem.partition("-")[0]).lower()
            if key in seen:
                continue
            seen.add(key)
            path = os.path.join(directory, name)
            try:
                with open(os.path.join(path, "entry_points.txt"), encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            if group not in text:  # most distributions: no entry point of the group
                continue
            points = list(_parse(text, group))
            if not points:
                continue
            meta = _metadata(path)
            if meta is None:
                continue
            found.extend(EntryPoint(n, v, meta[0], meta[1]) for n, v in points)
    return sorted(found, key=lambda ep: ep.name)
