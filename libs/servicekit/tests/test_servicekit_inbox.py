"""The inbox: one effect per event whatever the redelivery; failures end in the dead-letter topic."""

import asyncio
import json
import uuid

from aiokafka import AIOKafkaConsumer
from contracts.membership import OrganisationRegistered
from messaging_fixtures import MiniService, inbox, org_event, outbox, raw_message, record_effect
from servicekit.broker import dead_letter_publisher, ensure_topics, make_broker, subscribe
from servicekit.inbox import InboxConsumer, RawMessage
from servicekit.testing import eventually
from sqlalchemy import select

TYPE = OrganisationRegistered.event_type


async def _never_dead_letter(*_):
    raise AssertionError("nothing should be dead-lettered")


async def test_the_same_event_delivered_twice_has_one_effect(database_url):
    svc = await MiniService(database_url).create_tables()
    consumer = InboxConsumer("copy", {TYPE: record_effect}, svc.uow, inbox, _never_dead_letter)
    message = raw_message(org_event("org-1", "FIDO"), "t")

    await consumer.handle(message)
    await consumer.handle(message)
    await asyncio.gather(*(consumer.handle(message) for _ in range(5)))  # concurrent redeliveries

    assert await svc.effects() == [("org-1", "FIDO")]
    await svc.engine.dispose()


async def test_a_handler_that_fails_then_succeeds_has_one_effect(database_url):
    svc = await MiniService(database_url).create_tables()
    failures = []

    async def flaky(event, envelope, uow):
        await record_effect(event, envelope, uow)  # rolled back with the failed attempt
        if len(failures) < 2:
            failures.append(1)
            raise RuntimeError("database hiccup")

    consumer = InboxConsumer("copy", {TYPE: flaky}, svc.uow, inbox, _never_dead_letter, backoff_seconds=0.01)
    await consumer.handle(raw_message(org_event("org-2", "GIZ"), "t"))

    assert len(failures) == 2
    assert await svc.effects() == [("org-2", "GIZ")]
    await svc.engine.dispose()


async def _read_topic(bootstrap: str, topic: str, count: int, timeout: float = 15.0):
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"reader-{uuid.uuid4().hex[:6]}", auto_offset_reset="earliest")
    await consumer.start()
    records = []
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while len(records) < count and asyncio.get_running_loop().time() < deadline:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records


async def test_a_handler_that_always_fails_ends_in_the_dlq_and_later_messages_are_handled(tmp_path, kafka_bootstrap, topic_name):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'dlq.db'}").create_tables()
    topic = topic_name()
    await ensure_topics(kafka_bootstrap, [topic, f"{topic}.dlq"], partitions=1)

    async def refuse_poison(event, envelope, uow):
        if event.name.startswith("poison"):
            raise ValueError("cannot handle poison")
        await record_effect(event, envelope, uow)

    broker = make_broker(kafka_bootstrap, service=f"svc{uuid.uuid4().hex[:6]}")
    consumer = InboxConsumer("copy", {TYPE: refuse_poison}, svc.uow, inbox, dead_letter_publisher(broker), max_attempts=3, backoff_seconds=0.01)
    subscribe(broker, topic, consumer, service="dlqtest" + uuid.uuid4().hex[:6], session_timeout_ms=2000)
    poison = raw_message(org_event("org-p", "poison pill"), topic)
    garbage = RawMessage(topic=topic, key=b"x", value=b"{not json", headers={"ce_id": "g1", "ce_source": "t", "ce_type": TYPE, "ce_subject": "x"})
    good = raw_message(org_event("org-g", "good"), topic)
    async with broker:
        await broker.start()
        for m in (poison, garbage, good):
            await broker.publish(m.value, topic, key=m.key, headers=m.headers)
        await eventually(svc.effects)

    assert await svc.effects() == [("org-g", "good")]
    dead = await _read_topic(kafka_bootstrap, f"{topic}.dlq", 2)
    headers = [dict((k, v.decode()) for k, v in r.headers) for r in dead]
    assert [h["ce_id"] for h in headers] == [poison.headers["ce_id"], "g1"]
    assert "cannot handle poison" in headers[0]["x-dlq-error"] and headers[0]["x-dlq-attempts"] == "3"
    assert headers[1]["x-dlq-attempts"] == "0"  # unparseable: never retried
    assert dead[0].value == poison.value
    await svc.engine.dispose()


async def test_events_emitted_while_handling_carry_its_correlation_and_cause(tmp_path):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'cause.db'}").create_tables()

    async def react(event, envelope, uow):
        uow.emit(org_event(f"{event.organisation_id}-follow-up", "reaction"))

    consumer = InboxConsumer("react", {TYPE: react}, svc.uow, inbox, _never_dead_letter)
    message = raw_message(org_event("org-3", "cause"), "t", event_id="cause-1")
    await consumer.handle(message)

    async with svc.engine.connect() as conn:
        [headers] = (await conn.execute(select(outbox.c.headers))).scalars().all()
    headers = dict(json.loads(headers))
    assert headers["ce_causationid"] == "cause-1"
    assert headers["ce_correlationid"] == message.headers["ce_correlationid"] == "c-1"
    await svc.engine.dispose()
