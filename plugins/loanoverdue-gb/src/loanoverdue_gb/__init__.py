"""loanoverdue-gb: the England & Wales rule pack of loanoverdue.

UK-wide law (jurisdiction ``GB``): the FCA's rules for collecting consumer credit debts
(CONC 7) and the Consumer Credit Act 1974's notices and information duties. England and Wales
law (``GB-EAW``, with ``GB-ENG`` and ``GB-WLS``): the Limitation Act 1980, the Pre-Action
Protocol for Debt Claims, Breathing Space and the Taking Control of Goods Regulations 2013.
Scotland (``GB-SCT``) only for prescription. Law is data in ``data/*.toml``; the Python
modules hold the checks, calculators, outlook factors and advice.
"""

from __future__ import annotations

from loanoverdue.pack import DataPack, PackInfo, Text
from loanoverdue_gb.advice import ADVICE
from loanoverdue_gb.checks import CHECKS
from loanoverdue_gb.consequences import CALCULATORS
from loanoverdue_gb.factors import FACTORS

__all__ = ["PACK"]
__version__ = "0.1.0"

#: The pack: the hooks read ``data/*.toml`` and hand over the functions below.
PACK = DataPack(
    __name__,
    info=PackInfo(
        "gb",
        __version__,
        Text({"en": "United Kingdom: England & Wales (FCA CONC, Consumer Credit Act; Scotland for prescription)"}),
    ),
    checks=CHECKS,
    calculators=CALCULATORS,
    advice=ADVICE,
    factors=FACTORS,
)
