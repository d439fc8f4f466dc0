"""Cancellation, promotion and check-in. Every writer locks the event row first, so seats are counted one writer at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from events.adapters.links import Links
from events.domain.errors import EventNotFound, RegistrationNotFound, TicketForAnotherEvent, TicketNotFound
from events.domain.model import Event
from events.domain.registration import Registration, RegistrationStatus, normalise_ticket_code
from events.service_layer import messages
from events.service_layer.registering import due_messages
from events.service_layer.unit_of_work import EventsUnitOfWork

async def _locked(uow: EventsUnitOfWork, event_id: str) -> Event:
    event = await uow.events.get(event_id, lock=True)
    if event is None:
        raise EventNotFound(event_id)
    return event


async def seat_granted(uow: EventsUnitOfWork, event: Event, registration: Registration, links: Links, now: datetime) -> None:
    await uow.schedule.schedule(registration.id, due_messages(uow, event, registration, links, now))


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
            promoted = await promote_next(uow, event, links, now)
        await uow.events.save(event)
        await uow.commit()
    return registration, promoted


async def promote_next(uow: EventsUnitOfWork, event: Event, links: Links, now: datetime) -> Registration | None:
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



async def promote_while_seats(uow: EventsUnitOfWork, event: Event, links: Links, now: datetime) -> list[Registration]:
    promoted = []
    while event.capacity is None or event.seats_taken < event.capacity:
        registration = await promote_next(uow, event, links, now)
        if registration is None:
            break
        promoted.append(registration)
    return promoted
