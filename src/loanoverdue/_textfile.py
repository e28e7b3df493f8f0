"""Reading the files a user gives (case files, platform policies): bounded in size,
UTF-8 with or without a byte-order mark, strict JSON (no duplicate keys, no
NaN) and TOML, every problem an :class:`~loanoverdue.errors.InvalidInputError` that
names the file and, where the file parsed, the path of the value at fault.

Private: :mod:`loanoverdue.io` and :mod:`loanoverdue.law.platform` use it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import TYPE_CHECKING, Any, BinaryIO

from loanoverdue.errors import InvalidInputError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["INTEGER_DIGITS", "decode", "parse_json", "parse_toml", "read_limited", "read_text"]

#: The most digits an integer literal may have.
INTEGER_DIGITS = 64
#: An integer literal longer than Python converts (``sys.get_int_max_str_digits()``).
_TOO_LONG = re.compile(r"[0-9][0-9_]{4300,}")


class _Flaw:
    """A value the JSON parser met that the input may not hold (found again, with its
    path, once the file is parsed)."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Object(dict[str, Any]):
    """A JSON object in which a key was given twice."""

    duplicate: str


class _Hooks:
    """The JSON parser's hooks for one file: they mark what the file may not hold, and
    remember that they did (so a file without flaws is not walked again)."""

    __slots__ = ("flawed",)

    def __init__(self) -> None:
        self.flawed = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) == len(pairs):
            return out
        self.flawed = True
        seen: set[str] = set()
        flawed = _Object(out)
        for key, _ in pairs:
            if key in seen:
                flawed.duplicate = key
                break
            seen.add(key)
        return flawed

    def integer(self, text: str) -> int | _Flaw:
        digits = len(text) - text.startswith("-")
        if digits > INTEGER_DIGITS:
            self.flawed = True
            return _Flaw(f"an integer of {digits:,} digits is too long (at most {INTEGER_DIGITS})")
        return int(text)

    def constant(self, text: str) -> _Flaw:
        self.flawed = True
        return _Flaw(f"{text} is not a number JSON allows")


def read_limited(f: BinaryIO, limit: int) -> bytes | None:
    """The contents of the open file ``f``, or ``None`` if it holds more than ``limit``
    bytes (a regular file is sized first; anything else, a pipe or ``/dev/zero``, is
    read in chunks up to the limit, never to its end)."""
    try:
        st = os.fstat(f.fileno())
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        if st.st_size > limit:
            return None
        raw = f.read()
        return raw if len(raw) <= limit else None
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = f.read(min(2**20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks) if size <= limit else None


def read_text(path: Path, limit: int, what: str) -> str:
    """The text of ``path`` (``what``: "case file", "policy file"), at most ``limit``
    bytes of UTF-8; a leading byte-order mark is dropped."""
    try:
        with open(path, "rb") as f:
            raw = read_limited(f, limit)
    except OSError as exc:
        raise InvalidInputError("", f"cannot read {what} {str(path)!r}: {exc.strerror or exc}") from None
    if raw is None:
        raise InvalidInputError("", f"{path}: larger than the {limit // 2**20} MB a {what} may have")
    return decode(raw, str(path))


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, a leading byte-order mark dropped (as Windows Notepad writes it)."""
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError("", f"{name}: not UTF-8 text (byte {exc.start})") from None


def parse_json(text: str, name: str) -> Any:
    """Parse JSON text strictly; ``name`` is the file's name for the message."""
    hooks = _Hooks()
    try:
        data = json.loads(
            text, object_pairs_hook=hooks.pairs, parse_int=hooks.integer, parse_constant=hooks.constant
        )
    except json.JSONDecodeError as exc:
        raise InvalidInputError("", f"{name}: not valid JSON: {exc}") from None
    except RecursionError:
        raise InvalidInputError("", f"{name}: lists or objects nested too deeply") from None
    if hooks.flawed:
        _find_flaw(data)
    return data


def parse_toml(text: str, name: str) -> Any:
    """Parse TOML text; ``name`` is the file's name for the message."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError("", f"{name}: not valid TOML: {exc}") from None
    except RecursionError:
        raise InvalidInputError("", f"{name}: arrays or tables nested too deeply") from None
    except ValueError as exc:  # an integer too long to convert
        found = _TOO_LONG.search(text)
        if found is None:
            raise InvalidInputError("", f"{name}: not valid TOML: {exc}") from None
        line = text.count("\n", 0, found.start()) + 1
        raise InvalidInputError(
            "", f"{name}: line {line}: an integer of over 4,300 digits is too long"
        ) from None
    return data


def _step(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _find_flaw(data: Any) -> None:
    """Raise, with its path, for the first value (in the file's order) the hooks marked:
    a key given twice, an integer too long, a NaN."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node, _Object):
                raise InvalidInputError(_step(path, node.duplicate), "the key is given twice")
            children: list[tuple[str | int, Any]] = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        elif isinstance(node, _Flaw):
            raise InvalidInputError(path, node.problem)
        else:
            continue
        stack.extend((_step(path, k), v) for k, v in reversed(children))
