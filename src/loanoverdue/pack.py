"""The pack author's door: everything a rule pack needs from loanoverdue, in one module.

A pack imports this module alone (its tests may also use :mod:`loanoverdue.testing`)::

    from loanoverdue.pack import DataPack, EventContext, Hit, PackInfo, Verdict, checks_registry

    CHECKS, check = checks_registry()

    @check("xe.contact.night")
    def night(ctx: EventContext) -> Hit | None:
        ...

    PACK = DataPack(__name__, info=PackInfo("xe", "1.0"), checks=CHECKS)

What is here, by what it is for:

- **declaring the pack**: :class:`DataPack` (a pack whose law is in data files),
  :func:`pack_data`, :data:`hookimpl` and the loaders of :mod:`loanoverdue.law.data`
  for a pack that implements the hooks of :mod:`loanoverdue.hooks` itself;
- **checks**: :func:`checks_registry`, :class:`Hit`, :class:`Verdict`, and the protocols
  of what the engine hands a check, calculator, factor provider or advice contributor
  (:class:`CaseContext`, :class:`EventContext`, :class:`EventView`, :class:`Draft`),
  and :class:`Tail` and :class:`Layers` for facts a session grows without copies;
- **components**: :class:`PackInfo`, :class:`Jurisdiction`, :class:`Calculator`,
  :class:`FactorProvider`, :class:`AdviceContributor`, :class:`LetterWriter`;
- **values** a pack builds or reads: law (:class:`Text`, :class:`Citation`, …), results
  (:class:`Advice`, :class:`Factor`, :class:`Limitation`, …), the case model and its
  vocabulary, labels, and date arithmetic.

Nothing in the core imports this module: it is a facade over the layers below it, and the
names it exports are the pack API that the project keeps stable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loanoverdue.checks import Checks, checks_registry
from loanoverdue.components import (
    AdviceContributor,
    Calculator,
    Consequence,
    FactorProvider,
    LetterWriter,
    PackInfo,
)
from loanoverdue.datapack import DataPack
from loanoverdue.daymath import add_months, add_years
from loanoverdue.errors import InvalidInputError, PluginError
from loanoverdue.files.pack_data import pack_data
from loanoverdue.files.platform_policy import load_platform_policy
from loanoverdue.hooks import hookimpl
from loanoverdue.law.data import (
    DataError,
    load_instruments,
    load_jurisdictions,
    load_parameters,
    load_policies,
    load_rules,
    read_toml,
)
from loanoverdue.law.jurisdiction import Jurisdiction
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.period import Period
from loanoverdue.law.platform import PlatformPolicy
from loanoverdue.law.policy import EscalationPolicy, Likelihood, PolicyLevel, Step
from loanoverdue.law.rule import RELATED_LIMIT, Basis, Hit, Rule, Scope, Verdict, Weight
from loanoverdue.law.source import Article, Citation, Instrument, Layer, SourceStatus
from loanoverdue.law.tail import Layers, Tail
from loanoverdue.law.text import Text
from loanoverdue.model import (
    COMMUNICATION_ACTIONS,
    COURT_ACTIONS,
    FAILED_OUTCOMES,
    INITIATED_ACTIONS,
    MEDIA,
    WRITTEN_ACTIONS,
    Action,
    Actor,
    Borrower,
    Case,
    CollectionEvent,
    Conduct,
    Hours,
    Initiator,
    Lender,
    LenderKind,
    Loan,
    Money,
    Outcome,
    Payment,
    Place,
    Product,
    Protection,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
    Weekday,
)
from loanoverdue.protocols import (
    CaseCheck,
    CaseCondition,
    CaseContext,
    Draft,
    EventCheck,
    EventContext,
    EventView,
    ParameterReading,
)
from loanoverdue.results import (
    Advice,
    Credit,
    Direction,
    Exposure,
    Factor,
    Finding,
    Interest,
    Letter,
    Limitation,
    OutlookStatus,
    ParameterUse,
    Prospect,
    Stage,
)

if TYPE_CHECKING:
    from loanoverdue.dates import duration, local_datetime, long_date
    from loanoverdue.labels import label

#: Names loaded on first use (PEP 562): what packs call when they write text, not what
#: a registry needs to be built (dates and labels load the locale and calendar modules).
_LAZY = {
    "duration": "loanoverdue.dates",
    "local_datetime": "loanoverdue.dates",
    "long_date": "loanoverdue.dates",
    "label": "loanoverdue.labels",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "COMMUNICATION_ACTIONS",
    "COURT_ACTIONS",
    "FAILED_OUTCOMES",
    "INITIATED_ACTIONS",
    "MEDIA",
    "RELATED_LIMIT",
    "WRITTEN_ACTIONS",
    "Action",
    "Actor",
    "Advice",
    "AdviceContributor",
    "Article",
    "Basis",
    "Borrower",
    "Calculator",
    "Case",
    "CaseCheck",
    "CaseCondition",
    "CaseContext",
    "Checks",
    "Citation",
    "CollectionEvent",
    "Conduct",
    "Consequence",
    "Credit",
    "DataError",
    "DataPack",
    "Direction",
    "Draft",
    "EscalationPolicy",
    "EventCheck",
    "EventContext",
    "EventView",
    "Exposure",
    "Factor",
    "FactorProvider",
    "Finding",
    "Hit",
    "Hours",
    "Initiator",
    "Instrument",
    "Interest",
    "InvalidInputError",
    "Jurisdiction",
    "Layer",
    "Layers",
    "Lender",
    "LenderKind",
    "Letter",
    "LetterWriter",
    "Likelihood",
    "Limitation",
    "Loan",
    "Money",
    "Outcome",
    "OutlookStatus",
    "PackInfo",
    "Parameter",
    "ParameterReading",
    "ParameterUse",
    "ParameterValue",
    "Payment",
    "Period",
    "Place",
    "PlatformPolicy",
    "PluginError",
    "PolicyLevel",
    "Product",
    "Prospect",
    "Protection",
    "ProtectionKind",
    "Purpose",
    "Rule",
    "Scope",
    "SourceStatus",
    "Stage",
    "Step",
    "Tail",
    "Target",
    "Text",
    "Threatened",
    "Verdict",
    "Weekday",
    "Weight",
    "add_months",
    "add_years",
    "checks_registry",
    "duration",
    "hookimpl",
    "label",
    "load_instruments",
    "load_jurisdictions",
    "load_parameters",
    "load_platform_policy",
    "load_policies",
    "load_rules",
    "local_datetime",
    "long_date",
    "pack_data",
    "read_toml",
]
