"""Crash safety: the relay process is killed after the commit and before (all of) the publish.

Events are committed to membership's outbox, a separate `python -m membership relay`
process publishes them and is SIGKILLed halfway; after a restart every event
arrives, in per-aggregate order of first delivery.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections import defaultdict

from aiokafka import AIOKafkaConsumer
from contracts.topics import MEMBERSHIP_ORGANISATION
from membership.adapters.orm import outbox
from membership.bootstrap import MIGRATIONS
from membership.domain.model import Language, Organisation, OrganisationKind
from membership.service_layer.handlers import organisation_registered
from membership.service_layer.unit_of_work import MembershipUnitOfWork
from servicekit.broker import ensure_topics
from servicekit.db import make_engine, make_sessionmaker
from servicekit.migrations import upgrade
from servicekit.testing import eventually
from sqlalchemy import func, select

EVENTS, AGGREGATES = 3000, 30


async def _commit_events(url: str, prefix: str) -> list[str]:
    engine = make_engine(url)
    await upgrade(engine, MIGRATIONS)
    uow = MembershipUnitOfWork(make_sessionmaker(engine), outbox, source="membership")
    ids = []
    for start in range(0, EVENTS, 100):
        async with uow:
            for n in range(start, start + 100):
                org = Organisation.register(id=f"{prefix}-{n % AGGREGATES}", name=str(n), kind=OrganisationKind.PROCURING, country="BE",
                                            website=None, languages=[Language.NL])
                ids.append(uow.emit(organisation_registered(org)).id)
            await uow.commit()
    await engine.dispose()
    return ids


async def _pending(url: str) -> int:
    engine = make_engine(url)
    async with engine.connect() as conn:
        count = await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)))
    await engine.dispose()
    return count


def _start_relay(url: str, bootstrap: str) -> subprocess.Popen:
    env = {**os.environ, "MEMBERSHIP_DATABASE_URL": url, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "MEMBERSHIP_RELAY_BATCH_SIZE": "25",
           "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "membership", "relay"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Collector:
    """Reads the topic from the start and keeps what belongs to this test, in arrival order."""

    def __init__(self, bootstrap: str, prefix: str):
        self.consumer = AIOKafkaConsumer(MEMBERSHIP_ORGANISATION, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
        self.prefix = prefix
        self.arrived: list[tuple[str, str, int]] = []  # (event id, aggregate, n)

    async def run(self):
        await self.consumer.start()
        try:
            while True:
                for batch in (await self.consumer.getmany(timeout_ms=200)).values():
                    for record in batch:
                        body = json.loads(record.value)
                        if body["organisation_id"].startswith(self.prefix):
                            ce_id = dict(record.headers)["ce_id"].decode()
                            self.arrived.append((ce_id, body["organisation_id"], int(body["name"])))
        finally:
            await self.consumer.stop()

    async def until(self, predicate, timeout=60):
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            assert asyncio.get_running_loop().time() < deadline, f"only {len(self.arrived)} events arrived"
            await asyncio.sleep(0.02)


async def test_killed_relay_loses_nothing_after_restart(database_url, kafka_bootstrap):
    prefix = f"crash{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka_bootstrap, [MEMBERSHIP_ORGANISATION])
    committed = await _commit_events(database_url, prefix)
    collector = Collector(kafka_bootstrap, prefix)
    reading = asyncio.create_task(collector.run())

    relay = _start_relay(database_url, kafka_bootstrap)
    await collector.until(lambda: len(collector.arrived) >= 300)
    relay.send_signal(signal.SIGKILL)
    relay.wait()
    left = await _pending(database_url)
    assert 0 < left < EVENTS, "the relay should have died halfway"

    relay = _start_relay(database_url, kafka_bootstrap)
    try:
        await collector.until(lambda: {e for e, _, _ in collector.arrived} >= set(committed))
        await eventually(lambda: _pending(database_url), expect=0)
    finally:
        relay.send_signal(signal.SIGTERM)
        relay.wait(10)
        reading.cancel()

    # Redelivered duplicates are expected (the consumers' inbox drops them); what must hold
    # is that each event's first arrival keeps its aggregate's commit order.
    seen, first_seen = set(), defaultdict(list)
    for event_id, aggregate, n in collector.arrived:
        if event_id not in seen:
            seen.add(event_id)
            first_seen[aggregate].append(n)
    assert len(first_seen) == AGGREGATES
    for aggregate, numbers in first_seen.items():
        assert numbers == sorted(numbers), f"{aggregate}: events first arrived out of order"
