"""The installed rules and packs as JSON-ready mappings: what ``loanoverdue rules
--format json``, ``loanoverdue packs --format json`` and the service's ``GET /rules``,
``GET /rules/{id}`` and ``GET /packs`` return."""

from __future__ import annotations

from typing import Any

from loanoverdue.law.rule import Rule
from loanoverdue.registry import Pack, Registry
from loanoverdue.results.json import plain

__all__ = ["pack_summary", "rule_detail", "rule_summary"]


def rule_summary(registry: Registry, r: Rule, lang: str = "en") -> dict[str, Any]:
    """A rule as ``loanoverdue rules --format json`` lists it."""
    return {
        "id": r.id,
        "jurisdiction": r.jurisdiction,
        "scope": r.scope.value,
        "weight": r.weight.value,
        "basis": r.basis.value,
        "title": r.title.get(lang),
        "effective_from": r.period.start.isoformat() if r.period.start else None,
        "effective_to": r.period.end.isoformat() if r.period.end else None,
        "citations": [
            {"instrument": c.instrument, "article": c.article, "status": c.status.value if c.status else None}
            for c in r.citations
        ],
        "pack": registry.pack_of_rule(r.id).name,
    }


def rule_detail(registry: Registry, r: Rule, lang: str = "en") -> dict[str, Any]:
    """A rule with everything ``loanoverdue explain`` shows: its citations with the
    instruments' titles and the articles' summaries, the values of its parameters by
    jurisdiction and period, and its messages."""
    out = rule_summary(registry, r, lang)
    cited = []
    for c in r.citations:
        inst = registry.instruments[c.instrument]
        art = inst.articles[c.article]
        cited.append(
            {
                "instrument": c.instrument,
                "article": c.article,
                "status": art.status.value,
                "cite": inst.cite_text(c.article, lang),
                "title": inst.title.get(lang),
                "number": inst.number,
                "url": inst.url,
                "summary": art.summary.get(lang) if art.summary else None,
            }
        )
    params = []
    for pid in r.parameters:
        for code in registry.jurisdictions:
            p = registry.parameters.get((pid, code))
            if p is None:
                continue
            params.append(
                {
                    "id": pid,
                    "jurisdiction": code,
                    "basis": p.basis.value,
                    "status": p.status.value,
                    "values": [
                        {
                            "from": v.start.isoformat() if v.start else None,
                            "to": v.end.isoformat() if v.end else None,
                            "value": plain(v.value),
                        }
                        for v in p.values
                    ],
                }
            )
    out.update(
        {
            "actions": sorted(a.value for a in r.actions) if r.actions else [],
            "note": r.note,
            "citations": cited,
            "parameters": params,
            "messages": {key: text.get(lang) for key, text in sorted(r.messages.items())},
        }
    )
    return out


def pack_summary(registry: Registry, p: Pack) -> dict[str, Any]:
    """A pack as ``loanoverdue packs --format json`` lists it."""
    return {
        "name": p.name,
        "version": p.version,
        "distribution": p.distribution,
        "jurisdictions": list(p.jurisdictions),
        "rules": len(p.rules),
        "instruments": len(p.instruments),
        "parameters": len(p.parameters),
        "policies": list(p.policies),
        "calculators": list(p.calculators),
        "advice": list(p.advice),
        "platforms": list(p.platforms),
        "letters": sorted({k for w in registry.letter_writers(p.jurisdictions) if w.id in p.letters for k in w.kinds}),
    }
