"""The cache of a pack's law as built: what a loader of :mod:`loanoverdue.law.data`
made of a data file (instruments, parameters, rules without their checks, policies,
jurisdictions), kept beside the parsed-data entries of :mod:`loanoverdue.law.cache`, so
that a registry build neither structures nor checks the law again at every start.

An entry is written only for a file the loader read without a problem, and is named by
the file's size and checksums, the loader's kind and a fingerprint of the code that
built it (the package's version and the size and time of change of the source files of
the law's value classes and their reader): a changed file, or changed code, builds
afresh. What depends on more than the file (a rule's check function and precondition)
is joined each time, with the same checks and errors as a fresh build.

The format holds data only, as JSON: each object is a table naming its class, which
must be one of the law's value classes listed here (:data:`CLASSES`, :data:`ENUMS`), and
holding the arguments of its constructor; the constructor is called, so its validators
run (a :class:`~loanoverdue.law.text.Text`, the commonest object, is made with the same
checks without the constructor's general conversion). Reading an entry cannot run code,
and an entry that does not fit is ignored.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any

import attrs

from loanoverdue.law import cache
from loanoverdue.law.count import Count
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.period import Period
from loanoverdue.law.platform import Agreement, EntrySource, PlatformPolicy, Term, Terms
from loanoverdue.law.policy import EscalationPolicy, Likelihood, Step
from loanoverdue.law.rule import Basis, Rule, Scope, Verdict, Weight
from loanoverdue.law.shape import Clause, LocalTime, Shape
from loanoverdue.law.source import Article, Citation, Instrument, Layer, SourceStatus
from loanoverdue.law.text import Text
from loanoverdue.vocabulary import Action, Actor, Conduct, Initiator, LenderKind, Place, Purpose, Target

__all__ = ["CLASSES", "ENUMS", "FORMAT", "NOT_KEPT", "decode", "encode", "load", "store"]

#: The version of the entries' format (entries of another are ignored).
FORMAT = 1
_PREFIX = "built-"

#: The classes an entry may hold, by name.
CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Agreement,
        Article,
        Citation,
        Clause,
        Count,
        EntrySource,
        EscalationPolicy,
        Instrument,
        Jurisdiction,
        LocalTime,
        Parameter,
        ParameterValue,
        Period,
        PlatformPolicy,
        Rule,
        Shape,
        Step,
        Term,
        Terms,
        Text,
    )
}
#: The enumerations an entry may hold, by name.
ENUMS: dict[str, type[Enum]] = {
    e.__name__: e
    for e in (
        Action,
        Actor,
        Basis,
        Conduct,
        Initiator,
        Layer,
        LenderKind,
        Likelihood,
        Place,
        Purpose,
        Scope,
        SourceStatus,
        Target,
        Verdict,
        Weight,
    )
}
#: Fields not kept, by class: what is joined when the entry is read (a rule's check
#: and precondition come from the pack's code).
NOT_KEPT: dict[type, frozenset[str]] = {Rule: frozenset({"check", "applies", "applies_keeps", "applies_grows"})}
#: What a class is made with, until joined, for the fields not kept that it requires.
_UNTIL_JOINED: dict[type, dict[str, Any]] = {Rule: {"check": None}}

#: The modules whose source the entries depend on: the value classes, their loader and
#: this codec.
_MODULES = (
    "loanoverdue.files.platform_policy",
    "loanoverdue.law.built",
    "loanoverdue.law.count",
    "loanoverdue.law.data",
    "loanoverdue.law.jurisdiction",
    "loanoverdue.law.parameter",
    "loanoverdue.law.period",
    "loanoverdue.law.platform",
    "loanoverdue.law.policy",
    "loanoverdue.law.rule",
    "loanoverdue.law.shape",
    "loanoverdue.law.source",
    "loanoverdue.law.text",
    "loanoverdue.model.limits",
    "loanoverdue.model.money",
    "loanoverdue.strict",
    "loanoverdue.vocabulary",
    "loanoverdue._frozen",
)


class NotKept(Exception):
    """A value the format cannot hold (the entry is not written)."""


# -- encoding -------------------------------------------------------------------------


def _fields(cls: type) -> list[tuple[str, str, Any]]:
    """(attribute, argument, default or NOTHING) of each constructor argument of ``cls``."""
    skip = NOT_KEPT.get(cls, frozenset())
    out = []
    for f in attrs.fields(cls):
        if not f.init or f.name in skip:
            continue
        default = f.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = attrs.NOTHING
        out.append((f.name, f.alias or f.name, default))
    return out


_FIELDS: dict[type, list[tuple[str, str, Any]]] = {}


def encode(value: Any) -> Any:
    """``value`` as the format writes it; :class:`NotKept` for what it cannot hold."""
    t = type(value)
    if value is None or t in (str, int, bool):
        return value
    if t is tuple:
        return ["t", *[encode(v) for v in value]]
    if t is frozenset:
        return ["f", *sorted((encode(v) for v in value), key=repr)]
    if t is dict or t is MappingProxyType:
        items = {}
        for k, v in value.items():
            if type(k) is not str:
                raise NotKept(f"a mapping with a key {k!r}")
            items[k] = encode(v)
        return ["m" if t is dict else "M", items]
    if t is date:
        return ["d", value.isoformat()]
    if t is datetime:
        return ["dt", value.isoformat()]
    if t is time:
        return ["T", value.isoformat()]
    if t is Decimal:
        return ["D", str(value)]
    if isinstance(value, Enum) and ENUMS.get(t.__name__) is t:
        return ["e", t.__name__, value.value]
    if t is Text:  # the commonest object: its table of languages, and whether literal
        return ["x" if value.is_literal else "X", dict(value.items)]
    if CLASSES.get(t.__name__) is t:
        fields = _FIELDS.get(t)
        if fields is None:
            fields = _FIELDS[t] = _fields(t)
        out: dict[str, Any] = {"@": t.__name__}
        for name, arg, default in fields:
            v = getattr(value, name)
            if default is not attrs.NOTHING and type(v) is type(default) and v == default:
                continue
            out[arg] = encode(v)
        return out
    raise NotKept(f"a value of type {t.__name__}")


# -- decoding -------------------------------------------------------------------------


def _object(table: dict[str, Any]) -> Any:
    cls = CLASSES[table.pop("@")]
    for k, v in table.items():
        if type(v) is list or type(v) is dict:
            table[k] = decode(v)
    until = _UNTIL_JOINED.get(cls)
    if until is not None:
        table = {**until, **table}
    return cls(**table)


#: The members of each enumeration, by value.
_MEMBERS: dict[str, dict[Any, Enum]] = {}


def _member(name: str, value: Any) -> Enum:
    members = _MEMBERS.get(name)
    if members is None:
        members = _MEMBERS[name] = {m.value: m for m in ENUMS[name]}
    return members[value]


_new = object.__new__
_set = object.__setattr__
#: Whether :class:`Text` has the fields :func:`_text` sets (else it calls the constructor).
_TEXT_FIELDS = [f.name for f in attrs.fields(Text)] == ["items", "is_literal", "_languages"]


def _text(table: Any, literal: bool) -> Text:
    """A :class:`Text` of ``table`` (language -> text), made as its constructor makes it,
    without the constructor's general conversion (texts are most of what an entry holds)."""
    if not _TEXT_FIELDS or type(table) is not dict or "en" not in table:
        return Text(table, is_literal=literal)
    items = tuple(sorted(table.items()))
    for lang, value in items:
        if type(lang) is not str or type(value) is not str:
            return Text(table, is_literal=literal)  # which raises
    text = _new(Text)
    _set(text, "items", items)
    _set(text, "is_literal", literal)
    _set(text, "_languages", tuple([lang for lang, _ in items]))
    return text


