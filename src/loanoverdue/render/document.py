"""The assessment laid out as a small document (headings, key-value tables, items),
which the text and Markdown renderers format. One layout, two formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import attrs

from loanoverdue.labels import heading, label
from loanoverdue.law.source import Citation
from loanoverdue.results import Assessment, Direction, OutlookStatus
from loanoverdue.results.json import plain

__all__ = ["Block", "Heading", "Item", "Pairs", "Paragraph", "layout"]

_MARK = {Direction.RAISES: "+", Direction.LOWERS: "−", Direction.NEUTRAL: "·", Direction.BLOCKS: "×"}


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
    """A list item: a head line and indented detail lines."""

    head: str
    details: tuple[str, ...] = ()


Block = Heading | Paragraph | Pairs | Item


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


def layout(a: Assessment, lang: str = "en") -> Iterator[Block]:
    """The blocks of a human-readable assessment in ``lang``."""
    case = a.case
    yield Heading(heading("title", lang), 1)
    yield Paragraph(heading("not_advice", lang))
    yield Heading(heading("summary", lang))
    yield Pairs(
        (
            (heading("as_of", lang), case.as_of.isoformat(timespec="minutes")),
            (heading("jurisdiction", lang), " → ".join(a.jurisdiction)),
            (heading("outstanding", lang), str(case.loan.outstanding)),
            (heading("days_past_due", lang), str(a.days_past_due)),
            (heading("stage", lang), label(a.stage, lang)),
        )
    )

    yield Heading(heading("findings", lang))
    if not a.findings:
        yield Paragraph(heading("no_findings", lang))
    tz = case.borrower.tz
    for f in a.findings:
        if f.event is None:
            where = heading("case", lang)
        else:
            e = case.events[f.event]
            when = e.at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            who = f"{label(e.actor, lang)} → {label(e.target, lang)}"
            proposed = f" ({heading('proposed', lang)})" if e.proposed else ""
            where = f"{heading('event', lang)} {f.event} · {when} · {label(e.action, lang)} · {who}{proposed}"
        verdict = f"[{label(f.verdict, lang)} · {label(f.weight, lang)}]"
        details = [where, _cites(a, f.citations, lang)]
        soft = [u for u in f.parameters if not u.is_firm]
        if soft:
            uses = "; ".join(
                f"{u.id} = {_show(u.value)} ({u.jurisdiction}, {label(u.basis, lang)}, {label(u.status, lang)})"
                for u in soft
            )
            details.append(f"{heading('rests_on', lang)}: {uses}")
        yield Item(f"{verdict} {f.message(lang)}", tuple(details))

    yield Heading(heading("outlook", lang))
    for p in a.outlook:
        when = ""
        if p.earliest and p.status is not OutlookStatus.HAPPENED:
            when = f"{heading('earliest', lang)} {p.earliest.isoformat()}"
        head = f"{label(p.action, lang)}: {label(p.status, lang)}"
        if when:
            head += f" ({when})"
        head += f" — {label(p.basis, lang)}"
        marks = tuple(f"{_MARK[x.direction]} {x.message(lang)}" for x in p.factors)
        yield Item(head, marks)

    yield Heading(heading("consequences", lang))
    rows: list[tuple[str, str]] = []
    if a.limitation is not None:
        lim = a.limitation
        state = heading("expired" if lim.expired else "running", lang)
        text = f"{lim.period}, {lim.starts.isoformat()} → {heading('expires', lang)} {lim.expires.isoformat()} ({state})"
        if lim.interrupted_by:
            text += f"; {heading('interrupted_by', lang)} {', '.join(map(str, lim.interrupted_by))}"
        rows.append((heading("limitation", lang), text))
    if a.credit is not None:
        until = (
            a.credit.retained_until.isoformat() if a.credit.retained_until else heading("while_unpaid", lang)
        )
        rows.append(
            (
                heading("credit", lang),
                f"{heading('retained_until', lang)}: {until} — {a.credit.rule.get(lang)}",
            )
        )
    if a.interest is not None:
        i = a.interest
        cap = f"{i.cap * 100:.2f}%" if i.cap is not None else heading("none", lang)
        if i.annual_rate is None:
            text = f"{heading('unknown_rate', lang)}; {heading('cap', lang)} {cap}"
        else:
            verdict = heading("excess" if i.excess else "within_cap", lang)
            if i.cap is None:
                verdict = heading("no_cap_known", lang)
            text = f"{heading('rate', lang)} {i.annual_rate * 100:.2f}%; {heading('cap', lang)} {cap} ({verdict})"
        if i.note is not None:
            text += f" — {i.note.get(lang)}"
        rows.append((heading("interest", lang), text))
    if a.exposure is not None:
        rows.append((heading("exposure", lang), a.exposure.conditions.get(lang)))
    if rows:
        yield Pairs(tuple(rows))

    yield Heading(heading("advice", lang))
    for n, x in enumerate(a.advice, 1):
        body = [x.render_body(lang)]
        if x.citations:
            body.append(_cites(a, x.citations, lang))
        yield Item(f"{n}. {x.render_title(lang)}", tuple(body))

    if a.instruments:
        yield Heading(heading("sources", lang))
        for inst in a.instruments.values():
            parts = [inst.title.get(lang)]
            if inst.number:
                status = inst.number_status
                parts.append(
                    inst.number
                    + (f" [{label(status, lang)}]" if status and status.value != "verified" else "")
                )
            if inst.period.start:
                parts.append(f"{inst.period}")
            if inst.url:
                parts.append(inst.url)
            yield Item(" · ".join(parts))
    yield Paragraph(f"{heading('packs', lang)}: " + ", ".join(f"{p.name} {p.version}" for p in a.packs))
