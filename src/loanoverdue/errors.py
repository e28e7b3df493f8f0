"""The exceptions of loanoverdue.

Every error the library raises for bad input or a faulty pack derives from
:class:`LoanOverdueError`, so an application can catch one type. Input errors name the
field path (``loan.due_date``) and the problem; plugin errors name the plugin and the
distribution that shipped it.
"""

from __future__ import annotations

from datetime import date, time
from typing import NoReturn

__all__ = [
    "MESSAGE_LIMIT",
    "ConflictError",
    "InvalidInputError",
    "LoanOverdueError",
    "PluginError",
    "UnknownJurisdictionError",
    "raise_from_pack",
        "shown",
]

#: The longest message an error carries, in characters (longer ones are cut, marked
#: with "…"): a 100,000-character value must not make a 100 kB message.
MESSAGE_LIMIT = 400
_PATH_LIMIT = 160
#: A faulty pack's message may say more (its author reads it).
_PLUGIN_LIMIT = 2000


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters; a list or a table is
    named by what it is rather than printed whole."""
    if isinstance(value, dict):
        return "a table" if value else "an empty table"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)}" if value else "an empty list"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, (date, time)):
        return value.isoformat()
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    return _cut(text, limit)


class LoanOverdueError(Exception):
    """Base class of every error raised by loanoverdue."""


class InvalidInputError(LoanOverdueError, ValueError):
    """A value of a case, an event or a command-line argument is wrong.

    ``path`` is the dotted field path (``events[2].at``) or ``""`` for the whole input;
    ``problem`` says what is wrong. ``str(error)`` is ``"path: problem"``.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = _cut(path, _PATH_LIMIT)
        self.problem = _cut(problem, MESSAGE_LIMIT)
        super().__init__(f"{self.path}: {self.problem}" if self.path else self.problem)

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
        return type(self)(path, self.problem)


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
        self.problem = _cut(problem, _PLUGIN_LIMIT)
        problem = self.problem
        where = f"plugin {plugin!r}"
        if distribution:
            where += f" (distribution {distribution!r})"
        super().__init__(f"{where}: {problem}")


class ConflictError(PluginError):
    """Two plugins declare the same rule, instrument, parameter or policy id."""


def raise_from_pack(exc: BaseException, plugin: str, distribution: str | None, what: str) -> NoReturn:
    """Raise the error for ``exc``, raised by ``what`` (``"calculator 'cn.limitation'"``)
    of the pack ``plugin``: a :class:`LoanOverdueError` as it is (the pack's own, or one
    of the library the pack called), anything else as a :class:`PluginError` "WHAT
    raised TYPE: MESSAGE" naming the pack, caused by ``exc``. The one handler around a
    call into a pack::

        try:
            value = calc.compute(ctx)
        except Exception as exc:
            raise_from_pack(exc, *owner_of(registry, calc.id, "calculators"), f"calculator {calc.id!r}")
    """
    if isinstance(exc, LoanOverdueError):
        raise exc
    raise PluginError(plugin, distribution, f"{what} raised {type(exc).__name__}: {exc}") from exc
