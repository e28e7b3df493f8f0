"""A corpus of generated cases, to compare the output of two versions of loanoverdue.

    python benchmarks/corpus.py write OUT.json [--count 1200] [--seed 1]
    python benchmarks/corpus.py compare OLD.json NEW.json
    python benchmarks/corpus.py show ID [--seed 1] [--lang en] [--format json]

``write`` assesses every case of the corpus with the installed packs and stores, per case,
a digest of everything a user can see: the assessment JSON and the text and Markdown
renderings in English and Chinese, and the findings :func:`loanoverdue.check_event` gives
for the last event. Run it with the interpreter of each version (e.g. a virtual
environment built from a git ref, and this checkout's) and ``compare`` the two files: a
refactoring must leave every digest as it was, and a change of output must be one the
change meant to make (``show`` prints one case's output to look at).

The cases are case-file mappings (the stable contract), so any version reads them. They
are generated from a seed with :mod:`random`, never from the library itself: the same
seed gives the same corpus in every version. They mix what a delinquent book holds: China
(with and without the example platform), United States states in four time zones with
daylight saving, and the fictional example pack; 0-40 events over the life of the debt
with night calls, visits, third parties, conduct flags, court steps and proposed events;
protections, rates, repayments. Jurisdictions no installed pack covers are skipped (and
counted), so a version with fewer packs still compares on the rest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

#: (jurisdiction, time zone, currency, lender kinds to draw from, platforms).
PLACES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str | None, ...]], ...] = (
    (
        "CN",
        "Asia/Shanghai",
        "CNY",
        ("online_microlender", "consumer_finance", "bank", "private_individual", "facilitation_platform"),
        (None, None, "example-app"),
    ),
    (
        "CN-BJ",
        "Asia/Shanghai",
        "CNY",
        ("online_microlender", "credit_card_issuer", "debt_buyer", "consumer_finance"),
        (None, "example-app"),
    ),
    ("CN-GD", "Asia/Shanghai", "CNY", ("bank", "online_microlender", "private_individual", "other"), (None,)),
    (
        "US-NY",
        "America/New_York",
        "USD",
        ("bank", "debt_buyer", "credit_card_issuer", "online_microlender"),
        (None,),
    ),
    ("US-CA", "America/Los_Angeles", "USD", ("bank", "debt_buyer", "consumer_finance"), (None,)),
    ("US-TX", "America/Chicago", "USD", ("credit_card_issuer", "debt_buyer", "other"), (None,)),
    ("US-AZ", "America/Phoenix", "USD", ("bank", "online_microlender"), (None,)),
    ("XE-N", "Asia/Shanghai", "EXD", ("online_microlender", "bank"), (None,)),
)
PRODUCTS = ("installment", "credit_card", "revolving", "payday", "other")
ACTIONS = (
    ("call", 30),
    ("sms", 18),
    ("notice", 6),
    ("instant_message", 5),
    ("email", 4),
    ("letter", 5),
    ("lawyer_letter", 2),
    ("third_party_contact", 6),
    ("agency_assignment", 2),
    ("home_visit", 3),
    ("workplace_visit", 2),
    ("credit_report", 2),
    ("debt_sale", 1),
    ("lawsuit", 1),
    ("arbitration", 1),
    ("payment_order", 1),
    ("court_service", 1),
    ("judgment", 1),
    ("enforcement", 1),
)
ACTORS = (
    ("lender", 5),
    ("collection_agency", 5),
    ("law_firm", 1),
    ("debt_buyer", 1),
    ("court", 1),
    ("unknown", 1),
)
TARGETS = (
    ("borrower", 20),
    ("spouse", 2),
    ("family", 3),
    ("employer", 2),
    ("colleague", 1),
    ("contact", 3),
    ("neighbour", 1),
    ("public", 1),
    ("attorney", 1),
)
OUTCOMES = (
    ("connected", 5),
    ("no_answer", 5),
    ("voicemail", 2),
    ("refused", 1),
    ("delivered", 5),
    ("failed", 1),
    ("unknown", 2),
)
CONDUCT = (
    "threat",
    "violence",
    "insult",
    "obscene",
    "impersonation",
    "false_legal_claim",
    "disclosure",
    "entered_without_consent",
    "refused_to_leave",
    "photographed",
    "public_shaming",
    "restricted_freedom",
    "property_damage",
    "illegal_debt_demand",
)
PURPOSES = ("validation_notice", "payment_demand", "ceasing_collection", "remedy_notice", "location_inquiry")
PROTECTIONS = ("represented_by_attorney", "cease_requested", "disputed", "hardship")
RATES = (None, "0.036", "0.0985", "0.12", "0.154", "0.18", "0.24", "0.2999", "0.36", "0.48")
COURT = {"lawsuit", "arbitration", "payment_order", "court_service", "judgment", "enforcement"}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _local_time(rng: random.Random) -> time:
    hour = rng.choices(
        range(24), [1, 1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 10, 8, 8, 10, 10, 10, 8, 6, 5, 4, 4, 3, 2]
    )[0]
    return time(hour, rng.choice((0, 5, 15, 30, 40, 45, 59)))


def case(rng: random.Random) -> dict[str, Any]:
    """One case-file mapping."""
    code, tz_name, currency, kinds, platforms = rng.choice(PLACES)
    tz = ZoneInfo(tz_name)
    # the fictional pack's law starts in 2020; its cases are dated after that
    first = date(2022, 1, 1) if code.startswith("XE") else date(2014, 1, 1)
    as_of_day = first + timedelta(days=rng.randrange((date(2026, 11, 30) - first).days))
    as_of = datetime.combine(as_of_day, _local_time(rng), tz)
    dpd = rng.choice((0, 1, 5, 12, 30, 31, 45, 60, 61, 90, 91, 120, 180, 181, 365, 700, 1100, 1500))
    due = as_of_day - timedelta(days=dpd)
    principal = rng.choice((500, 900, 3000, 9000, 20000, 50000, 120000))
    outstanding = principal * rng.choice((0.4, 0.9, 1.0, 1.05, 1.3))
    loan: dict[str, Any] = {
        "product": rng.choice(PRODUCTS),
        "principal": str(principal),
        "outstanding": f"{outstanding:.2f}",
        "currency": currency,
        "due_date": due.isoformat(),
        "lender": {"kind": rng.choice(kinds)},
    }
    platform = rng.choice(platforms)
    if platform is not None:
        loan["lender"]["platform"] = platform
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
    if rng.random() < 0.05 and dpd > 3:
        loan["outstanding"] = "0"
        loan["repaid_on"] = (due + timedelta(days=rng.randrange(1, dpd))).isoformat()
    borrower: dict[str, Any] = {"jurisdiction": code, "timezone": tz_name}
    if rng.random() < 0.25:
        borrower["protections"] = [
            {
                "kind": kind,
                "since": (as_of_day - timedelta(days=rng.randrange(0, max(dpd, 1) + 30))).isoformat(),
            }
            for kind in rng.sample(PROTECTIONS, rng.randint(1, 2))
        ]
    events = []
    span = max(dpd, 1) + 10
    for _ in range(rng.choice((0, 1, 2, 3, 5, 8, 12, 20, 20, 30, 40))):
        day = due + timedelta(days=rng.randrange(-5, span))
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
        elif rng.random() < 0.05:
            event["place"] = rng.choice(("home", "workplace", "public", "online"))
        if rng.random() < 0.2:
            event["conduct"] = sorted(rng.sample(CONDUCT, rng.randint(1, 3)))
        if rng.random() < 0.1:
            event["purpose"] = rng.choice(PURPOSES)
        if at > as_of or rng.random() < 0.04:
            event["proposed"] = True
        events.append(event)
    if rng.random() < 0.3:
        # the dialler's question: a call or visit now, or tonight
        at = as_of + timedelta(hours=rng.choice((0, 1, 3, 12, 13)))
        events.append(
            {
                "at": at.isoformat(),
                "action": rng.choice(("call", "home_visit", "sms")),
                "actor": "collection_agency",
                "target": "borrower",
                "proposed": True,
            }
        )
    return {"as_of": as_of.isoformat(), "borrower": borrower, "loan": loan, "events": events}


def corpus(count: int, seed: int) -> Iterator[tuple[int, dict[str, Any]]]:
    rng = random.Random(seed)
    for i in range(count):
        yield i, case(rng)


def outputs(data: dict[str, Any], registry: Any) -> dict[str, str]:
    """Everything a user sees of one case, by name."""
    import loanoverdue
    from loanoverdue.render import render_markdown, render_text

    c = loanoverdue.load_case(data)
    a = loanoverdue.assess(c, registry)
    out = {}
    for lang in ("en", "zh-CN"):
        out[f"json.{lang}"] = a.to_json(lang)
        out[f"text.{lang}"] = render_text(a, lang)
        out[f"markdown.{lang}"] = render_markdown(a, lang)
    if c.events:
        found = loanoverdue.check_event(c, len(c.events) - 1, registry)
        out["check_event"] = "\n".join(
            f"{f.rule} {f.verdict.value} {f.event} {f.message('en')}" for f in found
        )
    # a checkout's own location (a platform policy's file in the trace) is not output
    root = str(Path(loanoverdue.__file__).resolve().parents[2])
    return {name: text.replace(root, "<checkout>") for name, text in out.items()}


def write(path: str, count: int, seed: int) -> None:
    import loanoverdue

    registry = loanoverdue.default_registry()
    digests: dict[str, str] = {}
    skipped = errors = 0
    for i, data in corpus(count, seed):
        try:
            registry.chain(data["borrower"]["jurisdiction"])
        except loanoverdue.UnknownJurisdictionError:
            skipped += 1
            continue
        h = hashlib.sha256()
        try:
            shown = outputs(data, registry)
        except loanoverdue.LoanOverdueError as exc:  # an error is output too: compare it
            shown = {"error": f"{type(exc).__name__}: {exc}"}
            errors += 1
        for name, text in sorted(shown.items()):
            h.update(name.encode() + b"\0" + text.encode() + b"\0")
        digests[str(i)] = h.hexdigest()
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"count": count, "seed": seed, "skipped": skipped, "digests": digests}, f, indent=0)
    print(
        f"{len(digests)} cases written to {path} ({errors} of them end in an error; "
        f"{skipped} skipped: jurisdiction not installed)"
    )


def compare(old_path: str, new_path: str) -> int:
    with open(old_path, encoding="utf-8") as f:
        old = json.load(f)
    with open(new_path, encoding="utf-8") as f:
        new = json.load(f)
    if (old["count"], old["seed"]) != (new["count"], new["seed"]):
        print("the two files are of different corpora", file=sys.stderr)
        return 2
    common = sorted(set(old["digests"]) & set(new["digests"]), key=int)
    differ = [i for i in common if old["digests"][i] != new["digests"][i]]
    print(f"{len(common)} cases in both, {len(differ)} differ")
    if differ:
        print("differ: " + " ".join(differ[:50]) + (" …" if len(differ) > 50 else ""))
    return 1 if differ else 0


def show(case_id: int, seed: int, lang: str, fmt: str) -> None:
    import loanoverdue

    for i, data in corpus(case_id + 1, seed):
        if i == case_id:
            print(json.dumps(data, indent=2))
            try:
                print(outputs(data, loanoverdue.default_registry())[f"{fmt}.{lang}"])
            except loanoverdue.LoanOverdueError as exc:
                print(f"{type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("out")
    w.add_argument("--count", type=int, default=1200)
    w.add_argument("--seed", type=int, default=1)
    c = sub.add_parser("compare")
    c.add_argument("old")
    c.add_argument("new")
    s = sub.add_parser("show")
    s.add_argument("id", type=int)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--lang", default="en")
    s.add_argument("--format", default="json", choices=("json", "text", "markdown"))
    args = parser.parse_args(argv)
    if args.command == "write":
        write(args.out, args.count, args.seed)
        return 0
    if args.command == "compare":
        return compare(args.old, args.new)
    show(args.id, args.seed, args.lang, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())
