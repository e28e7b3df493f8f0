"""The cyclic garbage collector is paused while a registry is built, and resumed after
(also when the build fails); if it was off, it stays off."""

from __future__ import annotations

import gc
import types

import pytest

from loanoverdue import PluginError, Registry, hookimpl
from loanoverdue._collector import collector_paused


def _pack(seen: list[bool], fail: bool = False) -> types.ModuleType:
    pack = types.ModuleType("zz_gc")

    def instruments() -> list[object]:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("broken")
        return []

    pack.loanoverdue_instruments = hookimpl(instruments)  # type: ignore[attr-defined]
    return pack


def test_paused_for_the_build_and_resumed_after() -> None:
    seen: list[bool] = []
    assert gc.isenabled()
    Registry.build([_pack(seen)], entry_points=False)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(PluginError, match="zz_gc"):
        Registry.build([_pack(seen, fail=True)], entry_points=False)
    assert seen == [False, False] and gc.isenabled()


def test_off_stays_off() -> None:
    seen: list[bool] = []
    gc.disable()
    try:
        Registry.build([_pack(seen)], entry_points=False)
        assert seen == [False] and not gc.isenabled()
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_lazy_name_of_the_package_is_imported_with_the_collector_paused() -> None:
    import subprocess
    import sys

    code = (
        "import gc, loanoverdue\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: seen.append(info['generation']) if phase == 'start' else None)\n"
        "loanoverdue.Registry\n"  # imports the registry, the law and the results
        "print(len(seen), gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    collections, enabled = done.stdout.split()
    assert int(collections) <= 2 and enabled == "True"  # without the pause: about 20
