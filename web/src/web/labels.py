"""The gateway's enum values as messages for the catalogues (translated where they are shown)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for extraction."""
    return message


EVENT_KINDS = {"IN_PERSON_MEETING": N_("In-person meeting"), "ONLINE_CONFERENCE": N_("Online conference"),
               "WORKSHOP": N_("Workshop"), "WEBINAR": N_("Webinar")}
SESSION_KINDS = {"TALK": N_("Talk"), "PANEL": N_("Panel"), "TESTIMONY": N_("Testimony"), "QA": N_("Questions and answers"),
                 "BREAK": N_("Break"), "AWARD_CEREMONY": N_("Award ceremony")}
ORGANISATION_KINDS = {"PROCURING": N_("Procuring organisation"), "COORDINATING": N_("Coordinating organisation"),
                      "SUPPORTING": N_("Supporting organisation")}
SUBKINDS = {"PUBLIC": N_("public"), "PRIVATE": N_("private"), "NATIONAL": N_("national"), "REGIONAL": N_("regional"),
            "LOCAL": N_("local"), "NGO": N_("NGO"), "CERTIFICATION_BODY": N_("certification body"),
            "MONITORING_BODY": N_("monitoring body"), "KNOWLEDGE_INSTITUTE": N_("knowledge institute"),
            "SUPPLIER": N_("supplier"), "OTHER": N_("other")}
DOCUMENT_KINDS = {"PACT": N_("Signed the pact"), "LETTER_OF_SUPPORT": N_("Signed the letter of support")}
EDITION_PHASES = {"UPCOMING": N_("Not open yet"), "NOMINATIONS_OPEN": N_("Nominations open"), "SCREENING": N_("Nominations are being screened"),
                  "VOTING_OPEN": N_("The jury is voting"), "VOTING_CLOSED": N_("Voting closed; results not yet published"),
                  "PUBLISHED": N_("Results published")}
NOMINATION_STATUSES = {"ELIGIBLE": N_("Eligible"), "SHORTLISTED": N_("Shortlisted"), "WINNER": N_("Winner"), "NOT_WINNER": N_("Shortlisted")}
EVENT_STATUSES = {"PUBLISHED": N_("Scheduled"), "CANCELLED": N_("Cancelled"), "COMPLETED": N_("Took place"), "DRAFT": N_("Draft")}
REGISTER_EVENTS = {
    "membership.signature.recorded.v1": N_("Pact signature recorded"), "membership.signature.verified.v1": N_("Pact signature verified"),
    "membership.signature.rejected.v1": N_("Pact signature rejected"), "membership.signature.withdrawn.v1": N_("Pact signature withdrawn"),
    "membership.support_letter.recorded.v1": N_("Letter of support recorded"),
    "membership.support_letter.verified.v1": N_("Letter of support verified"),
    "membership.support_letter.rejected.v1": N_("Letter of support rejected"),
    "membership.support_letter.withdrawn.v1": N_("Letter of support withdrawn"),
}

MESSAGE_CATEGORIES = {"EVENT_REMINDERS": N_("reminders of the events you registered for"),
                      "MEMBERSHIP_UPDATES": N_("news about your organisation's membership of the pact"),
                      "AWARDS_UPDATES": N_("news about the Fair ICT Awards")}
ALL = {"MESSAGE_CATEGORIES": MESSAGE_CATEGORIES, "REGISTER_EVENTS": REGISTER_EVENTS, "EVENT_KINDS": EVENT_KINDS, "SESSION_KINDS": SESSION_KINDS, "ORGANISATION_KINDS": ORGANISATION_KINDS, "SUBKINDS": SUBKINDS,
       "DOCUMENT_KINDS": DOCUMENT_KINDS, "EDITION_PHASES": EDITION_PHASES, "NOMINATION_STATUSES": NOMINATION_STATUSES,
       "EVENT_STATUSES": EVENT_STATUSES}
