"""The assessment JSON contract: ``Assessment.to_json()`` and ``--format json``.

Deterministic to the byte: keys in a fixed order, decimals as strings, dates in ISO
8601, no floats, no clock.

Encoding: with the optional extra ``loanoverdue[fast]`` installed (orjson), indented
JSON is written by orjson, whose two-space indented UTF-8 output is byte-identical to
``json.dumps(..., ensure_ascii=False, indent=2)`` for the values the mapping holds
(strings, integers, booleans, ``None``, lists and string-keyed dicts). Whatever orjson
refuses (a lone surrogate in a string, an integer beyond 64 bits) and every other
``indent`` falls back to :func:`json.dumps`, so the text is the same either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from loanoverdue.law.source import Citation, Instrument
from loanoverdue.law.text import Text
from loanoverdue.results import Advice, Assessment, Factor, Letter, ParameterUse, TraceEntry, _letter_fills

__all__ = [
    "answer_to_dict",
    "assessment_to_dict",
    "assessment_to_json",
    "citation_to_dict",
    "letter_to_dict",
    "plain",
]


def _load_fast_encoder() -> Callable[[Any], str] | None:
    """orjson's two-space indented encoder, if the ``fast`` extra is installed: the
    document with a final newline (written by orjson, not appended to a copy)."""
    try:
        import orjson
    except ImportError:  # the extra is optional
        return None
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE

    def encode(value: Any) -> str:
        return orjson.dumps(value, option=option).decode()

    return encode


#: The orjson encoder, or ``None`` (then :func:`json.dumps` writes every document).
_fast_encode: Callable[[Any], str] | None = _load_fast_encoder()


# Enum members are written as ``member._value_``: what ``member.value`` returns, without
# the cost of its descriptor (the mapping reads several thousand per assessment).


def plain(value: Any) -> Any:
    """A JSON-ready copy of ``value`` (enums, decimals, dates, tuples, mappings)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value._value_ if isinstance(value, Enum) else value
    if isinstance(value, Enum):
        return value._value_
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Citation):
        status = value.status._value_ if value.status else None
        return {"instrument": value.instrument, "article": value.article, "status": status}
    if isinstance(value, Text):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, float):
        raise TypeError("floats never appear in an assessment")
    return str(value)


def citation_to_dict(c: Citation, instruments: Mapping[str, Instrument], lang: str) -> dict[str, Any]:
    """A citation as the contract writes it, with the instrument's title, number, URL
    and effective dates where known."""
    inst = instruments.get(c.instrument)
    status = c.status
    if status is None and inst is not None and c.article in inst.articles:
        status = inst.articles[c.article].status
    out: dict[str, Any] = {
        "instrument": c.instrument,
        "article": c.article,
        "status": status._value_ if status else None,
    }
    if inst is not None:
        out["title"] = inst.title.get(lang)
        out["cite"] = inst.cite_text(c.article, lang)
        out["layer"] = inst.layer._value_
        if inst.number:
            out["number"] = inst.number
            if inst.number_status is not None:
                out["number_status"] = inst.number_status._value_
        if inst.url:
            out["url"] = inst.url
        article = inst.articles.get(c.article)
        start = article.period.start if article and article.period.start else inst.period.start
        end = article.period.end if article and article.period.end else inst.period.end
        out["effective_from"] = start.isoformat() if start else None
        out["effective_to"] = end.isoformat() if end else None
    return out


#: The JSON of trace entries and parameter uses, which packs and the registry make once
#: and share between assessments (a trace entry or use is written the same in every
#: language): built once each, for encoding only (never handed out). Bounded: emptied
#: when full.
_ENTRIES: dict[int, tuple[TraceEntry, dict[str, Any]]] = {}
_USES: dict[ParameterUse, dict[str, Any]] = {}
_CACHE_SIZE = 4096


def _trace_entry(t: TraceEntry) -> dict[str, Any]:
    return {"kind": t.kind, "id": t.id, "detail": plain(t.detail)}


