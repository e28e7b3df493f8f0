"""The shared vocabulary: enumerations whose values are the lower_snake_case strings of
the case file and the assessment JSON.

Each enumeration is a :class:`enum.StrEnum`, so a member compares equal to its string
value and serialises as that string.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

__all__ = [
    "COMMUNICATION_ACTIONS",
    "COURT_ACTIONS",
    "FAILED_OUTCOMES",
    "INITIATED_ACTIONS",
    "MEDIA",
    "WRITTEN_ACTIONS",
    "Action",
    "Actor",
    "Conduct",
    "Initiator",
    "LenderKind",
    "Outcome",
    "Place",
    "Product",
    "ProtectionKind",
    "Purpose",
    "Target",
    "Threatened",
    "Weekday",
]


class Product(StrEnum):
    """The kind of credit product."""

    CREDIT_CARD = "credit_card"
    INSTALLMENT = "installment"
    REVOLVING = "revolving"
    PAYDAY = "payday"
    OTHER = "other"


class LenderKind(StrEnum):
    """Who lent the money (the regime that applies often depends on it)."""

    BANK = "bank"
    CREDIT_CARD_ISSUER = "credit_card_issuer"
    CONSUMER_FINANCE = "consumer_finance"
    ONLINE_MICROLENDER = "online_microlender"
    FACILITATION_PLATFORM = "facilitation_platform"
    PRIVATE_INDIVIDUAL = "private_individual"
    DEBT_BUYER = "debt_buyer"
    OTHER = "other"
    #: A non-banking financial company: in India, a company registered with the Reserve
    #: Bank of India as an NBFC (housing finance companies included), regulated apart from
    #: banks.
    NBFC = "nbfc"


class Actor(StrEnum):
    """Who carried out a collection event."""

    LENDER = "lender"
    COLLECTION_AGENCY = "collection_agency"
    LAW_FIRM = "law_firm"
    DEBT_BUYER = "debt_buyer"
    COURT = "court"
    UNKNOWN = "unknown"
    #: An officer who enforces a court's judgment by taking control of goods (a bailiff),
    #: under a regime of their own rather than the rules for lenders and collectors.
    ENFORCEMENT_AGENT = "enforcement_agent"


class Action(StrEnum):
    """What was done (or is proposed) to collect the debt."""

    NOTICE = "notice"
    SMS = "sms"
    INSTANT_MESSAGE = "instant_message"
    EMAIL = "email"
    CALL = "call"
    LETTER = "letter"
    LAWYER_LETTER = "lawyer_letter"
    THIRD_PARTY_CONTACT = "third_party_contact"
    AGENCY_ASSIGNMENT = "agency_assignment"
    HOME_VISIT = "home_visit"
    WORKPLACE_VISIT = "workplace_visit"
    CREDIT_REPORT = "credit_report"
    DEBT_SALE = "debt_sale"
    LAWSUIT = "lawsuit"
    ARBITRATION = "arbitration"
    PAYMENT_ORDER = "payment_order"
    COURT_SERVICE = "court_service"
    JUDGMENT = "judgment"
    ENFORCEMENT = "enforcement"
    #: A statutory notice telling the borrower how much is in arrears.
    ARREARS_NOTICE = "arrears_notice"
    #: A statutory notice that the borrower is in default, saying what must be done by
    #: when before the lender may end the agreement or demand the whole balance.
    DEFAULT_NOTICE = "default_notice"
    #: A formal letter before a court claim that the rules of court expect (a letter
    #: before action), giving the borrower a period to reply.
    LETTER_OF_CLAIM = "letter_of_claim"


class Target(StrEnum):
    """Whom a collection event was directed at."""

    BORROWER = "borrower"
    SPOUSE = "spouse"
    FAMILY = "family"
    EMPLOYER = "employer"
    COLLEAGUE = "colleague"
    CONTACT = "contact"
    NEIGHBOUR = "neighbour"
    PUBLIC = "public"
    ATTORNEY = "attorney"
    #: A guarantor (surety) of the loan: bound to pay it, so not a third party.
    GUARANTOR = "guarantor"
    #: A parent of a borrower who is a minor, or the borrower's legal guardian.
    GUARDIAN = "guardian"
    #: The executor or administrator of a deceased borrower's estate.
    ESTATE_REPRESENTATIVE = "estate_representative"


class Initiator(StrEnum):
    """Who started a contact: the collector's side (every event, unless the case file says
    otherwise) or the borrower, who called or wrote to the collector."""

    COLLECTOR = "collector"
    BORROWER = "borrower"


class Outcome(StrEnum):
    """How a collection event ended."""

    CONNECTED = "connected"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    REFUSED = "refused"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNKNOWN = "unknown"


class Place(StrEnum):
    """Where an in-person event took place, or ``online``."""

    HOME = "home"
    WORKPLACE = "workplace"
    PUBLIC = "public"
    ONLINE = "online"


class Conduct(StrEnum):
    """How the collector behaved: the facts conduct rules turn on."""

    THREAT = "threat"
    VIOLENCE = "violence"
    INSULT = "insult"
    OBSCENE = "obscene"
    IMPERSONATION = "impersonation"
    FALSE_LEGAL_CLAIM = "false_legal_claim"
    DISCLOSURE = "disclosure"
    ENTERED_WITHOUT_CONSENT = "entered_without_consent"
    REFUSED_TO_LEAVE = "refused_to_leave"
    PHOTOGRAPHED = "photographed"
    PUBLIC_SHAMING = "public_shaming"
    RESTRICTED_FREEDOM = "restricted_freedom"
    PROPERTY_DAMAGE = "property_damage"
    ILLEGAL_DEBT_DEMAND = "illegal_debt_demand"
    #: Pressing the borrower to pay in ways that harm them: one or a few large sums, in an
    #: unreasonably short time, or by selling property or borrowing more.
    UNDUE_PRESSURE = "undue_pressure"


class Threatened(StrEnum):
    """What a threat (conduct ``threat``) threatened: the law judges a threat of violence,
    of arrest and of a lawsuit differently."""

    VIOLENCE = "violence"
    ARREST = "arrest"
    SUIT = "suit"
    DISCLOSURE = "disclosure"
    CREDIT_REPORT = "credit_report"


class Weekday(StrEnum):
    """A day of the week (``Protection.weekdays``), in :meth:`datetime.date.weekday` order."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, day: date) -> Weekday:
        """The weekday of ``day``."""
        return _WEEKDAYS[day.weekday()]


