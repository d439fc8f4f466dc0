"""The events service's tables (its own database; no other service reads it)."""

from servicekit.db import UtcDateTime, erasures_table, inbox_table, new_metadata, outbox_table
from sqlalchemy import JSON, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, text

metadata = new_metadata()

events = Table(
    "events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(30), nullable=False, index=True),
    Column("title", JSON, nullable=False),
    Column("description", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False, index=True),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("online", Boolean, nullable=False),
    Column("venue", Text),
    Column("join_url", Text),
    Column("join_link_release_at", UtcDateTime),
    Column("organiser_ids", JSON, nullable=False),
    Column("audience", String(20), nullable=False),
    Column("registration_opens_at", UtcDateTime),
    Column("registration_closes_at", UtcDateTime),
    Column("capacity", Integer),
    Column("waitlist", Boolean, nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime),
    Column("cancelled_at", UtcDateTime),
    Column("cancel_reason", Text),
    Column("seats_taken", Integer, nullable=False),
    Column("waitlist_seq", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    # The last line of defence behind the row lock: the database itself refuses an oversold event.
    CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"),
)

# Which organisations organise which event: the organiser filter and the organisers' access use it.
event_organisers = Table(
    "event_organisers",
    metadata,
    Column("event_id", String(36), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", String(36), primary_key=True, index=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(36), ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("duration_minutes", Integer, nullable=False),
    Column("title", String(500), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("track", String(100), nullable=False),
    Column("speakers", JSON, nullable=False),
)

ACTIVE_REGISTRATION = text("status <> 'cancelled'")

registrations = Table(
    "registrations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("event_id", String(36), ForeignKey("events.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("organisation", String(300)),
    Column("organisation_id", String(36)),
    Column("language", String(2), nullable=False),
    Column("consent", Boolean, nullable=False),
    Column("status", String(20), nullable=False),
    Column("ticket_code", String(20), nullable=False, unique=True),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("waitlist_seq", Integer),
    Column("confirmed_at", UtcDateTime),
    Column("cancelled_at", UtcDateTime),
    Column("cancelled_by", String(30)),
    Column("checked_in_at", UtcDateTime),
    Column("idempotency_key", String(200)),
    Index("ix_registrations_event_id_status_waitlist_seq", "event_id", "status", "waitlist_seq"),
    # One active registration per e-mail and event: a concurrent duplicate loses at the database.
    Index("uq_registrations_active_email", "event_id", "email", unique=True, postgresql_where=ACTIVE_REGISTRATION,
          sqlite_where=ACTIVE_REGISTRATION),
    UniqueConstraint("event_id", "idempotency_key", name="uq_registrations_event_id_idempotency_key"),
)

# Messages due later (reminders, join links released at a set time): one row per registration and
# kind, claimed and emitted through the outbox in one transaction, so none is sent twice.
scheduled_messages = Table(
    "scheduled_messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("registration_id", String(36), ForeignKey("registrations.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("state", String(20), nullable=False),  # pending, emitted, skipped
    Column("done_at", UtcDateTime),
    UniqueConstraint("registration_id", "kind", name="uq_scheduled_messages_registration_id_kind"),
    Index("ix_scheduled_messages_pending", "due_at", postgresql_where=text("state = 'pending'"), sqlite_where=text("state = 'pending'")),
)

# Erasure requests carried out (issue 10): hashes only, an audit trail, and the check that makes a
# redelivered request (another envelope, same request id) a no-op.
erasures = erasures_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
