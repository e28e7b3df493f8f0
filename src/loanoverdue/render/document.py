"""The assessment laid out as a small document (headings, key-value tables, items),
which the text and Markdown renderers format. One layout, two formats.

The document is for people: it opens with the direct answer, writes dates out in the
borrower's time zone and language (``March 3, 2026, 22:40``, ``2026年3月3日 22:40``),
durations as words (``3 years``), says once where the outlook's timings come from,
and labels what the law fixes apart from what is an estimate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import time

import attrs

from loanoverdue.dates import duration, local_datetime, long_date, people_dates
from loanoverdue.labels import heading, label
from loanoverdue.law.rule import Basis
from loanoverdue.law.source import Citation
from loanoverdue.results import Assessment, OutlookStatus
from loanoverdue.results.json import plain
from loanoverdue.results.people import direct_answer, particular

__all__ = ["LEGEND", "Block", "Heading", "Item", "Legend", "Pairs", "Paragraph", "cite_text", "layout", "particular"]


@attrs.frozen
class Heading:
    text: str
    level: int = 2


@attrs.frozen
class Paragraph:
    text: str


@attrs.frozen
class Pairs:
    """Aligned key-value lines."""

    rows: tuple[tuple[str, str], ...]


@attrs.frozen
class Item:
    """A list item: a head line and indented detail lines. ``marks`` (when given) has
    one entry per detail: a factor's direction (``raises``, ``lowers``, ``blocks``,
    ``neutral``), which each format draws its own way."""

    head: str
    details: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()


@attrs.frozen
class Legend:
    """What the marks in front of outlook factors mean (each format has its marks)."""

    lang: str


Block = Heading | Paragraph | Pairs | Item | Legend

#: What each mark means, by direction (the formats put their own mark in front).
LEGEND = {
    "raises": {"en": "more likely", "zh-CN": "更可能"},
    "lowers": {"en": "less likely", "zh-CN": "更不可能"},
    "blocks": {"en": "ruled out", "zh-CN": "排除"},
}


def _has_cjk(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def cite_text(a: Assessment, c: Citation, lang: str) -> str:
    """A citation for people: short title, article, and its status when not verified."""
    inst = a.instruments.get(c.instrument)
    text = inst.cite_text(c.article, lang) if inst else f"{c.instrument} {c.article}"
    if c.status is not None and c.status.value != "verified":
        text += f" [{label(c.status, lang)}]"
    return text


def _show(value: object) -> str:
    """A parameter value for people: 20:00 rather than 20:00:00."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(plain(value))


def _cites(a: Assessment, cites: tuple[Citation, ...], lang: str) -> str:
    return "; ".join(cite_text(a, c, lang) for c in cites)


def _event(a: Assessment, index: int, lang: str) -> str:
    """``event 5 · March 3, 2026, 22:40 · call · collection agency → borrower``."""
    e = a.case.events[index]
    when = local_datetime(e.at, a.case.borrower.tz, lang)
    who = f"{label(e.actor, lang)} → {label(e.target, lang)}"
    proposed = f" ({heading('proposed', lang)})" if e.proposed else ""
    return f"{heading('event', lang)} {index} · {when} · {label(e.action, lang)} · {who}{proposed}"


def _paren(text: str, lang: str) -> str:
    """`` (text)`` or ``（text）``."""
    return f"（{text}）" if lang == "zh-CN" else f" ({text})"


def _answer(a: Assessment, lang: str) -> Iterator[Block]:
    ans = direct_answer(a, lang)
    yield Heading(ans.question)
    yield Paragraph(ans.headline)
    if ans.reasons:
        yield Item(heading("why", lang), tuple(people_dates(r, lang) for r in ans.reasons))
    if ans.court:
        yield Paragraph(ans.court)
    if ans.you_can:
        number = {x.id: n for n, x in enumerate(a.advice, 1)}
        yield Item(
            heading("you_can", lang),
            tuple(title + _paren(heading("see_item", lang).format(n=number[i]), lang) for i, title in ans.you_can),
        )
    if ans.assumed:
        changes = ans.changes + (None,) * (len(ans.assumed) - len(ans.changes))
        yield Item(
            heading("assumed", lang),
            tuple(text + (("" if lang == "zh-CN" else " ") + change if change else "") for text, change in zip(ans.assumed, changes, strict=True)),
        )


def _common_policy(a: Assessment, lang: str) -> str | None:
    """The policy factor's text that most outlook entries share (said once, not per
    entry)."""
    counts = Counter(f.message(lang) for p in a.outlook for f in p.factors if f.name == "policy")
    if not counts:
        return None
    text, n = counts.most_common(1)[0]
    return text if n > 1 else None


