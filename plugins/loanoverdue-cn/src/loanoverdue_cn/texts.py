"""The pack's texts (``data/texts.toml``): outlook factors, consequence notes and advice,
in English and Simplified Chinese."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from loanoverdue.pack import DataError, Text, pack_data, read_toml

__all__ = ["LANGUAGES", "Fill", "fill", "join", "sentences", "text", "texts", "texts_of"]

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
    return texts_of("texts.toml")


@cache
def texts_of(file: str) -> Mapping[str, Text]:
    """Every text of the data file ``file`` (``letters.toml``) by dotted key."""
    name, data = read_toml(pack_data("loanoverdue_cn") / file)
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
        from loanoverdue.pack import label as core_label

        _label = core_label
    return _label(value, lang)


#: Values that ``str.format`` renders as they are (a date renders as its ISO 8601 form;
#: a datetime would not, so it is not among them).
_AS_IS = frozenset({str, int, Decimal, date})

#: A template of one language, compiled: its text when it has no placeholder, else a
#: function of the parameters that returns what ``str.format_map`` would.
_Form = str | Callable[[Mapping[str, object]], str]


def _compile(template: str) -> _Form:
    """``template`` compiled for :func:`_render`. Texts run to hundreds of characters,
    and ``format_map`` scans every one of them on each call; the compiled form joins the
    literal pieces around the fields instead. Anything but plain named fields
    (``{name}``: no format spec, conversion, attribute or index) is left to
    ``format_map``, as is a malformed template (it raises when used, as before)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return template.format_map
    pieces: list[str] = []  # the literal text before each field
    names: list[str] = []
    pending = ""
    for literal, name, spec, conversion in parsed:
        pending += literal
        if name is None:  # literal text only ("{{" and "}}" come as pieces of their own)
            continue
        if not name.isidentifier() or spec or conversion is not None:
            return template.format_map
        pieces.append(pending)
        names.append(name)
        pending = ""
    if not names:
        return pending
    head = pieces[0]
    tails = tuple(zip(names, [*pieces[1:], pending], strict=True))

    def plain(params: Mapping[str, object]) -> str:
        out = [head]
        for name, tail in tails:
            value = params[name]
            out.append(value if type(value) is str else format(value, ""))
            out.append(tail)
        return "".join(out)

    return plain


@cache
def _forms(key: str) -> tuple[tuple[str, _Form], ...]:
    """The text ``key`` compiled, per language (in the text's order)."""
    return tuple((lang, _compile(value)) for lang, value in texts()[key].items)


@cache
def _form(key: str, lang: str) -> _Form:
    """The text ``key`` in ``lang`` (English when it lacks ``lang``), compiled."""
    return _compile(texts()[key].get(lang))


def _render(form: _Form, params: Mapping[str, object]) -> str:
    return form if isinstance(form, str) else form(params)


class Fill(NamedTuple):
    """The text ``key`` with ``params`` for its placeholders, rendered in one language at
    a time: a part of a note composed with :func:`sentences` (or a value nested in
    another part), with no :class:`Text` made for it."""

    key: str
    params: Mapping[str, object]

    def get(self, lang: str) -> str:
        return _render(_form(self.key, lang), {k: _value(v, lang) for k, v in self.params.items()})


def _value(value: object, lang: str) -> object:
    kind = type(value)
    if kind is str or kind is int or kind is Decimal:  # most values: as they are
        return value
    if isinstance(value, date):  # none of the kinds below is a date
        return value.isoformat()
    if isinstance(value, (Text, Fill)):
        return value.get(lang)
    if isinstance(value, StrEnum):
        return label(value, lang)
    if isinstance(value, tuple) and value and all(isinstance(v, StrEnum) for v in value):
        return ("、" if lang == "zh-CN" else ", ").join(label(v, lang) for v in value)
    return value


def fill(key: str, **params: object) -> Text:
    """The text ``key`` with its placeholders filled in every language (vocabulary
    values, dates and nested texts rendered per language)."""
    forms = _forms(key)
    if _AS_IS.issuperset(map(type, params.values())):
        return Text({lang: _render(form, params) for lang, form in forms})
    return Text(
        {lang: _render(form, {k: _value(v, lang) for k, v in params.items()}) for lang, form in forms}
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
