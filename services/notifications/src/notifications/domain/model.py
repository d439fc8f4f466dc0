"""What the notifications service knows: message kinds, their categories, deliveries and their retry rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

LANGUAGES = ("en", "nl", "fr", "de")
DEFAULT_LANGUAGE = "en"
ERASED_DOMAIN = "@erased.invalid"  # RFC 2606: .invalid never resolves, so a placeholder address can never be mailed


class Channel(str, Enum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(str, Enum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # never sent: its recipient was erased while it was queued


class Category(str, Enum):
    """What a recipient can switch off. Transactional messages answer something the recipient did
    (or must know to take part) and cannot be switched off."""

    TRANSACTIONAL = "transactional"
    EVENT_REMINDERS = "event_reminders"
    MEMBERSHIP_UPDATES = "membership_updates"
    AWARDS_UPDATES = "awards_updates"


class MessageKind(str, Enum):
    REGISTRATION_CONFIRMED = "registration_confirmed"
    REGISTRATION_WAITLISTED = "registration_waitlisted"
    REGISTRATION_PROMOTED = "registration_promoted"
    JOIN_LINK = "join_link"
    REMINDER = "reminder"
    REGISTRATION_CANCELLED = "registration_cancelled"
    EVENT_CANCELLED = "event_cancelled"
    SIGNATURE_RECORDED = "signature_recorded"
    SIGNATURE_VERIFIED = "signature_verified"
    SIGNATURE_REJECTED = "signature_rejected"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    LETTER_RECEIVED = "letter_of_support_received"
    LETTER_VERIFIED = "letter_of_support_verified"
    WEBHOOK_DISABLED = "webhook_disabled"
    JURY_INVITATION = "jury_invitation"
    NOMINATION_RECEIVED = "nomination_received"
    NOMINATION_SCREENED = "nomination_screened"
    AWARD_WON = "award_won"

    @property
    def category(self) -> Category:
        return _CATEGORIES.get(self, Category.TRANSACTIONAL)

    @property
    def transactional(self) -> bool:
        return self.category is Category.TRANSACTIONAL

    @property
    def attaches_calendar(self) -> bool:
        """Confirmations carry the calendar entry (PUBLISH), cancellations its removal (CANCEL)."""
        return self in (MessageKind.REGISTRATION_CONFIRMED, MessageKind.REGISTRATION_PROMOTED, MessageKind.REGISTRATION_CANCELLED,
                        MessageKind.EVENT_CANCELLED)


_CATEGORIES = {
    MessageKind.REMINDER: Category.EVENT_REMINDERS,
    MessageKind.SIGNATURE_RECORDED: Category.MEMBERSHIP_UPDATES,
    MessageKind.SIGNATURE_VERIFIED: Category.MEMBERSHIP_UPDATES,
    MessageKind.SIGNATURE_REJECTED: Category.MEMBERSHIP_UPDATES,
    MessageKind.SIGNATURE_WITHDRAWN: Category.MEMBERSHIP_UPDATES,
    MessageKind.LETTER_RECEIVED: Category.MEMBERSHIP_UPDATES,
    MessageKind.LETTER_VERIFIED: Category.MEMBERSHIP_UPDATES,
    MessageKind.NOMINATION_RECEIVED: Category.AWARDS_UPDATES,
    MessageKind.NOMINATION_SCREENED: Category.AWARDS_UPDATES,
    MessageKind.AWARD_WON: Category.AWARDS_UPDATES,
}


def choose_language(*candidates: str | None) -> str:
    """The first supported language among the recipient's preference, then the event's or document's, then English."""
    for candidate in candidates:
        if candidate and candidate.lower() in LANGUAGES:
            return candidate.lower()
    return DEFAULT_LANGUAGE


def retry_delay(attempts: int, *, base_seconds: float, max_seconds: float) -> timedelta:
    """Exponential backoff after ``attempts`` failed attempts: base, 2*base, 4*base ... capped."""
    return timedelta(seconds=min(base_seconds * 2 ** max(attempts - 1, 0), max_seconds))


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    language: str


@dataclass
class Delivery:
    """One message to one recipient over one channel, caused by one event (``dedupe_key``)."""

    id: str
    dedupe_key: str
    source_event_id: str
    channel: Channel
    recipient: str
    kind: str
    category: Category
    language: str | None
    payload: dict
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    subscription_id: str | None = None
    message_id: str | None = None
    replay_of: str | None = None

    @property
    def erased(self) -> bool:
        return self.recipient.endswith(ERASED_DOMAIN)

    def erase(self) -> None:
        """The recipient asked to be forgotten: keep the row (counts, the uniqueness of cause, recipient and channel)
        with a placeholder address and no content; a message still queued is never sent."""
        self.recipient = f"erased-{self.id}{ERASED_DOMAIN}"
        self.payload = {}
        self.last_error = None
        if self.status is DeliveryStatus.PENDING:
            self.status = DeliveryStatus.CANCELLED

    def record_failure(self, error: str, now: datetime, *, max_attempts: int, base_seconds: float, max_seconds: float) -> bool:
        """Count a failed attempt; returns True when that was the last one and the delivery has failed for good."""
        self.attempts += 1
        self.last_error = error[:2000]
        if self.attempts >= max_attempts:
            self.status = DeliveryStatus.FAILED
            return True
        self.next_attempt_at = now + retry_delay(self.attempts, base_seconds=base_seconds, max_seconds=max_seconds)
        return False

    def record_success(self, now: datetime) -> None:
        self.attempts += 1
        self.status = DeliveryStatus.SENT
        self.sent_at = now
        self.last_error = None
