"""What users wait for, against the previous release, side by side in one run.

    .venv/bin/python benchmarks/speed.py                    # print the table
    .venv/bin/python benchmarks/speed.py --write            # also put it into docs/benchmarks.md
    .venv/bin/python benchmarks/speed.py --ref-python PATH  # a reference already installed
    .venv/bin/python benchmarks/speed.py --rows session     # the dialler session's rows alone

Rows: ``assess()`` of the shared China example (``examples/cn-9000-online-loan.json``,
its events repeated to 20) with every installed pack and with the China pack alone, the
United States example (``examples/us-agency-calls.json``) likewise; ``to_json()`` of the
China assessment, and both together (also with the China example's events repeated to
10, 100 and 1,000, to show how the cost grows); the dialler's question "may I call now?" for the
last event of a generated history (``histories.py``) of 20 and 200 events, asked of
``Session.check`` where the version has it (else ``check_event``, as the previous
release must) and of ``check_event``; and start-up (a fresh interpreter importing the
package and building the registry, against one importing ``attrs`` and ``pluggy``).

The reference (default: the previous release, see ``harness.py``) and the working tree
take turns at each repetition, so a noisy machine slows both alike; each figure is the
median over the repetitions, each ratio the working tree's median over the reference's.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Case, Result, Side, add_side_options, compare, sides_from_args, venv_side

DOCS = ROOT / "docs" / "benchmarks.md"
#: The section of DOCS each set of rows is written to (``--rows``).
MARKERS = {"all": ("<!-- speed -->", "<!-- /speed -->"), "session": ("<!-- session -->", "<!-- /session -->")}
#: Numbers of events of the growth rows (the China example's events repeated).
GROWTH = (10, 100, 1000)

_LOAD = (
    "import json, loanoverdue\n"
    "def example(name, n=20):\n"
    f"    data = json.loads(open({str(ROOT / 'examples')!r} + '/' + name).read())\n"
    "    data['events'] = (data['events'] * n)[:n]\n"
    "    return loanoverdue.load_case(data)\n"
)
_ALL = _LOAD + "reg = loanoverdue.default_registry()\n"
_ALONE = _LOAD + (
    "import importlib\n"
    "def alone(module):\n"
    "    return loanoverdue.Registry.build([importlib.import_module(module).PACK], entry_points=False)\n"
)
_CN = "case = example('cn-9000-online-loan.json')\n"
_US = "case = example('us-agency-calls.json')\n"


def _question(pack: str, n: int) -> str:
    """Set-up of the dialler's question: the history without its last event, and that
    event (as a proposal) to ask about."""
    return (
        "import attrs, loanoverdue\n"
        "from histories import history\n"
        "reg = loanoverdue.default_registry()\n"
        f"full = loanoverdue.load_case(history({pack!r}, {n}))\n"
        "last = attrs.evolve(full.events[-1], proposed=True)\n"
        "past = attrs.evolve(full, events=full.events[:-1])\n"
        "if hasattr(loanoverdue, 'Session'):\n"
        "    session = loanoverdue.Session(past, reg)\n"
        "    ask = lambda: session.check(last)\n"
        "    assert ask() == loanoverdue.check_event(past, last, reg)\n"
        "else:\n"
        "    ask = lambda: loanoverdue.check_event(past, last, reg)\n"
    )


def cases(budget: float, repeat: int, rows: str = "all") -> list[Case]:
    def timed(name: str, setup: str, stmt: str, **values: str) -> Case:
        return Case(name, setup=setup, stmt=stmt, values=dict(values), repeat=repeat, budget=budget)

    out: list[Case] = []
    if rows == "session":
        for pack in ("CN", "US"):
            for n in (20, 200):
                name = f"{pack} history of {n}: Session.check() (reference: check_event())"
                out.append(timed(name, _question(pack, n), "ask()"))
        return out
    out += [
        timed("CN example ×20, installed packs: assess()", _ALL + _CN, "loanoverdue.assess(case, reg)"),
        timed(
            "CN example ×20, China pack alone: assess()",
            _ALONE + _CN + "reg = alone('loanoverdue_cn')\n",
            "loanoverdue.assess(case, reg)",
        ),
        timed("US example ×20, installed packs: assess()", _ALL + _US, "loanoverdue.assess(case, reg)"),
        timed(
            "CN example ×20: to_json()",
            _ALL + _CN + "result = loanoverdue.assess(case, reg)\n",
            "result.to_json()",
            json_bytes="len(result.to_json().encode())",
        ),
        timed(
            "CN example ×20: assess() then to_json()",
            _ALL + _CN,
            "loanoverdue.assess(case, reg).to_json()",
        ),
    ]
    for n in GROWTH:
        out.append(
            timed(
                f"CN example ×{n:,}: assess() then to_json()",
                _ALL + f"case = example('cn-9000-online-loan.json', {n})\n",
                "loanoverdue.assess(case, reg).to_json()",
            )
        )
    for pack in ("CN", "US"):
        for n in (20, 200):
            out.append(timed(f"{pack} history of {n}: Session.check() (reference: check_event())", _question(pack, n), "ask()"))
            out.append(
                timed(
                    f"{pack} history of {n}: check_event()",
                    _question(pack, n),
                    "loanoverdue.check_event(past, last, reg)",
                )
            )
    out.append(Case("start-up: import attrs, pluggy", fresh="import attrs, pluggy", repeat=repeat))
    out.append(
        Case(
            "start-up: import loanoverdue; default_registry()",
            fresh="import loanoverdue; loanoverdue.default_registry()",
            repeat=repeat,
        )
    )
    return out


def _t(r: Result | None) -> str:
    if r is None or r.error is not None or r.median is None:
        return "–" if r is None or r.error is None else "error"
    v = r.median
    return f"{v:.2f} s" if v >= 1 else f"{v * 1e3:.2f} ms" if v >= 1e-3 else f"{v * 1e6:.0f} µs"


def _ratio(a: Result | None, b: Result | None) -> str:
    if a is None or b is None or not a.median or not b.median:
        return "–"
    return f"{b.median / a.median:.2f}×"


def table(results: list[Result], sides: list[Side]) -> str:
    got = {(r.case, r.side): r for r in results}
    ref, tree = sides[0].label, sides[-1].label
    names = list(dict.fromkeys(r.case for r in results))
    lines = [f"| what | {ref} | now | now ÷ {ref} | runs |", "|---|---|---|---|---|"]
    for name in names:
        a, b = got.get((name, ref)), got.get((name, tree))
        runs = f"{len(a.times) if a else 0}/{len(b.times) if b else 0}"
        lines.append(f"| {name} | {_t(a)} | {_t(b)} | {_ratio(a, b)} | {runs} |")
    base = "start-up: import attrs, pluggy"
    pkg = "start-up: import loanoverdue; default_registry()"
    text = "\n".join(lines) + "\n"
    for label in (ref, tree):
        a, b = got.get((base, label)), got.get((pkg, label))
        if a and b and a.median and b.median:
            text += f"\nStart-up of {label} ÷ `import attrs, pluggy` in the same interpreter: {b.median / a.median:.2f}×"
    for label in (ref, tree):
        found = [got.get((f"CN example ×{n:,}: assess() then to_json()", label)) for n in GROWTH]
        medians = [r.median for r in found if r is not None and r.median]
        if len(medians) == len(GROWTH):
            per = "; ".join(
                f"{GROWTH[i]:,} → {GROWTH[i + 1]:,} events, {medians[i + 1] / medians[i]:.1f}× the time"
                for i in range(len(GROWTH) - 1)
            )
            text += f"\nGrowth of assess() then to_json() on {label}: {per}."
    cn = "CN example ×20: to_json()"
    a = got.get((cn, tree))
    if a is not None and a.values.get("json_bytes"):
        text += f"\n\nThe CN example's JSON: {a.values['json_bytes'] / 1e3:.0f} kB."
    return text + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_side_options(parser)
    parser.add_argument("--ref-python", type=Path, help="an interpreter with the reference installed")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--budget", type=float, default=40.0, help="seconds per case and side")
    parser.add_argument("--write", action="store_true", help=f"put the table into {DOCS.relative_to(ROOT)}")
    parser.add_argument(
        "--rows",
        choices=sorted(MARKERS),
        default="all",
        help="every row, or the dialler session's alone (written to their own section)",
    )
    args = parser.parse_args()
    if args.ref_python:
        sides = [
            venv_side(args.ref_python, f"{args.ref}"),
            venv_side(ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "python", "working tree")
            if args.tree_venv
            else sides_from_args(args)[1],
        ]
    else:
        sides = sides_from_args(args)
    results = compare(cases(args.budget, args.repeat, args.rows), sides)
    text = table(results, sides)
    print(text)
    if args.write:
        stamp = (
            f"Measured {datetime.now():%Y-%m-%d} on {platform.machine()}, Python "
            f"{platform.python_version()}, {os.cpu_count()} cores shared with other work; "
            f"medians of up to {args.repeat} interleaved repetitions.\n\n"
        )
        begin, end = MARKERS[args.rows]
        body = f"{begin}\n{stamp}{text}{end}"
        doc = DOCS.read_text(encoding="utf-8")
        if begin in doc and end in doc:
            doc = doc[: doc.index(begin)] + body + doc[doc.index(end) + len(end) :]
        else:
            doc = doc.rstrip("\n") + "\n\n" + body + "\n"
        DOCS.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
