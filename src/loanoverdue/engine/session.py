"""``Session``: one account's history held in memory, for a dialler that asks "may I
call now?" before each contact and records what happened after it.

    session = loanoverdue.Session(case)          # a validated case (load_case)
    findings = session.check(proposed_call)      # is this lawful now?
    session.record(what_happened)                # the history grows by one event

``session.check(event)`` gives exactly the findings :func:`~loanoverdue.check_event`
gives for ``event`` added to the session's case, without rebuilding the case's state for
every question. The session keeps the engine's state of its history (each event's local
time, day and time stamp; the events by action and in time order; the packs' facts that
grow: values of ``ctx.once`` with an ``extended(ctx, added)`` method) and what a question
needs of it that no proposed event changes (:class:`~loanoverdue.engine.question.Questions`:
the rules each kind of event dispatches to, the case rules in force, the answers of the
preconditions that added events keep). A question extends
that state by the one event, runs the rules dispatched for it and the case rules that can
find about it, and leaves the session as it was; a record extends it for good. For an
event later than the history the cost does not grow with the history for the facts the
packs keep that way; an earlier one has them worked out afresh (see
``docs/benchmarks.md``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loanoverdue.engine.context import CaseState, appended
from loanoverdue.engine.question import Questions
from loanoverdue.errors import InvalidInputError
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.registry import default_registry

if TYPE_CHECKING:
    from datetime import datetime

    from loanoverdue.registry import Registry
    from loanoverdue.results import Finding

__all__ = ["Session"]


def _with_event(case: Case, event: object, as_of: datetime | None = None) -> Case:
    if not isinstance(event, CollectionEvent):
        raise InvalidInputError("event", f"expected a CollectionEvent, got {event!r}")
    return appended(case, event, as_of)


class Session:
    """One account's validated case and the engine's state of it.

    ``registry`` defaults to the installed packs. The case's jurisdiction must be
    covered (:class:`~loanoverdue.errors.UnknownJurisdictionError` otherwise). A session
    is not safe to share between threads: a question grows the facts of the history in
    place (:mod:`loanoverdue.law.tail`), and a record replaces them. One session per
    account and thread; sessions share the registry freely.
    """

    __slots__ = ("_questions", "_registry", "_state")

    def __init__(self, case: Case, registry: Registry | None = None) -> None:
        if not isinstance(case, Case):
            raise InvalidInputError("case", f"expected a Case (see loanoverdue.load_case), got {case!r}")
        if registry is None:
            registry = default_registry()
        self._registry = registry
        self._state = CaseState(case, registry, registry.chain(case.borrower.jurisdiction))
        self._questions: Questions | None = None

    @property
    def case(self) -> Case:
        """The case as recorded so far."""
        return self._state.case

    @property
    def registry(self) -> Registry:
        return self._registry

    def check(self, event: CollectionEvent) -> tuple[Finding, ...]:
        """The findings about ``event`` if it were added to the case now: the findings
        ``check_event(session.case, event, session.registry)`` gives. An event that has
        not happened by the case's ``as_of`` must be marked ``proposed`` (as in a case
        file); the session does not change."""
        questions = self._questions
        if questions is None:
            questions = self._questions = Questions(self._state)
        return questions.ask(event)

    def record(self, event: CollectionEvent) -> None:
        """Add ``event`` to the history. An event that happened after the case's
        ``as_of`` moves ``as_of`` to its time (the assessment moves on with what
        happened); a proposed event is recorded as planned and moves nothing."""
        case = self._state.case
        later = not event.proposed and event.at > case.as_of if isinstance(event, CollectionEvent) else False
        grown = _with_event(case, event, event.at if later else None)
        self._state = self._state.extended(grown, carry=True)
        self._questions = None  # made again from the grown history when next asked
