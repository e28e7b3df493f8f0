"""The timing side of the benchmark harness: runs in the interpreter of one version of
loanoverdue and answers the harness's requests, one JSON line each, on stdin/stdout.

Requests::

    {"op": "setup", "case": NAME, "code": "..."}      run code once (defines the names)
    {"op": "time", "case": NAME, "stmt": "...", "number": N}   time N runs of stmt
    {"op": "value", "case": NAME, "expr": "..."}      evaluate expr once (a figure)
    {"op": "drop", "case": NAME}                       forget the case's namespace
    {"op": "quit"}

Each case has its own namespace. A reply is ``{"ok": true, ...}`` or ``{"ok": false,
"error": "..."}``. ``time`` answers ``{"seconds": total, "number": N}``; with
``"number": 0`` it finds a number of runs that takes at least 0.2 s (as ``timeit``
does) and answers with that too.

Only the standard library and the loanoverdue that the interpreter has installed: the
harness runs this file under each version it compares.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any


def _time(stmt: Any, ns: dict[str, Any], number: int) -> float:
    code = compile(stmt, "<stmt>", "exec")
    gc.collect()  # start clean; the collector stays on, as in an application
    start = time.perf_counter()
    for _ in range(number):
        exec(code, ns)
    return time.perf_counter() - start


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # histories.py and friends
    spaces: dict[str, dict[str, Any]] = {}
    out = sys.stdout
    sys.stdout = sys.stderr  # what a case prints must not break the protocol
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        if op == "quit":
            break
        if op == "drop":  # so a later case does not carry this one's objects
            spaces.pop(request.get("case", ""), None)
            gc.collect()
            out.write(json.dumps({"ok": True}) + "\n")
            out.flush()
            continue
        ns = spaces.setdefault(request.get("case", ""), {"__name__": "__bench__"})
        try:
            if op == "setup":
                exec(compile(request["code"], "<setup>", "exec"), ns)
                reply: dict[str, Any] = {"ok": True}
            elif op == "time":
                number = int(request["number"])
                if number <= 0:
                    number = 1
                    while True:
                        seconds = _time(request["stmt"], ns, number)
                        if seconds >= 0.2 or number >= 1_000_000:
                            break
                        number *= 10 if seconds < 0.02 else 2
                else:
                    seconds = _time(request["stmt"], ns, number)
                reply = {"ok": True, "seconds": seconds, "number": number}
            elif op == "value":
                reply = {"ok": True, "value": eval(request["expr"], ns)}
            else:
                reply = {"ok": False, "error": f"unknown op {op!r}"}
        except Exception as exc:
            reply = {
                "ok": False,
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(),
            }
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
