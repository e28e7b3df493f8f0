"""The pack's texts (``data/texts.toml``): outlook factors, consequence notes and advice,
in English and Simplified Chinese."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any, NamedTuple

from loanoverdue.law import Text
from loanoverdue.law.data import DataError, read_toml

__all__ = ["LANGUAGES", "Fill", "fill", "join", "sentences", "text", "texts"]

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


_label: Callable[[str | StrEnum, str], str] | None = None


def label(value: StrEnum, lang: str) -> str:
    """The core's label of a vocabulary value (its renderers are imported on first use,
    not with the pack)."""
    global _label
    if _label is None:
        from loanoverdue.render.labels import label as core_label

        _label = core_label
    return _label(value, lang)


#: Values that ``str.format`` renders as they are (a date renders as its ISO 8601 form;
#: a datetime would not, so it is not among them).
_AS_IS = frozenset({str, int, Decimal, date})


class Fill(NamedTuple):
    """The text ``key`` with ``params`` for its placeholders, rendered in one language at
    a time: a part of a note composed with :func:`sentences` (or a value nested in
    another part), with no :class:`Text` made for it."""

    key: str
    params: Mapping[str, object]

    def get(self, lang: str) -> str:
        return texts()[self.key].get(lang).format_map({k: _value(v, lang) for k, v in self.params.items()})


def _value(value: object, lang: str) -> object:
    if isinstance(value, (Text, Fill)):
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
    template = texts()[key]
    if all(type(v) in _AS_IS for v in params.values()):
        return Text({lang: value.format_map(params) for lang, value in template.items})
    return Text(
        {
            lang: value.format_map({k: _value(v, lang) for k, v in params.items()})
            for lang, value in template.items
        }
    )


def sentences(*parts: Text | Fill, sep: str = " ") -> Text:
    """Texts (or texts still to fill) joined per language; Chinese sentences are joined
    without a space."""
    out = {}
    for lang in LANGUAGES:
        found = [p.get(lang) for p in parts]
        out[lang] = ("" if lang == "zh-CN" else sep).join([t for t in found if t])
    return Text(out)


def join(*parts: Text, sep: str = " ") -> Text:
    """Texts joined per language; Chinese sentences are joined without a space."""
    return sentences(*parts, sep=sep)
