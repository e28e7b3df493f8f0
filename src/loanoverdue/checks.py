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
        #: Rule id -> the answers of its precondition that events added to the case
        #: keep (see :attr:`loanoverdue.law.Rule.applies_keeps`).
        self.keeps: dict[str, frozenset[bool]] = {}
        #: Rule id -> its precondition's answer for the case with one more event, where
        #: the case's answer is false (see :attr:`loanoverdue.law.Rule.applies_grows`).
        self.grows: dict[str, Callable[[Any, Any], bool]] = {}


def checks_registry() -> tuple[Checks, Callable[..., Callable[[Any], Any]]]:
    """A mapping of rule id -> check and a decorator that fills it.

    Example::

        CHECKS, check = checks_registry()

        @check("xe.contact.night")
        def night(ctx): ...

        @check("xe.attorney", applies=lambda ctx: ctx.case.borrower.protections != ())
        def attorney(ctx): ...

    ``applies`` is the rule's precondition on the whole case
    (:attr:`loanoverdue.law.Rule.applies`); ``keeps`` the answers of it that events
    added to the case cannot change (:attr:`loanoverdue.law.Rule.applies_keeps`):
    ``(True, False)`` for a precondition that reads no event (the lender's kind, the
    borrower's protections), ``(True,)`` for one that, once true, stays true as events
    are added (some event is flagged). ``grows(ctx, view)`` gives the precondition's
    answer for the case with the event ``view`` added, where its answer for the case
    ``ctx`` is false (:attr:`loanoverdue.law.Rule.applies_grows`): for one that turns
    true with an event of some kind, that event's test.
    """
    found = Checks()

    def register(
        rule_id: str,
        *,
        applies: Callable[[Any], bool] | None = None,
        keeps: tuple[bool, ...] = (),
        grows: Callable[[Any, Any], bool] | None = None,
    ) -> Callable[[Any], Any]:
        if keeps and applies is None:
            raise ValueError(f"rule {rule_id!r}: keeps without a precondition (applies=)")
        if grows is not None and applies is None:
            raise ValueError(f"rule {rule_id!r}: grows without a precondition (applies=)")
        if any(type(k) is not bool for k in keeps):
            raise ValueError(f"rule {rule_id!r}: keeps lists the answers kept, True and/or False")

        def decorate(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
            if rule_id in found:
                raise ValueError(f"two checks registered for rule {rule_id!r}")
            found[rule_id] = fn
            if applies is not None:
                found.conditions[rule_id] = applies
            if keeps:
                found.keeps[rule_id] = frozenset(keeps)
            if grows is not None:
                found.grows[rule_id] = grows
            return fn

        return decorate

    return found, register
