"""The evaluation engine: contexts, rule runs, outlook, consequences and advice."""

from loanoverdue.engine.context import CaseContext, EventContext, EventView, days_past_due, stage_for
from loanoverdue.engine.draft import Draft
from loanoverdue.engine.evaluate import SCHEMA_VERSION, assess

__all__ = [
    "SCHEMA_VERSION",
    "CaseContext",
    "Draft",
    "EventContext",
    "EventView",
    "assess",
    "days_past_due",
    "stage_for",
]
