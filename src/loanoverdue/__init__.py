"""loanoverdue: overdue loans and debt collection, assessed against the law.

The public face::

    import loanoverdue

    case = loanoverdue.load_case("case.json")
    result = loanoverdue.assess(case)
    print(result.to_json(lang="zh-CN"))

Law comes from rule packs (entry-point group ``loanoverdue``), collected once into a
:class:`Registry`; :func:`assess` is then pure function calls over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loanoverdue.engine import SCHEMA_VERSION, assess, check_event
    from loanoverdue.engine.session import Session
    from loanoverdue.errors import (
        ConflictError,
        InvalidInputError,
        LoanOverdueError,
        PluginError,
        UnknownJurisdictionError,
    )
    from loanoverdue.hooks import hookimpl
    from loanoverdue.law import (
        Basis,
        Citation,
        EscalationPolicy,
        Hit,
        Instrument,
        Parameter,
        Rule,
        Step,
        Text,
        Verdict,
        Weight,
    )
    from loanoverdue.model import (
        Action,
        Actor,
        Borrower,
        Case,
        CollectionEvent,
        Conduct,
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
    )
    from loanoverdue.protocols import CaseContext, Draft, EventContext
    from loanoverdue.registry import Registry, default_registry
    from loanoverdue.results import (
        Advice,
        Assessment,
        Credit,
        Exposure,
        Factor,
        Finding,
        Interest,
        Limitation,
        OutlookStatus,
        Prospect,
        Stage,
    )

#: Public names and the modules that define them; imported on first use (PEP 562), so
#: ``import loanoverdue`` stays cheap and a registry build loads only what packs need.
_LAZY: dict[str, str] = {
    "PlatformPolicy": "loanoverdue.law.platform",
    "Action": "loanoverdue.model",
    "Actor": "loanoverdue.model",
    "Advice": "loanoverdue.results",
    "Assessment": "loanoverdue.results",
    "Basis": "loanoverdue.law",
    "Borrower": "loanoverdue.model",
    "Case": "loanoverdue.model",
    "CaseContext": "loanoverdue.protocols",
    "Citation": "loanoverdue.law",
    "CollectionEvent": "loanoverdue.model",
    "Conduct": "loanoverdue.model",
    "ConflictError": "loanoverdue.errors",
    "Credit": "loanoverdue.results",
    "Draft": "loanoverdue.protocols",
    "EscalationPolicy": "loanoverdue.law",
    "EventContext": "loanoverdue.protocols",
    "Exposure": "loanoverdue.results",
    "Factor": "loanoverdue.results",
    "Finding": "loanoverdue.results",
    "Hit": "loanoverdue.law",
    "Instrument": "loanoverdue.law",
    "Initiator": "loanoverdue.model",
    "Interest": "loanoverdue.results",
    "InvalidInputError": "loanoverdue.errors",
    "Lender": "loanoverdue.model",
    "LenderKind": "loanoverdue.model",
    "Limitation": "loanoverdue.results",
    "Loan": "loanoverdue.model",
    "LoanOverdueError": "loanoverdue.errors",
    "Money": "loanoverdue.model",
    "Outcome": "loanoverdue.model",
    "OutlookStatus": "loanoverdue.results",
    "Parameter": "loanoverdue.law",
    "Payment": "loanoverdue.model",
    "Place": "loanoverdue.model",
    "PluginError": "loanoverdue.errors",
    "Product": "loanoverdue.model",
    "Prospect": "loanoverdue.results",
    "Protection": "loanoverdue.model",
    "ProtectionKind": "loanoverdue.model",
    "Purpose": "loanoverdue.model",
    "Registry": "loanoverdue.registry",
    "Rule": "loanoverdue.law",
    "SCHEMA_VERSION": "loanoverdue.engine",
    "Session": "loanoverdue.engine.session",
    "Stage": "loanoverdue.results",
    "Step": "loanoverdue.law",
    "Target": "loanoverdue.model",
    "Threatened": "loanoverdue.model",
    "Text": "loanoverdue.law",
    "UnknownJurisdictionError": "loanoverdue.errors",
    "Verdict": "loanoverdue.law",
    "Weight": "loanoverdue.law",
    "assess": "loanoverdue.engine",
    "check_event": "loanoverdue.engine",
    "default_registry": "loanoverdue.registry",
    "hookimpl": "loanoverdue.hooks",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'loanoverdue' has no attribute {name!r}")
    import importlib

    from loanoverdue._collector import collector_paused

    with collector_paused():  # a module's functions and classes live as long as it does
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:
    from pathlib import Path

    from loanoverdue.law.platform import PlatformPolicy
    from loanoverdue.model import Case

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Action",
    "Actor",
    "Advice",
    "Assessment",
    "Basis",
    "Borrower",
    "Case",
    "CaseContext",
    "Citation",
    "CollectionEvent",
    "Conduct",
    "ConflictError",
    "Credit",
    "Draft",
    "EscalationPolicy",
    "EventContext",
    "Exposure",
    "Factor",
    "Finding",
    "Hit",
    "Initiator",
    "Instrument",
    "Interest",
    "InvalidInputError",
    "Lender",
    "LenderKind",
    "Limitation",
    "Loan",
    "LoanOverdueError",
    "Money",
    "Outcome",
    "OutlookStatus",
    "Parameter",
    "Payment",
    "Place",
    "PlatformPolicy",
    "PluginError",
    "Product",
    "Prospect",
    "Protection",
    "ProtectionKind",
    "Purpose",
    "Registry",
    "Rule",
    "Session",
    "Stage",
    "Step",
    "Target",
    "Text",
    "Threatened",
    "UnknownJurisdictionError",
    "Verdict",
    "Weight",
    "__version__",
    "assess",
    "check_event",
    "default_registry",
    "hookimpl",
    "load_case",
    "load_policy",
]


def load_case(source: str | Path | Any) -> Case:
    """Read a case file (JSON or TOML) or mapping; see :func:`loanoverdue.io.load_case`."""
    from loanoverdue.io import load_case as _load

    return _load(source)


def load_policy(source: str | Path | Any) -> PlatformPolicy:
    """Read a platform policy file (TOML); see :mod:`loanoverdue.files.platform_policy`."""
    from loanoverdue.files.platform_policy import load_platform_policy

    return load_platform_policy(source)
