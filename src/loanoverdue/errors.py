"""The exceptions of loanoverdue.

Every error the library raises for bad input or a faulty pack derives from
:class:`LoanOverdueError`, so an application can catch one type. Input errors name the
field path (``loan.due_date``) and the problem; plugin errors name the plugin and the
distribution that shipped it.
"""

from __future__ import annotations

__all__ = [
    "ConflictError",
    "InvalidInputError",
    "LoanOverdueError",
    "PluginError",
    "UnknownJurisdictionError",
]


class LoanOverdueError(Exception):
    """Base class of every error raised by loanoverdue."""


class InvalidInputError(LoanOverdueError, ValueError):
    """A value of a case, an event or a command-line argument is wrong.

    ``path`` is the dotted field path (``events[2].at``) or ``""`` for the whole input;
    ``problem`` says what is wrong. ``str(error)`` is ``"path: problem"``.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)

    def within(self, prefix: str) -> InvalidInputError:
        """The same error with ``prefix`` put in front of its path."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return InvalidInputError(path, self.problem)


class UnknownJurisdictionError(InvalidInputError):
    """No installed rule pack covers the jurisdiction of a case."""


class PluginError(LoanOverdueError):
    """A rule pack failed to load, raised in a hook, or returned invalid data.

    ``plugin`` is the name it was registered under, ``distribution`` the installed
    distribution that ships it (``None`` for plugins registered programmatically).
    """

    def __init__(self, plugin: str, distribution: str | None, problem: str) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.problem = problem
        where = f"plugin {plugin!r}"
        if distribution:
            where += f" (distribution {distribution!r})"
        super().__init__(f"{where}: {problem}")


class ConflictError(PluginError):
    """Two plugins declare the same rule, instrument, parameter or policy id."""
