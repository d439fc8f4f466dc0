"""Which events notifications consumes, from which topics, through the idempotent inbox."""

from contracts.awards import EditionCreated, JurorInvited, NominationScreened, NominationSubmitted, ResultsPublished
from contracts.events import (
    AttendeeCheckedIn,
    EventCancelled,
    EventPublished,
    JoinLinkReleased,
    ProgrammeChanged,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationPromoted,
    RegistrationWaitlisted,
    ReminderDue,
)
from contracts.membership import (
    OrganisationArchived,
    OrganisationRegistered,
    OrganisationUpdated,
    SignatureRecorded,
    SignatureRejected,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterRecorded,
    SupportLetterRejected,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)
from contracts.privacy import PersonErasureRequested
from servicekit.runtime import ServiceRuntime

from contracts import topics
from notifications.adapters.orm import known_events
from notifications.service_layer import privacy
from notifications.service_layer.awards import AwardsMessages
from notifications.service_layer.membership import MembershipMessages
from notifications.service_layer.notifier import PRIVATE_EVENT_TYPES
from notifications.service_layer.registrations import RegistrationMessages


CONSUMER_TOPICS = {
    "organisations": topics.MEMBERSHIP_ORGANISATION,
    "signatures": topics.MEMBERSHIP_SIGNATURE,
    "support_letters": topics.MEMBERSHIP_SUPPORT_LETTER,
    "registrations": topics.EVENTS_REGISTRATION,
    "events": topics.EVENTS_EVENT,
    "jury": topics.AWARDS_JURY,
    "nominations": topics.AWARDS_NOMINATION,
    "editions": topics.AWARDS_EDITION,
    "privacy": topics.PRIVACY_ERASURE,
}


# The local copies each consumer alone fills: `replay` clears and rebuilds them.
COPIES = {"events": (known_events,)}


def consumer_handlers(registrations: RegistrationMessages, membership: MembershipMessages,
                      awards: AwardsMessages) -> dict[str, tuple[str, dict]]:
    """Consumer name -> (topic, {event type: handler})."""
    return {
        "organisations": (CONSUMER_TOPICS["organisations"], {
            OrganisationRegistered.event_type: membership.organisation_changed,
            OrganisationUpdated.event_type: membership.organisation_changed,
            OrganisationArchived.event_type: membership.organisation_archived,
        }),
        "signatures": (CONSUMER_TOPICS["signatures"], {
            t.event_type: membership.signature_changed for t in (SignatureRecorded, SignatureVerified, SignatureRejected, SignatureWithdrawn)
        }),
        # Letters of support have the signature's lifecycle on their own topic (and so their own inbox and dead letters).
        "support_letters": (CONSUMER_TOPICS["support_letters"], {
            t.event_type: membership.signature_changed
            for t in (SupportLetterRecorded, SupportLetterVerified, SupportLetterRejected, SupportLetterWithdrawn)
        }),
        "registrations": (CONSUMER_TOPICS["registrations"], {
            RegistrationConfirmed.event_type: registrations.confirmed,
            RegistrationWaitlisted.event_type: registrations.waitlisted,
            RegistrationPromoted.event_type: registrations.promoted,
            RegistrationCancelled.event_type: registrations.cancelled,
            AttendeeCheckedIn.event_type: registrations.checked_in,
            JoinLinkReleased.event_type: registrations.join_link,
            ReminderDue.event_type: registrations.reminder,
        }),
        "events": (CONSUMER_TOPICS["events"], {
            EventCancelled.event_type: registrations.event_cancelled,
            EventPublished.event_type: registrations.event_published,
            ProgrammeChanged.event_type: registrations.event_changed,
        }),
        "jury": (CONSUMER_TOPICS["jury"], {JurorInvited.event_type: awards.juror_invited}),
        "nominations": (CONSUMER_TOPICS["nominations"], {
            NominationSubmitted.event_type: awards.nomination_submitted,
            NominationScreened.event_type: awards.nomination_screened,
        }),
        "editions": (CONSUMER_TOPICS["editions"], {
            EditionCreated.event_type: awards.edition_created,
            ResultsPublished.event_type: awards.results_published,
        }),
        # Each service answers with person.erasure_completed.v1 on the same topic: not handled here.
        "privacy": (CONSUMER_TOPICS["privacy"], {PersonErasureRequested.event_type: privacy.erasure_requested}),
    }


def register_consumers(runtime: ServiceRuntime, registrations: RegistrationMessages, membership: MembershipMessages,
                       awards: AwardsMessages) -> dict:
    wiring = consumer_handlers(registrations, membership, awards)
    return {name: runtime.consume(topic, name, handlers, copies=COPIES.get(name, ())) for name, (topic, handlers) in wiring.items()}


CONSUMED = (OrganisationRegistered, OrganisationUpdated, OrganisationArchived, SignatureRecorded, SignatureVerified, SignatureRejected,
            SignatureWithdrawn, SupportLetterRecorded, SupportLetterVerified, SupportLetterRejected, SupportLetterWithdrawn, RegistrationConfirmed, RegistrationWaitlisted, RegistrationPromoted, RegistrationCancelled, AttendeeCheckedIn,
            JoinLinkReleased, ReminderDue, EventCancelled, EventPublished, ProgrammeChanged)
# What a webhook may subscribe to: every event consumed here except the personal join link.
WEBHOOK_EVENT_TYPES = sorted(t.event_type for t in CONSUMED if t.event_type not in PRIVATE_EVENT_TYPES)
