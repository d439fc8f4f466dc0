"""Membership's tables (its own database; no other service reads it)."""

from servicekit.db import UtcDateTime, inbox_table, new_metadata, outbox_table
from sqlalchemy import JSON, Column, Date, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, UniqueConstraint, text

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
    Column("subkind", String(30)),
    Column("names", JSON, nullable=False, server_default="{}"),
    Column("contacts", JSON, nullable=False, server_default="[]"),  # personal data: never in a public answer
    Column("archived_at", UtcDateTime, index=True),
    Column("archived_by", String(200)),
    Column("archive_reason", Text),
    Column("updated_at", UtcDateTime),
    Column("updated_by", String(200)),
)

# File bytes by content address: the same file published twice is stored once.
document_files = Table(
    "document_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("content", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("stored_at", UtcDateTime, nullable=False),
)

pact_documents = Table(
    "pact_documents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("version", String(32), nullable=False),
    Column("language", String(2), nullable=False),
    Column("title", String(300), nullable=False),
    Column("published_on", Date, nullable=False),
    Column("sha256", String(64), ForeignKey("document_files.sha256"), nullable=False, index=True),
    Column("media_type", String(200), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("size", Integer, nullable=False),
    Column("published_by", String(200), nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
    UniqueConstraint("kind", "version", "language", name="uq_pact_documents_kind_version_language"),
)

ACTIVE_SIGNATURE = text("status IN ('recorded', 'verified')")

signatures = Table(
    "signatures",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), ForeignKey("organisations.id"), nullable=False, index=True),
    Column("document_id", String(36), ForeignKey("pact_documents.id"), nullable=False, index=True),
    Column("document_kind", String(20), nullable=False),
    Column("signatory_name", String(300), nullable=False),
    Column("signatory_function", String(300), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("signed_place", String(300), nullable=False),
    Column("evidence_sha256", String(64)),
    Column("status", String(20), nullable=False, index=True),
    Column("recorded_by", String(200), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", UtcDateTime),
    Column("rejection_reason", Text),
    Column("withdrawn_on", Date),
    Column("withdrawn_by", String(200)),
    Column("withdrawn_at", UtcDateTime),
    Column("withdrawal_reason", Text),
    Column("version", Integer, nullable=False),
    # At most one active signature per organisation, enforced by the database so that two
    # concurrent recordings cannot both pass a check-then-insert.
    Index("uq_signatures_active_organisation", "organisation_id", unique=True, postgresql_where=ACTIVE_SIGNATURE, sqlite_where=ACTIVE_SIGNATURE),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

# Groups', the register's and erasure requests' tables live in their own modules but belong to this metadata (migrations see them).
from membership.adapters import groups as _group_tables  # noqa: E402,F401
from membership.adapters import register as _register_tables  # noqa: E402,F401
from membership.adapters import privacy as _privacy_tables  # noqa: E402,F401
