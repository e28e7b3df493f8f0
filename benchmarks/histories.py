"""Generated collection histories of any length, for the growth benchmarks.

``history(pack, n)`` is a case in the case-file format (a dict) with ``n`` events, as a
delinquent account accumulates them: about six a day, mostly calls and text messages
in the daytime, a few late in the evening or early in the morning, letters and notices
now and then, contacts with family and the borrower's contacts, the odd home visit,
and misconduct on about one event in fifty. The lender collects for the first sixth of
the history (a week at least), an agency after that: so a history ten times as long has
the same mix of events, and its cost can be compared with the shorter one's. The same ``(pack, n, seed)`` gives the same case.

``shape="night"`` is the worst case of the night rules instead: every event a call
late in the evening, at the same six a day.

Only the standard library: the benchmark harness runs this under the interpreter of
each version it compares, and every version reads this case-file format.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["EVENTS_PER_DAY", "PACKS", "history"]

#: pack -> (jurisdiction, time zone, currency, lender kind) of its cases.
PACKS: dict[str, tuple[str, str, str, str]] = {
    "CN": ("CN", "Asia/Shanghai", "CNY", "online_microlender"),
    "US": ("US-NY", "America/New_York", "USD", "bank"),
    "XE": ("XE-N", "Asia/Shanghai", "EXD", "online_microlender"),
}

#: The average number of events a day; the history lasts ``n / EVENTS_PER_DAY`` days.
EVENTS_PER_DAY = 6
#: The due date of every history (year, month, day): the events follow it.
START = (2026, 1, 10)

_ACTIONS = [
    ("call", 50),
    ("sms", 22),
    ("instant_message", 6),
    ("notice", 5),
    ("email", 3),
    ("letter", 3),
    ("third_party_contact", 9),
    ("home_visit", 1),
    ("workplace_visit", 1),
]
_CONDUCT = ["threat", "insult", "false_legal_claim", "disclosure", "public_shaming"]


def _pick(r: random.Random, weighted: list[tuple[str, int]]) -> str:
    return r.choices([a for a, _ in weighted], weights=[w for _, w in weighted])[0]


def history(pack: str, n: int, seed: int = 0, shape: str = "typical") -> dict[str, Any]:
    """A case of ``pack`` (``CN``, ``US`` or ``XE``) with ``n`` events."""
    if shape not in ("typical", "night"):
        raise ValueError(f"unknown shape {shape!r}")
    jurisdiction, tz_name, currency, kind = PACKS[pack]
    tz = ZoneInfo(tz_name)
    r = random.Random(f"{pack}:{n}:{seed}:{shape}")
    days = max(14, -(-n // EVENTS_PER_DAY))
    due = datetime(*START, tzinfo=tz)
    first = due + timedelta(days=1)
    moments = []
    for _ in range(n):
        day = first + timedelta(days=r.randrange(days))
        if shape == "night":
            hour = 22
        elif r.random() < 0.05:  # late in the evening or early in the morning
            hour = r.choice([6, 7, 21, 22, 23])
        else:
            hour = r.randrange(8, 21)
        moments.append(day.replace(hour=hour, minute=r.randrange(60), second=r.randrange(60)))
    moments.sort()
    events = []
    for i, at in enumerate(moments):
        action = "call" if shape == "night" else _pick(r, _ACTIONS)
        agency = (at - due).days > max(7, days // 6)
        event: dict[str, Any] = {
            "at": at.isoformat(),
            "action": action,
            "actor": "collection_agency" if agency else "lender",
            "target": "borrower",
            "outcome": r.choice(["no_answer", "no_answer", "connected", "voicemail", "refused"]),
        }
        if action in ("sms", "instant_message", "notice", "email", "letter"):
            event["outcome"] = r.choice(["delivered", "delivered", "unknown", "failed"])
        if action == "third_party_contact":
            event["target"] = r.choice(["family", "contact", "spouse", "employer"])
        elif action == "home_visit":
            event["place"] = "home"
            event["outcome"] = "unknown"
        elif action == "workplace_visit":
            event["place"] = "workplace"
            event["outcome"] = "unknown"
        if pack == "US" and i == 1:
            event.update(action="letter", purpose="validation_notice", outcome="delivered")
        if r.random() < 0.02:
            event["conduct"] = [r.choice(_CONDUCT)]
        events.append(event)
    as_of = (moments[-1] if moments else first) + timedelta(days=1)
    return {
        "as_of": as_of.replace(hour=12, minute=0, second=0).isoformat(),
        "borrower": {"jurisdiction": jurisdiction, "timezone": tz_name},
        "loan": {
            "product": "installment",
            "principal": "9000",
            "outstanding": "9450.00",
            "currency": currency,
            "due_date": due.date().isoformat(),
            "contract_date": (due - timedelta(days=180)).date().isoformat(),
            "annual_rate": "0.18",
            "lender": {"kind": kind, "name": "Example Lender"},
        },
        "events": events,
    }
