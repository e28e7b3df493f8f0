from __future__ import annotations

from pathlib import Path

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
    from loanoverdue.checks import checks_registry
    from loanoverdue.datapack import DataPack
    from loanoverdue.pack import PackInfo

    checks, check = checks_registry()

    def precondition(ctx: object) -> bool:
        return False

    check("zz.rule", applies=precondition)(lambda ctx: None)
    pack = DataPack("loanoverdue_example", info=PackInfo("zz", "1.0"), checks=checks)
    assert pack.checks is checks
    assert checks.conditions == {"zz.rule": precondition}


def test_pack_data_is_a_path_in_the_file_system_and_a_resource_in_a_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import zipfile
    from importlib.resources import files

    from loanoverdue.files.pack_data import pack_data
    from loanoverdue.law.data import read_toml

    on_disk = pack_data("loanoverdue_example")
    assert isinstance(on_disk, Path) and on_disk == files("loanoverdue_example") / "data"
    assert pack_data("loanoverdue_example", "") == files("loanoverdue_example")

    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_pack/__init__.py", "")
        z.writestr("zipped_pack/data/law.toml", 'title = "zipped"\n')
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_pack", raising=False)
    zipped = pack_data("zipped_pack")
    assert not isinstance(zipped, Path)  # a resource of the zip, read all the same
    assert read_toml(zipped / "law.toml")[1] == {"title": "zipped"}
