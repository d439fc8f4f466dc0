"""The unit of work: a state change and the events it causes commit in one transaction.

Services subclass it to attach their repositories. ``emit`` queues an event;
``commit`` flushes the aggregates first (taking their row locks, so two
transactions on one aggregate write their outbox rows in commit order), then
writes the outbox rows, then commits, then wakes the relay.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from datetime import UTC, datetime

from sqlalchemy import Table, insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts import Envelope, IntegrationEvent
from servicekit.db import OUTBOX_LANES
from servicekit.logging import current_causation_id, current_correlation_id, new_correlation_id
from servicekit.observability import inject_trace_context


def lane_of(key: str) -> int:
    return zlib.crc32(key.encode()) % OUTBOX_LANES


def notify_channel(service: str) -> str:
    return f"outbox_{service}"


class OutboxSignal:
    """Wakes the in-process relay after a commit (the SQLite path; PostgreSQL also NOTIFYs)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            pass
        self._event.clear()


class SqlAlchemyUnitOfWork:
    def __init__(self, sessionmaker: async_sessionmaker, outbox: Table, *, source: str, signal: OutboxSignal | None = None):
        self._sessionmaker = sessionmaker
        self._outbox = outbox
        self._source = source
        self._signal = signal
        self.session: AsyncSession
        self._events: list[tuple[IntegrationEvent, Envelope]] = []

    async def __aenter__(self):
        self.session = self._sessionmaker()
        self._events = []
        return self

    async def __aexit__(self, *exc):
        await self.session.rollback()
        await self.session.close()

    def emit(self, event: IntegrationEvent, *, causation_id: str | None = None) -> Envelope:
        """Queue an event for the outbox; it carries the correlation id of the request or
        message being handled, and (inside a consumer) the handled event's id as its cause."""
        envelope = Envelope(
            source=self._source,
            type=event.event_type,
            subject=event.aggregate_id,
            correlationid=current_correlation_id() or new_correlation_id(),
            causationid=causation_id or current_causation_id(),
        )
        self._events.append((event, envelope))
        return envelope

    @property
    def pending_events(self) -> list[tuple[IntegrationEvent, Envelope]]:
        """Events emitted in this unit of work and not yet committed (for commit hooks of subclasses)."""
        return list(self._events)

    async def commit(self) -> None:
        await self.session.flush()
        if self._events:
            now = datetime.now(UTC)
            trace_headers = [[k, v] for k, v in inject_trace_context({}).items()]  # the request's or message's trace
            rows = [
                {
                    "event_id": env.id,
                    "lane": lane_of(event.aggregate_id),
                    "topic": event.topic,
                    "key": event.aggregate_id,
                    "type": env.type,
                    "headers": json.dumps([[k, v.decode()] for k, v in env.to_headers()] + trace_headers),
                    "payload": event.model_dump_json(),
                    "created_at": now,
                }
                for event, env in self._events
            ]
            await self.session.execute(insert(self._outbox), rows)
            if self.session.bind.dialect.name == "postgresql":
                # Delivered to listening relays only when this transaction commits.
                await self.session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": notify_channel(self._source)})
        await self.session.commit()
        had_events, self._events = bool(self._events), []
        if had_events and self._signal:
            self._signal.notify()

    async def rollback(self) -> None:
        self._events = []
        await self.session.rollback()
