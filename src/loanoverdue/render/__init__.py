"""Renderers: plain text for terminals, Markdown, and the JSON contract.

The renderers are imported on first use, so a pack that only needs the vocabulary's
labels (:mod:`loanoverdue.labels`) does not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loanoverdue.render.markdown import render_markdown
    from loanoverdue.render.text import render_text
    from loanoverdue.results.json import assessment_to_dict, assessment_to_json

__all__ = ["assessment_to_dict", "assessment_to_json", "render_markdown", "render_text"]

_LAZY = {
    "assessment_to_dict": "loanoverdue.results.json",
    "assessment_to_json": "loanoverdue.results.json",
    "render_markdown": "loanoverdue.render.markdown",
    "render_text": "loanoverdue.render.text",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'loanoverdue.render' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
