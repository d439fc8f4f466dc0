"""Messages to registrants, from the events service's registration and event events."""

from __future__ import annotations

from contracts.events import (
    AttendeeCheckedIn,
    EventCancelled,
    EventPublished,
    EventSnapshot,
    JoinLinkReleased,
    RegistrationCancelled,
    RegistrationConfirmed,
    RegistrationPromoted,
    RegistrationStatus,
    RegistrationWaitlisted,
    ReminderDue,
)

import structlog

from contracts import Envelope, IntegrationEvent
from notifications.adapters.calendar import CalendarFile, registration_ics
from notifications.adapters.copies import KnownRegistration
from notifications.domain.model import MessageKind, Recipient, choose_language
from notifications.service_layer.notifier import Notifier
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = structlog.get_logger()

# The registration events share registration_id, event_id, registrant, event (the snapshot) and status.
RegistrationEvent = (RegistrationConfirmed | RegistrationWaitlisted | RegistrationPromoted | RegistrationCancelled | AttendeeCheckedIn
                     | JoinLinkReleased | ReminderDue)

SEATED = (RegistrationStatus.CONFIRMED.value, RegistrationStatus.CHECKED_IN.value)


def _title(event: EventSnapshot, lang: str) -> str:
    titles = {k.value: v for k, v in event.title.items()}
    main = event.languages[0].value if event.languages else None
    return titles.get(lang) or (main and titles.get(main)) or next(iter(titles.values()))


def _context(event: EventSnapshot, lang: str) -> dict:
    return {"event_title": _title(event, lang), "starts_at": event.starts_at, "ends_at": event.ends_at, "timezone": event.timezone,
            "online": event.online, "venue": event.venue or ""}


def _recipient(name: str, email: str, language: str | None, event: EventSnapshot) -> Recipient:
    main = event.languages[0].value if event.languages else None
    return Recipient(name=name, email=email, language=choose_language(language, main))


