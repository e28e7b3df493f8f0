"""Checking a screen against the engine: every finding and account value of the output
tables compared with what :func:`loanoverdue.assess` says of each account.

The expected rows are read from the assessment JSON contract
(:meth:`~loanoverdue.results.Assessment.to_dict`), not made by the screener's own row
builders, so a fault in either shows as a difference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from loanoverdue.engine import assess, check_event
from loanoverdue.errors import InvalidInputError
from loanoverdue.io import load_case
from loanoverdue.law.rule import Verdict
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.portfolio._arrow import pyarrow_parquet
from loanoverdue.portfolio.contact import HORIZON, STEP, _first_candidate
from loanoverdue.portfolio.output import ACCOUNTS_OUT_FILE, FINDINGS_FILE
from loanoverdue.portfolio.records import Account, Record
from loanoverdue.registry import Registry, default_registry
from loanoverdue.vocabulary import Action, Actor

__all__ = ["differences", "expected_rows", "first_lawful_contact"]


def _value(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def first_lawful_contact(case: Case, registry: Registry) -> datetime | None:
    """The next lawful contact time by :func:`~loanoverdue.check_event` itself, candidate
    by candidate (the definition of :mod:`loanoverdue.portfolio.contact`, without a
    session)."""
    at = _first_candidate(case.as_of, STEP)
    while at <= case.as_of + HORIZON:
        proposal = CollectionEvent(at=at, action=Action.CALL, actor=Actor.COLLECTION_AGENCY, proposed=True)
        if not any(f.verdict is Verdict.VIOLATION for f in check_event(case, proposal, registry)):
            return at
        at += STEP
    return None


def expected_rows(
    account: Account, registry: Registry, *, next_contact: bool = False
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The findings rows and the account-values row ``assess()`` gives ``account`` (and
    :func:`first_lawful_contact`, with ``next_contact``)."""
    case = load_case(account.data)
    d: dict[str, Any] = assess(case, registry).to_dict()
    findings = [
        {
            "id": account.id,
            "rule": f["rule"],
            "verdict": f["verdict"],
            "event": f["event"],
            "weight": f["weight"],
            "proposed": f["proposed"],
            "parameters": [
                {
                    "id": p["id"],
                    "jurisdiction": p["jurisdiction"],
                    "value": _value(p["value"]),
                    "overridden": bool(p.get("overridden", False)),
                }
                for p in f["parameters"]
            ],
        }
        for f in d["findings"]
    ]
    lim, credit, interest, exposure = d["limitation"], d["credit"], d["interest"], d["exposure"]
    values = {
        "id": account.id,
        "jurisdiction": account.data["borrower"]["jurisdiction"],
        "days_past_due": d["days_past_due"],
        "stage": d["stage"],
        "limitation_expires": lim and lim["expires"],
        "limitation_expired": lim and lim["expired"],
        "credit_reported": credit and credit["reported"],
        "credit_retained_until": credit and credit["retained_until"],
        "annual_rate": interest and interest["annual_rate"],
        "interest_cap": interest and interest["cap"],
        "interest_excess": interest and interest["excess"],
        "criminal_possible": exposure and exposure["criminal_possible"],
        "findings": len(d["findings"]),
        "violations": sum(1 for f in d["findings"] if f["verdict"] == "violation"),
        "next_contact": first_lawful_contact(case, registry) if next_contact else None,
    }
    return findings, values


def _canonical(row: Mapping[str, Any]) -> str:
    return json.dumps(row, default=str, sort_keys=True, ensure_ascii=False)


def differences(
    records: Iterable[Record], out: str | Path, registry: Registry | None = None, *, next_contact: bool = False
) -> list[str]:
    """The ids of the accounts whose findings or account values in the output directory
    ``out`` differ from ``assess()`` (an account screened but missing counts too);
    bad records of ``records`` are passed over. Empty when the screen is exact."""
    pq = pyarrow_parquet()
    registry = default_registry() if registry is None else registry
    root = Path(out)
    got_findings: dict[str, list[str]] = {}
    for row in pq.read_table(root / FINDINGS_FILE).to_pylist():
        got_findings.setdefault(row["id"], []).append(_canonical(row))
    got_values = {r["id"]: _canonical(r) for r in pq.read_table(root / ACCOUNTS_OUT_FILE).to_pylist()}
    differ = []
    for record in records:
        if not isinstance(record, Account):
            continue
        try:
            findings, values = expected_rows(record, registry, next_contact=next_contact)
        except InvalidInputError:
            if record.id in got_values:
                differ.append(record.id)
            continue
        if got_values.get(record.id) != _canonical(values) or got_findings.get(record.id, []) != [
            _canonical(f) for f in findings
        ]:
            differ.append(record.id)
    return differ
