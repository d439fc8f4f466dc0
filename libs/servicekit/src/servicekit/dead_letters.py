"""Dead-letter topics for operators: list what was parked and why, and send it back.

A redrive publishes the parked message to its original topic with its original headers
(the ``x-dlq-*`` reasons removed), so the service's consumer handles it like any other
delivery: through the inbox, hence at most once in effect. Redriven positions are
committed in the ``pactctl.redrive`` group, so a second redrive of a whole topic sends
only what was parked since; ``--id`` resends one message whatever was sent before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from contracts.topics import dead_letter

from servicekit.topic_reader import commit_offsets, committed_offsets, headers_of, read_to_end

REDRIVE_GROUP = "pactctl.redrive"
DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class ParkedMessage:
    partition: int
    offset: int
    event_id: str | None
    event_type: str | None
    consumer: str | None
    error: str | None
    attempts: str | None
    parked_at: datetime
    redriven: bool
    key: bytes | None
    value: bytes
    headers: dict[str, str]


def dlq_topic(topic: str) -> str:
    """Accepts the topic or its dead-letter topic."""
    return topic if topic.endswith(DLQ_SUFFIX) else dead_letter(topic)


async def list_parked(bootstrap: str, topic: str) -> list[ParkedMessage]:
    dlq = dlq_topic(topic)
    redriven_up_to = await committed_offsets(bootstrap, REDRIVE_GROUP, dlq)
    parked = []
    async for record in read_to_end(bootstrap, dlq):
        headers = headers_of(record)
        parked.append(ParkedMessage(
            partition=record.partition, offset=record.offset, event_id=headers.get("ce_id"), event_type=headers.get("ce_type"),
            consumer=headers.get("x-dlq-consumer"), error=headers.get("x-dlq-error"), attempts=headers.get("x-dlq-attempts"),
            parked_at=datetime.fromtimestamp(record.timestamp / 1000, UTC),
            redriven=record.offset < (redriven_up_to.get(record.partition) or 0),
            key=record.key, value=record.value, headers=headers,
        ))
    return parked


async def redrive(bootstrap: str, topic: str, *, event_id: str | None = None) -> list[ParkedMessage]:
    """Sends parked messages back to their topic: those not redriven yet, or the one with ``event_id``."""
    dlq = dlq_topic(topic)
    original = dlq[: -len(DLQ_SUFFIX)]
    parked = await list_parked(bootstrap, dlq)
    chosen = [m for m in parked if m.event_id == event_id] if event_id else [m for m in parked if not m.redriven]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all")
    await producer.start()
    try:
        for message in chosen:
            headers = [(k, v.encode()) for k, v in message.headers.items() if not k.startswith("x-dlq-")]
            await producer.send_and_wait(original, message.value, key=message.key, headers=headers)
    finally:
        await producer.stop()
    if not event_id and parked:
        ends = {}
        for message in parked:
            ends[message.partition] = max(ends.get(message.partition, 0), message.offset + 1)
        await commit_offsets(bootstrap, REDRIVE_GROUP, dlq, ends)
    return chosen
