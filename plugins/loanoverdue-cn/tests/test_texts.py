"""The pack's compiled texts read exactly as ``str.format_map`` would render them."""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal

import pytest
from loanoverdue_cn.texts import _compile, _render, texts

from loanoverdue.model import Target

EDGE = [
    "",
    "plain",
    "{x}",
    "a{{b{x}c}}d",
    "{x}{y}",
    "{{}}{x}{{",
    "{x!r:>12}",
    "{x:>5}",
    "{x.year}",
    "{0}",
    "{}",
    "{x:>{y}}",
    "{x",
    "中文{x}中文",
]
VALUES = ["s", 5, Decimal("1.50"), date(2020, 2, 3), Target.FAMILY, "中文"]


def _outcome(render: object, params: dict[str, object]) -> tuple[str, object]:
    try:
        return ("ok", render(params))  # type: ignore[operator]
    except Exception as exc:
        return ("error", type(exc))


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_compiled_texts_render_as_format_map(value: object) -> None:
    templates = EDGE + [t for text in texts().values() for _, t in text.items]
    for template in templates:
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        except ValueError:
            names = set()
        params = {name: value for name in names} | {"x": value, "y": 3}
        form = _compile(template)
        assert _outcome(lambda p, f=form: _render(f, p), params) == _outcome(template.format_map, params), (
            template
        )
