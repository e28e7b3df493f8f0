"""How the cost of a case grows with its number of events, compared with a git ref.

    .venv/bin/python benchmarks/growth.py            # print the tables
    .venv/bin/python benchmarks/growth.py --write    # also put them into docs/benchmarks.md

For each pack (China ``CN``, United States ``US``, the fictional ``XE``) and 10, 100,
1,000 and 10,000 events of a generated history (``histories.py``): ``assess()`` of the
case, ``check_event()`` of its last event, and the size of the assessment JSON; on the
reference (default: the previous release) and on the working tree, side by side (see
``harness.py``). A worst case of the China night rules (every event a late call) is
measured as well. The growth ratio is the time for 10,000 events over the time for
1,000: linear cost gives about 10.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Case, Result, Side, add_side_options, compare, sides_from_args

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- growth -->", "<!-- /growth -->"
SIZES = (10, 100, 1_000, 10_000)
#: (label, pack, shape) of the histories measured.
HISTORIES = (
    ("CN", "CN", "typical"),
    ("US", "US", "typical"),
    ("XE", "XE", "typical"),
    ("CN, night", "CN", "night"),
)


def cases(sizes: tuple[int, ...], budget: float) -> list[Case]:
    out = []
    for label, pack, shape in HISTORIES:
        for n in sizes:
            setup = (
                "import loanoverdue\n"
                "from histories import history\n"
                "reg = loanoverdue.default_registry()\n"
                f"case = loanoverdue.load_case(history({pack!r}, {n}, shape={shape!r}))\n"
            )
            out.append(
                Case(
                    f"{label} {n} assess",
                    # the figures read, the result let go: it must not weigh on the timing
                    setup=setup
                    + "result = loanoverdue.assess(case, reg)\n"
                    + "json_bytes, findings = len(result.to_json().encode()), len(result.findings)\n"
                    + "del result\n",
                    stmt="loanoverdue.assess(case, reg)",
                    values={"json_bytes": "json_bytes", "findings": "findings"},
                    repeat=5,
                    budget=budget,
                )
            )
            out.append(
                Case(
                    f"{label} {n} check_event",
                    setup=setup + f"loanoverdue.check_event(case, {n - 1}, reg)\n",
                    stmt=f"loanoverdue.check_event(case, {n - 1}, reg)",
                    repeat=5,
                    budget=budget,
                )
            )
    return out


def _t(r: Result | None) -> str:
    if r is None or r.error is not None or r.median is None:
        return "–" if r is None or r.error is None else "error"
    v = r.median
    return f"{v:.2f} s" if v >= 1 else f"{v * 1e3:.1f} ms" if v >= 1e-3 else f"{v * 1e6:.0f} µs"


def _ratio(a: Result | None, b: Result | None) -> str:
    if a is None or b is None or not a.median or not b.median:
        return "–"
    r = b.median / a.median
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×" if r >= 0.01 else f"1/{1 / r:,.0f}"


def _size(r: Result | None) -> str:
    if r is None or r.values.get("json_bytes") is None:
        return "–"
    b = r.values["json_bytes"]
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.0f} kB"


def table(results: list[Result], sides: list[Side], sizes: tuple[int, ...]) -> str:
    got = {(r.case, r.side): r for r in results}
    ref, tree = sides[0].label, sides[-1].label
    lines = [
        f"| history | events | `assess()` {ref} | `assess()` now | now ÷ {ref} "
        f"| `check_event()` {ref} | `check_event()` now | JSON {ref} | JSON now |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    growth = []
    for label, _, _ in HISTORIES:
        for n in sizes:
            a_ref, a_now = got.get((f"{label} {n} assess", ref)), got.get((f"{label} {n} assess", tree))
            c_ref = got.get((f"{label} {n} check_event", ref))
            c_now = got.get((f"{label} {n} check_event", tree))
            lines.append(
                f"| {label} | {n:,} | {_t(a_ref)} | {_t(a_now)} | {_ratio(a_ref, a_now)} "
                f"| {_t(c_ref)} | {_t(c_now)} | {_size(a_ref)} | {_size(a_now)} |"
            )
        if 1_000 in sizes and 10_000 in sizes:
            row = [label]
            for what in ("assess", "check_event"):
                for side in (ref, tree):
                    small, big = (
                        got.get((f"{label} 1000 {what}", side)),
                        got.get((f"{label} 10000 {what}", side)),
                    )
                    row.append(_ratio(small, big))
            growth.append("| " + " | ".join(row) + " |")
    text = "\n".join(lines) + "\n"
    if growth:
        text += (
            "\nGrowth ratio: the time for 10,000 events ÷ the time for 1,000 (linear cost gives "
            "about 10; the goal is under 12).\n\n"
            f"| history | `assess()` {ref} | `assess()` now | `check_event()` {ref} | `check_event()` now |\n"
            "|---|---|---|---|---|\n" + "\n".join(growth) + "\n"
        )
    return text


def load(path: Path) -> tuple[list[Side], list[Result]]:
    """Sides and results saved by ``--json``."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    rows = saved["results"] if isinstance(saved, dict) else saved
    results = [Result(r["case"], r["side"], r["times"], r["values"], r["error"]) for r in rows]
    if isinstance(saved, dict):
        sides = [Side(s["label"], Path(), s["source"]) for s in saved["sides"]]
    else:
        labels = list(dict.fromkeys(r.side for r in results))
        sides = [Side(label, Path(), "") for label in labels]
    return sides, results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_side_options(parser)
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="numbers of events, comma-separated"
    )
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per case and side (at least one run)"
    )
    parser.add_argument(
        "--write", action="store_true", help=f"write the tables into {DOCS.relative_to(ROOT)}"
    )
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument(
        "--from", dest="saved", metavar="FILE", help="make the tables from figures saved by --json"
    )
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.sizes.split(","))
    if args.saved:
        sides, results = load(Path(args.saved))
    else:
        sides = sides_from_args(args)
        results = compare(cases(sizes, args.budget), sides)
    if args.json:
        out = {
            "sides": [{"label": s.label, "source": s.source} for s in sides],
            "results": [r.__dict__ | {"median": r.median} for r in results],
        }
        print(json.dumps(out, indent=2))
        return 0
    head = (
        f"Measured {datetime.now().date().isoformat()} on {platform.machine()}, Python "
        f"{platform.python_version()}; reference {sides[0].label} = {sides[0].source[:12]}, median of up to "
        "5 runs each (fewer where one run takes long: the count is in the raw figures).\n\n"
    )
    text = head + table(results, sides, sizes)
    print(text)
    if args.write:
        page = DOCS.read_text(encoding="utf-8")
        if BEGIN in page and END in page:
            before, _, rest = page.partition(BEGIN)
            _, _, after = rest.partition(END)
            page = f"{before}{BEGIN}\n\n{text}\n{END}{after}"
        else:
            page = page.rstrip("\n") + f"\n\n{BEGIN}\n\n{text}\n{END}\n"
        DOCS.write_text(page, encoding="utf-8")
        print(f"written to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
