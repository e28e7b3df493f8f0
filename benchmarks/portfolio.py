"""Benchmarks of portfolio screening against the scalar loop, in one run.

    .venv/bin/python benchmarks/portfolio.py                  # print the figures
    .venv/bin/python benchmarks/portfolio.py --write          # also put them into docs/benchmarks.md
    .venv/bin/python benchmarks/portfolio.py --accounts 4000 --rounds 3 --rss 4000,16000

A synthetic book (``loanoverdue.portfolio.generate_book``, seed 1) is written as JSON lines
and as a Parquet pair. Measured, interleaved round by round so the shared machine's load
falls on all alike, each the best of ``--rounds``:

- **scalar loop**: the loop of ``docs/how-to/portfolio.md``, ``assess(load_case(record))``
  and ``to_dict()`` per JSON line, one process;
- **screen, 1 worker**: ``screen_book`` on the Parquet book, one process, writing the
  three output tables;
- **screen, 2 workers**: the same with two worker processes (this machine has 2 cores).

Accounts and events per second per core divide by the number of processes. The check of
equality -- every finding and account value of the screen equal to ``assess()`` -- runs
on the whole book after the timings, and the run fails if one differs. Peak resident
memory is measured in fresh processes screening books of the ``--rss`` sizes: bounded by
the batch, it does not grow with the book.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import write_between

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
MARKER = "<!-- portfolio figures -->"


def write_books(directory: Path, count: int) -> tuple[Path, Path, int]:
    from loanoverdue.portfolio import generate_book
    from loanoverdue.portfolio.book import write_parquet_book

    jsonl = directory / "book.jsonl"
    events = 0
    with open(jsonl, "w", encoding="utf-8") as f:
        for case in generate_book(count, seed=1):
            events += len(case["events"])
            f.write(json.dumps(case) + "\n")
    parquet = directory / "book"
    write_parquet_book(parquet, generate_book(count, seed=1), row_group_size=500)  # Dask partitions
    return jsonl, parquet, events


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (worker pools)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Any) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``run()``."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def scalar_loop(jsonl: Path) -> float:
    import loanoverdue

    registry = loanoverdue.default_registry()
    start = time.perf_counter()
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            loanoverdue.assess(loanoverdue.load_case(json.loads(line)), registry).to_dict()
    return time.perf_counter() - start


def screen(parquet: Path, out: Path, workers: int) -> float:
    from loanoverdue.portfolio import screen_book

    start = time.perf_counter()
    screen_book(parquet, out, workers=workers)
    return time.perf_counter() - start


def _worker_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dask_screen(parquet: Path, out: Path, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the workers and this process) of screen_on_cluster
    on a LocalCluster of ``workers`` processes (started and warmed, one registry per
    worker built, before the timing)."""
    import distributed

    from loanoverdue.portfolio.cluster import screen_on_cluster

    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(lambda: __import__("loanoverdue").default_registry() and None)
        before = sum(client.run(_worker_cpu).values()) + _worker_cpu()
        start = time.perf_counter()
        screen_on_cluster(parquet, out, client)
        wall = time.perf_counter() - start
        return wall, sum(client.run(_worker_cpu).values()) + _worker_cpu() - before


def differences(jsonl: Path, out: Path) -> int:
    """Accounts whose findings or account values differ from assess()."""
    from loanoverdue.portfolio import read_jsonl
    from loanoverdue.portfolio.verify import differences

    return len(differences(read_jsonl(jsonl), out))


def scalar_assess(jsonl: Path) -> float:
    """The scalar loop without to_dict(): assess() alone."""
    import loanoverdue

    registry = loanoverdue.default_registry()
    with open(jsonl, encoding="utf-8") as f:
        cases = [loanoverdue.load_case(json.loads(line)) for line in f]
    start = time.perf_counter()
    for case in cases:
        loanoverdue.assess(case, registry)
    return time.perf_counter() - start


