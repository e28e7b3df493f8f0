"""The strict reader (:mod:`loanoverdue.strict`) and the files read through it: any
unknown key and any value of the wrong kind, wherever it stands, is an error naming its
path."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loanoverdue import InvalidInputError, load_case
from loanoverdue.io import case_to_dict
from loanoverdue.strict import EMPTY, HOOK, KEY, Reader, Record, ShownWording, field
from loanoverdue.testing import strategies

Path_ = tuple[str | int, ...]


def spelled(path: Path_) -> str:
    """``("events", 3, "at")`` as the errors spell it: ``events[3].at``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def nodes(value: Any, path: Path_ = ()) -> list[tuple[Path_, Any]]:
    """Every value in ``value`` (a parsed file) with its path, the top first."""
    out = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(nodes(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(nodes(item, (*path, i)))
    return out


def replaced(data: Any, path: Path_, value: Any) -> Any:
    data = copy.deepcopy(data)
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


def wrong_kind(value: Any) -> Any:
    """A value no field that holds ``value`` takes: a list for a table, a table for
    anything else."""
    return [] if isinstance(value, dict) else {"zz": 1}


# -- the reader itself -------------------------------------------------------------


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen
class Leaf:
    colour: Colour
    start: date = attrs.field(metadata={KEY: "from"})
    note: str | None = None


@attrs.frozen
class Tree:
    name: str
    count: int = 0
    flag: bool = False
    leaves: tuple[Leaf, ...] = ()
    tags: frozenset[Colour] = frozenset()
    named: dict[str, Leaf] = attrs.field(factory=dict)
    loud: str = attrs.field(default="", metadata={HOOK: lambda v: str(v).upper()})
    children: tuple[Tree, ...] = ()


def test_the_reader_structures_nested_tables() -> None:
    data = {
        "name": "t",
        "count": 2,
        "flag": True,
        "leaves": [{"colour": "red", "from": date(2020, 1, 1)}],
        "tags": ["blue", "red"],
        "named": {"a": {"colour": "blue", "from": date(2021, 1, 1), "note": None}},
        "loud": "x",
        "children": [{"name": "c"}],
    }
    tree = Reader().structure(data, Tree)
    assert tree == Tree(
        "t",
        2,
        True,
        (Leaf(Colour.RED, date(2020, 1, 1)),),
        frozenset({Colour.BLUE, Colour.RED}),
        {"a": Leaf(Colour.BLUE, date(2021, 1, 1))},
        "X",
        (Tree("c"),),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "^name: is required$"),
        ({"name": "t", "colour": 1}, "^colour: unknown field$"),
        ({"name": 5}, "^name: expected a string, got the number 5$"),
        ({"name": "t", "count": True}, "^count: expected an integer, got true or false$"),
        ({"name": "t", "flag": 1}, "^flag: expected true or false, got the number 1$"),
        ({"name": "t", "leaves": {}}, r"^leaves: expected a list, got a table \(JSON object\)$"),
        ({"name": "t", "leaves": [5]}, r"^leaves\[0\]: expected a table \(JSON object\) of fields, got"),
        (
            {"name": "t", "leaves": [{"colour": "green", "from": date(2020, 1, 1)}]},
            r"^leaves\[0\].colour: unknown value 'green' \(expected one of: red, blue\)$",
        ),
        ({"name": "t", "leaves": [{"colour": "red"}]}, r"^leaves\[0\].from: is required$"),
        (
            {"name": "t", "leaves": [{"colour": "red", "from": "2020-01-01"}]},
            r"^leaves\[0\].from: expected a date, got the string '2020-01-01'$",
        ),
        ({"name": "t", "tags": ["red", 3]}, r"^tags\[1\]: expected a string, got the number 3$"),
        ({"name": "t", "named": {"a": {"colour": "red"}}}, r"^named.a.from: is required$"),
        ({"name": "t", "children": [{"name": "c", "children": [{}]}]}, r"^children\[0\].children\[0\].name"),
    ],
)
def test_the_reader_names_the_path_of_the_first_problem(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        Reader().structure(data, Tree)


def test_shown_wording_speaks_of_keys_and_shows_values() -> None:
    reader = Reader(wording=ShownWording(list_keys=True))
    with pytest.raises(InvalidInputError, match=r"^zz: unknown key \(expected one of: children, count, "):
        reader.structure({"name": "t", "zz": 1}, Tree)
    with pytest.raises(InvalidInputError, match=r"^leaves\[0\]: expected a table, got 5$"):
        reader.structure({"name": "t", "leaves": [5]}, Tree)


class Entry(Record):
    """A record class: annotations and defaults, no generated code."""

    name: str
    start: date = field(key="from")
    loud: str = field(default="", hook=lambda v: str(v).upper())
    colours: tuple[Colour, ...] = ()
    named: Mapping[str, Leaf] = EMPTY


def test_a_record_class_is_read_like_an_attrs_class() -> None:
    entry = Reader().structure({"name": "n", "from": date(2020, 1, 1), "colours": ["red"]}, Entry)
    assert (entry.name, entry.start, entry.loud, entry.colours, entry.named) == (
        "n",
        date(2020, 1, 1),
        "",
        (Colour.RED,),
        {},
    )
    assert Reader().structure({"name": "n", "from": date(2020, 1, 1), "loud": "x"}, Entry).loud == "X"
    assert entry == Reader().structure({"name": "n", "from": date(2020, 1, 1), "colours": ["red"]}, Entry)
    with pytest.raises(InvalidInputError, match=r"^from: is required$"):
        Reader().structure({"name": "n"}, Entry)
    with pytest.raises(InvalidInputError, match=r"^start: unknown field$"):
        Reader().structure({"name": "n", "from": date(2020, 1, 1), "start": 1}, Entry)
    with pytest.raises(InvalidInputError, match=r"^named.a.colour: is required$"):
        Reader().structure({"name": "n", "from": date(2020, 1, 1), "named": {"a": {}}}, Entry)


def test_a_type_the_reader_cannot_read_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="no hook"):
        Reader().hook(complex)


