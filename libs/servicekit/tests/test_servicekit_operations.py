"""Operator repairs against the real broker: replaying a local copy, and redriving dead letters."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from messaging_fixtures import MiniService, inbox, org_event, raw_message, record_effect
from servicekit.broker import dead_letter_publisher, ensure_topics, make_broker
from servicekit.dead_letters import list_parked, redrive
from servicekit.inbox import InboxConsumer, RawMessage
from servicekit.replay import Subscription, replay
from servicekit.topic_reader import committed_offsets, headers_of, read_to_end
from sqlalchemy import Column, String, Table, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from messaging_fixtures import metadata as mini_metadata

TYPE = org_event("x", "y").event_type
# A local copy: the latest name per organisation, as a read model would keep it.
names = Table("names_copy", mini_metadata, Column("organisation_id", String(100), primary_key=True), Column("name", String(200)))


async def keep_latest_name(event, envelope, uow) -> None:
    statement = sqlite_insert(names).values(organisation_id=event.organisation_id, name=event.name)
    await uow.session.execute(statement.on_conflict_do_update(index_elements=["organisation_id"], set_={"name": event.name}))


async def publish(bootstrap: str, topic: str, messages: list[RawMessage]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for m in messages:
            await producer.send_and_wait(topic, m.value, key=m.key, headers=[(k, v.encode()) for k, v in m.headers.items()])
    finally:
        await producer.stop()


async def copy_of(svc: MiniService) -> list[tuple[str, str]]:
    async with svc.engine.connect() as conn:
        return [tuple(r) for r in await conn.execute(select(names).order_by(names.c.organisation_id))]


async def test_replay_twice_leaves_the_same_copy_as_once_and_moves_the_group(tmp_path, kafka_bootstrap, topic_name):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'replay.db'}").create_tables()
    topic = topic_name()
    await ensure_topics(kafka_bootstrap, [topic])
    events = [org_event(f"org-{i % 7}", f"name {i}") for i in range(40)]  # later names win per organisation
    await publish(kafka_bootstrap, topic, [raw_message(e, topic) for e in events])
    consumer = InboxConsumer("names", {TYPE: keep_latest_name}, svc.uow, inbox, dead_letter_publisher(make_broker(kafka_bootstrap, service="t")))
    subscription = Subscription(topic, f"replaytest.{uuid.uuid4().hex[:6]}", consumer, (names,))
    async with svc.engine.begin() as conn:  # a copy that went wrong
        await conn.execute(names.insert().values(organisation_id="org-stale", name="should disappear"))

    first = await replay([subscription], engine=svc.engine, inbox=inbox, bootstrap_servers=kafka_bootstrap, since=None)
    once = await copy_of(svc)
    second = await replay([subscription], engine=svc.engine, inbox=inbox, bootstrap_servers=kafka_bootstrap, since=None)

    assert first == second == {"names": 40}
    assert await copy_of(svc) == once == sorted((f"org-{k}", f"name {max(i for i in range(40) if i % 7 == k)}") for k in range(7))
    committed = await committed_offsets(kafka_bootstrap, subscription.group_id, topic)
    assert sum(o or 0 for o in committed.values()) == 40, "the running consumer resumes after the replayed events"
    await svc.engine.dispose()


async def test_replay_from_a_time_applies_only_the_later_events_again(tmp_path, kafka_bootstrap, topic_name):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'since.db'}").create_tables()
    topic = topic_name()
    await ensure_topics(kafka_bootstrap, [topic], partitions=1)
    await publish(kafka_bootstrap, topic, [raw_message(org_event("org-a", "old"), topic)])
    # The embedded broker's time index is a few milliseconds coarse; an operator's "since" never is that fine.
    await asyncio.sleep(0.05)
    cut = datetime.now(UTC)
    await asyncio.sleep(0.05)
    await publish(kafka_bootstrap, topic, [raw_message(org_event("org-b", "new"), topic)])
    consumer = InboxConsumer("names", {TYPE: keep_latest_name}, svc.uow, inbox, dead_letter_publisher(make_broker(kafka_bootstrap, service="t")))
    subscription = Subscription(topic, f"sincetest.{uuid.uuid4().hex[:6]}", consumer, (names,))

    applied = await replay([subscription], engine=svc.engine, inbox=inbox, bootstrap_servers=kafka_bootstrap, since=cut)

    assert applied == {"names": 1}
    assert await copy_of(svc) == [("org-b", "new")]
    await svc.engine.dispose()


async def test_a_redriven_dead_letter_whose_handler_now_succeeds_is_applied_once(tmp_path, kafka_bootstrap, topic_name):
    svc = await MiniService(f"sqlite+aiosqlite:///{tmp_path / 'redrive.db'}").create_tables()
    topic = topic_name()
    await ensure_topics(kafka_bootstrap, [topic, f"{topic}.dlq"], partitions=1)
    broken = True

    async def flaky(event, envelope, uow):
        if broken:
            raise RuntimeError("the template is missing")
        await record_effect(event, envelope, uow)

    broker = make_broker(kafka_bootstrap, service="redrive")
    consumer = InboxConsumer("mail", {TYPE: flaky}, svc.uow, inbox, dead_letter_publisher(broker), max_attempts=2, backoff_seconds=0.01)
    message = raw_message(org_event("org-r", "Stad Gent"), topic)
    async with broker:
        await broker.connect()
        await consumer.handle(message)

    (parked,) = await list_parked(kafka_bootstrap, topic)
    assert (parked.event_id, parked.consumer, parked.attempts, parked.redriven) == (message.headers["ce_id"], "mail", "2", False)
    assert "the template is missing" in parked.error

    broken = False
    assert [m.event_id for m in await redrive(kafka_bootstrap, topic)] == [parked.event_id]
    assert await redrive(kafka_bootstrap, topic) == [], "a second redrive sends only what was parked since"
    assert len(await redrive(kafka_bootstrap, f"{topic}.dlq", event_id=parked.event_id)) == 1, "--id resends whatever was sent"
    assert (await list_parked(kafka_bootstrap, topic))[0].redriven

    async for record in read_to_end(kafka_bootstrap, topic):  # what the service's consumer receives
        headers = headers_of(record)
        assert not any(k.startswith("x-dlq-") for k in headers)
        await consumer.handle(RawMessage(topic=topic, key=record.key, value=record.value, headers=headers))

    assert await svc.effects() == [("org-r", "Stad Gent")]
    await svc.engine.dispose()
