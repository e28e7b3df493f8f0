"""What start-up loads: building the registry of every installed pack imports no module
it does not need (each costs start-up time; the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Modules the registry path must not import: renderers, the case-file reader, cattrs
#: (no longer a dependency; kept out should it come back), the server and the portfolio; date writing and labels (with locale and calendar), which
#: the door ``loanoverdue.pack`` gives on first use.
NOT_AT_START = (
    "cattrs",
    "loanoverdue.render",
    "loanoverdue.serve",
    "loanoverdue.portfolio",
    "loanoverdue.io",
    "loanoverdue.dates",
    "loanoverdue.labels",
    "calendar",
)


def test_building_the_registry_imports_only_what_it_needs() -> None:
    code = (
        "import sys, loanoverdue\n"
        "loanoverdue.default_registry()\n"
        f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []


def test_the_door_gives_its_lazy_names() -> None:
    import loanoverdue.pack as door
    from loanoverdue.dates import long_date
    from loanoverdue.labels import label

    assert door.long_date is long_date and door.label is label
    assert {"long_date", "label", "add_months"} <= set(dir(door))
    assert set(door.__all__) <= set(dir(door))


def test_packs_of_data_files_are_read_without_pathlib(tmp_path: Path) -> None:
    # the example pack asks for its folder as a Path when imported; the DataPack packs
    # are read through strings, and so are the caches (written by the first run, read by
    # the second)
    code = (
        "import sys, loanoverdue\n"
        "names = [p.name for p in loanoverdue.default_registry().packs]\n"
        "print('pathlib' in sys.modules, 'example' in names, len(names) > 1)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(LOANOVERDUE_EXCLUDE_PACKS="example", LOANOVERDUE_CACHE_DIR=str(tmp_path))
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        assert done.stdout.split() == ["False", "False", "True"]
    assert any(p.name.startswith("built-") for p in tmp_path.iterdir())