def _tagged(items: list[Any]) -> Any:
    tag = items[0]
    if tag == "e":
        return _member(items[1], items[2])
    if tag == "X" or tag == "x":
        return _text(items[1], tag == "x")
    if tag == "t":
        return tuple([v if type(v) is str else decode(v) for v in items[1:]])
    if tag == "f":
        return frozenset([decode(v) for v in items[1:]])
    if tag == "m" or tag == "M":
        table = {k: decode(v) for k, v in items[1].items()}
        return table if tag == "m" else MappingProxyType(table)
    if tag == "d":
        return date.fromisoformat(items[1])
    if tag == "D":
        return Decimal(items[1])
    if tag == "dt":
        return datetime.fromisoformat(items[1])
    if tag == "T":
        return time.fromisoformat(items[1])
    raise ValueError(f"unknown tag {tag!r}")


def decode(value: Any) -> Any:
    """What :func:`encode` wrote, built again (constructors called, validators run)."""
    t = type(value)
    if t is dict:
        return _object(value)
    if t is list:
        return _tagged(value)
    return value


# -- the entries ----------------------------------------------------------------------


_CODE: list[Any] | None = None


def _fingerprint() -> list[Any]:
    """The package's version and the size and time of change of the source files the
    entries depend on (looked at once per process: the code running does not change)."""
    global _CODE
    if _CODE is not None:
        return _CODE
    # the package is imported first, whoever loads law: its version read, not imported
    out: list[Any] = [getattr(sys.modules.get("loanoverdue"), "__version__", None)]
    for name in _MODULES:
        module = sys.modules.get(name)
        if module is None:  # not imported yet: made of this code, but not known now
            return [*out, None]
        file = getattr(module, "__file__", None)
        try:
            st = os.stat(file) if file else None
        except OSError:
            st = None
        out.append([st.st_size, st.st_mtime_ns] if st is not None else None)
    _CODE = out
    return out


