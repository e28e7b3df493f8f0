"""The import contract: the core's layers import only the layers above them, and packs
import only the pack author's door.

Every ``import`` of the core's own modules counts, wherever it stands: at the top of a
module, inside a function, or under ``if TYPE_CHECKING:``. A module may import modules
of its own layer and of the layers above it, never one below it, so no circle of imports
can form across layers. ``loanoverdue.pack`` (the door) and ``loanoverdue`` itself (the
application's face) stand below every layer, and nothing in the core imports the door.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

#: The layers, top first; a module belongs to the layer of its longest matching prefix.
LAYERS: tuple[tuple[str, ...], ...] = (
    # vocabulary, errors and the words of the vocabulary
    ("loanoverdue.errors", "loanoverdue._frozen", "loanoverdue._collector", "loanoverdue._textfile", "loanoverdue.strict", "loanoverdue.vocabulary",
     "loanoverdue.labels", "loanoverdue.dates", "loanoverdue.daymath"),
    # the input model
    ("loanoverdue.model",),
    # law as data
    ("loanoverdue.law",),
    # the output
    ("loanoverdue.results",),
    # the pack API: what checks receive, what packs contribute, the hooks
    ("loanoverdue.protocols", "loanoverdue.components", "loanoverdue.checks", "loanoverdue.hooks"),
    # loading, validating and holding the packs' contributions
    ("loanoverdue.registry", "loanoverdue.discovery"),
    # evaluation
    ("loanoverdue.engine",),
    # files, renderers, the command line, the testing kit, and the two faces
    (
        "loanoverdue.files",
        "loanoverdue.datapack",
        "loanoverdue.io",
        "loanoverdue.render",
        "loanoverdue.cli",
        "loanoverdue.testing",
        "loanoverdue.portfolio",
        "loanoverdue.__main__",
        "loanoverdue.pack",
        "loanoverdue",
    ),
)
#: Modules only packs import.
DOOR = "loanoverdue.pack"


def layer_of(module: str) -> int | None:
    """The index of ``module``'s layer (``None`` for modules outside the core)."""
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def imports(
    module: str, source: str, is_package: bool = False, known: frozenset[str] = frozenset()
) -> Iterator[tuple[int, str]]:
    """Each (line, imported module) of ``source``, relative imports resolved. ``from
    package import module`` imports the module (of ``known``), not the package's face."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            if len(submodules) < len(node.names):
                yield node.lineno, target
            for name in submodules:  # ``from loanoverdue.engine import context``
                yield node.lineno, name


def violations(sources: Mapping[str, tuple[str, bool]]) -> list[str]:
    """Every import in ``sources`` (module -> (source, is package)) that breaks the
    contract, as ``module:line imports target``."""
    known = set(sources)
    found = []
    for module, (source, is_package) in sorted(sources.items()):
        own = layer_of(module)
        assert own is not None, f"{module} belongs to no layer: add it to LAYERS"
        for line, target in imports(module, source, is_package, frozenset(known)):
            if target not in known:
                continue  # another distribution
            if target == DOOR and module != "loanoverdue":
                found.append(f"{module}:{line} imports the pack author's door {target}")
                continue
            theirs = layer_of(target)
            if theirs is not None and theirs > own:
                found.append(f"{module}:{line} imports {target}, a layer below it")
    return found


def core_sources() -> dict[str, tuple[str, bool]]:
    out = {}
    for path in sorted((SRC / "loanoverdue").rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        out[name] = (path.read_text(encoding="utf-8"), is_package)
    return out


def test_the_core_imports_only_upwards() -> None:
    assert violations(core_sources()) == []


def test_an_upward_import_breaks_the_contract() -> None:
    sources = core_sources()
    source, is_package = sources["loanoverdue.law.rule"]
    bad = source + "\nif TYPE_CHECKING:\n    from loanoverdue.engine.context import CaseState\n"
    sources["loanoverdue.law.rule"] = (bad, is_package)
    found = violations(sources)
    assert len(found) == 1 and "loanoverdue.law.rule" in found[0] and "loanoverdue.engine.context" in found[0]


def test_a_function_level_import_counts() -> None:
    sources = core_sources()
    source, is_package = sources["loanoverdue.results"]
    sources["loanoverdue.results"] = (source + "\ndef f():\n    from ..render import text\n", is_package)
    assert any("loanoverdue.render" in v for v in violations(sources))


def test_the_registry_does_not_import_the_engine() -> None:
    sources = core_sources()
    source, is_package = sources["loanoverdue.registry.snapshot"]
    bad = source + "\ndef f():\n    from loanoverdue.engine.indexes import indexes_of\n"
    sources["loanoverdue.registry.snapshot"] = (bad, is_package)
    found = violations(sources)
    assert found == [
        f"loanoverdue.registry.snapshot:{len(bad.splitlines()) - 0} imports loanoverdue.engine.indexes, a layer below it"
    ]


def test_every_module_of_the_registry_and_the_engine_has_its_layer() -> None:
    sources = core_sources()
    registry = layer_of("loanoverdue.registry")
    for name in ("load", "validate", "snapshot", "default", "memo"):
        assert f"loanoverdue.registry.{name}" in sources
        assert layer_of(f"loanoverdue.registry.{name}") == registry
    assert "loanoverdue.engine.indexes" in sources
    assert layer_of("loanoverdue.engine.indexes") == registry + 1


def test_the_core_does_not_import_the_door() -> None:
    sources = core_sources()
    source, is_package = sources["loanoverdue.engine.evaluate"]
    sources["loanoverdue.engine.evaluate"] = (source + "\nfrom loanoverdue.pack import Hit\n", is_package)
    assert any("door" in v for v in violations(sources))


def _pack_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "plugins").glob("*/src/*/**/*.py"))


@pytest.mark.parametrize("path", _pack_modules(), ids=lambda p: str(p.relative_to(ROOT / "plugins")))
def test_first_party_packs_import_only_the_door(path: Path) -> None:
    """A pack's code imports loanoverdue through ``loanoverdue.pack`` alone."""
    wrong = [
        f"line {line}: {target}"
        for line, target in imports("pack", path.read_text(encoding="utf-8"))
        if (target == "loanoverdue" or target.startswith("loanoverdue."))
        and not (target == DOOR or target.startswith(DOOR + "."))
    ]
    assert wrong == []


def test_the_vocabulary_is_in_the_top_layer_and_imports_no_model() -> None:
    """``loanoverdue.vocabulary`` loads without the input model, and ``loanoverdue.model``
    re-exports its public names unchanged."""
    import subprocess
    import sys

    import loanoverdue.model as model
    import loanoverdue.vocabulary as vocabulary

    assert layer_of("loanoverdue.vocabulary") == 0
    assert layer_of("loanoverdue.model") == 1
    code = "import sys, loanoverdue.vocabulary\nprint(' '.join(m for m in sys.modules if m.startswith('loanoverdue.')))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["loanoverdue.vocabulary"]
    for name in vocabulary.__all__:
        assert name in model.__all__ and getattr(model, name) is getattr(vocabulary, name)


@pytest.mark.parametrize("path", _pack_modules(), ids=lambda p: str(p.relative_to(ROOT / "plugins")))
def test_first_party_packs_never_read_the_registry(path: Path) -> None:
    """A pack asks its context (``ctx.parameter_span``, ``ctx.policies()``,
    ``ctx.instrument``, ``ctx.jurisdiction_by_code``, ``ctx.cite``…), never the registry
    behind it: no ``.registry`` attribute is read anywhere in a pack's code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [f"line {node.lineno}" for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "registry"]
    assert wrong == []