class ProtectionKind(StrEnum):
    """A protection the borrower has invoked, effective from the day the collector knew."""

    REPRESENTED_BY_ATTORNEY = "represented_by_attorney"
    CEASE_REQUESTED = "cease_requested"
    DISPUTED = "disputed"
    HARDSHIP = "hardship"
    #: A debt moratorium set up under a statutory debt-respite scheme: while it lasts,
    #: creditors must stop enforcement and collection contact (``since`` = its first day).
    BREATHING_SPACE = "breathing_space"
    #: The borrower asked in writing for a copy of the credit agreement and a statement
    #: of account, as the law entitles them to.
    INFORMATION_REQUESTED = "information_requested"
    #: The borrower asked the collector not to use some media (``Protection.media``):
    #: "stop calling me", or an opt-out of e-mail or text messages.
    MEDIUM_REFUSED = "medium_refused"
    #: The collector was told the borrower may not be contacted at work (the employer
    #: forbids it, or "I cannot take personal calls at work").
    NO_CONTACT_AT_WORK = "no_contact_at_work"
    #: The borrower's prior consent, given directly to the collector, to be contacted
    #: (by ``Protection.media``, at ``Protection.hours`` on ``Protection.weekdays``, where
    #: given): "call back on Monday", "you can call me at 123-456-7891".
    CONTACT_CONSENT = "contact_consent"
    #: Times the borrower told the collector are inconvenient (``Protection.hours`` and/or
    #: ``Protection.weekdays``): "not on weekdays from 3 to 5 p.m.", "not on Fridays".
    INCONVENIENT_TIME = "inconvenient_time"
    #: Places the borrower told the collector are inconvenient (``Protection.places``):
    #: "do not contact me at home".
    INCONVENIENT_PLACE = "inconvenient_place"


class Purpose(StrEnum):
    """Why a communication was sent, where the law distinguishes it."""

    VALIDATION_NOTICE = "validation_notice"
    PAYMENT_DEMAND = "payment_demand"
    CEASING_COLLECTION = "ceasing_collection"
    REMEDY_NOTICE = "remedy_notice"
    LOCATION_INQUIRY = "location_inquiry"
    #: Tells the borrower which recovery agent (agency or person) will contact them, with
    #: the agent's particulars, before the agent does.
    AGENT_NOTICE = "agent_notice"
    #: The creditor's answer to an information request: the copy of the agreement and
    #: the statement of account the borrower asked for.
    INFORMATION_SUPPLIED = "information_supplied"


#: Actions that communicate with someone (as opposed to visits, reports and court steps).
COMMUNICATION_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.CALL,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.THIRD_PARTY_CONTACT,
        Action.ARREARS_NOTICE,
        Action.DEFAULT_NOTICE,
        Action.LETTER_OF_CLAIM,
    }
)

#: Actions a borrower can initiate (an event with ``initiated_by = borrower``): a call or
#: a message the borrower sent to the collector.
INITIATED_ACTIONS: frozenset[Action] = frozenset(
    {Action.CALL, Action.SMS, Action.INSTANT_MESSAGE, Action.EMAIL, Action.LETTER}
)

#: Letters and electronic messages: the actions whose delivery a case file may record
#: (``received_on``, ``returned_on``).
WRITTEN_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.NOTICE,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.ARREARS_NOTICE,
        Action.DEFAULT_NOTICE,
        Action.LETTER_OF_CLAIM,
    }
)

#: The media of communication a borrower can ask a collector not to use
#: (``Protection.media`` of a ``medium_refused`` protection): calls, messages, letters and
#: visits in person.
MEDIA: frozenset[Action] = frozenset(
    {
        Action.CALL,
        Action.SMS,
        Action.INSTANT_MESSAGE,
        Action.EMAIL,
        Action.LETTER,
        Action.LAWYER_LETTER,
        Action.NOTICE,
        Action.HOME_VISIT,
        Action.WORKPLACE_VISIT,
    }
)

#: Actions taken by or before a court or arbitral tribunal.
COURT_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.LAWSUIT,
        Action.ARBITRATION,
        Action.PAYMENT_ORDER,
        Action.COURT_SERVICE,
        Action.JUDGMENT,
        Action.ENFORCEMENT,
    }
)

#: Outcomes of an attempt that did not reach the person.
FAILED_OUTCOMES: frozenset[Outcome] = frozenset(
    {Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.REFUSED, Outcome.FAILED}
)

_WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)
