"""The records of a book: one account each, as a case-file mapping with its id, or a bad
record naming what is wrong with it.

A book is read as a stream of :data:`Record` values. A record is good when it could be
read as a case-file mapping (whether the case in it is valid is decided when it is
screened); a :class:`BadRecord` names the account (its id, or the line number where it
has none), the field path and the problem, so the run can go on without it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import attrs

from loanoverdue.errors import InvalidInputError

__all__ = ["Account", "BadRecord", "Record", "read_jsonl"]


@attrs.frozen
class BadRecord:
    """A record that was not screened: ``id`` names the account (its ``id``, else the
    line number), ``path`` the field in case-file terms (``events[3].at``; ``""`` for the
    whole record), ``problem`` what is wrong."""

    id: str
    path: str
    problem: str

    @classmethod
    def of(cls, account_id: str, error: InvalidInputError) -> BadRecord:
        """The bad record for ``error`` raised by the account ``account_id``."""
        return cls(account_id, error.path, error.problem)


@attrs.frozen
class Account:
    """A readable record: the account's id and its case-file mapping (with that ``id``)."""

    id: str
    data: Mapping[str, Any]


#: What a reader yields for each record of a book, in the book's order.
Record = Account | BadRecord


def read_jsonl(path: str | Path) -> Iterator[Record]:
    """The records of a JSON-lines book, one case file per line, lazily.

    A line's id is its ``"id"`` when that is a non-empty string, else its line number
    (from 1), which is then put into the mapping as its ``id``. Blank lines hold no record
    and are passed over (they still count for the line numbers). A line that is not a
    JSON object, or whose id repeats an earlier record's, is a :class:`BadRecord`.
    """
    try:
        f = open(path, encoding="utf-8")  # noqa: SIM115 - closed by _lines, read lazily
    except OSError as exc:
        raise InvalidInputError("", f"cannot read book {str(path)!r}: {exc.strerror}") from None
    return _lines(f)


def _lines(f: TextIO) -> Iterator[Record]:
    seen: dict[str, int] = {}
    with f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            yield _record(number, line, seen)


def _record(number: int, line: str, seen: dict[str, int]) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return BadRecord(str(number), "", f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(data, dict):
        return BadRecord(str(number), "", f"line {number} is not a JSON object (a case file)")
    given = data.get("id")
    if isinstance(given, str) and given.strip():
        account_id = given
    elif "id" in data:  # load_case names what is wrong with it
        account_id = str(number)
    else:
        account_id = str(number)
        data["id"] = account_id
    first = seen.get(account_id)
    if first is not None:
        return BadRecord(account_id, "id", f"repeats the id of the record on line {first}")
    seen[account_id] = number
    return Account(account_id, data)
