"""Plain-text rendering for a terminal: aligned, grouped, CJK-width aware."""

from __future__ import annotations

import textwrap
import unicodedata

from loanoverdue.render.document import Heading, Item, Pairs, Paragraph, layout
from loanoverdue.results import Assessment

__all__ = ["render_text", "width"]


def width(text: str) -> int:
    """Display width in terminal columns (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def _wrap(text: str, indent: str, columns: int) -> list[str]:
    if any(width(ch) == 2 for ch in text):  # CJK: wrap by display width
        lines, line = [], ""
        for ch in text:
            if width(indent + line + ch) > columns:
                lines.append(indent + line)
                line = ""
            line += ch
        lines.append(indent + line)
        return lines
    return textwrap.wrap(text, columns, initial_indent=indent, subsequent_indent=indent) or [indent]


def render_text(a: Assessment, lang: str = "en", columns: int = 100) -> str:
    """The assessment as text for a person reading a terminal."""
    out: list[str] = []
    for block in layout(a, lang):
        if isinstance(block, Heading):
            if out:
                out.append("")
            out.append(block.text)
            out.append(("=" if block.level == 1 else "-") * width(block.text))
        elif isinstance(block, Paragraph):
            out.extend(_wrap(block.text, "", columns))
        elif isinstance(block, Pairs):
            key_width = max(width(k) for k, _ in block.rows)
            for key, value in block.rows:
                lines = _wrap(value, " " * (key_width + 2), columns)
                lines[0] = _pad(key, key_width) + "  " + lines[0].lstrip()
                out.extend(lines)
        elif isinstance(block, Item):
            out.extend(_wrap(block.head, "", columns))
            for detail in block.details:
                out.extend(_wrap(detail, "    ", columns))
    return "\n".join(out) + "\n"
