"""The outbox relay: publishes committed outbox rows to Kafka, in commit order per aggregate.

It wakes on commit (an in-process signal, and LISTEN/NOTIFY on PostgreSQL) and
drains in batches; a slow poll is only the safety net for a missed wake-up.
On PostgreSQL each lane is claimed with a transaction-scoped advisory lock, so
several relays share the work and never interleave one aggregate's events.
A row is marked sent only after the broker acknowledged it: a crash in between
republishes it, and the consumers' inbox drops the duplicate.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Protocol

import structlog
from sqlalchemy import Table, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from servicekit.db import OUTBOX_LANES
from servicekit.observability import OUTBOX_PUBLISHED
from servicekit.unit_of_work import OutboxSignal, notify_channel

log = structlog.get_logger()

_LOCK_NAMESPACE = 0x0B0C  # first key of pg_try_advisory_xact_lock(int, int); the lane is the second
_PG_CLAIM_LANES = "SELECT lane FROM generate_series(0, $2::int) AS lane WHERE pg_try_advisory_xact_lock($1::int, lane)"
_PG_PENDING = "SELECT seq, topic, key, headers, payload FROM outbox WHERE sent_at IS NULL AND lane = ANY($1::int[]) ORDER BY seq LIMIT $2"
_PG_MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE seq = ANY($1::bigint[])"


class Publisher(Protocol):
    async def send(self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> asyncio.Future: ...


class KafkaPublisher:
    """Thin adapter over an aiokafka producer (idempotence off: tansu has none; the inbox dedups)."""

    def __init__(self, producer):
        self._producer = producer

    async def send(self, topic, key, value, headers):
        return await self._producer.send(topic, value=value, key=key, headers=headers)


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        publisher: Publisher,
        *,
        service: str,
        signal: OutboxSignal | None = None,
        batch_size: int = 2000,
        poll_seconds: float = 2.0,
        publish_timeout: float = 15.0,
    ):
        self._engine = engine
        self._outbox = outbox
        self._publisher = publisher
        self._service = service
        self._signal = signal or OutboxSignal()
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._publish_timeout = publish_timeout
        self._postgres = engine.dialect.name == "postgresql"
        self.published = 0

    async def run(self) -> None:
        """Drain forever; survives broker and database outages by retrying with backoff."""
        listener = await self._listen() if self._postgres else None
        backoff = 0.1
        try:
            while True:
                try:
                    while await self.drain_once():
                        pass
                    backoff = 0.1
                    await self._signal.wait(self._poll_seconds)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning("outbox.relay_failed", error=str(exc) or type(exc).__name__, retry_in=backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
        finally:
            if listener is not None:
                await listener.close()

    async def drain_once(self) -> int:
        """Publish one batch of pending rows; returns how many were sent."""
        sent = await (self._drain_postgres() if self._postgres else self._drain_sqlite())
        if sent:
            OUTBOX_PUBLISHED.labels(self._service).inc(sent)
        return sent

    async def _drain_sqlite(self) -> int:
        # One relay per database file. Read without the write lock, and never hold it while
        # waiting on the broker, or every request of the service would wait with it.
        async with self._engine.connect() as conn:
            conn = await conn.execution_options(sqlite_begin="DEFERRED")
            async with conn.begin():
                rows = await self._pending(conn)
        if rows:
            await self._send(rows)
            async with self._engine.begin() as conn:
                await self._mark_sent(conn, rows)
        self.published += len(rows)
        return len(rows)

    async def _drain_postgres(self) -> int:
        # Claim every lane no other relay holds, in one statement; the advisory locks live as
        # long as this transaction, which blocks no writer (MVCC) but keeps other relays off
        # these lanes, and so off these aggregates, until their events are marked sent.
        # The hot path talks to asyncpg directly: SQLAlchemy's row processing cost a third of it.
        async with self._engine.connect() as conn:
            db = (await conn.get_raw_connection()).driver_connection
            # asyncpg's own transaction: statements sent past SQLAlchemy would otherwise autocommit,
            # releasing the lane locks at once and marking rows sent before they are published.
            async with db.transaction():
                lanes = [r[0] for r in await db.fetch(_PG_CLAIM_LANES, _LOCK_NAMESPACE, OUTBOX_LANES - 1)]
                if not lanes:
                    return 0
                rows = await db.fetch(_PG_PENDING, lanes, self._batch_size)
                if rows:
                    # The server marks the rows while we publish them; if publishing fails the
                    # transaction rolls back and the marks with it, so nothing is lost.
                    marking = asyncio.ensure_future(db.execute(_PG_MARK_SENT, [r[0] for r in rows]))
                    try:
                        await self._send(rows)
                    finally:
                        await asyncio.wait([marking])
                    marking.result()
        self.published += len(rows)
        return len(rows)

    async def _pending(self, conn: AsyncConnection):
        t = self._outbox
        query = select(t.c.seq, t.c.topic, t.c.key, t.c.headers, t.c.payload).where(t.c.sent_at.is_(None))
        return (await conn.execute(query.order_by(t.c.seq).limit(self._batch_size))).all()

    async def _send(self, rows) -> None:
        send = self._publisher.send
        futures = [
            await send(topic, key.encode(), payload.encode(), [(k, v.encode()) for k, v in json.loads(headers)])
            for _, topic, key, headers, payload in rows
        ]
        # Any failure (or a broker too slow to answer) leaves the whole batch pending.
        await asyncio.wait_for(asyncio.gather(*futures), self._publish_timeout)

    async def _mark_sent(self, conn: AsyncConnection, rows) -> None:
        t = self._outbox
        await conn.execute(update(t).where(t.c.seq.in_([r[0] for r in rows])).values(sent_at=datetime.now(UTC)))

    async def _listen(self) -> AsyncConnection | None:
        conn = await self._engine.connect()
        raw = (await conn.get_raw_connection()).driver_connection
        await raw.add_listener(notify_channel(self._service), lambda *_: self._signal.notify())
        return conn


async def pending_count(engine: AsyncEngine, outbox: Table) -> tuple[int, datetime | None]:
    """How many rows wait to be published, and when the oldest was written."""
    async with engine.connect() as conn:
        row = (await conn.execute(select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None)))).one()
    return row[0], row[1]
