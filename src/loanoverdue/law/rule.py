"""Rules: the legal checks that packs contribute, and the hits their checks return."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from loanoverdue._frozen import frozen_mapping
from loanoverdue.law.period import Period
from loanoverdue.law.source import Citation
from loanoverdue.law.text import Text
from loanoverdue.vocabulary import Action, Actor, Conduct, Target

if TYPE_CHECKING:
    from loanoverdue.law.count import Count
    from loanoverdue.law.shape import Shape

__all__ = [
    "RELATED_LIMIT",
    "Basis",
    "Hit",
    "Rule",
    "Scope",
    "Verdict",
    "Weight",
]


#: The most event indexes a finding lists in ``related``: when more events are related,
#: the first ``RELATED_LIMIT - 1`` and the last, and ``related_count`` says how many in
#: all (so the output stays linear in the number of events).
RELATED_LIMIT = 20


def bounded_related(related: tuple[int, ...]) -> tuple[int, ...]:
    """``related`` cut to :data:`RELATED_LIMIT` indexes: the first ones and the last."""
    if len(related) <= RELATED_LIMIT:
        return related
    return (*related[: RELATED_LIMIT - 1], related[-1])


class Verdict(StrEnum):
    """What a rule concludes about an event or a case."""

    VIOLATION = "violation"
    CONDITIONAL = "conditional"
    PERMITTED = "permitted"
    INFO = "info"


class Weight(StrEnum):
    """The kind of liability a breach of the rule carries."""

    CRIMINAL = "criminal"
    ADMINISTRATIVE = "administrative"
    CIVIL = "civil"
    REGULATORY = "regulatory"
    SELF_REGULATORY = "self_regulatory"


class Basis(StrEnum):
    """What a statement rests on."""

    LAW = "law"
    REGULATION = "regulation"
    SELF_REGULATORY = "self_regulatory"
    PLATFORM_POLICY = "platform_policy"
    #: No legal basis: a modelling assumption, labelled as such and overridable.
    ASSUMPTION = "assumption"


class Scope(StrEnum):
    """When a rule's check runs."""

    #: Once per event whose action the rule lists (or every event), with an EventContext.
    EVENT = "event"
    #: Once per case, with a CaseContext: history rules over windows of events.
    CASE = "case"


@attrs.frozen
class Hit:
    """What a check returns when its rule applies.

    ``message`` is a key of the rule's ``messages`` (default: the verdict's value);
    ``params`` fill its placeholders. ``event`` is the index of the event concerned: an
    event check leaves it ``None`` (the engine fills in the event checked) or sets that
    same index, since it judges one event (a finding about another event is a case
    rule's: the engine raises a :class:`~loanoverdue.errors.PluginError` otherwise); a
    case check sets it or leaves the finding case-level. ``related`` lists other events
    the finding rests on (e.g. the calls counted in a window); a finding lists at most
    :data:`RELATED_LIMIT` of them (the first and the last), and ``related_count`` says
    how many there are in all when ``related`` lists only some: a check over a long
    window can give the first and the last indexes and the count, and stay cheap.
    """

    verdict: Verdict
    params: Mapping[str, object] = attrs.field(factory=dict, converter=frozen_mapping)
    message: str | None = None
    event: int | None = None
    related: tuple[int, ...] = ()
    #: The rule's citations that support this hit, when not all do (e.g. an article not
    #: yet in force on the event's date). Must be a subset of the rule's citations.
    citations: tuple[Citation, ...] | None = None
    #: How many events the hit rests on, when ``related`` lists only some of them
    #: (``None``: as many as ``related`` lists).
    related_count: int | None = None

    @property
    def message_key(self) -> str:
        return self.message or self.verdict.value


