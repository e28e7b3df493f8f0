"""loanoverdue-platform-example: the policy of the fictional example-app as a pack.

A platform pack ships its policy file and registers it; it may add rules from the
platform's agreement, restricted to that platform's loans (``platform = "…"`` in
rules.toml). The whole pack is one :class:`~loanoverdue.datapack.DataPack`."""

from __future__ import annotations

from loanoverdue.pack import DataPack, PackInfo, Text
from loanoverdue_platform_example.checks import CHECKS

__all__ = ["PACK"]
__version__ = "0.1.0"

PACK = DataPack(
    __name__,
    info=PackInfo(
        "example-app",
        __version__,
        Text({"en": "example-app (fictional platform)", "zh-CN": "示例借款App（虚构平台）"}),
    ),
    checks=CHECKS,
    platform_policies=("policies/example-app.toml",),
)
