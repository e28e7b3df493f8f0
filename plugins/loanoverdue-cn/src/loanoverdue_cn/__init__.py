"""loanoverdue-cn: the rule pack of mainland China (``CN`` and its 31 province-level
divisions ``CN-XX``).

Law is data: ``data/instruments.toml`` (the legal sources, with Chinese and English
titles, document numbers, issuers, effective dates and the confirmation status of every
article), ``data/parameters.toml`` (time-versioned values such as the one-year LPR),
``data/rules.toml`` (the rules, each with a note saying exactly when it fires),
``data/policies.toml`` (the escalation outlook, practice labelled as assumption) and
``data/texts.toml`` (factor, consequence and advice texts). Python supplies the checks,
calculators, outlook factors and advice. Each hook runs once, when a registry is built.
"""

from __future__ import annotations

from loanoverdue.pack import AdviceContributor, DataPack, PackInfo, Text
from loanoverdue_cn.advice import advise
from loanoverdue_cn.checks import CHECKS
from loanoverdue_cn.consequences import CALCULATORS
from loanoverdue_cn.factors import FACTORS
from loanoverdue_cn.letters import LETTERS

__all__ = ["PACK"]
__version__ = "0.1.0"

#: The pack: the hooks read ``data/*.toml`` and hand over the functions below.
PACK = DataPack(
    __name__,
    info=PackInfo("cn", __version__, Text({"en": "China (mainland)", "zh-CN": "中国（内地）"})),
    checks=CHECKS,
    calculators=CALCULATORS,
    advice=(AdviceContributor("cn.advice", "CN", advise),),
    factors=FACTORS,
    letters=LETTERS,
)
