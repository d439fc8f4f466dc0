"""The one place where the notifications service is wired: settings, runtime with its dispatcher, HTTP app."""

from __future__ import annotations

import asyncio
from email.utils import parseaddr
from pathlib import Path

import structlog
from contracts.notifications import DeliveryFailed, WebhookSubscriptionDisabled
from contracts.privacy import PersonErasureCompleted
from fastapi import FastAPI
from servicekit.app import create_service_app
from servicekit.runtime import ServiceRuntime
from servicekit.unit_of_work import OutboxSignal

from notifications.adapters.links import LegacyLinks
from notifications.adapters.mailer import SmtpMailer
from notifications.adapters.orm import metadata
from notifications.adapters.rendering import Renderer
from notifications.adapters.webhook_sender import WebhookSender
from notifications.entrypoints import deliveries as deliveries_http
from notifications.entrypoints import dev_mail, privacy, unsubscribe
from notifications.entrypoints import webhooks as webhooks_http
from notifications.entrypoints.consumers import CONSUMER_TOPICS, register_consumers
from notifications.service_layer.awards import AwardsMessages
from notifications.service_layer.dispatcher import Dispatcher, RetryPolicy
from notifications.service_layer.membership import MembershipMessages
from notifications.service_layer.notifier import Notifier
from notifications.service_layer.registrations import RegistrationMessages
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from notifications.settings import Settings

__all__ = ["Settings", "build_runtime", "create_app", "MIGRATIONS"]

MIGRATIONS = Path(__file__).parent / "migrations"
log = structlog.get_logger()


class NotificationsRuntime(ServiceRuntime):
    """The service runtime plus the dispatcher task that sends what the consumers queued."""

    def __init__(self, settings: Settings):
        super().__init__(settings, metadata=metadata, migrations=MIGRATIONS, uow_class=NotificationsUnitOfWork,
                         publishes=[DeliveryFailed, WebhookSubscriptionDisabled, PersonErasureCompleted])
        self.legacy_links = LegacyLinks(settings.link_secret, settings.legacy_unsubscribe_links_until)
        self.notifier = Notifier(Renderer(), settings.public_base_url, mail_domain=_domain_of(settings.mail_from),
                                 sender_address=parseaddr(settings.mail_from)[1] or "notifications@pact.localhost",
                                 web_url=settings.web_url)
        self.dispatch_signal = OutboxSignal()
        self.mailer = SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from, username=settings.smtp_username,
                                 password=settings.smtp_password, starttls=settings.smtp_starttls, timeout=settings.smtp_timeout_seconds)
        self.webhook_sender = WebhookSender(timeout=settings.webhook_timeout_seconds, allow_private=settings.allow_private_webhooks)
        self.dispatcher = Dispatcher(
            self.uow, mailer=self.mailer, webhooks=self.webhook_sender, notifier=self.notifier, signal=self.dispatch_signal,
            policy=RetryPolicy(settings.delivery_max_attempts, settings.retry_base_seconds, settings.retry_max_seconds,
                               settings.webhook_disable_after_failures),
            batch_size=settings.dispatch_batch_size, poll_seconds=settings.dispatch_poll_seconds, lease_seconds=settings.dispatch_lease_seconds)
        self.consumers = register_consumers(self, RegistrationMessages(self.notifier), MembershipMessages(self.notifier),
                                            AwardsMessages(self.notifier))
        self.consumer_for_topic = {topic: self.consumers[name] for name, topic in CONSUMER_TOPICS.items()}

    def uow(self) -> NotificationsUnitOfWork:
        uow = super().uow()
        uow.on_deliveries_queued = self.dispatch_signal.notify
        return uow

    async def start(self) -> None:
        await super().start()
        if self.settings.run_dispatcher:
            self._tasks.append(asyncio.create_task(self.dispatcher.run(), name="notifications-dispatcher"))


def _domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "pact.localhost"


def build_runtime(settings=None) -> NotificationsRuntime:
    return NotificationsRuntime(settings or Settings())


def create_app(settings=None) -> FastAPI:
    settings = settings or Settings()
    routers = [deliveries_http.router, webhooks_http.router, unsubscribe.router, privacy.router]
    if settings.dev_mail_dir:
        routers.append(dev_mail.router)
    app = create_service_app(
        build_runtime(settings),
        title="Pact notifications",
        description="E-mail and webhook notifications in the recipient's language: deliveries, webhook subscriptions, preferences.",
        routers=routers,
    )
    app.state.dev_mail_dir = settings.dev_mail_dir
    return app
