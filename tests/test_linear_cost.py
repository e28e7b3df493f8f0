"""Costs that stay linear in the number of events, for every installed pack.

Not timed (timings are the benchmarks' job, ``benchmarks/growth.py``): the work is
counted as the Python calls and lines executed (``sys.settrace``), which does not
depend on the machine. Four times the events must cost about four times the work:
a check that scans the history for each event (the quadratic cost this replaced)
makes it sixteen. The output is bounded the same way: a finding lists at most
``RELATED_LIMIT`` related events, and the JSON grows with the events.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import loanoverdue
from loanoverdue.law.rule import RELATED_LIMIT

#: (jurisdiction, time zone, currency, lender kind) of each pack's histories.
PACKS = {
    "CN": ("CN", "Asia/Shanghai", "CNY", "consumer_finance"),
    "US": ("US-NY", "America/New_York", "USD", "debt_buyer"),
    "XE": ("XE-N", "Asia/Shanghai", "EXD", "online_microlender"),
}


def history(pack: str, n: int, night: bool) -> dict[str, Any]:
    """``n`` events by an agency, six a day from the first day, so that every size has
    the same mix: calls and messages (all late at night with ``night``), contacts with
    others, visits, and misconduct now and then."""
    jurisdiction, tz_name, currency, kind = PACKS[pack]
    tz = ZoneInfo(tz_name)
    r = random.Random(f"{pack}{night}")
    due = datetime(2026, 1, 10, tzinfo=tz)
    events = []
    for i in range(n):
        day = due + timedelta(days=1 + i // 6)
        hour = 22 if night or i % 9 == 0 else r.randrange(9, 20)
        action = "call" if night else r.choice(["call", "call", "sms", "third_party_contact", "home_visit"])
        event: dict[str, Any] = {
            "at": day.replace(hour=hour, minute=r.randrange(60)).isoformat(),
            "action": action,
            "actor": "collection_agency",
            "target": "family" if action == "third_party_contact" else "borrower",
            "outcome": r.choice(["connected", "no_answer", "delivered"]),
        }
        if i % 7 == 0:
            event["conduct"] = [r.choice(["threat", "insult", "false_legal_claim"])]
        if action == "third_party_contact" and i % 3 == 0:
            event["purpose"] = "location_inquiry"
        events.append(event)
    events[-1]["proposed"] = True
    return {
        "as_of": (due + timedelta(days=2 + n // 6)).isoformat(),
        "borrower": {"jurisdiction": jurisdiction, "timezone": tz_name},
        "loan": {
            "product": "credit_card",
            "principal": "9000",
            "outstanding": "9450.00",
            "currency": currency,
            "due_date": due.date().isoformat(),
            "contract_date": "2025-07-10",
            "annual_rate": "0.36",
            "lender": {"kind": kind},
        },
        "events": sorted(events, key=lambda e: datetime.fromisoformat(e["at"])),
    }


def work(fn: Callable[[], object]) -> int:
    """The Python calls and lines ``fn`` executes."""
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


SMALL, LARGE = 200, 800


@pytest.mark.parametrize("night", [False, True], ids=["typical", "night"])
@pytest.mark.parametrize("pack", sorted(PACKS))
def test_four_times_the_events_cost_about_four_times_the_work(pack: str, night: bool) -> None:
    registry = loanoverdue.default_registry()
    cases = [loanoverdue.load_case(history(pack, n, night)) for n in (SMALL, LARGE)]
    for case in cases:
        loanoverdue.assess(case, registry)  # memos warm, as in a running service
    assess = [work(lambda c=c: loanoverdue.assess(c, registry)) for c in cases]
    last = [work(lambda c=c: loanoverdue.check_event(c, len(c.events) - 1, registry)) for c in cases]
    growth = LARGE / SMALL
    assert assess[1] / assess[0] < growth * 1.25, assess
    assert last[1] / last[0] < growth * 1.25, last


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_the_output_grows_with_the_events_and_related_lists_are_bounded(pack: str) -> None:
    registry = loanoverdue.default_registry()
    sizes = []
    for n in (SMALL, LARGE):
        result = loanoverdue.assess(loanoverdue.load_case(history(pack, n, night=True)), registry)
        text = result.to_json()
        sizes.append(len(text))
        for finding in json.loads(text)["findings"]:
            assert len(finding["related"]) <= RELATED_LIMIT
            assert finding["related_count"] >= len(finding["related"])
            if finding["related_count"] > RELATED_LIMIT:
                assert len(finding["related"]) == RELATED_LIMIT
    assert sizes[1] / sizes[0] < (LARGE / SMALL) * 1.25, sizes


def test_a_long_window_is_named_by_its_first_and_last_events_and_its_count() -> None:
    registry = loanoverdue.default_registry()
    case = loanoverdue.load_case(history("CN", LARGE, night=True))
    result = loanoverdue.assess(case, registry)
    widest = max(result.findings, key=lambda f: f.related_count)
    assert widest.related_count > RELATED_LIMIT
    order = sorted(range(len(case.events)), key=lambda i: case.events[i].at)
    window = order[order.index(widest.related[0]) : order.index(widest.related[-1]) + 1]
    assert widest.related[: RELATED_LIMIT - 1] == tuple(window[: RELATED_LIMIT - 1])
    assert len(window) == widest.related_count
