"""Events published by the notifications service."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from contracts.registry import IntegrationEvent, event
from contracts.topics import NOTIFICATIONS_DELIVERY_DLQ, NOTIFICATIONS_WEBHOOK_SUBSCRIPTION


@event("notifications.webhook_subscription.disabled.v1", topic=NOTIFICATIONS_WEBHOOK_SUBSCRIPTION, aggregate="subscription_id")
class WebhookSubscriptionDisabled(IntegrationEvent):
    """A webhook subscription kept failing and was switched off; its owner was told and may switch it on again."""

    subscription_id: str
    organisation_id: str | None = Field(default=None, description="The owning member organisation; none for an operator's subscription.")
    url: str
    consecutive_failures: int = Field(ge=1, description="Deliveries in a row that failed after all their retries.")
    last_error: str | None = None
    disabled_at: datetime


@event("notifications.delivery.failed.v1", topic=NOTIFICATIONS_DELIVERY_DLQ, aggregate="delivery_id")
class DeliveryFailed(IntegrationEvent):
    """A message could not be delivered after every retry: it is marked failed and may be replayed by an operator."""

    delivery_id: str
    channel: str = Field(description="'email' or 'webhook'.")
    kind: str = Field(description="The message kind (e-mail) or the event type (webhook).")
    source_event_id: str = Field(description="Id of the event that caused the message.")
    attempts: int = Field(ge=1)
    last_error: str
    failed_at: datetime
