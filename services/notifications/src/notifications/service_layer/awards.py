"""Messages about the Fair ICT Awards: the jury invitation, nominations received and screened, awards won.

The juror is written to at the address the invitation event carries. Nominations and results go to
the organisation's contacts who gave consent, from the local copy of membership organisations, as the
signature messages do; an organisation not known yet makes the event retry, then go to the DLQ.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from contracts.awards import EditionCreated, JurorInvited, NominationScreened, NominationSubmitted, ResultsPublished

from contracts import Envelope
from notifications.adapters.copies import KnownOrganisation
from notifications.domain.model import MessageKind, Recipient, choose_language
from notifications.service_layer.membership import OrganisationNotKnownYet
from notifications.service_layer.notifier import Notifier
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = structlog.get_logger()


async def _known(uow: NotificationsUnitOfWork, organisation_id: str) -> KnownOrganisation:
    org = await uow.organisations.get(organisation_id)
    if org is None:
        raise OrganisationNotKnownYet(f"organisation {organisation_id} is not known yet")
    return org


class AwardsMessages:
    def __init__(self, notifier: Notifier):
        self.notifier = notifier

    async def edition_created(self, event: EditionCreated, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await uow.editions.save(event.edition_id, event.name, envelope.time)

    async def juror_invited(self, event: JurorInvited, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """Transactional: the juror must know to take part."""
        await uow.editions.save(event.edition_id, event.edition_name, envelope.time)
        to = Recipient(name=event.name, email=event.email, language=choose_language(event.language.value))
        await self.notifier.email(uow, envelope, dedupe_key=envelope.id, kind=MessageKind.JURY_INVITATION, to=to,
                                  context={"edition": event.edition_name})

    async def nomination_submitted(self, event: NominationSubmitted, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._to_nominator(event, envelope, uow, MessageKind.NOMINATION_RECEIVED, {"submitted_at": event.submitted_at})

    async def nomination_screened(self, event: NominationScreened, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        details = {"eligible": event.eligible, "reason": event.reason or ""}
        await self._to_nominator(event, envelope, uow, MessageKind.NOMINATION_SCREENED, details)

    async def results_published(self, event: ResultsPublished, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """The event names the winners only: each winning organisation's contacts hear of their award."""
        await uow.editions.save(event.edition_id, event.name, envelope.time)
        winners = [(winner, await _known(uow, winner.nominee_id)) for winner in event.winners]
        for winner, org in winners:
            context = {"edition": event.name, "award_category": winner.category_name}
            # One message per category won: an organisation may win more than one.
            await self._to_contacts(uow, envelope, org, MessageKind.AWARD_WON, lambda lang, c=context: c,
                                    dedupe_key=f"{envelope.id}:{winner.category_id}")

    async def _to_nominator(self, event, envelope: Envelope, uow: NotificationsUnitOfWork, kind: MessageKind, details: dict) -> None:
        nominator, nominee = await _known(uow, event.nominator_id), await _known(uow, event.nominee_id)
        edition = await uow.editions.name(event.edition_id)  # None until the edition is known: "Fair ICT Awards"

        def context(lang: str) -> dict:
            return {"nominee": nominee.name_in(lang), "self_nomination": nominee.id == nominator.id, "edition": edition, **details}

        await self._to_contacts(uow, envelope, nominator, kind, context, dedupe_key=envelope.id)

    async def _to_contacts(self, uow: NotificationsUnitOfWork, envelope: Envelope, org: KnownOrganisation, kind: MessageKind,
                           context: Callable[[str], dict], *, dedupe_key: str) -> int:
        """Each contact who gave consent, in their own language; nobody on behalf of an archived organisation."""
        if org.archived:
            log.info("awards.organisation_archived", organisation_id=org.id, kind=kind.value)
            return 0
        queued = 0
        for contact in await uow.organisations.contacts(org.id):
            if not contact.consented:
                continue
            lang = choose_language(contact.language, org.languages[0] if org.languages else None)
            to = Recipient(name=contact.name, email=contact.email, language=lang)
            queued += await self.notifier.email(uow, envelope, dedupe_key=dedupe_key, kind=kind, to=to,
                                                context={"organisation": org.name_in(lang), **context(lang)})
        return queued
