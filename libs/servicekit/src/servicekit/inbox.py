"""Idempotent consumers: the inbox row commits in the same transaction as the effect.

A redelivered event finds its id in the inbox and is skipped. A handler that
fails is retried with backoff; after the last attempt the message goes to
``<topic>.dlq`` with its original headers plus the error, and the consumer
moves on. Anything escaping this wrapper (e.g. the broker is gone while
dead-lettering) is not acknowledged, so the message is delivered again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Awaitable, Callable

import structlog
from contracts.topics import dead_letter
from pydantic import ValidationError
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from contracts import Envelope, IntegrationEvent, spec_for
from servicekit.logging import correlation
from servicekit.observability import DEAD_LETTERED, HANDLER_DURATION, consumer_span

log = structlog.get_logger()

Handler = Callable[[IntegrationEvent, Envelope, Any], Awaitable[None]]


@dataclass(frozen=True)
class RawMessage:
    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


class PoisonMessage(Exception):
    """The message can never be handled (unknown type, bad headers, invalid body): no retry."""


class InboxConsumer:
    """Dispatches one topic's events to handlers, each at most once in effect."""

    def __init__(
        self,
        name: str,
        handlers: dict[str, Handler],
        uow_factory: Callable[[], Any],
        inbox: Table,
        dead_letter_publish: Callable[[str, RawMessage, dict[str, str]], Awaitable[None]],
        *,
        max_attempts: int = 5,
        backoff_seconds: float = 0.2,
    ):
        self.name = name
        self._handlers = handlers
        self._uow_factory = uow_factory
        self._inbox = inbox
        self._dead_letter = dead_letter_publish
        self._max_attempts = max_attempts
        self._backoff = backoff_seconds

    async def handle(self, message: RawMessage) -> None:
        try:
            envelope, event = self._parse(message)
        except PoisonMessage as exc:
            await self._park(message, exc, attempts=0)
            return
        handler = self._handlers.get(envelope.type)
        if handler is None:
            return  # a type this consumer does not care about
        with consumer_span(f"{self.name} {envelope.type}", message.headers), \
                correlation(envelope.correlationid, causation_id=envelope.id, event_type=envelope.type):
            for attempt in range(1, self._max_attempts + 1):
                try:
                    with HANDLER_DURATION.labels(self.name, envelope.type).time():
                        await self._apply(handler, envelope, event)
                    return
                except Exception as exc:
                    if attempt == self._max_attempts:
                        await self._park(message, exc, attempts=attempt)
                        return
                    log.warning("consumer.retry", consumer=self.name, attempt=attempt, error=str(exc) or type(exc).__name__)
                    await asyncio.sleep(self._backoff * 2 ** (attempt - 1))

    def _parse(self, message: RawMessage) -> tuple[Envelope, IntegrationEvent]:
        try:
            envelope = Envelope.from_headers(message.headers)
            if envelope.type not in self._handlers:
                return envelope, None  # not parsed: skipped by the caller
            return envelope, spec_for(envelope.type).model.model_validate_json(message.value)
        except (ValueError, LookupError, ValidationError) as exc:
            raise PoisonMessage(str(exc)) from exc

    async def _apply(self, handler: Handler, envelope: Envelope, event: IntegrationEvent) -> None:
        async with self._uow_factory() as uow:
            inbox = self._inbox.c
            if await uow.session.scalar(select(inbox.event_id).where(inbox.consumer == self.name, inbox.event_id == envelope.id)):
                log.info("consumer.duplicate_skipped", consumer=self.name)
                return
            try:
                # Claimed before the effect: a concurrent delivery of the same event waits
                # here and then conflicts, so the effect happens once.
                await uow.session.execute(
                    insert(self._inbox).values(consumer=self.name, event_id=envelope.id, event_type=envelope.type, processed_at=datetime.now(UTC))
                )
            except IntegrityError:
                log.info("consumer.duplicate_skipped", consumer=self.name)
                return
            await handler(event, envelope, uow)
            await uow.commit()
        log.info("consumer.handled", consumer=self.name)

    async def _park(self, message: RawMessage, exc: Exception, *, attempts: int) -> None:
        reason = {"x-dlq-consumer": self.name, "x-dlq-error": f"{type(exc).__name__}: {exc}"[:1000], "x-dlq-attempts": str(attempts)}
        await self._dead_letter(dead_letter(message.topic), message, reason)
        DEAD_LETTERED.labels(self.name, message.topic).inc()
        log.error("consumer.dead_lettered", consumer=self.name, topic=message.topic, error=reason["x-dlq-error"])
