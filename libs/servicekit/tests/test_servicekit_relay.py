"""The outbox relay on the real broker: per-aggregate order, several relays, broker outages."""

import asyncio
import json
import random
import uuid
from collections import defaultdict

from aiokafka import AIOKafkaConsumer
from contracts.membership import OrganisationRegistered
from contracts.topics import MEMBERSHIP_ORGANISATION
from messaging_fixtures import MiniService, inbox, org_event, outbox
from servicekit.broker import ensure_topics, make_broker, make_producer, subscribe
from servicekit.inbox import InboxConsumer
from servicekit.localbroker import LocalBroker, free_port
from servicekit.relay import KafkaPublisher, OutboxRelay
from servicekit.testing import TcpProxy, eventually

AGGREGATES, PER_AGGREGATE = 10, 100


async def _write_interleaved(svc: MiniService, prefix: str) -> None:
    """1,000 events over 10 aggregates, committed in a shuffled interleaving, a few per transaction."""
    counters = defaultdict(int)
    sequence = [a for a in range(AGGREGATES) for _ in range(PER_AGGREGATE)]
    random.Random(7).shuffle(sequence)
    for start in range(0, len(sequence), 4):
        async with svc.uow() as uow:
            for a in sequence[start : start + 4]:
                uow.emit(org_event(f"{prefix}-{a}", str(counters[a])))
                counters[a] += 1
            await uow.commit()


def _collecting_consumer(svc: MiniService, prefix: str, seen: dict) -> InboxConsumer:
    async def collect(event: OrganisationRegistered, envelope, uow):
        if event.organisation_id.startswith(prefix):  # the session's broker is shared with other tests
            seen[event.organisation_id].append(int(event.name))

    async def no_dead_letters(*_):
        raise AssertionError("dead-lettered")

    return InboxConsumer("order", {OrganisationRegistered.event_type: collect}, svc.uow, inbox, no_dead_letters)


async def _relay(svc: MiniService, bootstrap: str, **kwargs):
    producer = make_producer(bootstrap, service="test")
    await producer.start()
    relay = OutboxRelay(svc.engine, outbox, KafkaPublisher(producer), service=svc.name, signal=svc.signal, batch_size=100, **kwargs)
    return relay, producer


async def test_1000_events_over_10_aggregates_arrive_in_per_aggregate_order(database_url, kafka_bootstrap):
    svc = await MiniService(database_url).create_tables()
    prefix = f"agg{uuid.uuid4().hex[:8]}"
    await ensure_topics(kafka_bootstrap, [MEMBERSHIP_ORGANISATION])
    seen: dict[str, list[int]] = defaultdict(list)
    broker = make_broker(kafka_bootstrap, service="ordertest")
    subscribe(broker, MEMBERSHIP_ORGANISATION, _collecting_consumer(svc, prefix, seen), service=f"order{uuid.uuid4().hex[:6]}", session_timeout_ms=2000)
    postgres = svc.engine.dialect.name == "postgresql"
    # On PostgreSQL two relays compete for the lanes; on SQLite one relay owns the file.
    relays = [await _relay(svc, kafka_bootstrap) for _ in range(2 if postgres else 1)]
    tasks = [asyncio.create_task(relay.run()) for relay, _ in relays]
    async with broker:
        await broker.start()
        await _write_interleaved(svc, prefix)
        await eventually(lambda: _count(seen, AGGREGATES * PER_AGGREGATE), timeout=60)
    for task in tasks:
        task.cancel()
    for _, producer in relays:
        await producer.stop()

    assert sorted(seen) == sorted(f"{prefix}-{a}" for a in range(AGGREGATES))
    for aggregate, numbers in seen.items():
        assert numbers == list(range(PER_AGGREGATE)), f"{aggregate} out of order"
    assert await svc.pending() == 0
    if postgres:
        assert all(relay.published > 0 for relay, _ in relays), "both relays should have taken lanes"
    await svc.engine.dispose()


async def _count(seen, expected):
    return sum(map(len, seen.values())) >= expected


async def test_events_committed_while_the_broker_is_unreachable_arrive_once_it_is_back(tmp_path):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'outage.db'}").create_tables()
    proxy_port = free_port()
    broker_process = LocalBroker(advertised_port=proxy_port).start()
    proxy = await TcpProxy(broker_process.port, port=proxy_port).start()
    bootstrap = broker_process.bootstrap_servers  # through the proxy
    await ensure_topics(bootstrap, [MEMBERSHIP_ORGANISATION])
    relay, producer = await _relay(svc, bootstrap, poll_seconds=0.5)
    task = asyncio.create_task(relay.run())
    try:
        await proxy.cut()
        async with svc.uow() as uow:
            for n in range(50):
                uow.emit(org_event("org-outage", str(n)))
            await uow.commit()
        await asyncio.sleep(2.0)
        assert await svc.pending() == 50, "nothing can be sent while the broker is unreachable"
        async with svc.uow() as uow:  # the service still takes writes meanwhile
            uow.emit(org_event("org-outage", "50"))
            await uow.commit()

        await proxy.start()
        await eventually(svc.pending, expect=0, timeout=60)
        records = await _read_all(bootstrap, MEMBERSHIP_ORGANISATION, 51)
    finally:
        task.cancel()
        await producer.stop()
        await proxy.cut()
        broker_process.stop()
    numbers = [int(json.loads(r.value)["name"]) for r in records]
    assert sorted(set(numbers)) == list(range(51)), "every event arrives"
    assert list(dict.fromkeys(numbers)) == list(range(51)), "in order (a retried batch may repeat, never reorder first sightings)"
    await svc.engine.dispose()



async def _read_all(bootstrap, topic, count):
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    records = []
    deadline = asyncio.get_running_loop().time() + 30
    try:
        while len(records) < count and asyncio.get_running_loop().time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


class HeldPublisher:
    """A publisher whose broker acknowledges only when the test says so."""

    def __init__(self):
        self.sent: list[bytes] = []
        self.acks: asyncio.Future = asyncio.get_running_loop().create_future()
        self.sending = asyncio.Event()

    async def send(self, topic, key, value, headers):
        self.sent.append(value)
        self.sending.set()
        return self.acks


async def test_a_relay_holding_lanes_keeps_others_off_and_marks_nothing_before_the_acks(postgres):
    svc = await MiniService(await postgres.create()).create_tables()
    async with svc.uow() as uow:
        for n in range(20):
            uow.emit(org_event(f"org-{n % 4}", str(n)))
        await uow.commit()
    held = HeldPublisher()
    first = OutboxRelay(svc.engine, outbox, held, service=svc.name)
    second = OutboxRelay(svc.engine, outbox, HeldPublisher(), service=svc.name)

    draining = asyncio.create_task(first.drain_once())
    await held.sending.wait()
    assert await second.drain_once() == 0, "the lanes are taken: a second relay must not publish them too"
    assert await svc.pending() == 20, "nothing is marked sent before the broker acknowledged it"

    draining.cancel()  # the relay dies while waiting for the acks
    await asyncio.gather(draining, return_exceptions=True)
    assert await svc.pending() == 20
    retry = HeldPublisher()
    retry.acks.set_result(None)
    assert await OutboxRelay(svc.engine, outbox, retry, service=svc.name).drain_once() == 20
    assert await svc.pending() == 0
    await svc.engine.dispose()
