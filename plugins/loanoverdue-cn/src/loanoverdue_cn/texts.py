"""The pack's texts (``data/texts.toml``): outlook factors, consequence notes and advice,
in English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

from loanoverdue.law import Text
from loanoverdue.law.data import DataError, read_toml
from loanoverdue.render.labels import label

__all__ = ["LANGUAGES", "fill", "join", "text", "texts"]

#: The languages every text of the pack is written in.
LANGUAGES = ("en", "zh-CN")


def _walk(name: str, prefix: str, node: Mapping[str, Any], out: dict[str, Text]) -> None:
    if all(isinstance(v, str) for v in node.values()):
        if set(node) != set(LANGUAGES):
            raise DataError(name, prefix, f"expected exactly the languages {LANGUAGES}, got {sorted(node)}")
        found = Text(dict(node))
        holes = found.placeholders()
        if len(set(holes.values())) > 1:
            raise DataError(name, prefix, f"languages use different placeholders: {holes}")
        out[prefix] = found
        return
    for key, value in node.items():
        if not isinstance(value, Mapping):
            raise DataError(name, f"{prefix}.{key}", "expected a table of texts")
        _walk(name, f"{prefix}.{key}" if prefix else key, value, out)


@cache
def texts() -> Mapping[str, Text]:
    """Every text of the pack by dotted key (``advice.door.title``)."""
    name, data = read_toml(files("loanoverdue_cn") / "data" / "texts.toml")
    out: dict[str, Text] = {}
    _walk(name, "", data, out)
    return out


def text(key: str) -> Text:
    """The text ``key``; :class:`KeyError` if the pack has none."""
    return texts()[key]


def _value(value: object, lang: str) -> object:
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, StrEnum):
        return label(value, lang)
    if isinstance(value, tuple) and value and all(isinstance(v, StrEnum) for v in value):
        return ("、" if lang == "zh-CN" else ", ").join(label(v, lang) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def fill(key: str, **params: object) -> Text:
    """The text ``key`` with its placeholders filled in every language (vocabulary
    values, dates and nested texts rendered per language)."""
    template = text(key)
    return Text(
        {
            lang: template.get(lang).format_map({k: _value(v, lang) for k, v in params.items()})
            for lang in template.languages
        }
    )


def join(*parts: Text, sep: str = " ") -> Text:
    """Texts joined per language; Chinese sentences are joined without a space."""
    return Text(
        {
            lang: ("" if lang == "zh-CN" else sep).join(p.get(lang) for p in parts if p.get(lang))
            for lang in LANGUAGES
        }
    )
