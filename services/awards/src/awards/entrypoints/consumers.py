"""Which events awards consumes, and from which topics."""

from contracts.events import EventCancelled, EventPublished, ProgrammeChanged
from contracts.membership import (
    OrganisationArchived,
    OrganisationRegistered,
    OrganisationUpdated,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)
from contracts.privacy import PersonErasureRequested

from awards.adapters.orm import known_events, known_organisations, known_sessions, known_signatures
from awards.service_layer import erasure, handlers
from contracts import topics


def register_consumers(runtime) -> None:
    """``runtime`` is the AwardsRuntime: the erasure handler reads its clock."""
    runtime.consume(
        topics.MEMBERSHIP_ORGANISATION,
        "membership-copy",
        {
            OrganisationRegistered.event_type: handlers.on_organisation_registered,
            OrganisationUpdated.event_type: handlers.on_organisation_updated,
            OrganisationArchived.event_type: handlers.on_organisation_archived,
        },
        copies=[known_organisations],  # `replay` clears and rebuilds these local copies
    )
    runtime.consume(
        topics.MEMBERSHIP_SIGNATURE,
        "membership-signatures",
        {SignatureVerified.event_type: handlers.on_signature_changed, SignatureWithdrawn.event_type: handlers.on_signature_changed},
        copies=[known_signatures],
    )
    runtime.consume(
        topics.EVENTS_EVENT,
        "events-sessions",
        {
            EventPublished.event_type: handlers.on_event_published,
            ProgrammeChanged.event_type: handlers.on_programme_changed,
            EventCancelled.event_type: handlers.on_event_cancelled,
        },
        copies=[known_sessions, known_events],
    )
    # Supporting organisations' letters of support have their own topic (same lifecycle as signatures).
    runtime.consume(
        topics.MEMBERSHIP_SUPPORT_LETTER,
        "membership-support-letters",
        {SupportLetterVerified.event_type: handlers.on_support_letter_changed, SupportLetterWithdrawn.event_type: handlers.on_support_letter_changed},
        copies=[known_signatures],  # shared with membership-signatures; replay clears it once, then applies both topics
    )
    # A person's erasure, asked in membership: pseudonymise them as juror, redact them (service_layer/erasure.py).
    runtime.consume(topics.PRIVACY_ERASURE, "privacy-erasure", {PersonErasureRequested.event_type: erasure.consumer(lambda: runtime.clock())})
