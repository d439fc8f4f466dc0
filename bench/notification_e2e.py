"""From an HTTP registration to its confirmation e-mail, end to end, beside its two parts, in one run.

    .venv/bin/python bench/notification_e2e.py [--registrations 500] [--interval-ms 60]

membership, events, notifications and the gateway run as separate processes on SQLite with the
embedded broker (tools/faultlab.Platform) and an aiosmtpd server that timestamps what it accepts.
500 people register for one online event over HTTP, one every 60 ms (each causes two e-mails: the confirmation
and the join link; at one every 20 ms a 2-CPU machine running every process falls behind and the queue grows). For each: the HTTP command's own
latency, and the time from its HTTP response to the SMTP server accepting the confirmation e-mail
(events' outbox, Kafka, notifications' inbox, rendering, the delivery queue, SMTP). Beside them, in
the same run, the broker's produce-to-consume latency with the services' consumer settings. Prints
p50/p95/p99 and the ratio e2e p50 / (command p50 + broker p50) (target at most 3).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from servicekit.auth import Role
from servicekit.broker import DEFAULT_PARTITIONS, ensure_topics
from servicekit.settings import ServiceSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import faultlab  # noqa: E402


def percentiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100)
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


async def broker_latency(bootstrap: str, n: int, interval: float) -> tuple[float, float, float]:
    """Produce -> consume with the relay's producer settings and the services' consumer fetch wait."""
    topic = f"bench.e2e.{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, [topic])
    fetch_wait = ServiceSettings.model_fields["kafka_fetch_max_wait_ms"].default
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_wait_ms=fetch_wait)
    await consumer.start()
    consumer.assign([TopicPartition(topic, p) for p in range(DEFAULT_PARTITIONS)])
    await consumer.seek_to_beginning()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all", linger_ms=5)
    await producer.start()
    sent: dict[bytes, float] = {}
    latencies: list[float] = []

    async def consume():
        while len(latencies) < n:
            for batch in (await consumer.getmany(timeout_ms=1000)).values():
                now = time.perf_counter()
                latencies.extend(now - sent[r.key] for r in batch)

    task = asyncio.create_task(consume())
    try:
        await asyncio.sleep(0.5)
        for i in range(n):
            key = f"k{i}".encode()
            sent[key] = time.perf_counter()
            await producer.send_and_wait(topic, b"{}", key=key)
            await asyncio.sleep(interval)
        await asyncio.wait_for(task, 60)
    finally:
        task.cancel()
        await producer.stop()
        await consumer.stop()
    return percentiles(latencies)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--interval-ms", type=float, default=60)
    args = parser.parse_args()
    platform = faultlab.Platform(Path(tempfile.mkdtemp(prefix="bench-e2e-")))
    await platform.start()
    try:
        secretariat = {"Authorization": f"Bearer {platform.token(Role.SECRETARIAT, 'bench')}"}
        day = (date.today() + timedelta(days=30)).isoformat()
        async with httpx.AsyncClient(base_url=platform.url("events"), timeout=30) as client:
            event = (await client.post("/events", headers=secretariat, json={
                "kind": "online_conference", "title": {"nl": "Fair ICT Flanders conferentie (bench)"}, "languages": ["nl"],
                "starts_at": f"{day}T13:00:00", "ends_at": f"{day}T17:00:00", "capacity": args.registrations * 2, "waitlist": True,
                "join_url": "https://meet.example.org/bench"})).json()
            (await client.post(f"/events/{event['id']}/publish", headers=secretariat)).raise_for_status()
            command: list[float] = []
            answered: dict[str, float] = {}

            async def register(i: int) -> None:
                email = f"bench{i}@example.org"
                started = time.perf_counter()
                response = await client.post(f"/events/{event['id']}/registrations",
                                             json={"name": f"Deelnemer {i}", "email": email, "language": "nl", "consent": True})
                response.raise_for_status()
                command.append(time.perf_counter() - started)
                answered[email] = time.time()

            tasks = []
            for i in range(args.registrations):
                tasks.append(asyncio.create_task(register(i)))
                await asyncio.sleep(args.interval_ms / 1000)
            await asyncio.gather(*tasks)
        deadline = time.monotonic() + 120
        while len(platform.inbox.first_calendar_at) < args.registrations and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        e2e = [platform.inbox.first_calendar_at[e] - t for e, t in answered.items() if e in platform.inbox.first_calendar_at]
        broker = await broker_latency(platform.broker.bootstrap_servers, args.registrations, args.interval_ms / 1000)
    finally:
        await platform.stop()
    e2e_p, command_p = percentiles(e2e), percentiles(command)
    print(f"bench/notification_e2e.py: {args.registrations} registrations over HTTP, one every {args.interval_ms:g} ms, SQLite\n")
    print(f"  confirmation e-mails received: {len(e2e)} of {args.registrations}")
    print(f"  HTTP response -> e-mail accepted:  p50 {e2e_p[0]:7.1f} ms  p95 {e2e_p[1]:7.1f} ms  p99 {e2e_p[2]:7.1f} ms")
    print(f"  HTTP command:                      p50 {command_p[0]:7.1f} ms  p95 {command_p[1]:7.1f} ms  p99 {command_p[2]:7.1f} ms")
    print(f"  broker produce -> consume:         p50 {broker[0]:7.1f} ms  p95 {broker[1]:7.1f} ms  p99 {broker[2]:7.1f} ms")
    print(f"  ratio e2e p50 / (command p50 + broker p50): {e2e_p[0] / (command_p[0] + broker[0]):.2f} (target <= 3)")


if __name__ == "__main__":
    asyncio.run(main())
