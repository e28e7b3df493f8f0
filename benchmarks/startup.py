"""Start-up compared with a git ref: a fresh interpreter importing loanoverdue and building
the registry of the installed packs, against one importing attrs and pluggy only.

    .venv/bin/python benchmarks/startup.py            # print the table
    .venv/bin/python benchmarks/startup.py --write    # also put it into docs/benchmarks.md
    .venv/bin/python benchmarks/startup.py --ref-python PATH --tree-venv  # a reference already installed

Both versions are installed (``harness.py``) and take turns; bytecode and parsed-data
caches are written by a first run, as for an installed program. The cache of the
working tree goes to a directory of its own for the run.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness
from harness import ROOT, Case, add_side_options, compare, sides_from_args, venv_side

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- startup -->", "<!-- /startup -->"
BASELINE = "import attrs, pluggy"
MEASURED = "import loanoverdue; loanoverdue.default_registry()"


def _source(source: str) -> str:
    """A side's source as shown: a commit by its first 12 digits, an interpreter by its path."""
    return source if os.sep in source else source[:12]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_side_options(parser)
    parser.add_argument("--ref-python", type=Path, help="an interpreter with the reference installed")
    parser.add_argument("--repeat", type=int, default=21, help="fresh interpreters per command and side")
    parser.add_argument("--write", action="store_true", help=f"write the table into {DOCS.relative_to(ROOT)}")
    args = parser.parse_args()
    sides = sides_from_args(args)
    if args.ref_python:
        sides = [venv_side(args.ref_python, args.ref), sides[-1]]
    with tempfile.TemporaryDirectory(prefix="loanoverdue-cache-") as cache:
        harness._ENV["LOANOVERDUE_CACHE_DIR"] = cache
        cases = [
            Case("baseline", fresh=BASELINE, repeat=args.repeat),
            Case("loanoverdue", fresh=MEASURED, repeat=args.repeat),
        ]
        results = compare(cases, sides)
        del harness._ENV["LOANOVERDUE_CACHE_DIR"]
        entries = len(os.listdir(cache))
    got = {(r.case, r.side): r.median for r in results}
    ref, tree = sides[0].label, sides[-1].label
    rows = [
        f"Measured {datetime.now().date().isoformat()} on {platform.machine()}, Python "
        f"{platform.python_version()}; reference {ref} = {_source(sides[0].source)}; median of "
        f"{args.repeat} fresh interpreters each, the versions taking turns ({entries} cache entries).",
        "",
        f"| command | {ref} | now | now ÷ {ref} |",
        "|---|---|---|---|",
    ]
    for name, code in (("baseline", BASELINE), ("loanoverdue", MEASURED)):
        a, b = got.get((name, ref)), got.get((name, tree))
        ratio = f"{b / a:.2f}×" if a and b else "–"
        cells = [f"{x * 1e3:.1f} ms" if x else "–" for x in (a, b)]
        rows.append(f'| `python -c "{code}"` | {cells[0]} | {cells[1]} | {ratio} |')
    a0, a1 = got.get(("baseline", ref)), got.get(("loanoverdue", ref))
    b0, b1 = got.get(("baseline", tree)), got.get(("loanoverdue", tree))
    if a0 and a1 and b0 and b1:
        rows.append(f"| start-up ÷ baseline (target: at most 2.5×) | {a1 / a0:.2f}× | **{b1 / b0:.2f}×** | |")
    text = "\n".join(rows) + "\n"
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
