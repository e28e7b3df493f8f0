"""Markdown rendering: for reports, tickets and web pages."""

from __future__ import annotations

from loanoverdue.render.document import Heading, Item, Pairs, Paragraph, layout
from loanoverdue.results import Assessment

__all__ = ["render_markdown"]


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(a: Assessment, lang: str = "en") -> str:
    """The assessment as Markdown."""
    out: list[str] = []
    for block in layout(a, lang):
        if isinstance(block, Heading):
            out.extend(["#" * block.level + " " + block.text, ""])
        elif isinstance(block, Paragraph):
            out.extend([block.text, ""])
        elif isinstance(block, Pairs):
            out.extend(["| | |", "|---|---|"])
            out.extend(f"| **{_escape(k)}** | {_escape(v)} |" for k, v in block.rows)
            out.append("")
        elif isinstance(block, Item):
            out.append(f"- **{block.head}**" if block.details else f"- {block.head}")
            out.extend(f"  - {d}" for d in block.details)
    if out and out[-1] != "":
        out.append("")
    return "\n".join(out)