def peak_rss(count: int, directory: Path) -> float:
    """Peak resident memory (MiB) of a fresh process screening a book of ``count``."""
    code = (
        "import json, resource, sys, tempfile\n"
        "from loanoverdue.portfolio import generate_book, screen_records\n"
        "from loanoverdue.portfolio.records import Account\n"
        "records = (Account(c['id'], c) for c in generate_book(int(sys.argv[1]), seed=1))\n"
        "screen_records(records, sys.argv[2])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(count), str(directory / f"rss-{count}")],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.split()[-1]) / 1024


def parquet_rss(count: int, directory: Path, workers: int = 1) -> tuple[float, float, float, int]:
    """Screen a generated Parquet book of ``count`` accounts (streamed by row groups of
    8,192) in a fresh process: (peak RSS of the screening process in MiB, largest worker
    in MiB (0 with one process), wall seconds of the screen, events)."""
    from loanoverdue.portfolio import generate_book
    from loanoverdue.portfolio.book import write_parquet_book

    book = directory / f"book-{count}"
    write_parquet_book(book, generate_book(count, seed=1))
    code = (
        "import resource, sys, time\n"
        "from loanoverdue.portfolio import screen_book\n"
        "start = time.perf_counter()\n"
        "screen_book(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]))\n"
        "seconds = time.perf_counter() - start\n"
        "own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(own, kids, seconds)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(book), str(directory / f"out-{count}"), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    own, kids, seconds = out.stdout.split()[-3:]
    pq = __import__("pyarrow.parquet").parquet
    events = pq.ParquetFile(book / "events.parquet").metadata.num_rows
    return int(own) / 1024, (int(kids) / 1024 if workers > 1 else 0.0), float(seconds), events


def rss_main(sizes: list[int], workers: int) -> int:
    """Print the peak-RSS rows of Parquet books of ``sizes`` accounts."""
    print("| book (accounts) | events | workers | peak RSS, main process | peak RSS, largest worker | screen seconds |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            own, kid, seconds, events = parquet_rss(count, Path(tmp), workers)
            print(
                f"| {count:,} | {events:,} | {workers} | {own:,.0f} MiB | "
                f"{kid:,.0f} MiB | {seconds:,.0f} |",
                flush=True,
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rss", default="2000,8000", help="book sizes for the peak-memory rows")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--dask", action="store_true", help="also time a LocalCluster of 1 and 2 workers")
    parser.add_argument(
        "--parquet-rss",
        default="",
        help="only measure peak RSS screening Parquet books of these sizes (e.g. 100000,200000)",
    )
    parser.add_argument("--workers", type=int, default=1, help="workers for --parquet-rss")
    args = parser.parse_args(argv)
    if args.parquet_rss:
        return rss_main([int(x) for x in args.parquet_rss.split(",")], args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        jsonl, parquet, events = write_books(directory, args.accounts)
        kinds = ("scalar", "assess", "screen1", "screen2", "dask1", "dask2")
        walls: dict[str, list[float]] = {k: [] for k in kinds}
        cpus: dict[str, list[float]] = {k: [] for k in kinds}

        def record(kind: str, run: Any) -> None:
            wall, cpu = timed(run)
            walls[kind].append(wall)
            cpus[kind].append(cpu)

        for r in range(args.rounds):
            record("scalar", lambda: scalar_loop(jsonl))
            record("assess", lambda: scalar_assess(jsonl))
            for w in (1, 2):
                record(f"screen{w}", lambda w=w, r=r: screen(parquet, directory / f"out{w}-{r}", w))
            if args.dask:
                for w in (1, 2):
                    wall_s, cpu_s = dask_screen(parquet, directory / f"dask{w}-{r}", w)
                    walls[f"dask{w}"].append(wall_s)
                    cpus[f"dask{w}"].append(cpu_s)
        differ = differences(jsonl, directory / "out1-0")
        rss = [(n, peak_rss(n, directory)) for n in (int(x) for x in args.rss.split(",")) if n]
    wall = {k: min(v) for k, v in walls.items() if v}
    cpu = {k: min(v) for k, v in cpus.items() if v}
    n = args.accounts
    rows = [
        ("scalar loop (load_case, assess, to_dict), 1 process", "scalar", 1),
        ("assess() alone (cases loaded before), 1 process", "assess", 1),
        ("screen, Parquet book, 1 worker", "screen1", 1),
        ("screen, Parquet book, 2 workers", "screen2", 2),
    ]
    if args.dask:
        rows += [
            ("Dask LocalCluster, 1 worker", "dask1", 1),
            ("Dask LocalCluster, 2 workers", "dask2", 2),
        ]
    lines = [
        f"Book: {n:,} synthetic accounts, {events:,} events (seed 1); best of {args.rounds} "
        f"interleaved rounds; {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores shared (load average at the end {os.getloadavg()[0]:.1f}).",
        "",
        "Per core is per CPU-second (this process and its workers), which a shared machine's "
        "load does not inflate; wall seconds are shown beside it.",
        "",
        "| what | wall s | CPU s | accounts/s (wall) | accounts per CPU-s | events per CPU-s | vs scalar loop, per core |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, kind, _cores in rows:
        per_cpu = n / cpu[kind]
        ratio = per_cpu / (n / cpu["scalar"])
        lines.append(
            f"| {label} | {wall[kind]:.1f} | {cpu[kind]:.1f} | {n / wall[kind]:,.0f} | {per_cpu:,.0f} | "
            f"{events / cpu[kind]:,.0f} | {ratio:.2f}× |"
        )
    lines += [
        "",
        f"2 workers vs 1 (wall): {wall['screen1'] / wall['screen2']:.2f}× (processes)"
        + (f", {wall['dask1'] / wall['dask2']:.2f}× (Dask)" if args.dask else "")
        + f". Accounts that differ from `assess()`: {differ} of {n:,}.",
    ]
    if rss:
        lines += [
            "",
            "| book (accounts, JSON lines) | peak RSS of the screening process |",
            "|---:|---:|",
            *(f"| {count:,} | {mib:,.0f} MiB |" for count, mib in rss),
        ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_between(DOCS, MARKER, table)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
