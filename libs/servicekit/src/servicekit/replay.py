"""Rebuild a service's local copies from the topics it consumes.

From ``earliest``, each consumer's copy tables and inbox rows are cleared and every
event is applied again through the same handlers, in partition order. From a time, the
events since then are applied again on top of the copy (their inbox rows are forgotten
first; handlers keep the newest state, so this repairs rather than doubles). Either way
the consumer group's offsets are then set to where reading stopped, so the running
service resumes after the replayed events. Run it with the service's consumers stopped:
Kafka refuses to move the offsets of a group that has members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import Table, delete

from servicekit.inbox import InboxConsumer, RawMessage
from servicekit.topic_reader import commit_offsets, headers_of, read_to_end

log = structlog.get_logger()


@dataclass(frozen=True)
class Subscription:
    """One inbox consumer of one topic, with the tables it alone fills (its local copy)."""

    topic: str
    group_id: str
    consumer: InboxConsumer
    copies: tuple[Table, ...] = ()


async def replay(subscriptions: list[Subscription], *, engine, inbox: Table, bootstrap_servers: str, since: datetime | None) -> dict[str, int]:
    """Replays every subscription; returns the events applied per consumer."""
    if since is None:
        # All copies first: two consumers may fill one table (from two topics).
        async with engine.begin() as conn:
            for table in {t.name: t for s in subscriptions for t in s.copies}.values():
                await conn.execute(delete(table))
            await conn.execute(delete(inbox).where(inbox.c.consumer.in_([s.consumer.name for s in subscriptions])))
    applied = {}
    for subscription in subscriptions:
        applied[subscription.consumer.name] = await _replay_one(subscription, engine=engine, inbox=inbox, bootstrap=bootstrap_servers, since=since)
    return applied


async def _replay_one(subscription: Subscription, *, engine, inbox: Table, bootstrap: str, since: datetime | None) -> int:
    name = subscription.consumer.name
    count = 0
    ends: dict[int, int] = {}
    async for record in read_to_end(bootstrap, subscription.topic, since=since):
        message = RawMessage(topic=record.topic, key=record.key, value=record.value, headers=headers_of(record))
        if since is not None and (event_id := message.headers.get("ce_id")):
            async with engine.begin() as conn:
                await conn.execute(delete(inbox).where(inbox.c.consumer == name, inbox.c.event_id == event_id))
        await subscription.consumer.handle(message)
        ends[record.partition] = record.offset + 1
        count += 1
    await commit_offsets(bootstrap, subscription.group_id, subscription.topic, ends)
    log.info("replay.done", consumer=name, topic=subscription.topic, events=count, since=since.isoformat() if since else "earliest")
    return count
