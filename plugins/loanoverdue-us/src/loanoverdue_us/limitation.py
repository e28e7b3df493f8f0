"""State statutes of limitations on consumer debt, as the pack's parameters give them.

One function, :func:`state_limitation`, reads the state's period for the loan (written
contract or open account), its start, and what the state says about revival and about
suing once the period has run. The limitation calculator, the time-barred-suit rules, the
outlook factors and the advice all use it, so they never disagree.

What the sources do not give is not guessed: a state without a period in the data
has no limitation result; when the accrual date, the card's classification or the effect
of a payment is uncertain, the result says so and the rules say ``conditional``.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from loanoverdue.pack import CaseContext, Citation, LenderKind, Product, add_years
from loanoverdue_us.facts import case_facts, state_code, state_name

__all__ = ["OPEN_END", "StateLimitation", "add_years", "lookup_day", "state_limitation"]

#: Products the pack treats as open accounts (and as open-end credit).
OPEN_END: frozenset[Product] = frozenset({Product.CREDIT_CARD, Product.REVOLVING})

WRITTEN_CONTRACT = "us.limitation.written_contract_years"
OPEN_ACCOUNT = "us.limitation.open_account_years"


class StateLimitation(NamedTuple):
    """The limitation period of the case's debt under its state's law (a named tuple:
    cheaper to define at import than an attrs class)."""

    state: str
    state_name: str
    #: "written contract" or "open account"
    kind: str
    years: int
    starts: date
    expires: date
    #: The start is a payment after the due date that the state's rule says restarts it.
    restarted_by_payment: bool
    #: Why the expiry date may be wrong (empty when the data leave no doubt).
    doubts: tuple[str, ...]
    citations: tuple[Citation, ...]
    revival_by_payment: bool | None
    revival_by_acknowledgment: bool | None
    #: State law bars any suit on the debt once the period has run.
    suit_barred: bool
    #: State law bars a debt buyer's suit once the period has run (and the lender is one).
    debt_buyer_suit_barred: bool
    looked_up_on: date

    @property
    def certain(self) -> bool:
        return not self.doubts

    def extended(self, ctx: CaseContext, added: object) -> StateLimitation:
        """The same period for a case with more events (a session's): it rests on the
        loan, the state and the day it is looked up on alone."""
        return self

    def expired_on(self, day: date) -> bool:
        """Whether the period has run by ``day`` (``expires`` is its last day)."""
        return day > self.expires


def _citations(ctx: CaseContext, pids: list[str], on: date) -> tuple[Citation, ...]:
    """The citations of the parameters ``pids`` (each with a value on ``on``) as in
    force on ``on``, each once."""
    out: list[Citation] = []
    seen: set[Citation] = set()
    for pid in pids:
        for c in ctx.reading(pid, on).parameter.citations:
            if c not in seen:
                seen.add(c)
                out.append(c)
    return tuple(out)


def lookup_day(ctx: CaseContext) -> date:
    """The day the period is looked up: the filing date of the first suit, or today.
    (New York's consumer-credit period applies to actions filed from 2022-04-07.)"""
    day = case_facts(ctx).first_suit_day
    return ctx.today if day is None else day


def state_limitation(
    ctx: CaseContext, on: date | None = None, *, as_debt_buyer: bool = False
) -> StateLimitation | None:
    """The state limitation period of the case's debt, looked up on ``on`` (default:
    :func:`lookup_day`); ``None`` when the case has no state or the data give the state
    no period for this kind of debt. ``as_debt_buyer`` applies the state's debt-buyer
    rules even when the loan's lender is not recorded as a debt buyer (a debt buyer
    acted). Computed once per case for each day and debt-buyer setting (``ctx.once``):
    every use records the parameter values it was computed from."""
    day = lookup_day(ctx) if on is None else on
    key = f"us.limitation.{day.isoformat()}.{'buyer' if as_debt_buyer else 'lender'}"
    return ctx.once(key, lambda c: _state_limitation(c, day, as_debt_buyer))


def _state_limitation(ctx: CaseContext, day: date, as_debt_buyer: bool) -> StateLimitation | None:
    code = state_code(ctx)
    if code is None:
        return None
    loan = ctx.case.loan
    open_account = loan.product in OPEN_END
    pid = OPEN_ACCOUNT if open_account else WRITTEN_CONTRACT
    years = ctx.param_or(pid, None, day)
    if years is None:
        return None
    years = int(years)
    used = [pid]
    doubts: list[str] = []

    if open_account:
        written = ctx.param_or(WRITTEN_CONTRACT, None, day)
        if written is not None and written != years:
            doubts.append(
                f"a credit card or revolving account may be treated as a written contract "
                f"({written} years) rather than an open account ({years} years); the classification "
                f"depends on the state's case law"
            )
        if loan.product is Product.CREDIT_CARD:
            goods = ctx.param_or("us.limitation.sale_of_goods_years", None, day)
            if goods is not None and goods != years:
                used.append("us.limitation.sale_of_goods_years")
                doubts.append(f"some store or retail cards are treated as sales of goods ({goods} years)")

    revival = ctx.param_or("us.limitation.revival_by_payment", None, day)
    if revival is not None:
        used.append("us.limitation.revival_by_payment")
    acknowledgment = ctx.param_or("us.limitation.revival_by_acknowledgment", None, day)
    if acknowledgment is not None:
        used.append("us.limitation.revival_by_acknowledgment")
    debt_buyer = as_debt_buyer or loan.lender.kind is LenderKind.DEBT_BUYER
    if debt_buyer:
        buyer_revival = ctx.param_or("us.limitation.debt_buyer.revival_by_payment", None, day)
        if buyer_revival is not None:
            revival = buyer_revival
            used.append("us.limitation.debt_buyer.revival_by_payment")
    if ctx.param_or("us.limitation.revival_written_only", False, day) and open_account:
        # the state's restart rule is one for written contracts: silent for this debt
        revival = None
        acknowledgment = None

    starts = loan.due_date
    restarted = False
    paid = loan.last_paid_on
    if paid is not None and paid > loan.due_date:
        first_expiry = add_years(loan.due_date, years)
        # the last payment made before the period ran, if it is not the last payment: only
        # a list of payments can show one
        earlier = [p.paid_on for p in loan.payments if loan.due_date < p.paid_on <= first_expiry]
        if revival is True:
            starts = paid
            restarted = True
        elif revival is False and paid > first_expiry and not earlier:
            pass  # a payment after expiry does not revive the debt here
        elif revival is False:
            before = paid if paid <= first_expiry else max(earlier)
            doubts.append(
                f"a payment on {before.isoformat()}, before the period ran, may have restarted it; "
                f"the state's rule in this pack speaks only of payments after expiry"
            )
        else:
            doubts.append(
                f"a payment on {paid.isoformat()} may have restarted the period; this pack has no "
                f"rule of {state_name(ctx)} on the effect of a payment for this debt"
            )

    suit_barred = bool(ctx.param_or("us.limitation.suit_barred", False, day))
    if suit_barred:
        used.append("us.limitation.suit_barred")
    buyer_barred = debt_buyer and bool(ctx.param_or("us.limitation.debt_buyer.suit_barred", False, day))
    if buyer_barred:
        used.append("us.limitation.debt_buyer.suit_barred")

    return StateLimitation(
        state=code,
        state_name=state_name(ctx),
        kind="open account" if open_account else "written contract",
        years=years,
        starts=starts,
        expires=add_years(starts, years),
        restarted_by_payment=restarted,
        doubts=tuple(doubts),
        citations=_citations(ctx, used, day),
        revival_by_payment=revival,
        revival_by_acknowledgment=acknowledgment,
        suit_barred=suit_barred,
        debt_buyer_suit_barred=buyer_barred,
        looked_up_on=day,
    )