class RegistrationMessages:
    def __init__(self, notifier: Notifier):
        self.notifier = notifier

    async def _remember(self, event: RegistrationEvent, envelope: Envelope, uow: NotificationsUnitOfWork) -> KnownRegistration | None:
        """Update the local copy; returns what was known before. No copy of a person erased after the event occurred."""
        before = await uow.registrations.get(event.registration_id)
        r = event.registrant
        erased = await uow.erasures.requested_since(envelope.time)
        if erased.email(r.email) or erased.name(r.name):
            log.info("registration.copy_skipped_erased_person", registration_id=event.registration_id)
            return before
        await uow.registrations.save(KnownRegistration(
            id=event.registration_id, event_id=event.event_id, name=r.name, email=r.email, language=r.language.value,
            status=event.status.value, ticket_code=getattr(event, "ticket_code", None), cancel_url=getattr(event, "cancel_url", None),
            updated_at=envelope.time))
        return before

    async def _send(self, event: RegistrationEvent, envelope: Envelope, uow, kind: MessageKind, extra: dict, *, dedupe_key=None, ics=None):
        to = _recipient(event.registrant.name, event.registrant.email, event.registrant.language.value, event.event)
        await self.notifier.email(uow, envelope, dedupe_key=dedupe_key or envelope.id, kind=kind, to=to,
                                  context={**_context(event.event, to.language), **extra}, ics=ics)
        org = event.registrant.organisation_id
        await self.notifier.webhooks(uow, event, envelope, {org} if org else set())

    def _ics(self, registration_id: str, snapshot: EventSnapshot, language: str, envelope: Envelope, *, ticket_code: str | None = None,
             calendar_url: str | None = None, cancelled: bool = False) -> CalendarFile:
        """The registration's calendar entry: PUBLISH with the ticket, or CANCEL (same UID, higher SEQUENCE)."""
        return registration_ics(registration_id=registration_id, title=_title(snapshot, choose_language(language)), starts_at=snapshot.starts_at,
                                ends_at=snapshot.ends_at, timezone=snapshot.timezone, online=snapshot.online, venue=snapshot.venue,
                                url=calendar_url, description=f"Ticket: {ticket_code}" if ticket_code else None, stamp=envelope.time,
                                event_version=snapshot.version, organizer=self.notifier.sender_address, cancelled=cancelled)

    def _invitation(self, event: RegistrationConfirmed | RegistrationPromoted, envelope: Envelope) -> CalendarFile:
        return self._ics(event.registration_id, event.event, event.registrant.language.value, envelope, ticket_code=event.ticket_code,
                         calendar_url=event.calendar_url)

    async def confirmed(self, event: RegistrationConfirmed, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._remember(event, envelope, uow)
        extra = {"ticket_code": event.ticket_code, "cancel_url": event.cancel_url, "calendar_url": event.calendar_url}
        await self._send(event, envelope, uow, MessageKind.REGISTRATION_CONFIRMED, extra, ics=self._invitation(event, envelope))

    async def promoted(self, event: RegistrationPromoted, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._remember(event, envelope, uow)
        extra = {"ticket_code": event.ticket_code, "cancel_url": event.cancel_url, "calendar_url": event.calendar_url}
        await self._send(event, envelope, uow, MessageKind.REGISTRATION_PROMOTED, extra, ics=self._invitation(event, envelope))

    async def waitlisted(self, event: RegistrationWaitlisted, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._remember(event, envelope, uow)
        await self._send(event, envelope, uow, MessageKind.REGISTRATION_WAITLISTED, {"position": event.position, "cancel_url": event.cancel_url})

    async def cancelled(self, event: RegistrationCancelled, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        before = await self._remember(event, envelope, uow)
        # Whoever may hold the entry (a seat, or not known here) gets its cancellation; a waitlisted registrant never had one.
        had_entry = before is None or before.status in SEATED
        ics = self._ics(event.registration_id, event.event, event.registrant.language.value, envelope, cancelled=True) if had_entry else None
        if event.cancelled_by == "event_cancelled":
            # Shares its key with the message sent on events.event.cancelled: whichever comes first is sent, once.
            await self._send(event, envelope, uow, MessageKind.EVENT_CANCELLED, {"reason": None}, dedupe_key=f"event-cancelled:{event.event_id}",
                             ics=ics)
            return
        await self._send(event, envelope, uow, MessageKind.REGISTRATION_CANCELLED, {"cancelled_by": event.cancelled_by}, ics=ics)

    async def checked_in(self, event: RegistrationEvent, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._remember(event, envelope, uow)
        org = event.registrant.organisation_id
        await self.notifier.webhooks(uow, event, envelope, {org} if org else set())

    async def join_link(self, event: JoinLinkReleased, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """Only to a registration that is confirmed, by the event and by everything this service has seen of it."""
        known = await uow.registrations.get(event.registration_id)
        if event.status.value not in SEATED or (known is not None and known.updated_at > envelope.time and known.status not in SEATED):
            log.warning("join_link.refused", registration_id=event.registration_id, status=event.status.value)
            return
        await self._send(event, envelope, uow, MessageKind.JOIN_LINK, {"join_url": event.join_url})

    async def reminder(self, event: ReminderDue, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        known = await uow.registrations.get(event.registration_id)
        if event.status.value not in SEATED or (known is not None and known.status not in SEATED):
            log.info("reminder.skipped", registration_id=event.registration_id)
            return
        extra = {"reminder": event.reminder.value, "ticket_code": known.ticket_code if known else None,
                 "cancel_url": known.cancel_url if known else None}
        await self._send(event, envelope, uow, MessageKind.REMINDER, extra, dedupe_key=f"reminder:{event.reminder_id}")

    async def event_cancelled(self, event: EventCancelled, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        statuses = (*SEATED, RegistrationStatus.WAITLISTED.value)
        for registration in await uow.registrations.of_event(event.event_id, statuses):
            to = _recipient(registration.name, registration.email, registration.language, event.event)
            seated = registration.status in SEATED
            ics = self._ics(registration.id, event.event, registration.language, envelope, cancelled=True) if seated else None
            await self.notifier.email(uow, envelope, dedupe_key=f"event-cancelled:{event.event_id}", kind=MessageKind.EVENT_CANCELLED,
                                      to=to, context={**_context(event.event, to.language), "reason": event.reason}, ics=ics)
        await self.notifier.webhooks(uow, event, envelope, await uow.event_organisers.of(event.event_id))

    async def event_published(self, event: EventPublished, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """For webhooks only; the organisers are remembered for the event's later events, which do not name them."""
        await uow.event_organisers.save(event.event_id, event.organiser_ids, envelope.time)
        await self.notifier.webhooks(uow, event, envelope, set(event.organiser_ids))

    async def event_changed(self, event: IntegrationEvent, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        """Programme changes are for webhooks only; organisers' subscriptions see their own events."""
        await self.notifier.webhooks(uow, event, envelope, await uow.event_organisers.of(event.event_id))
