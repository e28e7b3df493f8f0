"""Portfolio screening: a lender's whole book, account by account, into Arrow tables.

A book is JSON lines (one case file per line, see :func:`read_jsonl`) or a Parquet pair
of tables (``accounts.parquet`` and ``events.parquet``, see
:func:`~loanoverdue.portfolio.book.read_parquet_book`). :func:`screen_book` screens it in
batches, in one process or several, and writes the findings, the account values and the
bad records as Parquet tables (columns in ``docs/reference/portfolio-tables.md``)::

    from loanoverdue.portfolio import screen_book
    summary = screen_book("book.jsonl", "out/", workers=2)

A Parquet book is read as columns (:mod:`~loanoverdue.portfolio.columns`) and screened
through a columnar plan (:mod:`~loanoverdue.portfolio.seam`): what the plan does not
vectorise runs through the engine's rules-only entry point
(:func:`~loanoverdue.engine.screening.assess_rules`).

Reading JSON lines and generating a synthetic book need nothing beyond the core; reading
or writing Arrow tables needs the ``loanoverdue[portfolio]`` extra (pyarrow, numpy).
"""

from __future__ import annotations

from loanoverdue.portfolio._arrow import MissingExtraError
from loanoverdue.portfolio.records import Account, BadRecord, Record, read_jsonl
from loanoverdue.portfolio.screen import (
    BatchResult,
    Progress,
    Summary,
    open_book,
    rule_methods,
    screen_batch,
    screen_book,
    screen_columns,
    screen_records,
)
from loanoverdue.portfolio.synthetic import generate_book

__all__ = [
    "Account",
    "BadRecord",
    "BatchResult",
    "MissingExtraError",
    "Progress",
    "Record",
    "Summary",
    "generate_book",
    "open_book",
    "read_jsonl",
    "rule_methods",
    "screen_batch",
    "screen_book",
    "screen_columns",
    "screen_records",
]
