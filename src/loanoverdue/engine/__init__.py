"""The evaluation engine: contexts, rule runs, outlook, consequences and advice."""

from loanoverdue.engine.context import CaseState, EventCursor, EventView, days_past_due, stage_for
from loanoverdue.engine.evaluate import SCHEMA_VERSION, assess

__all__ = [
    "SCHEMA_VERSION",
    "CaseState",
    "EventCursor",
    "EventView",
    "assess",
    "days_past_due",
    "stage_for",
]
