"""Law as data: instruments and citations, rules and their verdicts, time-versioned
parameters, escalation policies, and the loaders for a pack's TOML files."""

from loanoverdue.law.count import Count
from loanoverdue.law.parameter import Parameter, ParameterValue
from loanoverdue.law.period import Period
from loanoverdue.law.policy import EscalationPolicy, Likelihood, PolicyLevel, Step
from loanoverdue.law.rule import Basis, Hit, Rule, Scope, Verdict, Weight
from loanoverdue.law.shape import Clause, LocalTime, Shape
from loanoverdue.law.source import Article, Citation, Instrument, Layer, SourceStatus
from loanoverdue.law.text import Text

__all__ = [
    "Article",
    "Basis",
    "Citation",
    "Clause",
    "Count",
    "EscalationPolicy",
    "Hit",
    "Instrument",
    "Layer",
    "Likelihood",
    "LocalTime",
    "Parameter",
    "ParameterValue",
    "Period",
    "PolicyLevel",
    "Rule",
    "Scope",
    "Shape",
    "SourceStatus",
    "Step",
    "Text",
    "Verdict",
    "Weight",
]
