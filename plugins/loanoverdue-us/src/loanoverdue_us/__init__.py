"""loanoverdue-us: the United States rule pack of loanoverdue.

Federal law binds debt collectors (the FDCPA and the CFPB's Regulation F) and credit
reporting (the FCRA); the states set the limitation periods for suing on a consumer debt,
and some forbid suing on an expired debt or reviving it. The pack declares ``US`` and its
states (``US-NY``, ``US-CA``, …); state law is encoded only where the pack's legal sources
give it. Law is data in ``data/*.toml``; the Python modules hold the checks, calculators,
outlook factors and advice. Each hook below returns data the registry collects once.
"""

from __future__ import annotations

from importlib.resources import files

from loanoverdue.hooks import hookimpl
from loanoverdue.law import EscalationPolicy, Instrument, Parameter, Rule, Text
from loanoverdue.law.data import (
    load_instruments,
    load_jurisdictions,
    load_parameters,
    load_policies,
    load_rules,
)
from loanoverdue.pack import AdviceContributor, Calculator, FactorProvider, Jurisdiction, PackInfo
from loanoverdue_us.advice import ADVICE
from loanoverdue_us.checks import CHECKS
from loanoverdue_us.consequences import CALCULATORS
from loanoverdue_us.factors import FACTORS

__version__ = "0.1.0"
_DATA = files(__name__) / "data"


@hookimpl
def loanoverdue_pack_info() -> PackInfo:
    return PackInfo(
        "us", __version__, Text({"en": "United States (federal law and state limitation periods)"})
    )


@hookimpl
def loanoverdue_jurisdictions() -> tuple[Jurisdiction, ...]:
    return load_jurisdictions(_DATA / "jurisdictions.toml")


@hookimpl
def loanoverdue_instruments() -> tuple[Instrument, ...]:
    return load_instruments(_DATA / "instruments.toml")


@hookimpl
def loanoverdue_parameters() -> tuple[Parameter, ...]:
    return load_parameters(_DATA / "parameters.toml")


@hookimpl
def loanoverdue_rules() -> tuple[Rule, ...]:
    return load_rules(_DATA / "rules.toml", CHECKS)


@hookimpl
def loanoverdue_escalation_policies() -> tuple[EscalationPolicy, ...]:
    return load_policies(_DATA / "policies.toml")


@hookimpl
def loanoverdue_outlook_factors() -> tuple[FactorProvider, ...]:
    return FACTORS


@hookimpl
def loanoverdue_calculators() -> tuple[Calculator, ...]:
    return CALCULATORS


@hookimpl
def loanoverdue_advice() -> tuple[AdviceContributor, ...]:
    return ADVICE
