"""The assessment JSON contract, checked: what ``Assessment.to_json()`` and
``loanoverdue assess --format json`` promise other programs.

:func:`contract_problems` returns every way a document departs from the contract (an
empty list when it conforms). Scenario tests run it on every assessment they make, so
a pack cannot ship output that breaks the contract.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["ADDED", "TOP_LEVEL", "contract_problems"]

#: The top-level keys, in their order.
TOP_LEVEL = (
    "schema_version",
    "as_of",
    "lang",
    "jurisdiction",
    "days_past_due",
    "stage",
    "findings",
    "outlook",
    "limitation",
    "credit",
    "interest",
    "exposure",
    "advice",
    "packs",
    "trace",
)
#: Keys added since (after the original ones, in this order): the direct answer, the
#: letters the packs wrote, and what the caller assumed to build the case.
ADDED = ("answer", "letters", "assumptions")
_VERDICTS = {"violation", "conditional", "permitted", "info"}
_WEIGHTS = {"criminal", "administrative", "civil", "regulatory", "self_regulatory"}
_BASES = {"law", "regulation", "self_regulatory", "platform_policy", "assumption"}
_STATUSES = {"happened", "likely_next", "possible", "unlikely", "not_permitted", "not_applicable"}
_DIRECTIONS = {"raises", "lowers", "neutral", "blocks"}
_SOURCE = {"verified", "secondary", "unverified"}
_STAGES = {"current", "early", "middle", "late", "severe", "repaid"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION = re.compile(r"^P(\d+Y)?(\d+M)?(\d+D)?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def contract_problems(doc: Mapping[str, Any]) -> list[str]:
    """Every departure of ``doc`` (a parsed assessment JSON) from the contract."""
    out: list[str] = []

    def need(cond: bool, where: str, what: str) -> None:
        if not cond:
            out.append(f"{where}: {what}")

    def date_or_null(value: Any, where: str) -> None:
        need(
            value is None or (isinstance(value, str) and bool(_DATE.match(value))),
            where,
            f"not a date or null: {value!r}",
        )

    def citations(items: Any, where: str) -> None:
        if not isinstance(items, list):
            out.append(f"{where}: not a list")
            return
        for i, c in enumerate(items):
            w = f"{where}[{i}]"
            need(
                isinstance(c, dict)
                and isinstance(c.get("instrument"), str)
                and isinstance(c.get("article"), str),
                w,
                "needs instrument and article",
            )
            if isinstance(c, dict):
                need(c.get("status") in _SOURCE, w, f"status {c.get('status')!r}")
                if "effective_from" in c:
                    date_or_null(c["effective_from"], f"{w}.effective_from")

    keys = list(doc)
    need(keys[: len(TOP_LEVEL)] == list(TOP_LEVEL), "top level", f"keys {keys} are not {list(TOP_LEVEL)}")
    need(isinstance(doc.get("schema_version"), str), "schema_version", "not a string")
    need(
        isinstance(doc.get("jurisdiction"), list) and bool(doc.get("jurisdiction")),
        "jurisdiction",
        "not a non-empty list",
    )
    dpd = doc.get("days_past_due")
    need(isinstance(dpd, int) and not isinstance(dpd, bool) and dpd >= 0, "days_past_due", f"{dpd!r}")
    need(doc.get("stage") in _STAGES, "stage", f"{doc.get('stage')!r}")

    for i, f in enumerate(doc.get("findings") or []):
        w = f"findings[{i}]"
        need(f.get("verdict") in _VERDICTS, w, f"verdict {f.get('verdict')!r}")
        need(f.get("weight") in _WEIGHTS, w, f"weight {f.get('weight')!r}")
        need(f.get("event") is None or isinstance(f.get("event"), int), w, "event is not an index or null")
        need(isinstance(f.get("rule"), str) and bool(f.get("rule")), w, "no rule id")
        need(isinstance(f.get("message"), str) and bool(f.get("message")), w, "no message")
        need(bool(f.get("citations")), w, "cites nothing")
        citations(f.get("citations"), f"{w}.citations")
    for i, p in enumerate(doc.get("outlook") or []):
        w = f"outlook[{i}]"
        need(p.get("status") in _STATUSES, w, f"status {p.get('status')!r}")
        need(p.get("basis") in _BASES, w, f"basis {p.get('basis')!r}")
        date_or_null(p.get("earliest"), f"{w}.earliest")
        for j, x in enumerate(p.get("factors") or []):
            need(set(x) == {"name", "direction", "explanation"}, f"{w}.factors[{j}]", f"keys {sorted(x)}")
            need(x.get("direction") in _DIRECTIONS, f"{w}.factors[{j}]", f"direction {x.get('direction')!r}")
        citations(p.get("citations", []), f"{w}.citations")
    lim = doc.get("limitation")
    if lim is not None:
        need(
            isinstance(lim.get("period"), str) and bool(_DURATION.match(lim["period"])),
            "limitation.period",
            f"{lim.get('period')!r}",
        )
        for key in ("starts", "expires"):
            need(
                isinstance(lim.get(key), str) and bool(_DATE.match(lim[key])),
                f"limitation.{key}",
                f"{lim.get(key)!r}",
            )
        need(isinstance(lim.get("expired"), bool), "limitation.expired", "not a boolean")
        need(
            all(isinstance(e, int) for e in lim.get("interrupted_by", [None])),
            "limitation.interrupted_by",
            "not event indexes",
        )
    credit = doc.get("credit")
    if credit is not None:
        need(isinstance(credit.get("reported"), bool), "credit.reported", "not a boolean")
        date_or_null(credit.get("retained_until"), "credit.retained_until")
        need(isinstance(credit.get("rule"), str), "credit.rule", "not text")
    interest = doc.get("interest")
    if interest is not None:
        for key in ("annual_rate", "cap"):
            v = interest.get(key)
            need(
                v is None or (isinstance(v, str) and bool(_DECIMAL.match(v))),
                f"interest.{key}",
                f"not a decimal string or null: {v!r}",
            )
        need(isinstance(interest.get("excess"), bool), "interest.excess", "not a boolean")
        citations(interest.get("cap_basis"), "interest.cap_basis")
    exposure = doc.get("exposure")
    if exposure is not None:
        need(
            isinstance(exposure.get("criminal_possible"), bool), "exposure.criminal_possible", "not a boolean"
        )
        need(isinstance(exposure.get("conditions"), str), "exposure.conditions", "not text")
        citations(exposure.get("citations"), "exposure.citations")
    for i, a in enumerate(doc.get("advice") or []):
        w = f"advice[{i}]"
        need(isinstance(a.get("id"), str) and isinstance(a.get("priority"), int), w, "needs id and priority")
        need(bool(a.get("title")) and bool(a.get("body")), w, "needs title and body")
        need(a.get("basis") in _BASES, w, f"basis {a.get('basis')!r}")
        citations(a.get("citations"), f"{w}.citations")
    need(
        all({"name", "version"} <= set(p) for p in doc.get("packs") or []) and bool(doc.get("packs")),
        "packs",
        "needs name and version of each pack",
    )
    need(
        all({"kind", "id", "detail"} <= set(t) for t in doc.get("trace") or []),
        "trace",
        "needs kind, id and detail",
    )
    added = [k for k in keys[len(TOP_LEVEL) :] if k in ADDED]
    need(added == [k for k in ADDED if k in added], "top level", f"added keys {added} are out of order")
    answer = doc.get("answer")
    if answer is not None:
        need(
            isinstance(answer.get("headline"), str) and bool(answer.get("headline")), "answer", "no headline"
        )
        visit = answer.get("visit") or {}
        need(visit.get("status") is None or visit.get("status") in _STATUSES, "answer.visit", f"{visit!r}")
        date_or_null(visit.get("not_before"), "answer.visit.not_before")
        date_or_null(visit.get("announced"), "answer.visit.announced")
    for i, x in enumerate(doc.get("letters") or []):
        w = f"letters[{i}]"
        need(isinstance(x.get("id"), str) and isinstance(x.get("kind"), str), w, "needs id and kind")
        need(bool(x.get("to")) and bool(x.get("subject")) and bool(x.get("body")), w, "needs to, subject, body")
        need(all("{" not in p for p in x.get("body") or []), w, "a paragraph has an unfilled {placeholder}")
        need(x.get("basis") in _BASES, w, f"basis {x.get('basis')!r}")
        date_or_null(x.get("date"), f"{w}.date")
        citations(x.get("citations"), f"{w}.citations")
        findings = doc.get("findings") or []
        need(
            all(isinstance(n, int) and 0 <= n < len(findings) for n in x.get("findings") or []),
            f"{w}.findings",
            "not indexes of findings",
        )
    return out
