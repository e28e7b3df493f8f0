"""Facts of an Indian case that several rules share: whether the lender is one the Reserve
Bank of India regulates, whether the loan is a digital loan, and which text of the recovery
rules a finding cites (by the event's date and the kind of lender)."""

from __future__ import annotations

from datetime import date

from loanoverdue.pack import Case, CaseContext, Citation, EventContext, LenderKind, Target

__all__ = [
    "CONSOLIDATED_FROM",
    "DIGITAL_LENDING_FROM",
    "NBFC_ARTICLE",
    "REGULATED",
    "digital_loan",
    "is_commercial_bank",
    "rbi_rules_apply",
    "recovery_citations",
    "target_phrase",
]

#: The day the Responsible Business Conduct Directions, 2025 took over the recovery-agent
#: instructions of the 2022 circular (``effective_from`` of in.rbi.cb_rbc_2025 and
#: in.rbi.nbfc_rbc_2025 in data/instruments.toml; a test keeps them equal).
CONSOLIDATED_FROM = date(2025, 11, 28)
#: The day the Digital Lending Directions, 2025 came into force (in.rbi.digital_lending_2025).
DIGITAL_LENDING_FROM = date(2025, 5, 8)

#: Lender kinds that are regulated entities of the RBI (an asset reconstruction company is
#: the Indian debt buyer).
REGULATED = frozenset(
    {LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER, LenderKind.NBFC, LenderKind.DEBT_BUYER}
)
#: Lender kinds whose loans are taken to be digital loans.
_DIGITAL_KINDS = frozenset({LenderKind.ONLINE_MICROLENDER, LenderKind.FACILITATION_PLATFORM})
_COMMERCIAL_BANKS = frozenset({LenderKind.BANK, LenderKind.CREDIT_CARD_ISSUER})

_TARGET_PHRASES: dict[Target, str] = {
    Target.BORROWER: "the borrower",
    Target.SPOUSE: "the borrower's spouse",
    Target.FAMILY: "a member of the borrower's family",
    Target.EMPLOYER: "the borrower's employer",
    Target.COLLEAGUE: "a colleague of the borrower",
    Target.CONTACT: "a person from the borrower's phone contacts",
    Target.NEIGHBOUR: "a neighbour of the borrower",
    Target.PUBLIC: "the public",
    Target.ATTORNEY: "the borrower's lawyer",
    Target.GUARANTOR: "a guarantor of the loan",
    Target.GUARDIAN: "the borrower's parent or guardian",
    Target.ESTATE_REPRESENTATIVE: "the executor or administrator of the borrower's estate",
}


def target_phrase(target: Target) -> str:
    """``target`` in words for an English message (a target added to the shared
    vocabulary later reads as its value until it gets a phrase here)."""
    return _TARGET_PHRASES.get(target, target.value.replace("_", " "))


def rbi_rules_apply(ctx: CaseContext) -> bool:
    """Whether the RBI's recovery rules run for this case: for every lender but a private
    individual (unknown kinds as if regulated; see in.coverage.regulated_entity)."""
    return ctx.case.loan.lender.kind is not LenderKind.PRIVATE_INDIVIDUAL


def digital_loan(case: Case) -> bool:
    """Whether the loan is taken to be a digital loan: the case names the app, or the
    lender is an online lender or a facilitation platform."""
    lender = case.loan.lender
    return lender.platform is not None or lender.kind in _DIGITAL_KINDS


def is_commercial_bank(case: Case) -> bool:
    return case.loan.lender.kind in _COMMERCIAL_BANKS


#: The paragraphs of the Commercial Banks Directions a conduct rule cites (para 445 unless
#: listed), and the one article of the NBFC Directions every conduct rule cites.
_BANK_PARAGRAPHS = {"in.recovery.harassment": ("343", "445")}
NBFC_ARTICLE = "recovery-agent conduct (paragraph not read)"


def recovery_citations(ctx: EventContext, rule_id: str) -> tuple[Citation, ...] | None:
    """The citations of an RBI conduct rule for the checked event: ``None`` (the engine
    cites the 2022 circular, the text in force) before the consolidation; from it, the
    Commercial Banks Directions for a bank's loan, the NBFC Directions for any other."""
    if ctx.day < CONSOLIDATED_FROM:
        return None
    if is_commercial_bank(ctx.case):
        return tuple(ctx.cite("in.rbi.cb_rbc_2025", p) for p in _BANK_PARAGRAPHS.get(rule_id, ("445",)))
    return (ctx.cite("in.rbi.nbfc_rbc_2025", NBFC_ARTICLE),)