def _shared_trace_entry(t: TraceEntry) -> dict[str, Any]:
    found = _ENTRIES.get(id(t))
    if found is not None and found[0] is t:
        return found[1]
    if len(_ENTRIES) >= _CACHE_SIZE:
        _ENTRIES.clear()
    out = _trace_entry(t)
    _ENTRIES[id(t)] = (t, out)
    return out


def _parameter_use(u: ParameterUse) -> dict[str, Any]:
    return {
        "id": u.id,
        "jurisdiction": u.jurisdiction,
        "value": plain(u.value),
        "basis": u.basis._value_,
        "status": u.status._value_,
    } | ({"overridden": True} if u.overridden else {})


def _shared_parameter_use(u: ParameterUse) -> dict[str, Any]:
    found = _USES.get(u)
    if found is None:
        if len(_USES) >= _CACHE_SIZE:
            _USES.clear()
        found = _USES[u] = _parameter_use(u)
    return found


#: Factors (values the engine makes once per registry) and citations (for one mapping
#: of instruments, which the registry makes once per set of instruments cited), written
#: once per language, likewise for encoding only.
_FACTORS: dict[tuple[int, str], tuple[Factor, dict[str, Any]]] = {}
_CITATIONS: dict[tuple[Citation, str, int], tuple[Mapping[str, Instrument], dict[str, Any]]] = {}


def _factor(x: Factor, lang: str) -> dict[str, Any]:
    return {"name": x.name, "direction": x.direction._value_, "explanation": x.message(lang)}


def _shared_factor(x: Factor, lang: str) -> dict[str, Any]:
    key = (id(x), lang)
    found = _FACTORS.get(key)
    if found is not None and found[0] is x:
        return found[1]
    if len(_FACTORS) >= _CACHE_SIZE:
        _FACTORS.clear()
    out = _factor(x, lang)
    _FACTORS[key] = (x, out)
    return out


def _shared_citation(c: Citation, instruments: Mapping[str, Instrument], lang: str) -> dict[str, Any]:
    key = (c, lang, id(instruments))
    found = _CITATIONS.get(key)
    if found is not None and found[0] is instruments:
        return found[1]
    if len(_CITATIONS) >= _CACHE_SIZE:
        _CITATIONS.clear()
    out = citation_to_dict(c, instruments, lang)
    _CITATIONS[key] = (instruments, out)
    return out


#: The lists of citation dicts of a tuple of citations (the packs and the registry make
#: those tuples once and share them: a rule's citations, those in force on a day), per
#: language and mapping of instruments; for encoding only, like the rest. The entry
#: holds the tuple and the mapping, so no other object can take their ids.
_CITATION_LISTS: dict[
    tuple[int, str, int],
    tuple[tuple[Citation, ...], Mapping[str, Instrument], list[dict[str, Any]]],
] = {}


def _shared_citations(
    items: tuple[Citation, ...], instruments: Mapping[str, Instrument], lang: str
) -> list[dict[str, Any]]:
    key = (id(items), lang, id(instruments))
    found = _CITATION_LISTS.get(key)
    if found is not None and found[0] is items and found[1] is instruments:
        return found[2]
    if len(_CITATION_LISTS) >= _CACHE_SIZE:
        _CITATION_LISTS.clear()
    out = [_shared_citation(c, instruments, lang) for c in items]
    _CITATION_LISTS[key] = (items, instruments, out)
    return out


def _advice(
    x: Advice, lang: str, cites: Callable[[tuple[Citation, ...]], list[dict[str, Any]]]
) -> dict[str, Any]:
    return {
        "id": x.id,
        "priority": x.priority,
        "title": x.render_title(lang),
        "body": x.render_body(lang),
        "citations": cites(x.citations),
        "because": list(x.because),
        "basis": x.basis._value_,
    }


#: Advice items (the packs build most of them once per registry and share them between
#: assessments) written once per language and mapping of instruments, for encoding only;
#: the entry holds the item and the mapping. Bounded, and small: an item made for one
#: assessment only is held until the memo is emptied.
_ADVICE: dict[tuple[int, str, int], tuple[Advice, Mapping[str, Instrument], dict[str, Any]]] = {}
_ADVICE_SIZE = 1024


