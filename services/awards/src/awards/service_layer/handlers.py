"""Event handlers: keep the local copy of membership current. Called inside the inbox transaction."""

from __future__ import annotations

from contracts.membership import (
    OrganisationRegistered,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)

from awards.domain.model import KnownOrganisation, KnownSignature
from awards.service_layer.unit_of_work import AwardsUnitOfWork
from contracts import Envelope


async def on_organisation_registered(event: OrganisationRegistered, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    await uow.organisations.save(
        KnownOrganisation(
            id=event.organisation_id,
            name=event.name,
            kind=event.kind.value,
            country=event.country,
            registered_at=event.registered_at,
            updated_at=envelope.time,
        )
    )


async def on_signature_changed(event: SignatureVerified | SignatureWithdrawn, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """Verified and withdrawn signatures decide membership, which nominations are checked against."""
    await uow.signatures.save(
        KnownSignature(id=event.signature_id, organisation_id=event.organisation_id, status=event.status.value, updated_at=envelope.time)
    )


async def on_support_letter_changed(event: SupportLetterVerified | SupportLetterWithdrawn, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """A supporting organisation is a member while its letter of support is verified (membership.support_letter topic)."""
    await uow.signatures.save(
        KnownSignature(id=event.support_letter_id, organisation_id=event.organisation_id, status=event.status.value, updated_at=envelope.time)
    )
