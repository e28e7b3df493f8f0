from __future__ import annotations

import loanoverdue_gb
import pytest

from loanoverdue import Registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The England & Wales pack alone, so its tests do not move with other packs."""
    return Registry.build([loanoverdue_gb.PACK], entry_points=False)
