"""Webhook subscriptions and Standard Webhooks signatures (https://www.standardwebhooks.com).

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature header is a
space-separated list of ``v1,<base64 HMAC-SHA256>``; the secret is ``whsec_<base64 key>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE_SECONDS = 5 * 60


class WebhookVerificationError(Exception):
    """The signature does not match, or the timestamp is too old or too new."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes | str) -> str:
    """The ``webhook-signature`` header value for one message."""
    payload = body.encode() if isinstance(body, str) else body
    digest = hmac.new(_key(secret), f"{message_id}.{timestamp}.".encode() + payload, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id, timestamp, body),
        "content-type": "application/json",
    }


def verify(secret: str, headers: dict[str, str], body: bytes | str, *, now: int, tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> None:
    """What a receiver does: raise ``WebhookVerificationError`` unless a ``v1`` signature matches a fresh timestamp."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        message_id, timestamp = lowered["webhook-id"], int(lowered["webhook-timestamp"])
        signatures = lowered["webhook-signature"].split()
    except (KeyError, ValueError):
        raise WebhookVerificationError("missing or malformed webhook headers") from None
    if abs(now - timestamp) > tolerance:
        raise WebhookVerificationError("timestamp outside the tolerance window")
    expected = sign(secret, message_id, timestamp, body).encode()
    if not any(hmac.compare_digest(expected, candidate.encode()) for candidate in signatures if candidate.startswith("v1,")):
        raise WebhookVerificationError("no matching signature")


@dataclass
class Subscription:
    id: str
    url: str
    event_types: list[str]
    secret: str
    organisation_id: str | None  # None: an operator's subscription, which may see every event
    description: str
    active: bool
    consecutive_failures: int
    created_by: str
    created_at: datetime
    updated_at: datetime
    disabled_at: datetime | None = None
    disabled_reason: str | None = None

    def wants(self, event_type: str, concerned_organisations: set[str]) -> bool:
        """Active, subscribed to the type, and (for a member's subscription) about that member only."""
        if not self.active or event_type not in self.event_types:
            return False
        return self.organisation_id is None or self.organisation_id in concerned_organisations

    def record_failed_delivery(self, error: str, now: datetime, *, disable_after: int) -> bool:
        """Returns True when this failure switched the subscription off."""
        self.consecutive_failures += 1
        if self.active and self.consecutive_failures >= disable_after:
            self.active = False
            self.disabled_at = now
            self.disabled_reason = f"{self.consecutive_failures} deliveries in a row failed; last error: {error}"[:1000]
            return True
        return False

    def record_successful_delivery(self) -> None:
        self.consecutive_failures = 0

    def enable(self, now: datetime) -> None:
        self.active, self.consecutive_failures, self.disabled_at, self.disabled_reason, self.updated_at = True, 0, None, None, now
