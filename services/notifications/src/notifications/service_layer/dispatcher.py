"""The dispatcher: sends due deliveries, retries failures with backoff, gives up (DLQ) after the last attempt.

It claims a batch in one short transaction, sends outside any transaction, and records each
result in another. The queue is the deliveries table, so nothing is lost on a restart: a
delivery claimed by a process that died becomes due again when its lease runs out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from contracts.notifications import DeliveryFailed, WebhookSubscriptionDisabled

from notifications.adapters.mailer import SendFailed
from notifications.domain.model import Channel, Delivery, DeliveryStatus, MessageKind, Recipient, choose_language
from notifications.domain.webhooks import Subscription
from notifications.service_layer.notifier import Notifier

log = structlog.get_logger()


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    max_seconds: float
    disable_webhook_after: int


class Dispatcher:
    def __init__(self, uow_factory, *, mailer, webhooks, notifier: Notifier, policy: RetryPolicy, signal,
                 batch_size: int = 50, poll_seconds: float = 1.0, lease_seconds: float = 120.0):
        self._uow = uow_factory
        self._mailer, self._webhooks, self._notifier = mailer, webhooks, notifier
        self._policy = policy
        self._signal = signal
        self._batch, self._poll, self._lease = batch_size, poll_seconds, timedelta(seconds=lease_seconds)
        self._sending = asyncio.Semaphore(10)

    async def run(self) -> None:
        while True:
            try:
                handled = await self.dispatch_once()
            except Exception as exc:  # the database is away for a moment: try again on the next tick
                log.warning("dispatcher.error", error=f"{type(exc).__name__}: {exc}")
                handled = 0
            if handled < self._batch:
                await self._signal.wait(self._poll)

    async def dispatch_once(self) -> int:
        async with self._uow() as uow:
            claimed = await uow.deliveries.claim_due(datetime.now(UTC), limit=self._batch, lease=self._lease)
            await uow.commit()
        if not claimed:
            return 0
        try:
            errors = await asyncio.gather(*(self._send_limited(d) for d in claimed))
        except asyncio.CancelledError:
            # Stopping mid-send: hand the batch back at once rather than after the lease (another process, or the next start).
            await asyncio.shield(self._release(claimed))
            raise
        # One transaction records the whole batch: on SQLite every write transaction queues for the one lock.
        async with self._uow() as uow:
            for delivery, error in zip(claimed, errors):
                await self._record(uow, delivery, error)
            await uow.commit()
        return len(claimed)

    async def _release(self, claimed: list[Delivery]) -> None:
        async with self._uow() as uow:
            await uow.deliveries.release([d.id for d in claimed], datetime.now(UTC))
            await uow.commit()

    async def _send_limited(self, delivery: Delivery) -> str | None:
        async with self._sending:
            return await self._send(delivery)

    async def _record(self, uow, delivery: Delivery, error: str | None) -> None:
        now = datetime.now(UTC)
        final = False
        if error is None:
            delivery.record_success(now)
        else:
            final = delivery.record_failure(error, now, max_attempts=self._policy.max_attempts, base_seconds=self._policy.base_seconds,
                                            max_seconds=self._policy.max_seconds)
        if not await uow.deliveries.record_attempt(delivery):
            return  # no longer pending (changed meanwhile): leave it as it is
        if final:
            self._dead_letter(uow, delivery, now)
        elif error:
            log.warning("delivery.retry", delivery_id=delivery.id, attempts=delivery.attempts, next_attempt_at=delivery.next_attempt_at.isoformat(),
                        error=error)
        else:
            log.info("delivery.sent", delivery_id=delivery.id, channel=delivery.channel.value, attempts=delivery.attempts)
        if delivery.subscription_id and delivery.status is not DeliveryStatus.PENDING:
            await self._track_subscription(uow, delivery, now)

    async def _send(self, delivery: Delivery) -> str | None:
        try:
            # Read again just before sending: an erasure since the claim cancels the message or blanks its payload.
            async with self._uow() as uow:
                current = await uow.deliveries.get(delivery.id)
                subscription = await uow.subscriptions.get(delivery.subscription_id) if delivery.subscription_id else None
            if current is None or current.status is not DeliveryStatus.PENDING:
                return "no longer pending (cancelled) when its turn came"  # recorded nowhere: the row is not pending
            delivery.payload = current.payload
            if delivery.channel is Channel.EMAIL:
                await self._mailer.send(delivery.payload, message_id=delivery.message_id)
            else:
                if subscription is None or not subscription.active:
                    return "the subscription is switched off or deleted"
                await self._webhooks.send(delivery.payload, secret=subscription.secret)
        except SendFailed as exc:
            return str(exc)
        except Exception as exc:  # a bug or an unexpected channel error: recorded on the delivery, retried like any failure
            log.exception("delivery.unexpected_error", delivery_id=delivery.id)
            return f"{type(exc).__name__}: {exc}"
        return None

    @staticmethod
    def _dead_letter(uow, delivery: Delivery, now: datetime) -> None:
        log.error("delivery.failed", delivery_id=delivery.id, channel=delivery.channel.value, attempts=delivery.attempts, error=delivery.last_error)
        uow.emit(DeliveryFailed(delivery_id=delivery.id, channel=delivery.channel.value, kind=delivery.kind, source_event_id=delivery.source_event_id,
                                attempts=delivery.attempts, last_error=delivery.last_error or "unknown", failed_at=now))

    async def _track_subscription(self, uow, delivery: Delivery, now: datetime) -> None:
        subscription = await uow.subscriptions.get(delivery.subscription_id, for_update=True)
        if subscription is None:
            return
        if delivery.status is DeliveryStatus.SENT:
            subscription.record_successful_delivery()
        elif subscription.record_failed_delivery(delivery.last_error or "", now, disable_after=self._policy.disable_webhook_after):
            await self._disabled(uow, subscription, delivery, now)
        await uow.subscriptions.save(subscription)

    async def _disabled(self, uow, subscription: Subscription, delivery: Delivery, now: datetime) -> None:
        log.warning("webhook.subscription_disabled", subscription_id=subscription.id, failures=subscription.consecutive_failures)
        envelope = uow.emit(WebhookSubscriptionDisabled(
            subscription_id=subscription.id, organisation_id=subscription.organisation_id, url=subscription.url,
            consecutive_failures=subscription.consecutive_failures, last_error=delivery.last_error, disabled_at=now))
        if subscription.organisation_id is None:
            return
        org = await uow.organisations.get(subscription.organisation_id)
        if org is None:
            return
        for contact in await uow.organisations.contacts(org.id):
            lang = choose_language(contact.language, org.languages[0] if org.languages else None)
            context = {"organisation": org.name_in(lang), "url": subscription.url, "failures": subscription.consecutive_failures,
                       "last_error": delivery.last_error or ""}
            await self._notifier.email(uow, envelope, dedupe_key=f"webhook-disabled:{subscription.id}:{now.isoformat()}",
                                       kind=MessageKind.WEBHOOK_DISABLED, to=Recipient(contact.name, contact.email, lang), context=context)
