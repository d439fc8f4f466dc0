"""unsubscribe_links: opaque unsubscribe tokens, so that no address appears in a link

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unsubscribe_links",
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name="pk_unsubscribe_links"),
        sa.UniqueConstraint("recipient", "category", "language", name="uq_unsubscribe_links_recipient_category_language"),
    )


def downgrade() -> None:
    op.drop_table("unsubscribe_links")
