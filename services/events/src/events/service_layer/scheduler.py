"""The durable scheduler: reminders 24 hours and 1 hour before the start, and join links released at a set time.

Each due message is a row (unique per registration and kind). One transaction claims
due rows, writes their events to the outbox and marks them emitted, so a scheduler
killed half-way leaves the rows pending and the next run emits them: each exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

import structlog

from events.adapters.links import Links
from events.domain.registration import HOLDS_SEAT
from events.service_layer import messages
from events.service_layer.unit_of_work import EventsUnitOfWork

log = structlog.get_logger()


class Scheduler:
    def __init__(self, uow_factory: Callable[[], EventsUnitOfWork], links: Links, *, batch_size: int = 200, poll_seconds: float = 30.0):
        self._uow = uow_factory
        self._links = links
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds

    async def run_once(self, now: datetime | None = None, limit: int | None = None) -> int:
        """Emit one batch of due messages; returns how many were handled (emitted or skipped)."""
        now = now or datetime.now(UTC)
        async with self._uow() as uow:
            due = await uow.schedule.claim_due(now, limit or self.batch_size)
            emitted, events = 0, {}
            for message in due:
                registration = await uow.registrations.get(message.registration_id)
                if registration.event_id not in events:
                    events[registration.event_id] = await uow.events.get(registration.event_id)
                event = events[registration.event_id]
                # Too late (the event started) or no longer entitled (cancelled meanwhile): skip, never send.
                wanted = registration.status in HOLDS_SEAT and event.status_at(now).value == "published" and now < event.starts_at
                if not await uow.schedule.mark(message.id, "emitted" if wanted else "skipped", now):
                    continue
                if wanted:
                    emitted += 1
                    if message.kind == "join_link":
                        uow.emit(messages.join_link(event, registration, self._links, now))
                    else:
                        uow.emit(messages.reminder(event, registration, message.kind, message.id, message.due_at))
            await uow.commit()
        if due:
            log.info("scheduler.batch", handled=len(due), emitted=emitted)
        return len(due)

    async def run(self) -> None:
        """The background task: drain what is due, then sleep until the next poll."""
        while True:
            try:
                while await self.run_once() >= self.batch_size:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database away for a while: try again at the next poll
                log.warning("scheduler.failed", error=str(exc) or type(exc).__name__)
            await asyncio.sleep(self.poll_seconds)