def _shared_advice(x: Advice, instruments: Mapping[str, Instrument], lang: str) -> dict[str, Any]:
    key = (id(x), lang, id(instruments))
    found = _ADVICE.get(key)
    if found is not None and found[0] is x and found[1] is instruments:
        return found[2]
    if len(_ADVICE) >= _ADVICE_SIZE:
        _ADVICE.clear()
    out = _advice(x, lang, lambda items: _shared_citations(items, instruments, lang))
    _ADVICE[key] = (x, instruments, out)
    return out


def assessment_to_dict(a: Assessment, lang: str = "en") -> dict[str, Any]:
    """The assessment as the contract's mapping, messages in ``lang``."""
    return _assessment_mapping(a, lang, shared=False)


def _assessment_mapping(a: Assessment, lang: str, *, shared: bool) -> dict[str, Any]:
    """The contract's mapping. A citation that appears many times is built once; with
    ``shared`` its one dict stands at every place (only for encoding at once), otherwise
    each place gets its own copy, so a caller may change one without the others."""
    inst = a.instruments
    # keyed by identity: the assessment holds every citation and tuple of them while the
    # mapping is built, and equal ones are written the same
    built: dict[int, dict[str, Any]] = {}
    lists: dict[int, list[dict[str, Any]]] = {}

    def cite(c: Citation) -> dict[str, Any]:
        out = built.get(id(c))
        if out is None:
            out = built[id(c)] = _shared_citation(c, inst, lang) if shared else citation_to_dict(c, inst, lang)
        return out if shared else dict(out)

    def cites(items: tuple[Citation, ...]) -> list[dict[str, Any]]:
        if not shared:
            return [cite(c) for c in items]
        found = lists.get(id(items))
        if found is None:  # findings of a rule share their tuple: one list for all
            found = lists[id(items)] = _shared_citations(items, inst, lang)
        return found

    entry = _shared_trace_entry if shared else _trace_entry
    use = _shared_parameter_use if shared else _parameter_use
    factor = _shared_factor if shared else _factor

    messages = [f.message(lang) for f in a.findings]
    findings = [
        {
            "rule": f.rule,
            "verdict": f.verdict._value_,
            "event": f.event,
            "weight": f.weight._value_,
            "basis": f.basis._value_,
            "citations": cites(f.citations),
            "message": message,
            "related": list(f.related),
            "related_count": f.related_count,
            "proposed": f.proposed,
            "parameters": [use(u) for u in f.parameters],
        }
        for f, message in zip(a.findings, messages, strict=True)
    ]
    outlook = [
        {
            "action": p.action._value_,
            "status": p.status._value_,
            "earliest": p.earliest.isoformat() if p.earliest else None,
            "factors": [factor(x, lang) for x in p.factors],
            "basis": p.basis._value_,
            "policy": p.policy,
            "citations": cites(p.citations),
            "note": p.note.get(lang) if p.note else None,
        }
        for p in a.outlook
    ]
    limitation = None
    if a.limitation is not None:
        lim = a.limitation
        limitation = {
            "period": lim.period,
            "starts": lim.starts.isoformat(),
            "interrupted_by": list(lim.interrupted_by),
            "expires": lim.expires.isoformat(),
            "expired": lim.expired,
            "citations": cites(lim.citations),
            "note": lim.note.get(lang) if lim.note else None,
        }
    credit = None
    if a.credit is not None:
        credit = {
            "reported": a.credit.reported,
            "retained_until": a.credit.retained_until.isoformat() if a.credit.retained_until else None,
            "rule": a.credit.rule.get(lang),
            "citations": cites(a.credit.citations),
        }
    interest = None
    if a.interest is not None:
        i = a.interest
        interest = {
            "annual_rate": plain(i.annual_rate),
            "cap": plain(i.cap),
            "cap_basis": cites(i.cap_basis),
            "excess": i.excess,
            "note": i.note.get(lang) if i.note else None,
        }
    exposure = None
    if a.exposure is not None:
        exposure = {
            "criminal_possible": a.exposure.criminal_possible,
            "conditions": a.exposure.conditions.get(lang),
            "citations": cites(a.exposure.citations),
        }
    if shared:
        advice = [_shared_advice(x, inst, lang) for x in a.advice]
    else:
        advice = [_advice(x, lang, cites) for x in a.advice]
    return {
        "schema_version": a.schema_version,
        "as_of": a.case.as_of.isoformat(),
        "lang": lang,
        "jurisdiction": list(a.jurisdiction),
        "days_past_due": a.days_past_due,
        "stage": a.stage._value_,
        "findings": findings,
        "outlook": outlook,
        "limitation": limitation,
        "credit": credit,
        "interest": interest,
        "exposure": exposure,
        "advice": advice,
        "packs": [{"name": p.name, "version": p.version, "distribution": p.distribution} for p in a.packs],
        "trace": [entry(t) for t in a.trace],
        "answer": answer_to_dict(a, lang),
        "letters": [_letter(a, x, lang, messages, cites) for x in a.letters],
        "assumptions": [
            {"field": x.field, "value": x.value, "explanation": x.explanation.get(lang), "change": x.change}
            for x in a.assumptions
        ],
    }


