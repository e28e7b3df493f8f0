"""What screening writes: an Arrow table of findings, one of account values and one of
bad records, as Parquet files in the output directory.

The rows are plain Python values (:func:`finding_rows`;
:func:`~loanoverdue.portfolio.values.values_row`), so a worker process sends rows, not
assessments, and a test compares them with ``assess()`` directly. The columns are in
``docs/reference/portfolio-tables.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from loanoverdue.engine.screening import RulesAssessment
from loanoverdue.portfolio._arrow import pyarrow, pyarrow_parquet
from loanoverdue.portfolio.records import BadRecord
from loanoverdue.results import Assessment
from loanoverdue.results.json import plain

__all__ = [
    "ACCOUNTS_OUT_FILE",
    "BAD_RECORDS_FILE",
    "FINDINGS_FILE",
    "ResultWriter",
    "account_values_schema",
    "bad_records_schema",
    "finding_rows",
    "findings_schema",
    "result_tables",
]

FINDINGS_FILE = "findings.parquet"
ACCOUNTS_OUT_FILE = "accounts.parquet"
BAD_RECORDS_FILE = "bad_records.parquet"


def findings_schema() -> Any:
    """One row per finding: the account, the rule, what it found and what decided it."""
    pa = pyarrow()
    parameter = pa.struct(
        [
            ("id", pa.string()),
            ("jurisdiction", pa.string()),
            ("value", pa.string()),
            ("overridden", pa.bool_()),
        ]
    )
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("rule", pa.string(), nullable=False),
            pa.field("verdict", pa.string(), nullable=False),
            pa.field("event", pa.int32()),
            pa.field("weight", pa.string(), nullable=False),
            pa.field("proposed", pa.bool_(), nullable=False),
            pa.field("parameters", pa.list_(parameter), nullable=False),
        ]
    )


def account_values_schema() -> Any:
    """One row per screened account: the values of its assessment a book is sorted by."""
    pa = pyarrow()
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("jurisdiction", pa.string(), nullable=False),
            pa.field("days_past_due", pa.int32(), nullable=False),
            pa.field("stage", pa.string(), nullable=False),
            pa.field("limitation_expires", pa.date32()),
            pa.field("limitation_expired", pa.bool_()),
            pa.field("credit_reported", pa.bool_()),
            pa.field("credit_retained_until", pa.date32()),
            pa.field("annual_rate", pa.string()),
            pa.field("interest_cap", pa.string()),
            pa.field("interest_excess", pa.bool_()),
            pa.field("criminal_possible", pa.bool_()),
            pa.field("findings", pa.int32(), nullable=False),
            pa.field("violations", pa.int32(), nullable=False),
            pa.field("next_contact", pa.timestamp("us", tz="UTC")),
        ]
    )


def bad_records_schema() -> Any:
    """One row per record that was not screened."""
    pa = pyarrow()
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("path", pa.string(), nullable=False),
            pa.field("problem", pa.string(), nullable=False),
        ]
    )


def _text(value: object) -> str:
    """A parameter's value as text: a string as it is, anything else as its JSON."""
    out = plain(value)
    return out if isinstance(out, str) else json.dumps(out, ensure_ascii=False, sort_keys=True)


def finding_rows(account_id: str, assessment: Assessment | RulesAssessment) -> list[dict[str, Any]]:
    """The findings rows of one assessment (or of :func:`~loanoverdue.engine.screening.assess_rules`),
    in the assessment's order."""
    return [
        {
            "id": account_id,
            "rule": f.rule,
            "verdict": f.verdict.value,
            "event": f.event,
            "weight": f.weight.value,
            "proposed": f.proposed,
            "parameters": [
                {
                    "id": u.id,
                    "jurisdiction": u.jurisdiction,
                    "value": _text(u.value),
                    "overridden": u.overridden,
                }
                for u in f.parameters
            ],
        }
        for f in assessment.findings
    ]


def result_tables(
    findings: Sequence[Mapping[str, Any]], accounts: Sequence[Mapping[str, Any]], bad: Sequence[BadRecord]
) -> tuple[Any, Any, Any]:
    """One batch's rows as the three Arrow tables (findings, account values, bad records)."""
    pa = pyarrow()
    return (
        pa.Table.from_pylist(list(findings), schema=findings_schema()),
        pa.Table.from_pylist(list(accounts), schema=account_values_schema()),
        pa.Table.from_pylist(
            [{"id": b.id, "path": b.path, "problem": b.problem} for b in bad], schema=bad_records_schema()
        ),
    )


class ResultWriter:
    """Writes the three output tables into a directory, one row group per batch; use it
    as a context manager so the files are closed.

    With ``part``, each table is one file of a Parquet dataset instead:
    ``findings/PART.parquet``, ``accounts/PART.parquet``, ``bad_records/PART.parquet``
    (how the partitions of a cluster run are written)."""

    def __init__(self, directory: str | Path, part: str | None = None) -> None:
        pq = pyarrow_parquet()
        self.directory = Path(directory)
        self._schemas = (findings_schema(), account_values_schema(), bad_records_schema())
        paths = []
        for name in (FINDINGS_FILE, ACCOUNTS_OUT_FILE, BAD_RECORDS_FILE):
            if part is None:
                paths.append(self.directory / name)
            else:
                paths.append(self.directory / name.removesuffix(".parquet") / f"{part}.parquet")
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._writers = tuple(
            pq.ParquetWriter(path, schema) for path, schema in zip(paths, self._schemas, strict=True)
        )

    def write(
        self,
        findings: Sequence[Mapping[str, Any]],
        accounts: Sequence[Mapping[str, Any]],
        bad: Sequence[BadRecord],
    ) -> None:
        """Append one batch's rows."""
        pa = pyarrow()
        rows = (findings, accounts, [{"id": b.id, "path": b.path, "problem": b.problem} for b in bad])
        for writer, schema, batch in zip(self._writers, self._schemas, rows, strict=True):
            if batch:
                writer.write_table(pa.Table.from_pylist(list(batch), schema=schema))

    def write_tables(self, tables: Sequence[Any]) -> None:
        """Append one batch given as its three Arrow tables (see :func:`result_tables`)."""
        for writer, table in zip(self._writers, tables, strict=True):
            if len(table):
                writer.write_table(table)

    def close(self) -> None:
        for writer in self._writers:
            writer.close()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
