"""Who acts, and under which regime: the sets that the conventions of
``data/rules.toml`` (CONC FIRM, CREDITOR SIDE) name, in one place."""

from __future__ import annotations

from loanoverdue.pack import Action, Actor, CollectionEvent, LenderKind, Loan

__all__ = [
    "CREDITOR_SIDE",
    "WRITTEN",
    "is_private_lender_event",
]

#: The creditor and whoever acts for it (CONC firms, and the actors of court claims).
CREDITOR_SIDE: frozenset[Actor] = frozenset(
    {Actor.LENDER, Actor.COLLECTION_AGENCY, Actor.LAW_FIRM, Actor.DEBT_BUYER, Actor.UNKNOWN}
)

#: Written messages: what a notice of enforcement or an announcement can be.
WRITTEN: frozenset[Action] = frozenset(
    {Action.LETTER, Action.NOTICE, Action.EMAIL, Action.SMS, Action.INSTANT_MESSAGE, Action.LAWYER_LETTER}
)


def is_private_lender_event(event: CollectionEvent, loan: Loan) -> bool:
    """An event of the lender itself on a loan from a private individual: the FCA's rules
    bind authorised firms, and a private person lending is not one."""
    return event.actor is Actor.LENDER and loan.lender.kind is LenderKind.PRIVATE_INDIVIDUAL
