"""Messages, advice and letter particulars that many findings, factors and assessments
share are filled once per template, parameters and language (kept by the identity of
the objects, which each entry holds), and the output is what filling them anew gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import loanoverdue
from loanoverdue import results
from loanoverdue.results import Finding, _localised, people
from loanoverdue.results import json as result_json

ROOT = Path(__file__).resolve().parent.parent


def _assessment() -> loanoverdue.Assessment:
    data = json.loads((ROOT / "examples" / "cn-9000-online-loan.json").read_text())
    data["events"] = (data["events"] * 3)[:12]  # equal events: equal findings
    return loanoverdue.assess(loanoverdue.load_case(data))


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_a_message_is_filled_once_per_template_parameters_and_language(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _assessment()
    results._FILLED.clear()
    calls = _counting(monkeypatch, results, "_localised")
    texts = [(f.template, f.params) for f in a.findings]
    for lang in ("en", "zh-CN", "en"):
        for f in a.findings:
            assert f.message(lang) == f.template.format(lang, _localised(f.params, lang))
    # the direct fills above call the real function (imported before the spy): the spy
    # counts the messages' fills, one per (template, parameters) pair and language
    distinct = len({(id(t), id(p)) for t, p in texts})
    assert len(calls) == 2 * distinct


def test_a_filled_message_is_not_taken_for_another_object_of_the_same_id() -> None:
    a = _assessment()
    f = a.findings[0]
    other = Finding(f.rule, f.verdict, f.weight, f.basis, f.citations, f.template, {"x": 1})
    # an entry left by objects whose ids others now have: the entry's objects differ
    key = (id(f.template), id(f.params), "en")
    for entry in ((f.template, other.params), (loanoverdue.Text("stale {x}"), f.params)):
        results._FILLED[key] = (*entry, "stale")
        assert f.message("en") == f.template.format("en", _localised(f.params, "en")) != "stale"
    assert results._FILLED[key][2] != "stale"  # and the entry is its own again


def test_advice_shared_by_assessments_is_written_once_per_language(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _assessment(), _assessment()
    shared = [x for x in first.advice if any(x is y for y in second.advice)]
    assert shared  # the packs build most advice once per registry
    result_json._ADVICE.clear()
    calls = _counting(monkeypatch, result_json, "_advice")
    for lang in ("en", "zh-CN"):
        assert json.loads(first.to_json(lang)) == first.to_dict(lang)
        n = len(calls)
        assert json.loads(second.to_json(lang)) == second.to_dict(lang)
        written = calls[n:]
        # to_dict writes each item anew (its own copies); to_json only those not written
        assert len(written) == 2 * len(second.advice) - len(shared)
    assert first.to_dict()["advice"][0] is not first.to_dict()["advice"][0]  # type: ignore[index]


def test_equal_particulars_are_written_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _assessment()
    letter = a.letter("complaint")
    assert letter is not None and len(letter.particulars) > 1
    langs = ("en", "zh-CN")
    written = {(i, lang): people.people_dates(a.findings[i].message(lang), lang) for i in letter.particulars for lang in langs}
    people._WRITTEN.clear()
    calls = _counting(monkeypatch, people, "people_dates")
    for _ in range(2):  # a letter written twice (to_json, then to_dict, in two languages)
        for (i, lang), out in written.items():
            assert people.particular(a, i, lang).endswith(out)
    distinct = {(a.findings[i].message(lang), lang) for i, lang in written}
    assert len(calls) == len(distinct)


def test_letters_with_equal_values_share_their_filled_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    from loanoverdue.law.text import Text

    first, second = _assessment(), _assessment()
    parts = {id(t) for x in first.letters for t in (x.to, x.subject, *x.body, *x.sender)}
    results._LETTER_FILLS.clear()
    filled: list[Text] = []
    real = Text.format

    def spy(self: Text, lang: str, params: Any) -> str:
        if id(self) in parts:
            filled.append(self)
        return real(self, lang, params)

    monkeypatch.setattr(Text, "format", spy)
    doc = first.to_dict()
    n = len(filled)
    assert n >= len(parts)
    assert second.to_dict() == doc  # equal cases: equal letters
    assert len(filled) == n  # the second assessment's letters: no part filled again
    for x in second.letters:
        for t in (x.to, x.subject, *x.body):
            assert x.fill(t, "zh-CN") == real(t, "zh-CN", x.filling("zh-CN"))


def test_letter_values_that_are_written_differently_when_equal_are_not_shared() -> None:
    from decimal import Decimal

    from loanoverdue.law.text import Text
    from loanoverdue.results import Letter, _letter_fills

    def letter(**params: object) -> Letter:
        return Letter("x", "x", Text("T"), Text("{v}"), Text("S"), (Text("{v}"),), params=params)

    one, other = letter(v=Decimal("1.0")), letter(v=Decimal("1.00"))
    assert one.fill(one.to) == "1.0" and other.fill(other.to) == "1.00"
    assert _letter_fills(one, "en") is not _letter_fills(one, "en")  # not kept
    yes, one_int = letter(v=True), letter(v=1)
    assert yes.fill(yes.to) == "True" and one_int.fill(one_int.to) == "1"
    assert _letter_fills(yes, "en") is _letter_fills(letter(v=True), "en")  # kept by value


def test_equal_events_share_the_start_of_their_particulars(monkeypatch: pytest.MonkeyPatch) -> None:
    a = _assessment()
    letter = a.letter("complaint")
    assert letter is not None
    events = [a.case.events[a.findings[i].event] for i in letter.particulars]  # type: ignore[index]
    people._HEADS.clear()
    calls = _counting(monkeypatch, people, "_head")
    for lang in ("en", "zh-CN", "en"):
        for i in letter.particulars:
            e = a.case.events[a.findings[i].event]  # type: ignore[index]
            assert people.particular(a, i, lang).startswith(people.local_datetime(e.at, a.case.borrower.tz, lang))
    distinct = {(e.at, e.action, e.actor, e.target) for e in events}
    assert len(calls) == 2 * len(distinct)


def test_china_advice_on_what_comes_next_and_the_limitation_is_made_once_per_figures() -> None:
    from datetime import timedelta

    import attrs

    case = loanoverdue.load_case(json.loads((ROOT / "examples" / "cn-9000-online-loan.json").read_text()))
    first, again = loanoverdue.assess(case), loanoverdue.assess(case)
    later = loanoverdue.assess(attrs.evolve(case, as_of=case.as_of + timedelta(days=40)))

    def item(a: loanoverdue.Assessment, advice_id: str) -> loanoverdue.Advice:
        return next(x for x in a.advice if x.id == advice_id)

    # the same figures: one object (written once in the JSON too)
    assert item(first, "cn.advice.next") is item(again, "cn.advice.next")
    assert item(first, "cn.advice.limitation") is item(again, "cn.advice.limitation")
    # 40 days later: the next steps from that case's own figures
    nxt = item(later, "cn.advice.next")
    assert nxt is not item(first, "cn.advice.next") and f"{later.days_past_due}" in nxt.render_body()
    lim = first.limitation, later.limitation
    assert lim[0] is not None and lim[1] is not None
    same = (lim[0].starts, lim[0].expires, lim[0].expired) == (lim[1].starts, lim[1].expires, lim[1].expired)
    assert (item(first, "cn.advice.limitation") is item(later, "cn.advice.limitation")) == same
