"""A broken third-party pack: listed as broken by ``loanoverdue packs``, left out on
request (``--exclude-pack``, ``LOANOVERDUE_EXCLUDE_PACKS``), and otherwise a loud
failure of every command that needs the law."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from loanoverdue import PluginError, Registry
from loanoverdue.cli import main
from loanoverdue.registry import (
    EXCLUDE_VARIABLE,
    build_skipping_broken,
    excluded_packs,
    reset_default_registry,
)

ROOT = Path(__file__).resolve().parent.parent
XE_CASE = str(ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json")

#: module source -> what the pack does wrong
BROKEN = {
    "on_import": "raise RuntimeError('the pack is broken')\n",
    "in_hook": (
        "from loanoverdue import hookimpl\n"
        "@hookimpl\n"
        "def loanoverdue_rules():\n"
        "    raise ValueError('no rules today')\n"
    ),
}


def install(root: Path, name: str, source: str) -> None:
    """A distribution ``name`` whose entry point of group loanoverdue is a module with
    ``source``, installed into ``root`` (a directory on sys.path)."""
    module = f"{name}_pack_module"
    (root / f"{module}.py").write_text(source)
    info = root / f"{name}_pack-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}-pack\nVersion: 1.0\n\n")
    (info / "entry_points.txt").write_text(f"[loanoverdue]\n{name} = {module}\n")


@pytest.fixture(params=sorted(BROKEN))
def broken(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The name of a broken pack installed for the test (the default registry is built
    afresh with it, and again after the test)."""
    name = f"broken_{request.param}"
    install(tmp_path, name, BROKEN[request.param])
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(EXCLUDE_VARIABLE, raising=False)
    reset_default_registry()
    yield name
    reset_default_registry()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_fails_loudly_and_names_the_way_out(broken: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", XE_CASE)
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"faulty rule pack: plugin {broken!r}" in err
    assert f"--exclude-pack {broken}" in err and EXCLUDE_VARIABLE in err


def test_packs_lists_the_broken_pack_with_its_error(broken: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs")
    assert code == 3
    assert "example 0.1.0 (loanoverdue-example)" in out  # the others are listed as usual
    (line,) = [line for line in out.splitlines() if line.startswith(broken)]
    assert f"({broken}-pack) — BROKEN: " in line
    assert ("the pack is broken" in line) or ("no rules today" in line)
    code, out, _ = run(capsys, "packs", "--format", "json")
    listed = {p["name"]: p for p in json.loads(out)}
    assert code == 3 and listed[broken]["status"] == "broken" and listed["example"]["status"] == "ok"
    assert listed[broken]["distribution"] == f"{broken}-pack"


def test_exclude_pack_leaves_it_out(broken: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "assess", XE_CASE, "--exclude-pack", broken, "--format", "json")
    assert code == 0 and json.loads(out)["jurisdiction"] == ["XE-N", "XE"], err
    code, out, _ = run(capsys, "packs", "--exclude-pack", broken)
    assert code == 0 and f"{broken} — left out" in out and "BROKEN" not in out
    code, _, _ = run(capsys, "rules", "--exclude-pack", broken, "--exclude-pack", "us")
    assert code == 0


def test_the_environment_variable_leaves_it_out(
    broken: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EXCLUDE_VARIABLE, f"{broken}, us")
    reset_default_registry()
    code, out, _ = run(capsys, "assess", XE_CASE, "--format", "json")
    assert code == 0
    names = {p["name"] for p in json.loads(out)["packs"]}
    assert "us" not in names and broken not in names


def test_an_unknown_name_to_leave_out_is_an_input_error(
    broken: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "assess", XE_CASE, "--exclude-pack", "no-such-pack")
    assert code == 2 and err.startswith("loanoverdue: error: --exclude-pack: no installed pack is named")
    monkeypatch.setenv(EXCLUDE_VARIABLE, "no-such-pack")
    reset_default_registry()
    code, _, err = run(capsys, "assess", XE_CASE)
    assert code == 2 and err.startswith(f"loanoverdue: error: {EXCLUDE_VARIABLE}: no installed pack")


def test_the_library_sees_the_same(broken: str) -> None:
    with pytest.raises(PluginError) as info:
        Registry.build()
    assert info.value.plugin == broken
    registry, errors = build_skipping_broken()
    assert [e.plugin for e in errors] == [broken]
    assert "example" in {p.name for p in registry.packs}
    assert excluded_packs([broken]) == (broken,)
    assert broken not in {p.name for p in Registry.build(exclude=[broken]).packs}


def test_a_broken_pack_passed_in_is_named() -> None:
    import types

    from loanoverdue import hookimpl

    pack = types.ModuleType("passed_in_pack")

    def rules() -> list[object]:
        raise ValueError("no rules today")

    pack.loanoverdue_rules = hookimpl(rules)  # type: ignore[attr-defined]
    with pytest.raises(
        PluginError, match=r"plugin 'passed_in_pack': hook loanoverdue_rules raised ValueError"
    ):
        Registry.build([pack], entry_points=False)
