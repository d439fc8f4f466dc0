"""A person's erasure (``person.erasure_requested.v1``), in the inbox transaction of the request.

Their registrations for events that have not ended are cancelled first, exactly as a cancellation
frees a seat (the waitlist's first is promoted and told), but nothing is sent about the erased
person: no ``registration.cancelled`` event, and their pending reminders and join links are skipped.
Then every registration of theirs is pseudonymised, not deleted, so seat counts, waitlist order
and attendance totals stay right. Speakers recorded under one of their names become "[erased]".
"""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from contracts.privacy import PersonErasureCompleted, PersonErasureRequested, person_hash
from servicekit.privacy import ERASED, forget_in_outbox

from events.adapters.links import Links
from events.adapters.orm import outbox
from events.domain.registration import Registration, RegistrationStatus
from events.service_layer.registration_handlers import promote_next
from events.service_layer.unit_of_work import EventsUnitOfWork
from contracts import Envelope

log = structlog.get_logger()
CANCELLED_BY_ERASURE = "erasure"


async def erase_person(request: PersonErasureRequested, uow: EventsUnitOfWork, links: Links, now: datetime | None = None) -> dict[str, int]:
    """Erase the person in ``uow``'s transaction (the caller commits); the counts by kind, {} when nothing was found or done before."""
    now = now or datetime.now(UTC)
    if await uow.privacy.erasure_done(request.request_id):
        return {}  # the same request again (a new envelope): carried out already, answered already
    found = await uow.privacy.registrations_of(request.email_hash)
    erased: dict[str, int] = {}
    found, cancelled = await _cancel_upcoming(uow, found, links, now)
    if cancelled:
        erased["registration_cancelled"] = cancelled
    # What the outbox is searched for: the person's own values. Not the organisation they gave:
    # it is the organisation's name, and other registrants' events carry it too.
    plaintext = {value for r in found for value in (r.name, r.email)}
    await uow.schedule.skip_pending([r.id for r in found], now)
    for registration in found:
        registration.pseudonymise()
        await uow.registrations.save(registration)
    if found:
        erased["registration"] = len(found)
    speakers = await _erase_speakers(uow, set(request.name_hashes), plaintext)
    if speakers:
        erased["speaker"] = speakers
    outbox_rows = await forget_in_outbox(await uow.session.connection(), outbox, plaintext)
    await uow.privacy.record_erasure(request_id=request.request_id, email_hash=request.email_hash, name_hashes=request.name_hashes,
                                     requested_at=request.requested_at, completed_at=now, erased=erased)
    uow.emit(PersonErasureCompleted(request_id=request.request_id, service="events", erased=erased, completed_at=now))
    log.info("person.erased", request_id=request.request_id, erased=erased, outbox_rows=outbox_rows)
    return erased


async def _cancel_upcoming(uow: EventsUnitOfWork, found: list[Registration], links: Links, now: datetime) -> tuple[list[Registration], int]:
    """Cancel the person's registrations for events not ended yet; each freed seat goes to the waitlist's first.

    Returns the person's registrations as they are now (read again once their events are locked:
    a cancellation or promotion may have changed them since they were found) and how many were cancelled.
    """
    active_events = sorted({r.event_id for r in found if r.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)})
    locked = [await uow.events.get(event_id, lock=True, programme=False) for event_id in active_events]  # one lock order: no deadlock
    current = [await uow.registrations.get(r.id) for r in found]
    cancelled = 0
    for event in (e for e in locked if e.ends_at > now):  # an event that is over keeps its history, pseudonymised below
        for registration in current:
            if registration.event_id != event.id or registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
                continue
            had_seat = registration.holds_seat
            registration.cancel(CANCELLED_BY_ERASURE, now)
            cancelled += 1
            if had_seat:
                event.seats_taken -= 1
                await promote_next(uow, event, links, now)
        await uow.events.save(event)
    return current, cancelled


async def _erase_speakers(uow: EventsUnitOfWork, name_hashes: set[str], plaintext: set[str]) -> int:
    """Speakers named like the person become "[erased]" (the programme keeps its sessions); their names join ``plaintext``."""
    erased = 0
    for session_id, _event_id, _title, speakers in await uow.privacy.sessions_with_speakers(name_hashes):
        kept = []
        for speaker in speakers:
            if person_hash(speaker["name"], kind="name") in name_hashes:
                plaintext.add(speaker["name"])
                speaker = {"name": ERASED, "affiliation": None}
                erased += 1
            kept.append(speaker)
        await uow.privacy.set_speakers(session_id, kept)
    return erased


def consumer(links: Links):
    """The inbox handler for ``person.erasure_requested.v1``."""

    async def on_erasure_requested(event: PersonErasureRequested, envelope: Envelope, uow: EventsUnitOfWork) -> None:
        await erase_person(event, uow, links)

    return on_erasure_requested
