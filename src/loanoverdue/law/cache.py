"""The cache of parsed pack data: what ``tomllib`` made of a pack's TOML file, kept as
JSON (a format that holds data only: reading it cannot run code) in the user's cache
directory, so that a registry build does not parse the law again at every start.

An entry is named by the size and checksums of the TOML text it was parsed from, so a
changed file is parsed afresh and several installations share one entry; an entry
that cannot be read or does not match is ignored and the file parsed. Nothing is
written into a pack's own folder.

Where: ``$LOANOVERDUE_CACHE_DIR`` if set (empty: no cache); else the platform's user
cache directory (``$XDG_CACHE_HOME/loanoverdue`` or ``~/.cache/loanoverdue``;
``~/Library/Caches/loanoverdue`` on macOS; ``%LOCALAPPDATA%\\loanoverdue\\Cache`` on
Windows). Nothing is written while ``sys.dont_write_bytecode`` is set
(``PYTHONDONTWRITEBYTECODE``). ``pip uninstall`` does not know this directory; clear
it with::

    python -m loanoverdue.law.cache --clear
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CACHE_VARIABLE", "cache_dir", "cache_path", "clear", "load", "main", "store", "write_entry"]

#: The environment variable that names the cache directory (empty: no cache).
CACHE_VARIABLE = "LOANOVERDUE_CACHE_DIR"
#: The version of the entries' format (entries of another are ignored).
FORMAT = 1
_PREFIX = "parsed-"
#: The prefixes of every entry: parsed data, and the law built from it
#: (:mod:`loanoverdue.law.built`).
_PREFIXES = (_PREFIX, "built-")
#: The largest entry read, in bytes.
_LIMIT = 64 * 2**20


def cache_dir() -> Path | None:
    """The cache directory (it may not exist yet), or ``None`` for no cache."""
    from pathlib import Path

    found = cache_path()
    return None if found is None else Path(found)


def cache_path() -> str | None:
    """The cache directory as a string (what :func:`cache_dir` gives, without
    :mod:`pathlib`, which a registry build does not otherwise need)."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return chosen or None
    home = os.path.expanduser("~") if "HOME" in os.environ or os.name == "nt" else None
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "loanoverdue", "Cache") if base else None
    if sys.platform == "darwin" and home is not None:
        return os.path.join(home, "Library", "Caches", "loanoverdue")
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "loanoverdue")
    return os.path.join(home, ".cache", "loanoverdue") if home is not None else None


def _key(raw: bytes) -> tuple[int, int, int]:
    import zlib

    return len(raw), zlib.crc32(raw), zlib.adler32(raw)


def _entry(directory: str | os.PathLike[str], key: tuple[int, int, int]) -> str:
    return os.path.join(directory, f"{_PREFIX}{key[0]:x}-{key[1]:08x}-{key[2]:08x}.json")


_DECODE = {"d": date.fromisoformat, "t": time.fromisoformat, "T": datetime.fromisoformat}


def load(raw: bytes) -> dict[str, Any] | None:
    """The parsed form of the TOML text ``raw`` if the cache holds it, else ``None``."""
    found = cache_path()
    if found is None:
        return None
    key = _key(raw)
    try:
        from loanoverdue._textfile import read_limited

        with open(_entry(found, key), "rb") as f:
            text = read_limited(f, _LIMIT)
        if text is None:
            return None
        import json

        entry = json.loads(text)
        if entry["format"] != FORMAT or entry["key"] != list(key):
            return None
        data = entry["data"]
        for kind, path in entry["typed"]:
            node = data
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = _DECODE[kind](node[path[-1]])
    except Exception:  # missing, partly written, of another format or crafted: parse instead
        return None
    return data if isinstance(data, dict) else None


def _typed(node: Any, path: list[str | int], out: list[tuple[str, list[str | int]]]) -> Any:
    """``node`` with its dates and times as ISO strings, their paths added to ``out``."""
    if isinstance(node, dict):
        return {k: _typed(v, [*path, k], out) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed(v, [*path, i], out) for i, v in enumerate(node)]
    if isinstance(node, datetime):
        out.append(("T", path))
        return node.isoformat()
    if isinstance(node, date):
        out.append(("d", path))
        return node.isoformat()
    if isinstance(node, time):
        out.append(("t", path))
        return node.isoformat()
    return node


def store(raw: bytes, data: dict[str, Any]) -> None:
    """Keep ``data``, the parsed form of the TOML text ``raw`` (best effort: a directory
    that cannot be written means no cache)."""
    found = cache_path()
    if found is None or sys.dont_write_bytecode:
        return
    import json

    key = _key(raw)
    typed: list[tuple[str, list[str | int]]] = []
    entry = {"format": FORMAT, "key": list(key), "data": _typed(data, [], typed), "typed": typed}
    try:
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return
    write_entry(_entry(found, key), text)


def write_entry(path: str, text: str) -> None:
    """Write the entry ``path`` whole or not at all (best effort: a directory that
    cannot be written means no entry)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def clear() -> int:
    """Remove the cache's entries; return how many were removed."""
    directory = cache_dir()
    if directory is None or not directory.is_dir():
        return 0
    removed = 0
    for prefix in _PREFIXES:
        for path in directory.glob(f"{prefix}*.json*"):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    with contextlib.suppress(OSError):
        directory.rmdir()  # only if nothing else is in it
    return removed


def main(argv: list[str] | None = None) -> int:
    """``python -m loanoverdue.law.cache [--clear]``: say where the cache is and how
    big; with ``--clear``, empty it."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m loanoverdue.law.cache", description=main.__doc__)
    parser.add_argument("--clear", action="store_true", help="remove the cached entries")
    args = parser.parse_args(argv)
    directory = cache_dir()
    if directory is None:
        print(f"no cache ({CACHE_VARIABLE} is empty, or there is no home directory)")
        return 0
    if args.clear:
        print(f"removed {clear()} entries from {directory}")
        return 0
    entries = [p for prefix in _PREFIXES for p in directory.glob(f"{prefix}*.json")] if directory.is_dir() else []
    size = sum(p.stat().st_size for p in entries)
    print(f"{directory}: {len(entries)} entries, {size / 1024:.0f} kB")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
