from __future__ import annotations

from typing import Any

from loanoverdue import Registry, assess, load_case
from loanoverdue.render import render_markdown, render_text
from loanoverdue.render.text import width


def test_text_is_grouped_and_localised(registry: Registry, xe_data: dict[str, Any]) -> None:
    a = assess(load_case(xe_data), registry)
    en = render_text(a, "en")
    zh = render_text(a, "zh-CN")
    assert "What may happen next" in en and "接下来可能发生什么" in zh
    assert "向借款人的工作单位披露了债务" in zh  # vocabulary values are localised in messages
    assert "Fair Collection Act, art. 6" in en and "《公平催收法》第6条" in zh
    for line in zh.splitlines():
        assert width(line) <= 100


def test_markdown(registry: Registry, xe_data: dict[str, Any]) -> None:
    md = render_markdown(assess(load_case(xe_data), registry), "en")
    assert md.startswith("# Assessment of an overdue loan\n")
    assert "| **Days past due** | 64 |" in md


def test_wrapping_keeps_latin_words_whole_and_marks_off_line_starts() -> None:
    from loanoverdue.render.text import _wrap

    text = "联系 contacting 您的家人。" * 6 + "(Civil Code arts. 1032 and 1038)"
    lines = _wrap(text, "    ", 40)
    joined = "".join(line.strip() for line in lines).replace(" ", "")
    assert joined == text.replace(" ", "")
    for line in lines:
        assert "contacting" in line or "contact" not in line  # never split inside the word
        assert not line.strip().startswith("。")


def test_chinese_article_citations() -> None:
    from loanoverdue.law import Instrument, Layer, Period, SourceStatus, Text

    inst = Instrument(
        "x", Layer.LAW, Text({"en": "Criminal Law", "zh-CN": "刑法"}), "CN", Period(), SourceStatus.VERIFIED
    )
    assert inst.cite_text("293-1", "zh-CN") == "《刑法》第293条之一"
    assert inst.cite_text("1033(2)", "zh-CN") == "《刑法》第1033条(2)"
    assert inst.cite_text("7.2", "zh-CN") == "《刑法》第7.2条"
    assert inst.cite_text("245", "en") == "Criminal Law, art. 245"
    custom = Instrument(
        "y",
        Layer.LAW,
        Text("FDCPA"),
        "US",
        Period(),
        SourceStatus.VERIFIED,
        citation=Text({"en": "15 U.S.C. § {article}"}),
    )
    assert custom.cite_text("1692c(a)(1)", "en") == "15 U.S.C. § 1692c(a)(1)"
