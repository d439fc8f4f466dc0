"""Configuration of the notifications service (environment variables prefixed NOTIFICATIONS_)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import field_validator
from pydantic_settings import SettingsConfigDict
from servicekit.settings import settings_for


class Settings(settings_for("notifications", port=8004)):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore", populate_by_name=True)

    # Outgoing mail. Development points this at `python -m notifications mailcatcher`.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Circular and Fair ICT Pact <notifications@pact.localhost>"
    # Links in messages (unsubscribe, preferences) are built on this public base URL (whatever serves /unsubscribe/...
    # publicly: this service behind an Ingress or a published port, or a web front); each is an opaque stored token.
    public_base_url: str = "http://127.0.0.1:8004"
    # The public web site (NOTIFICATIONS_WEB_URL): when set, the unsubscribe links in the messages' bodies lead to its
    # page in the recipient's language (<web_url>/<lang>/unsubscribe/<token>). The List-Unsubscribe header keeps
    # this service's own URL: mail clients POST to it for RFC 8058 one-click.
    web_url: str = ""
    # Messages sent before the tokens were stored carried signed links (with the address): they are read with this
    # secret until this day (inclusive), then refused. Empty secret or no date: refused at once.
    link_secret: str = ""
    legacy_unsubscribe_links_until: date | None = date(2027, 6, 30)
    # Outside development the service refuses to start with these at their development values (servicekit.preflight).
    production_secrets: ClassVar[tuple[str, ...]] = ("link_secret",)
    production_public_urls: ClassVar[tuple[str, ...]] = ("public_base_url",)
    production_optional_public_urls: ClassVar[tuple[str, ...]] = ("web_url",)
    # The durable queue: how often the dispatcher looks for due deliveries, and the retry schedule
    # (30 s doubling up to an hour, 12 attempts: about five hours before a delivery is given up).
    run_dispatcher: bool = True
    dispatch_poll_seconds: float = 1.0
    dispatch_batch_size: int = 50
    dispatch_lease_seconds: float = 120.0
    delivery_max_attempts: int = 12
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    # Webhooks: a subscription whose deliveries fail this many times in a row (each after all retries) is switched off.
    webhook_timeout_seconds: float = 10.0
    webhook_disable_after_failures: int = 3
    # Loopback and private addresses are refused as webhook targets unless this is on (development and tests only).
    allow_private_webhooks: bool = False
    # When set, GET /dev/mail lists the .eml files the mailcatcher stored in this directory (development only).
    dev_mail_dir: str = ""

    @field_validator("legacy_unsubscribe_links_until", mode="before")
    @classmethod
    def _empty_is_none(cls, value):
        return None if value == "" else value
