"""Event and programme handlers: plain functions of (command, unit of work)."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime

from events.adapters.links import Links
from events.domain import commands
from events.domain.errors import EventNotFound
from events.domain.model import Event, EventStatus, new_session
from events.domain.registration import Registration
from events.service_layer import messages
from events.service_layer.registration_handlers import promote_while_seats
from events.service_layer.unit_of_work import EventsUnitOfWork


def _shallow(cmd) -> dict:
    return {f.name: getattr(cmd, f.name) for f in dataclass_fields(cmd)}


async def create_event(cmd: commands.CreateEvent, uow: EventsUnitOfWork, now: datetime | None = None) -> Event:
    values = _shallow(cmd)
    programme = values.pop("sessions")
    event = Event.create(now=now, **values)
    for fields in programme:
        event.add_session(new_session(**_shallow(fields)))
    async with uow:
        await uow.events.add(event)
        await uow.commit()  # a draft is nobody's business yet: no event until it is published
    return event


async def _locked(uow: EventsUnitOfWork, event_id: str) -> Event:
    event = await uow.events.get(event_id, lock=True)
    if event is None:
        raise EventNotFound(event_id)
    return event


async def publish_event(event_id: str, uow: EventsUnitOfWork, now: datetime | None = None) -> Event:
    async with uow:
        event = await _locked(uow, event_id)
        event.publish(now or datetime.now(UTC))
        await uow.events.save(event)
        uow.emit(messages.published(event))
        await uow.commit()
    return event


async def cancel_event(event_id: str, reason: str, uow: EventsUnitOfWork, now: datetime | None = None) -> tuple[Event, list[Registration]]:
    """Cancel the event and every active registration with it (each registrant is told)."""
    now = now or datetime.now(UTC)
    async with uow:
        event = await _locked(uow, event_id)
        was_published = event.status is EventStatus.PUBLISHED
        event.cancel(reason, now)
        cancelled = await uow.registrations.active_for_event(event_id)
        for registration in cancelled:
            registration.cancel("event_cancelled", now)
            await uow.registrations.save(registration)
        event.seats_taken = 0
        await uow.schedule.skip_pending([r.id for r in cancelled], now)
        await uow.events.save(event)
        if was_published:
            uow.emit(messages.cancelled(event))
            for registration in cancelled:
                uow.emit(messages.registration_cancelled(event, registration))
        await uow.commit()
    return event, cancelled


async def _change_programme(event_id: str, uow: EventsUnitOfWork, change, now: datetime | None) -> Event:
    async with uow:
        event = await _locked(uow, event_id)
        result = change(event)
        await uow.events.save(event, programme=True)
        if event.status is EventStatus.PUBLISHED:
            uow.emit(messages.programme_changed(event, now or datetime.now(UTC)))
        await uow.commit()
    return result


async def add_session(event_id: str, fields: commands.SessionFields, uow: EventsUnitOfWork, now: datetime | None = None):
    session = new_session(**_shallow(fields))
    return await _change_programme(event_id, uow, lambda e: (e.add_session(session), session)[1], now)


async def update_session(event_id: str, session_id: str, fields: commands.SessionFields, uow: EventsUnitOfWork, now: datetime | None = None):
    session = new_session(id=session_id, **_shallow(fields))
    return await _change_programme(event_id, uow, lambda e: (e.replace_session(session), session)[1], now)


async def remove_session(event_id: str, session_id: str, uow: EventsUnitOfWork, now: datetime | None = None) -> None:
    await _change_programme(event_id, uow, lambda e: e.remove_session(session_id), now)


async def change_event(event_id: str, changes: dict, uow: EventsUnitOfWork, links: Links, now: datetime | None = None) -> Event:
    """Change an event's details; seats added to a full event go to the waitlist in order."""
    now = now or datetime.now(UTC)
    async with uow:
        event = await _locked(uow, event_id)
        event.change(now, **changes)
        await promote_while_seats(uow, event, links, now)
        await uow.events.save(event)
        await uow.commit()
    return event
