"""The check of the rule from example-app's agreement."""

from __future__ import annotations

from datetime import time

from loanoverdue.pack import EventContext, Hit, Verdict, checks_registry

CHECKS, check = checks_registry()

OPENS, CLOSES = time(9, 0), time(20, 0)


@check("example-app.contact.hours")
def contact_hours(ctx: EventContext) -> Hit | None:
    t = ctx.local.time()
    if t < OPENS or t >= CLOSES:
        return Hit(Verdict.VIOLATION, {"local_time": t})
    return None
