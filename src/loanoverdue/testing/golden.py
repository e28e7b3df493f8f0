"""Golden files: a rendered output compared with the file that holds what it must be.

``assert_golden(path, text)`` passes when ``path`` holds exactly ``text``; otherwise
it fails with a diff. Set ``LOANOVERDUE_UPDATE_GOLDEN=1`` to write the files instead
(then read the diff in version control before committing it)::

    LOANOVERDUE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

__all__ = ["UPDATE", "assert_golden"]

#: The environment variable that makes :func:`assert_golden` write the files.
UPDATE = "LOANOVERDUE_UPDATE_GOLDEN"


def assert_golden(path: Path, text: str) -> None:
    """Fail (``AssertionError`` with a diff) unless ``path`` holds ``text``."""
    if os.environ.get(UPDATE):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"{path}: no golden file; write it with {UPDATE}=1 and review it")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), f"{path.name} (golden)", f"{path.name} (now)", lineterm=""
        )
        shown = list(diff)[:80]
        raise AssertionError(f"{path} differs from the output (run with {UPDATE}=1 to accept):\n" + "\n".join(shown))
