"""Outbox relay benchmark: the relay against raw aiokafka produce, side by side in one run.

Measures, against the embedded tansu broker (or KAFKA_BOOTSTRAP_SERVERS):
  1. raw produce: the relay's own producer config (make_producer), all futures awaited;
  2. relay throughput: OutboxRelay.drain_once() until the outbox is empty, on SQLite and PostgreSQL,
     the outbox pre-filled through the real unit of work (100 events per transaction, not timed);
  3. commit-to-consume latency: relay.run() woken by the OutboxSignal (and NOTIFY on PostgreSQL),
     single-event commits at a steady rate, an aiokafka consumer matching records by the ce_id header.

    .venv/bin/python bench/outbox_relay.py [--events 20000] [--skip-postgres]

PostgreSQL: BENCH_POSTGRES_URL or TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
throwaway databases are created there and dropped at the end.
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

from aiokafka import AIOKafkaConsumer, TopicPartition
from contracts.membership import Language, OrganisationKind, OrganisationRegistered
from servicekit.broker import DEFAULT_PARTITIONS, ensure_topics, make_producer
from servicekit.db import make_engine, make_sessionmaker, new_metadata, outbox_table
from servicekit.localbroker import LocalBroker
from servicekit.logging import configure_logging
from servicekit.relay import KafkaPublisher, OutboxRelay, pending_count
from servicekit.testing import DEFAULT_TEST_POSTGRES_URL, PostgresDatabases
from servicekit.unit_of_work import OutboxSignal, SqlAlchemyUnitOfWork

from contracts import Envelope

SERVICE = "bench"
AGGREGATES = [str(uuid.uuid4()) for _ in range(100)]  # keys spread over partitions and outbox lanes
FILL_BATCH = 100  # events per transaction when pre-filling the outbox
METADATA = new_metadata()
OUTBOX = outbox_table(METADATA)


# -- events --------------------------------------------------------------------------------------

def event_class(topic: str) -> type[OrganisationRegistered]:
    # The unit of work takes the topic from the event class; a subclass (not registered in the
    # contracts registry) sends the real payload to a fresh topic, so measurements never mix.
    return type("BenchOrganisationRegistered", (OrganisationRegistered,), {"topic": topic, "__module__": __name__})


def org_event(cls: type[OrganisationRegistered], i: int) -> OrganisationRegistered:
    return cls(
        organisation_id=AGGREGATES[i % len(AGGREGATES)],
        name=f"Stad Antwerpen, dienst aankoop en logistiek {i}",
        kind=OrganisationKind.PROCURING,
        country="BE",
        website="https://www.antwerpen.be/aankoop",
        languages=[Language.NL, Language.FR, Language.EN],
        registered_at=datetime.now(UTC),
    )


async def fresh_topic(bootstrap: str, what: str) -> str:
    topic = f"bench.{what}.{uuid.uuid4().hex[:10]}"
    await ensure_topics(bootstrap, [topic])
    return topic


async def started_producer(bootstrap: str, topic: str):
    producer = make_producer(bootstrap, service=SERVICE)
    await producer.start()
    await producer.partitions_for(topic)  # fetch the topic's metadata before any timing starts
    return producer


# -- databases -----------------------------------------------------------------------------------

async def open_outbox(url: str, signal: OutboxSignal | None = None):
    """A fresh outbox table on ``url``, and a unit-of-work factory writing to it."""
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.drop_all)  # the SQLite file is reused between measurements
        await conn.run_sync(METADATA.create_all)
    sessionmaker = make_sessionmaker(engine)
    return engine, lambda: SqlAlchemyUnitOfWork(sessionmaker, OUTBOX, source=SERVICE, signal=signal)


# -- 1. raw produce ------------------------------------------------------------------------------

async def raw_produce(bootstrap: str, n: int) -> float:
    topic = await fresh_topic(bootstrap, "raw")
    cls = event_class(topic)
    messages = []
    for i in range(n):  # built before the clock starts: only the producer is measured
        event = org_event(cls, i)
        env = Envelope(source=SERVICE, type=event.event_type, subject=event.aggregate_id, correlationid=str(uuid.uuid4()))
        messages.append((event.aggregate_id.encode(), event.model_dump_json().encode(), env.to_headers()))
    producer = await started_producer(bootstrap, topic)
    try:
        start = time.perf_counter()
        futures = [await producer.send(topic, value=value, key=key, headers=headers) for key, value, headers in messages]
        await asyncio.gather(*futures)
        return n / (time.perf_counter() - start)
    finally:
        await producer.stop()


# -- 2. relay throughput -------------------------------------------------------------------------

async def relay_throughput(bootstrap: str, url: str, n: int) -> float:
    topic = await fresh_topic(bootstrap, "relay")
    cls = event_class(topic)
    engine, new_uow = await open_outbox(url)
    try:
        for first in range(0, n, FILL_BATCH):
            async with new_uow() as uow:
                for i in range(first, min(first + FILL_BATCH, n)):
                    uow.emit(org_event(cls, i))
                await uow.commit()
        producer = await started_producer(bootstrap, topic)
        try:
            relay = OutboxRelay(engine, OUTBOX, KafkaPublisher(producer), service=SERVICE)
            start = time.perf_counter()
            while await relay.drain_once():
                pass
            elapsed = time.perf_counter() - start
        finally:
            await producer.stop()
        left, _ = await pending_count(engine, OUTBOX)
        if relay.published != n or left:
            raise RuntimeError(f"relay published {relay.published} of {n}, {left} still pending")
        return n / elapsed
    finally:
        await engine.dispose()


# -- 3. commit-to-consume latency ----------------------------------------------------------------

async def latency(bootstrap: str, url: str | None, n: int, interval: float) -> tuple[float, float, float]:
    """p50 and p99 commit-to-consume latency (ms), and the commit rate achieved (/s).

    Without ``url`` the baseline: each event goes straight to the producer, no database, no relay.
    """
    topic = await fresh_topic(bootstrap, "latency")
    cls = event_class(topic)
    signal = OutboxSignal()
    engine, new_uow = await open_outbox(url, signal) if url else (None, None)
    producer = await started_producer(bootstrap, topic)
    relay = OutboxRelay(engine, OUTBOX, KafkaPublisher(producer), service=SERVICE, signal=signal) if url else None
    relay_task = asyncio.create_task(relay.run()) if relay else None
    # Assigned partitions, no group: no rebalance delay, and every record of the fresh topic is read.
    # fetch_max_wait_ms bounds how long an empty fetch parks on the broker: the consumer's own delay.
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=10)
    await consumer.start()
    consumer.assign([TopicPartition(topic, p) for p in range(DEFAULT_PARTITIONS)])
    await consumer.seek_to_beginning()
    committed: dict[str, float] = {}
    latencies: list[float] = []

    async def commit_one(i: int) -> None:
        event = org_event(cls, i)
        if relay is None:
            env = Envelope(source=SERVICE, type=event.event_type, subject=event.aggregate_id, correlationid=str(uuid.uuid4()))
            await producer.send(topic, value=event.model_dump_json().encode(), key=event.aggregate_id.encode(), headers=env.to_headers())
            committed[env.id] = time.perf_counter()
            return
        async with new_uow() as uow:
            env = uow.emit(event)
            await uow.commit()
            # Recorded inside the block: no await since the commit, so the relay cannot have sent it yet.
            committed[env.id] = time.perf_counter()

    async def consume() -> None:
        while len(latencies) < n:
            for records in (await consumer.getmany(timeout_ms=100)).values():
                now = time.perf_counter()
                for record in records:
                    latencies.append(now - committed[dict(record.headers)["ce_id"].decode()])

    consumer_task = asyncio.create_task(consume())
    try:
        await asyncio.sleep(0.5)  # let the relay's LISTEN and the consumer's first fetch settle
        start = time.perf_counter()
        for i in range(n):
            # A fixed schedule, not sleep(interval) after each commit: the rate stays steady.
            await asyncio.sleep(max(0.0, start + i * interval - time.perf_counter()))
            await commit_one(i)
        rate = n / (time.perf_counter() - start)
        await asyncio.wait_for(consumer_task, 60)
    finally:
        for task in (consumer_task, relay_task):
            if task:
                task.cancel()
        await asyncio.gather(*(t for t in (consumer_task, relay_task) if t), return_exceptions=True)
        await consumer.stop()
        await producer.stop()
        if engine:
            await engine.dispose()
    cuts = statistics.quantiles(latencies, n=100)
    return cuts[49] * 1000, cuts[98] * 1000, rate


# -- main ----------------------------------------------------------------------------------------

async def main(args: argparse.Namespace) -> None:
    configure_logging(SERVICE, level="WARNING", json=False)  # as a service does: relay debug lines filtered
    broker = None if os.environ.get("KAFKA_BOOTSTRAP_SERVERS") else LocalBroker().start()
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or broker.bootstrap_servers
    postgres = None if args.skip_postgres else PostgresDatabases(
        os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("TEST_POSTGRES_URL") or DEFAULT_TEST_POSTGRES_URL
    )
    results: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
            databases = {"sqlite": f"sqlite+aiosqlite:///{tmp}/outbox.db"}
            if postgres:
                databases["postgresql"] = await postgres.create("bench_outbox")

            raw = await raw_produce(bootstrap, args.events)
            print(f"raw produce        {args.events} events: {raw:9.0f} ev/s", flush=True)
            results.append(f"raw produce: {raw:.0f} ev/s")
            for kind, url in databases.items():
                rate = await relay_throughput(bootstrap, url, args.events)
                print(f"relay {kind:<12} {args.events} events: {rate:9.0f} ev/s  ({rate / raw:.2f} x raw)", flush=True)
                results.append(f"relay {kind}: {rate:.0f} ev/s ({rate / raw:.2f} x raw)")
            print(f"latency: {args.latency_events} commits, one every {args.interval_ms} ms", flush=True)
            for kind, url in {"raw produce": None, **databases}.items():
                p50, p99, rate = await latency(bootstrap, url, args.latency_events, args.interval_ms / 1000)
                print(f"latency {kind:<12} p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  ({rate:.0f} commits/s achieved)", flush=True)
                results.append(f"latency {kind} p50/p99: {p50:.1f}/{p99:.1f} ms @ {rate:.0f}/s")
    finally:
        if postgres:
            await postgres.drop_all()
        if broker:
            broker.stop()
    print("\n" + " | ".join(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000, help="events per throughput measurement")
    parser.add_argument("--latency-events", type=int, default=2_000, help="single-event commits per latency measurement")
    parser.add_argument("--interval-ms", type=float, default=2.0, help="time between latency commits")
    parser.add_argument("--skip-postgres", action="store_true", help="measure SQLite only")
    asyncio.run(main(parser.parse_args()))
