"""The awards service's tables (its own database)."""

from servicekit.db import UtcDateTime, inbox_table, new_metadata, outbox_table
from sqlalchemy import Column, String, Table

metadata = new_metadata()

known_organisations = Table(
    "known_organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(2), nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# One row per signature, as last reported by membership. Membership status is derived from all of
# an organisation's signatures: events of different signatures can arrive in any order.
known_signatures = Table(
    "known_signatures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
