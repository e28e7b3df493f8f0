"""loanoverdue-example: the rule pack of fictional Exampleland (``XE``), small enough to
read in one sitting. Each hook below returns data the registry collects once."""

from __future__ import annotations

from loanoverdue.pack import (
    AdviceContributor,
    Calculator,
    EscalationPolicy,
    Instrument,
    Jurisdiction,
    LetterWriter,
    PackInfo,
    Parameter,
    Rule,
    Text,
    hookimpl,
    load_instruments,
    load_parameters,
    load_policies,
    load_rules,
    pack_data,
)
from loanoverdue_example.advice import advise
from loanoverdue_example.checks import CHECKS
from loanoverdue_example.consequences import CALCULATORS
from loanoverdue_example.letters import LETTERS

__version__ = "0.1.0"
_DATA = pack_data(__name__)  # the package's data folder (importlib.resources for a zipped one)


@hookimpl
def loanoverdue_pack_info() -> PackInfo:
    return PackInfo(
        "example", __version__, Text({"en": "Exampleland (fictional)", "zh-CN": "示例国（虚构）"})
    )


@hookimpl
def loanoverdue_jurisdictions() -> list[Jurisdiction]:
    return [
        Jurisdiction(
            "XE", Text({"en": "Exampleland", "zh-CN": "示例国"}), currency="EXD", timezone="Asia/Shanghai"
        ),
        Jurisdiction("XE-N", Text({"en": "Northern Province", "zh-CN": "北省"}), parent="XE"),
    ]


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
def loanoverdue_calculators() -> tuple[Calculator, ...]:
    return CALCULATORS


@hookimpl
def loanoverdue_advice() -> list[AdviceContributor]:
    return [AdviceContributor("xe.advice", "XE", advise)]


@hookimpl
def loanoverdue_letters() -> tuple[LetterWriter, ...]:
    return LETTERS
