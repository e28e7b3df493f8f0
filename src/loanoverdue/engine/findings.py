"""Running the rules of a case: event rules per event, case rules once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from loanoverdue.engine.context import CaseState, EventCursor, EventView, as_hits, plugin_error, rule_owner
from loanoverdue.errors import raise_from_pack
from loanoverdue.law.rule import RELATED_LIMIT, Hit, Rule, bounded_related
from loanoverdue.law.source import Citation
from loanoverdue.results import Finding, ParameterUse, TraceEntry

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from loanoverdue.registry import Registry
    from loanoverdue.vocabulary import Action

__all__ = ["run_rules"]


def _citations(rule: Rule, hit: Hit) -> tuple[Citation, ...]:
    if hit.citations is None:
        return rule.citations
    by_key = {(c.instrument, c.article): c for c in rule.citations}
    chosen = []
    for c in hit.citations:
        own = by_key.get((c.instrument, c.article))
        if own is None:
            raise ValueError(f"hit cites {c.instrument} {c.article}, which rule {rule.id!r} does not cite")
        chosen.append(own)
    return tuple(chosen)


def _hits(rule: Rule, result: object) -> Iterable[Hit]:
    for hit in as_hits(result):
        if not isinstance(hit, Hit):
            raise TypeError(f"check of rule {rule.id!r} returned {hit!r}, expected Hit or None")
        yield hit


def hits_of(registry: Registry, rule: Rule, ctx: object) -> Sequence[Hit]:
    """The hits of ``rule``'s check run on ``ctx`` (an event cursor or a case context):
    none for ``None``. Anything the check raises is the pack's error
    (:func:`~loanoverdue.errors.raise_from_pack`)."""
    try:
        result = rule.check(ctx)
        if result is None:
            return ()
        return (result,) if type(result) is Hit else list(_hits(rule, result))
    except Exception as exc:
        owner = rule_owner(registry, rule.id)
        raise_from_pack(exc, *owner, f"check of rule {rule.id!r}")


def _listed_hits(registry: Registry, rule: Rule, result: object) -> list[Hit]:
    """The hits of a check's ``result`` that is neither ``None`` nor one hit (an
    iterable of hits): :func:`hits_of` for a result already returned."""
    try:
        return list(_hits(rule, result))
    except Exception as exc:
        owner = rule_owner(registry, rule.id)
        raise_from_pack(exc, *owner, f"check of rule {rule.id!r}")


def event_check_error(registry: Registry, rule: Rule, hit: Hit, index: int) -> Exception:
    """The error of an event rule's check that found about event ``hit.event`` while
    judging event ``index``: an event check judges its own event (check_event() runs it
    for that one alone); findings about other events belong to case rules."""
    return plugin_error(
        registry,
        rule.id,
        f"check of rule {rule.id!r}",
        ValueError(
            f"hit about event {hit.event} from the check of event {index}; "
            "findings about other events belong to case rules"
        ),
    )


def _checked(
    registry: Registry,
    rule: Rule,
    hit: Hit,
    event: int | None,
    proposed: bool,
    reads: Sequence[ParameterUse],
    ctx: CaseState,
) -> Finding:
    """The finding ``hit`` of ``rule`` makes (about ``event``, or about the case);
    ``reads`` are the parameter values it rests on, each once, in the order read."""
    try:
        if hit.citations is not None:
            citations = _citations(rule, hit)
        elif event is None:
            citations = rule.citations
        else:
            # an event is judged by the law in force on its day: cite what was in force then
            citations = ctx.indexes.citations_in_force(rule, ctx.all_events[event].day)
        # a Verdict is a str: it finds the message keyed by its value
        template = rule.messages.get(hit.message or hit.verdict)
        if template is None:
            template = rule.message(hit.message or hit.verdict.value)  # raises, naming the rule
    except (ValueError, KeyError) as exc:
        raise plugin_error(registry, rule.id, f"check of rule {rule.id!r}", exc) from exc
    related = hit.related
    count = len(related) if hit.related_count is None else hit.related_count
    if len(related) > RELATED_LIMIT:
        related = bounded_related(related)
    return Finding(
        rule.id,
        hit.verdict,
        rule.weight,
        rule.basis,
        citations,
        template,
        hit.params,
        event,
        related,
        proposed,
        reads if type(reads) is tuple else tuple(reads),
        count,
    )


def precondition_holds(ctx: CaseState, rule: Rule, known: dict[Rule, bool]) -> bool:
    """Whether ``rule``'s precondition holds for the case (asked once per case; the
    parameter values it reads go into the trace, not into a finding)."""
    found = known.get(rule)
    if found is None:
        assert rule.applies is not None
        reads, ctx._reads = ctx._reads, None
        try:
            found = known[rule] = bool(rule.applies(ctx))
        except Exception as exc:
            owner = rule_owner(ctx.registry, rule.id)
            raise_from_pack(exc, *owner, f"precondition of rule {rule.id!r}")
        finally:
            ctx._reads = reads
    return found


def grown_precondition(ctx: CaseState, rule: Rule, grows: Callable[[Any, Any], bool], view: EventView) -> bool:
    """``grows(ctx, view)`` (``rule``'s :attr:`~loanoverdue.law.Rule.applies_grows`):
    the answer of ``rule``'s precondition, false for ``ctx``'s case, for that case with
    the event ``view`` added (``view`` is that event's view in the grown case's state).

    The answer is the grown case's, so what it reads is not ``ctx``'s: the parameter
    values it reads are neither counted as read by a running check nor put into
    ``ctx``'s trace, and the facts it derives in ``ctx`` are dropped (they hold reads
    the trace would then lack), as asking the precondition of the grown case's own
    state would leave ``ctx`` as it was. Anything it raises is the pack's error."""
    reads, used, facts = ctx._reads, ctx._used, len(ctx._derived)
    ctx._reads, ctx._used = None, {}
    try:
        return bool(grows(ctx, view))
    except Exception as exc:
        raise_from_pack(exc, *rule_owner(ctx.registry, rule.id), f"precondition of rule {rule.id!r}")
    finally:
        ctx._reads, ctx._used = reads, used
        derived = ctx._derived
        if len(derived) != facts:
            for key in list(derived)[facts:]:
                del derived[key]


