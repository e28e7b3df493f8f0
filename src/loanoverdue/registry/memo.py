"""A dict of derived values with a size bound, for memos that live as long as a registry."""

from __future__ import annotations

from typing import Any

__all__ = ["MEMO_LIMIT", "Memo"]

#: Entries kept per memo before it starts afresh (the memos hold derived values only,
#: so dropping them costs time, never correctness).
MEMO_LIMIT = 8192


class Memo(dict[Any, Any]):
    """A dict of derived values that starts afresh when it holds :data:`MEMO_LIMIT`
    entries, so keys made from the cases seen cannot grow it without bound. Reads are
    plain dict reads."""

    __slots__ = ()

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= MEMO_LIMIT and key not in self:
            self.clear()
        dict.__setitem__(self, key, value)
