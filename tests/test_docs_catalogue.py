"""The documentation's rule catalogue lists exactly what ``loanoverdue rules`` lists.

The catalogue pages are generated at build time by ``docs/_ext/rule_catalogue.py``;
here its collection function runs against the installed packs and is compared, pack by
pack, with the command line's JSON: the same rule ids, each with the same citations
(instrument, article, status) in the same order, each on the page of its top-level
jurisdiction.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from loanoverdue import Registry
from loanoverdue.cli import main
from loanoverdue.registry import reset_default_registry

EXTENSION = Path(__file__).resolve().parent.parent / "docs" / "_ext" / "rule_catalogue.py"

Citations = list[tuple[str, str, str | None]]


@pytest.fixture(scope="module")
def catalogue() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rule_catalogue", EXTENSION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rule_catalogue"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The installed packs, as the docs build sees them."""
    return Registry.build()


@pytest.fixture(scope="module")
def pages(catalogue: ModuleType, registry: Registry) -> list[Any]:
    return list(catalogue.collect_catalogue(registry))


def _catalogue_rules(
    catalogue: ModuleType, registry: Registry, pages: list[Any]
) -> Iterator[tuple[str, Any, Citations]]:
    """(page code, rule, citations as the page shows them) for every rule on every page."""
    for page in pages:
        for rule in page.rules:
            citations = [
                (c.instrument, c.article, _value(catalogue.citation_status(registry, c)))
                for c in rule.citations
            ]
            yield page.code, rule, citations


def _value(status: Any) -> str | None:
    return None if status is None else str(status.value)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_installed_pack_is_catalogued(registry: Registry, pages: list[Any]) -> None:
    installed = {_normalise(ep.dist.name) for ep in entry_points(group="loanoverdue") if ep.dist}
    assert installed, "no rule pack is installed"
    loaded = {_normalise(p.distribution) for p in registry.packs if p.distribution}
    assert installed <= loaded
    catalogued = {p.name for page in pages for p in page.packs}
    assert {p.name for p in registry.packs if p.jurisdictions or p.rules} <= catalogued


def test_the_command_line_and_the_catalogue_agree(
    capsys: pytest.CaptureFixture[str], catalogue: ModuleType, registry: Registry, pages: list[Any]
) -> None:
    reset_default_registry()
    try:
        assert main(["rules", "--format", "json"]) == 0
    finally:
        reset_default_registry()
    listed: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    cli = {r["id"]: r for r in listed}
    assert len(cli) == len(listed), "a rule id is listed twice"

    documented: dict[str, Citations] = {}
    for _code, rule, citations in _catalogue_rules(catalogue, registry, pages):
        assert rule.id not in documented, f"{rule.id} is on two catalogue pages"
        documented[rule.id] = citations

    for pack in sorted({r["pack"] for r in listed} | {p.name for p in registry.packs}):
        ids_cli = sorted(i for i, r in cli.items() if r["pack"] == pack)
        ids_docs = sorted(i for i in documented if registry.pack_of_rule(i).name == pack)
        assert ids_docs == ids_cli, f"pack {pack}: the catalogue and `loanoverdue rules` differ"
        for rule_id in ids_cli:
            expected = [(c["instrument"], c["article"], c["status"]) for c in cli[rule_id]["citations"]]
            assert documented[rule_id] == expected, f"{rule_id}: citations differ"


def test_rules_are_on_the_page_of_their_top_level_jurisdiction(
    catalogue: ModuleType, registry: Registry, pages: list[Any]
) -> None:
    codes = [page.code for page in pages]
    assert len(codes) == len(set(codes))
    for code, rule, _ in _catalogue_rules(catalogue, registry, pages):
        assert registry.chain(rule.jurisdiction)[-1] == code
    for page in pages:
        assert registry.jurisdictions[page.code].parent is None
        assert page.jurisdictions[0].code == page.code
        for j in page.jurisdictions:
            assert registry.chain(j.code)[-1] == page.code
    assert sum(len(p.jurisdictions) for p in pages) == len(registry.jurisdictions)
    assert sum(len(p.parameters) for p in pages) == len(registry.parameters)


def test_subdivisions_are_grouped_under_their_top_level(catalogue: ModuleType) -> None:
    import loanoverdue_example

    pages = catalogue.collect_catalogue(Registry.build([loanoverdue_example], entry_points=False))
    assert [p.code for p in pages] == ["XE"]
    assert [j.code for j in pages[0].jurisdictions] == ["XE", "XE-N"]
    assert {p.jurisdiction for p in pages[0].parameters} == {"XE", "XE-N"}


def test_the_catalogue_shows_each_cited_article_s_quote(
    catalogue: ModuleType, registry: Registry, pages: list[Any]
) -> None:
    """Every citation on a page carries its article's own wording where the pack quotes it."""
    quoted = 0
    for _, rule, _ in _catalogue_rules(catalogue, registry, pages):
        for c in rule.citations:
            article = registry.instruments[c.instrument].articles[c.article]
            assert catalogue.article_quote(registry, c) == article.quote, (rule.id, c)
            quoted += article.quote is not None
    assert quoted  # the installed packs quote some articles
    from loanoverdue.law import Citation

    assert catalogue.article_quote(registry, Citation("no.such.instrument", "1")) is None
