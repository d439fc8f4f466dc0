"""Registering, one transaction per batch: the event row is locked once and its seats counted for every request waiting.

Concurrent registrations for one event queue in this process and are handled together:
one lock, one commit for many, instead of one lock held through a commit per request.
Each request still gets its own outcome; if the batch's transaction fails as a whole
(a duplicate from another replica, say), its requests are retried one by one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from events.adapters.links import Links
from events.domain import commands
from events.domain.errors import EventNotFound, EventsError, IdempotencyKeyReused
from events.domain.model import Event
from events.domain.registration import Registration, check_open_for_registration, register
from events.service_layer import messages
from events.service_layer.unit_of_work import EventsUnitOfWork

REMINDERS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}
MAX_BATCH = 200


@dataclass(frozen=True)
class Outcome:
    registration: Registration
    created: bool
    position: int | None = None  # waitlist position when it was joined (new waitlisted registrations only)
    organiser_ids: tuple[str, ...] = ()


def due_messages(uow: EventsUnitOfWork, event: Event, registration: Registration, links: Links, now: datetime) -> dict[str, datetime]:
    """A registration got a seat: its reminders, and its join link now (emitted) or at the event's release time (scheduled)."""
    due = {kind: event.starts_at - before for kind, before in REMINDERS.items() if event.starts_at - before > now}
    if event.online:
        if event.join_link_release_at and event.join_link_release_at > now:
            due["join_link"] = event.join_link_release_at
        else:
            uow.emit(messages.join_link(event, registration, links, now))
    return due


async def register_many(cmds: list[commands.Register], uow: EventsUnitOfWork, links: Links,
                        now: datetime | None = None) -> list[Outcome | EventsError]:
    """Register every command (all for one event) in one transaction; a refusal is returned in its place, not raised."""
    now = now or datetime.now(UTC)
    async with uow:
        event = await uow.events.get(cmds[0].event_id, lock=True, programme=False)
        if event is None:
            raise EventNotFound(cmds[0].event_id)
        by_key = await uow.registrations.by_idempotency_keys(event.id, [c.idempotency_key for c in cmds if c.idempotency_key])
        by_email = await uow.registrations.active_by_emails(event.id, [c.email for c in cmds])
        waiting = await uow.registrations.count_waitlisted(event.id)
        outcomes: list[Outcome | EventsError] = []
        added, due = [], {}
        for cmd in cmds:
            try:
                outcome = _register_one(cmd, event, by_key, by_email, waiting, now)
            except EventsError as refusal:
                outcomes.append(refusal)
                continue
            outcomes.append(outcome)
            if outcome.created:
                added.append(outcome.registration)
                if outcome.position is not None:
                    waiting += 1
                    uow.emit(messages.waitlisted(event, outcome.registration, outcome.position, links))
                else:
                    uow.emit(messages.confirmed(event, outcome.registration, links))
                    due[outcome.registration.id] = due_messages(uow, event, outcome.registration, links, now)
        if added:
            await uow.registrations.add_many(added)
            await uow.schedule.schedule_many(due)
            await uow.events.save(event)
            await uow.commit()
    return outcomes


def _register_one(cmd, event, by_key: dict, by_email: dict, waiting: int, now: datetime) -> Outcome:
    if not event.visible_to(is_staff=cmd.is_staff, member_of=cmd.organisation_id if cmd.is_member else None):
        raise EventNotFound(event.id)  # a draft or members-only event is not there for this caller
    if cmd.idempotency_key and cmd.idempotency_key in by_key:
        earlier = by_key[cmd.idempotency_key]
        if earlier.email != cmd.email:
            raise IdempotencyKeyReused()
        return Outcome(earlier, False, organiser_ids=tuple(event.organiser_ids))
    if cmd.email in by_email:
        return Outcome(by_email[cmd.email], False, organiser_ids=tuple(event.organiser_ids))
    check_open_for_registration(event, now, is_member=cmd.is_member, is_staff=cmd.is_staff)
    registration = register(event, name=cmd.name, email=cmd.email, organisation=cmd.organisation, organisation_id=cmd.organisation_id,
                            language=cmd.language, consent=cmd.consent, now=now, idempotency_key=cmd.idempotency_key)
    by_email[cmd.email] = registration  # the same person twice in one batch: the second gets the first's registration
    if cmd.idempotency_key:
        by_key[cmd.idempotency_key] = registration
    return Outcome(registration, True, None if registration.holds_seat else waiting + 1, tuple(event.organiser_ids))


class Registrar:
    """Queues concurrent registrations per event and hands each batch to ``register_many``."""

    def __init__(self, uow_factory: Callable[[], EventsUnitOfWork], links: Links, *, max_batch: int = MAX_BATCH):
        self._uow = uow_factory
        self._links = links
        self._max_batch = max_batch
        self._queues: dict[str, list[tuple[commands.Register, asyncio.Future]]] = {}
        self._tasks: set[asyncio.Task] = set()

    async def register(self, cmd: commands.Register) -> Outcome:
        future = asyncio.get_running_loop().create_future()
        queue = self._queues.get(cmd.event_id)
        if queue is None:  # nobody drains this event's queue: start doing so
            queue = self._queues[cmd.event_id] = []
            task = asyncio.create_task(self._drain(cmd.event_id, queue))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        queue.append((cmd, future))
        outcome = await future
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _drain(self, event_id: str, queue: list) -> None:
        try:
            await asyncio.sleep(0)  # let the requests that arrived together join the first batch
            while queue:
                batch = queue[: self._max_batch]
                del queue[: self._max_batch]
                await self._handle(batch)
        finally:
            del self._queues[event_id]
            for _, future in queue:  # only if draining itself failed: never leave a request waiting
                if not future.done():
                    future.set_exception(RuntimeError("registration queue stopped"))

    async def _handle(self, batch: list[tuple[commands.Register, asyncio.Future]]) -> None:
        try:
            outcomes = await register_many([cmd for cmd, _ in batch], self._uow(), self._links)
        except IntegrityError:
            if len(batch) == 1:
                outcomes = [await self._after_conflict(batch[0][0])]
            else:
                for item in batch:  # someone else's concurrent write clashed with one of these: find which, one at a time
                    await self._handle([item])
                return
        except Exception as exc:  # noqa: BLE001 - handed to every waiting request, which raises it
            outcomes = [exc] * len(batch)
        for (_, future), outcome in zip(batch, outcomes):
            if not future.done():  # the client may have gone away
                future.set_result(outcome)

    async def _after_conflict(self, cmd: commands.Register) -> Outcome | Exception:
        try:
            return (await register_many([cmd], self._uow(), self._links))[0]
        except Exception as exc:  # noqa: BLE001
            return exc
