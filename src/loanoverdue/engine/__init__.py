"""The evaluation engine: contexts, rule runs, outlook, consequences and advice."""

from loanoverdue.engine.assess import SCHEMA_VERSION, assess
from loanoverdue.engine.context import CaseContext, EventContext, EventView, days_past_due, stage_for
from loanoverdue.engine.draft import Draft

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
