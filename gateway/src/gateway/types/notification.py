"""Deliveries and webhook subscriptions as the schema shows them, and how they map to notifications' API."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from gateway.types.pagination import PageInfo
from gateway.node import global_id


@strawberry.enum(description="Where a delivery stands.")
class DeliveryStatus(Enum):
    PENDING = strawberry.enum_value("pending", description="Waiting to be sent, or to be retried after a failed attempt.")
    SENT = strawberry.enum_value("sent", description="Accepted by the SMTP server or the webhook receiver.")
    FAILED = strawberry.enum_value("failed", description="Every attempt failed; it can be replayed.")
    CANCELLED = strawberry.enum_value("cancelled", description="Never sent: its recipient's data was erased on their request. It cannot be replayed.")


@strawberry.enum(description="How a message travels.")
class DeliveryChannel(Enum):
    EMAIL = strawberry.enum_value("email", description="An e-mail to a person.")
    WEBHOOK = strawberry.enum_value("webhook", description="A signed HTTP POST to a webhook subscription.")


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="One message to one recipient over one channel, with its attempts: the delivery log.")
class Delivery:
    id: strawberry.ID = strawberry.field(description="Stable id of the delivery.")
    channel: DeliveryChannel = strawberry.field(description="E-mail or webhook.")
    recipient: str = strawberry.field(description="The e-mail address, or the webhook subscription's id.")
    kind: str = strawberry.field(description="The message kind (e-mail, e.g. registration_confirmed) or the event type (webhook).")
    category: str = strawberry.field(description="transactional, event_reminders, membership_updates or awards_updates.")
    language: str | None = strawberry.field(description="Language of an e-mail (en, nl, fr, de); null for webhooks.")
    status: DeliveryStatus = strawberry.field(description="Where the delivery stands.")
    attempts: int = strawberry.field(description="Attempts made so far.")
    last_error: str | None = strawberry.field(description="Why the last attempt failed; null after success.")
    subject: str | None = strawberry.field(description="The e-mail's subject; null for webhooks.")
    source_event_id: strawberry.ID = strawberry.field(description="Id of the event that caused the message.")
    replay_of: strawberry.ID | None = strawberry.field(description="The delivery this one replays, if any.")
    created_at: datetime = strawberry.field(description="When it was queued (UTC).")
    next_attempt_at: datetime | None = strawberry.field(description="When a pending delivery is tried next (UTC).")
    sent_at: datetime | None = strawberry.field(description="When it was accepted (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> Delivery:
        return cls(id=strawberry.ID(data["id"]), channel=DeliveryChannel(data["channel"]), recipient=data["recipient"], kind=data["kind"],
                   category=data["category"], language=data.get("language"), status=DeliveryStatus(data["status"]),
                   attempts=data["attempts"], last_error=data.get("last_error"), subject=data.get("subject"),
                   source_event_id=strawberry.ID(data["source_event_id"]), replay_of=data.get("replay_of"),
                   created_at=datetime.fromisoformat(data["created_at"]), next_attempt_at=_when(data.get("next_attempt_at")),
                   sent_at=_when(data.get("sent_at")))


@strawberry.type(description="A delivery with its cursor.")
class DeliveryEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this delivery.")
    node: Delivery = strawberry.field(description="The delivery.")


@strawberry.type(description="A page of the delivery log, newest first (Relay connection).")
class DeliveryConnection:
    edges: list[DeliveryEdge] = strawberry.field(description="The deliveries of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many deliveries you may see match the filters, over all pages.")

    @strawberry.field(description="The deliveries of this page, without cursors.")
    def nodes(self) -> list[Delivery]:
        return [edge.node for edge in self.edges]


@strawberry.type(description="A URL that receives the platform's events as signed POSTs (Standard Webhooks).")
class WebhookSubscription:
    id: strawberry.ID = strawberry.field(description="Stable id of the subscription.")
    url: str = strawberry.field(description="Where the events are POSTed.")
    event_types: list[str] = strawberry.field(description="The event types it receives.")
    description: str = strawberry.field(description="What it is for, in the owner's words.")
    organisation_id: strawberry.ID | None = strawberry.field(description="The member organisation that owns it; null for an operator's.")
    active: bool = strawberry.field(description="False once switched off, by its owner or after failing deliveries.")
    consecutive_failures: int = strawberry.field(description="Deliveries in a row that failed after all their retries.")
    disabled_reason: str | None = strawberry.field(description="Why it was switched off; null while active.")
    secret: str = strawberry.field(description="The whsec_ secret that signs its deliveries; verify the webhook-signature header with it.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> WebhookSubscription:
        return cls(id=strawberry.ID(data["id"]), url=data["url"], event_types=data["event_types"], description=data["description"],
                   organisation_id=global_id("Organisation", data["organisation_id"]) if data.get("organisation_id") else None, active=data["active"], consecutive_failures=data["consecutive_failures"],
                   disabled_reason=data.get("disabled_reason"), secret=data["secret"], created_at=datetime.fromisoformat(data["created_at"]))


@strawberry.input(description="A new webhook subscription.")
class CreateWebhookSubscriptionInput:
    url: str = strawberry.field(description="http(s) URL on a public address.")
    event_types: list[str] = strawberry.field(description="Event types to receive; see `webhookEventTypes`.")
    description: str = strawberry.field(default="", description="What it is for.")
    organisation_id: strawberry.ID | None = strawberry.field(default=None, description="Operators only: the member organisation that owns it.")

    def to_upstream(self) -> dict[str, Any]:
        return {"url": self.url, "event_types": self.event_types, "description": self.description,
                "organisation_id": str(self.organisation_id) if self.organisation_id is not None else None}


@strawberry.input(description="Changes to a webhook subscription; omitted fields stay as they are.")
class UpdateWebhookSubscriptionInput:
    url: str | None = strawberry.field(default=None, description="A new URL.")
    event_types: list[str] | None = strawberry.field(default=None, description="A new list of event types.")
    description: str | None = strawberry.field(default=None, description="A new description.")
    active: bool | None = strawberry.field(default=None, description="True switches it back on; false switches it off.")

    def to_upstream(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@strawberry.type(description="A webhook subscription in a page of webhook subscriptions, with the cursor that points just after it.")
class WebhookSubscriptionEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue the list after this subscription.")
    node: WebhookSubscription = strawberry.field(description="The subscription.")


@strawberry.type(description="A page of webhook subscriptions (Relay connection).")
class WebhookSubscriptionConnection:
    edges: list[WebhookSubscriptionEdge] = strawberry.field(description="The webhook subscriptions of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many webhook subscriptions match the filters, over all pages.")

    @strawberry.field(description="The webhook subscriptions of this page, without cursors.")
    def nodes(self) -> list[WebhookSubscription]:
        return [edge.node for edge in self.edges]


@strawberry.enum(description="What kind of messages an unsubscribe link switches off (service messages cannot be).")
class MessageCategory(Enum):
    EVENT_REMINDERS = strawberry.enum_value("event_reminders", description="Reminders before the events one registered for.")
    MEMBERSHIP_UPDATES = strawberry.enum_value("membership_updates", description="News about one's organisation's membership.")
    AWARDS_UPDATES = strawberry.enum_value("awards_updates", description="News about the Fair ICT Awards.")


@strawberry.type(description="What the unsubscribe link of a message switches, and whether it is on. Never whose link it is.")
class UnsubscribeLink:
    category: MessageCategory = strawberry.field(description="The kind of messages the link switches.")
    language: str = strawberry.field(description="The language of the message that carried the link (en, nl, fr, de).")
    subscribed: bool = strawberry.field(description="Whether these messages are still sent.")

    @classmethod
    def from_upstream(cls, data: dict[str, Any]) -> UnsubscribeLink:
        return cls(category=MessageCategory(data["category"]), language=data["language"], subscribed=data["subscribed"])
