"""pact documents, their files by content address, and signatures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Written out, not imported from the ORM: a migration must not change when the code does.
ACTIVE_SIGNATURE = sa.text("status IN ('recorded', 'verified')")


def upgrade() -> None:
    op.create_table(
        "document_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_document_files"),
    )
    op.create_table(
        "pact_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pact_documents"),
        sa.ForeignKeyConstraint(["sha256"], ["document_files.sha256"], name="fk_pact_documents_sha256_document_files"),
        sa.UniqueConstraint("kind", "version", "language", name="uq_pact_documents_kind_version_language"),
    )
    op.create_index("ix_pact_documents_sha256", "pact_documents", ["sha256"])
    op.create_table(
        "signatures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("document_kind", sa.String(length=20), nullable=False),
        sa.Column("signatory_name", sa.String(length=300), nullable=False),
        sa.Column("signatory_function", sa.String(length=300), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_place", sa.String(length=300), nullable=False),
        sa.Column("evidence_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_signatures"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], name="fk_signatures_organisation_id_organisations"),
        sa.ForeignKeyConstraint(["document_id"], ["pact_documents.id"], name="fk_signatures_document_id_pact_documents"),
    )
    op.create_index("ix_signatures_organisation_id", "signatures", ["organisation_id"])
    op.create_index("ix_signatures_document_id", "signatures", ["document_id"])
    op.create_index("ix_signatures_status", "signatures", ["status"])
    # One active signature per organisation, enforced by the database (concurrent recordings).
    op.create_index(
        "uq_signatures_active_organisation", "signatures", ["organisation_id"], unique=True,
        postgresql_where=ACTIVE_SIGNATURE, sqlite_where=ACTIVE_SIGNATURE,
    )


def downgrade() -> None:
    op.drop_table("signatures")
    op.drop_table("pact_documents")
    op.drop_table("document_files")