@attrs.frozen(eq=False)
class Rule:
    """A rule of a pack: metadata (usually from the pack's ``rules.toml``) plus its check.

    An ``event`` rule's check is called with an
    :class:`~loanoverdue.protocols.EventContext` for each event whose action is in
    ``actions`` (every action when ``actions`` is ``None``) and whose local date lies in
    ``period``. A ``case`` rule's check is called once per case with a
    :class:`~loanoverdue.protocols.CaseContext` whose events are those inside
    ``period``. A check returns ``None``, a :class:`Hit` or an iterable of hits (the
    check's types are :data:`~loanoverdue.protocols.EventCheck` and
    :data:`~loanoverdue.protocols.CaseCheck`).
    """

    id: str
    jurisdiction: str
    scope: Scope
    title: Text
    weight: Weight
    basis: Basis
    citations: tuple[Citation, ...]
    messages: Mapping[str, Text]
    check: Callable[[Any], Hit | Iterable[Hit] | None]
    actions: frozenset[Action] | None = None
    period: Period = Period()
    parameters: tuple[str, ...] = ()
    note: str | None = None
    #: Restricts the rule to loans of one platform (``lender.platform``): a rule from a
    #: platform's own agreement. ``None`` for rules of law.
    platform: str | None = None
    #: Event rules only: the check runs only for events with at least one of these
    #: conduct flags / with one of these targets / by one of these actors (``None``: any).
    #: They are part of the rule's statement: the check may rely on them.
    conduct: frozenset[Conduct] | None = None
    targets: frozenset[Target] | None = None
    actors: frozenset[Actor] | None = None
    #: A precondition on the whole case (a lender of some kind, a borrower who has
    #: invoked a protection, a rate above the cap): the engine asks it once per case,
    #: the first time the check would run, and when it is false calls the check for no
    #: event of the case. Either the rule's scope, on which the check may rely, or a
    #: shortcut, false only when the check could return nothing for any event of the
    #: case. ``None``: no precondition.
    applies: Callable[[Any], bool] | None = None
    #: The answers of ``applies`` that events added to the case do not change: ``True``
    #: and ``False`` for a precondition that reads no event (the lender's kind, the
    #: borrower's protections), ``True`` alone for one that stays true once true (some
    #: event is flagged). A :class:`~loanoverdue.Session` asks the precondition of its
    #: history once and, for an answer kept, not again for each question.
    applies_keeps: frozenset[bool] = frozenset()
    #: Where ``applies`` is false for a case, its answer for the case with one more
    #: event: ``applies_grows(ctx, view)``, given the case's context and the added
    #: event's view (for a precondition that turns true with an event of some kind:
    #: that event's test). A :class:`~loanoverdue.Session` asks it instead of the
    #: precondition of the history with the question's event, and an assessment instead
    #: of that of the case with a platform step's probe event. ``None``: not declared.
    applies_grows: Callable[[Any, Any], bool] | None = None
    #: The rule's test declared as data (``[[rule.shape]]`` in ``rules.toml``); then
    #: ``check`` is this shape, and the columnar plan runs the same clauses.
    shape: Shape | None = None
    #: A case rule's count declared as data (``[rule.count]`` in ``rules.toml``); then
    #: ``check`` is this count, and the columnar plan runs the same count.
    count: Count | None = None
    #: Case rules only: the actions of the events its findings can be about (``about``
    #: in ``rules.toml``); an empty set when every finding is about the case as a whole.
    #: A finding about an event of another action is a fault of the pack (the engine
    #: raises a :class:`~loanoverdue.errors.PluginError`), and a session's question
    #: about an event of another action does not run the rule. ``None``: any event.
    about: frozenset[Action] | None = None

    def message(self, key: str) -> Text:
        """The message template ``key``; :class:`KeyError` names the rule if missing."""
        try:
            return self.messages[key]
        except KeyError:
            raise KeyError(f"rule {self.id!r} has no message {key!r}") from None

    def __repr__(self) -> str:
        return f"<Rule {self.id} ({self.scope.value}, {self.weight.value})>"
