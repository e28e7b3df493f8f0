"""What start-up loads: building the registry of every installed pack imports no module
it does not need (each costs start-up time; the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys

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
