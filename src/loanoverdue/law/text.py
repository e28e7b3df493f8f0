"""Localised text: one string per language tag, English required."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import attrs

from loanoverdue.errors import shown

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Text"]

#: Languages the core's own catalogues cover; packs may add others.
LANGUAGES: tuple[str, ...] = ("en", "zh-CN")
DEFAULT_LANGUAGE = "en"


def _items(value: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Text):
        return value.items
    if isinstance(value, str):
        return (("en", value),)
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of language -> text, got {shown(value)}")
    items = []
    for lang, text in value.items():
        if not isinstance(lang, str) or not isinstance(text, str):
            raise ValueError(f"expected language -> text, got {shown(lang)}: {shown(text)}")
        items.append((lang, text))
    if "en" not in dict(items):
        raise ValueError("an English ('en') text is required")
    return tuple(sorted(items))


@attrs.frozen
class Text:
    """Text in several languages. ``Text({"en": "…", "zh-CN": "…"})``; a plain string is
    taken as English. :meth:`get` falls back to English.

    A pack's text may be a template (``{placeholders}`` filled by :meth:`format`); text
    a user wrote (a note in a policy file) is made with :meth:`literal` and is never
    one: :meth:`format` returns it as written, braces and all."""

    items: tuple[tuple[str, str], ...] = attrs.field(converter=_items)
    #: Shown as written, never a template.
    is_literal: bool = attrs.field(default=False, kw_only=True)
    #: The language tags of ``items`` (what :attr:`languages` returns), made once.
    _languages: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    @_languages.default
    def _languages_of_items(self) -> tuple[str, ...]:
        return tuple([key for key, _ in self.items])

    @classmethod
    def literal(cls, value: Any) -> Text:
        """Text that :meth:`format` returns as written (for text users write)."""
        return cls(value, is_literal=True)

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        for key, value in self.items:
            if key == lang:
                return value
        return self.en

    @property
    def en(self) -> str:
        for key, value in self.items:
            if key == "en":
                return value
        raise AssertionError("unreachable: English is required")  # pragma: no cover

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def format(self, lang: str, params: Mapping[str, object]) -> str:
        """The text in ``lang`` with ``{placeholders}`` filled from ``params`` (a literal
        text as written)."""
        if self.is_literal:
            return self.get(lang)
        return self.get(lang).format_map(params)

    def placeholders(self) -> dict[str, frozenset[str]]:
        """The placeholder names of each language's text (none in a literal text)."""
        found: dict[str, frozenset[str]] = {}
        for lang, value in self.items:
            if self.is_literal:
                found[lang] = frozenset()
                continue
            names = {field for _, field, _, _ in string.Formatter().parse(value) if field}
            found[lang] = frozenset(names)
        return found

    def to_dict(self) -> dict[str, str]:
        return dict(self.items)

    def __str__(self) -> str:
        return self.en
