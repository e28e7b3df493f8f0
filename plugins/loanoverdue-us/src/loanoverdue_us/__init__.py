"""loanoverdue-us: the United States rule pack of loanoverdue.

Federal law binds debt collectors (the FDCPA and the CFPB's Regulation F) and credit
reporting (the FCRA); the states set the limitation periods for suing on a consumer debt,
and some forbid suing on an expired debt or reviving it. The pack declares ``US`` and its
states (``US-NY``, ``US-CA``, …); state law is encoded only where the pack's legal sources
give it. Law is data in ``data/*.toml``; the Python modules hold the checks, calculators,
outlook factors and advice. Each hook below returns data the registry collects once.
"""

from __future__ import annotations

from loanoverdue.pack import DataPack, PackInfo, Text
from loanoverdue_us.advice import ADVICE
from loanoverdue_us.checks import CHECKS
from loanoverdue_us.consequences import CALCULATORS
from loanoverdue_us.factors import FACTORS
from loanoverdue_us.letters import LETTERS

__all__ = ["PACK"]
__version__ = "0.1.0"

#: The pack: the hooks read ``data/*.toml`` and hand over the functions below.
PACK = DataPack(
    __name__,
    info=PackInfo(
        "us", __version__, Text({"en": "United States (federal law and state limitation periods)"})
    ),
    checks=CHECKS,
    calculators=CALCULATORS,
    advice=ADVICE,
    factors=FACTORS,
    letters=LETTERS,
)
