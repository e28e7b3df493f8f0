"""Rule checks by rule id: the mapping a pack fills with its check functions, and the
decorator that fills it (read by :func:`loanoverdue.law.data.load_rules`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Checks", "checks_registry"]


class Checks(dict[str, Callable[[Any], Any]]):
    """Rule id -> check function, with each rule's case precondition (if any) in
    :attr:`conditions`; made by :func:`checks_registry`, read by :func:`load_rules`."""

    def __init__(self) -> None:
        super().__init__()
        #: Rule id -> precondition on the case (see :attr:`loanoverdue.law.Rule.applies`).
        self.conditions: dict[str, Callable[[Any], bool]] = {}


def checks_registry() -> tuple[Checks, Callable[..., Callable[[Any], Any]]]:
    """A mapping of rule id -> check and a decorator that fills it.

    Example::

        CHECKS, check = checks_registry()

        @check("xe.contact.night")
        def night(ctx): ...

        @check("xe.attorney", applies=lambda ctx: ctx.case.borrower.protections != ())
        def attorney(ctx): ...

    ``applies`` is the rule's precondition on the whole case
    (:attr:`loanoverdue.law.Rule.applies`).
    """
    found = Checks()

    def register(rule_id: str, *, applies: Callable[[Any], bool] | None = None) -> Callable[[Any], Any]:
        def decorate(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
            if rule_id in found:
                raise ValueError(f"two checks registered for rule {rule_id!r}")
            found[rule_id] = fn
            if applies is not None:
                found.conditions[rule_id] = applies
            return fn

        return decorate

    return found, register
