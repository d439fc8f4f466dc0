"""Notification latency: publish -> e-mail accepted by SMTP, beside the broker's own produce -> consume, in one run.

What it measures, against the embedded tansu broker (or KAFKA_BOOTSTRAP_SERVERS):
  1. broker floor: registration.confirmed records produced to a fresh topic at a fixed rate, read back by an
     aiokafka consumer with assigned partitions; latency = consumed - produced, matched by ce_id;
  2. notifications: the same events, produced at the same rate to events.registration, where the notifications
     service (in this process, on SQLite or PostgreSQL) consumes them through its inbox, renders the Dutch
     confirmation with its .ics, writes the delivery row, and its dispatcher sends it to an aiosmtpd server;
     latency = the SMTP server's DATA accepted - produced, matched by the recipient address.

The ratio of the two p50s is the cost of the notification pipeline (inbox transaction, rendering, delivery
row, dispatcher wake-up, SMTP) on top of the broker hop.

    .venv/bin/python bench/notification_latency.py [--events 500] [--interval-ms 20] [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiosmtpd.controller import Controller
from contracts.events import EventKind, EventSnapshot, Registrant, RegistrationConfirmed, RegistrationStatus
from contracts.membership import Language
from servicekit.broker import DEFAULT_PARTITIONS, ensure_topics
from servicekit.localbroker import LocalBroker, free_port
from servicekit.logging import configure_logging
from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, PostgresDatabases

from contracts import Envelope

SNAPSHOT = EventSnapshot(event_id="fict-2021", kind=EventKind.ONLINE_CONFERENCE, title={Language.NL: "Fair ICT Flanders conferentie 2021"},
                         starts_at=datetime(2021, 11, 25, 12, tzinfo=UTC), ends_at=datetime(2021, 11, 25, 16, tzinfo=UTC), online=True,
                         languages=[Language.NL])


def confirmed(i: int, run: str) -> RegistrationConfirmed:
    return RegistrationConfirmed(
        registration_id=f"{run}-{i}", event_id="fict-2021", event=SNAPSHOT, status=RegistrationStatus.CONFIRMED,
        registrant=Registrant(name=f"Deelnemer {i}", email=f"bench-{run}-{i}@gent.example", language=Language.NL),
        ticket_code=f"T{i:05d}", cancel_url=f"https://pact.example/cancel/{i}", calendar_url=f"https://pact.example/ics/{i}",
        confirmed_at=datetime.now(UTC))


def record(event: RegistrationConfirmed, topic: str) -> tuple[str, bytes, bytes, list]:
    envelope = Envelope(source="events", type=event.event_type, subject=event.aggregate_id, correlationid=str(uuid.uuid4()))
    return envelope.id, event.aggregate_id.encode(), event.model_dump_json().encode(), envelope.to_headers()


class Arrivals:
    """aiosmtpd handler: when each recipient's message was accepted (perf_counter; the server runs in a thread)."""

    def __init__(self):
        self.at: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope) -> str:
        now = time.perf_counter()
        for rcpt in envelope.rcpt_tos:
            self.at[rcpt.lower()] = now
        return "250 OK"


async def produce_on_schedule(producer, topic: str, records: list, interval: float, sent: dict[str, float]) -> dict[str, float]:
    """Fills ``sent`` as it goes (a consumer may see a record before this returns)."""
    start = time.perf_counter()
    for i, (key_id, key, value, headers) in enumerate(records):
        await asyncio.sleep(max(0.0, start + i * interval - time.perf_counter()))
        sent[key_id] = time.perf_counter()
        await producer.send(topic, value=value, key=key, headers=headers)
    await producer.flush()
    return sent


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


