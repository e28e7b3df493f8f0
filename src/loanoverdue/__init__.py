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
    from loanoverdue.engine import SCHEMA_VERSION, assess
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
        Lender,
        LenderKind,
        Loan,
        Money,
        Outcome,
        Place,
        Product,
        Protection,
        ProtectionKind,
        Purpose,
        Target,
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
    "Stage": "loanoverdue.results",
    "Step": "loanoverdue.law",
    "Target": "loanoverdue.model",
    "Text": "loanoverdue.law",
    "UnknownJurisdictionError": "loanoverdue.errors",
    "Verdict": "loanoverdue.law",
    "Weight": "loanoverdue.law",
    "assess": "loanoverdue.engine",
    "default_registry": "loanoverdue.registry",
    "hookimpl": "loanoverdue.hooks",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'loanoverdue' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from loanoverdue.law.platform import PlatformPolicy
    from loanoverdue.model import Case, CollectionEvent
    from loanoverdue.registry import Registry
    from loanoverdue.results import Finding

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
    "Stage",
    "Step",
    "Target",
    "Text",
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
    """Read a platform policy file (TOML); see :mod:`loanoverdue.law.platform`."""
    from loanoverdue.law.platform import load_platform_policy

    return load_platform_policy(source)


def check_event(
    case: Case,
    event: int | CollectionEvent,
    registry: Registry | None = None,
    policies: Sequence[PlatformPolicy] = (),
) -> tuple[Finding, ...]:
    """The findings about one event of ``case`` (an index), or about ``event`` added to
    the case as a proposal: "is this action lawful now?".

    Runs only the rules (no outlook, consequences or advice), so a dialler can ask it
    often; the findings are those :func:`assess` gives for the same event."""
    import attrs

    from loanoverdue.engine import assess
    from loanoverdue.errors import InvalidInputError
    from loanoverdue.model import CollectionEvent

    if isinstance(event, CollectionEvent):
        case = attrs.evolve(case, events=(*case.events, event))
        index = len(case.events) - 1
    else:
        index = event
        if not 0 <= index < len(case.events):
            raise InvalidInputError("event", f"no event {index}; the case has {len(case.events)}")
    from loanoverdue.engine.context import CaseState
    from loanoverdue.engine.findings import run_rules
    from loanoverdue.registry import default_registry

    if policies:  # a platform's rules and conflicts need the full assessment
        return assess(case, registry, policies=policies).findings_for(index)
    if registry is None:
        registry = default_registry()
    ctx = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
    findings, _ = run_rules(ctx, only=index)
    return tuple(f for f in findings if f.event == index)
