"""Turning an event into deliveries: render the message now, queue it for the dispatcher.

Runs inside the consumer's inbox transaction, so the inbox row and the delivery rows commit
together. The unique (cause, recipient, channel) key makes a second attempt a no-op.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import make_msgid

import structlog
from servicekit.privacy import ERASED

from contracts import Envelope, IntegrationEvent
from notifications.adapters.calendar import CalendarFile
from notifications.adapters.erasures import blank_people
from notifications.adapters.rendering import Renderer
from notifications.domain.model import Category, Channel, Delivery, MessageKind, Recipient
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = structlog.get_logger()

# Never sent to webhooks: the join link is a personal secret of the registrant.
PRIVATE_EVENT_TYPES = {"events.registration.join_link_released.v1"}


@dataclass
class Notifier:
    renderer: Renderer
    public_base_url: str
    mail_domain: str = "pact.localhost"
    sender_address: str = "notifications@pact.localhost"  # the ORGANIZER of calendar cancellations
    web_url: str = ""  # the web site: the bodies' unsubscribe links lead to its page (the header keeps ours, for one-click)

    async def email(self, uow: NotificationsUnitOfWork, envelope: Envelope, *, dedupe_key: str, kind: MessageKind,
                    to: Recipient, context: dict, ics: CalendarFile | None = None, mentions: tuple[str, ...] = ()) -> bool:
        """Queue one e-mail unless the recipient switched this category off, or was erased after the event occurred;
        False when nothing was queued. ``mentions`` are the other people the message names (a signatory): kept with
        the delivery so that their erasure finds them, and left out if they were erased already."""
        address = to.email.strip().lower()
        erased = await uow.erasures.requested_since(envelope.time)
        if erased.email(address):
            log.info("email.suppressed_erased_person", kind=kind.value)  # a late or replayed event must not bring them back
            return False
        if not kind.transactional and not await uow.preferences.subscribed(address, kind.category.value):
            log.info("email.suppressed_by_preference", kind=kind.value, category=kind.category.value)
            return False
        gone = {m for m in mentions if m and erased.name(m)}
        context = {k: ERASED if isinstance(v, str) and v in gone else v for k, v in context.items()}
        token = None if kind.transactional else await uow.unsubscribe_links.token_for(address, kind.category.value, to.language, datetime.now(UTC))
        unsubscribe = token and f"{self.public_base_url.rstrip('/')}/unsubscribe/{token}"
        page = token and (f"{self.web_url.rstrip('/')}/{to.language}/unsubscribe/{token}" if self.web_url else unsubscribe)
        message = self.renderer.render(kind.value, to.language, {"name": to.name, "unsubscribe_url": page, **context})
        payload = {"to": to.email, "name": to.name, "subject": message.subject, "text": message.text, "html": message.html,
                   "ics": ics and ics.text, "ics_method": ics and ics.method, "unsubscribe_url": unsubscribe}
        if kept := [m for m in mentions if m and m not in gone]:
            payload["mentions"] = kept
        delivery = self._delivery(envelope, dedupe_key, Channel.EMAIL, address, kind.value, kind.category, to.language, payload)
        delivery.message_id = make_msgid(idstring=delivery.id[:8], domain=self.mail_domain)
        return await self._queue(uow, delivery)

    async def webhooks(self, uow: NotificationsUnitOfWork, event: IntegrationEvent, envelope: Envelope, concerned: set[str]) -> int:
        """Queue the event for every active subscription that wants it (a member's only when it concerns that member)."""
        if envelope.type in PRIVATE_EVENT_TYPES:
            return 0
        wanting = [s for s in await uow.subscriptions.active() if s.wants(envelope.type, {c for c in concerned if c})]
        if not wanting:
            return 0
        data = blank_people(event.model_dump(mode="json"), await uow.erasures.requested_since(envelope.time))
        body = json.dumps({"type": envelope.type, "timestamp": envelope.time.isoformat(), "data": data})
        queued = 0
        for subscription in wanting:
            payload = {"url": subscription.url, "body": body, "webhook_id": f"msg_{envelope.id}"}
            delivery = self._delivery(envelope, envelope.id, Channel.WEBHOOK, subscription.id, envelope.type, Category.TRANSACTIONAL, None, payload)
            delivery.subscription_id = subscription.id
            queued += await self._queue(uow, delivery)
        return queued

    @staticmethod
    def _delivery(envelope, dedupe_key, channel, recipient, kind, category, language, payload) -> Delivery:
        now = datetime.now(UTC)
        return Delivery(id=str(uuid.uuid4()), dedupe_key=dedupe_key, source_event_id=envelope.id, channel=channel, recipient=recipient,
                        kind=kind, category=category, language=language, payload=payload, created_at=now, next_attempt_at=now)

    @staticmethod
    async def _queue(uow: NotificationsUnitOfWork, delivery: Delivery) -> bool:
        if not await uow.deliveries.add_if_new(delivery):
            log.info("delivery.duplicate_skipped", channel=delivery.channel.value, kind=delivery.kind)
            return False
        uow.queued += 1
        log.info("delivery.queued", delivery_id=delivery.id, channel=delivery.channel.value, kind=delivery.kind)
        return True
