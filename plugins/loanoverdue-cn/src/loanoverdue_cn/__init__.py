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

from importlib.resources import files

from loanoverdue.hooks import hookimpl
from loanoverdue.law import EscalationPolicy, Instrument, Parameter, Rule, Text
from loanoverdue.law.data import (
    DataError,
    load_instruments,
    load_parameters,
    load_policies,
    load_rules,
    read_toml,
)
from loanoverdue.pack import (
    AdviceContributor,
    Calculator,
    FactorProvider,
    Jurisdiction,
    PackInfo,
)

__version__ = "0.1.0"
_DATA = files(__name__) / "data"


@hookimpl
def loanoverdue_pack_info() -> PackInfo:
    return PackInfo(
        "cn",
        __version__,
        Text({"en": "China (mainland)", "zh-CN": "中国（内地）"}),
    )


def load_jurisdictions() -> tuple[Jurisdiction, ...]:
    """The ``[[jurisdiction]]`` tables of ``data/jurisdictions.toml``; provinces take
    ``CN`` as parent."""
    name, data = read_toml(_DATA / "jurisdictions.toml")
    out = []
    for i, raw in enumerate(data.get("jurisdiction", [])):
        unknown = sorted(set(raw) - {"code", "name", "currency", "timezone"})
        if unknown:
            raise DataError(name, f"jurisdiction[{i}].{unknown[0]}", "unknown key")
        code = raw["code"]
        out.append(
            Jurisdiction(
                code,
                Text(raw["name"]),
                parent=None if code == "CN" else "CN",
                currency=raw.get("currency"),
                timezone=raw.get("timezone"),
            )
        )
    return tuple(out)


@hookimpl
def loanoverdue_jurisdictions() -> tuple[Jurisdiction, ...]:
    return load_jurisdictions()


@hookimpl
def loanoverdue_instruments() -> tuple[Instrument, ...]:
    return load_instruments(_DATA / "instruments.toml")


@hookimpl
def loanoverdue_parameters() -> tuple[Parameter, ...]:
    return load_parameters(_DATA / "parameters.toml")


@hookimpl
def loanoverdue_rules() -> tuple[Rule, ...]:
    from loanoverdue_cn.checks import CHECKS

    return load_rules(_DATA / "rules.toml", CHECKS)


@hookimpl
def loanoverdue_escalation_policies() -> tuple[EscalationPolicy, ...]:
    return load_policies(_DATA / "policies.toml")


@hookimpl
def loanoverdue_outlook_factors() -> tuple[FactorProvider, ...]:
    from loanoverdue_cn.factors import FACTORS

    return FACTORS


@hookimpl
def loanoverdue_calculators() -> tuple[Calculator, ...]:
    from loanoverdue_cn.consequences import CALCULATORS

    return CALCULATORS


@hookimpl
def loanoverdue_advice() -> tuple[AdviceContributor, ...]:
    from loanoverdue_cn.advice import advise

    return (AdviceContributor("cn.advice", "CN", advise),)
