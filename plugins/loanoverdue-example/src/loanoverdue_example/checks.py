"""The check functions of the example pack's rules (metadata in data/rules.toml)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from loanoverdue.pack import Action, CaseContext, Conduct, EventContext, Hit, Target, Verdict, checks_registry

CHECKS, check = checks_registry()


@check("xe.contact.quiet_hours")
def quiet_hours(ctx: EventContext) -> Hit | None:
    start = ctx.param("xe.contact.quiet_start")
    end = ctx.param("xe.contact.quiet_end")
    t = ctx.local.time()
    if t >= start or t < end:
        # times are formatted when the message is rendered ({local_time:%H:%M})
        return Hit(Verdict.VIOLATION, {"local_time": t, "start": start, "end": end})
    return None


@check("xe.call.frequency")
def call_frequency(ctx: CaseContext) -> Iterator[Hit]:
    calls = ctx.of(Action.CALL)
    week = timedelta(days=7)
    first = 0  # the earliest call inside the 7 days before the current one
    for i, view in enumerate(calls):
        while view.event.at - calls[first].event.at >= week:
            first += 1
        limit = ctx.param("xe.call.max_attempts_7d", view.day)
        count = i + 1 - first  # the calls of the window, counted without copying them
        if count == limit + 1:
            yield Hit(
                Verdict.VIOLATION,
                {"count": count, "limit": limit},
                event=view.index,
                related=tuple(c.index for c in calls[first : i + 1]),
            )


@check("xe.disclosure")
def disclosure(ctx: EventContext) -> Hit | None:
    target = ctx.event.target
    if target not in (Target.BORROWER, Target.ATTORNEY) or ctx.event.has(Conduct.DISCLOSURE):
        return Hit(Verdict.VIOLATION, {"target": target})
    return None


@check("xe.threat")
def threat(ctx: EventContext) -> Hit | None:
    return Hit(Verdict.VIOLATION) if ctx.event.has(Conduct.THREAT) else None
