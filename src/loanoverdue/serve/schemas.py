"""JSON Schemas of the service's contracts, made from the vocabulary: the case file
(request bodies), the assessment (responses) and the error body. They document the
contracts in ``/openapi.json``; the service validates requests with
:func:`loanoverdue.load_case` itself, so errors name the exact field path."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from loanoverdue.testing.contract import ADDED, TOP_LEVEL
from loanoverdue.vocabulary import (
    MEDIA,
    WRITTEN_ACTIONS,
    Action,
    Actor,
    Conduct,
    Initiator,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
    Weekday,
)

__all__ = ["ASSESSMENT", "CASE_FILE", "ERROR", "INTERVIEW", "components"]


def _enum(kind: type[StrEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": [m.value for m in kind]}


_DATE = {"type": "string", "format": "date", "examples": ["2026-01-10"]}
_DATETIME = {"type": "string", "format": "date-time", "examples": ["2026-03-03T22:40:00+08:00"]}
_DECIMAL = {"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["9000"]}
_CLOCK = {"type": "string", "pattern": r"^\d\d:\d\d(:\d\d)?$", "examples": ["15:00"]}


def _list(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items, "uniqueItems": True}


def _members(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": sorted(m.value for m in values)}

EVENT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["at", "action"],
    "properties": {
        "at": _DATETIME,
        "action": _enum(Action),
        "actor": _enum(Actor),
        "target": _enum(Target),
        "outcome": _enum(Outcome),
        "place": _enum(Place),
        "conduct": {"type": "array", "items": _enum(Conduct)},
        "proposed": {"type": "boolean"},
        "purpose": _enum(Purpose),
        "initiated_by": _enum(Initiator),
        "threatened": _list(_enum(Threatened)),
        "debt": {"type": "string", "minLength": 1, "examples": ["medical-2291"]},
        "received_on": {**_DATE, "description": "for " + ", ".join(sorted(a.value for a in WRITTEN_ACTIONS))},
        "returned_on": _DATE,
        "note": {"type": "string"},
    },
}

PROTECTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "since"],
    "properties": {
        "kind": _enum(ProtectionKind),
        "since": _DATE,
        "until": _DATE,
        "in_writing": {"type": "boolean"},
        "media": _list(_members(MEDIA)),
        "hours": {
            "type": "object",
            "additionalProperties": False,
            "required": ["start", "end"],
            "properties": {"start": _CLOCK, "end": _CLOCK},
        },
        "weekdays": _list(_enum(Weekday)),
        "places": _list(_enum(Place)),
    },
}

#: The case file (``docs/reference/case-file.md``).
CASE_FILE: dict[str, Any] = {
    "title": "Case file",
    "type": "object",
    "additionalProperties": False,
    "required": ["as_of", "borrower", "loan"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "as_of": _DATETIME,
        "borrower": {
            "type": "object",
            "additionalProperties": False,
            "required": ["jurisdiction", "timezone"],
            "properties": {
                "jurisdiction": {"type": "string", "examples": ["CN-BJ"]},
                "timezone": {"type": "string", "examples": ["Asia/Shanghai"]},
                "other_timezones": _list({"type": "string", "examples": ["America/Los_Angeles"]}),
                "protections": {"type": "array", "items": PROTECTION},
            },
        },
        "loan": {
            "type": "object",
            "additionalProperties": False,
            "required": ["product", "principal", "outstanding", "currency", "due_date", "lender"],
            "properties": {
                "product": _enum(Product),
                "principal": _DECIMAL,
                "outstanding": _DECIMAL,
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "due_date": _DATE,
                "contract_date": _DATE,
                "annual_rate": {**_DECIMAL, "examples": ["0.18"]},
                "last_payment_date": _DATE,
                "last_acknowledgment_date": _DATE,
                "repaid_on": _DATE,
                "payments": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["date", "amount"],
                        "properties": {"date": _DATE, "amount": _DECIMAL},
                    },
                },
                "final_due_date": _DATE,
                "lender": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind"],
                    "properties": {
                        "kind": _enum(LenderKind),
                        "name": {"type": "string"},
                        "platform": {"type": "string"},
                        "funder": {"type": "string"},
                    },
                },
            },
        },
        "events": {"type": "array", "items": EVENT},
    },
}

#: The assessment JSON (``docs/reference/assessment-json.md``): its top-level keys in
#: their order; the reference page describes each.
ASSESSMENT: dict[str, Any] = {
    "title": "Assessment",
    "type": "object",
    "required": list(TOP_LEVEL),
    "properties": {
        **{key: {} for key in TOP_LEVEL},
        "schema_version": {"type": "string"},
        "as_of": _DATETIME,
        "lang": {"type": "string", "enum": ["en", "zh-CN"]},
        "jurisdiction": {"type": "array", "items": {"type": "string"}},
        "days_past_due": {"type": "integer", "minimum": 0},
        "stage": {"type": "string", "enum": ["current", "early", "middle", "late", "severe", "repaid"]},
        "findings": {"type": "array", "items": {"type": "object"}},
        "outlook": {"type": "array", "items": {"type": "object"}},
        "advice": {"type": "array", "items": {"type": "object"}},
        **{key: {} for key in ADDED},
        "answer": {"type": "object", "description": "the direct answer to 'will they come to my door?'"},
        "letters": {"type": "array", "items": {"type": "object"}, "description": "letters filled with the case"},
        "assumptions": {"type": "array", "items": {"type": "object"}},
    },
}

#: An error: the field path (``loan.due_date``, ``""`` for the whole request) and the problem.
ERROR: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["path", "problem"],
            "properties": {"path": {"type": "string"}, "problem": {"type": "string"}},
        }
    },
}

#: The borrower page's short interview (``POST /interview``).
INTERVIEW: dict[str, Any] = {
    "title": "Interview",
    "type": "object",
    "additionalProperties": False,
    "required": ["jurisdiction", "amount", "days_overdue"],
    "properties": {
        "jurisdiction": {"type": "string", "examples": ["CN"]},
        "amount": {"type": "string", "examples": ["9000"]},
        "days_overdue": {"type": "integer", "minimum": 0},
        "lender_kind": _enum(LenderKind),
        "product": _enum(Product),
        "lender_name": {"type": "string"},
        "annual_rate": {"type": "string", "examples": ["18%", "0.18"]},
        "as_of": _DATETIME,
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["action", "date"],
                "properties": {
                    "action": _enum(Action),
                    "date": _DATE,
                    "time": {"type": "string", "pattern": r"^\d{2}:\d{2}$", "examples": ["22:40"]},
                    "actor": _enum(Actor),
                    "target": _enum(Target),
                    "outcome": _enum(Outcome),
                    "conduct": {"type": "array", "items": _enum(Conduct)},
                },
            },
        },
    },
}


def components() -> dict[str, Any]:
    """The schemas for the OpenAPI document's ``components.schemas``."""
    return {"CaseFile": CASE_FILE, "Assessment": ASSESSMENT, "Error": ERROR, "Interview": INTERVIEW}
