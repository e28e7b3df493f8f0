"""Benchmark of the columnar plan (``loanoverdue.portfolio.plan``) against the scalar
engine on the same book, in one run.

    .venv/bin/python benchmarks/plan.py                  # print the figures
    .venv/bin/python benchmarks/plan.py --write          # also put them into docs/benchmarks.md
    .venv/bin/python benchmarks/plan.py --accounts 4000 --rounds 3

A synthetic book (``generate_book``, seed 1) is written as a Parquet pair and read back as
Arrow tables, cut into batches of ``--batch`` accounts. Timed, interleaved round by round
so the shared machine's load falls on all alike, each the best of ``--rounds``, all in
one process (so per core):

- **plan, kernels**: ``Plan.run`` on every batch: the vectorised rules' findings as
  columns, and for each exact rule the accounts it must run for;
- **plan, kernels and rows**: the same, and the findings as Python rows (``rows()``);
- **assess() alone**: the scalar engine on cases loaded beforehand (every rule);
- **scalar loop**: ``assess(load_case(record))`` per record (the mappings in memory);
- **screen**: ``screen_book`` of the Parquet book in this process (CPU seconds), with the
  default plan (``ShapePlan``: shapes and counts as kernels, the engine for the accounts
  x rules left exact and for the account values) and with ``ExactPlan`` (every rule
  through the engine).

Then (``--costs``, after the timings) what bounds the screen, in CPU microseconds per
account: the engine's fixed cost (``assess_rules`` with no rule and no consequence),
each calculator alone, and each exact rule alone on the accounts the plan sends to it;
with the number of accounts each rule sends to the engine.

After the timings the plan's findings are compared with ``assess()``'s for every
vectorised rule and every account (verdict, message, message parameters, parameter
values); the run fails if one differs.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import write_between

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- plan figures -->"


def batches(accounts: Any, events: Any, size: int) -> list[tuple[Any, Any]]:
    """The book cut into batches of ``size`` accounts with their events."""
    import pyarrow.compute as pc

    out = []
    event_ids = events.column("id")
    for start in range(0, accounts.num_rows, size):
        part = accounts.slice(start, size)
        mask = pc.is_in(event_ids, value_set=part.column("id"))
        out.append((part, events.filter(mask)))
    return out


def best(run: Callable[[], object], rounds: list[float]) -> None:
    rounds.append(cpu(run))


def differences(plan: Any, registry: Any, records: list[dict[str, Any]], parts: list[tuple[Any, Any]]) -> int:
    """Accounts whose vectorised-rule findings differ between the plan and assess()."""
    import loanoverdue

    vectorised = {r.id for r in plan.vectorised}
    got: dict[str, list[str]] = {}
    for accounts, events in parts:
        for row in plan.run(accounts, events).rows():
            message = registry.rules[row["rule"]].message(row["message"])
            got.setdefault(row["id"], []).append(
                repr(
                    (
                        row["rule"],
                        row["event"],
                        row["verdict"],
                        message,
                        sorted(map(repr, row["params"].items())),
                        [(u.id, u.jurisdiction, repr(u.value)) for u in row["parameters"]],
                    )
                )
            )
    differ = 0
    for record in records:
        a = loanoverdue.assess(loanoverdue.load_case(record), registry)
        want = [
            repr(
                (
                    f.rule,
                    f.event,
                    f.verdict.value,
                    f.template,
                    sorted(map(repr, dict(f.params).items())),
                    [(u.id, u.jurisdiction, repr(u.value)) for u in f.parameters],
                )
            )
            for f in a.findings
            if f.rule in vectorised
        ]
        differ += sorted(want) != sorted(got.get(record["id"], []))
    return differ


def cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def costs(registry: Any, records: list[dict[str, Any]], results: list[Any], n: int) -> list[str]:
    """What bounds the screen: CPU microseconds per account of the engine's fixed cost,
    of each calculator and of each exact rule on the accounts the plan sends to it."""
    import loanoverdue
    from loanoverdue.components import Consequence
    from loanoverdue.engine.screening import assess_rules

    cases = [loanoverdue.load_case(r) for r in records]
    masks: dict[str, list[bool]] = {}
    for r in results:
        for rule_id, mask in r.exact.items():
            masks.setdefault(rule_id, []).extend(bool(x) for x in mask.tolist())
    base = cpu(lambda: [assess_rules(c, registry, rules=(), consequences=()) for c in cases]) / n * 1e6
    lines = [
        f"What an account costs in the engine (CPU µs per account, {n:,} accounts): fixed cost "
        f"(state, platform policy; no rule, no consequence) {base:,.0f}",
    ]
    parts = []
    for kind in Consequence:
        spent = cpu(lambda kind=kind: [assess_rules(c, registry, rules=(), consequences=(kind,)) for c in cases])
        parts.append(f"{kind.value} {spent / n * 1e6 - base:,.0f}")
    every = cpu(lambda: [assess_rules(c, registry, rules=()) for c in cases]) / n * 1e6 - base
    lines[-1] += "; calculators: " + ", ".join(parts) + f" (all four {every:,.0f})."
    ranked = []
    for rule_id, mask in masks.items():
        sent = [c for c, m in zip(cases, mask, strict=True) if m]
        if not sent:
            continue
        spent = cpu(lambda sent=sent, rule_id=rule_id: [
            assess_rules(c, registry, rules=(rule_id,), consequences=()) for c in sent
        ])
        ranked.append((spent / n * 1e6 - base * len(sent) / n, rule_id, len(sent)))
    ranked.sort(reverse=True)
    total = sum(r[0] for r in ranked)
    lines += [
        "",
        f"Exact rules, each alone on the accounts sent to it (µs per account of the book, "
        f"beyond the fixed cost; all {len(ranked)} rules together about {total:,.0f}):",
        "",
        "| exact rule | accounts sent | µs per account of the book |",
        "|---|---:|---:|",
    ]
    lines += [f"| {rule_id} | {sent:,} | {us:,.0f} |" for us, rule_id, sent in ranked[:12]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=8000)
    parser.add_argument("--batch", type=int, default=4096)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--costs", action="store_true", help="also measure what bounds the screen")
    args = parser.parse_args(argv)

    import pyarrow.parquet as pq

    import loanoverdue
    from loanoverdue.portfolio import generate_book
    from loanoverdue.portfolio.book import write_parquet_book
    from loanoverdue.portfolio.plan import compile_plan

    registry = loanoverdue.default_registry()
    plan = compile_plan(registry)
    records = list(generate_book(args.accounts, seed=1))
    tmp = tempfile.TemporaryDirectory()
    book = Path(tmp.name) / "book"
    write_parquet_book(book, records)
    accounts, events = pq.read_table(book / "accounts.parquet"), pq.read_table(book / "events.parquet")
    parts = batches(accounts, events, args.batch)
    cases = [loanoverdue.load_case(r) for r in records]
    n_events = events.num_rows

    def kernels() -> None:
        for a, e in parts:
            plan.run(a, e)

    def with_rows() -> None:
        for a, e in parts:
            for _ in plan.run(a, e).rows():
                pass

    def engine() -> None:
        for case in cases:
            loanoverdue.assess(case, registry)

    def loop() -> None:
        for record in records:
            loanoverdue.assess(loanoverdue.load_case(record), registry)

    from loanoverdue.portfolio import screen_book
    from loanoverdue.portfolio.plan import ShapePlan
    from loanoverdue.portfolio.seam import ExactPlan

    def screen_with(factory: Any) -> Callable[[], None]:
        def run() -> None:
            screen_book(book, Path(tmp.name) / "out", registry=registry, plan=factory, batch_size=args.batch)

        return run

    kernels()  # zone tables, caches: once per process
    runs: dict[str, Callable[[], None]] = {
        "kernels": kernels,
        "rows": with_rows,
        "engine": engine,
        "loop": loop,
        "screen": screen_with(ShapePlan),
        "screen_exact": screen_with(ExactPlan),
    }
    timings: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(args.rounds):
        for name, run in runs.items():
            best(run, timings[name])
    seconds = {k: min(v) for k, v in timings.items()}

    results = [plan.run(a, e) for a, e in parts]
    findings = sum(len(r.findings) for r in results)
    exact_any = sum(int(r.exact_accounts().sum()) for r in results)
    pairs = sum(int(m.sum()) for r in results for m in r.exact.values())
    exact_rules = len(plan.exact_rules)
    differ = differences(plan, registry, records, parts)

    methods = plan.method_of()
    by_pack: dict[str, tuple[int, int]] = {}
    for rule_id, method in methods.items():
        pack = rule_id.split(".")[0]
        v, e = by_pack.get(pack, (0, 0))
        by_pack[pack] = (v + (method == "vectorised"), e + (method == "exact"))

    engine_rate = args.accounts / seconds["engine"]
    rows = [
        ("plan, kernels (vectorised rules' findings + exact rules' accounts)", seconds["kernels"]),
        ("plan, kernels and findings as rows", seconds["rows"]),
        ("assess() alone, every rule (cases loaded before)", seconds["engine"]),
        ("scalar loop: load_case + assess", seconds["loop"]),
        ("screen, default plan (ShapePlan): Parquet in, three tables out", seconds["screen"]),
        ("screen, ExactPlan (every rule through the engine)", seconds["screen_exact"]),
    ]
    lines = [
        f"Book: {args.accounts:,} synthetic accounts, {n_events:,} events (seed 1), batches of "
        f"{args.batch:,}; best of {args.rounds} interleaved rounds, one process (CPU seconds); "
        f"CPython {platform.python_version()}, 2 cores shared, load average {os.getloadavg()[0]:.1f} "
        "at the end.",
        "",
        "| what | CPU seconds | accounts per CPU-s | events per CPU-s | vs assess() |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in rows:
        rate = args.accounts / s
        lines.append(f"| {name} | {s:.3f} | {rate:,.0f} | {n_events / s:,.0f} | {rate / engine_rate:.1f}× |")
    lines += [
        "",
        "Rules vectorised / exact: "
        + ", ".join(f"{pack} {v} / {e}" for pack, (v, e) in sorted(by_pack.items()))
        + f". Findings of the vectorised rules: {findings:,}; accounts whose findings differ from "
        f"`assess()`: {differ} of {args.accounts:,}.",
        "",
        f"Exact path: {exact_any:,} of {args.accounts:,} accounts need the engine for at least one "
        f"rule; the prefilter (jurisdiction, platform, period, declared event filters) keeps "
        f"{pairs:,} of {args.accounts * exact_rules:,} account × exact-rule pairs "
        f"({pairs / (args.accounts * exact_rules):.0%}).",
    ]
    sends: dict[str, int] = {}
    for r in results:
        for rule_id, mask in r.exact.items():
            sends[rule_id] = sends.get(rule_id, 0) + int(mask.sum())
    top = sorted(sends.items(), key=lambda kv: -kv[1])[:8]
    lines += [
        "",
        "Rules that send the most accounts to the engine: "
        + ", ".join(f"{rule_id} {n:,}" for rule_id, n in top)
        + ".",
    ]
    if args.costs:
        lines += ["", *costs(registry, records, results, args.accounts)]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_between(DOCS, MARKER, table)
    tmp.cleanup()
    if differ:
        print(f"{differ} accounts differ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