async def broker_floor(bootstrap: str, n: int, interval: float) -> tuple[float, float, float]:
    topic = f"bench.registration.{uuid.uuid4().hex[:10]}"
    await ensure_topics(bootstrap, [topic])
    run = uuid.uuid4().hex[:6]
    records = [record(confirmed(i, run), topic) for i in range(n)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    await consumer.start()
    consumer.assign([TopicPartition(topic, p) for p in range(DEFAULT_PARTITIONS)])
    await consumer.seek_to_beginning()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all", linger_ms=5)
    await producer.start()
    latencies: list[float] = []
    sent: dict[str, float] = {}

    async def consume():
        while len(latencies) < n:
            for batch in (await consumer.getmany(timeout_ms=100)).values():
                now = time.perf_counter()
                latencies.extend(now - sent[dict(r.headers)["ce_id"].decode()] for r in batch)

    task = asyncio.create_task(consume())
    try:
        await asyncio.sleep(0.5)
        await produce_on_schedule(producer, topic, records, interval, sent)
        await asyncio.wait_for(task, 60)
    finally:
        task.cancel()
        await producer.stop()
        await consumer.stop()
    return percentiles(latencies)


async def notification_latency(bootstrap: str, database_url: str, n: int, interval: float) -> tuple[float, float, float]:
    arrivals = Arrivals()
    smtp_port = free_port()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    os.environ.update({"NOTIFICATIONS_DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_SESSION_TIMEOUT_MS": "2000",
                       "NOTIFICATIONS_SMTP_PORT": str(smtp_port), "NOTIFICATIONS_LINK_SECRET": "bench", "LOG_LEVEL": "WARNING"})
    from notifications.bootstrap import create_app

    app = create_app()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all", linger_ms=5)
    try:
        async with app.router.lifespan_context(app):
            await producer.start()
            topic = RegistrationConfirmed.topic
            await ensure_topics(bootstrap, [topic])
            warm = confirmed(0, "warmup")  # waits for the consumer group to form and everything to be imported
            _, key, value, headers = record(warm, topic)
            await producer.send_and_wait(topic, value=value, key=key, headers=headers)
            while warm.registrant.email not in arrivals.at:
                await asyncio.sleep(0.05)
            run = uuid.uuid4().hex[:6]
            events = [confirmed(i, run) for i in range(n)]
            records = [(e.registrant.email, *record(e, topic)[1:]) for e in events]
            sent: dict[str, float] = {}
            await produce_on_schedule(producer, topic, records, interval, sent)
            deadline = time.perf_counter() + 120
            while len([e for e in sent if e in arrivals.at]) < n and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            missing = [e for e in sent if e not in arrivals.at]
            if missing:
                raise RuntimeError(f"{len(missing)} of {n} e-mails did not arrive")
            await _print_breakdown(app.state.runtime, run)
            return percentiles([arrivals.at[e] - sent[e] for e in sent])
    finally:
        await producer.stop()
        smtp.stop()


async def _print_breakdown(runtime, run: str) -> None:
    """Where the time goes inside the service: queued (inbox commit) -> sent (SMTP accepted, recorded)."""
    from sqlalchemy import select

    from notifications.adapters.orm import deliveries

    query = select(deliveries.c.created_at, deliveries.c.sent_at).where(deliveries.c.recipient.like(f"bench-{run}-%"))
    for _ in range(100):  # the last sends are recorded a moment after SMTP accepted them
        async with runtime.engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        if all(r.sent_at for r in rows):
            break
        await asyncio.sleep(0.05)
    p50, p95, p99 = percentiles([(r.sent_at - r.created_at).total_seconds() for r in rows])
    print(f"  of which queued->sent (dispatcher + SMTP) p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms", flush=True)


async def main(args: argparse.Namespace) -> None:
    configure_logging("bench", level="WARNING", json=False)
    broker = None if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") else LocalBroker().start()
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or broker.bootstrap_servers
    postgres = PostgresDatabases(os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or DEFAULT_TEST_POSTGRES_URL)
    interval = args.interval_ms / 1000
    try:
        with tempfile.TemporaryDirectory(prefix="bench-notifications-") as tmp:
            url = await postgres.create("bench_notifications") if args.postgres else f"sqlite+aiosqlite:///{tmp}/n.db"
            floor = await broker_floor(bootstrap, args.events, interval)
            print(f"broker produce->consume       p50 {floor[0]:7.1f} ms  p95 {floor[1]:7.1f} ms  p99 {floor[2]:7.1f} ms", flush=True)
            mail = await notification_latency(bootstrap, url, args.events, interval)
            kind = "postgresql" if args.postgres else "sqlite"
            print(f"publish->SMTP accepted ({kind}) p50 {mail[0]:7.1f} ms  p95 {mail[1]:7.1f} ms  p99 {mail[2]:7.1f} ms", flush=True)
            print(f"\n{args.events} registration.confirmed events, one every {args.interval_ms:g} ms; "
                  f"notification p50 / broker p50 = {mail[0] / floor[0]:.1f}x")
    finally:
        await postgres.drop_all()
        if broker:
            broker.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--interval-ms", type=float, default=20.0, help="time between published events")
    parser.add_argument("--postgres", action="store_true", help="the service on PostgreSQL instead of SQLite")
    asyncio.run(main(parser.parse_args()))
