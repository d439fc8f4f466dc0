"""erasures: the audit trail of personal-data erasures (hashes only)

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
    op.create_table(
        "erasures",
        sa.Column("request_id", sa.String(100), nullable=False),
        sa.Column("email_hash", sa.String(64), nullable=False),
        sa.Column("name_hashes", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("request_id", name="pk_erasures"),
    )
    op.create_index("ix_erasures_email_hash", "erasures", ["email_hash"])
    op.create_index("ix_erasures_requested_at", "erasures", ["requested_at"])


def downgrade() -> None:
    op.drop_table("erasures")
