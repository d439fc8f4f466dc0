"""Membership's tables (its own database; no other service reads it)."""

from sqlalchemy import JSON, Column, Integer, String, Table

from servicekit.db import UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("name_key", String(200), nullable=False, unique=True),  # case-folded: one register entry per name
    Column("kind", String(20), nullable=False, index=True),
    Column("country", String(2), nullable=False, index=True),
    Column("website", String(500)),
    Column("languages", JSON, nullable=False),
    Column("registered_at", UtcDateTime, nullable=False),
    Column("version", Integer, nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
