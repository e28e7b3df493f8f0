"""A deterministic synthetic book: realistic delinquent accounts in China's provinces and
United States states, in several time zones (with and without daylight saving).

The same ``seed`` and ``count`` give the same book, byte for byte, in every version: the
accounts are case-file mappings drawn with :mod:`random` from the seed alone, never from
the library's own law. Ids are ``A`` and a zero-padded number, so the book is in id
order (as a Parquet book must be). The mix: online micro-lenders, banks, card issuers,
consumer-finance companies and debt buyers; 0-40 events over the life of the debt,
mostly calls and messages at daytime hours with some at night, visits, third-party
contacts, conduct flags, court steps, protections and proposed contacts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["PLACES", "generate_book", "synthetic_account"]

#: (jurisdiction, time zone, currency, lender kinds, weight in the book).
PLACES: tuple[tuple[str, str, str, tuple[str, ...], int], ...] = (
    (
        "CN",
        "Asia/Shanghai",
        "CNY",
        ("online_microlender", "consumer_finance", "bank", "facilitation_platform"),
        6,
    ),
    ("CN-BJ", "Asia/Shanghai", "CNY", ("online_microlender", "credit_card_issuer", "debt_buyer"), 3),
    ("CN-GD", "Asia/Shanghai", "CNY", ("bank", "online_microlender", "private_individual", "other"), 4),
    ("CN-SH", "Asia/Shanghai", "CNY", ("consumer_finance", "credit_card_issuer", "bank"), 3),
    ("CN-SC", "Asia/Shanghai", "CNY", ("online_microlender", "facilitation_platform"), 2),
    ("CN-XJ", "Asia/Urumqi", "CNY", ("bank", "online_microlender"), 1),
    ("US-NY", "America/New_York", "USD", ("bank", "debt_buyer", "credit_card_issuer"), 3),
    ("US-FL", "America/New_York", "USD", ("debt_buyer", "credit_card_issuer", "online_microlender"), 2),
    ("US-TX", "America/Chicago", "USD", ("credit_card_issuer", "debt_buyer", "other"), 3),
    ("US-IL", "America/Chicago", "USD", ("bank", "consumer_finance"), 1),
    ("US-CO", "America/Denver", "USD", ("bank", "debt_buyer"), 1),
    ("US-AZ", "America/Phoenix", "USD", ("bank", "online_microlender"), 1),
    ("US-CA", "America/Los_Angeles", "USD", ("bank", "debt_buyer", "consumer_finance"), 3),
    ("US-WA", "America/Los_Angeles", "USD", ("credit_card_issuer", "debt_buyer"), 1),
    ("US-HI", "Pacific/Honolulu", "USD", ("bank",), 1),
)
PRODUCTS = ("installment", "credit_card", "revolving", "payday", "other")
ACTIONS = (
    ("call", 30), ("sms", 18), ("notice", 6), ("instant_message", 5), ("email", 4), ("letter", 5),
    ("lawyer_letter", 2), ("third_party_contact", 6), ("agency_assignment", 2), ("home_visit", 3),
    ("workplace_visit", 2), ("credit_report", 2), ("debt_sale", 1), ("lawsuit", 1), ("arbitration", 1),
    ("payment_order", 1), ("court_service", 1), ("judgment", 1), ("enforcement", 1),
)  # fmt: skip
ACTORS = (
    ("lender", 5),
    ("collection_agency", 5),
    ("law_firm", 1),
    ("debt_buyer", 1),
    ("court", 1),
    ("unknown", 1),
)
TARGETS = (
    ("borrower", 20), ("spouse", 2), ("family", 3), ("employer", 2), ("colleague", 1), ("contact", 3),
    ("neighbour", 1), ("public", 1), ("attorney", 1),
)  # fmt: skip
OUTCOMES = (
    ("connected", 5), ("no_answer", 5), ("voicemail", 2), ("refused", 1), ("delivered", 5), ("failed", 1),
    ("unknown", 2),
)  # fmt: skip
CONDUCT = (
    "threat", "violence", "insult", "obscene", "impersonation", "false_legal_claim", "disclosure",
    "entered_without_consent", "refused_to_leave", "photographed", "public_shaming", "restricted_freedom",
    "property_damage", "illegal_debt_demand",
)  # fmt: skip
PURPOSES = ("validation_notice", "payment_demand", "ceasing_collection", "remedy_notice", "location_inquiry")
PROTECTIONS = ("represented_by_attorney", "cease_requested", "disputed", "hardship")
RATES = (None, "0.036", "0.0985", "0.12", "0.154", "0.18", "0.24", "0.2999", "0.36", "0.48")
COURT = frozenset({"lawsuit", "arbitration", "payment_order", "court_service", "judgment", "enforcement"})
#: Weights of the local hour of an event, 0-23: mostly office hours, some at night.
HOURS = (1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 8, 8, 10, 10, 10, 8, 6, 5, 4, 4, 3, 2)
DAYS_PAST_DUE = (0, 1, 5, 12, 30, 31, 45, 60, 61, 90, 91, 120, 180, 181, 365, 700, 1100, 1500)
EVENT_COUNTS = (0, 1, 2, 3, 5, 8, 12, 20, 20, 30, 40)
#: The days an account is screened on, so that its events (up to 1,510 days before) fall
#: where the packs hold the law in force: the China pack's card-overdraft parameters
#: have values from 2018-12-01 only.
FIRST_DAY, LAST_DAY = date(2023, 2, 1), date(2026, 11, 30)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _local_time(rng: random.Random) -> time:
    return time(rng.choices(range(24), HOURS)[0], rng.choice((0, 5, 15, 30, 40, 45, 59)))


def synthetic_account(rng: random.Random, account_id: str) -> dict[str, Any]:
    """One account's case-file mapping, drawn from ``rng``."""
    code, tz_name, currency, kinds, _ = rng.choices(PLACES, [p[4] for p in PLACES])[0]
    tz = ZoneInfo(tz_name)
    as_of_day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    as_of = datetime.combine(as_of_day, _local_time(rng), tz)
    dpd = rng.choice(DAYS_PAST_DUE)
    due = as_of_day - timedelta(days=dpd)
    principal = rng.choice((500, 900, 3000, 9000, 20000, 50000, 120000))
    outstanding = principal * rng.choice((4, 9, 10, 10, 13)) // 10
    loan: dict[str, Any] = {
        "product": rng.choice(PRODUCTS),
        "principal": str(principal),
        "outstanding": f"{outstanding}.00",
        "currency": currency,
        "due_date": due.isoformat(),
        "lender": {"kind": rng.choice(kinds)},
    }
    if rng.random() < 0.3:
        loan["lender"]["name"] = "Example Lender Co."
    if rng.random() < 0.8:
        loan["contract_date"] = (due - timedelta(days=rng.randrange(20, 900))).isoformat()
    rate = rng.choice(RATES)
    if rate is not None:
        loan["annual_rate"] = rate
    if rng.random() < 0.2 and dpd > 3:
        loan["last_payment_date"] = (due + timedelta(days=rng.randrange(1, dpd))).isoformat()
    if rng.random() < 0.15:
        loan["final_due_date"] = (due + timedelta(days=rng.randrange(0, 400))).isoformat()
    if rng.random() < 0.04 and dpd > 3:
        loan["outstanding"] = "0"
        loan["repaid_on"] = (due + timedelta(days=rng.randrange(1, dpd))).isoformat()
    borrower: dict[str, Any] = {"jurisdiction": code, "timezone": tz_name}
    if rng.random() < 0.2:
        borrower["protections"] = [
            {
                "kind": kind,
                "since": (as_of_day - timedelta(days=rng.randrange(0, max(dpd, 1) + 30))).isoformat(),
            }
            for kind in rng.sample(PROTECTIONS, rng.randint(1, 2))
        ]
    events = []
    for _ in range(rng.choice(EVENT_COUNTS)):
        day = due + timedelta(days=rng.randrange(-5, max(dpd, 1) + 10))
        at = datetime.combine(day, _local_time(rng), tz)
        action = _pick(rng, ACTIONS)
        event: dict[str, Any] = {
            "at": at.isoformat(),
            "action": action,
            "actor": "court" if action in COURT and rng.random() < 0.7 else _pick(rng, ACTORS),
            "target": "borrower" if action in COURT else _pick(rng, TARGETS),
            "outcome": _pick(rng, OUTCOMES),
        }
        if action in ("home_visit", "workplace_visit"):
            event["place"] = "home" if action == "home_visit" else "workplace"
        if rng.random() < 0.15:
            event["conduct"] = sorted(rng.sample(CONDUCT, rng.randint(1, 3)))
        if rng.random() < 0.08:
            event["purpose"] = rng.choice(PURPOSES)
        if at > as_of or rng.random() < 0.03:
            event["proposed"] = True
        events.append(event)
    if rng.random() < 0.25:  # the dialler's question: may we call now, or tonight?
        at = as_of + timedelta(hours=rng.choice((0, 1, 3, 12, 13)))
        events.append(
            {"at": at.isoformat(), "action": rng.choice(("call", "sms")), "actor": "collection_agency",
             "target": "borrower", "proposed": True}
        )  # fmt: skip
    return {
        "id": account_id,
        "as_of": as_of.isoformat(),
        "borrower": borrower,
        "loan": loan,
        "events": events,
    }


def generate_book(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` accounts drawn from ``seed``, in ascending id order (``A00000001``, …)."""
    rng = random.Random(seed)
    for i in range(1, count + 1):
        yield synthetic_account(rng, f"A{i:08d}")
