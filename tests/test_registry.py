from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import loanoverdue_example
import pytest

from loanoverdue import (
    Action,
    ConflictError,
    PluginError,
    Registry,
    UnknownJurisdictionError,
    assess,
    hookimpl,
    load_case,
)
from loanoverdue.law import Basis, Citation, Hit, Rule, Scope, Text, Verdict, Weight
from loanoverdue.pack import Jurisdiction


def plugin(name: str, **hooks: Any) -> types.ModuleType:
    """A pack made on the fly: each keyword is a hook name (without prefix) -> result."""
    module = types.ModuleType(name)
    for hook, result in hooks.items():

        def impl(result: Any = result) -> Any:
            if isinstance(result, BaseException):
                raise result
            return result

        impl.__name__ = f"loanoverdue_{hook}"
        setattr(module, impl.__name__, hookimpl(impl))
    return module


def rule(rule_id: str, **kw: Any) -> Rule:
    args: dict[str, Any] = {
        "id": rule_id,
        "jurisdiction": "XE",
        "scope": Scope.EVENT,
        "title": Text("A rule"),
        "weight": Weight.CIVIL,
        "basis": Basis.LAW,
        "citations": (Citation("xe.fair_collection_act", "4"),),
        "messages": {"violation": Text("Bad.")},
        "check": lambda ctx: Hit(Verdict.VIOLATION),
    }
    args.update(kw)
    return Rule(**args)


def build(*plugins: Any) -> Registry:
    return Registry.build([loanoverdue_example, *plugins], entry_points=False)


def test_example_pack_is_indexed(registry: Registry) -> None:
    assert registry.chain("XE-N") == ("XE-N", "XE")
    assert [r.id for r in registry.event_rules("XE-N", Action.CALL)] == [
        "xe.contact.quiet_hours",
        "xe.disclosure",
        "xe.threat",
    ]
    assert [r.id for r in registry.event_rules("XE-N", Action.LETTER)] == ["xe.disclosure", "xe.threat"]
    assert [r.id for r in registry.case_rules("XE")] == ["xe.call.frequency"]
    assert registry.packs[0].name == "example"


def test_most_specific_parameter_wins_and_dates_choose_values(registry: Registry) -> None:
    found = registry.parameter_value("xe.contact.quiet_start", ("XE-N", "XE"), date(2026, 1, 1))
    assert found is not None and found[0].jurisdiction == "XE-N"
    rate = registry.parameter_value("xe.interest.reference_rate", ("XE",), date(2023, 6, 1))
    assert rate is not None and str(rate[1].value) == "0.035"
    assert registry.parameter_value("xe.interest.reference_rate", ("XE",), date(2019, 1, 1)) is None


def test_two_packs_with_one_rule_id_conflict() -> None:
    other = plugin("other_pack", rules=[rule("xe.threat")])
    with pytest.raises(
        ConflictError,
        match=r"plugin 'other_pack': rule 'xe.threat' is already declared by plugin loanoverdue_example",
    ):
        build(other)


def test_a_hook_that_raises_names_the_plugin() -> None:
    bad = plugin("broken_pack", rules=RuntimeError("boom"))
    with pytest.raises(
        PluginError, match=r"plugin 'broken_pack': hook loanoverdue_rules raised RuntimeError: boom"
    ):
        build(bad)


def test_a_hook_returning_the_wrong_type_names_the_plugin() -> None:
    bad = plugin("sloppy_pack", rules=["not a rule"])
    with pytest.raises(
        PluginError, match=r"plugin 'sloppy_pack': hook loanoverdue_rules returned 'not a rule'"
    ):
        build(bad)


def test_citation_of_an_unlisted_article_is_refused() -> None:
    bad = plugin("cites_badly", rules=[rule("zz.bad", citations=(Citation("xe.fair_collection_act", "99"),))])
    with pytest.raises(
        PluginError, match=r"cites article '99' of 'xe.fair_collection_act', which its data does not list"
    ):
        build(bad)


def test_rule_without_citation_must_be_an_assumption() -> None:
    bad = plugin("uncited", rules=[rule("zz.uncited", citations=())])
    with pytest.raises(PluginError, match="cites nothing"):
        build(bad)
    ok = plugin("assumed", rules=[rule("zz.assumed", citations=(), basis=Basis.ASSUMPTION)])
    assert "zz.assumed" in build(ok).rules


def test_rule_in_undeclared_jurisdiction_is_refused() -> None:
    bad = plugin("nowhere", rules=[rule("zz.r", jurisdiction="ZZ")])
    with pytest.raises(PluginError, match="undeclared jurisdiction 'ZZ'"):
        build(bad)


