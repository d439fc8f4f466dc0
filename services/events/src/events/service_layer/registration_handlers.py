"""Registration handlers. Every writer locks the event row first, so seats are counted one writer at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from events.adapters.links import Links
from events.domain import commands
from events.domain.errors import (
    EventNotFound,
    IdempotencyKeyReused,
    RegistrationNotFound,
    TicketForAnotherEvent,
    TicketNotFound,
)
from events.domain.model import Event
from events.domain.registration import Registration, RegistrationStatus, check_open_for_registration, normalise_ticket_code, register
from events.service_layer import messages
from events.service_layer.unit_of_work import EventsUnitOfWork

REMINDERS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


async def _locked(uow: EventsUnitOfWork, event_id: str) -> Event:
    event = await uow.events.get(event_id, lock=True)
    if event is None:
        raise EventNotFound(event_id)
    return event


async def _existing(uow: EventsUnitOfWork, cmd: commands.Register) -> Registration | None:
    if cmd.idempotency_key:
        earlier = await uow.registrations.by_idempotency_key(cmd.event_id, cmd.idempotency_key)
        if earlier is not None:
            if earlier.email != cmd.email:
                raise IdempotencyKeyReused()
            return earlier
    return await uow.registrations.active_by_email(cmd.event_id, cmd.email)


async def seat_granted(uow: EventsUnitOfWork, event: Event, registration: Registration, links: Links, now: datetime) -> None:
    """A registration got a seat: schedule its reminders and release its join link now or at the event's release time."""
    due = {kind: event.starts_at - before for kind, before in REMINDERS.items() if event.starts_at - before > now}
    if event.online:
        if event.join_link_release_at and event.join_link_release_at > now:
            due["join_link"] = event.join_link_release_at
        else:
            uow.emit(messages.join_link(event, registration, links, now))
    await uow.schedule.schedule(registration.id, due)


async def register_for_event(cmd: commands.Register, uow: EventsUnitOfWork, links: Links, now: datetime | None = None) -> tuple[Registration, bool]:
    """(registration, created): an earlier registration of the same e-mail (or Idempotency-Key) is returned as it is."""
    now = now or datetime.now(UTC)
    async with uow:
        event = await _locked(uow, cmd.event_id)
        existing = await _existing(uow, cmd)
        if existing is not None:
            return existing, False
        check_open_for_registration(event, now, is_member=cmd.is_member, is_staff=cmd.is_staff)
        registration = register(event, name=cmd.name, email=cmd.email, organisation=cmd.organisation, organisation_id=cmd.organisation_id,
                                language=cmd.language, consent=cmd.consent, now=now, idempotency_key=cmd.idempotency_key)
        await uow.registrations.add(registration)
        await uow.events.save(event)
        if registration.holds_seat:
            uow.emit(messages.confirmed(event, registration, links))
            await seat_granted(uow, event, registration, links, now)
        else:
            position = await uow.registrations.waitlist_position(registration)
            uow.emit(messages.waitlisted(event, registration, position, links))
        try:
            await uow.commit()
        except IntegrityError:
            # A concurrent request for the same e-mail won (SQLite without a row lock on reads, say): return its registration.
            await uow.rollback()
            async with uow:
                existing = await _existing(uow, cmd)
            if existing is None:
                raise
            return existing, False
    return registration, True


async def cancel_registration(registration_id: str, by: str, uow: EventsUnitOfWork, links: Links,
                              now: datetime | None = None) -> tuple[Registration, Registration | None]:
    """Cancel; a freed seat goes to the first on the waitlist in the same transaction. Returns (cancelled, promoted)."""
    now = now or datetime.now(UTC)
    async with uow:
        found = await uow.registrations.get(registration_id)
        if found is None:
            raise RegistrationNotFound(registration_id)
        event = await _locked(uow, found.event_id)
        registration = await uow.registrations.get(registration_id)  # re-read under the event's lock
        had_seat = registration.holds_seat
        if not registration.cancel(by, now):
            return registration, None
        await uow.registrations.save(registration)
        await uow.schedule.skip_pending([registration.id], now)
        uow.emit(messages.registration_cancelled(event, registration))
        promoted = None
        if had_seat:
            event.seats_taken -= 1
            promoted = await _promote_next(uow, event, links, now)
        await uow.events.save(event)
        await uow.commit()
    return registration, promoted


async def _promote_next(uow: EventsUnitOfWork, event: Event, links: Links, now: datetime) -> Registration | None:
    if event.status_at(now).value != "published" or event.starts_at <= now:
        return None
    promoted = await uow.registrations.first_waitlisted(event.id)
    if promoted is None:
        return None
    promoted.promote(now)
    event.seats_taken += 1
    await uow.registrations.save(promoted)
    uow.emit(messages.promoted(event, promoted, links))
    await seat_granted(uow, event, promoted, links, now)
    return promoted


async def check_in(event_id: str, ticket_code: str, uow: EventsUnitOfWork, now: datetime | None = None) -> tuple[Registration, bool]:
    """(registration, newly): a second scan of the same ticket answers the same and emits nothing."""
    now = now or datetime.now(UTC)
    async with uow:
        event = await _locked(uow, event_id)
        registration = await uow.registrations.by_ticket(normalise_ticket_code(ticket_code))
        if registration is None:
            raise TicketNotFound()
        if registration.event_id != event.id:
            raise TicketForAnotherEvent()
        newly = registration.check_in(now)
        if newly:
            await uow.registrations.save(registration)
            uow.emit(messages.checked_in(event, registration))
            await uow.commit()
    return registration, newly


def is_active(registration: Registration) -> bool:
    return registration.status is not RegistrationStatus.CANCELLED
