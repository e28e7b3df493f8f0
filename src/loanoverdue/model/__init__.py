"""The input model: value classes for money, parties, the loan, collection events and
the case. All are frozen, slotted attrs classes that validate on construction and raise
:class:`~loanoverdue.errors.InvalidInputError` naming the field."""

from loanoverdue.model.case import Case
from loanoverdue.model.event import CollectionEvent
from loanoverdue.model.hours import Hours
from loanoverdue.model.loan import Loan
from loanoverdue.model.money import Money
from loanoverdue.model.parties import Borrower, Lender, Protection
from loanoverdue.model.payment import Payment
from loanoverdue.vocabulary import (
    COMMUNICATION_ACTIONS,
    COURT_ACTIONS,
    FAILED_OUTCOMES,
    INITIATED_ACTIONS,
    MEDIA,
    WRITTEN_ACTIONS,
    Action,
    Actor,
    Conduct,
    Initiator,
    LenderKind,
    Outcome,
    Place,
    Product,
    ProtectionKind,
    Purpose,
    Target,
    Threatened,
    Weekday,
)

__all__ = [
    "COMMUNICATION_ACTIONS",
    "COURT_ACTIONS",
    "FAILED_OUTCOMES",
    "INITIATED_ACTIONS",
    "MEDIA",
    "WRITTEN_ACTIONS",
    "Action",
    "Actor",
    "Borrower",
    "Case",
    "CollectionEvent",
    "Conduct",
    "Hours",
    "Initiator",
    "Lender",
    "LenderKind",
    "Loan",
    "Money",
    "Outcome",
    "Payment",
    "Place",
    "Product",
    "Protection",
    "ProtectionKind",
    "Purpose",
    "Target",
    "Threatened",
    "Weekday",
]
