"""events, organisers, sessions, registrations, scheduled messages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Written out, not imported from the ORM: a migration must not change when the code does.
ACTIVE = sa.text("status <> 'cancelled'")
PENDING = sa.text("state = 'pending'")


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("venue", sa.Text()),
        sa.Column("join_url", sa.Text()),
        sa.Column("join_link_release_at", sa.DateTime(timezone=True)),
        sa.Column("organiser_ids", sa.JSON(), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("registration_opens_at", sa.DateTime(timezone=True)),
        sa.Column("registration_closes_at", sa.DateTime(timezone=True)),
        sa.Column("capacity", sa.Integer()),
        sa.Column("waitlist", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("cancel_reason", sa.Text()),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("waitlist_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.CheckConstraint("capacity IS NULL OR seats_taken <= capacity", name="ck_events_seats_within_capacity"),
    )
    op.create_index("ix_events_kind", "events", ["kind"])
    op.create_index("ix_events_starts_at", "events", ["starts_at"])
    op.create_index("ix_events_status", "events", ["status"])
    op.create_table(
        "event_organisers",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("organisation_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "organisation_id", name="pk_event_organisers"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_organisers_event_id_events", ondelete="CASCADE"),
    )
    op.create_index("ix_event_organisers_organisation_id", "event_organisers", ["organisation_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("track", sa.String(100), nullable=False),
        sa.Column("speakers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_sessions_event_id_events", ondelete="CASCADE"),
    )
    op.create_index("ix_sessions_event_id", "sessions", ["event_id"])
    op.create_table(
        "registrations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("organisation", sa.String(300)),
        sa.Column("organisation_id", sa.String(36)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ticket_code", sa.String(20), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("waitlist_seq", sa.Integer()),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("cancelled_by", sa.String(30)),
        sa.Column("checked_in_at", sa.DateTime(timezone=True)),
        sa.Column("idempotency_key", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_registrations"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_registrations_event_id_events"),
        sa.UniqueConstraint("ticket_code", name="uq_registrations_ticket_code"),
        sa.UniqueConstraint("event_id", "idempotency_key", name="uq_registrations_event_id_idempotency_key"),
    )
    op.create_index("ix_registrations_event_id_status_waitlist_seq", "registrations", ["event_id", "status", "waitlist_seq"])
    op.create_index("uq_registrations_active_email", "registrations", ["event_id", "email"], unique=True,
                    postgresql_where=ACTIVE, sqlite_where=ACTIVE)
    op.create_table(
        "scheduled_messages",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("registration_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_messages"),
        sa.ForeignKeyConstraint(["registration_id"], ["registrations.id"], name="fk_scheduled_messages_registration_id_registrations"),
        sa.UniqueConstraint("registration_id", "kind", name="uq_scheduled_messages_registration_id_kind"),
    )
    op.create_index("ix_scheduled_messages_pending", "scheduled_messages", ["due_at"], postgresql_where=PENDING, sqlite_where=PENDING)


def downgrade() -> None:
    for table in ("scheduled_messages", "registrations", "sessions", "event_organisers", "events"):
        op.drop_table(table)
