from __future__ import annotations

from pathlib import Path
from typing import Any

import loanoverdue_example
import pytest

from loanoverdue import Registry

ROOT = Path(__file__).resolve().parent.parent
XE_CASE = ROOT / "plugins" / "loanoverdue-example" / "examples" / "xe-case.json"


@pytest.fixture(scope="session")
def registry() -> Registry:
    """A registry of the example pack only, so core tests do not move with real law."""
    return Registry.build([loanoverdue_example], entry_points=False)


@pytest.fixture
def xe_data() -> dict[str, Any]:
    import json

    return json.loads(XE_CASE.read_text())
