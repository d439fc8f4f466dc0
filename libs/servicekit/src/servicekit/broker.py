"""Kafka wiring: the FastStream broker, the relay's producer, topics and dead letters."""

from __future__ import annotations

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage

from servicekit.inbox import InboxConsumer, RawMessage

log = structlog.get_logger()

DEFAULT_PARTITIONS = 3


def make_broker(bootstrap_servers: str, *, service: str, description: str | None = None) -> KafkaBroker:
    # tansu (the embedded broker) has no idempotent producer; the outbox and inbox give the guarantees.
    return KafkaBroker(
        bootstrap_servers,
        client_id=service,
        enable_idempotence=False,
        acks="all",
        description=description,
        logger=None,
    )


def make_producer(bootstrap_servers: str, *, service: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=f"{service}-relay",
        enable_idempotence=False,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
    )


async def ensure_topics(bootstrap_servers: str, topics: list[str], *, partitions: int = DEFAULT_PARTITIONS) -> None:
    """Create topics (and their dead-letter topics) if missing, so consumers can join before the first event."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in topics if t not in existing]
        if wanted:
            try:
                await admin.create_topics([NewTopic(t, num_partitions=partitions, replication_factor=1) for t in wanted])
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


def dead_letter_publisher(broker: KafkaBroker):
    async def publish(dlq_topic: str, message: RawMessage, reason: dict[str, str]) -> None:
        await broker.publish(message.value, dlq_topic, key=message.key, headers={**message.headers, **reason})

    return publish


def group_id(service: str, consumer: str) -> str:
    """One consumer group per (service, consumer): each consumer keeps its own offsets."""
    return f"{service}.{consumer}"


def subscribe(
    broker: KafkaBroker,
    topic: str,
    consumer: InboxConsumer,
    *,
    service: str,
    description: str | None = None,
    session_timeout_ms: int = 10000,
    fetch_max_wait_ms: int = 100,
) -> None:
    """Attach an inbox consumer to a topic: one consumer group per (service, consumer).

    Offsets are committed after ``handle`` returns (the effect is committed by then);
    an exception escaping it nacks, so Kafka delivers the message again.
    """

    async def on_message(msg: KafkaMessage) -> None:
        raw = msg.raw_message
        await consumer.handle(RawMessage(topic=raw.topic, key=raw.key, value=msg.body, headers=dict(msg.headers)))

    on_message.__name__ = f"{consumer.name}_on_{topic.replace('.', '_')}"
    broker.subscriber(
        topic,
        group_id=group_id(service, consumer.name),
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR,
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(100, session_timeout_ms // 5),
        # How long the broker may hold an empty fetch: Kafka's 500 ms default is most of an
        # event's end-to-end latency when traffic is light.
        fetch_max_wait_ms=fetch_max_wait_ms,
        title=f"{service}/{consumer.name}:{topic}",
        description=description,
    )(on_message)
