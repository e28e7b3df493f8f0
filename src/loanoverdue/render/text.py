"""Plain-text rendering for a terminal: aligned, grouped, CJK-width aware."""

from __future__ import annotations

import re
import unicodedata

from loanoverdue.render.document import LEGEND, Heading, Item, Legend, Pairs, Paragraph, layout
from loanoverdue.results import Assessment

__all__ = ["MARKS", "render_text", "width", "wrap"]

#: How a factor's direction is drawn in front of it.
MARKS = {"raises": "+", "lowers": "−", "neutral": "·", "blocks": "×"}


def width(text: str) -> int:
    """Display width in terminal columns (wide East Asian characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


_TOKENS = re.compile(
    r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+"
)


_NO_LINE_START = frozenset("。，、；：？！）」』】》〉”’…%,.;:!?)")
_NO_LINE_END = frozenset("（「『【《〈“‘")


def wrap(text: str, indent: str = "", columns: int = 100) -> list[str]:
    """Wrap ``text`` by display width, keeping its own line breaks (a letter's lines
    stay lines; an empty line stays empty)."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(_wrap(line, indent, columns) if line.strip() else [""])
    return out


def _wrap(text: str, indent: str, columns: int) -> list[str]:
    """Wrap one line by display width: a line may break between words and between any
    two wide (CJK) characters, never inside a word of Latin script, and a closing mark
    never starts a line (the word before it moves down with it)."""
    lines: list[str] = []
    start = width(indent)
    line: list[str] = []  # the tokens of the current line (spaces included)
    used = start
    for token in _TOKENS.findall(text):
        if token.isspace():
            if line:
                line.append(" ")
                used += 1
            continue
        w = width(token)
        if token in _NO_LINE_START and line and line[-1] == " ":
            line.pop()  # a closing mark follows its word without a space
            used -= 1
        if used + w > columns and line:
            carried: list[str] = []
            while line and line[-1] == " ":
                line.pop()
            if token in _NO_LINE_START and line:
                # take the last word down with the mark; when it is all the line has,
                # the mark overhangs instead
                k = len(line) - 1  # the last word, with the marks that follow it
                while k >= 0 and line[k] in _NO_LINE_START:
                    k -= 1
                while k > 0 and line[k - 1] in _NO_LINE_END:
                    k -= 1  # an opening mark goes down with the word it opens
                if k <= 0:
                    line.append(token)
                    used += w
                    continue
                carried = line[k:]
                del line[k:]
            elif line and line[-1] in _NO_LINE_END:
                k = len(line) - 1  # opening marks go down with what they open
                while k > 0 and line[k - 1] in _NO_LINE_END:
                    k -= 1
                if k > 0:
                    carried = line[k:]
                    del line[k:]
            # an opening mark never ends a line: it goes down with what it opens
            while line and line[-1] == " ":
                line.pop()
            k = len(line)
            while k > 1 and line[k - 1] in _NO_LINE_END:
                k -= 1
            if 0 < k < len(line):
                carried = [*line[k:], *carried]
                del line[k:]
            lines.append((indent + "".join(line)).rstrip())
            line = carried
            used = start + sum(width(t) for t in carried)
        line.append(token)
        used += w
    lines.append((indent + "".join(line)).rstrip() if line else indent)
    return lines


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
            out.extend(wrap(block.text, "", columns))
        elif isinstance(block, Legend):
            sep = "；" if block.lang == "zh-CN" else "; "
            out.append(sep.join(f"{MARKS[k]} {v.get(block.lang, v['en'])}" for k, v in LEGEND.items()))
        elif isinstance(block, Pairs):
            key_width = max(width(k) for k, _ in block.rows)
            for key, value in block.rows:
                lines = wrap(value, " " * (key_width + 2), columns)
                lines[0] = _pad(key, key_width) + "  " + lines[0].lstrip()
                out.extend(lines)
        elif isinstance(block, Item):
            out.extend(wrap(block.head, "", columns))
            marks = block.marks or ("",) * len(block.details)
            for mark, detail in zip(marks, block.details, strict=True):
                prefix = f"{MARKS[mark]} " if mark else ""
                out.extend(wrap(prefix + detail, "    ", columns))
    return "\n".join(out) + "\n"