def answer_to_dict(a: Assessment, lang: str = "en") -> dict[str, Any]:
    """The direct answer (:func:`loanoverdue.results.people.direct_answer`) as JSON."""
    from loanoverdue.results.people import direct_answer

    ans = direct_answer(a, lang)
    return {
        "question": ans.question,
        "headline": ans.headline,
        "visit": {
            "status": ans.visit.value if ans.visit is not None else None,
            "not_before": ans.not_before.isoformat() if ans.not_before else None,
            "announced": ans.announced.isoformat() if ans.announced else None,
        },
        "reasons": list(ans.reasons),
        "court": ans.court,
        "you_can": [{"advice": i, "title": t} for i, t in ans.you_can],
        "assumed": list(ans.assumed),
    }


def letter_to_dict(a: Assessment, x: Letter, lang: str = "en") -> dict[str, Any]:
    """A letter as JSON: its parts filled in ``lang`` (English where the letter is not
    written in ``lang``: ``languages`` says which it is written in), its particulars as
    text and as the indexes of the findings they come from."""
    inst = a.instruments
    return _letter(a, x, lang, None, lambda cs: [citation_to_dict(c, inst, lang) for c in cs])


def _letter(
    a: Assessment,
    x: Letter,
    lang: str,
    messages: list[str] | None,
    cites: Callable[[tuple[Citation, ...]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """:func:`letter_to_dict`, with the findings' ``messages`` in ``lang`` if known."""
    from loanoverdue.results.people import particular

    fill = _letter_fills(x, lang).fill

    return {
        "id": x.id,
        "kind": x.kind,
        "languages": list(x.languages),
        "title": x.title.get(lang),
        "date": x.day.isoformat() if x.day else None,
        "sender": [fill(t) for t in x.sender],
        "to": fill(x.to),
        "subject": fill(x.subject),
        "body": [p for p in (fill(t) for t in x.body) if p],
        "particulars": [
            particular(a, i, lang, None if messages is None else messages[i]) for i in x.particulars
        ],
        "findings": list(x.particulars),
        "sign_off": fill(x.sign_off) if x.sign_off else None,
        "note": fill(x.note) if x.note else None,
        "citations": cites(x.citations),
        "because": list(x.because),
        "basis": x.basis._value_,
    }


def assessment_to_json(a: Assessment, lang: str = "en", *, indent: int | None = 2) -> str:
    """The assessment as JSON text, byte-deterministic."""
    mapping = _assessment_mapping(a, lang, shared=True)
    if indent == 2 and _fast_encode is not None:
        try:
            return _fast_encode(mapping)
        except TypeError:  # orjson.JSONEncodeError: what orjson refuses, json.dumps writes
            pass
    return json.dumps(mapping, ensure_ascii=False, indent=indent) + "\n"
