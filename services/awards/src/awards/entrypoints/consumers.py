"""Which events awards consumes, and from which topics."""

from contracts.membership import OrganisationRegistered, SignatureVerified, SignatureWithdrawn
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
