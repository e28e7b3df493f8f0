from __future__ import annotations

import pytest

from loanoverdue import PluginError, Registry
from loanoverdue.datapack import DataPack


def test_a_datapack_reads_the_same_law_as_explicit_hooks(registry: Registry) -> None:
    import loanoverdue_example
    from loanoverdue_example.checks import CHECKS
    from loanoverdue_example.consequences import CALCULATORS

    pack = DataPack(
        "loanoverdue_example",
        checks=CHECKS,
        calculators=CALCULATORS,
        jurisdictions=loanoverdue_example.loanoverdue_jurisdictions(),
    )
    reg = Registry.build([pack], entry_points=False)
    assert set(reg.rules) == set(registry.rules)
    assert set(reg.instruments) == set(registry.instruments)
    assert set(reg.parameters) == set(registry.parameters)
    assert set(reg.policies) == set(registry.policies)


def test_checks_without_a_rules_file_is_an_error() -> None:
    from loanoverdue_example.checks import CHECKS

    pack = DataPack("loanoverdue_example", checks=CHECKS, data="no-such-folder")
    with pytest.raises(
        PluginError, match=r"plugin 'loanoverdue_example'.*rules.toml.*missing, but check functions are given"
    ):
        Registry.build([pack], entry_points=False)


def test_a_data_pack_keeps_the_rules_preconditions() -> None:
    from loanoverdue.datapack import DataPack
    from loanoverdue.law.data import checks_registry
    from loanoverdue.pack import PackInfo

    checks, check = checks_registry()

    def precondition(ctx: object) -> bool:
        return False

    check("zz.rule", applies=precondition)(lambda ctx: None)
    pack = DataPack("loanoverdue_example", info=PackInfo("zz", "1.0"), checks=checks)
    assert pack.checks is checks
    assert checks.conditions == {"zz.rule": precondition}
