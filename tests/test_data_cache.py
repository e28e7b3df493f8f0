"""The cache of parsed pack data: JSON in the user's cache directory, never a format
that can run code, never in a pack's folder, cleared by a documented command."""

from __future__ import annotations

import json
import os
import pickle
import sys
import tomllib
from pathlib import Path

import pytest

from loanoverdue.law import cache
from loanoverdue.law.data import read_toml

TOML = """
title = "a pack's data"
when = 2021-03-01
at = 2021-03-01T08:00:00+08:00
local = 2021-03-01T08:00:00
quiet = 22:00:00
rate = 0.5
big = inf
[[rule]]
id = "x"
values = [{ from = 2020-01-01, value = "1" }, { from = 2021-01-01, to = 2022-12-31, value = "2" }]
nested = [[2020-01-01, 1], ["a", { b = 08:30:00 }]]
"""


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, written to (as an installed program does)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(directory))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return directory


def data_file(tmp_path: Path, text: str = TOML) -> Path:
    folder = tmp_path / "pack" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_json_in_the_cache_directory_and_read_back_the_same(
    tmp_path: Path, cache_in: Path
) -> None:
    path = data_file(tmp_path)
    expected = tomllib.loads(TOML)
    assert read_toml(path)[1] == expected
    (entry,) = cache_in.iterdir()
    assert entry.name.startswith("parsed-") and entry.suffix == ".json"
    json.loads(entry.read_text(encoding="utf-8"))  # plain JSON: data, nothing to run
    again = read_toml(path)[1]
    assert again == expected and type(again["when"]) is type(expected["when"])
    assert again["rule"][0]["nested"][1][1]["b"] == expected["rule"][0]["nested"][1][1]["b"]
    assert not (path.parent / "__pycache__").exists()  # nothing beside the pack's data


def test_a_crafted_pickle_where_the_old_cache_was_is_never_loaded(tmp_path: Path, cache_in: Path) -> None:
    path = data_file(tmp_path)
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    st = path.stat()
    old = path.parent / "__pycache__" / f"{path.name}.{sys.implementation.cache_tag}.pickle"
    old.parent.mkdir()
    old.write_bytes(pickle.dumps(((st.st_size, st.st_mtime_ns), Exploit())))
    assert read_toml(path)[1] == tomllib.loads(TOML)
    assert not marker.exists()


@pytest.mark.parametrize(
    "entry",
    [
        b"\x80\x04K\x01.",  # a pickle
        b"not json",
        b'{"format": 1, "key": [1, 2, 3], "data": {}, "typed": []}',
        b'{"format": 99}',
        b'{"format": 1, "key": KEY, "data": {"x": 1}, "typed": [["d", ["nowhere", 0]]]}',
        b'{"format": 1, "key": KEY, "data": {"x": "1"}, "typed": [["?", ["x"]]]}',
        b'{"format": 1, "key": KEY, "data": [1], "typed": []}',
        b'{"format": 1, "key": KEY, "data": {"title": "forged"}, "typed": [["d", ["title"]]]}',
    ],
)
def test_an_entry_that_does_not_fit_is_ignored(tmp_path: Path, cache_in: Path, entry: bytes) -> None:
    path = data_file(tmp_path)
    raw = path.read_bytes()
    key = cache._key(raw)
    cache_in.mkdir()
    Path(cache._entry(cache_in, key)).write_bytes(entry.replace(b"KEY", json.dumps(list(key)).encode()))
    assert read_toml(path)[1] == tomllib.loads(TOML)


def test_a_changed_file_is_parsed_afresh(tmp_path: Path, cache_in: Path) -> None:
    path = data_file(tmp_path)
    read_toml(path)
    path.write_text(TOML.replace("a pack's data", "changed"), encoding="utf-8")
    assert read_toml(path)[1]["title"] == "changed"
    assert len(list(cache_in.iterdir())) == 2


def test_no_cache_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_file(tmp_path)
    monkeypatch.setenv(cache.CACHE_VARIABLE, "")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert cache.cache_dir() is None
    assert read_toml(path)[1] == tomllib.loads(TOML)
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(directory))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    read_toml(path)
    assert not directory.exists()


def test_the_default_directory_is_the_user_s_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    found = cache.cache_dir()
    assert found is not None and tmp_path in found.parents and found.name in ("loanoverdue", "Cache")


def test_the_clear_command_empties_it(
    tmp_path: Path, cache_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    read_toml(data_file(tmp_path))
    assert cache.main([]) == 0 and "1 entries" in capsys.readouterr().out
    assert cache.main(["--clear"]) == 0 and "removed 1 entries" in capsys.readouterr().out
    assert not cache_in.exists()


def test_a_registry_builds_the_same_from_the_cache(cache_in: Path) -> None:
    from loanoverdue import Registry

    first = Registry.build()
    assert any(cache_in.iterdir())
    second = Registry.build()
    assert sorted(first.rules) == sorted(second.rules)
    assert {k: v.values for k, v in first.parameters.items()} == {
        k: v.values for k, v in second.parameters.items()
    }
