"""The notifications service's tables (its own database)."""

from servicekit.db import UtcDateTime, inbox_table, new_metadata, outbox_table
from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint

metadata = new_metadata()

# The durable retry queue and the delivery log in one: the consumer inserts rows in its inbox
# transaction, the dispatcher sends those that are due. One row per cause, recipient and channel.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("dedupe_key", Text, nullable=False),
    Column("source_event_id", String(36), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("kind", String(200), nullable=False),
    Column("category", String(40), nullable=False),
    Column("language", String(2), nullable=True),
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text, nullable=True),
    Column("payload", Text, nullable=False),
    Column("subscription_id", String(36), nullable=True, index=True),
    Column("message_id", String(200), nullable=True),
    Column("replay_of", String(36), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    UniqueConstraint("dedupe_key", "recipient", "channel", name="uq_deliveries_cause_recipient_channel"),
    Index("ix_deliveries_due", "status", "next_attempt_at"),
    Index("ix_deliveries_created", "created_at", "id"),
)

# Local copies built from membership's and events' events: whom to write to, never their databases.
known_organisations = Table(
    "known_organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("names", Text, nullable=False),  # JSON {language: name}
    Column("languages", Text, nullable=False),  # JSON [language, ...]
    Column("archived", Boolean, nullable=False, default=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

known_contacts = Table(
    "known_contacts",
    metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("email", String(320), primary_key=True),
    Column("name", Text, nullable=False),
    Column("language", String(2), nullable=False),
    Column("consented", Boolean, nullable=False),
)

known_registrations = Table(
    "known_registrations",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("event_id", String(100), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("email", String(320), nullable=False),
    Column("language", String(2), nullable=False),
    Column("status", String(20), nullable=False),
    Column("ticket_code", String(200), nullable=True),
    Column("cancel_url", Text, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The organisers of each published event (events.event.published.v1): a cancellation or a programme change, whose
# events do not name them, reaches the organisers' webhooks through this copy.
known_events = Table(
    "known_events",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("organiser_ids", Text, nullable=False),  # JSON [organisation id, ...]
    Column("updated_at", UtcDateTime, nullable=False),
)

known_editions = Table(
    "known_editions",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

preferences = Table(
    "preferences",
    metadata,
    Column("recipient", String(320), primary_key=True),
    Column("category", String(40), primary_key=True),
    Column("subscribed", Boolean, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# The unsubscribe links in messages: an opaque random token per recipient, category and language (adapters/links.py).
unsubscribe_links = Table(
    "unsubscribe_links",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("recipient", String(320), nullable=False),
    Column("category", String(40), nullable=False),
    Column("language", String(2), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("recipient", "category", "language", name="uq_unsubscribe_links_recipient_category_language"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=True, index=True),
    Column("url", String(2000), nullable=False),
    Column("event_types", Text, nullable=False),  # JSON list
    Column("secret", String(200), nullable=False),
    Column("description", String(500), nullable=False, default=""),
    Column("active", Boolean, nullable=False),
    Column("consecutive_failures", Integer, nullable=False, default=0),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("disabled_at", UtcDateTime, nullable=True),
    Column("disabled_reason", Text, nullable=True),
)

# The audit trail of personal-data erasures, by hash only. Also what keeps an erased person erased:
# an event that occurred before a request for the same hash creates no copy and no e-mail again.
erasures = Table(
    "erasures",
    metadata,
    Column("request_id", String(100), primary_key=True),
    Column("email_hash", String(64), nullable=False, index=True),
    Column("name_hashes", Text, nullable=False),  # JSON [hash, ...]
    Column("requested_at", UtcDateTime, nullable=False, index=True),
    Column("completed_at", UtcDateTime, nullable=False),
    Column("erased", Text, nullable=False),  # JSON {kind: count}
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
