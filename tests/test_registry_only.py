from __future__ import annotations

import pytest

from loanoverdue import PluginError, Registry


def test_only_builds_with_the_named_packs() -> None:
    reg = Registry.build(only=["example"])
    assert [p.name for p in reg.packs] == ["example"]


def test_only_refuses_a_pack_that_is_not_installed() -> None:
    with pytest.raises(PluginError, match=r"plugin 'nope': no installed pack of this name"):
        Registry.build(only=["nope"])
