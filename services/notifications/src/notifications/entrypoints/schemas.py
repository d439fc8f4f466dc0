"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime

from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, Field, UrlConstraints
from servicekit.inputs import EmailAddress, StrictBool, free_text, single_line

from notifications.domain.model import Delivery
from notifications.domain.webhooks import Subscription


class PageInfo(BaseModel):
    end_cursor: str | None = Field(description="Pass as `after` to get the next page.")
    has_next_page: bool


class DeliveryOut(BaseModel):
    id: str
    channel: str = Field(description="email or webhook")
    recipient: str = Field(description="E-mail address, or the webhook subscription id.")
    kind: str = Field(description="Message kind (e-mail) or event type (webhook).")
    category: str
    language: str | None
    status: str = Field(description="pending, sent, failed, or cancelled (its recipient was erased before it was sent)")
    attempts: int
    last_error: str | None
    source_event_id: str
    subscription_id: str | None
    message_id: str | None
    replay_of: str | None
    subject: str | None = Field(description="The e-mail's subject.")
    created_at: datetime
    next_attempt_at: datetime | None = Field(description="When a pending delivery is tried next.")
    sent_at: datetime | None

    @classmethod
    def of(cls, d: Delivery) -> "DeliveryOut":
        return cls(id=d.id, channel=d.channel.value, recipient=d.recipient, kind=d.kind, category=d.category.value, language=d.language,
                   status=d.status.value, attempts=d.attempts, last_error=d.last_error, source_event_id=d.source_event_id,
                   subscription_id=d.subscription_id, message_id=d.message_id, replay_of=d.replay_of, subject=d.payload.get("subject"),
                   created_at=d.created_at, next_attempt_at=d.next_attempt_at if d.status.value == "pending" else None, sent_at=d.sent_at)


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    page_info: PageInfo
    total_count: int


WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=2000)]
EventType = single_line(max_length=200)
Description = free_text(max_length=500)
OrganisationId = single_line(max_length=36)
PersonName = single_line(min_length=1, max_length=200)


class SubscriptionIn(BaseModel):
    url: WebhookUrl = Field(description="http(s) URL that receives signed POSTs; public addresses only.")
    event_types: list[EventType] = Field(min_length=1, max_length=50, description="Event types to receive; see GET /webhooks/event-types.")
    description: Description = ""
    organisation_id: OrganisationId | None = Field(default=None, description="Operators only: the member organisation that owns it.")


class SubscriptionPatch(BaseModel):
    url: WebhookUrl | None = None
    event_types: list[EventType] | None = Field(default=None, min_length=1, max_length=50)
    description: Description | None = None
    active: StrictBool | None = Field(default=None, description="true switches a disabled subscription back on.")


class SubscriptionOut(BaseModel):
    id: str
    url: str
    event_types: list[str]
    description: str
    organisation_id: str | None
    active: bool
    consecutive_failures: int
    disabled_at: datetime | None
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime
    secret: str = Field(description="whsec_... : verify the webhook-signature header with it (Standard Webhooks).")

    @classmethod
    def of(cls, s: Subscription) -> "SubscriptionOut":
        return cls(**{k: getattr(s, k) for k in cls.model_fields})


class SubscriptionList(BaseModel):
    items: list[SubscriptionOut]


class EventTypes(BaseModel):
    event_types: list[str] = Field(description="Event types a webhook subscription may ask for.")


class PersonIn(BaseModel):
    """The person whose data is asked for: in a POST body, so the address never appears in a URL or access log."""

    email: EmailAddress = Field(description="The person's e-mail address.")
    names: list[PersonName] = Field(
        default_factory=list, max_length=20, description="Names the person may be recorded under without their address (a signatory).")


class PersonalDataOut(BaseModel):
    service: str = "notifications"
    records: dict[str, list[dict]] = Field(description="By kind: contacts, registrations, deliveries (messages to the person), "
                                                       "deliveries_mentioning (messages to others that carry the person), preferences, "
                                                       "erasures (earlier erasures of this address).")