def layout(a: Assessment, lang: str = "en") -> Iterator[Block]:
    """The blocks of a human-readable assessment in ``lang``."""
    case = a.case
    tz = case.borrower.tz
    yield Heading(heading("title", lang), 1)
    yield Paragraph(heading("not_advice", lang))
    yield from _answer(a, lang)

    yield Heading(heading("summary", lang))
    yield Pairs(
        (
            (heading("as_of", lang), local_datetime(case.as_of, tz, lang)),
            (heading("jurisdiction", lang), " → ".join(a.jurisdiction)),
            (heading("outstanding", lang), str(case.loan.outstanding)),
            (heading("days_past_due", lang), str(a.days_past_due)),
            (heading("stage", lang), label(a.stage, lang)),
        )
    )

    yield Heading(heading("findings", lang))
    if not case.events:
        yield Paragraph(heading("no_events", lang))
    elif not a.findings:
        yield Paragraph(heading("no_findings", lang))
    for f in a.findings:
        where = heading("case", lang) if f.event is None else _event(a, f.event, lang)
        verdict = f"[{label(f.verdict, lang)} · {label(f.weight, lang)}]"
        details = [where, _cites(a, f.citations, lang)]
        soft = [u for u in f.parameters if not u.is_firm]
        if soft:
            uses = "; ".join(
                f"{u.id} = {_show(u.value)} ({u.jurisdiction}, {label(u.basis, lang)}, {label(u.status, lang)})"
                for u in soft
            )
            details.append(f"{heading('rests_on', lang)}: {uses}")
        yield Item(f"{verdict} {people_dates(f.message(lang), lang)}", tuple(details))

    yield Heading(heading("outlook", lang))
    yield Legend(lang)
    common = _common_policy(a, lang)
    if common is not None:
        yield Paragraph(people_dates(common, lang))
    for p in a.outlook:
        head = f"{label(p.action, lang)}: {label(p.status, lang)}"
        if p.earliest and p.status is not OutlookStatus.HAPPENED:
            head += _paren(f"{heading('not_before', lang)} {long_date(p.earliest, lang)}", lang)
        if p.basis is Basis.LAW and p.earliest is not None and p.status is not OutlookStatus.HAPPENED:
            head += f" — {heading('law_order', lang)}"
        else:
            head += f" — {label(p.basis, lang)}"
        shown = [x for x in p.factors if x.name != "policy" or x.message(lang) != common]
        yield Item(
            head,
            tuple(people_dates(x.message(lang), lang) for x in shown),
            tuple(x.direction.value for x in shown),
        )

    yield Heading(heading("consequences", lang))
    rows: list[tuple[str, str]] = []
    if a.limitation is not None:
        lim = a.limitation
        state = heading("expired" if lim.expired else "running", lang)
        text = heading("limitation_row", lang).format(
            period=duration(lim.period, lang),
            starts=long_date(lim.starts, lang),
            expires=long_date(lim.expires, lang),
            state=state,
        )
        if lim.interrupted_by:
            events = ("、" if lang == "zh-CN" else ", ").join(
                heading("event_on", lang).format(n=i, date=long_date(case.events[i].at.astimezone(tz).date(), lang))
                for i in lim.interrupted_by
            )
            text += heading("restarted_by", lang).format(events=events)
        rows.append((heading("limitation", lang), text))
    if a.credit is not None:
        until = (
            heading("kept_until", lang).format(date=long_date(a.credit.retained_until, lang))
            if a.credit.retained_until
            else heading("while_unpaid", lang)
        )
        rows.append((heading("credit", lang), f"{until} — {people_dates(a.credit.rule.get(lang), lang)}"))
    if a.interest is not None:
        i = a.interest
        cap = f"{i.cap * 100:.2f}%" if i.cap is not None else heading("none", lang)
        sep, opening, closing = ("；", "（", "）") if lang == "zh-CN" else ("; ", " (", ")")
        if i.annual_rate is None:
            text = f"{heading('unknown_rate', lang)}{sep}{heading('cap', lang)} {cap}"
        else:
            verdict = heading("excess" if i.excess else "within_cap", lang)
            if i.cap is None:
                verdict = heading("no_cap_known", lang)
            text = (
                f"{heading('rate', lang)} {i.annual_rate * 100:.2f}%{sep}"
                f"{heading('cap', lang)} {cap}{opening}{verdict}{closing}"
            )
        if i.note is not None:
            text += f" — {people_dates(i.note.get(lang), lang)}"
        rows.append((heading("interest", lang), text))
    if a.exposure is not None:
        rows.append((heading("exposure", lang), people_dates(a.exposure.conditions.get(lang), lang)))
    if rows:
        yield Pairs(tuple(rows))

    yield Heading(heading("advice", lang))
    for n, x in enumerate(a.advice, 1):
        body = [people_dates(x.render_body(lang), lang)]
        if x.citations:
            body.append(_cites(a, x.citations, lang))
        yield Item(f"{n}. {people_dates(x.render_title(lang), lang)}", tuple(body))

    letters = [x for x in a.letters if lang in x.languages]
    if letters:
        yield Heading(heading("letters", lang))
        yield Paragraph(heading("letters_intro", lang))
        for letter in letters:
            note = (people_dates(letter.fill(letter.note, lang), lang),) if letter.note else ()
            yield Item(f"{letter.title.get(lang)} (--kind {letter.kind})", note)

    if a.instruments:
        yield Heading(heading("sources", lang))
        for inst in a.instruments.values():
            title = inst.title.get(lang)
            short = inst.short_title.get(lang) if inst.short_title is not None else None
            named = short and short != title and short not in title
            parts = [heading("short_title", lang).format(title=title, short=short) if named else title]
            # a Chinese document number stays out of English output (the title says what it is)
            if inst.number and (lang == "zh-CN" or not _has_cjk(inst.number)):
                status = inst.number_status
                parts.append(
                    inst.number
                    + (f" [{label(status, lang)}]" if status and status.value != "verified" else "")
                )
            if inst.period.start:
                start = long_date(inst.period.start, lang)
                if inst.period.end:
                    end = long_date(inst.period.end, lang)
                    parts.append(heading("in_force", lang).format(start=start, end=end))
                else:
                    parts.append(heading("in_force_from", lang).format(start=start))
            if inst.url:
                parts.append(inst.url)
            yield Item(" · ".join(parts))
    yield Paragraph(f"{heading('packs', lang)}: " + ", ".join(f"{p.name} {p.version}" for p in a.packs))
