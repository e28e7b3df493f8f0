"""The evaluation engine: contexts, rule runs, outlook, consequences and advice."""

from loanoverdue.engine.context import CaseState, EventCursor, EventView, days_past_due, stage_for
from loanoverdue.engine.evaluate import SCHEMA_VERSION, assess, check_event

__all__ = [
    "SCHEMA_VERSION",
    "CaseState",
    "EventCursor",
    "EventView",
    "assess",
    "check_event",
    "days_past_due",
    "stage_for",
]
