"""The strict reader: parsed data (what JSON or TOML gives) structured into attrs classes.

Every file the library reads goes through one :class:`Reader`: case files
(:mod:`loanoverdue.io`), a pack's data tables, platform policy files and scenario files.
The file's format is written as classes: the model's own attrs classes where the file
says what the model holds, :class:`Record` classes where it does not (a record class is a
plain annotated class, which costs nothing to define: a pack's data formats are defined
at every start). The reader walks the data and the classes together:

- a table must be a mapping; a key no field reads is an error (nothing is dropped), a
  field without a default is required;
- a value is structured by its field's type: ``str``, ``int``, ``bool``, a
  :class:`~enum.StrEnum` (by value), ``X | None``, ``tuple[X, ...]``, ``frozenset[X]``,
  ``list[X]``, ``dict[str, X]``, another attrs or record class, ``Any`` (taken as it
  is), or a hook registered for the type or given for the field (:func:`field`, or the
  metadata :data:`HOOK` of an attrs field);
- the first problem (in the order of the class's fields; unknown keys after them) is an
  :class:`~loanoverdue.errors.InvalidInputError` whose path names the value from the top
  (``events[3].initiated_by``, ``rule[2].citations[0].article``), and the validators of
  the classes, which name their own fields, get the path of their table put in front.

The words of the messages are a reader's :class:`Wording`: case files speak of "fields"
and describe a wrong value by its kind ("the number 5"), pack data speaks of "keys" and
shows the value. Whoever reads a file turns the error into its own kind where it must
(a pack's :class:`~loanoverdue.errors.PluginError` names the pack).

Pure Python over :mod:`attrs` and :mod:`typing`: reading a pack's data at start-up costs
no import beyond them.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from loanoverdue.errors import InvalidInputError, shown

__all__ = ["EMPTY", "HOOK", "KEY", "Hook", "Reader", "Record", "ShownWording", "Wording", "field", "kind_of"]

T = TypeVar("T")
#: A structuring function: the value as parsed -> the value structured. It raises
#: :class:`~loanoverdue.errors.InvalidInputError` with a path relative to the value
#: (``""`` for the value itself).
Hook = Callable[[Any], Any]
#: The key of a field's metadata that holds its own :data:`Hook`.
HOOK = "loanoverdue.strict.hook"
#: The key of a field's metadata that names the field's key in the file, where it is not
#: the field's name (``from`` in a TOML table, a keyword in Python).
KEY = "loanoverdue.strict.key"


_REQUIRED: Any = attrs.NOTHING
#: The default of a table (``Mapping[str, X]``) a record may leave out: empty, read only.
EMPTY: Mapping[Any, Any] = types.MappingProxyType({})


class _Field:
    """A field of a record class with more to say than its type and default."""

    __slots__ = ("default", "hook", "key")

    def __init__(self, default: Any, hook: Hook | None, key: str | None) -> None:
        self.default, self.hook, self.key = default, hook, key


def field(*, default: Any = _REQUIRED, hook: Hook | None = None, key: str | None = None) -> Any:
    """A field of a :class:`Record`: its ``default`` (none: the key is required), its own
    ``hook``, and its ``key`` in the file where that is not the field's name."""
    return _Field(default, hook, key)


class Record:
    """A table of a file, read by a :class:`Reader`: the class's annotations name its
    keys and their types, class attributes their defaults (a key without one is
    required; :func:`field` says more). The reader makes the instances; they are read,
    not changed. No code is generated for a record class, so defining one is as cheap as
    defining any class::

        class Citation(Record):
            instrument: str
            article: str = field(hook=article_number)
            status: SourceStatus | None = None
    """

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    __hash__ = None  # type: ignore[assignment]


def _record_fields(cls: type[Record]) -> list[tuple[str, str, Hook | None, Any, Any]]:
    """(key, name, own hook, default, type) of each field of the record class ``cls``."""
    hints = typing.get_type_hints(cls)
    out = []
    for name, tp in hints.items():
        if name.startswith("_") or typing.get_origin(tp) is typing.ClassVar:
            continue
        given = getattr(cls, name, _REQUIRED)
        if isinstance(given, _Field):
            out.append((given.key or name, name, given.hook, given.default, tp))
        else:
            out.append((name, name, None, given, tp))
    return out


