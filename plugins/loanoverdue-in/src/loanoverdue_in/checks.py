"""The check functions of the India pack's rules. Their metadata (titles, citations,
weights, effective dates, messages, and a note saying when each rule fires) live in
``data/rules.toml``; the conventions (regulated entity, digital loan, citations by date and
lender) are in that file's header and in :mod:`loanoverdue_in.facts`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from loanoverdue.pack import (
    Action,
    Actor,
    CaseContext,
    Citation,
    Conduct,
    EventContext,
    EventView,
    Hit,
    Outcome,
    Purpose,
    Target,
    Verdict,
    checks_registry,
)
from loanoverdue_in.facts import (
    CONSOLIDATED_FROM,
    DIGITAL_LENDING_FROM,
    REGULATED,
    digital_loan,
    is_commercial_bank,
    rbi_rules_apply,
    recovery_citations,
    target_phrase,
)

__all__ = ["CHECKS"]

CHECKS, check = checks_registry()


def _conduct_words(ctx: EventContext, flags: frozenset[Conduct]) -> str:
    return ", ".join(sorted(c.value.replace("_", " ") for c in ctx.event.conduct & flags))


# -- coverage ---------------------------------------------------------------------------


@check("in.coverage.regulated_entity")
def coverage(ctx: CaseContext) -> Hit:
    kind = ctx.case.loan.lender.kind
    words = {"kind": kind.value.replace("_", " ")}
    cites: tuple[Citation, ...] = (ctx.cite("in.rbi.recovery_agents_2022", "5"),)
    if digital_loan(ctx.case):
        cites += (ctx.cite("in.rbi.digital_lending_2025", "3"),)
    if kind in REGULATED:
        return Hit(Verdict.INFO, words, citations=cites)
    if not rbi_rules_apply(ctx):
        return Hit(Verdict.INFO, words, message="not_covered", citations=cites)
    return Hit(Verdict.CONDITIONAL, words, message="unknown", citations=cites)


# -- RBI conduct rules (2022 circular, Responsible Business Conduct Directions 2025) ----


@check("in.recovery.call_hours", applies=rbi_rules_apply)
def call_hours(ctx: EventContext) -> Hit | None:
    if ctx.event.by_borrower:  # the borrower called the collector: not a call it made
        return None
    start = ctx.param("in.recovery.call_window_start")
    end = ctx.param("in.recovery.call_window_end")
    local = ctx.local.time()
    if start <= local <= end:
        return None
    params = {"local_time": local, "start": start, "end": end}
    return Hit(Verdict.VIOLATION, params, citations=recovery_citations(ctx, "in.recovery.call_hours"))


HARASSING = frozenset(
    {
        Conduct.VIOLENCE,
        Conduct.INSULT,
        Conduct.OBSCENE,
        Conduct.RESTRICTED_FREEDOM,
        Conduct.PROPERTY_DAMAGE,
        Conduct.REFUSED_TO_LEAVE,
        Conduct.ENTERED_WITHOUT_CONSENT,
    }
)


@check("in.recovery.harassment", applies=rbi_rules_apply)
def harassment(ctx: EventContext) -> Hit:
    # the rule's `conduct` filter is HARASSING: the check runs only for such events
    params = {"conduct": _conduct_words(ctx, HARASSING)}
    return Hit(Verdict.VIOLATION, params, citations=recovery_citations(ctx, "in.recovery.harassment"))


@check("in.recovery.intimidation", applies=rbi_rules_apply)
def intimidation(ctx: EventContext) -> Hit:
    return Hit(Verdict.VIOLATION, citations=recovery_citations(ctx, "in.recovery.intimidation"))


@check("in.recovery.humiliation", applies=rbi_rules_apply)
def humiliation(ctx: EventContext) -> Hit:
    return Hit(Verdict.VIOLATION, citations=recovery_citations(ctx, "in.recovery.humiliation"))


MISLEADING = frozenset({Conduct.IMPERSONATION, Conduct.FALSE_LEGAL_CLAIM})


@check("in.recovery.misrepresentation", applies=rbi_rules_apply)
def misrepresentation(ctx: EventContext) -> Hit:
    params = {"conduct": _conduct_words(ctx, MISLEADING)}
    return Hit(Verdict.VIOLATION, params, citations=recovery_citations(ctx, "in.recovery.misrepresentation"))


#: Third parties whose approach is a violation in itself: the public, and people from the
#: borrower's phone contacts (the circular's "referees and friends" reached through the phone).
_ALWAYS_INTRUSIVE = frozenset({Target.PUBLIC, Target.CONTACT})


@check("in.recovery.third_parties", applies=rbi_rules_apply)
def third_parties(ctx: EventContext) -> Hit:
    event = ctx.event
    intrusive = event.target in _ALWAYS_INTRUSIVE or event.has(Conduct.DISCLOSURE)
    verdict = Verdict.VIOLATION if intrusive else Verdict.CONDITIONAL
    params = {"target": target_phrase(event.target)}
    return Hit(verdict, params, citations=recovery_citations(ctx, "in.recovery.third_parties"))


# -- Digital Lending Directions 2025 -----------------------------------------------------


def _digital(ctx: CaseContext) -> bool:
    return rbi_rules_apply(ctx) and digital_loan(ctx.case)


@check("in.digital.phone_contacts", applies=_digital)
def phone_contacts(ctx: EventContext) -> Hit:
    return Hit(Verdict.VIOLATION)


#: Who may hear of the debt without it being shared with a third party.
_NOT_THIRD_PARTIES = frozenset(
    {Target.BORROWER, Target.ATTORNEY, Target.GUARANTOR, Target.GUARDIAN, Target.ESTATE_REPRESENTATIVE}
)


@check("in.digital.data_sharing", applies=_digital)
def data_sharing(ctx: EventContext) -> Hit | None:
    target = ctx.event.target
    if target in _NOT_THIRD_PARTIES:
        return None
    return Hit(Verdict.VIOLATION, {"target": target_phrase(target)})


#: Events by which a recovery agent approaches the borrower.
_APPROACHES = frozenset(
    {
        Action.CALL,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.LETTER,
        Action.NOTICE,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
    }
)
_ELECTRONIC = frozenset({Action.EMAIL, Action.SMS})


def _when(view: EventView) -> tuple[datetime, int]:
    return view.event.at, view.index


def _agent_rule_applies(ctx: CaseContext) -> bool:
    return rbi_rules_apply(ctx) and (digital_loan(ctx.case) or is_commercial_bank(ctx.case))


@check("in.recovery.agent_not_disclosed", applies=_agent_rule_applies)
def agent_not_disclosed(ctx: CaseContext) -> Iterator[Hit]:
    digital = digital_loan(ctx.case)
    bank = is_commercial_bank(ctx.case)
    told: str | None = None  # the best channel by which the borrower was told so far
    # every event, earliest first: a notice sent before the rule's period still counts
    for view in sorted(ctx.all_events, key=_when):
        event = view.event
        if event.purpose is Purpose.AGENT_NOTICE and event.target is Target.BORROWER:
            if event.outcome is not Outcome.FAILED and told != "email_or_sms":
                told = "email_or_sms" if event.action in _ELECTRONIC else event.action.value
            continue
        if event.actor is not Actor.COLLECTION_AGENCY or event.target is not Target.BORROWER:
            continue
        if event.by_borrower:  # the borrower's own contact is not the agent's approach
            continue
        if event.action not in _APPROACHES:
            continue
        cites = []
        if digital and view.day >= DIGITAL_LENDING_FROM:
            cites.append(ctx.cite("in.rbi.digital_lending_2025", "8(v)"))
        if bank and view.day >= CONSOLIDATED_FROM:
            cites.append(ctx.cite("in.rbi.cb_rbc_2025", "442(3)"))
        if not cites:
            continue
        params: dict[str, object] = {"date": view.day}
        if told is None:
            yield Hit(Verdict.VIOLATION, params, event=view.index, citations=tuple(cites))
        elif told != "email_or_sms" and digital:
            params["channel"] = told.replace("_", " ")
            yield Hit(Verdict.CONDITIONAL, params, event=view.index, citations=tuple(cites[:1]))


# -- criminal law -----------------------------------------------------------------------


@check("in.criminal.intimidation")
def criminal_intimidation(ctx: EventContext) -> Hit:
    # the engine cites what was in force on the event's day: IPC to 2024-06-30, BNS after
    return Hit(Verdict.VIOLATION)


@check("in.criminal.insult")
def criminal_insult(ctx: EventContext) -> Hit:
    return Hit(Verdict.CONDITIONAL)
