"""Benchmarks of loanoverdue: import plus registry build, and one assessment.

    .venv/bin/python benchmarks/bench.py            # print the figures as a Markdown table
    .venv/bin/python benchmarks/bench.py --write    # also put them into docs/benchmarks.md

Ratios are measured within one run (these machines are noisy): the import benchmark
interleaves the baseline (``python -c "import attrs, pluggy"``) with the measured
command and compares medians. Assessment time is the median of many timed batches on
one core, for a case of 20 events in each installed jurisdiction that has a sample case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- figures -->"

BASELINE = "import attrs, pluggy"
MEASURED = "import loanoverdue; loanoverdue.default_registry()"

#: (jurisdiction, time zone, currency, lender kind) of the 20-event sample cases.
SAMPLES = [
    ("CN", "Asia/Shanghai", "CNY", "online_microlender"),
    ("US-NY", "America/New_York", "USD", "bank"),
    ("XE-N", "Asia/Shanghai", "EXD", "online_microlender"),
]


#: Fresh interpreters run as an installed program does: with bytecode (and the parsed-law
#: cache that follows the same switch) written on first use and read afterwards.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_ENV)
    return time.perf_counter() - start


def import_ratio(rounds: int) -> dict[str, float]:
    """Median wall time of a fresh interpreter importing and building the registry,
    against one importing attrs and pluggy, interleaved."""
    _run(BASELINE)  # warm the file cache, write bytecode and the parsed-law cache
    _run(MEASURED)
    base, measured = [], []
    for _ in range(rounds):
        base.append(_run(BASELINE))
        measured.append(_run(MEASURED))
    b, m = statistics.median(base), statistics.median(measured)
    return {"baseline_ms": b * 1000, "measured_ms": m * 1000, "ratio": m / b}


def registry_build(rounds: int) -> float:
    """Median time of Registry.build() in a warm process (entry points and data)."""
    from loanoverdue import Registry

    Registry.build()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        Registry.build()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def sample_case(jurisdiction: str, tz: str, currency: str, kind: str) -> dict[str, Any]:
    """A case of 20 events over 40 days, as a delinquent account sees them: notices, SMS
    and calls, mostly in the daytime, two late-evening calls, one contact with family
    and one threat."""
    from zoneinfo import ZoneInfo

    as_of = datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo(tz))
    actions = [
        "notice",
        "sms",
        "call",
        "call",
        "instant_message",
        "call",
        "letter",
        "call",
        "third_party_contact",
        "call",
    ]
    hours = [9, 10, 14, 11, 16, 22, 15, 10, 11, 17, 9, 13, 14, 21, 15, 10, 11, 16, 12, 10]
    events = []
    for i in range(20):
        day = (as_of - timedelta(days=40 - 2 * i)).replace(hour=hours[i], minute=15)
        at = day
        events.append(
            {
                "at": at.isoformat(),
                "action": actions[i % len(actions)],
                "actor": "collection_agency" if i > 8 else "lender",
                "target": "family" if actions[i % len(actions)] == "third_party_contact" else "borrower",
                "outcome": ["no_answer", "connected", "delivered"][i % 3],
                "conduct": ["threat"] if i == 17 else [],
            }
        )
    return {
        "as_of": as_of.isoformat(),
        "borrower": {"jurisdiction": jurisdiction, "timezone": tz},
        "loan": {
            "product": "installment",
            "principal": "9000",
            "outstanding": "9450.00",
            "currency": currency,
            "due_date": "2026-01-10",
            "contract_date": "2025-07-10",
            "annual_rate": "0.18",
            "lender": {"kind": kind, "name": "Example Lender"},
        },
        "events": events,
    }


def varied_case(jurisdiction: str, tz: str, currency: str, kind: str, seed: int) -> dict[str, Any]:
    """A 20-event case like :func:`sample_case`, varied by ``seed``: another assessment
    date (so other days overdue), balance, hours, actions, actors, targets, outcomes and
    conduct. A stream of these is what a collection system or a complaint desk feeds
    the library; nothing in it repeats a whole case."""
    import random

    r = random.Random(seed)
    data = sample_case(jurisdiction, tz, currency, kind)
    from zoneinfo import ZoneInfo

    as_of = datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo(tz)) + timedelta(days=r.randrange(-300, 300))
    data["as_of"] = as_of.isoformat()
    due = as_of.date() - timedelta(days=r.randrange(1, 400))
    data["loan"]["due_date"] = due.isoformat()
    data["loan"]["contract_date"] = (due - timedelta(days=180)).isoformat()
    data["loan"]["outstanding"] = f"{r.randrange(100, 5_000_000) / 100:.2f}"
    actions = ["notice", "sms", "call", "call", "instant_message", "letter", "third_party_contact"]
    conduct = ["threat", "insult", "false_legal_claim", "public_shaming"]
    for i, event in enumerate(data["events"]):
        at = as_of - timedelta(days=40 - 2 * i, hours=r.randrange(0, 8))
        event["at"] = at.replace(
            hour=r.choice([8, 9, 10, 11, 14, 15, 17, 20, 21, 22]), minute=r.randrange(60)
        ).isoformat()
        event["action"] = r.choice(actions)
        event["actor"] = r.choice(["lender", "collection_agency"])
        event["target"] = "family" if event["action"] == "third_party_contact" else "borrower"
        event["outcome"] = r.choice(["no_answer", "connected", "delivered"])
        event["conduct"] = [r.choice(conduct)] if r.random() < 0.05 else []
    return data


def stream_time(code: str, tz: str, currency: str, kind: str, cases: int) -> float:
    """Mean time per assessment over a stream of ``cases`` distinct varied cases, each
    assessed once, after a warm-up on a different stream (registry built, memos warm
    as in a running service)."""
    import loanoverdue

    registry = loanoverdue.default_registry()
    warm = [
        loanoverdue.load_case(varied_case(code, tz, currency, kind, 100_000 + i)) for i in range(cases // 4)
    ]
    stream = [loanoverdue.load_case(varied_case(code, tz, currency, kind, i)) for i in range(cases)]
    for case in warm:
        loanoverdue.assess(case, registry)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        for case in stream:
            loanoverdue.assess(case, registry)
        runs.append((time.perf_counter() - start) / len(stream))
        stream = [
            loanoverdue.load_case(varied_case(code, tz, currency, kind, len(runs) * 10_000 + i))
            for i in range(cases)
        ]
    return min(runs)


def outlook_per_step(registry: Any, case: Any, batches: int) -> tuple[int, float]:
    """The number of steps in ``case``'s outlook, and the median time the outlook takes
    per step (engine and the packs' factor providers; the case context built outside
    the timing)."""
    from loanoverdue.engine.context import CaseState
    from loanoverdue.engine.outlook import build_outlook
    from loanoverdue.engine.platform import applicable_policy

    chain = registry.chain(case.borrower.jurisdiction)
    ctx = CaseState(case, registry, chain)
    platform = applicable_policy(ctx, ())
    steps = len(build_outlook(ctx, platform)[0])

    def outlook() -> None:
        # a fresh context each time, as each assessment has: nothing carried over
        build_outlook(CaseState(case, registry, chain), platform)

    def context_only() -> None:
        CaseState(case, registry, chain)

    times = []
    for fn in (outlook, context_only):
        timer = timeit.Timer(fn)
        number, _ = timer.autorange()
        times.append(statistics.median(t / number for t in timer.repeat(repeat=batches, number=number)))
    return steps, (times[0] - times[1]) / steps * 1e6


def assessment_times(batches: int) -> list[dict[str, Any]]:
    import attrs

    import loanoverdue

    registry = loanoverdue.default_registry()
    rows = []
    for code, tz, currency, kind in SAMPLES:
        if code not in registry.jurisdictions:
            continue
        data = sample_case(code, tz, currency, kind)
        case = loanoverdue.load_case(data)
        loanoverdue.assess(case, registry)
        timer = timeit.Timer(lambda case=case: loanoverdue.assess(case, registry))
        number, _ = timer.autorange()
        per_call = [t / number for t in timer.repeat(repeat=batches, number=number)]
        load = timeit.Timer(lambda data=data: loanoverdue.load_case(data))
        n_load, _ = load.autorange()
        load_per = [t / n_load for t in load.repeat(repeat=max(3, batches // 3), number=n_load)]
        result = loanoverdue.assess(case, registry)
        stream_us = stream_time(code, tz, currency, kind, 1000) * 1e6
        bare = loanoverdue.load_case({**data, "events": []})
        loanoverdue.assess(bare, registry)
        timer = timeit.Timer(lambda bare=bare: loanoverdue.assess(bare, registry))
        number, _ = timer.autorange()
        bare_us = statistics.median(t / number for t in timer.repeat(repeat=batches, number=number)) * 1e6
        steps, step_us = outlook_per_step(registry, bare, batches)
        # "may I do this now?": one more event, proposed, checked against the case
        proposed = attrs.evolve(case.events[-1], proposed=True)
        loanoverdue.check_event(case, proposed, registry)
        timer = timeit.Timer(lambda case=case, e=proposed: loanoverdue.check_event(case, e, registry))
        number, _ = timer.autorange()
        check_us = statistics.median(t / number for t in timer.repeat(repeat=batches, number=number)) * 1e6
        assess_us = statistics.median(per_call) * 1e6
        rows.append(
            {
                "jurisdiction": code,
                "events": len(case.events),
                "rules_run": sum(1 for t in result.trace if t.kind == "rule"),
                "findings": len(result.findings),
                "assess_us": assess_us,
                "stream_us": stream_us,
                "no_events_us": bare_us,
                "per_event_us": (assess_us - bare_us) / len(case.events),
                "steps": steps,
                "per_step_us": step_us,
                "check_event_us": check_us,
                "load_case_us": statistics.median(load_per) * 1e6,
            }
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=15, help="interpreter starts per command")
    parser.add_argument("--batches", type=int, default=15, help="timed batches per assessment")
    parser.add_argument("--write", action="store_true", help=f"write the table into {DOCS.relative_to(ROOT)}")
    parser.add_argument("--json", action="store_true", help="print raw figures as JSON")
    args = parser.parse_args()

    imp = import_ratio(args.rounds)
    build_ms = registry_build(args.rounds)
    rows = assessment_times(args.batches)
    if args.json:
        print(json.dumps({"import": imp, "registry_build_ms": build_ms, "assess": rows}, indent=2))
        return 0
    import loanoverdue

    packs = ", ".join(f"{p.name} {p.version}" for p in loanoverdue.default_registry().packs)
    lines = [
        f"Measured {datetime.now().date().isoformat()} on {platform.machine()}, Python {platform.python_version()}, "
        f"packs: {packs}.",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f'| `python -c "{BASELINE}"` (median of {args.rounds}) | {imp["baseline_ms"]:.1f} ms | baseline |',
        f'| `python -c "{MEASURED}"` (median of {args.rounds}) | {imp["measured_ms"]:.1f} ms | |',
        f"| import plus registry build ÷ baseline | **{imp['ratio']:.2f}×** | under 3× |",
        f"| `Registry.build()` in a warm process | {build_ms:.1f} ms | |",
    ]
    for r in rows:
        lines.append(
            f"| `assess()`, {r['jurisdiction']} case, {r['events']} events, {r['rules_run']} rules, "
            f"{r['findings']} findings | **{r['assess_us']:.0f} µs** | under 200 µs |"
        )
        lines.append(
            f"| `assess()`, a stream of 1,000 distinct {r['jurisdiction']} cases of 20 events, "
            f"per case | **{r['stream_us']:.0f} µs** | under 200 µs |"
        )
        lines.append(f"| `assess()`, the same case without its events | {r['no_events_us']:.0f} µs | |")
        lines.append(
            f"| per event: (the case − the same without events) ÷ {r['events']} | {r['per_event_us']:.1f} µs | |"
        )
        lines.append(
            f"| outlook of the case without its events, per step ({r['steps']} steps) "
            f"| {r['per_step_us']:.1f} µs | |"
        )
        lines.append(
            f"| `check_event()`: one more event, proposed, against the same case | {r['check_event_us']:.0f} µs | |"
        )
        lines.append(f"| `load_case()` of the same case (strict reader) | {r['load_case_us']:.0f} µs | |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else f"# Benchmarks\n\n{MARKER}\n"
        head, _, _ = text.partition(MARKER)
        DOCS.write_text(f"{head}{MARKER}\n\n{table}", encoding="utf-8")
        print(f"written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
