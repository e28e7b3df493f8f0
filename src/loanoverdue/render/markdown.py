"""Markdown rendering: for reports, tickets and web pages."""

from __future__ import annotations

import re

from loanoverdue.render.document import LEGEND, Heading, Item, Legend, Pairs, Paragraph, layout
from loanoverdue.results import Assessment

__all__ = ["MARKS", "escape", "render_markdown"]

#: How a factor's direction is drawn in front of it (arrows: a leading ``+`` or ``-``
#: would start a nested list).
MARKS = {"raises": "▲ ", "lowers": "▼ ", "neutral": "", "blocks": "✕ "}

_LEADING = re.compile(r"^(\s*)([-+*#>]|\d+[.)])(\s)")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def escape(text: str) -> str:
    """``text`` safe to put in a paragraph: a leading list or heading marker is
    escaped, line breaks inside it are kept as hard breaks and empty lines as
    paragraph breaks."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_LEADING.sub(r"\1\\\2\3", line) for line in block.split("\n")]
        paragraphs.append("\\\n".join(lines))
    return "\n\n".join(paragraphs)


def _indented(text: str, indent: str) -> str:
    """A multi-line text as the continuation of a list item (blank lines included), so
    it never breaks out of the item."""
    lines = text.split("\n")
    out = [_LEADING.sub(r"\1\\\2\3", lines[0])]
    for line in lines[1:]:
        out.append(indent + _LEADING.sub(r"\1\\\2\3", line) if line.strip() else "")
    return "\n".join(out)


def render_markdown(a: Assessment, lang: str = "en") -> str:
    """The assessment as Markdown."""
    out: list[str] = []
    for block in layout(a, lang):
        if not isinstance(block, Item) and out and out[-1] != "":
            out.append("")  # a list ends before what follows it
        if isinstance(block, Legend):
            sep = "；" if block.lang == "zh-CN" else "; "
            out.extend([sep.join(f"{MARKS[k]}{v.get(block.lang, v['en'])}" for k, v in LEGEND.items()), ""])
        elif isinstance(block, Heading):
            out.extend(["#" * block.level + " " + block.text, ""])
        elif isinstance(block, Paragraph):
            out.extend([escape(block.text), ""])
        elif isinstance(block, Pairs):
            out.extend(["| | |", "|---|---|"])
            out.extend(f"| **{_cell(k)}** | {_cell(v)} |" for k, v in block.rows)
            out.append("")
        elif isinstance(block, Item):
            head = _indented(block.head, "  ")
            out.append(f"- **{head}**" if block.details else f"- {head}")
            marks = block.marks or ("",) * len(block.details)
            for mark, detail in zip(marks, block.details, strict=True):
                out.append("  - " + MARKS.get(mark, "") + _indented(detail, "    "))
    if out and out[-1] != "":
        out.append("")
    return "\n".join(out)
