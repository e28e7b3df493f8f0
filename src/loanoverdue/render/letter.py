"""Letters rendered for sending: plain text, Markdown, and a printable HTML document
(one self-contained file with print styles; "print to PDF" in any browser gives a PDF).

A rendered letter has two parts: the letter itself (sender lines, addressee, subject,
paragraphs, the particulars after the first paragraph, the sign-off), and a note about
it that is not sent: how to send it and the legal basis it rests on, with each
citation's status. ``loanoverdue letter CASE --kind KIND`` prints one.
"""

from __future__ import annotations

import html

import attrs

from loanoverdue.dates import people_dates
from loanoverdue.errors import InvalidInputError
from loanoverdue.labels import label
from loanoverdue.render.document import cite_text
from loanoverdue.results import Assessment, Letter
from loanoverdue.results.people import particular

__all__ = ["FORMATS", "LetterText", "find_letter", "letter_parts", "render_letter"]

#: The formats :func:`render_letter` writes.
FORMATS = ("text", "markdown", "html")

_L: dict[str, dict[str, str]] = {
    "about": {"en": "About this letter (not part of it)", "zh-CN": "关于本信函（不属于信函内容）"},
    "how": {"en": "How to send it", "zh-CN": "如何寄送"},
    "basis": {"en": "What it rests on", "zh-CN": "依据"},
    "basis_kind": {"en": "Basis: {basis}.", "zh-CN": "依据性质：{basis}。"},
    "blanks": {
        "en": "Fill in the blanks in [brackets] before you send it.",
        "zh-CN": "寄出前请补全[方括号]中的空白。",
    },
    "print": {"en": "Print", "zh-CN": "打印"},
}


def _l(key: str, lang: str) -> str:
    return _L[key].get(lang, _L[key]["en"])


def _labelled(key: str, text: str, lang: str) -> str:
    return f"{_l(key, lang)}{'：' if lang == 'zh-CN' else ': '}{text}"


@attrs.frozen
class LetterText:
    """A letter filled in one language, part by part (empty parts left out)."""

    lang: str
    title: str
    sender: tuple[str, ...]
    to: str
    subject: str
    body: tuple[str, ...]
    particulars: tuple[str, ...]
    sign_off: str | None
    note: str | None
    basis: str
    citations: tuple[str, ...]


def find_letter(a: Assessment, kind: str, lang: str) -> Letter:
    """The letter of ``kind`` in ``a`` that is written in ``lang``.

    Raises :class:`~loanoverdue.errors.InvalidInputError` (path ``--kind`` or
    ``--lang``) saying which letters the case has, or in which languages."""
    letter = a.letter(kind)
    if letter is None:
        kinds = ", ".join(x.kind for x in a.letters) or "none"
        raise InvalidInputError("--kind", f"this case has no letter {kind!r} (its letters: {kinds})")
    if lang not in letter.languages:
        raise InvalidInputError(
            "--lang", f"the letter {kind!r} is written in {', '.join(letter.languages)} only, not {lang}"
        )
    return letter


def letter_parts(a: Assessment, letter: Letter, lang: str) -> LetterText:
    """``letter`` of ``a`` filled in ``lang``."""

    def fill(part: object) -> str:
        from loanoverdue.law.text import Text

        assert isinstance(part, Text)
        return people_dates(letter.fill(part, lang), lang)

    return LetterText(
        lang=lang,
        title=letter.title.get(lang),
        sender=tuple(fill(t) for t in letter.sender),
        to=fill(letter.to),
        subject=fill(letter.subject),
        body=tuple(p for p in (fill(t) for t in letter.body) if p.strip()),
        particulars=tuple(particular(a, i, lang) for i in letter.particulars),
        sign_off=fill(letter.sign_off) if letter.sign_off is not None else None,
        note=fill(letter.note) if letter.note is not None else None,
        basis=label(letter.basis, lang),
        citations=tuple(cite_text(a, c, lang) for c in letter.citations),
    )


def _text(t: LetterText) -> str:
    from loanoverdue.render.text import width, wrap

    columns = 80
    out: list[str] = [t.title, "=" * width(t.title), ""]
    if t.sender:
        out.extend(t.sender)
        out.append("")
    out.extend(wrap(t.to, "", columns))
    out.append("")
    out.extend(wrap(t.subject, "", columns))
    out.append("")
    for n, paragraph in enumerate(t.body):
        out.extend(wrap(paragraph, "", columns))
        out.append("")
        if n == 0 and t.particulars:
            for k, item in enumerate(t.particulars, 1):
                lines = wrap(item, "    ", columns)
                lines[0] = f"{k}.  " + lines[0].lstrip()
                out.extend(lines)
            out.append("")
    if t.sign_off:
        out.extend(t.sign_off.split("\n"))
        out.append("")
    about = _l("about", t.lang)
    out.extend(["-" * columns, about, ""])
    out.extend(wrap(_l("blanks", t.lang), "", columns))
    if t.note:
        out.extend(wrap(_labelled("how", t.note, t.lang), "", columns))
    out.extend(wrap(_labelled("basis", "; ".join(t.citations), t.lang), "", columns))
    out.extend(wrap(_l("basis_kind", t.lang).format(basis=t.basis), "", columns))
    return "\n".join(out) + "\n"


