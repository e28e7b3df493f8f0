"""Letters: the pack component, the registry's checks and the engine's, the JSON and
the renderers (golden files of the example pack's letter in both languages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import loanoverdue_example
import pytest

from loanoverdue import InvalidInputError, PluginError, Registry, Text, assess, load_case
from loanoverdue.errors import ConflictError
from loanoverdue.hooks import hookimpl
from loanoverdue.pack import LetterWriter
from loanoverdue.render.letter import render_letter
from loanoverdue.results import Letter
from loanoverdue.testing import contract_problems
from loanoverdue.testing.golden import assert_golden

GOLDEN = Path(__file__).resolve().parent / "golden"


def _letter(kind: str = "extra", **kw: Any) -> Letter:
    return Letter(
        id=f"t.letter.{kind}",
        kind=kind,
        title=Text({"en": "A letter", "zh-CN": "一封信"}),
        to=Text({"en": "To: {who}", "zh-CN": "致：{who}"}),
        subject=Text("Re: the loan"),
        body=(Text({"en": "Due on {due}.", "zh-CN": "{due}到期。"}),),
        params={"who": "the lender", "due": __import__("datetime").date(2026, 1, 5)},
        **kw,
    )


class _Writer:
    """A plugin adding one letter writer to Exampleland."""

    __name__ = "writer"

    def __init__(self, *writers: LetterWriter) -> None:
        self.writers = writers

    @hookimpl
    def loanoverdue_letters(self) -> tuple[LetterWriter, ...]:
        return self.writers


def _registry(*writers: LetterWriter) -> Registry:
    return Registry.build([loanoverdue_example, _Writer(*writers)], entry_points=False)


def test_the_example_pack_writes_its_complaint(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    (letter,) = a.letters
    assert letter.kind == "complaint" and letter.languages == ("en", "zh-CN")
    assert [a.findings[i].rule for i in letter.particulars] == [
        f.rule for f in a.findings if f.verdict.value == "violation"
    ]
    assert a.letter("complaint") is letter and a.letter("xe.letter.complaint") is letter
    assert a.letter("nothing") is None
    assert ("letter", "xe.letters") in {(t.kind, t.id) for t in a.trace}
    doc = a.to_dict("zh-CN")
    assert contract_problems(doc) == []
    (x,) = doc["letters"]
    assert x["kind"] == "complaint" and x["date"] == "2026-03-10"
    assert x["body"][0].startswith("本人[姓名]欠Example Lender") and "2026年1月5日" in x["body"][0]
    assert len(x["particulars"]) == len(letter.particulars) and x["findings"] == list(letter.particulars)


def test_no_letter_without_a_violation(registry: Registry, xe_data: dict[str, Any]) -> None:
    xe_data["events"] = xe_data["events"][:1]
    assert assess(load_case(xe_data), registry).letters == ()


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_rendered_letter(registry: Registry, xe_data: dict[str, Any], lang: str, fmt: str) -> None:
    out = render_letter(assess(load_case(xe_data), registry), "complaint", lang, fmt)
    ext = {"text": "txt", "markdown": "md", "html": "html"}[fmt]
    assert_golden(GOLDEN / f"xe-letter-complaint.{lang}.{ext}", out)


def test_html_letter_is_one_printable_page(registry: Registry, xe_data: dict[str, Any]) -> None:
    page = render_letter(assess(load_case(xe_data), registry), "complaint", "zh-CN", "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert "@media print" in page and "<script" not in page and "http" not in page.split("</style>")[0]
    assert page.count("<li>") >= 4  # the particulars and the note's items


def test_unknown_kind_and_language(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    with pytest.raises(InvalidInputError, match=r"no letter 'dispute' \(its letters: complaint\)"):
        render_letter(a, "dispute", "en")
    with pytest.raises(InvalidInputError, match="not a letter format"):
        render_letter(a, "complaint", "en", "pdf")


def test_a_writer_must_declare_kinds() -> None:
    with pytest.raises(PluginError, match="must declare its letter kinds"):
        _registry(LetterWriter("t.none", "XE", (), lambda ctx, draft: ()))


def test_two_writers_of_one_kind_conflict() -> None:
    with pytest.raises(ConflictError, match="letter kind 'complaint' of XE is already written by"):
        _registry(LetterWriter("t.dup", "XE", ("complaint",), lambda ctx, draft: ()))


def test_an_undeclared_kind_is_the_packs_fault(xe_data: dict[str, Any]) -> None:
    registry = _registry(LetterWriter("t.w", "XE", ("extra",), lambda ctx, draft: [_letter("other")]))
    result = assess(load_case(xe_data), registry)
    with pytest.raises(PluginError, match="writer") as info:
        result.letters  # letters are written when first read  # noqa: B018
    assert "kind 'other', which it does not declare" in str(info.value)


@pytest.mark.parametrize(
    ("write", "problem"),
    [
        (lambda ctx, draft: ["not a letter"], "expected a Letter"),
        (lambda ctx, draft: [_letter(), _letter()], "two letters of kind 'extra'"),
        (lambda ctx, draft: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_a_faulty_writer_names_its_pack(xe_data: dict[str, Any], write: Any, problem: str) -> None:
    registry = _registry(LetterWriter("t.w", "XE", ("extra",), write))
    result = assess(load_case(xe_data), registry)
    with pytest.raises(PluginError, match="writer") as info:
        result.letters  # letters are written when first read  # noqa: B018
    assert problem in str(info.value) and info.value.plugin == "writer"


def test_the_most_specific_jurisdictions_letter_wins(xe_data: dict[str, Any]) -> None:
    north = _letter("extra", note=Text("north"))
    country = _letter("extra", note=Text("country"))
    registry = _registry(
        LetterWriter("t.a.country", "XE", ("extra",), lambda ctx, draft: [country]),
        LetterWriter("t.b.north", "XE-N", ("extra",), lambda ctx, draft: [north]),
    )
    a = assess(load_case(xe_data), registry)
    assert a.letter("extra") is north
    assert registry.letter_kinds(("XE-N", "XE")) == ("complaint", "extra")
    assert [p.name for p in a.packs] == ["example", "writer"]


def test_languages_and_dates_of_a_letter() -> None:
    x = _letter()
    assert x.languages == ("en",)  # the subject is English only
    assert x.fill(x.body[0], "en") == "Due on January 5, 2026."
    assert x.fill(x.body[0], "zh-CN") == "2026年1月5日到期。"


def test_scenarios_can_expect_letters(registry: Registry, xe_data: dict[str, Any], tmp_path: Path) -> None:
    from loanoverdue.testing.scenarios import load_scenario, run_scenario

    case = json_to_toml_case(xe_data)
    path = tmp_path / "letters.scenario.toml"
    path.write_text(f'title = "letters"\n{case}\n[expect]\nletters = ["complaint", "dispute"]\nno_letters = ["complaint"]\n')
    problems = run_scenario(load_scenario(path), registry)
    assert "letter missing: dispute (written: complaint)" in problems
    assert "letter written but should not be: complaint" in problems


def json_to_toml_case(data: dict[str, Any]) -> str:
    """The case as a scenario file's ``[case]`` table (inline tables and arrays)."""
    import json

    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, bool):
            return "true" if v else "false"
        return json.dumps(v)

    return "[case]\n" + "\n".join(f"{k} = {value(v)}" for k, v in data.items())


def test_letters_in_the_assessment_json_are_those_letter_to_dict_writes() -> None:
    # the assessment's JSON fills each letter once and takes the particulars' messages
    # from its findings: the same text as each letter written on its own
    import json as _json

    from loanoverdue import assess, load_case
    from loanoverdue.results.json import letter_to_dict

    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("cn-9000-online-loan.json", "us-agency-calls.json"):
        a = assess(load_case(_json.loads((examples / name).read_text(encoding="utf-8"))))
        assert a.letters
        for lang in ("en", "zh-CN"):
            alone = [letter_to_dict(a, x, lang) for x in a.letters]
            assert _json.loads(a.to_json(lang))["letters"] == alone
            assert a.to_dict(lang)["letters"] == alone
            for x in a.letters:
                assert x.fill(x.subject, lang) == x.subject.format(lang, x.filling(lang))
