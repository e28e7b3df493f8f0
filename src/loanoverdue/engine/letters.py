"""Letters: the packs' letter writers run over the draft assessment."""

from __future__ import annotations

from loanoverdue.engine.context import CaseState, owner_of
from loanoverdue.errors import PluginError, raise_from_pack
from loanoverdue.results import Assessment, Letter, TraceEntry

__all__ = ["write_letters"]


def write_letters(ctx: CaseState, draft: Assessment) -> tuple[tuple[Letter, ...], list[TraceEntry]]:
    """The letters the chain's writers give for the case, one per kind (the most
    specific jurisdiction's writer first), in the order written, and a trace entry per
    writer naming the kinds it wrote.

    A writer that raises, returns something other than a
    :class:`~loanoverdue.results.Letter`, writes a kind it did not declare or writes one
    kind twice makes a :class:`~loanoverdue.errors.PluginError` naming its pack."""
    out: dict[str, Letter] = {}
    trace: list[TraceEntry] = []
    registry = ctx.registry
    memo = ctx.indexes.memo("loanoverdue.trace.letters")
    for writer in ctx.indexes.letter_writers(ctx.chain):
        try:
            items = list(writer.write(ctx, draft))
        except Exception as exc:
            owner = owner_of(registry, writer.id, "letters")
            raise_from_pack(exc, *owner, f"letter writer {writer.id!r}")
        mine: set[str] = set()
        for item in items:
            problem = None
            if not isinstance(item, Letter):
                problem = f"returned {item!r}, expected a Letter"
            elif item.kind not in writer.kinds:
                problem = f"wrote a letter of kind {item.kind!r}, which it does not declare ({', '.join(writer.kinds)})"
            elif item.kind in mine:
                problem = f"wrote two letters of kind {item.kind!r}"
            if problem is not None:
                name, dist = owner_of(registry, writer.id, "letters")
                raise PluginError(name, dist, f"letter writer {writer.id!r} {problem}")
            assert isinstance(item, Letter)
            mine.add(item.kind)
            out.setdefault(item.kind, item)  # a more specific jurisdiction's letter wins
        key = (writer.id, tuple(sorted(mine)))
        entry = memo.get(key)
        if entry is None:
            entry = memo[key] = TraceEntry("letter", writer.id, {"kinds": key[1]})
        trace.append(entry)
    return tuple(out.values()), trace
