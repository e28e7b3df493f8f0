"""The cache of built law: what the loaders built from a pack's data file, kept as JSON
of the law's own value classes (never a format that can run code), named by the file's
content, the loader and the code that built it; a rule's check is joined afresh at
every build, with the same errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from loanoverdue import PluginError, Registry
from loanoverdue.datapack import DataPack
from loanoverdue.law import built, cache
from loanoverdue.law.data import DataError, load_instruments, load_rules
from loanoverdue.law.rule import Rule


@pytest.fixture
def cache_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own, written to (as an installed program does)."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(directory))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return directory


RULES = """
[[rule]]
id = "zz.call"
jurisdiction = "XE"
scope = "event"
weight = "civil"
basis = "assumption"
title = { en = "Calls", "zh-CN" = "电话" }
messages = { violation = "A call at {time}", info = { en = "noted", "zh-CN" = "已记录" } }
actions = ["call", "sms"]
effective_from = 2021-03-01

[[rule]]
id = "zz.shaped"
jurisdiction = "XE"
scope = "event"
weight = "regulatory"
basis = "law"
title = "Shaped"
citations = [{ instrument = "xe.act", article = "7" }]
messages = { violation = "Shaped" }
[[rule.shape]]
verdict = "violation"
conduct = ["threat"]
lender_kinds = ["online_microlender"]
[[rule.shape]]
verdict = "permitted"
lender_kinds = ["online_microlender", "bank"]
local_time = { start = "08:00", end = "21:00" }
"""


def _check(ctx: Any) -> None:
    return None


def rules_file(folder: Path, text: str = RULES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def built_entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("built-*.json"))


def same(a: Any, b: Any) -> bool:
    """Equal in every field, also for classes that compare by identity (rules,
    parameters, policies). A rule's check and precondition made from its shape or count
    are made anew: the check must be that shape or count, the precondition present
    alike; others must be the very functions."""
    if attrs.has(type(a)):
        if type(a) is not type(b):
            return False
        for f in attrs.fields(type(a)):
            x, y = getattr(a, f.name), getattr(b, f.name)
            declared = isinstance(a, Rule) and (a.shape is not None or a.count is not None)
            if declared and f.name == "check":
                ok = x is (a.shape or a.count) and y is (b.shape or b.count)
            elif declared and f.name == "applies":
                ok = (x is None) == (y is None)
            elif isinstance(a, Rule) and f.name in ("check", "applies"):
                ok = x is y
            else:
                ok = same(x, y)
            if not ok:
                return False
        return True
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return type(a) is type(b) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b) and type(a) is type(b)


def test_rules_read_back_from_their_entry_as_built(tmp_path: Path, cache_in: Path) -> None:
    path = rules_file(tmp_path / "data")
    fresh = load_rules(path, {"zz.call": _check})
    (entry,) = built_entries(cache_in)
    assert entry.name.startswith("built-rule-")
    assert "check" not in entry.read_text(encoding="utf-8")  # code is never kept
    json.loads(entry.read_text(encoding="utf-8"))  # plain JSON: data, nothing to run
    again = load_rules(path, {"zz.call": _check})
    assert len(again) == len(fresh) == 2
    assert all(same(a, b) for a, b in zip(fresh, again, strict=True))
    assert again[0].check is _check and again[1].check is again[1].shape
    assert again[1].applies is not None and again[1].applies_keeps == frozenset({True, False})


def test_an_entry_is_read_instead_of_the_file(tmp_path: Path, cache_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = rules_file(tmp_path / "data")
    load_rules(path, {"zz.call": _check})

    def parse(*args: Any) -> Any:
        raise AssertionError("parsed although the entry holds what was built")

    monkeypatch.setattr("loanoverdue.law.data._parsed", parse)
    assert len(load_rules(path, {"zz.call": _check})) == 2


def test_the_checks_are_joined_afresh_with_the_same_errors(
    tmp_path: Path, cache_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = rules_file(tmp_path / "data")
    load_rules(path, {"zz.call": _check})
    assert built_entries(cache_in)
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, r"rules\.toml: rule\[0\]\.id: no check function is registered for rule 'zz\.call'"),
        ({"zz.call": _check, "zz.shaped": _check}, r"rule\[1\]\.shape: rule 'zz\.shaped' has a shape and a check"),
        ({"zz.call": _check, "zz.other": _check}, r"rules\.toml: check functions without a rule: zz\.other"),
    ]
    for checks, message in cases:
        with pytest.raises(DataError, match=message) as from_cache:
            load_rules(path, checks)
        with monkeypatch.context() as m:
            m.setenv(cache.CACHE_VARIABLE, "")  # no cache: built from the file
            with pytest.raises(DataError) as fresh:
                load_rules(path, checks)
        assert str(from_cache.value) == str(fresh.value)


def test_a_changed_file_is_built_afresh(tmp_path: Path, cache_in: Path) -> None:
    path = rules_file(tmp_path / "data")
    load_rules(path, {"zz.call": _check})
    rules_file(tmp_path / "data", RULES.replace('"Shaped"', '"Reshaped"'))
    (_, shaped) = load_rules(path, {"zz.call": _check})
    assert shaped.title.en == "Reshaped"
    assert len(built_entries(cache_in)) == 2


def test_changed_code_builds_afresh(tmp_path: Path, cache_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = rules_file(tmp_path / "data")
    load_rules(path, {"zz.call": _check})
    (entry,) = built_entries(cache_in)
    code = json.loads(entry.read_text(encoding="utf-8"))["code"]
    assert code[0] == __import__("loanoverdue").__version__ and len(code) == len(built._MODULES) + 1
    monkeypatch.setattr(built, "_fingerprint", lambda: ["another version"])
    assert built.load(path.read_bytes(), "rule") is None
    assert len(load_rules(path, {"zz.call": _check})) == 2


def test_a_file_with_a_problem_is_not_kept_and_fails_each_time(tmp_path: Path, cache_in: Path) -> None:
    path = rules_file(tmp_path / "data", RULES.replace('actions = ["call", "sms"]', 'actions = ["telepathy"]'))
    for _ in range(2):
        with pytest.raises(DataError, match=r"rule\[0\]\.actions\[0\]: unknown value 'telepathy'"):
            load_rules(path, {"zz.call": _check})
    assert built_entries(cache_in) == []


@pytest.mark.parametrize(
    "items",
    [
        [{"@": "Popen", "args": ["touch", "MARKER"]}],  # not one of the law's classes
        [{"@": "DataPack", "package": "os"}],
        [["e", "Action", "teleport"]],  # no such member
        [["?", 1]],
        [{"@": "Text"}],  # a constructor that refuses
        [["X", {"zh-CN": "没有英文"}]],  # a text without English: the constructor refuses
        "not a list",
    ],
)
def test_an_entry_that_does_not_fit_is_ignored(tmp_path: Path, cache_in: Path, items: Any) -> None:
    marker = tmp_path / "MARKER"
    path = rules_file(tmp_path / "data")
    load_rules(path, {"zz.call": _check})
    (entry,) = built_entries(cache_in)
    content = json.loads(entry.read_text(encoding="utf-8"))
    content["items"] = json.loads(json.dumps(items).replace("MARKER", str(marker)))
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert built.load(path.read_bytes(), "rule") is None
    assert len(load_rules(path, {"zz.call": _check})) == 2
    assert not marker.exists()


def test_every_value_of_the_installed_packs_reads_back_equal(cache_in: Path) -> None:
    fresh = Registry.build()
    assert built_entries(cache_in)
    again = Registry.build()
    for part in ("instruments", "parameters", "policies", "platform_policies", "jurisdictions", "rules"):
        assert same(getattr(fresh, part), getattr(again, part)), part
    assert not same(fresh.rules, {**again.rules, "cn.x": None})  # the comparison can fail


def test_a_faulty_pack_is_named_with_a_warm_cache(
    tmp_path: Path, cache_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "zz_cached_pack"
    rules_file(package / "data")
    (package / "data" / "instruments.toml").write_text(
        '[[instrument]]\nid = "xe.act"\nlayer = "law"\ntitle = "Act"\njurisdiction = "XE"\nstatus = "secondary"\n'
        'articles = { "7" = { status = "verified" } }\n',
        encoding="utf-8",
    )
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="zz_cached_pack") as first:
        Registry.build([DataPack("zz_cached_pack")], entry_points=False)
    assert built_entries(cache_in)  # the data was fine: kept
    with pytest.raises(PluginError, match="zz_cached_pack") as again:
        Registry.build([DataPack("zz_cached_pack")], entry_points=False)
    assert str(first.value) == str(again.value)
    assert "no check function is registered for rule 'zz.call'" in str(again.value)
    (act,) = load_instruments(package / "data" / "instruments.toml")
    assert act.articles["7"].status.value == "verified"



def test_a_platform_policy_reads_back_from_its_entry_for_its_own_pack(cache_in: Path) -> None:
    from loanoverdue.files.pack_data import pack_data

    pack = DataPack("loanoverdue_platform_example", platform_policies=("policies/example-app.toml",))
    (fresh,) = pack.loanoverdue_platform_policies()
    (entry,) = [p for p in built_entries(cache_in) if p.name.startswith("built-platform_policy-")]
    (again,) = pack.loanoverdue_platform_policies()
    assert same(fresh, again) and again.origin == "loanoverdue_platform_example/policies/example-app.toml"
    assert json.loads(entry.read_text(encoding="utf-8"))["about"] == again.origin
    raw = (pack_data("loanoverdue_platform_example", "") / "policies" / "example-app.toml").read_bytes()
    assert built.load(raw, "platform_policy", again.origin) is not None
    # the same file shipped by another pack is another policy: its origin names that pack
    assert built.load(raw, "platform_policy", "elsewhere/policies/example-app.toml") is None


def test_the_joined_fields_of_a_rule_are_plain() -> None:
    # a rule read from an entry gets its check and precondition set after it is made:
    # that is only the same as making it with them while the fields convert nothing
    from loanoverdue.law.data import _JOINED

    fields = {f.name: f for f in attrs.fields(Rule)}
    for name in _JOINED:
        assert fields[name].converter is None and fields[name].validator is None
        assert fields[name].on_setattr is None
    assert Rule.__hash__ is object.__hash__  # nothing cached from the fields before they are set
