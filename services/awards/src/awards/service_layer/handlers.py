"""Event handlers: keep the local copies of membership and of the events' programmes current. Called inside the inbox transaction."""

from __future__ import annotations

from contracts.events import EventCancelled, EventPublished, ProgrammeChanged, ProgrammeSession
from contracts.membership import (
    OrganisationArchived,
    OrganisationRegistered,
    OrganisationUpdated,
    SignatureVerified,
    SignatureWithdrawn,
    SupportLetterVerified,
    SupportLetterWithdrawn,
)

from awards.domain.model import KnownOrganisation, KnownSession, KnownSignature
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


async def on_organisation_updated(event: OrganisationUpdated, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """Keep name and kind current: eligibility is judged on the kind as membership last reported it."""
    known = await uow.organisations.get(event.organisation_id)
    await uow.organisations.save(
        KnownOrganisation(
            id=event.organisation_id,
            name=event.name,
            kind=event.kind.value,
            country=event.country,
            registered_at=known.registered_at if known else event.updated_at,
            updated_at=envelope.time,
            archived_at=known.archived_at if known else None,
        )
    )


async def on_organisation_archived(event: OrganisationArchived, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """An archived organisation can no longer be nominated; nominations made before stay as they are."""
    await uow.organisations.archive(event.organisation_id, event.archived_at, envelope.time)


def _sessions(event_id: str, sessions: list[ProgrammeSession]) -> list[KnownSession]:
    return [
        KnownSession(
            id=s.session_id, event_id=event_id, title=s.title, kind=s.kind.value, starts_at=s.starts_at, duration_minutes=s.duration_minutes
        )
        for s in sessions
    ]


async def on_event_published(event: EventPublished, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    title = {language.value: text for language, text in event.event.title.items()}
    await uow.sessions.replace_programme(event.event_id, title, "published", _sessions(event.event_id, event.sessions), envelope.time)


async def on_programme_changed(event: ProgrammeChanged, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    await uow.sessions.replace_programme(event.event_id, None, None, _sessions(event.event_id, event.sessions), envelope.time)


async def on_event_cancelled(event: EventCancelled, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """A cancelled event's ceremony no longer publishes results by itself; the secretariat publishes by hand."""
    title = {language.value: text for language, text in event.event.title.items()}
    await uow.sessions.cancel(event.event_id, title, envelope.time)


async def on_support_letter_changed(event: SupportLetterVerified | SupportLetterWithdrawn, envelope: Envelope, uow: AwardsUnitOfWork) -> None:
    """A supporting organisation is a member while its letter of support is verified (membership.support_letter topic)."""
    await uow.signatures.save(
        KnownSignature(id=event.support_letter_id, organisation_id=event.organisation_id, status=event.status.value, updated_at=envelope.time)
    )
