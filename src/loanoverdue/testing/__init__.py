"""A kit for pack authors: hypothesis strategies for valid cases and events
(:mod:`loanoverdue.testing.strategies`, needs hypothesis) and scenario tests — a case
plus expected results in one TOML file — collected by pytest
(:mod:`loanoverdue.testing.scenarios`, registered as a pytest plugin)."""

from loanoverdue.testing.contract import contract_problems
from loanoverdue.testing.scenarios import Scenario, ScenarioFailure, load_scenario, run_scenario

__all__ = ["Scenario", "ScenarioFailure", "contract_problems", "load_scenario", "run_scenario"]
