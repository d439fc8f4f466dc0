"""The register's tables: the entries and a one-row head whose lock serialises appends."""

from servicekit.db import UtcDateTime
from sqlalchemy import Column, Integer, String, Table, Text

from membership.adapters.orm import metadata

register_entries = Table(
    "register_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("subject", String(200), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)

register_head = Table(
    "register_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1
    Column("size", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)
