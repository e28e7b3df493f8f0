"""Facts about a case that several US rules share: who is a covered debt collector, who
counts as the consumer, which actions communicate, and readable names for targets and
states.

The conventions follow the header of ``data/rules.toml``.
"""

from __future__ import annotations

from loanoverdue.engine.context import CaseContext
from loanoverdue.model import Action, Actor, CollectionEvent, LenderKind, Loan, Target

__all__ = [
    "COLLECTOR_ACTORS",
    "COMMUNICATIONS",
    "CONSUMER_TARGETS",
    "ELECTRONIC",
    "WRITTEN",
    "collector_in_charge",
    "covered",
    "is_collector",
    "state_code",
    "state_name",
    "target_phrase",
]

#: Actors that are FDCPA / Regulation F debt collectors (15 U.S.C. 1692a(6), 12 CFR 1006.2(i)).
COLLECTOR_ACTORS: frozenset[Actor] = frozenset({Actor.COLLECTION_AGENCY, Actor.LAW_FIRM, Actor.DEBT_BUYER})

#: Targets the FDCPA and Regulation F treat as the consumer (1692c(d), 1006.6(a)).
CONSUMER_TARGETS: frozenset[Target] = frozenset({Target.BORROWER, Target.SPOUSE})

#: Actions that communicate with a person, in person included (comment 2(d)-1).
COMMUNICATIONS: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.CALL,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.THIRD_PARTY_CONTACT,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
    }
)

#: Written or electronic messages (as opposed to calls and visits).
WRITTEN: frozenset[Action] = frozenset(
    {Action.LETTER, Action.LAWYER_LETTER, Action.EMAIL, Action.SMS, Action.INSTANT_MESSAGE, Action.NOTICE}
)

#: Electronic messages (Regulation F 1006.6(d)(3)-(5), (e)).
ELECTRONIC: frozenset[Action] = frozenset({Action.EMAIL, Action.SMS, Action.INSTANT_MESSAGE})

_TARGET_PHRASES: dict[Target, str] = {
    Target.BORROWER: "the consumer",
    Target.SPOUSE: "the consumer's spouse",
    Target.FAMILY: "a family member of the consumer",
    Target.EMPLOYER: "the consumer's employer",
    Target.COLLEAGUE: "a colleague of the consumer",
    Target.CONTACT: "a contact of the consumer",
    Target.NEIGHBOUR: "a neighbour of the consumer",
    Target.PUBLIC: "the public",
    Target.ATTORNEY: "the consumer's attorney",
}


def is_collector(actor: Actor, loan: Loan) -> bool:
    """Whether ``actor`` is a debt collector for this loan. A lender is one only when the
    lender is a debt buyer (collecting a debt it bought); an unknown actor is not."""
    if actor in COLLECTOR_ACTORS:
        return True
    return actor is Actor.LENDER and loan.lender.kind is LenderKind.DEBT_BUYER


def covered(event: CollectionEvent, loan: Loan) -> bool:
    """Whether the FDCPA / Regulation F event rules run for ``event``: debt collectors,
    and unknown actors (the coverage rule then says the finding holds only if the actor
    is a debt collector). Original creditors and courts are not covered."""
    return event.actor is Actor.UNKNOWN or is_collector(event.actor, loan)


def collector_in_charge(ctx: CaseContext) -> bool:
    """Whether a debt collector is collecting this debt: the lender is a debt buyer, or a
    collector acted, or the debt was placed with an agency or sold."""
    loan = ctx.case.loan
    if loan.lender.kind is LenderKind.DEBT_BUYER:
        return True
    for view in ctx.all_events:
        e = view.event
        if e.proposed:
            continue
        if e.action in (Action.AGENCY_ASSIGNMENT, Action.DEBT_SALE) or is_collector(e.actor, loan):
            return True
    return False


def target_phrase(target: Target) -> str:
    """``target`` as words for an English message."""
    return _TARGET_PHRASES[target]


def state_code(ctx: CaseContext) -> str | None:
    """The state (``US-NY``) of the case, or ``None`` when the case says only ``US``."""
    for code in ctx.chain:
        if code.startswith("US-"):
            return code
    return None


def state_name(ctx: CaseContext) -> str:
    """The English name of the case's state (or "United States" without a state)."""
    code = state_code(ctx) or "US"
    j = ctx.registry.jurisdictions.get(code)
    return j.name.en if j is not None else code
