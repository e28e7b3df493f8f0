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