def _entry(directory: str, kind: str, key: tuple[int, int, int]) -> str:
    return os.path.join(directory, f"{_PREFIX}{kind}-{key[0]:x}-{key[1]:08x}-{key[2]:08x}.json")


def load(raw: bytes, kind: str, about: str = "") -> list[Any] | None:
    """What the loader ``kind`` built from the TOML text ``raw`` (and ``about``, what
    else it depends on), if the cache holds it for this code, else ``None``."""
    directory = cache.cache_path()
    if directory is None:
        return None
    key = cache._key(raw)
    try:
        from loanoverdue._textfile import read_limited

        with open(_entry(directory, kind, key), "rb") as f:
            text = read_limited(f, cache._LIMIT)
        if text is None:
            return None
        import json

        entry = json.loads(text)
        if entry["format"] != FORMAT or entry["key"] != list(key) or entry["about"] != about:
            return None
        if entry["code"] != _fingerprint():
            return None
        items = entry["items"]
        if type(items) is not list:
            return None
        return [decode(v) for v in items]
    except Exception:  # missing, partly written, of other code or crafted: build instead
        return None


def store(raw: bytes, kind: str, items: list[Any], about: str = "") -> None:
    """Keep ``items``, what the loader ``kind`` built from the TOML text ``raw`` (and
    ``about``) (best effort: a value the format cannot hold, or a directory that cannot
    be written, means no entry)."""
    directory = cache.cache_path()
    if directory is None or sys.dont_write_bytecode:
        return
    try:
        encoded = [encode(v) for v in items]
    except NotKept:
        return
    import json

    key = cache._key(raw)
    code = _fingerprint()
    if None in code[-1:]:  # the code is not known whole: keep nothing
        return
    entry = {"format": FORMAT, "key": list(key), "about": about, "code": code, "items": encoded}
    cache.write_entry(_entry(directory, kind, key), json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
