"""The local copy of organisations and their contacts, and messages to those contacts about signatures."""

from __future__ import annotations

from contracts.membership import (
    DocumentKind,
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

import structlog

from contracts import Envelope, IntegrationEvent
from notifications.adapters.copies import Contact, KnownOrganisation
from notifications.domain.model import MessageKind, Recipient, choose_language
from notifications.service_layer.notifier import Notifier
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = structlog.get_logger()


class OrganisationNotKnownYet(LookupError):
    """A signature or letter event overtook its organisation's registration (another topic): retried, then dead-lettered."""


RECORDED = (SignatureRecorded, SupportLetterRecorded)
VERIFIED = (SignatureVerified, SupportLetterVerified)
REJECTED = (SignatureRejected, SupportLetterRejected)
WITHDRAWN = (SignatureWithdrawn, SupportLetterWithdrawn)
SUPPORT_LETTER_EVENTS = (SupportLetterRecorded, SupportLetterVerified, SupportLetterRejected, SupportLetterWithdrawn)


def _document(event: IntegrationEvent) -> DocumentKind:
    """Letters have their own events; a signature event names its document (older records on the signature topic
    carry letters of support too, from before membership gave letters their own topic)."""
    return DocumentKind.LETTER_OF_SUPPORT if isinstance(event, SUPPORT_LETTER_EVENTS) else event.document_kind


def _kind(event: IntegrationEvent) -> MessageKind:
    letter = _document(event) is DocumentKind.LETTER_OF_SUPPORT
    if isinstance(event, RECORDED):
        return MessageKind.LETTER_RECEIVED if letter else MessageKind.SIGNATURE_RECORDED
    if isinstance(event, VERIFIED):
        return MessageKind.LETTER_VERIFIED if letter else MessageKind.SIGNATURE_VERIFIED
    if isinstance(event, REJECTED):
        return MessageKind.SIGNATURE_REJECTED
    return MessageKind.SIGNATURE_WITHDRAWN


def _details(event: IntegrationEvent) -> dict:
    if isinstance(event, RECORDED):
        return {"signatory_name": event.signatory_name, "signatory_function": event.signatory_function,
                "signed_on": event.signed_on, "signed_place": event.signed_place}
    if isinstance(event, REJECTED):
        return {"reason": event.reason}
    if isinstance(event, WITHDRAWN):
        return {"withdrawn_on": event.withdrawn_on, "reason": event.reason}
    return {}


def _mentions(event: IntegrationEvent) -> tuple[str, ...]:
    """The people a signature message names besides its recipient: the signatory."""
    return (event.signatory_name,) if isinstance(event, RECORDED) else ()


class MembershipMessages:
    def __init__(self, notifier: Notifier):
        self.notifier = notifier

    async def organisation_changed(self, event: OrganisationRegistered | OrganisationUpdated, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        org = KnownOrganisation(id=event.organisation_id, name=event.name, names={k.value: v for k, v in event.names.items()},
                                languages=[lang.value for lang in event.languages], archived=False, updated_at=envelope.time)
        erased = await uow.erasures.requested_since(envelope.time)  # a late event must not bring an erased contact back
        contacts = [Contact(name=c.name, email=c.email, language=c.language.value, consented=c.consent_on is not None) for c in event.contacts
                    if not (erased.email(c.email) or erased.name(c.name))]
        await uow.organisations.replace(org, contacts)
        await self.notifier.webhooks(uow, event, envelope, {event.organisation_id})

    async def organisation_archived(self, event: OrganisationArchived, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await uow.organisations.archive(event.organisation_id, envelope.time)
        await self.notifier.webhooks(uow, event, envelope, {event.organisation_id})

    async def signature_changed(self, event: IntegrationEvent, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """A signature of the pact or a letter of support changed: written to every contact who agreed to be written to,
        each in their own language."""
        org = await uow.organisations.get(event.organisation_id)
        if org is None:
            raise OrganisationNotKnownYet(f"organisation {event.organisation_id} is not known yet")
        await self.notifier.webhooks(uow, event, envelope, {event.organisation_id})
        if org.archived:
            log.info("signature.organisation_archived", organisation_id=org.id)
            return
        kind = _kind(event)
        for contact in await uow.organisations.contacts(org.id):
            if not contact.consented:
                continue
            lang = choose_language(contact.language, org.languages[0] if org.languages else None)
            context = {"organisation": org.name_in(lang), "document": _document(event).value, **_details(event)}
            await self.notifier.email(uow, envelope, dedupe_key=envelope.id, kind=kind, mentions=_mentions(event),
                                      to=Recipient(name=contact.name, email=contact.email, language=lang), context=context)
