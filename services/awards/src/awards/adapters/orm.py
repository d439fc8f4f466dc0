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

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
