"""The next lawful contact time of an account, asked of the engine itself.

"When may the collector next call the borrower?" is answered by proposing the call and
asking the rules, never by a second statement of quiet hours, daily limits or cease
requests: :func:`next_lawful_contact` checks a proposed call by the collector to the
borrower (:meth:`~loanoverdue.Session.check`, the answer
:func:`~loanoverdue.check_event` gives) at each candidate instant from ``as_of`` on --
every quarter hour (UTC quarter hours, which are local quarter hours in every zone the
packs cover) for 8 days -- and gives the first at which no finding is a violation. A
finding of another verdict (``conditional``: lawful if a condition holds) does not stop
a contact; ``None`` means no lawful instant within the horizon (a cease request, a
protection, a court step).

The search is bounded: at most ``horizon / step`` checks (768 by default), each the
cost of one :meth:`~loanoverdue.Session.check`; ``docs/how-to/portfolio.md`` gives the
figures, and the screen computes it only when asked (``next_contact=True``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from loanoverdue.engine.session import Session
from loanoverdue.errors import InvalidInputError
from loanoverdue.law.rule import Verdict
from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.registry import Registry
from loanoverdue.vocabulary import Action, Actor, Target

__all__ = ["HORIZON", "STEP", "next_lawful_contact"]

#: How far ahead the search looks.
HORIZON = timedelta(days=8)
#: The distance between candidate instants.
STEP = timedelta(minutes=15)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _first_candidate(as_of: datetime, step: timedelta) -> datetime:
    """The first multiple of ``step`` (counted from the Unix epoch) at or after ``as_of``, in UTC."""
    since = as_of - _EPOCH
    steps = -(-since // step)  # ceiling division of timedeltas
    return _EPOCH + steps * step


def next_lawful_contact(
    case: Case,
    registry: Registry | None = None,
    *,
    action: Action = Action.CALL,
    actor: Actor = Actor.COLLECTION_AGENCY,
    horizon: timedelta = HORIZON,
    step: timedelta = STEP,
) -> datetime | None:
    """The first candidate instant (UTC) at or after ``case.as_of`` at which a proposed
    ``action`` by ``actor`` to the borrower draws no violation, or ``None`` within
    ``horizon`` (see the module's text)."""
    if step <= timedelta(0) or horizon < timedelta(0):
        raise InvalidInputError("step" if step <= timedelta(0) else "horizon", "must be positive")
    session = Session(case, registry)
    end = case.as_of + horizon
    at = _first_candidate(case.as_of, step)
    while at <= end:
        proposal = CollectionEvent(at=at, action=action, actor=actor, target=Target.BORROWER, proposed=True)
        if not any(f.verdict is Verdict.VIOLATION for f in session.check(proposal)):
            return at
        at += step
    return None
