"""Live events for subscriptions: the gateway reads the services' Kafka topics, never their databases.

Every gateway instance must see every event, so instead of sharing a consumer group each
instance assigns itself all partitions of a topic and starts at the end: a subscription
sees what happens after it started. One reader per topic, started by the first subscription
to it; each subscription gets its own bounded queue (a slow client loses old events rather
than holding up the others). An event is only a trigger: resolvers fetch the current state
from the service with the subscriber's token, so what a subscriber sees follows the
service's own visibility rules.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from servicekit.broker import ensure_topics

log = structlog.get_logger()

QUEUE_SIZE = 100
Match = Callable[[str, dict[str, Any]], bool]


@dataclass(eq=False)  # identity: two subscribers with equal filters are still two
class _Subscriber:
    match: Match
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(maxsize=QUEUE_SIZE))


class LiveEvents:
    def __init__(self, bootstrap_servers: str):
        self.bootstrap_servers = bootstrap_servers
        self._subscribers: dict[str, set[_Subscriber]] = {}
        self._readers: dict[str, asyncio.Task] = {}
        self._positioned: dict[str, asyncio.Event] = {}

    async def events(self, topics: str | Sequence[str], match: Match) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """(event type, payload) of each event on ``topics`` (one or several) that ``match`` accepts, from now on.
        Events of one topic come in their order; events of different topics in the order they were read."""
        names = [topics] if isinstance(topics, str) else list(topics)
        subscriber = _Subscriber(match)
        for name in names:
            self._subscribers.setdefault(name, set()).add(subscriber)
        try:
            for name in names:
                await self.positioned(name)
            while True:
                yield await subscriber.queue.get()
        finally:
            for name in names:
                self.unsubscribe(name, subscriber)

    def subscribe(self, topic: str, match: Match) -> _Subscriber:
        """Starts collecting now (``events`` collects from its first iteration); pair with ``unsubscribe``."""
        subscriber = _Subscriber(match)
        self._subscribers.setdefault(topic, set()).add(subscriber)
        return subscriber

    def unsubscribe(self, topic: str, subscriber: _Subscriber) -> None:
        self._subscribers.get(topic, set()).discard(subscriber)

    def subscriber_count(self, topic: str) -> int:
        """How many subscriptions follow ``topic`` now (what a test waits on before making a change)."""
        return len(self._subscribers.get(topic, ()))

    async def positioned(self, topic: str) -> None:
        """Returns once the reader of ``topic`` reads from its end (starting it if needed)."""
        if topic not in self._readers:
            self._positioned[topic] = asyncio.Event()
            self._readers[topic] = asyncio.create_task(self._read(topic), name=f"live-{topic}")
        await self._positioned[topic].wait()

    async def close(self) -> None:
        for task in self._readers.values():
            task.cancel()
        await asyncio.gather(*self._readers.values(), return_exceptions=True)
        self._readers.clear()

    async def _read(self, topic: str) -> None:
        delay = 0.5
        while True:
            try:
                await self._read_once(topic)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the broker went away: reconnect, from the end again
                log.warning("live.reader_failed", topic=topic, error=type(exc).__name__, retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    async def _read_once(self, topic: str) -> None:
        await ensure_topics(self.bootstrap_servers, [topic])
        consumer = AIOKafkaConsumer(bootstrap_servers=self.bootstrap_servers, group_id=None, enable_auto_commit=False)
        await consumer.start()
        try:
            partitions = consumer.partitions_for_topic(topic) or set()
            consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
            await consumer.seek_to_end()
            for tp in consumer.assignment():
                await consumer.position(tp)  # resolve the end now, not at the first fetch
            self._positioned[topic].set()
            while True:
                batches = await consumer.getmany(timeout_ms=1000)
                for records in batches.values():
                    for record in records:
                        self._dispatch(topic, record)
        finally:
            await consumer.stop()

    def _dispatch(self, topic: str, record) -> None:
        headers = {k: v.decode() for k, v in record.headers or ()}
        try:
            payload = json.loads(record.value)
        except ValueError:
            return
        event_type = headers.get("ce_type", "")
        for subscriber in list(self._subscribers.get(topic, ())):
            if subscriber.match(event_type, payload):
                if subscriber.queue.full():
                    subscriber.queue.get_nowait()  # drop the oldest: the next fetch shows the current state anyway
                subscriber.queue.put_nowait((event_type, payload))
