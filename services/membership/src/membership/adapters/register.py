"""The register's tables: the entries, the disclosures of their personal values, the Merkle tree's
stored nodes, and a one-row head whose lock serialises appends."""

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
    # Null only for an entry written before commitments (revision 0007) whose signatory was erased:
    # its digest stays, so the chain and the tree still verify (a withheld body is taken on its digest).
    Column("body", Text),
    Column("digest", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("body_erased_at", UtcDateTime),
)

# The salts and values that open the commitments in the bodies; an erasure deletes the person's rows.
register_disclosures = Table(
    "register_disclosures",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("field", String(50), primary_key=True),
    Column("value", Text, nullable=False),
    Column("salt", String(64), nullable=False),
    # contracts.privacy.person_hash of the signatory's name (of "" in entries that carry none, e.g. a withdrawal's reason)
    Column("person_hash", String(64), nullable=False, index=True),
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
