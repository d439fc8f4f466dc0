"""jurors: removal and erasure; ballot versions keep their comment's digest; erasures

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jurors") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("removed_by", sa.String(200), nullable=True))
        batch.add_column(sa.Column("removal_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("ballot_versions") as batch:
        # NULL for versions cast before: their digest is that of the stored comment, unchanged so far.
        batch.add_column(sa.Column("comment_sha256", sa.String(64), nullable=True))
    op.create_table(
        "erasures",
        sa.Column("request_id", sa.String(100), nullable=False),
        sa.Column("email_hash", sa.String(64), nullable=False),
        sa.Column("name_hashes", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("request_id", name="pk_erasures"),
    )


def downgrade() -> None:
    op.drop_table("erasures")
    with op.batch_alter_table("ballot_versions") as batch:
        batch.drop_column("comment_sha256")
    with op.batch_alter_table("jurors") as batch:
        for column in ("erased_at", "removal_reason", "removed_by", "removed_at"):
            batch.drop_column(column)
