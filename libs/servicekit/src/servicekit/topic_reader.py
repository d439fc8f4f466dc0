"""Reading a topic from a chosen point to its end, outside any consumer group: what replay and
the dead-letter tools share. The end is fixed when reading starts, so a busy topic still ends."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError


async def partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    found = consumer.partitions_for_topic(topic)
    if not found:
        await consumer._client.force_metadata_update()  # a topic made after the client started
        found = consumer.partitions_for_topic(topic) or set()
    return [TopicPartition(topic, p) for p in sorted(found)]


async def read_to_end(bootstrap_servers: str, topic: str, *, since: datetime | None = None) -> AsyncIterator[ConsumerRecord]:
    """Every record of ``topic`` from its beginning (or the first at or after ``since``) to its current end."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None)
    await consumer.start()
    try:
        tps = await partitions(consumer, topic)
        if not tps:
            return
        consumer.assign(tps)
        end = await consumer.end_offsets(tps)
        start = await consumer.beginning_offsets(tps)
        if since is not None:
            found = await consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in tps})
            start = {tp: (found[tp].offset if found.get(tp) else end[tp]) for tp in tps}
        for tp in tps:
            consumer.seek(tp, start[tp])
        remaining = {tp for tp in tps if start[tp] < end[tp]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, records in batches.items():
                for record in records:
                    if record.offset < end[tp]:
                        yield record
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()


def headers_of(record: ConsumerRecord) -> dict[str, str]:
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in record.headers or ()}


async def committed_offsets(bootstrap_servers: str, group_id: str, topic: str) -> dict[int, int | None]:
    """The group's committed offset per partition (None where it has none)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False)
    await consumer.start()
    try:
        tps = await partitions(consumer, topic)
        if not tps:
            return {}
        consumer.assign(tps)
        return {tp.partition: await consumer.committed(tp) for tp in tps}
    finally:
        await consumer.stop()


async def commit_offsets(bootstrap_servers: str, group_id: str, topic: str, offsets: dict[int, int], *, patience: float = 30.0) -> None:
    """Sets the group's position per partition. Kafka refuses while the group still has members; a service
    just stopped stays a member until its session times out, so this retries for up to ``patience`` seconds."""
    if not offsets:
        return
    deadline = asyncio.get_running_loop().time() + patience
    while True:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False)
        await consumer.start()
        try:
            tps = [tp for tp in await partitions(consumer, topic) if tp.partition in offsets]
            consumer.assign(tps)
            await consumer.commit({tp: offsets[tp.partition] for tp in tps})
            return
        except KafkaError:
            if asyncio.get_running_loop().time() > deadline:
                raise
        finally:
            await consumer.stop()
        await asyncio.sleep(1.0)


async def end_offsets(bootstrap_servers: str, topic: str) -> dict[int, int]:
    """The next offset to be written, per partition."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, enable_auto_commit=False, group_id=None)
    await consumer.start()
    try:
        tps = await partitions(consumer, topic)
        return {tp.partition: offset for tp, offset in (await consumer.end_offsets(tps)).items()} if tps else {}
    finally:
        await consumer.stop()
