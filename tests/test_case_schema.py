"""The case file's JSON Schema (the service's ``CaseFile``) describes every field
``case_to_dict`` writes: a case the model accepts is valid against it."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings

from loanoverdue.io import case_to_dict
from loanoverdue.model import Case
from loanoverdue.serve.schemas import CASE_FILE
from loanoverdue.testing.strategies import cases


def problems(value: Any, schema: dict[str, Any], path: str = "") -> list[str]:
    """Where ``value`` breaks ``schema`` (the keywords the case file's schema uses)."""
    kind = schema.get("type")
    found: list[str] = []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        props = schema.get("properties", {})
        found += [f"{path}.{k}: required" for k in schema.get("required", ()) if k not in value]
        for key, item in value.items():
            if key not in props:
                if schema.get("additionalProperties") is False:
                    found.append(f"{path}.{key}: not in the schema")
                continue
            found += problems(item, props[key], f"{path}.{key}")
    elif kind == "array":
        if not isinstance(value, list):
            return [f"{path}: not an array"]
        if schema.get("uniqueItems") and len(set(map(repr, value))) != len(value):
            found.append(f"{path}: items repeat")
        for i, item in enumerate(value):
            found += problems(item, schema["items"], f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            return [f"{path}: not a string"]
        if "enum" in schema and value not in schema["enum"]:
            found.append(f"{path}: {value!r} not among {schema['enum']}")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: too short")
    elif kind == "boolean" and not isinstance(value, bool):
        found.append(f"{path}: not a boolean")
    return found


def test_the_checker_sees_an_unknown_field() -> None:
    assert problems({"as_of": "x", "borrower": {}, "loan": {}, "extra": 1}, CASE_FILE)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=cases(jurisdiction="US-NY", timezone="America/New_York", currency="USD", max_events=8))
def test_every_case_file_is_valid_against_the_schema(case: Case) -> None:
    data = case_to_dict(case)
    assert problems(data, CASE_FILE) == []
