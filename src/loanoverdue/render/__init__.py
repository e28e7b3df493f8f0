"""Renderers: plain text for terminals, Markdown, and the JSON contract."""

from loanoverdue.render.json import assessment_to_dict, assessment_to_json
from loanoverdue.render.markdown import render_markdown
from loanoverdue.render.text import render_text

__all__ = ["assessment_to_dict", "assessment_to_json", "render_markdown", "render_text"]