def _markdown(t: LetterText) -> str:
    from loanoverdue.render.markdown import escape

    out: list[str] = [f"# {t.title}", ""]
    if t.sender:
        out.extend([escape("\n".join(t.sender)), ""])
    out.extend([escape(t.to), "", f"**{escape(t.subject)}**", ""])
    for n, paragraph in enumerate(t.body):
        out.extend([escape(paragraph), ""])
        if n == 0 and t.particulars:
            out.extend(f"{k}. {escape(item)}" for k, item in enumerate(t.particulars, 1))
            out.append("")
    if t.sign_off:
        out.extend([escape(t.sign_off), ""])
    out.extend(["---", "", f"**{_l('about', t.lang)}**", ""])
    out.append(f"- {escape(_l('blanks', t.lang))}")
    if t.note:
        out.append(f"- **{_l('how', t.lang)}:** {escape(t.note)}")
    out.append(f"- **{_l('basis', t.lang)}:** " + escape("; ".join(t.citations)))
    out.append(f"- {escape(_l('basis_kind', t.lang).format(basis=t.basis))}")
    return "\n".join(out) + "\n"


_CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", Georgia, "Times New Roman", serif;
       line-height: 1.6; margin: 0; background: #f3f3f0; color: #111; }
main { max-width: 44rem; margin: 1.5rem auto; background: #fff; padding: 2.5rem 3rem;
       box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-size: 1.1rem; margin: 0 0 1.5rem; font-family: system-ui, sans-serif; color: #444; }
.letter p { margin: 0 0 1rem; }
.sender, .sign-off { white-space: pre-line; }
.subject { font-weight: bold; }
.letter ol { margin: 0 0 1rem; padding-left: 1.6rem; }
.about { margin-top: 2.5rem; padding: 1rem 1.25rem; background: #fff8e1; border: 1px solid #e6d9a8;
         font-family: system-ui, sans-serif; font-size: .9rem; }
.about h2 { font-size: .95rem; margin: 0 0 .5rem; }
.about ul { margin: 0; padding-left: 1.2rem; }
button.print { font: inherit; font-family: system-ui, sans-serif; margin-bottom: 1rem; padding: .4rem 1rem; }
@media (max-width: 40rem) { main { margin: 0; padding: 1.25rem; box-shadow: none; } }
@page { size: A4; margin: 20mm; }
@media print {
  body { background: #fff; }
  main { margin: 0; padding: 0; box-shadow: none; max-width: none; }
  h1, .about, button.print { display: none; }
}
"""


def _html(t: LetterText) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(t.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{e(t.title)}</h1>",
        f'<button class="print" type="button" onclick="window.print()">{e(_l("print", t.lang))}</button>',
        '<article class="letter">',
    ]
    if t.sender:
        parts.append(f'<p class="sender">{e(chr(10).join(t.sender))}</p>')
    parts.append(f'<p class="to">{e(t.to)}</p>')
    parts.append(f'<p class="subject">{e(t.subject)}</p>')
    for n, paragraph in enumerate(t.body):
        parts.append(f"<p>{e(paragraph)}</p>")
        if n == 0 and t.particulars:
            parts.append("<ol>" + "".join(f"<li>{e(item)}</li>" for item in t.particulars) + "</ol>")
    if t.sign_off:
        parts.append(f'<p class="sign-off">{e(t.sign_off)}</p>')
    parts.append("</article>")
    parts.append('<aside class="about">')
    parts.append(f"<h2>{e(_l('about', t.lang))}</h2>")
    parts.append("<ul>")
    parts.append(f"<li>{e(_l('blanks', t.lang))}</li>")
    if t.note:
        parts.append(f"<li><strong>{e(_l('how', t.lang))}:</strong> {e(t.note)}</li>")
    parts.append(f"<li><strong>{e(_l('basis', t.lang))}:</strong> {e('; '.join(t.citations))}</li>")
    parts.append(f"<li>{e(_l('basis_kind', t.lang).format(basis=t.basis))}</li>")
    parts.extend(["</ul>", "</aside>", "</main>", "</body>", "</html>"])
    return "\n".join(parts) + "\n"


def render_letter(a: Assessment, kind: str, lang: str = "en", fmt: str = "text") -> str:
    """The letter of ``kind`` (or with that id) of ``a`` in ``lang``, as ``fmt``
    (``text``, ``markdown`` or ``html``). Raises
    :class:`~loanoverdue.errors.InvalidInputError` for a kind the case has no letter
    of, or a language the letter is not written in."""
    if fmt not in FORMATS:
        raise InvalidInputError("--format", f"{fmt!r} is not a letter format ({', '.join(FORMATS)})")
    parts = letter_parts(a, find_letter(a, kind, lang), lang)
    if fmt == "markdown":
        return _markdown(parts)
    if fmt == "html":
        return _html(parts)
    return _text(parts)