def kind_of(value: Any) -> str:
    """What a value of a file is, in the file's terms: "a string", "a list", …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return f"the string {shown(value, 40)}"
    if isinstance(value, (int, float)):
        return f"the number {shown(value, 40)}"
    if isinstance(value, Mapping):
        return "a table (JSON object)"
    if isinstance(value, (list, tuple)):
        return "a list"
    return shown(value, 40)


class Wording:
    """The words of a reader's messages (the case file's: "unknown field", values named
    by their kind). Subclass it to speak otherwise."""

    #: What each attrs class's table holds, for "expected a table of …" (class -> words).
    tables: Mapping[type, str] = {}
    #: What a list of each type of item is, for "expected …" (item type -> words).
    lists: Mapping[Any, str] = {}

    def value(self, value: Any) -> str:
        """A wrong value, for "…, got VALUE"."""
        return kind_of(value)

    def unknown_key(self, key: str, allowed: Collection[str]) -> str:
        return "unknown field"

    def not_a_table(self, cls: type, value: Any) -> str:
        what = self.tables.get(cls, "fields")
        return f"expected a table (JSON object) of {what}, got {self.value(value)}"

    def not_a_list(self, item: Any, value: Any) -> str:
        return f"expected {self.lists.get(item, 'a list')}, got {self.value(value)}"

    def wrong_type(self, expected: str, value: Any) -> str:
        return f"expected {expected}, got {self.value(value)}"

    def unknown_member(self, members: type[enum.Enum], value: Any) -> str:
        allowed = ", ".join(str(m.value) for m in members)
        return f"unknown value {shown(value)} (expected one of: {allowed})"

    def unreadable(self, value: Any) -> str:
        """A value a hook could not take, for a reason it did not say."""
        return "this value cannot be read here (check its type)"


class ShownWording(Wording):
    """The words of data written by programmers (a pack's tables): "unknown key", values
    shown as written; with ``list_keys``, an unknown key's message lists the keys the
    table may hold."""

    def __init__(self, list_keys: bool = False) -> None:
        self.list_keys = list_keys

    def value(self, value: Any) -> str:
        return shown(value)

    def unknown_key(self, key: str, allowed: Collection[str]) -> str:
        if self.list_keys:
            return f"unknown key (expected one of: {', '.join(sorted(allowed))})"
        return "unknown key"

    def not_a_table(self, cls: type, value: Any) -> str:
        return f"expected a table, got {self.value(value)}"


_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}


class Reader:
    """Structures parsed data into attrs classes strictly (see the module's text).

    ``hooks`` maps a type (``date``, ``frozenset[Action]``, an attrs class) to its own
    :data:`Hook`; ``wording`` gives the words of the messages. A reader is cheap to make
    and keeps the structuring function of each type it has met.
    """

    def __init__(self, hooks: Mapping[Any, Hook] | None = None, wording: Wording | None = None) -> None:
        self.wording = wording if wording is not None else Wording()
        self._hooks: dict[Any, Hook] = dict(hooks or {})

    def register(self, tp: Any, hook: Hook) -> None:
        """Structure ``tp`` with ``hook`` from now on."""
        self._hooks[tp] = hook

    def structure(self, value: Any, cls: type[T]) -> T:
        """``value`` as a ``cls`` (any type the reader knows); an
        :class:`~loanoverdue.errors.InvalidInputError` naming the path otherwise."""
        return self.hook(cls)(value)  # type: ignore[no-any-return]

    def hook(self, tp: Any) -> Hook:
        """The structuring function of the type ``tp``."""
        found = self._hooks.get(tp)
        if found is None:
            found = self._hooks[tp] = self._make(tp)
        return found

    def _make(self, tp: Any) -> Hook:
        if tp is Any:
            return _same
        if attrs.has(tp):
            return self._table(tp)
        if isinstance(tp, type) and issubclass(tp, Record):
            return self._record(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1 or len(args) != 2:
                raise TypeError(f"the strict reader reads X | None, not {tp}")
            inner = self.hook(rest[0])
            return lambda value: None if value is None else inner(value)
        if origin in (tuple, frozenset, list):
            if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
                raise TypeError(f"the strict reader reads tuple[X, ...], not {tp}")
            return self._sequence(origin, args[0])
        if origin in (dict, Mapping):
            return self._mapping(self.hook(args[1]))
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._member(tp)
        if tp in _NAMES:
            return self._plain(tp)
        if tp is date:
            return self._date
        raise TypeError(f"the strict reader has no hook for {tp!r}")

    def _plain(self, tp: type) -> Hook:
        expected, wording = _NAMES[tp], self.wording
        exact = tp is int  # true and false are not integers

        def structure(value: Any) -> Any:
            if not isinstance(value, tp) or (exact and isinstance(value, bool)):
                raise InvalidInputError("", wording.wrong_type(expected, value))
            return value

        return structure

    def _date(self, value: Any) -> date:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise InvalidInputError("", self.wording.wrong_type("a date", value))
        return value

    def _member(self, members: type[enum.Enum]) -> Hook:
        wording = self.wording
        by_value = {m.value: m for m in members}

        def structure(value: Any) -> Any:
            if not isinstance(value, str):
                raise InvalidInputError("", wording.wrong_type("a string", value))
            found = by_value.get(value)
            if found is None:
                raise InvalidInputError("", wording.unknown_member(members, value))
            return found

        return structure

    def _sequence(self, kind: type, item_type: Any) -> Hook:
        wording = self.wording
        item = self.hook(item_type)

        def structure(value: Any) -> Any:
            if not isinstance(value, list):
                raise InvalidInputError("", wording.not_a_list(item_type, value))
            out = []
            for i, element in enumerate(value):
                try:
                    out.append(item(element))
                except InvalidInputError as exc:
                    raise exc.within(f"[{i}]") from None
            return kind(out)

        return structure

    def _mapping(self, item: Hook) -> Hook:
        wording = self.wording

        def structure(value: Any) -> dict[str, Any]:
            if not isinstance(value, Mapping):
                raise InvalidInputError("", wording.not_a_table(dict, value))
            out = {}
            for key, element in value.items():
                try:
                    out[str(key)] = item(element)
                except InvalidInputError as exc:
                    raise exc.within(str(key)) from None
            return out

        return structure

    def _table(self, cls: type) -> Hook:
        attrs.resolve_types(cls)
        spec = [
            (f.metadata.get(KEY, f.alias), f.alias, f.metadata.get(HOOK), f.default is attrs.NOTHING, f.type)
            for f in attrs.fields(cls)
            if f.init
        ]
        return self._keys(cls, spec, lambda given: cls(**given))

    def _record(self, cls: type[Record]) -> Hook:
        fields = _record_fields(cls)
        spec = [(key, name, own, default is _REQUIRED, tp) for key, name, own, default, tp in fields]
        defaults = {name: default for _, name, _, default, _ in fields if default is not _REQUIRED}
        new = object.__new__

        def make(given: dict[str, Any]) -> Any:
            record = new(cls)
            record.__dict__.update(defaults)
            record.__dict__.update(given)
            return record

        return self._keys(cls, spec, make)

    def _keys(
        self, cls: type, spec: list[tuple[str, str, Hook | None, bool, Any]], make: Callable[[dict[str, Any]], Any]
    ) -> Hook:
        """The structuring function of a table of the fields ``spec`` (key, name, own
        hook, required, type), made into a ``cls`` by ``make``."""
        wording = self.wording
        keys = frozenset(key for key, *_ in spec)
        # structuring functions of the fields are made when first needed: a class may
        # hold itself (a table of tables of its kind)
        hooks: dict[str, Hook] = {}

        def structure(value: Any) -> Any:
            if not isinstance(value, Mapping):
                raise InvalidInputError("", wording.not_a_table(cls, value))
            given: dict[str, Any] = {}
            for key, name, own, required, tp in spec:
                if key in value:
                    hook = own or hooks.get(name)
                    if hook is None:
                        hook = hooks[name] = self.hook(tp)
                    try:
                        given[name] = hook(value[key])
                    except InvalidInputError as exc:
                        raise exc.within(key) from None
                    except (TypeError, ValueError):
                        raise InvalidInputError(key, wording.unreadable(value[key])) from None
                elif required:
                    raise InvalidInputError(key, "is required")
            if len(value) > len(given):
                extra = sorted(str(k) for k in value if k not in keys)
                if extra:
                    raise InvalidInputError(extra[0], wording.unknown_key(extra[0], keys))
            return make(given)

        return structure


def _same(value: Any) -> Any:
    return value