# -- case files --------------------------------------------------------------------


@st.composite
def case_files(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case, as a case file (JSON-ready mapping)."""
    data = case_to_dict(draw(strategies.cases()))
    return json.loads(json.dumps(data))


@settings(max_examples=100, deadline=None)
@given(case_files(), st.data())
def test_an_unknown_key_in_any_table_of_a_case_file_is_named(data: dict[str, Any], pick: st.DataObject) -> None:
    tables = [path for path, value in nodes(data) if isinstance(value, dict)]
    path = pick.draw(st.sampled_from(tables))
    broken = copy.deepcopy(data)
    node: Any = broken
    for step in path:
        node = node[step]
    node["zz_unknown"] = 1
    with pytest.raises(InvalidInputError) as info:
        load_case(broken)
    assert info.value.path == spelled((*path, "zz_unknown"))
    assert info.value.problem == "unknown field"


@settings(max_examples=200, deadline=None)
@given(case_files(), st.data())
def test_a_value_of_the_wrong_kind_anywhere_in_a_case_file_is_named(
    data: dict[str, Any], pick: st.DataObject
) -> None:
    values = [(path, value) for path, value in nodes(data) if path]
    path, value = pick.draw(st.sampled_from(values))
    with pytest.raises(InvalidInputError) as info:
        load_case(replaced(data, path, wrong_kind(value)))
    assert info.value.path == spelled(path), str(info.value)


# -- scenario files ----------------------------------------------------------------

SCENARIO = """
title = "a scenario"
{top}
[case]
as_of = 2026-03-10T10:00:00+08:00
[expect]
{expect}
"""


@pytest.mark.parametrize(
    ("top", "expect", "message"),
    [
        ("extra = 1", "", r"S.scenario.toml: extra: unknown key \(expected one of: case, description,"),
        ("", "colour = 1", r"expect.colour: unknown key \(expected one of: absent, absent_findings,"),
        ("", 'findings = [{ verdict = "info" }]', r"expect.findings\[0\].rule: is required"),
        ("", 'findings = [{ rule = "r", evnt = 1 }]', r"expect.findings\[0\].evnt: unknown key"),
        ("", 'absent = "xe.threat"', r"expect.absent: expected a list, got 'xe.threat'"),
        ("", 'messages_contain = { en = "night" }', r"expect.messages_contain.en: expected a list"),
        ("", "only_listed_findings = 1", r"expect.only_listed_findings: expected true or false, got 1"),
    ],
)
def test_a_scenario_file_is_read_strictly(tmp_path: Path, top: str, expect: str, message: str) -> None:
    from loanoverdue.testing import load_scenario

    path = tmp_path / "S.scenario.toml"
    path.write_text(SCENARIO.format(top=top, expect=expect), encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        load_scenario(path)
    good = 'stage = "middle"\nfindings = [{ rule = "xe.contact.quiet_hours", event = 1 }]'
    path.write_text(SCENARIO.format(top="", expect=good), encoding="utf-8")
    assert load_scenario(path).expect["stage"] == "middle"


# -- pack data tables --------------------------------------------------------------

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
PACK_FILES = sorted(
    [
        *(PLUGINS / "loanoverdue-example/src/loanoverdue_example/data").glob("*.toml"),
        PLUGINS / "loanoverdue-gb/src/loanoverdue_gb/data/jurisdictions.toml",
    ]
)
#: Keys whose value is a Text (a string, or a table of language -> text): any language
#: may be added, and a problem inside one is named by the Text's own key.
TEXT_KEYS = {"title", "name", "summary", "short_title", "issuer", "citation", "source", "note"}


def _load_pack_file(file: Path, data: dict[str, Any]) -> Any:
    """Load ``data`` as the pack data file ``file`` would be loaded."""
    from unittest import mock

    from loanoverdue.law import data as loaders

    fn = getattr(loaders, f"load_{file.stem}")
    with mock.patch.object(loaders, "read_toml", lambda _source: ("F.toml", data)):
        if file.stem == "rules":
            import tomllib

            ids = [r["id"] for r in tomllib.loads(file.read_text(encoding="utf-8"))["rule"]]
            return fn("F.toml", {i: (lambda ctx: None) for i in ids})
        return fn("F.toml")


def _pack_data(file: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(file.read_text(encoding="utf-8"))


def _in_text(path: Path_) -> bool:
    return any(step in TEXT_KEYS for step in path) or "messages" in path


@pytest.mark.parametrize("file", PACK_FILES, ids=lambda f: f"{f.parent.parent.name}/{f.name}")
def test_the_shipped_pack_data_loads(file: Path) -> None:
    assert _load_pack_file(file, _pack_data(file))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PACK_FILES), st.data())
def test_an_unknown_key_in_any_table_of_a_pack_data_file_is_named(file: Path, pick: st.DataObject) -> None:
    from loanoverdue.law.data import DataError

    data = _pack_data(file)
    tables = [
        path
        for path, value in nodes(data)
        # not a Text (any language may be added), not the articles (keyed by their numbers)
        if isinstance(value, dict) and not _in_text(path) and path[-1:] != ("articles",)
    ]
    path = pick.draw(st.sampled_from(tables))
    broken = copy.deepcopy(data)
    node: Any = broken
    for step in path:
        node = node[step]
    node["zz_unknown"] = 1
    with pytest.raises(DataError) as info:
        _load_pack_file(file, broken)
    assert (info.value.file, info.value.path, info.value.problem) == (
        "F.toml",
        spelled((*path, "zz_unknown")),
        "unknown key",
    )


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PACK_FILES), st.data())
def test_a_value_of_the_wrong_kind_anywhere_in_a_pack_data_file_is_named(
    file: Path, pick: st.DataObject
) -> None:
    from loanoverdue.law.data import DataError

    data = _pack_data(file)
    values = [(path, value) for path, value in nodes(data) if path]
    path, value = pick.draw(st.sampled_from(values))
    with pytest.raises(DataError) as info:
        _load_pack_file(file, replaced(data, path, wrong_kind(value)))
    where = spelled(path)
    if _in_text(path) and info.value.path != where:
        # inside a Text: the problem is the Text's, named by its key
        assert where.startswith(info.value.path + ".") or where.startswith(info.value.path + "[")
        assert _in_text(tuple(info.value.path.replace("[", ".").split(".")))
    else:
        assert info.value.path == where, str(info.value)


# -- platform policy files ---------------------------------------------------------

POLICY_FILES = [
    PLUGINS / "loanoverdue-platform-example/src/loanoverdue_platform_example/policies/example-app.toml",
    Path(__file__).resolve().parent / "data" / "xe-platform.toml",
]


def _parse_policy(data: dict[str, Any]) -> Any:
    """``data`` read as the policy file ``P.toml`` (by the module that reads policy files)."""
    import importlib

    from loanoverdue.pack import load_platform_policy

    module = importlib.import_module(load_platform_policy.__module__)
    return module.parse_platform_policy(data, "P.toml")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(POLICY_FILES), st.data())
def test_any_unknown_key_or_wrong_value_in_a_policy_file_is_named(file: Path, pick: st.DataObject) -> None:
    data = _pack_data(file)
    assert _parse_policy(data).platform
    choices = [(path, value) for path, value in nodes(data) if path and not _in_text(path)]
    path, value = pick.draw(st.sampled_from(choices))
    if isinstance(value, dict) and pick.draw(st.booleans()):
        broken, where = replaced(data, path, {**value, "zz_unknown": 1}), spelled((*path, "zz_unknown"))
    else:
        broken, where = replaced(data, path, wrong_kind(value)), spelled(path)
    with pytest.raises(InvalidInputError) as info:
        _parse_policy(broken)
    assert type(info.value).__name__ == "PolicyFileError"
    assert info.value.path == f"P.toml: {where}", str(info.value)
