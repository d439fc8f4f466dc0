"""organisation subkind, names in other languages, contacts, archiving, last update

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("subkind", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("names", sa.JSON(), server_default="{}", nullable=False))
        batch.add_column(sa.Column("contacts", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("archived_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("archive_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("updated_by", sa.String(length=200), nullable=True))
    op.create_index("ix_organisations_archived_at", "organisations", ["archived_at"])


def downgrade() -> None:
    op.drop_index("ix_organisations_archived_at", table_name="organisations")
    with op.batch_alter_table("organisations") as batch:
        for column in ("updated_by", "updated_at", "archive_reason", "archived_by", "archived_at", "contacts", "names", "subkind"):
            batch.drop_column(column)