def run_rules(
    ctx: CaseState,
    only: int | None = None,
    rules: frozenset[str] | None = None,
    *,
    preconditions: dict[Rule, bool] | None = None,
) -> tuple[list[Finding], list[TraceEntry]]:
    """Evaluate every rule of the case's jurisdiction chain; return findings (sorted)
    and one trace entry per rule that ran.

    With ``rules`` (rule ids), only those rules run: their findings are the ones a run
    of every rule gives for them (a rule's check reads the case, never another rule's
    findings).

    With ``only`` (an event index), event rules run for that event alone; case rules
    still run over the whole case, since a rule over a window of events can find about
    any of them. The findings about event ``only`` are then the same as without it (the
    others are incomplete, and so is the trace).

    ``preconditions`` (empty, or answers already asked of ``ctx``) receives the answer
    of each precondition asked, by rule."""
    registry = ctx.registry
    code = ctx.jurisdiction
    findings: list[Finding] = []
    #: evaluations of each rule (in the order the rules first ran) and their hits
    ran: dict[Rule, int] = {}
    hit_count: dict[Rule, int] = {}
    all_events = ctx.all_events
    ectx = EventCursor(ctx, all_events[0]) if all_events else None
    reads: list[ParameterUse] = []
    ctx._reads = reads
    ctx.focus = only

    platform = ctx.case.loan.lender.platform
    dispatch, resolve = ctx.indexes.event_dispatch(code, platform)
    if preconditions is None:
        preconditions = {}
    # the parameter values findings rest on, one tuple per distinct set: most findings of
    # a rule share theirs (fewer objects to keep, and for the garbage collector to walk)
    shared: dict[tuple[ParameterUse, ...], tuple[ParameterUse, ...]] = {}
    for view in all_events if only is None else (all_events[only],):
        event = view.event
        sig = (event.action, event.target, event.actor, event.conduct)
        event_rules = dispatch.get(sig)
        if event_rules is None:
            event_rules = resolve(sig)
        if not event_rules:
            continue
        assert ectx is not None
        ectx.move_to(view)
        day = view.day
        index = view.index
        for rule, low, high in event_rules:
            if day < low or day > high:
                continue
            if rules is not None and rule.id not in rules:
                continue
            if rule.applies is not None:
                holds = preconditions.get(rule)
                if holds is None:
                    holds = precondition_holds(ctx, rule, preconditions)
                if not holds:
                    continue
            ran[rule] = ran.get(rule, 0) + 1
            if reads:
                reads.clear()
            # hits_of(), inlined: the engine's most frequent call
            try:
                result = rule.check(ectx)
            except Exception as exc:
                raise_from_pack(exc, *rule_owner(registry, rule.id), f"check of rule {rule.id!r}")
            if result is None:
                continue
            hits: Sequence[Hit] = (result,) if type(result) is Hit else _listed_hits(registry, rule, result)
            if not hits:
                continue
            used = tuple(dict.fromkeys(reads)) if reads else ()  # once per check, not per hit
            used = shared.setdefault(used, used)
            hit_count[rule] = hit_count.get(rule, 0) + len(hits)
            for hit in hits:
                if hit.event is not None and hit.event != index:
                    raise event_check_error(registry, rule, hit, index)
                findings.append(_checked(registry, rule, hit, index, event.proposed, used, ctx))

    views: dict[object, CaseState] = {}
    for rule in ctx.indexes.case_rules(code, platform):
        if rule.period.start is not None and ctx.today < rule.period.start:
            continue
        if rules is not None and rule.id not in rules:
            continue
        if rule.applies is not None and not precondition_holds(ctx, rule, preconditions):
            continue
        view_ctx = views.get(rule.period)
        if view_ctx is None:
            view_ctx = views[rule.period] = ctx.within(rule.period)
        ran[rule] = ran.get(rule, 0) + 1
        reads.clear()
        view_ctx._reads = reads
        hits = hits_of(registry, rule, view_ctx)
        used = tuple(dict.fromkeys(reads)) if reads else ()  # once per check, not per hit
        used = shared.setdefault(used, used)
        about = rule.about
        for hit in hits:
            if about is not None and hit.event is not None:
                _check_about(registry, rule, about, hit.event, ctx)
            hit_count[rule] = hit_count.get(rule, 0) + 1
            if only is not None and hit.event != only:
                continue  # about another event: dropped by the caller, so not built
            proposed = hit.event is not None and ctx.all_events[hit.event].event.proposed
            findings.append(_checked(registry, rule, hit, hit.event, proposed, used, ctx))

    ctx._reads = None
    ctx.focus = None
    for view_ctx in views.values():
        view_ctx._reads = None
        view_ctx.focus = None
    events = ctx.all_events

    def order(f: Finding) -> tuple[object, ...]:
        if f.event is None:
            return (1, 0.0, f.rule, f.verdict, -1)  # verdicts order as their values
        return (0, events[f.event].ts, f.rule, f.verdict, f.event)

    findings.sort(key=order)
    # trace entries are values: one per (rule, evaluations, hits) per registry
    memo = ctx.indexes.memo("loanoverdue.trace.rule")
    trace = []
    for rule, n in sorted(ran.items(), key=_by_rule_id):
        key = (rule, n, hit_count.get(rule, 0))
        entry = memo.get(key)
        if entry is None:
            entry = memo[key] = TraceEntry(
                "rule", rule.id, {"scope": rule.scope.value, "evaluated": n, "hits": key[2]}
            )
        trace.append(entry)
    return findings, trace


def _check_about(registry: Registry, rule: Rule, about: frozenset[Action], event: int, ctx: CaseState) -> None:
    """Raise the pack's fault if a finding of ``rule`` is about an event whose action the
    rule's ``about`` does not declare (a session's questions rely on the declaration)."""
    events = ctx.all_events
    action = events[event].event.action if 0 <= event < len(events) else None
    if action not in about:
        declared = ", ".join(sorted(a.value for a in about)) or "none: findings about the case alone"
        raise plugin_error(
            registry,
            rule.id,
            f"check of rule {rule.id!r}",
            ValueError(
                f"hit about event {event} ({'no such event' if action is None else action.value}); "
                f"the rule declares its findings about {declared}"
            ),
        )


def _by_rule_id(item: tuple[Rule, int]) -> str:
    return item[0].id
