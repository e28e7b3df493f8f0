"""The screener's progress bar and closing summary, as text for a terminal."""

from __future__ import annotations

from typing import TextIO

from loanoverdue.portfolio.screen import Summary

__all__ = ["ProgressBar", "format_summary"]


class ProgressBar:
    """A one-line progress bar redrawn on ``stream`` (a terminal's stderr) after each
    batch: records done, of how many, accounts per second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int | None, summary: Summary) -> None:
        rate = done / summary.seconds if summary.seconds > 0 else 0.0
        if total:
            filled = min(self.width, self.width * done // total)
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r[{bar}] {done:,}/{total:,} records  {rate:,.0f}/s"
        else:
            line = f"\r{done:,} records  {rate:,.0f}/s"
        self.stream.write(line)
        if total is not None and done >= total:
            self.stream.write("\n")
        self.stream.flush()


def format_summary(summary: Summary) -> str:
    """The closing summary: accounts, bad records, time, findings by rule and verdict,
    and how the rules were screened."""
    rate = summary.accounts / summary.seconds if summary.seconds > 0 else 0.0
    lines = [
        f"accounts screened: {summary.accounts:,}",
        f"bad records: {summary.bad_records:,}",
        f"time: {summary.seconds:,.1f} s ({rate:,.0f} accounts/s)",
    ]
    methods: dict[str, int] = {}
    for method in summary.rules.values():
        methods[method] = methods.get(method, 0) + 1
    lines.append("rules: " + ", ".join(f"{n} {method}" for method, n in sorted(methods.items())))
    verdicts = sorted({v for _, v in summary.findings})
    lines.append(f"findings: {sum(summary.findings.values()):,}")
    if verdicts:
        rules = sorted({r for r, _ in summary.findings})
        width = max(len(r) for r in rules)
        lines.append("  " + "rule".ljust(width) + "".join(f"  {v:>11}" for v in verdicts))
        for rule in rules:
            counts = "".join(f"  {summary.findings.get((rule, v), 0):>11,}" for v in verdicts)
            lines.append("  " + rule.ljust(width) + counts)
    return "\n".join(lines) + "\n"
