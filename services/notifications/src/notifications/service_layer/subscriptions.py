"""Managing webhook subscriptions and replaying deliveries (operators, and members for their own)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import make_msgid

from notifications.adapters.webhook_sender import UnsafeUrl, check_url
from notifications.domain import errors
from notifications.domain.model import Channel, Delivery, DeliveryStatus
from notifications.domain.webhooks import Subscription, new_secret
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork


@dataclass(frozen=True)
class Caller:
    subject: str
    organisation_id: str | None  # None: an operator, who may see and manage everything
    operator: bool

    def may_manage(self, subscription: Subscription) -> bool:
        return self.operator or (subscription.organisation_id is not None and subscription.organisation_id == self.organisation_id)


async def _checked(url: str, event_types: list[str], allowed_types: list[str], allow_private: bool) -> None:
    unknown = sorted(set(event_types) - set(allowed_types))
    if unknown:
        raise errors.UnknownEventType(f"Cannot subscribe to {', '.join(unknown)}; choose from GET /webhooks/event-types.")
    try:
        await check_url(url, allow_private=allow_private)
    except UnsafeUrl as exc:
        raise errors.UnsafeWebhookUrl(f"The webhook URL is refused: {exc}.") from None


async def create(uow: NotificationsUnitOfWork, caller: Caller, *, url: str, event_types: list[str], description: str,
                 organisation_id: str | None, allowed_types: list[str], allow_private: bool) -> Subscription:
    await _checked(url, event_types, allowed_types, allow_private)
    owner = organisation_id if caller.operator else caller.organisation_id
    now = datetime.now(UTC)
    subscription = Subscription(id=str(uuid.uuid4()), url=url, event_types=sorted(set(event_types)), secret=new_secret(), organisation_id=owner,
                                description=description, active=True, consecutive_failures=0, created_by=caller.subject, created_at=now, updated_at=now)
    async with uow:
        await uow.subscriptions.add(subscription)
        await uow.commit()
    return subscription


async def get(uow: NotificationsUnitOfWork, caller: Caller, subscription_id: str) -> Subscription:
    async with uow:
        subscription = await uow.subscriptions.get(subscription_id)
    if subscription is None or not caller.may_manage(subscription):
        raise errors.NotFound(f"No webhook subscription {subscription_id!r} of yours.")
    return subscription


async def update(uow: NotificationsUnitOfWork, caller: Caller, subscription_id: str, changes: dict, *, allowed_types: list[str],
                 allow_private: bool, rotate_secret: bool = False) -> Subscription:
    async with uow:
        subscription = await uow.subscriptions.get(subscription_id, for_update=True)
        if subscription is None or not caller.may_manage(subscription):
            raise errors.NotFound(f"No webhook subscription {subscription_id!r} of yours.")
        now = datetime.now(UTC)
        if "url" in changes or "event_types" in changes:
            await _checked(changes.get("url", subscription.url), changes.get("event_types", subscription.event_types), allowed_types, allow_private)
        for key in ("url", "event_types", "description"):
            if key in changes:
                setattr(subscription, key, changes[key])
        if changes.get("active") is True and not subscription.active:
            subscription.enable(now)
        elif changes.get("active") is False:
            subscription.active, subscription.disabled_at, subscription.disabled_reason = False, now, f"switched off by {caller.subject}"
        if rotate_secret:
            subscription.secret = new_secret()
        subscription.updated_at = now
        await uow.subscriptions.save(subscription)
        await uow.commit()
    return subscription


async def delete(uow: NotificationsUnitOfWork, caller: Caller, subscription_id: str) -> None:
    await get(uow, caller, subscription_id)
    async with uow:
        await uow.subscriptions.delete(subscription_id)
        await uow.commit()


async def replay(uow: NotificationsUnitOfWork, caller: Caller, delivery_id: str) -> Delivery:
    """Send a delivery again as a new delivery (same content, same webhook-id so receivers can deduplicate)."""
    async with uow:
        original = await uow.deliveries.get(delivery_id)
        if original is None or not await _may_see(uow, caller, original):
            raise errors.NotFound(f"No delivery {delivery_id!r} that you may see.")
        if original.status is DeliveryStatus.PENDING:
            raise errors.NotReplayable("The delivery is still pending; it will be sent (or retried) by itself.")
        if original.erased or original.status is DeliveryStatus.CANCELLED:
            raise errors.NotReplayable("The recipient's personal data was erased: this message has no address or content any more.")
        now = datetime.now(UTC)
        copy = Delivery(id=str(uuid.uuid4()), dedupe_key=f"replay:{original.id}:{uuid.uuid4()}", source_event_id=original.source_event_id,
                        channel=original.channel, recipient=original.recipient, kind=original.kind, category=original.category,
                        language=original.language, payload=original.payload, created_at=now, next_attempt_at=now,
                        subscription_id=original.subscription_id, replay_of=original.id)
        if copy.channel is Channel.EMAIL:
            copy.message_id = make_msgid(idstring=copy.id[:8], domain=(original.message_id or "@pact.localhost>").split("@")[-1].rstrip(">"))
        await uow.deliveries.add_if_new(copy)
        uow.queued += 1
        await uow.commit()
    return copy


async def _may_see(uow: NotificationsUnitOfWork, caller: Caller, delivery: Delivery) -> bool:
    if caller.operator:
        return True
    if delivery.subscription_id is None:
        return False
    subscription = await uow.subscriptions.get(delivery.subscription_id)
    return subscription is not None and caller.may_manage(subscription)
