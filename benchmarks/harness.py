"""A benchmark harness that compares versions of loanoverdue side by side, in one run.

Each *side* is an interpreter with one version of loanoverdue and its packs installed:
a git ref (by default the previous release, ``DEFAULT_REF``) or the working tree, each
installed into its own virtual environment in the temporary directory (outside the
repository, reused while the ref or the tree is unchanged). A *case* says what to time:
a statement in a warm process (after its set-up code), or a command in a fresh
interpreter each time (start-up); and figures to read once (an output's size).

The sides take turns, repetition by repetition, so a noisy machine slows both alike;
each figure is the median over the repetitions, and every figure of the working tree is
also given as a ratio to the same figure of the reference. A case's objects are dropped
before the next case is set up, so that none pays for another's heap (the garbage
collector walks all of it). A case that is slow on one
side gets fewer repetitions there (at least one): ``budget`` bounds the seconds spent
per case and side.

    .venv/bin/python benchmarks/harness.py --help

The growth benchmarks (``growth.py``) and the start-up comparison (``startup.py``) are
built on it; so can any later comparison: make a list of :class:`Case` and call
:func:`compare`.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_REF",
    "Case",
    "Result",
    "Side",
    "compare",
    "format_table",
    "main",
    "ref_side",
    "tree_side",
    "venv_side",
    "write_between",
]

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "worker.py"
#: The previous release: what a figure of the working tree is compared with by default.
DEFAULT_REF = "d55ced7"
#: Where the sides' environments are kept (outside the repository).
CACHE = Path(tempfile.gettempdir()) / "loanoverdue-bench"
#: Fresh interpreters run as an installed program does: bytecode written and read.
_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}


@dataclass(frozen=True)
class Side:
    """One version under test: a label and the interpreter that has it installed."""

    label: str
    python: Path
    #: What was installed (a commit, or a digest of the working tree's files).
    source: str = ""


@dataclass(frozen=True)
class Case:
    """What to measure.

    ``stmt`` is timed in a warm worker after ``setup`` ran once there (the figure is
    seconds per run of ``stmt``; ``number`` runs per repetition, 0 for as many as take
    0.2 s). ``fresh`` is instead run as ``python -c fresh`` in a new interpreter at each
    repetition (start-up). ``values`` are expressions evaluated once after ``setup``
    (e.g. the size of an output), reported beside the time. The worker's directory
    (``benchmarks/``) is importable from ``setup``.
    """

    name: str
    setup: str = ""
    stmt: str | None = None
    fresh: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    number: int = 0
    repeat: int = 5
    #: Seconds to spend on this case per side before repetitions stop (at least one).
    budget: float = 120.0


@dataclass
class Result:
    """The figures of one case on one side."""

    case: str
    side: str
    #: Seconds per run of the statement (or per fresh interpreter), one per repetition.
    times: list[float] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


# -- sides ------------------------------------------------------------------------------


def _git(*args: str, root: Path = ROOT) -> bytes:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True).stdout


def _install(target: Path, tree: Path, label: str, source: str) -> Side:
    """A virtual environment in ``target`` with the core and every pack of ``tree``
    installed (not editable: as a user installs them)."""
    python = target / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    ready = target / "ready"
    if ready.exists() and python.exists():
        return Side(label, python, source)
    shutil.rmtree(target / "venv", ignore_errors=True)
    print(f"installing {label} ({source[:12]}) into {target}", file=sys.stderr, flush=True)
    venv.EnvBuilder(with_pip=True).create(target / "venv")
    packs = sorted(p for p in (tree / "plugins").iterdir() if (p / "pyproject.toml").is_file())
    cmd = [str(python), "-m", "pip", "install", "--quiet"]
    if (tree / "constraints.txt").exists():
        cmd += ["-c", str(tree / "constraints.txt")]
    done = subprocess.run([*cmd, str(tree), *map(str, packs)], cwd=target, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"installing {label} failed (exit {done.returncode})")
    ready.write_text(source)
    return Side(label, python, source)


def ref_side(ref: str = DEFAULT_REF, root: Path = ROOT, label: str | None = None) -> Side:
    """The version at git ``ref``, installed into a virtual environment of its own."""
    commit = _git("rev-parse", f"{ref}^{{commit}}", root=root).decode().strip()
    target = CACHE / f"ref-{commit[:12]}"
    tree = target / "src"
    if not (target / "ready").exists():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        archive = _git("archive", "--format=tar", commit, root=root)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
    return _install(target, tree, label or ref, commit)


def _tree_files(root: Path) -> list[str]:
    out = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", root=root)
    return sorted(p for p in out.decode().split("\0") if p and (root / p).is_file())


def tree_side(root: Path = ROOT, label: str = "working tree") -> Side:
    """The working tree as it is (changes not committed included), installed into a
    virtual environment of its own, like the reference; reinstalled when a file
    changes."""
    files = _tree_files(root)
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    key = digest.hexdigest()
    target = CACHE / f"tree-{key[:12]}"
    tree = target / "src"
    if not (target / "ready").exists():
        shutil.rmtree(tree, ignore_errors=True)
        for name in files:
            dest = tree / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, dest)
    return _install(target, tree, label, key)


def venv_side(python: Path, label: str) -> Side:
    """An interpreter that already has a version installed (e.g. ``.venv/bin/python``
    with the editable working tree)."""
    return Side(label, python, str(python))


# -- running ----------------------------------------------------------------------------


class _Worker:
    def __init__(self, side: Side) -> None:
        self.side = side
        self.proc = subprocess.Popen(
            [str(side.python), str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=_ENV,
            cwd=tempfile.gettempdir(),  # not the repository: import the installed version
        )

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker of {self.side.label} stopped")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, BrokenPipeError):
            self.ask(op="quit")
        self.proc.wait(timeout=30)


def _fresh(side: Side, code: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(side.python), "-c", code], check=True, env=_ENV, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def compare(cases: Sequence[Case], sides: Sequence[Side], *, log: bool = True) -> list[Result]:
    """Measure every case on every side, the sides taking turns at each repetition.
    Returns one :class:`Result` per case and side, in that order."""
    results: list[Result] = []
    workers = [_Worker(side) for side in sides]
    try:
        for case in cases:
            rows = [Result(case.name, side.label) for side in sides]
            spent = [0.0] * len(sides)
            if case.fresh is not None:
                for side in sides:  # warm the file cache, write bytecode and data caches
                    _fresh(side, case.fresh)
            else:
                for worker, row in zip(workers, rows, strict=True):
                    reply = worker.ask(op="setup", case=case.name, code=case.setup)
                    if not reply["ok"]:
                        row.error = reply["error"]
                        continue
                    for key, expr in case.values.items():
                        got = worker.ask(op="value", case=case.name, expr=expr)
                        row.values[key] = got.get("value") if got["ok"] else None
                        if not got["ok"]:
                            row.error = got["error"]
            for _ in range(case.repeat):
                for i, (side, worker, row) in enumerate(zip(sides, workers, rows, strict=True)):
                    if row.error is not None or (row.times and spent[i] >= case.budget):
                        continue
                    start = time.perf_counter()
                    if case.fresh is not None:
                        row.times.append(_fresh(side, case.fresh))
                    elif case.stmt is not None:
                        reply = worker.ask(op="time", case=case.name, stmt=case.stmt, number=case.number)
                        if not reply["ok"]:
                            row.error = reply["error"]
                            continue
                        row.times.append(reply["seconds"] / reply["number"])
                    spent[i] += time.perf_counter() - start
            if case.fresh is None:
                for worker in workers:  # a case's objects must not weigh on the next one's
                    worker.ask(op="drop", case=case.name)
            if log:
                shown = "  ".join(
                    f"{row.side}: {_seconds(row.median)} ({len(row.times)}×)"
                    if row.error is None
                    else f"{row.side}: {row.error}"
                    for row in rows
                )
                print(f"{case.name}: {shown}", file=sys.stderr, flush=True)
            results.extend(rows)
    finally:
        for worker in workers:
            worker.close()
    return results


# -- reporting --------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.0f} µs"


def format_table(results: Iterable[Result], sides: Sequence[Side]) -> str:
    """A Markdown table: one row per case, each side's median (and repetitions), and
    the last side's median as a ratio to the first's."""
    by_case: dict[str, dict[str, Result]] = {}
    for r in results:
        by_case.setdefault(r.case, {})[r.side] = r
    labels = [s.label for s in sides]
    head = "| case | " + " | ".join(labels) + f" | {labels[-1]} ÷ {labels[0]} |"
    lines = [head, "|---" * (len(labels) + 2) + "|"]
    for name, row in by_case.items():
        cells = []
        for label in labels:
            r = row.get(label)
            if r is None or r.error is not None:
                cells.append(f"error: {r.error}" if r else "–")
            else:
                cells.append(f"{_seconds(r.median)} ({len(r.times)}×)")
        first, last = row.get(labels[0]), row.get(labels[-1])
        ratio = "–"
        if first and last and first.median and last.median:
            ratio = f"{last.median / first.median:.2f}×"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines) + "\n"


def sides_from_args(args: argparse.Namespace) -> list[Side]:
    """The reference and the working tree, as the common options choose them."""
    ref = ref_side(args.ref, label=f"{args.ref} (reference)")
    if args.tree_venv:
        tree = venv_side(
            ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "python", "working tree"
        )
    else:
        tree = tree_side()
    return [ref, tree]


def add_side_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ref", default=DEFAULT_REF, help=f"git ref to compare with (default {DEFAULT_REF})")
    parser.add_argument(
        "--tree-venv",
        action="store_true",
        help="time the working tree in .venv (editable) instead of a fresh installation of it",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time one statement on a git ref and on the working tree, side by side."
    )
    add_side_options(parser)
    parser.add_argument("--setup", default="import loanoverdue", help="code run once before timing")
    parser.add_argument("--stmt", help="statement timed in a warm process")
    parser.add_argument("--fresh", help="code timed in a fresh interpreter each repetition")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    args = parser.parse_args(argv)
    if (args.stmt is None) == (args.fresh is None):
        parser.error("give one of --stmt and --fresh")
    sides = sides_from_args(args)
    case = Case("statement", setup=args.setup, stmt=args.stmt, fresh=args.fresh, repeat=args.repeat)
    results = compare([case], sides)
    if args.json:
        print(json.dumps([r.__dict__ | {"median": r.median} for r in results], indent=2))
    else:
        print(format_table(results, sides))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def write_between(doc: Path, marker: str, table: str) -> None:
    """Put ``table`` into ``doc`` between its two ``marker`` lines (the section a
    benchmark owns); a document without the marker is an error."""
    text = doc.read_text(encoding="utf-8")
    head, sep, rest = text.partition(marker)
    if not sep:
        raise SystemExit(f"{doc} has no {marker} line")
    tail = rest.partition(marker)[2]
    doc.write_text(head + marker + "\n" + table + "\n" + marker + tail, encoding="utf-8")
