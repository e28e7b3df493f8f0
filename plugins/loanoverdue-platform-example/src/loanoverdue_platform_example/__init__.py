"""loanoverdue-platform-example: the policy of the fictional example-app as a pack.

A platform pack ships its policy file and registers it; it may add rules from the
platform's agreement, restricted to that platform's loans (``platform = "…"`` in
rules.toml)."""

from __future__ import annotations

from importlib.resources import files

from loanoverdue.hooks import hookimpl
from loanoverdue.law import Instrument, Rule, Text
from loanoverdue.law.data import load_instruments, load_rules
from loanoverdue.law.platform import PlatformPolicy, load_platform_policy
from loanoverdue.pack import PackInfo
from loanoverdue_platform_example.checks import CHECKS

__version__ = "0.1.0"
_HERE = files(__name__)


@hookimpl
def loanoverdue_pack_info() -> PackInfo:
    return PackInfo(
        "example-app",
        __version__,
        Text({"en": "example-app (fictional platform)", "zh-CN": "示例借款App（虚构平台）"}),
    )


@hookimpl
def loanoverdue_platform_policies() -> list[PlatformPolicy]:
    return [load_platform_policy(_HERE / "policies" / "example-app.toml")]


@hookimpl
def loanoverdue_instruments() -> tuple[Instrument, ...]:
    return load_instruments(_HERE / "data" / "instruments.toml")


@hookimpl
def loanoverdue_rules() -> tuple[Rule, ...]:
    return load_rules(_HERE / "data" / "rules.toml", CHECKS)
