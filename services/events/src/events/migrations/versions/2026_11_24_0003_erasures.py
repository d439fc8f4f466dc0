"""erasures: the person erasure requests carried out (hashes and counts only)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
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
