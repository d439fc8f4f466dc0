"""Which events awards consumes, and from which topics."""

from contracts.membership import (
    OrganisationRegistered,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)
from servicekit.runtime import ServiceRuntime

from awards.service_layer import handlers
from contracts import topics


def register_consumers(runtime: ServiceRuntime) -> None:
    runtime.consume(
        topics.MEMBERSHIP_ORGANISATION,
        "membership-copy",
        {OrganisationRegistered.event_type: handlers.on_organisation_registered},
    )
    runtime.consume(
        topics.MEMBERSHIP_SIGNATURE,
        "membership-signatures",
        {SignatureVerified.event_type: handlers.on_signature_changed, SignatureWithdrawn.event_type: handlers.on_signature_changed},
    )
    # Supporting organisations' letters of support have their own topic (same lifecycle as signatures).
    runtime.consume(
        topics.MEMBERSHIP_SUPPORT_LETTER,
        "membership-support-letters",
        {SupportLetterVerified.event_type: handlers.on_support_letter_changed, SupportLetterWithdrawn.event_type: handlers.on_support_letter_changed},
    )
