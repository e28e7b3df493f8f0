"""loanoverdue-in: the India rule pack of loanoverdue.

The Reserve Bank of India binds the lenders it regulates (banks, non-banking financial
companies and other regulated entities) and, through them, their recovery agents and the
digital lending apps they use; criminal law (the Indian Penal Code until 30 June 2024, the
Bharatiya Nyaya Sanhita from 1 July 2024) binds everyone; the Limitation Act 1963 sets the
time for a suit. The pack declares ``IN`` and its states and union territories
(``IN-MH``, ``IN-DL``, …, ISO 3166-2:IN). Law is data in ``data/*.toml``; the Python modules
hold the checks, calculators and advice.
"""

from __future__ import annotations

from loanoverdue.pack import DataPack, PackInfo, Text
from loanoverdue_in.advice import ADVICE
from loanoverdue_in.checks import CHECKS
from loanoverdue_in.consequences import CALCULATORS

__all__ = ["PACK"]
__version__ = "0.1.0"

#: The pack: the hooks read ``data/*.toml`` and hand over the functions below.
PACK = DataPack(
    __name__,
    info=PackInfo(
        "in",
        __version__,
        Text({"en": "India (RBI recovery and digital-lending rules, criminal law, limitation)"}),
    ),
    checks=CHECKS,
    calculators=CALCULATORS,
    advice=ADVICE,
)