def test_unknown_hook_name_is_refused() -> None:
    module = types.ModuleType("typo_pack")

    @hookimpl
    def loanoverdue_rulez() -> list[Rule]:
        return []

    module.loanoverdue_rulez = loanoverdue_rulez  # type: ignore[attr-defined]
    with pytest.raises(PluginError, match="typo_pack"):
        build(module)


def test_unknown_jurisdiction_lists_the_installed_packs(registry: Registry, xe_data: dict[str, Any]) -> None:
    xe_data["borrower"]["jurisdiction"] = "FR"
    with pytest.raises(
        UnknownJurisdictionError,
        match=r"^borrower.jurisdiction: no installed rule pack covers 'FR'; installed packs: example 0.1.0 \(XE, 1 subdivision\)",
    ):
        assess(load_case(xe_data), registry)


def test_a_check_that_raises_is_reported_with_its_pack(xe_data: dict[str, Any]) -> None:
    def explode(ctx: Any) -> None:
        raise ZeroDivisionError("oops")

    juris = plugin(
        "local_pack",
        jurisdictions=[Jurisdiction("XE-S", Text("South"), parent="XE")],
        rules=[rule("zz.explodes", jurisdiction="XE-S", check=explode)],
    )
    reg = build(juris)
    xe_data["borrower"]["jurisdiction"] = "XE-S"
    with pytest.raises(
        PluginError, match=r"plugin 'local_pack'.*check of rule 'zz.explodes' raised ZeroDivisionError: oops"
    ):
        assess(load_case(xe_data), reg)


def test_entry_point_that_fails_to_import_names_plugin_and_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from loanoverdue.discovery import EntryPoint

    ep = EntryPoint("broken", "loanoverdue_does_not_exist", "loanoverdue-broken", "1.0")
    monkeypatch.setattr("loanoverdue.discovery.entry_points", lambda group: [ep])
    with pytest.raises(
        PluginError, match=r"plugin 'broken' \(distribution 'loanoverdue-broken'\): failed to load"
    ):
        Registry.build()


def test_registry_is_immutable(registry: Registry) -> None:
    with pytest.raises(TypeError):
        registry.rules["x"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        Registry()


def test_installed_packs_build_together() -> None:
    reg = Registry.build()
    assert "example" in {p.name for p in reg.packs}


def test_discovery_matches_importlib_metadata() -> None:
    from importlib.metadata import entry_points as reference

    from loanoverdue.discovery import entry_points

    ours = {(ep.name, ep.value, ep.distribution) for ep in entry_points("loanoverdue")}
    theirs = {(ep.name, ep.value, ep.dist.name if ep.dist else None) for ep in reference(group="loanoverdue")}
    assert ours == theirs and ours


def _dist(where: Path, folder: str, name: str, points: str) -> None:
    d = where / folder
    d.mkdir(parents=True)
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {folder.split('-')[1][:3]}\n\n")
    (d / "entry_points.txt").write_text(points)


def test_discovery_reads_metadata_only_where_the_group_is_and_keeps_precedence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import entry_points as reference

    import loanoverdue.discovery as discovery

    first, second = tmp_path / "first", tmp_path / "second"
    # the first distribution of a name wins, even one without the group
    _dist(first, "Some_Pack-1.0.dist-info", "Some-Pack", "[console_scripts]\nsp = sp:main\n")
    _dist(second, "some_pack-2.0.dist-info", "some-pack", "[loanoverdue]\nshadowed = sp:PACK\n")
    _dist(second, "other_pack-3.0.dist-info", "other.pack", "[loanoverdue]\nother = op:PACK\n")
    _dist(second, "unrelated-4.0.dist-info", "unrelated", "[console_scripts]\nu = u:main\n")
    (second / "bare-5.0.dist-info").mkdir()  # no entry points at all
    monkeypatch.setattr(sys, "path", [str(first), str(second)])
    read: list[str] = []
    metadata = discovery._metadata
    monkeypatch.setattr(discovery, "_metadata", lambda path: read.append(Path(path).name) or metadata(path))
    found = discovery.entry_points("loanoverdue")
    assert [(ep.name, ep.value, ep.distribution, ep.version) for ep in found] == [
        ("other", "op:PACK", "other.pack", "3.0")
    ]
    assert read == ["other_pack-3.0.dist-info"]
    theirs = {(ep.name, ep.value, ep.dist.name if ep.dist else None) for ep in reference(group="loanoverdue")}
    assert theirs == {(ep.name, ep.value, ep.distribution) for ep in found}
