"""The register's tables: the entries, the Merkle tree's stored nodes, and a one-row head whose lock serialises appends."""

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
    Column("root", String(64)),  # Merkle tree root over the entries' digests (RFC 6962)
    Column("frontier", Text),  # JSON [[level, index, hash], ...]: the perfect subtrees' roots, for O(log n) appends
)

# Every complete perfect subtree's root (leaves at level 0, index seq - 1): an audit path reads O(log n) of them.
register_nodes = Table(
    "register_nodes",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
)
