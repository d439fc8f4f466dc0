"""One service process: database, migrations, outbox relay, Kafka consumers and health.

A service's ``bootstrap.py`` builds a ``ServiceRuntime`` and hands it to its
FastAPI app; the app's lifespan starts and stops it. The HTTP API is up even
while Kafka is not: writes land in the outbox and the relay catches up later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Callable

import structlog
from contracts.topics import dead_letter
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData, Table, text

from contracts import IntegrationEvent
from servicekit import broker as kafka
from servicekit.db import make_engine, make_sessionmaker
from servicekit.inbox import InboxConsumer
from servicekit.migrations import upgrade
from servicekit.observability import CONSUMER_LAG, OUTBOX_OLDEST_AGE, OUTBOX_PENDING
from servicekit.preflight import check_schema
from servicekit.relay import KafkaPublisher, OutboxRelay, pending_count
from servicekit.replay import Subscription, replay
from servicekit.settings import ServiceSettings
from servicekit.topic_reader import committed_offsets, end_offsets
from servicekit.unit_of_work import OutboxSignal, SqlAlchemyUnitOfWork

log = structlog.get_logger()

LAG_REFRESH_SECONDS = 15.0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class ServiceRuntime:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        metadata: MetaData,
        migrations: Path,
        uow_class: type[SqlAlchemyUnitOfWork] = SqlAlchemyUnitOfWork,
        publishes: list[type[IntegrationEvent]] = (),
    ):
        self.settings = settings
        self.service = settings.service_name
        self.metadata = metadata
        self.outbox: Table = metadata.tables["outbox"]
        self.inbox: Table = metadata.tables["inbox"]
        self.migrations = migrations
        self._uow_class = uow_class
        self.engine = make_engine(settings.database_url)
        self.sessionmaker = make_sessionmaker(self.engine)
        self.signal = OutboxSignal()
        self.broker = kafka.make_broker(settings.kafka_bootstrap_servers, service=self.service)
        self._publishes = list(publishes)
        self._consumed_topics: list[str] = []
        self.subscriptions: list[Subscription] = []
        self._lag_refreshed_at = float("-inf")
        self._tasks: list[asyncio.Task] = []
        self._producer = None
        self.kafka_connected = False
        for model in self._publishes:  # documented in the AsyncAPI spec; the relay does the sending
            self.broker.publisher(model.topic, title=f"{model.topic}:{model.event_type}", schema=model, include_in_schema=True)

    def uow(self) -> SqlAlchemyUnitOfWork:
        return self._uow_class(self.sessionmaker, self.outbox, source=self.service, signal=self.signal)

    def consume(self, topic: str, name: str, handlers: dict[str, Callable], *, copies: Sequence[Table] = ()) -> InboxConsumer:
        """Handle ``topic``'s events through the inbox. ``copies`` are the tables this consumer alone
        fills from them (a local copy): ``replay`` clears and rebuilds them."""
        consumer = InboxConsumer(
            name,
            handlers,
            self.uow,
            self.inbox,
            kafka.dead_letter_publisher(self.broker),
            max_attempts=self.settings.consumer_max_attempts,
            backoff_seconds=self.settings.consumer_backoff_seconds,
        )
        self.subscriptions.append(Subscription(topic, kafka.group_id(self.service, name), consumer, tuple(copies)))
        if self.settings.run_consumers:
            kafka.subscribe(
                self.broker,
                topic,
                consumer,
                service=self.service,
                description=", ".join(handlers),
                session_timeout_ms=self.settings.kafka_session_timeout_ms,
                fetch_max_wait_ms=self.settings.kafka_fetch_max_wait_ms,
            )
            self._consumed_topics.append(topic)
        return consumer

    async def start(self) -> None:
        if self.settings.auto_migrate:
            await upgrade(self.engine, self.migrations)
        else:
            await check_schema(self)
        self._tasks.append(asyncio.create_task(self._connect_kafka(), name=f"{self.service}-kafka"))

    async def _connect_kafka(self) -> None:
        topics = sorted({m.topic for m in self._publishes} | set(self._consumed_topics))
        topics += [dead_letter(t) for t in self._consumed_topics]
        delay = 0.5
        while True:
            try:
                await kafka.ensure_topics(self.settings.kafka_bootstrap_servers, topics)
                if self.settings.run_relay and self._producer is None:
                    self._producer = kafka.make_producer(self.settings.kafka_bootstrap_servers, service=self.service)
                    await self._producer.start()
                await self.broker.start()
                break
            except Exception as exc:
                log.warning("kafka.unavailable", error=str(exc) or type(exc).__name__, retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
        self.kafka_connected = True
        log.info("kafka.connected", bootstrap=self.settings.kafka_bootstrap_servers)
        if self.settings.run_relay:
            relay = OutboxRelay(
                self.engine,
                self.outbox,
                KafkaPublisher(self._producer),
                service=self.service,
                signal=self.signal,
                batch_size=self.settings.relay_batch_size,
                poll_seconds=self.settings.relay_poll_seconds,
            )
            self._tasks.append(asyncio.create_task(relay.run(), name=f"{self.service}-relay"))

    async def replay(self, *, since: datetime | None) -> dict[str, int]:
        """Rebuilds the local copies from the topics (see servicekit.replay); consumers must be stopped."""
        await kafka.ensure_topics(self.settings.kafka_bootstrap_servers, [s.topic for s in self.subscriptions])
        await self.broker.connect()  # for dead-lettering what still fails
        try:
            return await replay(self.subscriptions, engine=self.engine, inbox=self.inbox,
                                bootstrap_servers=self.settings.kafka_bootstrap_servers, since=since)
        finally:
            await self.broker.stop()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.broker.stop()
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
        await self.engine.dispose()

    async def collect_metrics(self) -> None:
        """Refresh the gauges a scrape reads: the outbox, and (at most every LAG_REFRESH_SECONDS) consumer lag."""
        try:
            pending, oldest = await pending_count(self.engine, self.outbox)
        except Exception as exc:  # a scrape must answer even while the database is away
            log.warning("metrics.outbox_unavailable", error=type(exc).__name__)
        else:
            OUTBOX_PENDING.labels(self.service).set(pending)
            OUTBOX_OLDEST_AGE.labels(self.service).set((datetime.now(UTC) - _aware(oldest)).total_seconds() if oldest else 0)
        now = asyncio.get_running_loop().time()
        if self.kafka_connected and now - self._lag_refreshed_at > LAG_REFRESH_SECONDS:
            self._lag_refreshed_at = now
            try:
                await asyncio.wait_for(self._refresh_lag(), timeout=3)
            except Exception as exc:
                log.warning("metrics.lag_unavailable", error=type(exc).__name__)

    async def _refresh_lag(self) -> None:
        bootstrap = self.settings.kafka_bootstrap_servers
        for subscription in self.subscriptions:
            committed = await committed_offsets(bootstrap, subscription.group_id, subscription.topic)
            ends = await end_offsets(bootstrap, subscription.topic)
            lag = sum(max(0, end - (committed.get(p) or 0)) for p, end in ends.items())
            CONSUMER_LAG.labels(self.service, subscription.consumer.name, subscription.topic).set(lag)

    async def readiness(self) -> dict[str, str]:
        checks = {"database": "ok", "kafka": "ok" if self.kafka_connected else "connecting"}
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            checks["database"] = f"error: {type(exc).__name__}"
        if self.kafka_connected:
            if not await self.broker.ping(timeout=2.0):
                checks["kafka"] = "unreachable"
        return checks


def health_router(runtime: ServiceRuntime) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    not_ready = {"description": "Not ready: the same body, naming what does not answer", "content": {"application/json": {}}}

    @router.get("/ready", summary="The database and the broker answer", responses={503: not_ready})
    async def ready(_: Request):
        checks = await runtime.readiness()
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)

    return router
