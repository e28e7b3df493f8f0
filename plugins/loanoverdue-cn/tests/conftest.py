from __future__ import annotations

import loanoverdue_cn
import pytest

from loanoverdue import Registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The China pack alone, so its tests do not move with other packs."""
    return Registry.build([loanoverdue_cn.PACK], entry_points=False)
